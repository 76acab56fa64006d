"""Entities: mentions of one referent merge (surnames, honorifics, repeats); ids follow first mention."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import entities_only
from spacy.tokens import Doc

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]
LEXICON = load_lexicon()


def _ner(pipeline: Pipeline, text: str) -> set[tuple[str, str]]:
    with pipeline.nlp.select_pipes(enable=entities_only(pipeline.nlp)):
        return {(ent.text, ent.label_) for ent in pipeline.nlp(text).ents}


def _named(entities: list[Entity], name: str) -> Entity:
    matches = [e for e in entities if e.name == name]
    assert len(matches) == 1, [(e.name, e.type) for e in entities]
    return matches[0]


def test_entities_surname_merges_into_full_name(run: Run) -> None:
    text = "Jonas Hollis arrived on Monday. Hollis said the talks went well."
    hollis = _named(run(text), "Jonas Hollis")
    assert hollis.aliases == ("Hollis",)
    assert [text[m.start : m.end] for m in hollis.mentions] == ["Jonas Hollis", "Hollis"]


def test_entities_full_name_gets_its_surname_as_alias(run: Run) -> None:
    assert _named(run("Jonas Hollis arrived on Monday."), "Jonas Hollis").aliases == ("Hollis",)


def test_entities_ambiguous_surname_is_not_merged(run: Run) -> None:
    entities = run("Jonas Hollis met Marta Hollis in Dorvik. Later Hollis said the talks went well.")
    assert len(_named(entities, "Jonas Hollis").mentions) == 1
    assert len(_named(entities, "Marta Hollis").mentions) == 1


@pytest.mark.parametrize("honorific", sorted(LEXICON.honorifics))
def test_entities_honorific_lexicon(run: Run, honorific: str) -> None:
    title = honorific.capitalize()
    text = f"Lena Varga opened the fair. {title} Varga said visitors were welcome."
    varga = _named(run(text), "Lena Varga")
    assert [text[m.start : m.end] for m in varga.mentions] == ["Lena Varga", "Varga"]


def test_entities_repeated_organisation_merges(run: Run) -> None:
    text = "The Harbour Workers Union called a strike. Talks with the Harbour Workers Union failed."
    union = _named(run(text), "Harbour Workers Union")
    assert union.type == "ORG"
    assert [text[m.start : m.end] for m in union.mentions] == ["Harbour Workers Union", "Harbour Workers Union"]


def test_entities_ids_follow_first_mention_and_spans_match_text(run: Run) -> None:
    text = "Jonas Hollis flew from Lisbon to Oslo. Oslo was cold, Hollis said."
    entities = run(text)
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in entities]
    assert firsts == sorted(firsts)
    for e in entities:
        assert all(text[m.start : m.end] in (e.name, *e.aliases) for m in e.mentions)


def test_entities_ner_mislabelled_full_name_is_repaired(run: Run) -> None:
    entities = run("General Olek Brand inspected the troops. Later Olek Brand, the regional governor, left.")
    brand = _named(entities, "Olek Brand")
    assert brand.type == "PERSON"
    assert len(brand.mentions) == 2


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("CARDINAL", "Some 300 people signed the letter."),
        ("DATE", "The letter was signed on 4 May 2021."),
        ("TIME", "The letter was signed at 9 am."),
        ("MONEY", "The letter cost $5 to print."),
        ("QUANTITY", "The letter weighed 3 kg."),
        ("PERCENT", "Support for the plan rose by 10% overnight."),
        ("ORDINAL", "It was the first letter of its kind."),
        ("LANGUAGE", "The letter was written in Latin."),
    ],
)
def test_entities_drop_label_lexicon(pipeline: Pipeline, run: Run, label: str, text: str) -> None:
    assert label in LEXICON.drop_labels
    assert label in {lb for _, lb in _ner(pipeline, text)}  # the sentence really has one
    assert run(text) == []


def test_entities_nationality_adjective_is_dropped_group_noun_kept(run: Run) -> None:
    entities = run("Varnian officials said the Estonians had left.")
    assert [(e.name, e.type) for e in entities] == [("Estonians", "NORP")]


@pytest.mark.parametrize("head", sorted(LEXICON.region_heads))
def test_entities_region_head_lexicon(run: Run, head: str) -> None:
    entities = run(f"Fighting continued in the Dorvik {head} on Monday.")
    assert [(e.name, e.type) for e in entities if e.type != "DATE"] == [(f"Dorvik {head}", "LOC")]


def test_entities_region_fix_overrides_ner_label(pipeline: Pipeline, run: Run) -> None:
    text = "Troops entered the Kherson region in August."
    assert ("Kherson", "PERSON") in _ner(pipeline, text)  # the model's mislabel this rule repairs
    assert [(e.name, e.type) for e in run(text)] == [("Kherson region", "LOC")]


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Trust said its board declared an initial quarterly dividend of 33 cts per share, payable March 31.",
        "Acme Corp said it earned 1.20 dlrs a share. Shr 18 cts vs 22 cts.",
    ],
)
def test_entities_a_wire_unit_the_model_tags_as_a_name_is_no_entity(pipeline: Pipeline, run: Run, text: str) -> None:
    # the small model tags "cts" as ORG; as an entity it tied every earnings story to every other
    assert ("cts", "ORG") in _ner(pipeline, text)
    names = {e.name for e in run(text)}
    assert "cts" not in names
    assert names & {"Harbor Trust", "Acme Corp"}


def _with_orgs(
    pipeline: Pipeline, parse: Callable[[str], Doc], text: str, names: list[str], label: str = "ORG"
) -> list[Entity]:
    """The entities of ``text`` when NER tags exactly ``names`` as ``label`` (the small model's split, made certain)."""
    doc = parse(text)
    spans = []
    for name in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return list(pipeline.nlp.get_pipe("claimgraph_entities_v1")(doc)._.cg_entities)


def test_entities_a_split_off_legal_form_ends_the_company_before_it(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "The shares were placed through Harlan Voss and Co Inc <HVC> on Monday."
    entities = _with_orgs(pipeline, parse, text, ["Harlan Voss", "Co Inc"])
    assert [(e.name, e.type) for e in entities] == [("Harlan Voss and Co Inc", "ORG")]


def test_entities_a_lone_legal_form_is_no_entity(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "The shares were placed on Monday, Co Inc said."
    assert _with_orgs(pipeline, parse, text, ["Co Inc"]) == []


def test_entities_a_ticker_bracket_is_not_part_of_the_name(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "The shares were placed through <Brisca Holdings Corp> on Monday."
    entities = _with_orgs(pipeline, parse, text, ["Brisca Holdings Corp>"])
    assert [e.name for e in entities] == ["Brisca Holdings Corp"]


def test_entities_a_legal_form_on_the_next_line_ends_the_company(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "Brisca Marine Holdings\nInc said it sold two tankers to Harlan Voss."
    entities = _with_orgs(pipeline, parse, text, ["Brisca Marine Holdings"])
    assert [e.name for e in entities] == ["Brisca Marine Holdings Inc"]
    (mention,) = entities[0].mentions
    assert text[mention.start : mention.end] == "Brisca Marine Holdings\nInc"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # after a headline in capitals the small model tags nothing in the first sentence
        ("KESSEL DRILLING SEES MORE RIGS\n\nKessel Offshore Drilling Corp said it would add 12 rigs.", None),
    ],
)
def test_entities_proper_nouns_ending_in_a_legal_form_are_a_company(
    run: Run, text: str, names: list[str] | None
) -> None:
    want = names or ["Kessel Offshore Drilling Corp"]
    got = [(e.name, e.type) for e in run(text) if e.name in want]
    assert got == [(name, "ORG") for name in want]


def test_entities_a_company_run_does_not_cut_a_longer_name(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "The Bank of Velden Ltd said profits rose."
    entities = _with_orgs(pipeline, parse, text, ["Bank of Velden Ltd"])
    assert [e.name for e in entities] == ["Bank of Velden Ltd"]


def test_entities_a_person_inside_a_company_name_is_the_company(pipeline: Pipeline, parse) -> None:  # type: ignore[no-untyped-def]
    text = "Shares of Harlan Voss Group Ltd fell 5 pct on Monday."
    entities = _with_orgs(pipeline, parse, text, ["Harlan Voss"], label="PERSON")
    assert [(e.name, e.type) for e in entities] == [("Harlan Voss Group Ltd", "ORG")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Velden Telephone and Telegraph Co won a 57 mln dlr contract.", "Velden Telephone and Telegraph Co"),
        ("KESSEL-Marine Inc said it could report a loss.", "KESSEL-Marine Inc"),
    ],
)
def test_entities_a_company_name_may_hold_one_and_or_a_hyphen(pipeline: Pipeline, parse, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    half = name.split(" and ")[-1] if " and " in name else name.split("-")[-1]
    entities = _with_orgs(pipeline, parse, text, [half])
    assert [(e.name, e.type) for e in entities] == [(name, "ORG")]


def test_entities_two_companies_joined_by_and_stay_two(run: Run) -> None:
    text = "Kessel Offshore Drilling Corp and Brisca Marine Holdings Inc said they would add 12 rigs."
    names = [e.name for e in run(text) if e.type == "ORG"]
    assert names == ["Kessel Offshore Drilling Corp", "Brisca Marine Holdings Inc"]

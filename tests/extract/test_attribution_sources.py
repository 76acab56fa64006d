"""Sources: author / named / unnamed, pronoun resolution and source types from data/source_types.json."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from claimgraph.model import Article, Claim

TYPES: dict[str, Any] = json.loads(
    resources.files("claimgraph.extract").joinpath("data", "source_types.json").read_text(encoding="utf-8")
)


def claims_of(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return list(pipeline.analyze(Article(text=text)).claims)


def test_source_kinds(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The lighthouse was built in 1870. Local historians say that its lamp came from Glasgow. "
        "The keeper allegedly sold the old lens."
    )
    author, named, unnamed = claims_of(pipeline, text)
    assert (author.source.kind, author.source.text, author.cue) == ("author", None, None)
    assert (named.source.kind, named.source.text) == ("named", "Local historians")
    assert (unnamed.source.kind, unnamed.source.text, unnamed.source.span) == ("unnamed", None, None)
    assert author.source.display == "AUTHOR" and unnamed.source.display == "UNNAMED"


def test_source_span_text_matches_the_document(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Two former employees of the Ferro shipyard told the court that the hull was cracked."
    [claim] = claims_of(pipeline, text)
    assert claim.source.span is not None and claim.cue is not None
    assert text[claim.source.span.start : claim.source.span.end] == claim.source.text
    assert text[claim.cue.span.start : claim.cue.span.end] == claim.cue.text
    assert claim.source.text == "Two former employees of the Ferro shipyard"


def test_they_resolves_to_the_previous_source(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Regional newspapers report that the mine will close. They add that 200 jobs are at risk."
    first, second = claims_of(pipeline, text)
    assert second.source.text == "They"
    assert second.source.resolved_text == first.source.text == "Regional newspapers"
    assert second.source.resolved_span == first.source.span
    assert second.source.display == "Regional newspapers"
    assert second.source.type == "media"


def test_he_resolves_to_a_person_not_to_an_organisation(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "John Miller joined the Halden Bank in May. He said the bank was sound."
    claim = next(c for c in claims_of(pipeline, text) if c.source.kind == "named")
    assert claim.source.text == "He"
    assert claim.source.resolved_text == "John Miller"
    assert claim.source.type == "person"


def test_unresolvable_pronoun_keeps_the_pronoun(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "She said the road was closed.")
    assert (claim.source.kind, claim.source.text, claim.source.resolved_text) == ("named", "She", None)


@pytest.mark.parametrize(
    ("key", "entry"),
    sorted({**TYPES["phrases"], **TYPES["nouns"]}.items()),
)
def test_source_types(pipeline, key: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, f"{entry['example']} said that the road was closed.")
    assert claim.source.text == entry["example"]
    assert claim.source.type == entry["type"]


def test_source_type_from_entity_label_when_no_noun_says(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "Mayor John Miller said that the road was closed.")
    assert claim.source.type == "person"


def test_it_said_is_a_pronoun_source_but_it_is_doubtful_has_none(pipeline) -> None:  # type: ignore[no-untyped-def]
    first, second = claims_of(pipeline, "Halden Bank said its profit rose. It said it sold a million shares.")
    assert second.source.text == "It" and second.source.resolved_text == first.source.text == "Halden Bank"
    [claim] = claims_of(pipeline, "It is doubtful that the bridge will hold.")
    assert claim.source.kind == "author"


def test_source_with_appositive_relative_loses_the_closing_comma(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "The company, which owns the old mill, said it will change its name.")
    assert claim.source.text == "The company, which owns the old mill"
    assert claim.source.type == "company"


@pytest.mark.parametrize(
    "text",
    [
        "Brisca Marine Holdings\nInc said it sold two tankers to a Greek owner for 40 mln dlrs.",
        "Kessel Offshore Drilling\nCorp said its rig count rose to 14 in March.",
    ],
)
def test_a_company_name_wrapped_before_its_legal_form_is_the_whole_source(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text=text))
    (claim,) = analysis.claims
    company = text.split("\n")[0]
    assert claim.source.text == text[: text.index(" said")]
    assert claim.source.entity is not None
    assert analysis.entity(claim.source.entity).name.startswith(company)


@pytest.mark.parametrize(
    ("text", "description", "antecedent"),
    [
        (
            "Kessel Offshore Drilling Corp said sales rose 5 pct in March. The company said it would add two rigs.",
            "The company",
            "Kessel Offshore Drilling Corp",
        ),
        # the earlier source, not the company it said it would buy
        (
            "Acme Holdings Inc said it would buy Brisca Marine Ltd for 40 mln dlrs. The company said the deal would "
            "close in June.",
            "The company",
            "Acme Holdings Inc",
        ),
        # two organisations have each been a source once: the story's first one
        (
            "Kessel Power Corp said it would not raise rates. Later, Brisca Power Co said costs rose. "
            '"We will not raise rates," the company said.',
            "the company",
            "Kessel Power Corp",
        ),
        # "the bank" is the organisation whose name holds the word
        (
            "Kessel Offshore Drilling Corp borrowed from Halvern Bank in May. The bank said the loan was repaid.",
            "The bank",
            "Halvern Bank",
        ),
    ],
)
def test_a_definite_description_source_names_the_organisation_before_it(  # type: ignore[no-untyped-def]
    pipeline, text: str, description: str, antecedent: str
) -> None:
    analysis = pipeline.analyze(Article(text=text))
    (claim,) = [c for c in analysis.claims if c.source.text == description]
    assert claim.source.resolved_text == antecedent
    assert claim.source.entity is not None
    assert analysis.entity(claim.source.entity).name == antecedent


def test_a_definite_description_with_no_fitting_organisation_stays_unresolved(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Kessel Offshore Drilling Corp said sales rose 5 pct in March. The ministry said the rigs were safe."
    (claim,) = [c for c in pipeline.analyze(Article(text=text)).claims if c.source.text == "The ministry"]
    assert claim.source.resolved_text is None

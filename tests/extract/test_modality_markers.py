"""Modality: every marker in data/modality.json, cue effects and their combinations."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from claimgraph.extract.modality import Effect, combine
from claimgraph.model import Article, Claim

LEXICON: dict[str, Any] = json.loads(
    resources.files("claimgraph.extract").joinpath("data", "modality.json").read_text(encoding="utf-8")
)
MARKER_ENTRIES = [
    (section, word, entry)
    for section in ("modals", "adverbs", "hedge_verbs", "negation", "predicates")
    for word, entry in sorted(LEXICON[section].items())
]


def claims_of(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return list(pipeline.analyze(Article(text=text)).claims)


@pytest.mark.parametrize(("section", "word", "entry"), MARKER_ENTRIES, ids=[f"{s}:{w}" for s, w, _ in MARKER_ENTRIES])
def test_each_marker_sets_modality_and_is_recorded(  # type: ignore[no-untyped-def]
    pipeline, section: str, word: str, entry: dict[str, Any]
) -> None:
    claims = claims_of(pipeline, entry["example"])
    assert claims, f"no claim in {entry['example']!r}"
    claim = claims[0]
    assert claim.modality == entry["modality"]
    assert claim.certainty == pytest.approx(entry["certainty"])
    marker_words = [m.text.lower() for m in claim.markers]
    assert word in marker_words or (section == "hedge_verbs" and any(m.startswith(word[:3]) for m in marker_words))
    text = entry["example"]
    assert all(text[m.span.start : m.span.end] == m.text for m in claim.markers)


def test_plain_statement_is_asserted_without_markers(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "The library opened a new reading room.")
    assert (claim.modality, claim.certainty, claim.markers) == ("asserted", LEXICON["default"]["certainty"], ())


@pytest.mark.parametrize(
    ("text", "modality", "marker"),
    [
        ("Local reports suggest that the factory will close.", "speculative", "suggest"),
        ("Engineers have doubts about the safety of the old tunnel.", "doubted", "have doubts about"),
        ("The governor denied that funds had been misused.", "negated", "denied"),
        ("The painting is believed to be a forgery.", "hedged", "is believed to"),
        ("Satellite images show that the camp has grown.", "asserted", None),
        ("According to the Talvik Post, the ferry left port.", "asserted", None),
    ],
)
def test_cue_effects(pipeline, text: str, modality: str, marker: str | None) -> None:  # type: ignore[no-untyped-def]
    claim = next(c for c in claims_of(pipeline, text) if c.source.kind != "author")
    assert claim.modality == modality
    if marker is not None:
        assert marker in [m.text for m in claim.markers]


def test_content_modal_wins_when_less_certain_than_the_cue(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "The ministry said that the border might reopen.")
    assert (claim.modality, claim.certainty) == ("speculative", LEXICON["modals"]["might"]["certainty"])


def test_doubt_cue_wins_over_content_modal(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "Experts doubt that the vaccine will be ready.")
    assert claim.modality == "doubted"


def test_negation_with_a_modal_stays_speculative_with_low_certainty(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, "The storm may not reach the coast.")
    may = LEXICON["modals"]["may"]["certainty"]
    assert claim.modality == "speculative"
    assert claim.certainty == pytest.approx(may * LEXICON["negated_weaker_factor"])
    assert [m.text for m in claim.markers] == ["may", "not"]


def test_ability_can_is_asserted_but_reportedly_hedges_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    [plain] = claims_of(pipeline, "The crane can lift forty tonnes.")
    assert plain.modality == "asserted"
    [hedged] = claims_of(pipeline, "The crane can reportedly lift forty tonnes.")
    assert hedged.modality == "hedged"


def test_relative_clause_modal_does_not_leak_into_its_parent(pipeline) -> None:  # type: ignore[no-untyped-def]
    parent, child = claims_of(pipeline, "The town bought 12 buses, which might replace the old trams.")
    assert (parent.modality, child.modality) == ("asserted", "speculative")
    assert parent.markers == () and [m.text for m in child.markers] == ["might"]


def test_combine_rules_directly() -> None:
    asserted = Effect("asserted", 0.9)
    maybe = Effect("speculative", 0.4)
    negation = Effect("negated", 0.9)
    doubt = Effect("doubted", 0.3)
    assert combine([], None) == Effect("asserted", LEXICON["default"]["certainty"])
    assert combine([maybe], asserted) == maybe
    assert combine([negation], asserted) == negation
    assert combine([maybe, negation], None).modality == "speculative"
    assert combine([maybe], doubt) == doubt


@pytest.mark.parametrize(("effect", "entry"), sorted(LEXICON["negated_cues"].items()))
def test_negated_cue_turns_its_effect(pipeline, effect: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    [claim] = [c for c in claims_of(pipeline, entry["example"]) if c.source.kind == "named"]
    assert (claim.modality, claim.certainty) == (entry["modality"], entry["certainty"])


def test_expletive_frame_leaves_the_clause_as_the_claim(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, LEXICON["predicates"]["possible"]["example"])
    assert claim.text == "the letter was forged"
    assert claim.source.kind == "author" and claim.modality == "speculative"
    assert [m.text for m in claim.markers] == ["possible"]

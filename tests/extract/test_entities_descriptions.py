"""Entities: a definite description of a destination country ("the host country") refers back."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]
LEXICON = load_lexicon()


def _aliases(entities: list[Entity]) -> dict[str, tuple[str, ...]]:
    return {e.name: e.aliases for e in entities}


def test_entities_description_refers_to_last_destination(run: Run) -> None:
    found = _aliases(run("The minister flew to Peru on Monday. Officials in the host country welcomed her."))
    assert found == {"Peru": ("the host country",)}


def test_entities_description_skips_a_capital_standing_for_its_state(run: Run) -> None:
    text = "The envoy travelled to Chile. Lima promised support to Quito. The envoy stayed in the allied country."
    found = _aliases(run(text))
    assert "the allied country" in found["Chile"]
    assert "the allied country" not in found.get("Ecuador", ())


def test_entities_description_without_an_earlier_destination_is_ignored(run: Run) -> None:
    found = _aliases(run("Chile exports copper. Officials in the country were pleased."))
    assert found == {"Chile": ()}


def test_entities_possessive_description_is_not_a_destination(run: Run) -> None:
    found = _aliases(run("The minister flew to Peru. The country's economy grew."))
    assert found == {"Peru": ()}


@pytest.mark.parametrize("noun", sorted(LEXICON.description_nouns))
def test_entities_description_noun_lexicon(run: Run, noun: str) -> None:
    found = _aliases(run(f"The minister flew to Peru. Officials in the {noun} welcomed her."))
    assert found["Peru"] == (f"the {noun}",)


@pytest.mark.parametrize("prep", sorted(LEXICON.destination_preps))
def test_entities_destination_prep_lexicon(run: Run, prep: str) -> None:
    found = _aliases(run(f"The convoy drove {prep} Peru. Later it drove {prep} the country again."))
    assert found["Peru"] == ("the country",)


@pytest.mark.parametrize("verb", sorted(LEXICON.destination_verbs))
def test_entities_destination_verb_lexicon(run: Run, verb: str) -> None:
    found = _aliases(run(f"The envoys will {verb} Peru soon. They will {verb} the country again in May."))
    assert found["Peru"] == ("the country",)

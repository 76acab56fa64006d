"""Entities: each lexicon entry that decides whether a capital acts as its state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import entities_only
from spacy.tokens import Doc

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.extract.pipeline import Pipeline

LEXICON = load_lexicon()
Names = Callable[[str], set[str]]

# One invented sentence per supply/availability word: the capital is the object of "to"/"from" it governs.
SUPPLY_SENTENCES = {
    "send": "The rebels decided to send drones to Ankara.",
    "provide": "The rebels decided to provide drones to Ankara.",
    "supply": "The rebels decided to supply drones to Ankara.",
    "supplies": "The supplies to Ankara grew last year.",
    "deliver": "The rebels decided to deliver drones to Ankara.",
    "delivery": "The delivery to Ankara was late.",
    "deliveries": "The deliveries to Ankara were late.",
    "ship": "The rebels decided to ship drones to Ankara.",
    "shipment": "The shipment to Ankara was late.",
    "sell": "The rebels decided to sell drones to Ankara.",
    "sale": "The sale to Ankara was approved.",
    "sales": "The sales to Ankara were approved.",
    "export": "The rebels decided to export drones to Ankara.",
    "exports": "The exports to Ankara were approved.",
    "transfer": "The rebels decided to transfer drones to Ankara.",
    "give": "The rebels decided to give drones to Ankara.",
    "available": "Those drones are available to Ankara now.",
    "aid": "The aid from Ankara arrived on Monday.",
    "assistance": "The assistance from Ankara arrived on Monday.",
    "support": "The support from Ankara arrived on Monday.",
    "help": "The help from Ankara arrived on Monday.",
    "loyal": "The rebels stayed loyal to Ankara for years.",
    "ally": "The rebels were a close ally to Ankara for years.",
    "allied": "The rebels were allied to Ankara for years.",
}


@pytest.fixture(scope="module")
def names(pipeline: Pipeline) -> Names:
    def _names(text: str) -> set[str]:
        doc: Doc = pipeline.nlp.make_doc(text)
        doc._.cg_structure = []
        with pipeline.nlp.select_pipes(enable=entities_only(pipeline.nlp)):
            doc = pipeline.nlp(doc)
        return {e.name for e in doc._.cg_entities}

    return _names


@pytest.mark.parametrize("verb", sorted(LEXICON.state_verbs))
def test_entities_state_verb_lexicon(names: Names, verb: str) -> None:
    assert "Turkey" in names(f"Ankara will {verb} the proposal, officials said.")


@pytest.mark.parametrize("verb", sorted(LEXICON.state_object_verbs))
def test_entities_state_object_verb_lexicon(names: Names, verb: str) -> None:
    assert "Turkey" in names(f"The rebels will {verb} Ankara again.")


def test_entities_supply_sentences_cover_the_lexicon() -> None:
    assert set(SUPPLY_SENTENCES) == set(LEXICON.supply_words)


@pytest.mark.parametrize(("word", "sentence"), sorted(SUPPLY_SENTENCES.items()))
def test_entities_supply_word_lexicon(names: Names, word: str, sentence: str) -> None:
    assert word in sentence
    assert "Turkey" in names(sentence)


@pytest.mark.parametrize("noun", sorted(LEXICON.place_nouns))
def test_entities_place_noun_lexicon(names: Names, noun: str) -> None:
    found = names(f"Ankara's {noun} made the news on Monday.")
    assert "Ankara" in found
    assert "Turkey" not in found


def test_entities_visited_capital_is_a_place(names: Names) -> None:
    found = names("The delegation visited Ankara and stayed in a hotel.")
    assert found == {"Ankara"}

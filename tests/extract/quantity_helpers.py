"""Helpers shared by the quantity tests: run the quantities component and check every span's text."""

from __future__ import annotations

from spacy.language import Language

from claimgraph.model import Quantity


def figures(nlp: Language, text: str) -> list[Quantity]:
    found: list[Quantity] = nlp(text)._.cg_quantities
    for q in found:
        assert q.text == text[q.span.start : q.span.end]
    return found


def only(nlp: Language, text: str) -> Quantity:
    found = figures(nlp, text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]

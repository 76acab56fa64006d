"""Quantities component: figures with their unit or counted noun, bounds and direction.

``claimgraph_quantities_v1`` runs after spaCy's ``ner`` and ``claimgraph_times_v1`` and
sets ``doc._.cg_quantities`` (:class:`~claimgraph.model.Quantity`, ids ``q1``, ``q2`` ...
in text order).

How it reads a figure (one pass over digit anchors found by a precompiled regex,
merged with one pass over tokens for number words; no re-parsing):

1. the number: digits with separators and a scale ("9.4 million", "$5bn", "1.5m"), number
   words ("two dozen", "twenty-five"), fractions ("one-third", "a quarter", "half"), and
   ranges ("50-60", "5 to 7 million", "between 5 and 7");
2. guards drop what is not a figure: designations ("KN-23", "M1989"), dates, years and
   clock times, ordinals ("3rd"), labels ("Boeing 737", "flight 12"), phone numbers,
   anything overlapping a time expression of ``doc._.cg_times`` or inside a dateline;
3. the unit, from ``data/units.json`` (after the number, or a currency symbol before it),
   else the counted noun: the head noun's lemma with its noun compounds ("artillery
   shell"), the rest of its modifiers kept in ``concept``; a calibre inside a count
   ("9.4 million 152 mm artillery shells") becomes its own quantity of kind ``calibre``
   whose ``of`` is the count's id;
4. the approximation written before it (``data/approx.json``) and its class;
5. the direction when the figure is the amount of a change ("rose 5%", "cut by 2,000
   jobs", "a 4% rise", "an increase of 4%"); a level reached or left ("rose to 5%", "fell
   from 3%") has none, as ``Quantity.direction`` and the dev-set conventions define it;
6. a rate's denominator after the unit ("30 km a day" -> ``kilometre per day``), a minus
   sign or word ("minus 18 degrees"), and "points" beside a percentage read as percentage
   points.

A figure inside a DURATION time expression ("lasted 9 days") is kept when its unit is a
time unit; one inside a date, clock time or set is not a figure.

Number words are anaphoric after a definite determiner ("the two countries" refers back to
countries already named), so they are not new figures; "one" is a figure only right
before a noun or unit ("one soldier"), never as a pronoun ("one of the topics").

This module is the spaCy component; the reading is split by step, each a layer of one reader class:
:mod:`~claimgraph.extract.quantity_guards` (token offsets, blocked spans, what is not a figure),
:mod:`~claimgraph.extract.quantity_bounds` (approximation, ranges, direction),
:mod:`~claimgraph.extract.quantity_nouns` (unit, rate, counted noun, calibre) and
:mod:`~claimgraph.extract.quantity_reader` (the anchors and the number itself). Numbers and units are
read by :mod:`~claimgraph.extract.numbers` and :mod:`~claimgraph.extract.units`.
"""

from __future__ import annotations

import math

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extract.numbers import number_lexicon
from claimgraph.extract.quantity_bounds import approx_lexicon
from claimgraph.extract.quantity_reader import FigureReader
from claimgraph.extract.units import unit_lexicon
from claimgraph.model import Quantity, Span


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every figure of ``doc`` as a :class:`Quantity`, ids ``q1``... in text order."""
    text = doc.text
    # A figure too large for a float ("9" x 5000) reads as infinity, which JSON cannot carry: not a figure.
    cands = [
        c
        for c in FigureReader(doc, text).read()
        if all(math.isfinite(v) for v in (c.value, c.low, c.high) if v is not None)
    ]
    cands.sort(key=lambda c: (c.start, -c.end))
    ids = {id(c): f"q{n}" for n, c in enumerate(cands, 1)}
    out = []
    for c in cands:
        out.append(
            Quantity(
                id=ids[id(c)],
                span=Span(c.start, c.end),
                text=text[c.start : c.end],
                value=c.value,
                low=c.low,
                high=c.high,
                unit=c.unit,
                approx=c.approx,
                approx_class=c.approx_class,
                kind=c.kind,
                unit_text=c.unit_text,
                concept=c.concept,
                direction=c.direction,
                of=ids.get(id(c.parent)) if c.parent is not None else None,
            )
        )
    return out


class QuantitiesComponent:
    """The spaCy component: sets ``doc._.cg_quantities``."""

    def __init__(self) -> None:
        # Build the lexicons now so a broken data file fails at pipeline load, not mid-batch.
        unit_lexicon()
        number_lexicon()
        approx_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_quantities = extract_quantities(doc)
        return doc


@Language.factory("claimgraph_quantities_v1", assigns=["doc._.cg_quantities"], requires=["doc._.cg_times"])
def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
    """Factory for ``claimgraph_quantities_v1``."""
    return QuantitiesComponent()


__all__: list[str] = ["QuantitiesComponent", "approx_lexicon", "extract_quantities", "make_quantities"]

"""Figures over time: compare the quantity slot of a cluster's claims pairwise.

Each figure becomes an interval from its value and approximation: a range is [low, high]; "about"
widens a point by 10 %; "over/at least" is [v, inf); "up to/as many as/under" is [0, v]; an exact figure
is [v, v], or the values that round to it when it is written with decimals ("1.08 mln" is 1.075 to 1.085
million). Figures about different subjects (the claims' actors, else their articles' lead entities)
are not compared. A change ("cut by 200,000 bpd", "fell 4 %") is a different measure from a level ("produced
1.9 million bpd") and is never compared with one; a fall counts as negative. Nor are two figures whose
neighbouring words name different measures (a quota and an output, see :mod:`claimgraph.link.measured`),
nor one whose words name its measure with one whose words do not: "net income rose to 2.8 billion dlrs"
is no counterpart of "assets rose to 177.5 billion dlrs", whose measure the lexicon does not know.
Two figures of one measure (unit, and change or level) are then

* **consistent** when their intervals overlap;
* a **conflict** only when they are about the same time frame (as-of dates equal at the coarser
  precision), their intervals do not overlap, both are asserted, and they come from different articles
  and different ultimate sources (an article, like a source, does not dispute itself: its two figures
  are a restatement or two measures, such as a quarter's and a year's; nor do two copies of one
  republished story); where no measure word names either figure, their claims must also share enough
  words (:func:`share_words`), else the pair is two measures and is not reported;
* otherwise a **revised** estimate: a later as-of date, or a hedged/speculative figure that differs.

So two hedged estimates from different dates are never called a contradiction. The as-of date is the
first time expression inside the claim, else the article's publication date, to the day: an undated
figure is as of the day it was published, so a daily market forecast and the next day's, or a running
count and its later update, are revisions; a dispute needs figures for one day or one period.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from claimgraph.link.records import ClaimRef, FigurePair, PairClass
from claimgraph.model import Quantity

_SKIP_KINDS = {"calibre"}


class QuantityLike(Protocol):
    """The fields of a figure that comparison reads (a :class:`~claimgraph.model.Quantity` has them)."""

    @property
    def text(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def approx_class(self) -> str: ...
    @property
    def direction(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class FigureQuantity:
    """Just the compared fields of a quantity, so the linker need not keep whole ``Quantity`` objects."""

    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    approx_class: str = "="
    direction: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One claim's main figure with what decides whether two figures can disagree.

    ``origin`` is the key of the claim's ultimate source ("" if unknown); ``story`` the id of the document
    whose story the claim's article carries (the original of a republished copy; "" if unknown);
    ``subjects`` identifies what the claim is about (its resolved actors, else its article's lead entity;
    empty if unknown);
    ``measured`` is what the figure measures when a word next to it says so.
    """

    ref: ClaimRef
    quantity: QuantityLike
    as_of: str
    asserted: bool
    source: str
    origin: str = ""
    story: str = ""
    subjects: frozenset[int] = frozenset()
    measured: str | None = None  # "output", "quota", "price"... (see claimgraph.link.measured)
    #: the claim's content words outside the figure (see :func:`content_words`); empty if unknown
    words: frozenset[str] = frozenset()

    @property
    def interval(self) -> tuple[float, float]:
        """The values the figure allows; a fall is negative, so "rose 5 %" and "fell 5 %" do not overlap."""
        low, high = self._magnitude
        return (-high, -low) if self.quantity.direction == "down" else (low, high)

    @property
    def _magnitude(self) -> tuple[float, float]:
        q = self.quantity
        if q.low is not None and q.high is not None:
            low, high = q.low, q.high
            if q.approx_class == "<":
                low = 0.0
            return (low, high)
        v = q.value if q.value is not None else math.nan
        cls = q.approx_class
        if cls == "~":
            return (v * 0.9, v * 1.1) if v >= 0 else (v * 1.1, v * 0.9)
        if cls == ">":
            return (v, math.inf)
        if cls == "<":
            return (0.0, v)
        tol = max(abs(v) * 1e-6, _rounding(q.text, v))
        return (v - tol, v + tol)


_DECIMALS = re.compile(r"(\d[\d,]*)\.(\d+)")


def _rounding(text: str, value: float) -> float:
    """How far a figure written with decimals may lie from its value: just under half its last digit.

    "1.08 mln tonnes" stands for anything from 1.075 to 1.085 million, so it agrees with "1.075 mln tonnes"
    and not with "1.09 mln tonnes". Whole numbers get no such slack: "20,000" is not read as rounded.
    """
    m = _DECIMALS.search(text)
    if m is None:
        return 0.0
    written = float(f"{m[1].replace(',', '')}.{m[2]}")
    if written == 0:
        return 0.0
    scale = abs(value) / written
    return 0.5 * 10.0 ** -len(m[2]) * scale * (1 - 1e-9)


def main_quantity(quantities: Sequence[Quantity]) -> Quantity | None:
    """The figure a claim is about: the first one that is not a calibre."""
    return next((q for q in quantities if q.kind not in _SKIP_KINDS and q.unit), None)


def measure(q: QuantityLike) -> tuple[str, bool]:
    """What a figure measures: its unit, and whether it is a change ("cut by 200,000 bpd") or a level
    ("produced 1.9 million bpd"). Only figures of one measure are compared."""
    return ((q.unit or "").lower(), q.direction is not None)


def measure_slots(quantities: Sequence[Quantity]) -> frozenset[str]:
    """The measures of a claim's figures as clustering slots: "barrel per day", "barrel per day change"."""
    measures = (measure(q) for q in quantities if q.kind not in _SKIP_KINDS and q.unit)
    return frozenset(f"{unit} change" if change else unit for unit, change in measures)


_WORD = re.compile(r"[a-z]{4,}")
# Function words carry no proposition; dropping them leaves what a claim is about.
_STOP = frozenset(
    "that this with from have been were will would could they their there which about also into than more most "
    "such some other over under after before said says according".split()
)
#: two figures with no measure word are one measure only when their claims share this much of their words
WORD_OVERLAP = 0.3


def content_words(text: str, *, without: str = "") -> frozenset[str]:
    """The content words of a claim (four letters or more, no function words), less those of ``without``:
    the clustering slot of word overlap, and, without its figure, what a figure is a number of."""
    dropped = set(_WORD.findall(without.lower()))
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and w not in dropped)


def share_words(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two figures that no measure word names are about one thing: their claims' words overlap
    (Jaccard at least :data:`WORD_OVERLAP`), or one side's words are unknown. Asked only before calling
    two figures a conflict: paraphrases of one figure ("sent about 8,000 containers of ammunition",
    "delivered some 8,000 containers of munitions") share few words, and agreeing needs no such proof.

    "1,200 soldiers crossed the border on 1 April" and "4,500 soldiers crossed the border on 1 April" are;
    "he had found six people on top of the vessel who were dead" and "the ferry was sinking with 463 people
    on board" are not, though both count people on one ferry on one day.
    """
    if not a or not b:
        return True
    return len(a & b) >= WORD_OVERLAP * len(a | b)


def same_frame(a: str, b: str) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def classify(a: Figure, b: Figure) -> tuple[PairClass, str]:
    (a_lo, a_hi), (b_lo, b_hi) = a.interval, b.interval
    if a_lo <= b_hi and b_lo <= a_hi:
        return "consistent", "the figures overlap once approximations and ranges are taken into account"
    if not same_frame(a.as_of, b.as_of):
        return "revised", f"different as-of dates ({a.as_of} vs {b.as_of})"
    if a.ref.doc_id == b.ref.doc_id:
        return "revised", "both figures are in one article: another measure or period, not a dispute"
    if a.story and a.story == b.story:
        return "revised", "both figures are in copies of one story: another measure or period, not a dispute"
    if a.origin and a.origin == b.origin:
        return "revised", "both figures come from the same source: a restatement or another measure, not a dispute"
    if a.asserted and b.asserted:
        return "conflict", f"same time frame ({a.as_of or 'undated'}), incompatible figures, both asserted"
    return "revised", "the figures differ but at least one is hedged or speculative"


def compare(figures: Sequence[Figure], reasons: dict[str, str] | None = None) -> list[FigurePair]:
    """Every pair of ``figures`` of one measure (unit; change or level) classified.

    ``reasons`` (if given) shares equal reason strings.

    A million-claim collection yields millions of pairs whose reasons repeat ("different as-of dates
    (2024-01 vs 2024-02)"); one string per distinct reason keeps the result small.
    """
    ordered = sorted(figures, key=lambda f: (f.as_of, f.ref))
    pairs: list[FigurePair] = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if measure(a.quantity) != measure(b.quantity):
                continue
            if a.subjects and b.subjects and a.subjects.isdisjoint(b.subjects):
                continue  # "Velora produced 1.9 million bpd" and "Marovia produced 4.8 million bpd"
            if a.measured != b.measured:
                continue  # "below the 15.8 mln bpd quota" and "output was 14.7 mln bpd"
            label, reason = classify(a, b)
            if label == "conflict" and a.measured is None and not share_words(a.words, b.words):
                continue  # "found six people dead" and "sinking with 463 people on board": two measures
            if reasons is not None:
                reason = reasons.setdefault(reason, reason)
            pairs.append(
                FigurePair(
                    a=a.ref, b=b.ref, a_quantity=a.quantity.text, b_quantity=b.quantity.text, label=label, reason=reason
                )
            )
    return pairs

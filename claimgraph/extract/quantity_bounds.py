"""What bounds a figure: the approximation before it, the second number of a range, the direction of a change.

Driven by ``data/approx.json`` (approximations such as "about" or "more than", change verbs, adverbs and
nouns) and the range separators of :mod:`claimgraph.extract.numbers`. Separate from reading the number
and its unit because these rules look at the words *around* a figure ("rose 5%", "between 5 and 7",
"nearly 40") and share one question: is a "from ... to ..." a range or two levels of a change?
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from claimgraph.extract.numbers import (
    AND_SEP_RE,
    RANGE_SEP_RE,
    DigitNumber,
    WordNumber,
    digit_number_at,
    word_number_at,
)
from claimgraph.extract.quantity_guards import Candidate, FigureText
from claimgraph.extract.units import UnitMatch, read_lexicon

# "X to Y" after a change verb is a change and a level when Y is at least this many times X
_LEVEL_RATIO = 3.0


@dataclass(frozen=True, slots=True)
class ApproxLexicon:
    """Compiled view of ``approx.json``."""

    approx: dict[str, str]
    #: An approximation that ends a text window (the figure follows it); longest phrase first.
    before_re: re.Pattern[str]
    longest: int
    verbs: dict[str, str]
    adverbs: dict[str, str]
    nouns: dict[str, str]
    skip: frozenset[str]


@cache
def approx_lexicon() -> ApproxLexicon:
    """The compiled approximation/direction lexicon (built once per process)."""
    data = read_lexicon("approx.json")
    approx: dict[str, str] = {" ".join(k.lower().split()): v for k, v in data["approx"].items()}
    alternation = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(approx, key=len, reverse=True))
    return ApproxLexicon(
        approx=approx,
        before_re=re.compile(rf"(?<![\w.])(?P<a>{alternation})\Z", re.IGNORECASE),
        longest=max(len(k) for k in approx) + 8,
        verbs=dict(data["change_verbs"]),
        adverbs=dict(data["change_adverbs"]),
        nouns=dict(data["change_nouns"]),
        skip=frozenset(data["change_skip"]),
    )


class BoundsReader(FigureText):
    """Approximation, direction and ranges of the figures of one Doc."""

    def __init__(self, doc: Doc, text: str) -> None:
        super().__init__(doc, text)
        self.appr = approx_lexicon()

    # -- approximation and direction ----------------------------------------------------
    def bounds(self, cand: Candidate, num_start: int) -> None:
        """Approximation before the figure, "between"/"from" of a range, and direction."""
        i = self.tok_at(num_start) - 1
        doc = self.doc
        if cand.low is not None and i >= 0 and doc[i].lower_ in ("between", "from"):
            cand.start = doc[i].idx
            i -= 1
        if i >= 0:
            edge = doc[i].idx + len(doc[i].text)
            m = self.appr.before_re.search(self.text, max(0, edge - self.appr.longest), edge)
            if m is not None:
                cand.approx = m.group("a")
                cand.approx_class = self.appr.approx[" ".join(cand.approx.lower().split())]
                cand.start = m.start("a")
        cand.direction = self.change_before(cand.start, cand.end) or self.change_after(cand.end)

    def change_before(self, start: int, end: int | None = None) -> str | None:
        """The direction given by a verb, adverb or "noun of" before the figure at ``[start, end)``."""
        i = self.tok_at(start) - 1
        doc = self.doc
        if i >= 0 and doc[i].lower_ in self.appr.adverbs and doc[i].pos_ == "ADV":
            return None if self.particle_of_object(doc[i], end) else self.appr.adverbs[doc[i].lower_]
        after_by = False
        for _ in range(6):
            if i < 0:
                return None
            tok = doc[i]
            if after_by and tok.pos_ in ("NOUN", "PROPN", "PRON", "DET", "ADJ"):
                i -= 1  # "cut its staff by 2,000": the verb's object sits between verb and "by"
                continue
            if tok.lower_ in self.appr.skip or (tok.pos_ == "ADV" and tok.lower_ not in self.appr.adverbs):
                after_by = after_by or tok.lower_ == "by"
                i -= 1
                continue
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.appr.verbs:
                return self.appr.verbs[tok.lemma_.lower()]
            if after_by and tok.dep_ == "prt" and tok.lower_ in self.appr.adverbs:
                return self.appr.adverbs[tok.lower_]  # "went up by 12"
            if tok.lower_ == "of" and i > 0 and doc[i - 1].pos_ == "NOUN":
                return self.appr.nouns.get(doc[i - 1].lemma_.lower())
            return None
        return None

    def particle_of_object(self, tok: Token, end: int | None) -> bool:
        """Whether ``tok`` is the particle of a verb whose object is the figure ("shot down 70 drones")."""
        if tok.dep_ not in ("prt", "advmod") or end is None:
            return False
        head = self.doc[self.tok_at(end - 1)]
        return head.dep_ == "dobj" and head.head.i == tok.head.i

    def change_after(self, end: int) -> str | None:
        """The direction given by a change noun right after the figure ("a 4% rise")."""
        i = self.tok_at(end)
        doc = self.doc
        while i < len(doc) and doc[i].idx < end:
            i += 1
        if i < len(doc) and doc[i].pos_ == "NOUN" and doc[i].idx - end <= 1:
            return self.appr.nouns.get(doc[i].lemma_.lower())
        return None

    def from_after_change(self, start: int) -> bool:
        """Whether the figure at ``start`` follows "from" after a change verb ("rose from ...")."""
        prev = self.prev_tok(start)
        return prev is not None and prev.lower_ == "from" and self.change_before(prev.idx) is not None

    def change_then_level(self, start: int, sep: str, low: float, high: float) -> bool:
        """Whether "X to Y" after a change verb is a change and the level it led to, not a range.

        "Reserves rose 11.3 mln guilders to 56.0 billion guilders" is a rise of 11.3 million to a level of
        56 billion; "sales should grow 2 to 3 pct" is a range. The level is told apart by its size: at least
        three times the first figure ("fell 0.3 pct to 5.6 pct")."""
        if "to" not in sep or low <= 0 or high < _LEVEL_RATIO * low:
            return False
        return self.change_before(start) is not None

    # -- ranges -------------------------------------------------------------------------
    def range_tail(self, num: DigitNumber, currency: UnitMatch | None) -> tuple[DigitNumber, int] | None:
        """The second number of a range after ``num`` and the range's end."""
        text = self.text
        m = RANGE_SEP_RE.match(text, num.end)
        if m is None:
            prev = self.prev_tok(num.start if currency is None else currency.start)
            if prev is None or prev.lower_ != "between":
                return None
            m = AND_SEP_RE.match(text, num.end)
            if m is None:
                return None
        pos = m.end()
        if currency is not None:
            again = self.units.prefix_at_re.match(text, pos)
            if again is not None and again.group("p") == currency.surface:
                pos = again.end()
        if pos < len(text) and not text[pos].isdigit():
            return None
        second = digit_number_at(text, pos)
        if second is None or self.designation_or_date(second, second=True):
            return None
        if "to" in m.group() and self.from_after_change(num.start if currency is None else currency.start):
            return None  # "rose from 5 to 7": two levels, not a range
        if "to" in m.group() and second.value <= num.value and (num.scale is not None or second.scale is None):
            return None  # "lent £1.4bn to 9,000 firms": "to" leads to another figure, not to an upper bound
        start = num.start if currency is None else currency.start
        if num.scale is not None and self.change_then_level(start, m.group(), num.value, second.value):
            return None  # "rose 11.3 mln to 56.0 billion": a change and a level
        return second, second.end

    def unit_range_tail(self, num: DigitNumber, unit: UnitMatch) -> tuple[DigitNumber, UnitMatch] | None:
        """A range written with the unit on both bounds ("5% to 7%", "between 3 km and 4 km")."""
        text = self.text
        m = RANGE_SEP_RE.match(text, unit.end)
        if m is None:
            prev = self.prev_tok(num.start)
            if prev is None or prev.lower_ != "between":
                return None
            m = AND_SEP_RE.match(text, unit.end)
            if m is None:
                return None
        if m.end() >= len(text) or not text[m.end()].isdigit():
            return None
        second = digit_number_at(text, m.end())
        if second is None or second.value <= num.value or self.designation_or_date(second, second=True):
            return None
        again = self.unit_after(second.end, second.value)
        if again is None or again.info != unit.info or not again.surface.strip():
            return None
        if "to" in m.group() and self.from_after_change(num.start):
            return None  # "rose from 5% to 7%": two levels, not a range
        if self.change_then_level(num.start, m.group(), num.value, second.value):
            return None  # "rose 0.3 pct to 5.6 pct": a change and a level
        return second, again

    def word_range_tail(self, wn: WordNumber, prev: Token | None, end: int) -> tuple[float, int] | None:
        """The upper bound of a range written in words ("five to seven", "between two and three")."""
        m = RANGE_SEP_RE.match(self.text, end)
        if (m is None or "to" not in m.group()) and prev is not None and prev.lower_ == "between":
            m = AND_SEP_RE.match(self.text, end)
        if m is None:
            return None
        if m.end() < len(self.text) and self.text[m.end()].isdigit():
            digits = digit_number_at(self.text, m.end())  # "two to 14 days"
            return None if digits is None else (digits.value, digits.end)
        ti = self.tok_at(m.end())
        if ti >= len(self.doc) or self.starts[ti] != m.end():
            return None
        second = word_number_at(self.doc, ti)
        if second is None or second.fraction:
            return None
        last = self.doc[second.last]
        return second.value, last.idx + len(last.text)

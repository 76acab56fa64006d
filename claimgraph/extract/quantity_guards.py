"""What a figure is read against: the Doc's token offsets, the spans no figure may start in, and the guards.

:class:`FigureText` is the base of the quantities reader (:mod:`claimgraph.extract.quantity_reader`): it
holds the Doc, its token offsets as plain lists and the lexicons, and answers the questions every later
step asks: which token holds a character, what precedes it, whether a number sits inside a phone number,
a date, a clock time or a dateline, and whether the characters around it make it a designation ("KN-23"),
a date ("May 3") or a label ("flight 12") rather than a figure. Separate from the reading itself so that
the guards, which decide what is *not* a figure, can be read and changed in one place.

:class:`Candidate` is a figure being built, mutable until it becomes a frozen :class:`~claimgraph.model.Quantity`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Token

from claimgraph.extract.numbers import DigitNumber, number_lexicon
from claimgraph.extract.units import UnitMatch, unit_lexicon

# Phone numbers: three or more digit groups joined by spaces or hyphens, with an optional +code.
_PHONE_RE = re.compile(r"(?<![\w.,])(?:\+\d{1,3}[ -]?)?(?:\(\d{2,5}\)[ -]?|\d{2,5}[ -])\d{3,4}[ -]\d{3,4}(?![\d])")
# Structure lines that are datelines: a clock time or a numeric date.
_DATELINE_RE = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}")


@dataclass(slots=True)
class Candidate:
    """A quantity being built (mutable until it becomes a frozen :class:`Quantity`)."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str
    unit_text: str | None = None
    concept: str | None = None
    approx: str | None = None
    approx_class: str = "="
    direction: str | None = None
    #: The unit is a time unit ("9 days"): the figure survives a DURATION time expression over it.
    time_unit: bool = False
    parent: Candidate | None = None
    children: list[Candidate] = field(default_factory=list)


def year_like(num: DigitNumber) -> bool:
    """A bare four-digit number in the range of years ("2023"): a date unless a unit or plural noun follows."""
    return num.scale is None and len(num.raw) == 4 and num.raw.isdigit() and 1000 <= num.value < 2200


class FigureText:
    """The Doc being read, its token offsets, blocked spans and the guards on what is not a figure."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        # Token offsets as plain lists: indexing a Doc creates a Token object each time.
        offsets = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        self.starts: list[int] = [o[0] for o in offsets]
        self.ends: list[int] = [o[0] + o[1] for o in offsets]
        self.units = unit_lexicon()
        self.nums = number_lexicon()
        self.blocked: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PHONE_RE.finditer(self.text)]
        # A duration ("lasted 9 days") is also a figure in a time unit; dates, clock times and sets are not.
        self.durations: list[tuple[int, int]] = []
        for t in doc._.cg_times or []:
            (self.durations if t.type == "DURATION" else self.blocked).append((t.span.start, t.span.end))
        for start, end in doc._.cg_structure or []:
            if _DATELINE_RE.search(self.text, start, end) or self.nums.month_after_re.search(self.text, start, end):
                self.blocked.append((start, end))

    def tok_at(self, char: int) -> int:
        """Index of the token containing (or starting after) ``char``."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and char >= self.ends[i]:
            i += 1
        return max(i, 0)

    def prev_tok(self, char: int) -> Token | None:
        """The last non-space token that ends at or before ``char``."""
        i = self.tok_at(char) - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i] if i >= 0 and self.ends[i] <= char else None

    def unit_after(self, pos: int, value: float | None) -> UnitMatch | None:
        """The lexicon unit at ``pos`` after a figure of ``value``, without a verb that spells like a unit.

        "won" is the Korean currency only after a sum of at least a thousand ("5 billion won", "50,000 won")
        with no object after it ("12 seats won the vote" and "1,200 won the lottery" are the verb).
        """
        unit = self.units.unit_after(self.text, pos)
        if unit is None or unit.surface.lower() != "won":
            return unit
        if value is None or value < 1000:
            return None
        i = self.tok_at(unit.end)
        while i < len(self.doc) and self.doc[i].is_space:
            i += 1
        if i < len(self.doc) and (self.doc[i].pos_ in ("DET", "PRON", "NUM") or self.doc[i].like_num):
            return None
        return unit

    def is_blocked(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a phone number, a non-duration time expression or a dateline."""
        return any(s < end and start < e for s, e in self.blocked)

    def keeps(self, cand: Candidate, pos: int) -> bool:
        """Whether a figure whose number starts at ``pos`` survives the blocked spans and durations.

        Only the number's first character is checked: the unit or rate after it may overlap a
        time expression ("30 km a day") without the number being part of it.
        """
        if self.is_blocked(pos, pos + 1):
            return False
        in_duration = any(s <= pos < e for s, e in self.durations)
        return not in_duration or cand.time_unit

    def designation_or_date(self, num: DigitNumber, *, second: bool = False) -> bool:
        """Guards on the characters around a digit number (``second``: the upper bound of a range)."""
        text, s, e = self.text, num.start, num.core_end
        before = text[s - 1] if s > 0 else " "
        before2 = text[s - 2] if s > 1 else " "
        if before.isalpha() and self.units.prefix_before(text, s) is None:
            return True  # "M1989", "Su34"
        if before in "-/–" and before2.isalnum() and not second:
            return True  # "KN-23", "11/29"
        if before in ".:,#" and (before2.isdigit() or before == "#"):
            return True  # "3.8.0", "14:21", "#5"
        after = text[e : e + 2]
        if len(after) == 2 and after[0] in ":/." and after[1].isdigit():
            return True  # "14:21", "29/11", "3.8.0"
        if self.nums.month_before_re.search(text, max(0, s - 12), s) or self.nums.month_after_re.match(text, num.end):
            return True  # "May 3", "29 November"
        prev = self.prev_tok(s)
        if prev is not None and not second and self.units.prefix_before(text, s) is None:
            label = prev.lower_
            if label == "." and prev.i > 0:
                label = self.doc[prev.i - 1].lower_ + "."
            if label in self.nums.label_words:
                return True  # "flight 12", "No. 5"
            if prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.is_sent_start:
                return True  # "Boeing 737", "Apollo 11"
        return False

    def time_context(self, start: int, end: int) -> bool:
        """A duration that is a time expression ("the past 12 months", "3 days ago")."""
        prev = self.prev_tok(start)
        if prev is not None and prev.lower_ in self.nums.time_before and (prev.pos_ != "VERB" or prev.tag_ == "VBG"):
            return True  # not the verb of "will last six months"
        i = self.tok_at(end)
        return i < len(self.doc) and self.doc[i].idx >= end and self.doc[i].lower_ in self.nums.time_after

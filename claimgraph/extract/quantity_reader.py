"""Reading the figures of one Doc: one pass over digit anchors merged with one pass over number words.

:class:`FigureReader` is the top of the reader: it finds where a number can begin (a digit, or a number
word at a token start), reads the number (:mod:`claimgraph.extract.numbers`), drops what is not a figure
(:mod:`claimgraph.extract.quantity_guards`), attaches its unit or counted noun
(:mod:`claimgraph.extract.quantity_nouns`) and its approximation, range and direction
(:mod:`claimgraph.extract.quantity_bounds`). Kept apart from the spaCy component
(:mod:`claimgraph.extract.quantities`) so the component stays a thin ``Doc -> Doc`` wrapper.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from claimgraph.extract.numbers import digit_number_at, scaled, word_number_at
from claimgraph.extract.quantity_guards import Candidate, year_like
from claimgraph.extract.quantity_nouns import NounReader
from claimgraph.extract.units import UnitMatch

# A digit that starts a run of digits: where a written number can begin.
_ANCHOR_RE = re.compile(r"(?<!\d)\d")
# "of a", "a", "an" between a fraction and its unit ("half a point", "a third of a mile").
_OF_ARTICLE_RE = re.compile(r"[ \u00a0]+(?:of[ \u00a0]+)?an?(?=[ \u00a0])")


class FigureReader(NounReader):
    """Reads the figures of one Doc."""

    def read(self) -> list[Candidate]:
        """Every figure of the Doc in reading order, each count followed by the calibre inside it."""
        anchors: list[tuple[int, str, int]] = [(m.start(), "d", -1) for m in _ANCHOR_RE.finditer(self.text)]
        for m in self.nums.word_anchor_re.finditer(self.text):
            ti = self.tok_at(m.start())
            if ti < len(self.starts) and self.starts[ti] == m.start():
                anchors.append((m.start(), "w", ti))
        anchors.sort()
        out: list[Candidate] = []
        covered = -1
        for pos, how, ti in anchors:
            if pos < covered:
                continue
            cand = self.digit_figure(pos) if how == "d" else self.word_figure(ti)
            if cand is None or not self.keeps(cand, pos):
                continue
            out.append(cand)
            out.extend(cand.children)
            covered = cand.end
        self.percentage_points(out)
        self.elliptical_units(out)
        self.line_labels(out)
        self.inherited_rates(out)
        return out

    # -- digits -------------------------------------------------------------------------
    def digit_figure(self, pos: int) -> Candidate | None:
        """The figure whose number is written in digits from ``pos``; None when it is not a figure."""
        text = self.text
        num = digit_number_at(text, pos)
        if num is None or self.designation_or_date(num):
            return None
        currency = self.units.prefix_before(text, pos)
        low = high = None
        value: float | None = num.value
        end = num.end
        glued_m = num.glued_m
        rng = self.range_tail(num, currency)
        if rng is not None:
            second, end = rng
            low, high, value = num.value, second.value, None
            if num.scale is None and second.scale is not None:
                low = scaled(num.value, second.value / float(second.raw.replace(",", "")))
            glued_m = glued_m or second.glued_m
            if low >= high:
                return None  # a score or a code ("3-1", "555-0134"), not a range
        # Years ("in 2023", "2019-2021") are dates unless a unit or a plural noun follows ("2024 volunteers").
        yearlike = currency is None and year_like(num) and (rng is None or year_like(rng[0]))
        if num.raw[0] == "0" and len(num.raw) > 1 and num.raw[1] != ".":
            return None  # a code with a leading zero
        unit: UnitMatch | None = None
        if glued_m and currency is None and not self.plural_noun_after(end):
            # "a 5m wall": metre, not million.
            unit = self.units.unit_after(text, end - 1)
            scale = 1e6
            if low is not None and high is not None:
                low, high = low / scale, high / scale
            elif value is not None:
                value /= scale
        if unit is None and currency is None:
            unit = self.unit_after(end, high if high is not None else value)
        if unit is None and end < len(text) and text[end].isalpha():
            return None  # "3rd", "11A", "1990s": not a figure
        if self.nums.clock_after_re.match(text, end):
            return None
        if rng is None and text[num.core_end : num.core_end + 1] in ("-", "–") and unit is None:
            return None  # "2023-24" and other joined codes
        if rng is None and unit is not None:
            unit_range = self.unit_range_tail(num, unit)
            if unit_range is not None:
                second, unit = unit_range
                low, high, value, end = num.value, second.value, None, second.end
        start = currency.start if currency is not None else pos
        cand = Candidate(start, end, value, low, high, None, "count")
        if currency is not None:
            cand.unit, cand.kind, cand.unit_text = currency.info.unit, currency.info.kind, currency.surface
        elif unit is not None:
            info = self.resolve_ambiguous(unit, start)
            if info.time and self.time_context(start, unit.end):
                return None
            cand.unit, cand.kind, cand.unit_text, cand.end = info.unit, info.kind, unit.surface, unit.end
            cand.time_unit = info.time
            if info.calibre and self.noun_follows(unit.end):
                cand.kind = "calibre"
        else:
            self.counted_noun(cand, end)
            if yearlike and not (cand.unit and self.doc[self.tok_at(cand.end - 1)].tag_ == "NNS"):
                return None
        if yearlike and cand.unit is None:
            return None
        self.rate_tail(cand)
        self.negation(cand, pos if currency is None else currency.start)
        self.bounds(cand, cand.start)
        return cand

    def negation(self, cand: Candidate, num_start: int) -> None:
        """A minus sign or word before a point figure ("-5%", "minus 18 degrees") makes it negative."""
        if cand.value is None:
            return
        text = self.text
        before = text[num_start - 1] if num_start > 0 else ""
        if before in ("-", "\u2212") and (num_start < 2 or not text[num_start - 2].isalnum()):
            cand.value, cand.start = -cand.value, num_start - 1
            return
        prev = self.prev_tok(num_start)
        if prev is not None and prev.lower_ in self.nums.negation:
            cand.value, cand.start = -cand.value, prev.idx

    # -- number words -------------------------------------------------------------------
    def in_name(self, first: int, last: int, prev: Token | None) -> bool:
        """Whether a capitalised number word ends a name after "of" ("Group of Seven", "Gang of Four").

        Only mid-sentence, after "of" and a capitalised word that does not start the sentence either, and
        with no plural noun after it that the number could count.
        """
        doc = self.doc
        word = doc[first]
        if not word.text[:1].isupper() or word.is_upper or word.is_sent_start:
            return False
        if prev is None or prev.lower_ != "of" or prev.i == 0:
            return False
        name = doc[prev.i - 1]
        if not name.text[:1].isupper() or name.is_sent_start:
            return False
        nxt = doc[last + 1] if last + 1 < len(doc) else None
        return nxt is None or nxt.tag_ != "NNS"

    def word_figure(self, ti: int) -> Candidate | None:
        """The figure whose number is written in words from token ``ti``; None when it is not a figure."""
        doc = self.doc
        wn = word_number_at(doc, ti)
        if wn is None:
            return None
        first, last = doc[wn.first], doc[wn.last]
        prev = self.prev_tok(first.idx)
        start, end = first.idx, last.idx + len(last.text)
        if wn.fraction:
            cand = Candidate(start, end, wn.value, None, None, "fraction", "fraction")
            cand.unit_text = self.text[start:end]
            article = _OF_ARTICLE_RE.match(self.text, end)
            unit = self.units.unit_after(self.text, article.end()) if article is not None else None
            if unit is not None:
                # "half a percentage point", "a quarter of a mile": the fraction of a unit.
                cand.unit, cand.kind, cand.unit_text, cand.end = unit.info.unit, unit.info.kind, unit.surface, unit.end
                cand.time_unit = unit.info.time
            elif article is not None and article.group().strip().startswith("a"):
                return None  # "half a loaf": not a figure we can name
            else:
                # "three-quarters of the staff" is a fraction even where a time tagger read "quarters".
                cand.time_unit = self.text.startswith(" of ", end)
            self.bounds(cand, start)
            return cand
        if prev is not None and prev.lower_ in self.nums.anaphoric:
            return None  # "the two countries": a reference back, not a new figure
        if self.in_name(wn.first, wn.last, prev):
            return None  # "the Group of Seven", "the Gang of Four": a name, not a count
        nxt = doc[wn.last + 1] if wn.last + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and wn.value == 1:
            return None  # "one of the topics"
        value = wn.value
        scale = self.nums.scale_re.match(self.text, end)
        if scale is not None and scale.group("s"):
            # "two mln dlrs": a written-out number with an abbreviated scale.
            value = scaled(value, self.nums.scale_suffixes[scale.group("s").lower()])
            end = scale.end()
        cand = Candidate(start, end, value, None, None, None, "count")
        rng = self.word_range_tail(wn, prev, end)
        if rng is not None:
            high, end = rng
            if scale is None and high > 0 and wn.value < high:
                # "two to three million": the scale of the upper bound applies to both.
                tail = self.doc[self.tok_at(end - 1)].lower_
                value = scaled(value, self.nums.scales.get(tail, 1.0))
            if value >= high:
                return None
            cand = Candidate(start, end, None, value, high, None, "count")
        unit = self.unit_after(end, cand.high if cand.high is not None else cand.value)
        if unit is not None:
            info = self.resolve_ambiguous(unit, start)
            if info.time and (wn.value == 1 or self.time_context(start, unit.end)):
                return None
            cand.unit, cand.kind, cand.unit_text, cand.end = info.unit, info.kind, unit.surface, unit.end
            cand.time_unit = info.time
        else:
            self.counted_noun(cand, end)
            if cand.unit is None and (wn.value == 1 or wn.value == 0):
                return None
            if cand.unit is None and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
                return None
        self.rate_tail(cand)
        self.negation(cand, start)
        self.bounds(cand, cand.start)
        return cand

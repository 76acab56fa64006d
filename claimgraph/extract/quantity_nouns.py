"""What a figure counts: its unit (and the ambiguous ones), a rate's denominator, or the counted noun.

After the number, a unit from ``data/units.json`` ("600 km", "$5bn"), else the counted noun: the head
noun's lemma with its noun compounds ("artillery shell"), the rest of its modifiers kept in ``concept``;
a calibre inside a count ("9.4 million 152 mm artillery shells") becomes its own quantity of kind
``calibre``. Separate from reading the number because these rules walk the parse (heads, compounds,
dependency labels) where the number reading works on characters.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from claimgraph.extract.quantity_bounds import BoundsReader
from claimgraph.extract.quantity_guards import Candidate
from claimgraph.extract.units import UnitInfo, UnitMatch

_OF_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "these", "those", "all", "my", "your"})
_NOUN_POS = frozenset({"NOUN"})
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PHRASE_STOPS = frozenset({"this", "that", "each", "per", "a", "an"})
# words that say how many more, never what is counted ("12 more", "40 others"); "12 more soldiers" counts soldiers
_NOT_COUNTED = frozenset({"more", "fewer", "less", "other", "others", "additional", "extra", "else"})
_HEAD_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "ROOT"})
# Words between a figure with a unit and a bare one that takes it ("3.65 billion crowns vs 3.40 billion",
# "fell 2.2 mln barrels to 37.9 mln from a revised 40.1 mln"), and between a bare figure and a figure with a
# unit that gives it ("2.09 billion and 1.722 billion dlrs").
_ELLIPSIS_AFTER = re.compile(
    # the year of the first figure may come between ("164 billion forints in 1986, up from 152.9 billion")
    r"(?:[ \u00a0]+(?:in|for)[ \u00a0]+(?:fiscal[ \u00a0]+)?(?:19|20)\d\d(?:/\d\d)?)?"
    r"[ \u00a0]*(?:,[ \u00a0]*)?(?P<w>vs\.?|versus|against|compared[ \u00a0]+(?:with|to)"
    r"|(?:(?:revised|up|down)[ \u00a0]+)?from|and|or|to|than)"
    r"[ \u00a0]+(?:(?:a|an|the|revised|previous|estimated|year-earlier)[ \u00a0]+)*\Z",
    re.I,
)
_SCALED = re.compile(r"\d[ \u00a0]*[A-Za-z]+\Z")  # a figure written with its scale word ("11.3 mln")
_OR = re.compile(r"[ \u00a0]*(?:,[ \u00a0]*)?or[ \u00a0]+", re.I)  # "1.9 mln dlrs, or 90 cts"
_WORD = re.compile(r"[A-Za-z]+")
_ELLIPSIS_BEFORE = re.compile(r"[ \u00a0]+(?P<w>and|or|to)[ \u00a0]+\Z", re.I)
# figures joined by "and"/"or" share a unit only when neither is more than this many times the other
_SAME_SIZE = 10.0
# a sum this large is a total, not a rate ("1.9 mln dlrs, or 90 cts" a share)
_RATE_MAX = 100_000.0
# A results-table line: a short label, then figures compared with "vs" ("Shr 34 cts vs 1.19 dlrs",
# "Revs 337.3 mln vs 315.2 mln", "Avg shrs 5,210,000 vs 4,987,000", "Revenue: $12.3 million vs. $11.1 million").
_LABEL = re.compile(r"[ \t]*(?P<label>[A-Z][A-Za-z.'&/-]*(?:[ \t]+[A-Za-z][A-Za-z.'&/-]*){0,3}?)(?:[ \t]*:)?[ \t]+")
_VS = re.compile(r"\b(?:vs|versus)\b")
_TABLE_LINE = 80  # characters: a results-table line is short
# "vs profit 16 cts": the outcome written before a figure of the row replaces the label's own ("Shr loss")
_OUTCOME_BEFORE = re.compile(r"\b(?P<o>profit|loss)[ \t]+\Z", re.I)
_OUTCOME = re.compile(r"\b(?:profit|loss)\b", re.I)
_PER_SHARE_LABEL = re.compile(r"\b(?:shr|share|div|dividend)s?\b", re.I)  # a dividend on a results line is per share


def _with_outcome(label: str, outcome: re.Match[str] | None) -> str:
    """The row's label with the profit or loss written before the figure: "Shr loss" + "profit" -> "Shr profit"."""
    if outcome is None:
        return label
    word = outcome.group("o")
    return _OUTCOME.sub(word, label, count=1) if _OUTCOME.search(label) else f"{label} {word}"


class NounReader(BoundsReader):
    """The unit, rate or counted noun of the figures of one Doc."""

    def digit_figure(self, pos: int) -> Candidate | None:
        """The figure whose digits start at ``pos``: read by :class:`~claimgraph.extract.quantity_reader.FigureReader`.

        Declared here because a count may hold a calibre that is a figure of its own ("152 mm shells").
        """
        raise NotImplementedError

    def resolve_ambiguous(self, unit: UnitMatch, start: int) -> UnitInfo:
        """Rules for the surfaces listed under "ambiguous" in units.json."""
        if unit.surface.lower() in ("pound", "pounds"):
            after = self.text[unit.end : unit.end + 4].lower()
            prev = self.prev_tok(start)
            weight_verb = prev is not None and prev.lower_ in self.units.weight_verbs
            if after.startswith(" of ") or weight_verb:
                return self.units.by_surface["lb"]
        return unit.info

    def plural_noun_after(self, end: int) -> bool:
        """Whether a plural noun (past any adjectives) follows ``end``."""
        i = self.tok_at(end)
        while i < len(self.doc) and self.doc[i].idx < end:
            i += 1
        while i < len(self.doc) and self.doc[i].pos_ == "ADJ":
            i += 1
        return i < len(self.doc) and self.doc[i].tag_ in ("NNS", "NNPS")

    def noun_follows(self, end: int) -> bool:
        """Whether a noun follows ``end`` as a word of its own ("152 mm shells")."""
        i = self.tok_at(end)
        while i < len(self.doc) and self.doc[i].idx < end:
            i += 1
        return i < len(self.doc) and self.doc[i].pos_ in ("NOUN", "PROPN") and not self.text[end : end + 1].isalnum()

    def rate_tail(self, cand: Candidate) -> None:
        """A rate's denominator after the unit or counted noun ("30 km a day", "$84 a barrel")."""
        if cand.unit is None or cand.kind in ("percent", "fraction", "calibre") or " per " in cand.unit:
            return
        den = self.units.rate_after(self.text, cand.end)
        if den is None:
            return
        if den.info.time:
            i = self.tok_at(den.end)
            if i < len(self.doc) and self.doc[i].lower_ in self.nums.time_after:
                return  # "$5m a year ago": a time phrase, not a rate
        cand.unit = f"{cand.unit} per {den.info.unit}"
        cand.end = den.end

    def percentage_points(self, cands: list[Candidate]) -> None:
        """ "points" beside a percentage are percentage points ("at 34%, down six points"), not index points."""
        for cand in cands:
            if cand.unit != "point":
                continue
            sent = self.sentence_at(cand.start)
            if any(t.lower_ in self.units.index_point_cues for t in sent):
                continue
            if any(o.kind == "percent" and sent.start_char <= o.start < sent.end_char for o in cands if o is not cand):
                cand.unit, cand.kind = "percentage point", "percent"

    def elliptical_units(self, cands: list[Candidate]) -> None:
        """A bare figure compared with, or listed beside, a figure with a unit takes that unit: "sales 3.65
        billion crowns vs 3.40 billion", "deficits of 2.09 billion and 1.722 billion dlrs". Only the words of
        :data:`_ELLIPSIS_AFTER` / :data:`_ELLIPSIS_BEFORE` may stand between the two; a calibre gives none."""
        text = self.text
        top = [c for c in cands if c.parent is None]
        for i, cand in enumerate(top):
            if cand.unit is not None or cand.kind != "count":
                continue
            prev = top[i - 1] if i > 0 else None
            nxt = top[i + 1] if i + 1 < len(top) else None
            after = _ELLIPSIS_AFTER.fullmatch(text, prev.end, cand.start) if prev is not None else None
            if prev is not None and after is not None and _gives_unit(prev):
                # a percentage change gives no unit to the level after it ("sales were off 4.8 pct to 6.11 billion")
                if not (prev.kind == "percent" and (prev.direction is not None or after.group("w").lower() == "to")):
                    cand.unit, cand.kind = prev.unit, prev.kind
                continue
            between = _ELLIPSIS_BEFORE.fullmatch(text, cand.end, nxt.start) if nxt is not None else None
            if nxt is None or between is None or not _gives_unit(nxt):
                continue
            # "2.09 billion and 1.722 billion dlrs" share a unit; "net 627,500 or 35 cts a share" do not:
            # figures joined by "and"/"or" are of one size. Across "to" a change with its own scale leads to its
            # level ("rose 11.3 mln to 56.0 billion dlrs"); "from 8.5 to 17 billion dlrs" lacks the scale.
            if _same_size(cand, nxt) or (
                between.group("w").lower() == "to" and _SCALED.search(text, cand.start, cand.end)
            ):
                cand.unit, cand.kind = nxt.unit, nxt.kind
            elif (scale := self.shared_scale(cand, nxt)) is not None:
                # "1.5 and 2.0 billion dlrs", "from 8.5 to 17 billion dlrs": the scale word serves both figures
                cand.value, cand.low, cand.high = (_times(v, scale) for v in (cand.value, cand.low, cand.high))
                cand.unit, cand.kind = nxt.unit, nxt.kind

    def shared_scale(self, bare: Candidate, scaled: Candidate) -> float | None:
        """The scale of ``scaled`` ("2.0 billion dlrs": 1e9) when ``bare`` has none, is a small figure and,
        scaled by it, is of one size with ``scaled``; else None."""
        size = _size(bare)
        if size is None or not 0 < size < 1000 or _scale_of(self.text[bare.start : bare.end], self.nums.scale_suffixes):
            return None
        scale = _scale_of(self.text[scaled.start : scaled.end], self.nums.scale_suffixes)
        other = _size(scaled)
        if scale is None or other is None or other <= 0:
            return None
        return scale if max(size * scale, other) / min(size * scale, other) <= _SAME_SIZE else None

    def sentence_at(self, char: int) -> Span:
        """The sentence holding character ``char``; without sentence boundaries (a pipeline with no parser or
        senter) the whole text."""
        doc = self.doc
        return doc[self.tok_at(char)].sent if doc.has_annotation("SENT_START") else doc[:]

    def same_sentence(self, a: int, b: int) -> bool:
        """Whether characters ``a`` and ``b`` are in one sentence (always, without sentence boundaries)."""
        return self.sentence_at(a).start == self.sentence_at(b).start

    def inherited_rates(self, cands: list[Candidate]) -> None:
        """A sum compared with a sum per something is per that too: "1.10 dlrs a share, up from 90 cts", "raised
        the duty to 64 ringgit per tonne from 41 ringgit", and in the pairs of a results sentence, "net 2.4 mln
        dlrs, or 1.10 dlrs per share, against 1.9 mln dlrs, or 90 cts". A sum of :data:`_RATE_MAX` or more
        ("1.9 mln dlrs") is a total, never a rate."""
        text = self.text
        top = [c for c in cands if c.parent is None]
        for i, cand in enumerate(top):
            if i == 0 or not _rateless_sum(cand) or not _rate_size(cand):
                continue
            prev = top[i - 1]
            rate = _rate_of(prev)
            compared = _ELLIPSIS_AFTER.fullmatch(text, prev.end, cand.start)
            if rate and compared and compared.group("w").lower() not in ("and", "or", "than"):
                cand.unit = f"{cand.unit} per {rate}"
                continue
            # "A, or B per share, against C, or D": D is per share as B is
            if i < 3 or prev.kind != "currency" or not _OR.fullmatch(text, prev.end, cand.start):
                continue
            a, b = top[i - 3], top[i - 2]
            rate = _rate_of(b)
            paired = _OR.fullmatch(text, a.end, b.start) and self.same_sentence(a.start, cand.start)
            if rate and _rateless_sum(a) and paired:
                cand.unit = f"{cand.unit} per {rate}"

    def line_labels(self, cands: list[Candidate]) -> None:
        """Figures on a results-table line ("Net 807,000 vs 2,858,000") are of what its label names: the label
        is their concept unless a counted noun gave one, and a sum on a "Shr" or "Qtly div" line is per share."""
        text = self.text
        line_end = -1
        label: str | None = None
        for cand in cands:
            if cand.parent is not None:
                continue
            if cand.start >= line_end:
                line_start = text.rfind("\n", 0, cand.start) + 1
                line_end = len(text) if (nl := text.find("\n", cand.start)) < 0 else nl
                # the label runs from the line's start to its first figure, and the short line compares figures;
                # a label holds no verb ("Profit was 5 mln dlrs vs 4 mln" is a sentence, not a table row)
                short = line_end - line_start <= _TABLE_LINE
                found = _LABEL.fullmatch(text, line_start, cand.start) if short else None
                label = None
                if found is not None and _VS.search(text, cand.end, line_end):
                    first, last = self.tok_at(found.start("label")), self.tok_at(found.end("label") - 1)
                    # a base form is the tagger's guess at a noun it does not know ("Qtly dividend" as VB)
                    if not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VB" for t in self.doc[first : last + 1]):
                        label = found.group("label")
            if label is None:
                continue
            if cand.concept is None:
                cand.concept = _with_outcome(label, _OUTCOME_BEFORE.search(text, max(0, cand.start - 12), cand.start))
            if cand.kind == "currency" and cand.unit and " per " not in cand.unit and _PER_SHARE_LABEL.search(label):
                cand.unit = f"{cand.unit} per share"

    def counted_noun(self, cand: Candidate, end: int) -> None:
        """Attach the counted noun after the number (and any calibre inside it)."""
        doc, n = self.doc, len(self.doc)
        i = self.tok_at(end)
        while i < n and doc[i].idx < end:
            i += 1
        if i >= n or doc[i].idx - end > 1:
            return
        phrase_start = i
        # "30 of the army's tanks", "9 of its last 10 games": the count is of the noun after the
        # possessive and any figure inside the phrase; that inner figure is read on its own.
        inner_figure = False
        if doc[i].lower_ == "of" and i + 2 < n and doc[i + 1].lower_ in _OF_DETERMINERS:
            phrase_start = i + 1
            i += 2
            k = i
            while k < min(n, i + 4) and doc[k].pos_ in ("PROPN", "NOUN", "ADJ") and doc[k].tag_ != "POS":
                k += 1
            if k < n and doc[k].tag_ == "POS":
                i = k + 1
            while i < n and doc[i].pos_ == "ADJ" and doc[i].dep_ not in _HEAD_DEPS:
                i += 1
            if i < n and doc[i].like_num:
                inner_figure = True
                i += 1
        calibre: Candidate | None = None
        if i < n and doc[i].like_num and doc[i].text[:1].isdigit():
            inner = self.digit_figure(doc[i].idx)
            if inner is not None and inner.kind == "calibre":
                calibre = inner
                i = self.tok_at(inner.end - 1) + 1
        head = -1
        j = i
        while j < n and j - i < 6:
            tok = doc[j]
            if tok.lower_ in self.nums.time_before or tok.lower_ in _PHRASE_STOPS:
                break  # "710,000 last year": the time phrase is not what is counted
            if tok.pos_ == "ADJ" and tok.dep_ in _HEAD_DEPS and tok.lower_ not in _NOT_COUNTED:
                head = j  # the small tagger reads some plurals as adjectives ("geese"); the parse still heads them
                break
            glued_hyphen_next = j + 1 < n and doc[j + 1].text == "-" and not tok.whitespace_
            if (
                tok.lower_ == "such"
                or tok.pos_ in _MODIFIER_POS
                or (tok.tag_ == "VBN" and tok.dep_ == "amod")  # "37 stolen bicycles", "self-propelled"
                or (tok.text == "-" and j > i and not doc[j - 1].whitespace_)
            ):
                if tok.pos_ in _NOUN_POS and not glued_hyphen_next and tok.lower_ not in _NOT_COUNTED:
                    head = j
                    if tok.dep_ != "compound":
                        break
                j += 1
                continue
            break
        if head < 0 or doc[head].pos_ == "PROPN":
            return
        lemma = self.units.noun_lemmas.get(doc[head].lower_) or doc[head].lemma_.lower()
        cand.unit = " ".join([*reversed(self.compounds(i, head)), lemma])
        cand.unit_text = doc[head].text
        phrase_end = doc[head].idx + len(doc[head].text)
        if not inner_figure:
            cand.end = phrase_end
        cand.concept = self.text[doc[phrase_start].idx : phrase_end]
        if calibre is not None:
            calibre.parent = cand
            cand.children.append(calibre)

    def compounds(self, first: int, head: int) -> list[str]:
        """The noun-compound modifiers of ``head`` back to token ``first``, nearest first.

        "tear gas canisters" (the tagger reads "tear" as an adjective in a compound),
        "machine-gun rounds" (a hyphenated noun compound is one modifier); a hyphenated
        adjective ("wide-body jets") is an adjective, so its noun part is left out too.
        """
        doc, out = self.doc, []
        k = head - 1
        while k >= first and doc[k].dep_ == "compound" and doc[k].pos_ in ("NOUN", "ADJ"):
            hyphen = k - 1
            if (
                hyphen > first
                and doc[hyphen].text == "-"
                and not doc[hyphen].whitespace_
                and not doc[k - 2].whitespace_
            ):
                if doc[k - 2].pos_ != "NOUN":
                    break
                out.append(f"{doc[k - 2].lower_}-{doc[k].lower_}")
                k -= 3
                continue
            if doc[k].pos_ == "ADJ" and doc[k].head.i == head:
                break  # an adjective joins only inside a compound chain ("tear gas"), not alone ("solar panels")
            out.append(doc[k].lower_)
            k -= 1
        return out


def _scale_of(text: str, scales: dict[str, float]) -> float | None:
    """The factor of the first scale word written out in ``text`` ("mln", "billion"), else None."""
    for word in _WORD.findall(text):
        factor = scales.get(word.lower()) if len(word) > 1 else None
        if factor is not None:
            return factor
    return None


def _times(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _rateless_sum(cand: Candidate) -> bool:
    """A sum of money without a rate's denominator ("90 cts", not "90 cts a share")."""
    return cand.kind == "currency" and cand.unit is not None and " per " not in cand.unit


def _rate_size(cand: Candidate) -> bool:
    """Whether a sum is small enough to be a rate ("90 cts" a share, "41 ringgit" a tonne): below :data:`_RATE_MAX`."""
    size = _size(cand)
    return size is not None and 0 < size < _RATE_MAX


def _rate_of(cand: Candidate) -> str | None:
    """The denominator of a sum per something ("share" of "US dollar per share"), else None."""
    if cand.kind != "currency" or cand.unit is None or " per " not in cand.unit:
        return None
    return cand.unit.split(" per ", 1)[1]


def _gives_unit(cand: Candidate) -> bool:
    """Whether a figure's unit may stand for a bare figure beside it (not a calibre, not a time unit)."""
    return cand.unit is not None and cand.kind != "calibre" and not cand.time_unit


def _same_size(a: Candidate, b: Candidate) -> bool:
    """Whether two figures are within :data:`_SAME_SIZE` of each other (point values or range midpoints)."""
    x, y = _size(a), _size(b)
    if x is None or y is None or x <= 0 or y <= 0:
        return False
    return max(x, y) <= _SAME_SIZE * min(x, y)


def _size(c: Candidate) -> float | None:
    if c.value is not None:
        return abs(c.value)
    if c.low is not None and c.high is not None:
        return (abs(c.low) + abs(c.high)) / 2
    return None

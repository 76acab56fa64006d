"""The reported content of an attribution, as the article words it.

A claim's own span is the minimal proposition: no complementiser, no quotation
marks, no final punctuation, one clause. What a source *said* is wider: the
whole complement or quotation, with its "that"/"whether", its quotation marks
and the punctuation inside them, over every clause the cue governs. This is
the convention of attribution corpora (PARC, PolNeAR) and what an analyst
quotes when citing the source.

:func:`reported_contents` builds it from the claim units one cue holds: the
units' token ranges are joined where only punctuation, quotation marks or
conjunctions lie between them (never across the cue or the source), then each
fragment takes a complementiser just before it, an opening quotation mark
just before it, and the punctuation plus closing quotation mark just after it.
Fragments stay apart where the cue interrupts a quotation
("“We will win,” she said, “and soon.”").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from spacy.attrs import IS_SPACE, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

Range = tuple[int, int]

_COMPLEMENTISERS = frozenset({"that", "whether", "if"})
_OPENING = frozenset({"“", "‘", "``", "«"})
_CLOSING = frozenset({"”", "’", "''", "»"})
_SYMMETRIC = frozenset({'"', "'"})
_INNER_PUNCT = frozenset({",", ".", "?", "!", "…", "...", ";", ":", "-", "--", "—", "–"})


def _is_opening(tok: Token) -> bool:
    if tok.text in _OPENING:
        return True
    if tok.text in _SYMMETRIC or tok.text == "''":
        # a straight quote opens when it leans on the word after it
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        return tok.whitespace_ == "" and (before is None or before.whitespace_ != "" or before.is_space)
    return False


def _is_closing(tok: Token) -> bool:
    if tok.text in _CLOSING:
        return True
    if tok.text in _SYMMETRIC:
        return tok.i > 0 and tok.doc[tok.i - 1].whitespace_ == "" and not tok.doc[tok.i - 1].is_space
    return False


def _is_quote(tok: Token) -> bool:
    return tok.text in _OPENING or tok.text in _CLOSING or tok.text in _SYMMETRIC


def _prev(doc: Doc, i: int) -> int | None:
    """The index of the last non-space token before ``i``."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i if i >= 0 else None


def _joinable(tok: Token) -> bool:
    """A token that may lie between two clauses of one reported content."""
    return tok.is_space or tok.is_punct or _is_quote(tok) or tok.pos_ == "CCONJ"


def _extend(doc: Doc, start: int, end: int, blocked: set[int]) -> Range:
    """One fragment widened by its complementiser, opening quote and closing punctuation plus quote."""
    p = _prev(doc, start)
    if p is not None and p not in blocked and doc[p].lower_ in _COMPLEMENTISERS and doc[p].dep_ == "mark":
        start = p
    # an opening quotation mark, possibly before a conjunction the unit left out ('“and it will ...')
    p = _prev(doc, start)
    if p is not None and p not in blocked and doc[p].dep_ in ("cc", "mark") and not _is_quote(doc[p]):
        before = _prev(doc, p)
        if before is not None and before not in blocked and _is_opening(doc[before]):
            p = before
    if p is not None and p not in blocked and _is_opening(doc[p]):
        start = p
    q = end
    while q < len(doc) and q not in blocked and doc[q].text in _INNER_PUNCT and doc[q - 1].whitespace_ == "":
        q += 1
        if q - end > 2:
            break
    if q < len(doc) and q not in blocked and _is_quote(doc[q]) and _is_closing(doc[q]):
        end = q + 1
    return start, end


_DOUBLE_QUOTES = frozenset({'"', "“", "”", "``", "''", "«", "»"})
_QUOTE_IDS = np.array([get_string_id(q) for q in sorted(_DOUBLE_QUOTES)], dtype=np.uint64)


def quotations(doc: Doc) -> list[Range]:
    """Token ranges of the double-quoted passages of ``doc``, marks included (a paragraph break ends one).

    Single quotation marks are left out: they nest inside double ones and double as apostrophes.
    """
    out: list[Range] = []
    open_at: int | None = None
    # only quotation marks and line breaks matter: find them in the token arrays, not token by token
    arr = doc.to_array([ORTH, IS_SPACE])
    marks = np.isin(arr[:, 0], _QUOTE_IDS) | (arr[:, 1] == 1)
    for i in np.flatnonzero(marks).tolist():
        tok = doc[i]
        if tok.is_space and "\n" in tok.text:
            open_at = None
        elif tok.text not in _DOUBLE_QUOTES:
            continue
        elif open_at is None:
            if _is_opening(tok):
                open_at = tok.i
        elif _is_closing(tok):
            out.append((open_at, tok.i + 1))
            open_at = None
        elif _is_opening(tok):
            open_at = tok.i  # the last one was never closed
    return out


def _split(doc: Doc, start: int, end: int, blocked: set[int]) -> list[list[int]]:
    """``[start, end)`` cut where the cue or the source sits inside it ("A, she said, B"), cut edges trimmed."""
    pieces: list[list[int]] = []
    i = start
    while i < end:
        while i < end and i in blocked:
            i += 1
        j = i
        while j < end and j not in blocked:
            j += 1
        s, e = i, j
        if s > start:  # trim the commas and spaces next to the cut, never a quotation mark
            while s < e and (doc[s].is_space or doc[s].text in ",;—–-"):
                s += 1
        if e < end:
            while e > s and (doc[e - 1].is_space or doc[e - 1].text in ",;—–-"):
                e -= 1
        if e > s and any(not (t.is_punct or t.is_space) for t in doc[s:e]):
            pieces.append([s, e])
        i = j
    return pieces


def _fronted(doc: Doc, pieces: list[list[int]], blocked: set[int]) -> list[Range]:
    """What a parenthetical frame cut off the front of a clause: "The dam, she said, will open" -> "The dam"."""
    out: list[Range] = []
    for s, e in pieces:
        root = next((t for t in doc[s:e] if not s <= t.head.i < e or t.head.i == t.i), None)
        if root is None:
            continue
        for child in root.lefts:
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if hi > s or blocked.intersection(range(lo, hi)) or not blocked.intersection(range(hi, s)):
                continue
            while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in ",;—–-"):
                hi -= 1
            if hi > lo:
                out.append((lo, hi))
    return out


def reported_contents(
    doc: Doc, units: Iterable[Range], cue: Range, sources: Sequence[Range], quotes: Sequence[Range] = ()
) -> tuple[Range, ...]:
    """Token ranges of the reported content of one cue, from the ranges of the claim units it holds.

    ``quotes`` are the document's :func:`quotations`: a fragment inside one that
    does not hold the cue becomes the whole quotation (its questions and verbless
    fragments are part of what was said, though they make no claim).
    """
    blocked = set(range(*cue))
    for s, e in sources:
        blocked.update(range(s, e))
    ordered = sorted(set(units))
    if not ordered:
        return ()
    merged: list[list[int]] = [list(ordered[0])]
    for s, e in ordered[1:]:
        last = merged[-1]
        if s <= last[1]:
            last[1] = max(last[1], e)
            continue
        gap = range(last[1], s)
        if all(i not in blocked and _joinable(doc[i]) for i in gap):
            last[1] = e
        else:
            merged.append([s, e])
    cut = [piece for s, e in merged for piece in _split(doc, s, e, blocked)]
    pieces = sorted(_fronted(doc, cut, blocked) + [(s, e) for s, e in cut])
    out: list[Range] = []
    for s, e in pieces:
        quote = next((q for q in quotes if q[0] <= s and e <= q[1]), None)
        if quote is not None and not blocked.intersection(range(*quote)):
            s, e = quote
        s, e = _extend(doc, s, e, blocked)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def _tail_cut(doc: Doc, s: int, e: int) -> int | None:
    """Where a content's trailing aside starts (its comma or opening parenthesis), or None.

    An aside is an appositive on a noun before it (", a former governor who ...") or a final
    parenthesis ("(which lets the party off the hook)"): the writer's gloss, not what the source
    said. Quotations keep everything, and so do non-restrictive relative clauses and dashed
    asides, which PolNeAR's annotators keep about as often as they drop.
    """
    last = e
    while last > s and (doc[last - 1].is_space or doc[last - 1].text in ".,;:"):
        last -= 1
    if last <= s or _is_quote(doc[last - 1]) or _is_quote(doc[s]):
        return None
    for k in range(s + 2, last - 1):
        tok = doc[k]
        if tok.text == "(" and doc[last - 1].text == ")":
            return k if ")" not in {t.text for t in doc[k + 1 : last - 1]} else None
        if tok.text != "," or any(_is_quote(t) or t.text == "(" for t in doc[k + 1 : last]):
            continue
        appos = next((t for t in doc[k + 1 : last] if t.dep_ == "appos" and t.left_edge.i == k + 1), None)
        if appos is not None and appos.right_edge.i >= last - 1 and appos.head.i < k:
            return k
    return None


def trim_aside(doc: Doc, ranges: Sequence[Range]) -> tuple[Range, ...]:
    """``ranges`` with the last one cut before a trailing aside (:func:`_tail_cut`)."""
    if not ranges:
        return ()
    s, e = ranges[-1]
    k = _tail_cut(doc, s, e)
    if k is None:
        return tuple(ranges)
    while k > s and doc[k - 1].is_space:
        k -= 1
    return (*ranges[:-1], (s, k))


__all__ = ["quotations", "reported_contents", "trim_aside"]

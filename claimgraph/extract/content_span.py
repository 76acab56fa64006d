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


def reported_contents(doc: Doc, units: Iterable[Range], cue: Range, sources: Sequence[Range]) -> tuple[Range, ...]:
    """Token ranges of the reported content of one cue, from the ranges of the claim units it holds."""
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
    return tuple(_extend(doc, s, e, blocked) for s, e in merged)


__all__ = ["reported_contents"]

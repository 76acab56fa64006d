"""Claim units: which contiguous stretches of a sentence are propositions of their own.

A unit is a finite clause: the sentence's main clause, each clause coordinated
with it (with or without its own subject), and a trailing non-restrictive
relative clause that says something of its own. Spans are kept minimal and
contiguous: no attribution frame, no complementiser, no framing introduction
set off by a comma ("Based on this,"), no final punctuation.

Everything works on token indices of the existing parse; no re-parsing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimgraph.model import Span

_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_VERBAL_POS = frozenset({"VERB", "AUX"})
_INTRO_DEPS = frozenset({"prep", "advcl", "advmod", "npadvmod", "intj", "pcomp", "dep", "parataxis"})
_LEADING_DROP_DEPS = frozenset({"cc", "mark", "preconj"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
_OPENERS = {"(": ")", "[": "]", "“": "”", "‘": "’", "«": "»"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_SYMMETRIC_QUOTES = frozenset({'"', "'"})


@dataclass(frozen=True, slots=True)
class Unit:
    """A claim unit: token range ``[start, end)``, its head, and the unit it hangs on."""

    start: int
    end: int
    head: int
    parent: int | None = None  # index into the list of units of the same frame


def is_clause_head(token: Token) -> bool:
    """A verb that makes a finite (or modal/auxiliary-bearing) clause."""
    if token.pos_ not in _VERBAL_POS:
        return False
    if token.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in token.children)


def clause_chain(head: Token) -> list[Token]:
    """``head`` and every clause coordinated with it, in text order."""
    chain = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.rights:
            if child.dep_ == "conj" and is_clause_head(child):
                chain.append(child)
                stack.append(child)
    return sorted(chain, key=lambda t: t.i)


def clause_range(head: Token, chain: list[Token]) -> tuple[int, int]:
    """The contiguous tokens of ``head``'s clause, without the clauses coordinated after it."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    for other in chain:
        if other.i != head.i and other.head.i == head.i and other.i > head.i:
            end = min(end, other.left_edge.i)
    return start, end


def _balanced(doc: Doc, start: int, end: int, tok: Token) -> bool:
    """Whether bracket/quote ``tok`` has its partner inside ``[start, end)``."""
    text = tok.text
    if text in _SYMMETRIC_QUOTES:
        return sum(1 for t in doc[start:end] if t.text == text) % 2 == 0
    partner = _OPENERS.get(text) or _CLOSERS.get(text)
    if partner is None:
        return False
    return any(t.text == partner for t in doc[start:end])


def _enclosing_quotes(doc: Doc, start: int, end: int) -> bool:
    """Whether the whole range is one quotation: it opens and closes with a matching quote and holds no other."""
    if end - start < 3:
        return False
    first, last = doc[start].text, doc[end - 1].text
    if first in _SYMMETRIC_QUOTES:
        return last == first and all(t.text != first for t in doc[start + 1 : end - 1])
    return (
        _OPENERS.get(first) == last
        and first not in ("(", "[")
        and all(t.text not in (first, last) for t in doc[start + 1 : end - 1])
    )


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip edge whitespace, punctuation (but balanced brackets/quotes), conjunctions and complementisers.

    A claim that is one whole quotation loses its quotation marks too.
    """
    start, end = _trim_edges(doc, start, end)
    while _enclosing_quotes(doc, start, end):
        start, end = _trim_edges(doc, start + 1, end - 1)
    return start, end


def _trim_edges(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end:
        tok = doc[start]
        droppable = tok.dep_ in _LEADING_DROP_DEPS and not tok.is_punct
        if droppable or tok.is_space or (tok.is_punct and not _balanced(doc, start, end, tok)):
            start += 1
        else:
            break
    while end > start:
        tok = doc[end - 1]
        if tok.is_space or (tok.is_punct and not _balanced(doc, start, end, tok)) or tok.dep_ == "cc":
            end -= 1
        else:
            break
    return start, end


def drop_introduction(doc: Doc, start: int, end: int, head: Token) -> int:
    """Skip framing modifiers set off by a comma before the clause ("In May, ...", "Based on this, ...")."""
    moved = True
    while moved:
        moved = False
        for child in head.lefts:
            if child.left_edge.i != start or child.dep_ not in _INTRO_DEPS:
                continue
            comma = child.right_edge.i + 1
            if comma < min(end, head.i) and doc[comma].text in (",", "—"):
                start = comma + 1
                while start < end and (doc[start].is_space or doc[start].dep_ == "cc"):
                    start += 1
                moved = True
                break
    return start


def _own_subject(relcl: Token) -> bool:
    for child in relcl.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.tag_ not in _RELATIVE_TAGS and child.lower_ not in _RELATIVE_PRONOUNS
    return False


def split_relative(doc: Doc, unit: Unit, is_marked: Callable[[Token], bool]) -> tuple[Unit, Unit] | None:
    """Split off a trailing non-restrictive relative clause that is a proposition of its own.

    It must follow a comma and close the unit. A subject relative ("..., which
    plays a role") that adds nothing but a property stays inside; one with its
    own subject (", where forces landed") or its own modality (", which could
    hold") becomes a claim hanging on the unit.
    """
    for tok in doc[unit.start : unit.end]:
        if tok.dep_ != "relcl":
            continue
        left = tok.left_edge.i
        if left <= unit.start or doc[left - 1].text != "," or tok.right_edge.i + 1 < unit.end:
            continue
        if not (_own_subject(tok) or doc[left].tag_ == "WRB" or is_marked(tok)):
            continue
        p_start, p_end = trim(doc, unit.start, left - 1)
        c_start = left
        while c_start < tok.i and doc[c_start].tag_ == "WRB":
            c_start += 1
        c_start, c_end = trim(doc, c_start, unit.end)
        if p_end <= p_start or c_end <= c_start:
            return None
        return Unit(p_start, p_end, unit.head, unit.parent), Unit(c_start, c_end, tok.i)
    return None


def make_units(
    doc: Doc,
    ranges: list[tuple[int, int, Token]],
    is_marked: Callable[[Token], bool],
    *,
    drop_intro: bool = True,
) -> list[Unit]:
    """Trim each ``(start, end, head)`` range into a unit and split off relative-clause claims."""
    units: list[Unit] = []
    for start, end, head in ranges:
        start, end = trim(doc, start, end)
        if drop_intro:
            start = drop_introduction(doc, start, end, head)
            start, end = trim(doc, start, end)
        if end <= start or not any(t.is_alpha for t in doc[start:end]):
            continue
        unit = Unit(start, end, head.i)
        split = split_relative(doc, unit, is_marked)
        if split is None:
            units.append(unit)
        else:
            units.append(split[0])
            units.append(Unit(split[1].start, split[1].end, split[1].head, len(units) - 1))
    return units


def char_span(doc: Doc, start: int, end: int) -> Span:
    """The character span of tokens ``[start, end)`` (no trailing whitespace)."""
    return Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def token_range(doc: Doc, span: Span) -> tuple[int, int]:
    """The tokens ``[start, end)`` a character span touches (``(0, 0)`` when it touches none)."""
    char = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (char.start, char.end) if char is not None else (0, 0)


def span_root(doc: Doc, start: int, end: int, *, skip_punct: bool = False) -> Token | None:
    """The first token of ``[start, end)`` whose head lies outside it (punctuation passed over if asked).

    Without ``skip_punct`` there is always one (a dependency tree has a root); with it, None when only
    punctuation heads the range.
    """
    for tok in doc[start:end]:
        if skip_punct and tok.is_punct:
            continue
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return None


__all__ = [
    "Unit",
    "char_span",
    "clause_chain",
    "clause_range",
    "drop_introduction",
    "is_clause_head",
    "make_units",
    "span_root",
    "token_range",
    "trim",
]

"""Features of the cue-conditioned span model: per-document token arrays, cue windows and hashed templates.

For each (cue, token) pair of a cue's window, :func:`features` hashes ~46
templates (side and distance from the cue, dependency path to the common
ancestor with the cue's head, quotations, punctuation and other cues between
them, the token's own word and neighbours) into buckets of the weight table of
:mod:`claimgraph.extract.attr_spans`. Every feature is a hash of spaCy's 64-bit
string ids and small integers, so the model holds no strings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, SHAPE, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError

Range = tuple[int, int]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]

_ANCESTORS = 10  # dependency steps followed up from a token; deeper trees are cut there
_PATH_STEPS = 3  # labels kept of a token's path up to the common ancestor
_DISTANCES = np.array([2, 3, 4, 6, 9, 16, 31], dtype=np.int64)  # token-distance buckets
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX3 = np.uint64(0x165667B19E3779F9)
_ATTRS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, SHAPE, IS_SPACE, SENT_START, ORTH]


@dataclass(frozen=True, slots=True)
class _Words:
    """spaCy string ids of the word lists in ``data/attr_spans/features.json``."""

    complementisers: U64
    straight: U64
    opening: U64
    closing: U64
    comma: np.uint64
    colon: np.uint64
    stops: U64


@cache
def _words() -> _Words:
    ref = resources.files("claimgraph.extract").joinpath("data", "attr_spans", "features.json")
    try:
        data = json.loads(ref.read_text(encoding="utf-8"))

        def ids(key: str) -> U64:
            return np.array([get_string_id(w) for w in data[key]], dtype=np.uint64)

        return _Words(
            complementisers=ids("complementisers"),
            straight=ids("straight_quotes"),
            opening=ids("opening_quotes"),
            closing=ids("closing_quotes"),
            comma=np.uint64(get_string_id(",")),
            colon=np.uint64(get_string_id(":")),
            stops=np.array([get_string_id(w) for w in (".", "?", "!")], dtype=np.uint64),
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ClaimgraphError(f"cannot read the span model's word lists ({exc}); reinstall claimgraph") from None


# -- per-document arrays ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocArrays:
    """Token arrays of one document, computed once and shared by all its cues."""

    lower: U64
    lemma: U64
    pos: U64
    tag: U64
    dep: U64
    shape: U64
    head: I64
    space: BOOL
    sent: I64  # sentence number of each token
    para: I64  # paragraph number (a line break starts one)
    first: BOOL  # first token of its sentence
    ancestors: I64  # (_ANCESTORS + 1, n): row k is the k-th ancestor (the root is its own head)
    left: I64  # left edge of each token's subtree
    quote: I64  # 0 outside a quotation, 1 inside, 2 opening mark, 3 closing mark
    q_open: I64  # index of the opening mark of the token's quotation (-1 outside)
    q_close: I64  # index of its closing mark (the paragraph end when unclosed)
    clause_mark: U64  # 1 complementiser, 2 opening quote, 0 other
    marks: I64  # (4, n + 1) running counts of commas, colons, quote marks, sentence stops


def doc_arrays(doc: Doc) -> DocArrays:
    """The arrays :func:`features` needs, from one ``Doc.to_array`` call and a few numpy passes."""
    w = _words()
    n = len(doc)
    arr = doc.to_array(_ATTRS).astype(np.uint64) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
    lower, lemma, pos, tag, dep, rel_head, shape, space_u, sent_start, orth = (arr[:, k] for k in range(len(_ATTRS)))
    idx = np.arange(n, dtype=np.int64)
    head = idx + rel_head.astype(np.int64)
    space = space_u == 1
    first = sent_start == 1
    first[:1] = True
    sent = np.cumsum(first) - 1
    newline = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(space).tolist():
        newline[i] = "\n" in doc[i].text
    para = np.cumsum(newline)
    ancestors = np.empty((_ANCESTORS + 1, n), dtype=np.int64)
    ancestors[0] = idx
    for k in range(1, _ANCESTORS + 1):
        ancestors[k] = head[ancestors[k - 1]]
    # a subtree's left edge: push each token's index up its ancestor chain
    left = idx.copy()
    for k in range(1, _ANCESTORS + 1):
        np.minimum.at(left, ancestors[k], idx)
    straight = np.isin(orth, w.straight)
    opening = np.isin(orth, w.opening)
    closing = np.isin(orth, w.closing)
    quote = np.zeros(n, dtype=np.int64)
    q_open = np.full(n, -1, dtype=np.int64)
    q_close = np.full(n, -1, dtype=np.int64)

    def unclosed(start: int) -> None:
        # an unclosed quotation runs to the end of its paragraph
        end = int(np.searchsorted(para, para[start], side="right"))
        quote[start], quote[start + 1 : end] = 2, 1
        q_open[start:end], q_close[start:end] = start, end

    start = -1
    # a handful of quote marks per article: a Python walk over the marks only
    for i in np.flatnonzero(straight | opening | closing).tolist():
        if start >= 0 and para[start] != para[i]:
            unclosed(start)
            start = -1
        if start < 0 and (opening[i] or straight[i]):
            start = i
            continue
        if start >= 0 and (closing[i] or straight[i]):
            quote[start], quote[start + 1 : i], quote[i] = 2, 1, 3
            q_open[start : i + 1], q_close[start : i + 1] = start, i
            start = -1
    if start >= 0:
        unclosed(start)
    clause_mark = np.where(np.isin(lower, w.complementisers), 1, np.where(opening | straight, 2, 0)).astype(np.uint64)
    marks = np.zeros((4, n + 1), dtype=np.int64)
    for k, flags in enumerate((orth == w.comma, orth == w.colon, straight | opening | closing, np.isin(orth, w.stops))):
        marks[k, 1:] = np.cumsum(flags)
    return DocArrays(lower, lemma, pos, tag, dep, shape, head, space, sent, para, first, ancestors, left, quote,
                     q_open, q_close, clause_mark, marks)  # fmt: skip


def cue_head(d: DocArrays, cue: Range) -> int:
    """The cue token whose head lies outside the cue (the first one; the cue's first token if none)."""
    start, end = cue
    for i in range(start, end):
        h = int(d.head[i])
        if (h < start or h >= end or h == i) and not d.space[i]:
            return i
    return start


def windows(d: DocArrays, starts: I64, ends: I64, before: int, after: int) -> tuple[I64, I64]:
    """Tokens ``[start, end)`` of each cue's sentence and its neighbours in the same paragraph."""
    s0, p0 = d.sent[starts], d.para[starts]
    lo = np.maximum(np.searchsorted(d.sent, s0 - before), np.searchsorted(d.para, p0))
    hi = np.minimum(np.searchsorted(d.sent, s0 + after, side="right"), np.searchsorted(d.para, p0, side="right"))
    return np.minimum(lo, starts).astype(np.int64), np.maximum(hi, ends).astype(np.int64)


def window(d: DocArrays, cue: Range, before: int, after: int) -> Range:
    """The window of one cue (see :func:`windows`)."""
    lo, hi = windows(d, np.array([cue[0]]), np.array([cue[1]]), before, after)
    return int(lo[0]), int(hi[0])


# -- features ---------------------------------------------------------------------------------------------------


def _mix(template: int, *parts: U64) -> U64:
    """Combine a template id with uint64 value arrays into one 64-bit value per row.

    Multiplying by an odd constant carries every input bit into the high bits; :func:`_buckets`
    mixes once more and keeps the high bits.
    """
    seed = np.uint64(((template + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
    out = parts[0] ^ seed
    out *= _MIX2
    for part in parts[1:]:
        out ^= part
        out *= _MIX3
    return out


def _buckets(values: U64, bits: int) -> npt.NDArray[np.uint32]:
    """The top ``bits`` bits of each value after a final xor-shift-multiply."""
    values ^= values >> np.uint64(29)
    values *= _MIX1
    return (values >> np.uint64(64 - bits)).astype(np.uint32)


@dataclass(frozen=True, slots=True)
class Rows:
    """The (cue, token) pairs of a batch of windows, padded to a rectangle ``(n_cues, width)``."""

    cue: I64  # cue number of each row
    token: I64  # token index of each row
    valid: BOOL  # (n_cues, width): which cells hold a row (in order)
    in_cue: BOOL  # per row: the token belongs to the cue itself
    order: I64  # the row of each cell of ``valid.T`` that holds one (position-major order, for decoding)


def rows_for(d: DocArrays, cues: Sequence[Range], before: int, after: int) -> Rows:
    """The window rows of each cue."""
    starts = np.array([c[0] for c in cues], dtype=np.int64)
    ends = np.array([c[1] for c in cues], dtype=np.int64)
    lo, hi = windows(d, starts, ends, before, after)
    lengths = hi - lo
    width = int(lengths.max()) if len(cues) else 0
    valid = np.arange(width)[None, :] < lengths[:, None]
    cue = np.repeat(np.arange(len(cues), dtype=np.int64), lengths)
    offsets = np.cumsum(lengths) - lengths
    # token of each row: its window's start plus its place in the window
    token = lo[cue] + np.arange(len(cue), dtype=np.int64) - offsets[cue] if len(cues) else np.zeros(0, np.int64)
    in_cue = (token >= starts[cue]) & (token < ends[cue])
    order = (offsets[None, :] + np.arange(width, dtype=np.int64)[:, None])[valid.T]
    return Rows(cue, token, valid, in_cue, order)


def features(d: DocArrays, cues: Sequence[Range], rows: Rows, bits: int) -> npt.NDArray[np.uint32]:
    """An ``(n_rows, n_templates)`` array of feature buckets in ``[0, 2**bits)``."""
    t, c = rows.token, rows.cue
    heads = np.array([cue_head(d, cue) for cue in cues], dtype=np.int64)
    cs = np.array([cue[0] for cue in cues], dtype=np.int64)[c] if len(cues) else np.zeros(0, np.int64)
    ce = np.array([cue[1] for cue in cues], dtype=np.int64)[c] if len(cues) else np.zeros(0, np.int64)
    h = heads[c] if len(cues) else np.zeros(0, np.int64)
    n_rows = len(t)
    one = np.ones(n_rows, dtype=np.uint64)
    u = np.uint64

    side = np.where(t < cs, 0, np.where(t >= ce, 2, 1)).astype(np.uint64)
    gap = np.where(t < cs, cs - t, np.where(t >= ce, t - ce + 1, 0))
    dist = np.searchsorted(_DISTANCES, gap, side="right").astype(np.uint64)
    near = np.minimum(gap, 4).astype(np.uint64)
    sent_delta = (np.clip(d.sent[t] - d.sent[cs], -3, 4) + 3).astype(np.uint64)
    cue_lemma = d.lemma[h]
    cue_key = _mix(99, d.lemma[cs], d.lemma[ce - 1], np.minimum(ce - cs, 4).astype(np.uint64))
    cue_dep = d.dep[h]

    # lowest common ancestor: the first of the token's ancestors that is also one of the cue head's
    tok_chain = d.ancestors[:, t]  # (K+1, rows)
    cue_chain = d.ancestors[:, h]
    same = tok_chain[:, None, :] == cue_chain[None, :, :]  # (K+1, K+1, rows)
    hit_up = same.any(axis=1)
    found = hit_up.any(axis=0)
    up = np.where(found, hit_up.argmax(axis=0), _ANCESTORS + 1)
    lca = tok_chain[np.minimum(up, _ANCESTORS), np.arange(n_rows)]
    down = np.where(found, (cue_chain == lca[None, :]).argmax(axis=0), _ANCESTORS + 1)
    is_ancestor = found & (up == 0)
    in_subtree = found & (down == 0) & (up > 0)
    # the branch under the common ancestor that leads to the token, and its dependency label
    branch = np.where(found & (up > 0), tok_chain[np.maximum(up - 1, 0), np.arange(n_rows)], t)
    via = np.where(found & (up > 0), d.dep[branch], np.where(found, u(1), u(2)))
    path = np.full(n_rows, u(0))
    for k in range(_PATH_STEPS):
        step = np.where(up > k, d.dep[tok_chain[k]], u(0))
        path = _mix(98, path, step)
    updown = (np.minimum(up, 4) * 8 + np.minimum(down, 4)).astype(np.uint64)
    path = _mix(97, path, updown)
    rel = (is_ancestor * 2 + in_subtree).astype(np.uint64)

    # quotations
    tq = d.quote[t].astype(np.uint64)
    cq = d.quote[cs].astype(np.uint64)
    same_quote = ((d.q_open[t] >= 0) & (d.q_open[t] == d.q_open[cs])).astype(np.uint64)
    adjacent = (
        (d.q_open[t] >= 0)
        & (((d.q_close[t] < cs) & (d.q_close[t] >= cs - 3)) | ((d.q_open[t] >= ce) & (d.q_open[t] <= ce + 2)))
    ).astype(np.uint64)
    clause = d.clause_mark[d.left[branch]]
    own_clause = d.clause_mark[d.left[t]]

    # punctuation between the token and the cue
    lo, hi = np.minimum(t, cs), np.maximum(t + 1, ce)
    between = d.marks[:, hi] - d.marks[:, lo]
    punct = (np.minimum(between, 1) * np.array([[1], [2], [4], [8]])).sum(axis=0).astype(np.uint64)

    n = len(d.lower)
    # the document's other cues: a content seldom runs past another relation's cue, and never into it
    cue_marks = np.zeros(n + 1, dtype=np.int64)
    for start, end in cues:
        cue_marks[start:end] = 1
    in_other = (cue_marks[t] == 1) & ~rows.in_cue
    other_cum = np.r_[0, np.cumsum(cue_marks[:n])]
    others = np.clip(other_cum[hi] - other_cum[lo] - (ce - cs), 0, 2).astype(np.uint64)
    prev_t, next_t = np.maximum(t - 1, 0), np.minimum(t + 1, n - 1)
    before_cue = d.lower[np.maximum(cs - 1, 0)]
    after_cue = d.lower[np.minimum(ce, n - 1)]
    feats = [
        _mix(0, side, sent_delta),
        _mix(1, side, dist),
        _mix(2, side, dist, cue_lemma),
        _mix(3, side, sent_delta, cue_lemma),
        _mix(4, rel, side),
        _mix(5, path),
        _mix(6, path, cue_lemma),
        _mix(7, path, d.dep[t]),
        _mix(8, via, side),
        _mix(9, via, cue_lemma, side),
        _mix(10, via, updown),
        _mix(11, via, d.dep[t], d.pos[t]),
        _mix(12, tq, cq, same_quote, side),
        _mix(13, adjacent, tq, side),
        _mix(14, clause, via, side),
        _mix(15, clause, side, dist),
        _mix(16, punct, side),
        _mix(17, punct, via),
        _mix(18, d.lower[t], side),
        _mix(19, d.lemma[t], side, rel),
        _mix(20, d.pos[t], side),
        _mix(21, d.dep[t], side),
        _mix(22, d.shape[t]),
        _mix(23, d.lower[prev_t], side),
        _mix(24, d.lower[next_t], side),
        _mix(25, d.pos[prev_t], d.pos[t], side),
        _mix(26, d.pos[t], d.pos[next_t], side),
        _mix(27, d.dep[t], d.dep[d.head[t]], side),
        _mix(28, d.lemma[d.head[t]], d.dep[t]),
        _mix(29, near, d.lower[t], side),
        _mix(30, cue_dep, via, side),
        _mix(31, cue_key, side, dist),
        _mix(32, d.first[t].astype(np.uint64), side, sent_delta),
        _mix(33, d.pos[t], path),
        _mix(34, d.tag[t], side, sent_delta),
        _mix(35, tq, via, cue_lemma),
        _mix(36, before_cue, side, tq),
        _mix(37, after_cue, side, tq),
        _mix(38, d.pos[t], rel, dist),
        _mix(39, own_clause, d.dep[t], side),
        _mix(40, cue_key, via, side),
        _mix(41, punct, tq, side, one),
        _mix(42, others, side),
        _mix(43, in_other.astype(np.uint64), side),
        _mix(44, others, side, sent_delta),
        _mix(45, others, via, side),
    ]
    out = np.stack(feats, axis=1) if n_rows else np.zeros((0, len(feats)), dtype=np.uint64)
    return _buckets(out, bits)


__all__ = [
    "BOOL",
    "I64",
    "U64",
    "DocArrays",
    "Range",
    "Rows",
    "cue_head",
    "doc_arrays",
    "features",
    "rows_for",
    "window",
    "windows",
]

"""Stage 2 of attribution: the source and content spans of ONE cue, tagged with the cue in view.

The stage-1 tagger (:mod:`claimgraph.extract.attr_tagger`) tags cue, source and
content tokens in one pass, so a content token does not know which cue it
belongs to. Here each cue gets its own window (its sentence, up to
``before`` sentences before and ``after`` after it, inside its paragraph) whose
tokens are tagged ``O`` / ``B-``/``I-SOURCE`` / ``B-``/``I-CONTENT`` for that
relation only. The features are relative to the cue: the side and distance of
the token, its dependency path to the lowest common ancestor with the cue's
head (``nsubj`` under "said" is a source, ``ccomp`` a content), whether the two
sit in one quotation, whether the token's clause opens with "that" or a quote
mark, the punctuation and the document's other cues between them; plus the
token's own word, tag and neighbours. All cues of a document are featurised and decoded together (one
Viterbi pass over a padded batch), so the cost grows with the window tokens only.

The weights (``data/attr_spans/weights.npz``) are trained by
``python -m claimgraph.eval.train_spans`` (see ``data/attr_spans/MODEL.md``);
they are int8 with one scale per tag and hold no strings: every feature is a
hash of spaCy's 64-bit string ids and small integers.
"""

from __future__ import annotations

import json
import os
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

TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT")
OUTSIDE, B_SOURCE, I_SOURCE, B_CONTENT, I_CONTENT = range(len(TAGS))
Range = tuple[int, int]
#: the source ranges and the content ranges of one cue, token indices ``[start, end)``
CueSpans = tuple[tuple[Range, ...], tuple[Range, ...]]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
BOOL = npt.NDArray[np.bool_]

_ANCESTORS = 10  # dependency steps followed up from a token; deeper trees are cut there
_PATH_STEPS = 3  # labels kept of a token's path up to the common ancestor
_DISTANCES = np.array([2, 3, 4, 6, 9, 16, 31], dtype=np.int64)  # token-distance buckets
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX3 = np.uint64(0x165667B19E3779F9)
_FORBIDDEN = np.float32(-1e4)
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


# -- the model --------------------------------------------------------------------------------------------------


_LANE = 16  # bits per tag in the packed weights
_LANE_MASK = np.uint64((1 << _LANE) - 1)


def pack(quantised: npt.NDArray[np.int8]) -> tuple[U64, U64]:
    """int8 weights ``(rows, 5)`` as two words per row: tags 0-3 and tag 4, each biased by 128 in a 16-bit lane.

    A token's score is a sum over ~40 rows; summing the packed words adds all
    lanes at once (a lane never carries into the next: 40 x 255 < 2**16), which
    is several times faster than gathering and summing a float table.
    """
    lanes = (quantised.astype(np.int64) + 128).astype(np.uint64)
    low = lanes[:, 0] | lanes[:, 1] << np.uint64(16) | lanes[:, 2] << np.uint64(32) | lanes[:, 3] << np.uint64(48)
    return np.ascontiguousarray(low), np.ascontiguousarray(lanes[:, 4])


@dataclass(frozen=True, slots=True)
class SpanModel:
    """Weights ``(2**bits, len(TAGS))``, ``transitions[previous, next]`` (start row last) and the window size.

    ``packed`` and ``scale`` (from :func:`pack` of the int8 weights) make scoring fast; without them the
    float ``weights`` are summed (what training does).
    """

    bits: int
    weights: F32
    transitions: F32
    before: int = 2
    after: int = 3
    packed: tuple[U64, U64] | None = None
    scale: F32 | None = None

    def row_scores(self, feats: npt.NDArray[np.uint32]) -> F32:
        """Tag scores ``(n_rows, len(TAGS))`` of feature rows."""
        if self.packed is None or self.scale is None:
            out: F32 = self.weights[feats].sum(axis=1)
            return out
        if feats.shape[1] * 255 >= 1 << _LANE:
            raise ClaimgraphError("too many feature templates for the packed span model")  # a programming error
        index = feats.astype(np.intp)
        low = np.take(self.packed[0], index).sum(axis=1)
        high = np.take(self.packed[1], index).sum(axis=1)
        lanes = np.stack([low & _LANE_MASK, (low >> np.uint64(16)) & _LANE_MASK, (low >> np.uint64(32)) & _LANE_MASK,
                          low >> np.uint64(48), high], axis=1).astype(np.int64)  # fmt: skip
        scores: F32 = (lanes - 128 * feats.shape[1]).astype(np.float32) * self.scale
        return scores


@cache
def load_model() -> SpanModel:
    """The packaged model, loaded once per process (a coded error when the file is missing or unreadable)."""
    ref = resources.files("claimgraph.extract").joinpath("data", "attr_spans", "weights.npz")
    try:
        with resources.as_file(ref) as path:
            return read_model(path)
    except OSError as exc:
        raise ClaimgraphError(f"cannot load the attribution span model ({exc}); reinstall claimgraph") from None


def read_model(path: str | os.PathLike[str]) -> SpanModel:
    """A model from a ``weights.npz`` file (int8 weights with one scale per tag)."""
    try:
        with np.load(path) as data:
            q = data["weights"]
            scale = data["scale"].astype(np.float32)
            transitions = data["transitions"].astype(np.float32)
            bits, before, after = (int(data[k]) for k in ("bits", "before", "after"))
    except (OSError, KeyError, ValueError, EOFError) as exc:
        raise ClaimgraphError(f"cannot load the attribution span model {path} ({exc}); reinstall claimgraph") from None
    if q.shape != (1 << bits, len(TAGS)) or transitions.shape != (len(TAGS) + 1, len(TAGS)):
        raise ClaimgraphError(f"the attribution span model {path} has the wrong shape; reinstall claimgraph")
    weights = (q.astype(np.float32) * scale[None, :]).astype(np.float32)
    return SpanModel(bits, weights, transitions, before, after, pack(q), scale)


def allowed_transitions() -> BOOL:
    """``allowed[previous, next]``; row ``len(TAGS)`` is the window start. ``I-X`` only after ``B-X``/``I-X``."""
    allowed = np.ones((len(TAGS) + 1, len(TAGS)), dtype=bool)
    allowed[:, I_SOURCE] = False
    allowed[[B_SOURCE, I_SOURCE], I_SOURCE] = True
    allowed[:, I_CONTENT] = False
    allowed[[B_CONTENT, I_CONTENT], I_CONTENT] = True
    return allowed


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


# -- decoding ---------------------------------------------------------------------------------------------------


def batch_scores(row_scores: F32, rows: Rows) -> F32:
    """Tag scores ``(width, n_cues, len(TAGS))`` of a batch; padding and the cue's own tokens can only be ``O``."""
    n_cues, width = rows.valid.shape
    forced = np.full(len(TAGS), _FORBIDDEN, dtype=np.float32)
    forced[OUTSIDE] = 0.0
    out = np.broadcast_to(forced, (width, n_cues, len(TAGS))).copy()
    if len(row_scores):
        row_scores = row_scores.copy()
        row_scores[rows.in_cue] = forced
        out[rows.valid.T] = row_scores[rows.order]
    return out


def viterbi(scores: F32, transitions: F32) -> I64:
    """Best tag sequences ``(n_cues, width)`` of a batch scored ``(width, n_cues, len(TAGS))``, plus transitions."""
    width, n_cues, n_tags = scores.shape
    path = np.zeros((width, n_cues), dtype=np.int64)
    if n_cues == 0 or width == 0:
        return path.T
    trans = np.where(allowed_transitions(), transitions, _FORBIDDEN).astype(np.float32)
    moves = trans[:-1][None, :, :]
    back = np.zeros((width, n_cues, n_tags), dtype=np.int8)
    best = scores[0] + trans[-1]
    for i in range(1, width):
        cand = best[:, :, None] + moves
        back[i] = cand.argmax(axis=1)
        best = cand.max(axis=1)
        best += scores[i]
    path[-1] = best.argmax(axis=1)
    cues = np.arange(n_cues)
    for i in range(width - 1, 0, -1):
        path[i - 1] = back[i, cues, path[i]]
    return path.T


def decode(d: DocArrays, rows: Rows, tags: I64) -> list[CueSpans]:
    """The spans of each cue from the batch's tag sequences ``(n_cues, width)``; a ``B-`` starts a run."""
    flat = tags[rows.valid]
    n = len(flat)
    found: list[tuple[list[Range], list[Range]]] = [([], []) for _ in range(rows.valid.shape[0])]
    if n == 0:
        return []
    # Viterbi allows I-X only after B-X or I-X, so a run is a B- and the I- tags after it
    goes_on = (flat == I_SOURCE) | (flat == I_CONTENT)
    goes_on[0] = False
    goes_on[1:] &= rows.cue[1:] == rows.cue[:-1]
    stops = np.r_[np.flatnonzero(~goes_on), n]
    begins = np.flatnonzero((flat == B_SOURCE) | (flat == B_CONTENT))
    ends = stops[np.searchsorted(stops, begins, side="right")]
    for b, e in zip(begins.tolist(), ends.tolist(), strict=True):
        s, last = int(rows.token[b]), int(rows.token[e - 1]) + 1
        while s < last and d.space[s]:
            s += 1
        while last > s and d.space[last - 1]:
            last -= 1
        if last > s:
            found[int(rows.cue[b])][0 if flat[b] == B_SOURCE else 1].append((s, last))
    return [(tuple(src), tuple(con)) for src, con in found]


def spans_for_cues(doc: Doc, cues: Sequence[Range], model: SpanModel | None = None) -> list[CueSpans]:
    """Source and content token ranges ``[start, end)`` of each cue (a token range of ``doc``), in order.

    Pass ALL the cues of the document in one call: besides being cheaper (one
    batched pass), the other cues are features (a content seldom runs past another
    relation's cue). Each cue is tagged on its own: a token may belong to several
    cues' spans, and a cue may get no source (an unattributed "reportedly") or no
    content. Content split by its cue ("..., she said, ...") comes back as two ranges.
    Raises :class:`ClaimgraphError` for a cue range outside the document or when the
    packaged model cannot be read.
    """
    model = model or load_model()
    for start, end in cues:
        if not 0 <= start < end <= len(doc):
            raise ClaimgraphError(f"cue token range ({start}, {end}) is not inside the document ({len(doc)} tokens)")
    if not cues:
        return []
    d = doc_arrays(doc)
    rows = rows_for(d, cues, model.before, model.after)
    feats = features(d, cues, rows, model.bits)
    tags = viterbi(batch_scores(model.row_scores(feats), rows), model.transitions)
    return decode(d, rows, tags)


__all__ = [
    "TAGS",
    "CueSpans",
    "DocArrays",
    "Range",
    "Rows",
    "SpanModel",
    "allowed_transitions",
    "batch_scores",
    "cue_head",
    "decode",
    "doc_arrays",
    "features",
    "load_model",
    "pack",
    "read_model",
    "rows_for",
    "spans_for_cues",
    "viterbi",
    "window",
    "windows",
]

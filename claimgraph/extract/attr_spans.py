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

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError
from claimgraph.extract.attr_span_features import (
    BOOL,
    I64,
    U64,
    DocArrays,
    Range,
    Rows,
    cue_head,
    doc_arrays,
    features,
    rows_for,
    window,
    windows,
)

TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT")
OUTSIDE, B_SOURCE, I_SOURCE, B_CONTENT, I_CONTENT = range(len(TAGS))
#: the source ranges and the content ranges of one cue, token indices ``[start, end)``
CueSpans = tuple[tuple[Range, ...], tuple[Range, ...]]
F32 = npt.NDArray[np.float32]
_FORBIDDEN = np.float32(-1e4)

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

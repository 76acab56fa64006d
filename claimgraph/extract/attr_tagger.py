"""The learned attribution tagger: BIO tags for cue, source and content tokens, grouped into relations.

A linear model over hashed features (:mod:`claimgraph.extract.attr_features`)
scores seven tags per token (``O``, ``B-``/``I-`` of ``CUE``, ``SOURCE``,
``CONTENT``); a Viterbi pass with the model's transition scores picks the tag
sequence, with no ``I-X`` after anything but ``X``. Each cue run becomes a
relation; each source run joins the nearest cue of its sentence, and each
content run the nearest cue of its paragraph (a quotation may run over several
sentences before its "she said").

The weights (``data/attr_model/weights.npz``) are trained by
``python -m claimgraph.eval.train_attribution`` (see ``data/attr_model/MODEL.md``);
they are int8 with one scale per tag and hold no strings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError
from claimgraph.extract.attr_context import ContextModel
from claimgraph.extract.attr_features import RULE_CONTENT, RULE_CUE, RULE_SOURCE, token_features
from claimgraph.model import Cue, Source, Span

TAGS = ("O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT")
NONE, CUE, SOURCE, CONTENT = 0, 1, 2, 3  # roles; tag 2*r-1 is B-, 2*r is I-
F32 = npt.NDArray[np.float32]
Range = tuple[int, int]


def role_of(tag: int) -> int:
    """The role (``CUE``, ``SOURCE``, ``CONTENT`` or ``NONE``) of a tag id."""
    return (tag + 1) // 2


def _no_bias() -> F32:
    return np.zeros(len(TAGS), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class TaggerModel:
    """Weights ``(2**bits, len(TAGS))``, ``transitions[previous, next]`` (a start row last) and a per-tag bias.

    The bias is added at decoding time only; it is tuned on dev after training to trade cue precision
    for recall (a cue the tagger misses loses the whole relation).
    """

    bits: int
    weights: F32
    transitions: F32
    bias: F32 = field(default_factory=_no_bias)

    def scores(self, features: npt.NDArray[np.uint32]) -> F32:
        """Per-token tag scores, ``(n_tokens, len(TAGS))``."""
        if len(features) == 0:
            return np.zeros((0, len(TAGS)), dtype=np.float32)
        out: F32 = self.weights[features].sum(axis=1) + self.bias
        return out


def allowed_transitions() -> npt.NDArray[np.bool_]:
    """``allowed[previous, next]``; row ``len(TAGS)`` is the start of the document."""
    allowed = np.ones((len(TAGS) + 1, len(TAGS)), dtype=bool)
    for nxt in range(len(TAGS)):
        if nxt % 2 == 0 and nxt > 0:  # I-X
            for prev in range(len(TAGS) + 1):
                allowed[prev, nxt] = prev < len(TAGS) and role_of(prev) == role_of(nxt)
    return allowed


_FORBIDDEN = np.float32(-1e4)


@cache
def load_model() -> TaggerModel:
    """The packaged model, loaded once per process."""
    ref = resources.files("claimgraph.extract").joinpath("data", "attr_model", "weights.npz")
    with resources.as_file(ref) as path:
        return read_model(path)


def read_model(path: str | os.PathLike[str]) -> TaggerModel:
    """A model from a ``weights.npz`` file (int8 weights with one scale per tag; a coded error when unreadable)."""
    try:
        with np.load(path) as data:
            q = data["weights"]
            scale = data["scale"].astype(np.float32)
            transitions = data["transitions"].astype(np.float32)
            bits = int(data["bits"])
            bias = data["bias"].astype(np.float32) if "bias" in data.files else _no_bias()
    except (OSError, KeyError, ValueError, EOFError) as exc:
        raise ClaimgraphError(
            f"cannot load the attribution tagger model {path} ({exc}); reinstall claimgraph"
        ) from None
    weights = (q.astype(np.float32) * scale[None, :]).astype(np.float32)
    return TaggerModel(bits, weights, transitions, bias)


def viterbi(scores: F32, transitions: F32) -> npt.NDArray[np.int64]:
    """Best tag sequence under ``scores`` plus ``transitions``, forbidden moves excluded."""
    n = len(scores)
    path = np.zeros(n, dtype=np.int64)
    if n == 0:
        return path
    trans = np.where(allowed_transitions(), transitions, _FORBIDDEN).astype(np.float32)
    moves = trans[:-1]
    cols = np.arange(len(TAGS))
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    best = scores[0] + trans[-1]
    for i in range(1, n):
        cand = best[:, None] + moves
        arg = cand.argmax(axis=0)
        back[i] = arg
        best = cand[arg, cols] + scores[i]
    path[-1] = int(best.argmax())
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


@dataclass(frozen=True, slots=True)
class TaggedRelation:
    """One relation from the tagger, as token ranges ``[start, end)``."""

    cue: Range
    sources: tuple[Range, ...]
    contents: tuple[Range, ...]


def _runs(doc: Doc, tags: npt.NDArray[np.int64], space: npt.NDArray[np.bool_]) -> list[tuple[int, int, int]]:
    """(role, start, end) of each run of one role, split at ``B-`` tags; edge spaces dropped."""
    roles = (tags + 1) // 2
    n = len(tags)
    begins = np.flatnonzero((roles != np.r_[-1, roles[:-1]]) | (tags % 2 == 1))
    ends = np.r_[begins[1:], n]
    out: list[tuple[int, int, int]] = []
    for s, e in zip(begins.tolist(), ends.tolist(), strict=True):
        role = int(roles[s])
        if role == NONE:
            continue
        while s < e and space[s]:
            s += 1
        while e > s and space[e - 1]:
            e -= 1
        if e > s:
            out.append((role, s, e))
    return out


def _gap(a: Range, b: Range) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def group_relations(doc: Doc, tags: npt.NDArray[np.int64]) -> list[TaggedRelation]:
    """Relations from a tag sequence: sources join the nearest cue of their sentence, contents of their paragraph."""
    arr = doc.to_array(["SENT_START", "IS_SPACE"]).astype(np.int64)
    space = arr[:, 1] == 1
    runs = _runs(doc, tags, space)
    cues = [(s, e) for role, s, e in runs if role == CUE]
    if not cues:
        return []
    sent_of = np.cumsum(arr[:, 0] == 1)
    breaks = np.zeros(len(doc), dtype=np.int64)
    for i in np.flatnonzero(space).tolist():
        breaks[i] = "\n" in doc[i].text
    para_of = np.cumsum(breaks)
    sources: list[list[Range]] = [[] for _ in cues]
    contents: list[list[Range]] = [[] for _ in cues]
    for role, s, e in runs:
        if role == CUE:
            continue
        same = sent_of if role == SOURCE else para_of
        # a run crossing sentences (a long quotation) belongs where either of its ends does
        near = [
            (_gap((s, e), cue), k)
            for k, cue in enumerate(cues)
            if same[cue[0]] in (same[s], same[e - 1]) or (role == CONTENT and s <= cue[0] < e)
        ]
        if near:
            target = min(near)[1]
            (sources if role == SOURCE else contents)[target].append((s, e))
    return [
        TaggedRelation(cue, tuple(src), tuple(con))
        for cue, src, con in zip(cues, sources, contents, strict=True)
        if con
    ]


def token_range(starts: npt.NDArray[np.int64], start: int, end: int) -> Range:
    """Token indices ``[first, last)`` of the tokens overlapping chars ``[start, end)`` (``starts``: token offsets)."""
    first = int(np.searchsorted(starts, start, side="right")) - 1
    last = int(np.searchsorted(starts, end, side="left"))
    return max(first, 0), max(last, first + 1)


def rule_roles(doc: Doc, claims: Iterable[tuple[Span, Source, Cue | None]]) -> npt.NDArray[np.int8]:
    """The role the rules gave each token, from ``(content, source, cue)`` of each claim (outlet's own skipped)."""
    roles = np.zeros(len(doc), dtype=np.int8)
    starts = doc.to_array("IDX").astype(np.int64)
    for content, source, cue in claims:
        if source.kind == "author" or cue is None:
            continue
        marks = [(content, RULE_CONTENT), (cue.span, RULE_CUE)]
        if source.span is not None:
            marks.append((source.span, RULE_SOURCE))
        for span, role in marks:
            s, e = token_range(starts, span.start, span.end)
            roles[s:e] = role
    return roles


def tag_doc(
    doc: Doc,
    rule_roles: npt.NDArray[np.int8],
    model: TaggerModel | None = None,
    context: ContextModel | None = None,
) -> npt.NDArray[np.int64]:
    """The tag ids of every token of ``doc``.

    With ``context`` (:mod:`claimgraph.extract.attr_context`), its weighted log-probabilities from
    spaCy's token vectors are added to the linear scores, when ``doc`` carries those vectors.
    """
    model = model or load_model()
    scores = model.scores(token_features(doc, rule_roles, model.bits))
    extra = context.scores(doc, rule_roles) if context is not None else None
    if extra is not None:
        scores = scores + extra
    return viterbi(scores, model.transitions)


__all__ = [
    "CONTENT",
    "CUE",
    "NONE",
    "SOURCE",
    "TAGS",
    "TaggedRelation",
    "TaggerModel",
    "allowed_transitions",
    "group_relations",
    "load_model",
    "read_model",
    "role_of",
    "rule_roles",
    "tag_doc",
    "token_range",
    "viterbi",
]

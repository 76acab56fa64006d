"""Context scores for the attribution tagger, read off the token vectors spaCy has already computed.

The linear tagger (:mod:`claimgraph.extract.attr_tagger`) sees hashed words, lemmas and dependency
paths. spaCy's ``tok2vec`` layer also leaves a dense contextual vector per token in ``doc.tensor``
(96 numbers for ``en_core_web_sm``), which the tagger and parser were trained on and which costs nothing
more to read. A small network over those vectors gives per-token log-probabilities of the seven tags,
added (times ``alpha``) to the linear scores before the Viterbi pass.

Input per token: its own vector, the vectors of the two tokens before and after it (zeros past the
document's edges), of its syntactic head and of the head's head, and the rule role (none, cue,
source, content) of the token and of its head, one-hot. One hidden layer (ReLU), a softmax over the
tags. The weights (``data/attr_context/weights.npz``) are trained by
``python -m claimgraph.eval.train_attr_context`` (see ``data/attr_context/MODEL.md``).

The vectors mean something only for the spaCy pipeline they were trained on, so the model records
that pipeline (language, name, version, vector width) and :func:`context_for` gives it only to a
matching one. A document whose tensor is missing or of another shape is tagged by the linear model alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

#: neighbours on each side whose vectors are read
WINDOW = 2
#: steps up the dependency tree whose vectors are read (head, head's head)
HEAD_STEPS = 2
N_ROLES = 4  # attr_features.RULE_NONE .. RULE_CONTENT


@dataclass(frozen=True, slots=True)
class ContextModel:
    """One hidden layer: ``w0 (n_inputs, hidden)``, ``w1 (hidden, 7)``; ``alpha`` weighs its log-probabilities.

    ``pipeline`` is ``"lang/name/version"`` of the spaCy pipeline whose ``doc.tensor`` it reads,
    ``width`` that tensor's width.
    """

    w0: F32
    b0: F32
    w1: F32
    b1: F32
    alpha: float
    pipeline: str
    width: int

    def fits(self, doc: Doc) -> bool:
        """Whether ``doc`` carries the token vectors this model reads."""
        tensor = doc.tensor
        return isinstance(tensor, np.ndarray) and tuple(tensor.shape) == (len(doc), self.width)

    def log_probs(self, doc: Doc, roles: npt.NDArray[np.int8]) -> F32:
        """Per-token log-probabilities of the tags, ``(n_tokens, 7)``; ``doc`` must fit (:meth:`fits`)."""
        x = context_inputs(np.asarray(doc.tensor, dtype=np.float32), heads_of(doc), roles)
        return forward(x, self.w0, self.b0, self.w1, self.b1)

    def scores(self, doc: Doc, roles: npt.NDArray[np.int8]) -> F32 | None:
        """``alpha`` x :meth:`log_probs`, or None when ``doc`` has no fitting tensor."""
        if not len(doc) or not self.fits(doc):
            return None
        out: F32 = (self.alpha * self.log_probs(doc, roles)).astype(np.float32)
        return out


def heads_of(doc: Doc) -> I64:
    """Absolute index of each token's syntactic head (a root is its own head)."""
    rel = doc.to_array("HEAD").astype(np.int64)  # spaCy stores the head as an offset
    return rel + np.arange(len(doc), dtype=np.int64)


def n_inputs(width: int) -> int:
    """Input size of the network for token vectors of ``width``."""
    return width * (1 + 2 * WINDOW + HEAD_STEPS) + 2 * N_ROLES


def context_inputs(tensor: F32, heads: I64, roles: npt.NDArray[np.int8]) -> F32:
    """The network's input rows of one document: see the module docstring for what each holds."""
    n, width = tensor.shape
    padded = np.vstack([tensor, np.zeros((1, width), dtype=np.float32)])  # row n: outside the document
    idx = np.arange(n)
    blocks = [tensor]
    for k in range(1, WINDOW + 1):
        before, after = idx - k, idx + k
        blocks.append(padded[np.where(before >= 0, before, n)])
        blocks.append(padded[np.where(after < n, after, n)])
    up = heads
    for _ in range(HEAD_STEPS):
        blocks.append(tensor[up])
        up = heads[up]
    one_hot = np.eye(N_ROLES, dtype=np.float32)
    r = np.clip(roles.astype(np.int64), 0, N_ROLES - 1)
    blocks += [one_hot[r], one_hot[r[heads]]]
    return np.hstack(blocks).astype(np.float32, copy=False)


def forward(x: F32, w0: F32, b0: F32, w1: F32, b1: F32) -> F32:
    """Log-softmax of the one-hidden-layer network's outputs."""
    logits = np.maximum(x @ w0 + b0, 0.0) @ w1 + b1
    logits -= logits.max(axis=1, keepdims=True)
    out: F32 = (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))).astype(np.float32)
    return out


def pipeline_id(nlp: Language) -> str:
    """``"lang/name/version"`` of a spaCy pipeline, as :class:`ContextModel` records it."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}/{meta.get('name', '?')}/{meta.get('version', '?')}"


def tensor_width(nlp: Language) -> int | None:
    """Width of the vectors the pipeline's ``tok2vec`` writes to ``doc.tensor`` (None without one)."""
    if "tok2vec" not in nlp.pipe_names:
        return None
    model = nlp.get_pipe("tok2vec").model  # type: ignore[attr-defined]
    return int(model.get_dim("nO")) if model.has_dim("nO") else None


def context_for(nlp: Language) -> ContextModel | None:
    """The packaged model when ``nlp`` is the spaCy pipeline it was trained on, else None.

    Also None when the package carries no model file (it may be removed, see ``MODEL.md``'s licence
    note): the tagger then runs on its linear model alone. A file that is there but unreadable is an error.
    """
    if not _packaged().is_file():
        return None
    model = load_context_model()
    if pipeline_id(nlp) != model.pipeline or tensor_width(nlp) != model.width:
        return None
    return model


def _packaged() -> Traversable:
    return resources.files("claimgraph.extract").joinpath("data", "attr_context", "weights.npz")


@cache
def load_context_model() -> ContextModel:
    """The packaged model, loaded once per process."""
    with resources.as_file(_packaged()) as path:
        return read_context_model(path)


def read_context_model(path: str | os.PathLike[str]) -> ContextModel:
    """A model from a ``weights.npz`` file (float16 weights; a coded error when unreadable)."""
    try:
        with np.load(path) as data:
            arrays = [data[k].astype(np.float32) for k in ("w0", "b0", "w1", "b1")]
            alpha = float(data["alpha"])
            pipeline = str(data["pipeline"])
            width = int(data["width"])
    except (OSError, KeyError, ValueError, EOFError) as exc:
        raise ClaimgraphError(
            f"cannot load the attribution context model {path} ({exc}); reinstall claimgraph"
        ) from None
    w0, b0, w1, b1 = arrays
    if w0.shape[0] != n_inputs(width) or w1.shape != (w0.shape[1], 7) or b0.shape != (w0.shape[1],):
        raise ClaimgraphError(f"the attribution context model {path} has inconsistent shapes; reinstall claimgraph")
    return ContextModel(w0, b0, w1, b1, alpha, pipeline, width)


def write_context_model(path: str | os.PathLike[str], model: ContextModel) -> None:
    """Save ``model`` as :func:`read_context_model` reads it (weights as float16)."""
    np.savez_compressed(
        path,
        w0=model.w0.astype(np.float16),
        b0=model.b0.astype(np.float16),
        w1=model.w1.astype(np.float16),
        b1=model.b1.astype(np.float16),
        alpha=np.float32(model.alpha),
        pipeline=np.str_(model.pipeline),
        width=np.int64(model.width),
    )


__all__ = [
    "HEAD_STEPS",
    "WINDOW",
    "ContextModel",
    "context_for",
    "context_inputs",
    "forward",
    "heads_of",
    "load_context_model",
    "n_inputs",
    "pipeline_id",
    "read_context_model",
    "tensor_width",
    "write_context_model",
]

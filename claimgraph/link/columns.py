"""Compact column storage for streaming a million claims through the linker.

A claim kept as a Python object costs ~700 bytes (the object, its strings, a ``Quantity`` with its
``Span``); the same facts as typed array columns with repeated strings interned to int ids cost ~100.
Sentence vectors are kept in fixed-size blocks while claims stream in, large enough to be mapped and
unmapped whole, so freed vectors go back to the operating system instead of fragmenting the heap (a
list of small per-batch arrays left ~1.5 GB of freed heap behind at a million claims).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimgraph.link.figures import FigureQuantity
from claimgraph.model import Quantity

_BLOCK_ROWS = 65536


class Interner:
    """Strings <-> dense int ids; each distinct string is stored once."""

    __slots__ = ("_ids", "strings")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.strings: list[str] = []

    def id(self, value: str) -> int:
        found = self._ids.get(value)
        if found is None:
            found = self._ids[value] = len(self.strings)
            self.strings.append(value)
        return found

    def opt(self, value: str | None) -> int:
        """Like :meth:`id`, with -1 for None."""
        return -1 if value is None else self.id(value)

    def get(self, ident: int) -> str | None:
        return None if ident < 0 else self.strings[ident]

    def __len__(self) -> int:
        return len(self.strings)


class VectorBlocks:
    """Append-only matrix of unit vectors, in blocks of 65,536 rows.

    float32 by default. float16 halves the streaming memory, but the clustering peak holds a float32
    matrix anyway (casting gathered float16 pairs doubled clustering time), and rounding moved 0.16 %
    of claims to another cluster on a 100k synthetic run, so it is an option, not the default.
    """

    def __init__(self, dim: int | None = None, *, dtype: type[np.floating] = np.float32) -> None:
        self.dim = dim
        self.dtype = dtype
        self._blocks: list[npt.NDArray[np.floating]] = []
        self._fill = 0  # rows used in the last block
        self.rows = 0

    def append(self, vectors: npt.ArrayLike) -> None:
        chunk = np.asarray(vectors)
        if chunk.ndim != 2 or not len(chunk):
            return
        if self.dim is None:
            self.dim = int(chunk.shape[1])
        done = 0
        while done < len(chunk):
            if not self._blocks or self._fill == _BLOCK_ROWS:
                self._blocks.append(np.empty((_BLOCK_ROWS, self.dim), dtype=self.dtype))
                self._fill = 0
            take = min(_BLOCK_ROWS - self._fill, len(chunk) - done)
            self._blocks[-1][self._fill : self._fill + take] = chunk[done : done + take]
            self._fill += take
            done += take
        self.rows += len(chunk)

    def to_matrix(self, default_dim: int = 384) -> npt.NDArray[np.float32]:
        """One (rows, dim) float32 matrix; the blocks are released as they are copied."""
        out = np.empty((self.rows, self.dim or default_dim), dtype=np.float32)
        row = 0
        self._blocks.reverse()
        while self._blocks:
            block = self._blocks.pop()
            take = min(len(block), self.rows - row)
            out[row : row + take] = block[:take]
            row += take
            del block
        self.rows = self._fill = 0
        return out


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _none(value: float) -> float | None:
    return None if math.isnan(value) else value


class QuantityColumns:
    """The figure fields of each claim's main quantity (what :mod:`claimgraph.link.figures` compares)."""

    def __init__(self, strings: Interner) -> None:
        self._strings = strings
        self.text: list[str] = []
        self.value = array("d")
        self.low = array("d")
        self.high = array("d")
        self.unit = array("i")
        self.approx_class = array("i")
        self.direction = array("i")

    def add(self, q: Quantity) -> int:
        self.text.append(q.text)
        self.value.append(_nan(q.value))
        self.low.append(_nan(q.low))
        self.high.append(_nan(q.high))
        self.unit.append(self._strings.opt(q.unit))
        self.approx_class.append(self._strings.id(q.approx_class))
        self.direction.append(self._strings.opt(q.direction))
        return len(self.text) - 1

    def figure_quantity(self, index: int) -> FigureQuantity:
        return FigureQuantity(
            text=self.text[index],
            value=_none(self.value[index]),
            low=_none(self.low[index]),
            high=_none(self.high[index]),
            unit=self._strings.get(self.unit[index]),
            approx_class=self._strings.get(self.approx_class[index]) or "=",
            direction=self._strings.get(self.direction[index]),
        )


class ClaimColumns:
    """One row per claim: what clustering, provenance and figures need, as int and float columns."""

    def __init__(self) -> None:
        self.strings = Interner()  # claim ids, dates, source kinds and names: all heavily repeated
        self.doc = array("i")
        self.claim_id = array("i")
        self.when = array("i")
        self.source_kind = array("i")
        self.source_text = array("i")
        self.source_local = array("i")  # local entity row (see LocalEntityTable) or -1
        self.subject = array("i")  # the article's lead entity row for a claim that names no actor, else -1
        self.display = array("i")
        self.asserted = array("b")
        self.quantity = array("i")
        self.measured = array("i")  # what the main figure measures (see link.measured), or -1
        self.quantities = QuantityColumns(self.strings)
        self.actor_start = array("q", [0])
        self.actors = array("i")  # local entity rows, flattened (claim i: actor_start[i]:actor_start[i+1])
        self._text = bytearray()  # claim texts, UTF-8, back to back
        self._text_start = array("q", [0])

    def __len__(self) -> int:
        return len(self.doc)

    def add(
        self,
        *,
        doc: int,
        claim_id: str,
        text: str,
        actors: Sequence[int],
        when: str,
        source_kind: str,
        source_text: str | None,
        source_local: int,
        display: str,
        asserted: bool,
        quantity: Quantity | None,
        subject: int = -1,
        measured: str | None = None,
    ) -> None:
        s = self.strings
        self.doc.append(doc)
        self.claim_id.append(s.id(claim_id))
        self.when.append(s.id(when))
        self.source_kind.append(s.id(source_kind))
        self.source_text.append(s.opt(source_text))
        self.source_local.append(source_local)
        self.subject.append(subject)
        self.display.append(s.id(display))
        self.asserted.append(asserted)
        self.quantity.append(-1 if quantity is None else self.quantities.add(quantity))
        self.measured.append(s.opt(measured))
        self.actors.extend(actors)
        self.actor_start.append(len(self.actors))
        self._text += text.encode("utf-8")
        self._text_start.append(len(self._text))

    def text(self, index: int) -> str:
        return self._text[self._text_start[index] : self._text_start[index + 1]].decode("utf-8")

    def actor_rows(self, index: int) -> array[int]:
        return self.actors[self.actor_start[index] : self.actor_start[index + 1]]

    def subject_rows(self, index: int) -> array[int]:
        """Local entity rows of what the claim is about: its actors, else its article's lead entity."""
        subject = self.subject[index]
        return self.actor_rows(index) if subject < 0 else array("i", [subject])

    def str(self, column: array[int], index: int) -> str | None:
        return self.strings.get(column[index])

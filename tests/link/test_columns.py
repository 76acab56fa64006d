"""Compact per-claim columns: interned strings, vector blocks, claim rows that read back what went in."""

from __future__ import annotations

import numpy as np

from claimgraph.link.columns import ClaimColumns, Interner, VectorBlocks
from claimgraph.model import Quantity, Span


def test_columns_interner_stores_each_string_once() -> None:
    strings = Interner()
    ids = [strings.id(s) for s in ("c1", "c2", "c1", "AUTHOR", "c2")]
    assert ids == [0, 1, 0, 2, 1]
    assert strings.strings == ["c1", "c2", "AUTHOR"]
    assert strings.opt(None) == -1 and strings.get(-1) is None
    assert strings.get(strings.opt("c2")) == "c2"


def test_columns_vector_blocks_span_block_boundaries() -> None:
    rng = np.random.default_rng(3)
    data = rng.standard_normal((70_000, 8)).astype(np.float32)
    blocks = VectorBlocks()
    for start in range(0, len(data), 4096):  # batches that straddle the 65,536-row block edge
        blocks.append(data[start : start + 4096])
    matrix = blocks.to_matrix()
    assert matrix.dtype == np.float32
    assert np.array_equal(matrix, data)
    assert blocks.rows == 0  # emptied: the blocks were released as they were copied


def test_columns_float16_vectors_keep_cosines_within_tolerance() -> None:
    rng = np.random.default_rng(5)
    data = rng.standard_normal((2000, 384)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    data[1000:] = data[:1000] + 0.3 * data[1000:]  # near pairs, as clusters have
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    blocks = VectorBlocks(dtype=np.float16)
    blocks.append(data)
    half = blocks.to_matrix()
    exact = np.einsum("ij,ij->i", data[:1000], data[1000:])
    rounded = np.einsum("ij,ij->i", half[:1000], half[1000:])
    assert np.abs(exact - rounded).max() < 2e-3


def test_columns_claim_rows_read_back() -> None:
    claims = ClaimColumns()
    q = Quantity(
        id="q1", span=Span(0, 9), text="about 40 ferries", value=40.0, low=None, high=None, unit="ferry", approx="about"
    )
    claims.add(
        doc=0,
        claim_id="c1",
        text="Zoë Müller said about 40 ferries sailed",
        actors=[3, 5],
        when="2025-04",
        source_kind="named",
        source_text="Zoë Müller",
        source_local=3,
        display="Zoë Müller",
        asserted=True,
        quantity=q,
    )
    claims.add(
        doc=1,
        claim_id="c1",
        text="The quay stayed shut",
        actors=[],
        when="",
        source_kind="author",
        source_text=None,
        source_local=-1,
        display="AUTHOR",
        asserted=False,
        quantity=None,
    )
    assert len(claims) == 2
    assert claims.text(0) == "Zoë Müller said about 40 ferries sailed"
    assert claims.text(1) == "The quay stayed shut"
    assert list(claims.actor_rows(0)) == [3, 5] and list(claims.actor_rows(1)) == []
    assert claims.claim_id[0] == claims.claim_id[1]  # one interned "c1"
    assert claims.str(claims.source_text, 1) is None
    assert claims.quantity[1] == -1
    fq = claims.quantities.figure_quantity(claims.quantity[0])
    assert (fq.text, fq.value, fq.low, fq.high, fq.unit, fq.approx_class) == (
        "about 40 ferries",
        40.0,
        None,
        None,
        "ferry",
        "=",
    )

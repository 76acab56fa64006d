"""Bugs the fuzzers found, each pinned by a test named for it."""

from __future__ import annotations

import math

from claimgraph.eval.invariants import check_analysis
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Article


def test_quantity_too_large_for_a_float_is_not_reported_as_infinity(pipeline: Pipeline) -> None:
    text = "The Velmora mint said it had printed " + "9" * 400 + " coins and 12 medals last year."
    analysis = pipeline.analyze(Article(text=text))
    values = [v for q in analysis.quantities for v in (q.value, q.low, q.high) if v is not None]
    assert all(math.isfinite(v) for v in values)
    assert 12.0 in values
    assert check_analysis(analysis) == []

"""Training the attribution context model in numpy (claimgraph.eval.train_attr_context)."""

from __future__ import annotations

import itertools

import numpy as np

from claimgraph.eval.train_attr_context import fit, one_cycle
from claimgraph.extract.attr_context import forward


def test_fit_learns_tags_that_need_the_hidden_layer() -> None:
    # The tag is B-CUE (1) when two inputs share a sign, else O (0): no linear model separates that.
    # One input is scaled and shifted far from zero, as raw token vectors can be; the standardisation
    # folded into the first layer must handle it.
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6000, 6)).astype(np.float32)
    x[:, 1] = x[:, 1] * 40 + 300
    y = ((x[:, 0] > 0) == (x[:, 1] > 300)).astype(np.int64)
    w0, b0, w1, b1 = fit(x, y, hidden=32, epochs=12, lr=1e-2, dropout=0.0, batch=128, log=False)
    test = rng.normal(size=(2000, 6)).astype(np.float32)
    test[:, 1] = test[:, 1] * 40 + 300
    truth = (test[:, 0] > 0) == (test[:, 1] > 300)
    predicted = forward(test, w0, b0, w1, b1).argmax(axis=1)
    assert set(predicted.tolist()) <= {0, 1}
    assert np.mean((predicted == 1) == truth) > 0.93


def test_fit_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64) * 5
    a = fit(x, y, hidden=8, epochs=2, seed=4, log=False)
    b = fit(x, y, hidden=8, epochs=2, seed=4, log=False)
    c = fit(x, y, hidden=8, epochs=2, seed=5, log=False)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_one_cycle_warms_up_to_the_peak_then_decays() -> None:
    rates = [one_cycle(s, 100, 1.0) for s in range(100)]
    assert rates[0] < 0.05 and max(rates) <= 1.0 + 1e-6
    peak = int(np.argmax(rates))
    assert 25 <= peak <= 35
    assert rates[-1] < 0.01
    assert all(a <= b for a, b in itertools.pairwise(rates[: peak + 1]))
    assert all(a >= b for a, b in itertools.pairwise(rates[peak:]))

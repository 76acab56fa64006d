"""kill -9 a batch run at random points, resume it: the output equals an uninterrupted run, record for record."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from claimgraph.scale import TABLES, read_errors, read_table, run_batch
from claimgraph.scale.checkpoint import CHECKPOINT, iter_committed_ids, unique
from tests.scale.corpus import write_jsonl

KILLS = 5
_SCRIPT = "import sys; from claimgraph.scale import run_batch; run_batch([sys.argv[1]], out=sys.argv[2], chunk_size=2)"


def _committed(out: Path) -> int:
    path = out / CHECKPOINT
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _kill_at_random_point(inputs: Path, out: Path, rng: random.Random) -> int | None:
    """Start a run, let it commit 1-3 more chunks, wait a random moment, kill -9 it; its return code."""
    proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, str(inputs), str(out)], stderr=subprocess.DEVNULL)
    target = _committed(out) + rng.randint(1, 3)
    deadline = time.monotonic() + 120
    while proc.poll() is None and _committed(out) < target and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.05))  # lands mid-chunk, mid-write or between chunks
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait()


def _rows(out: Path, table: str) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in read_table(out, table))


@pytest.mark.parametrize("seed", [int(os.environ.get("CLAIMGRAPH_KILL_SEED", time.time_ns() % 10_000))])
def test_batch_resume_after_kill_equals_uninterrupted_run(tmp_path: Path, pipeline: Any, seed: int) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(inputs / "stories.jsonl", 60, bad_lines=(5, 17, 44))
    (inputs / "brief.txt").write_text(
        "Dornbach brief\n\nA Dornbach official said the road reopened.\n", encoding="utf-8"
    )
    reference = tmp_path / "reference"
    run_batch([inputs], out=reference, chunk_size=3)

    out = tmp_path / "killed"
    rng = random.Random(seed)
    codes = [_kill_at_random_point(inputs, out, rng) for _ in range(KILLS)]
    assert codes.count(-signal.SIGKILL) == KILLS, f"seed {seed}: a run ended before it was killed: {codes}"
    assert 0 < _committed(out) < 31, f"seed {seed}: the kills did not fall inside the run"
    run_batch([inputs], out=out, chunk_size=2)

    for table in TABLES:
        assert _rows(out, table) == _rows(reference, table), f"seed {seed}: table {table} differs"
    assert sorted(map(str, read_errors(out))) == sorted(map(str, read_errors(reference)))
    assert unique(iter_committed_ids(out))
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    assert not leftovers
    on_disk = sorted(str(p.relative_to(out)) for t in TABLES for p in (out / t).glob("*.parquet"))
    assert len(on_disk) == len(set(on_disk))

"""The Ray Data engine (local mode) gives the same tables as a local run and records bad records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimgraph.scale import TABLES, read_errors, read_table, run_batch
from tests.scale.corpus import story, write_jsonl


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    import ray

    # Two CPUs as on a small CI node; the actors take half a CPU each so reading is never starved.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def _content(out: Path, table: str) -> list[str]:
    rows = [{k: v for k, v in r.items() if k not in ("record_id", "source_path", "source_format", "analysis")}
            for r in read_table(out, table)]  # fmt: skip
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


def test_ray_engine_matches_local_run(tmp_path: Path, ray_local: Any, pipeline: Any) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(inputs / "stories.jsonl", 6, bad_lines=(4,))
    extra = [story(n) for n in (7, 8)] + [{"title": "no text here"}]
    pq.write_table(pa.Table.from_pylist(extra), inputs / "more.parquet")

    local = tmp_path / "local"
    run_batch([inputs], out=local, chunk_size=4)
    ray_out = tmp_path / "ray"
    summary = run_batch([inputs], out=ray_out, engine="ray", workers=2, chunk_size=4)

    assert summary.analysed == 7 and summary.failed == 2
    for table in TABLES:
        assert _content(ray_out, table) == _content(local, table), table
    codes = sorted(e["code"] for e in read_errors(ray_out))
    assert codes == ["E014", "E014"]
    again = run_batch([inputs], out=ray_out, engine="ray", workers=2, chunk_size=4)
    assert again.analysed == 0 and len(read_table(ray_out, "documents")) == 7

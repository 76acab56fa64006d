"""Worker processes give the same output as one process; --db adds every analysis to the store once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from claimgraph.scale import TABLES, read_errors, read_table, run_batch
from claimgraph.serve.cli import main
from claimgraph.store import Store
from tests.scale.corpus import write_jsonl


def _rows(out: Path, table: str) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in read_table(out, table))


def test_batch_two_workers_match_one_and_fill_the_store(tmp_path: Path, pipeline: Any) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(inputs / "stories.jsonl", 9, bad_lines=(6,))
    run_batch([inputs], out=tmp_path / "one", chunk_size=2)
    db = tmp_path / "news.db"
    summary = run_batch([inputs], out=tmp_path / "two", db=str(db), workers=2, chunk_size=2)
    assert (summary.analysed, summary.failed) == (8, 1)
    for table in TABLES:
        assert _rows(tmp_path / "two", table) == _rows(tmp_path / "one", table), table
    assert read_errors(tmp_path / "two") == read_errors(tmp_path / "one")
    with Store.open(db, create=False) as store:
        stored = {d.doc_id for d in store.documents(limit=None)}
    assert stored == {r["doc_id"] for r in read_table(tmp_path / "one", "documents")}


def test_batch_command_prints_a_summary_and_fails_on_bad_records(tmp_path: Path, pipeline: Any) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(inputs / "stories.jsonl", 3, bad_lines=(2,))
    result = CliRunner().invoke(main, ["batch", str(inputs), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["analysed"], summary["failed"]) == (2, 1)
    assert "Example" in CliRunner().invoke(main, ["batch", "--help"]).output


def test_batch_command_offers_every_engine() -> None:
    from claimgraph.scale.batch import ENGINES
    from claimgraph.serve.cli_batch import ENGINES as CLI_ENGINES

    assert CLI_ENGINES == ENGINES

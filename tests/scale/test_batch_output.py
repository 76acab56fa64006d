"""run_batch writes one Parquet table per record type, records failures, and resumes without redoing work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimgraph.scale import SCHEMAS, TABLES, read_errors, read_table, run_batch
from claimgraph.scale.tables import analysis_from_row
from tests.scale.corpus import write_jsonl

README = Path(__file__).resolve().parents[2] / "claimgraph" / "scale" / "README.md"


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    inputs.mkdir()
    write_jsonl(inputs / "stories.jsonl", 6, bad_lines=(3,))
    (inputs / "note.txt").write_text(
        "Kessling flood\n\nThe river in Kessling rose by 2 metres overnight, the weather service said.\n",
        encoding="utf-8",
    )
    items = "".join(
        f"<item><title>Harlow Bay {n}</title><link>https://harlow.example.com/{n}</link>"
        f"<description>The Harlow Bay harbour master said {n} ships were delayed by fog.</description></item>"
        for n in (1, 2)
    )
    (inputs / "harbour.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    run_batch([inputs], out=root / "out", chunk_size=2)
    return root


def test_batch_tables_hold_every_good_article(batch_out: Path) -> None:
    docs = read_table(batch_out / "out", "documents")
    ids = [d["record_id"] for d in docs]
    assert len(ids) == len(set(ids)) == 8
    assert any(i.endswith("note.txt") for i in ids)
    assert sum(i.split("#")[0].endswith("harbour.rss") for i in ids) == 2
    assert all(d["analysis"] for d in docs)
    claims = read_table(batch_out / "out", "claims")
    assert {c["doc_id"] for c in claims} <= {d["doc_id"] for d in docs}
    texts = {d["doc_id"]: d["text"] for d in docs}
    for c in claims:
        assert texts[c["doc_id"]][c["span_start"] : c["span_end"]] == c["text"]
    assert any(c["source_kind"] == "named" for c in claims)


def test_batch_documents_round_trip_to_analyses(batch_out: Path) -> None:
    for row in read_table(batch_out / "out", "documents"):
        analysis = analysis_from_row(row)
        assert analysis.document.id == row["doc_id"]
        assert len(analysis.claims) == row["n_claims"]


def test_batch_bad_line_is_recorded_with_its_reason(batch_out: Path) -> None:
    (error,) = read_errors(batch_out / "out")
    assert error["record_id"].endswith("stories.jsonl#L3")
    assert error["code"] == "E014"
    assert "line 3" in error["error"]


def test_batch_second_run_skips_everything_done(batch_out: Path) -> None:
    summary = run_batch([batch_out / "in"], out=batch_out / "out", chunk_size=2)
    assert summary.analysed == 0 and summary.failed == 0 and summary.skipped == 9
    assert len(read_table(batch_out / "out", "documents")) == 8


def test_batch_readme_documents_every_column() -> None:
    text = README.read_text(encoding="utf-8")
    for table in TABLES:
        section = re.search(rf"^### {table}\n(.*?)(?=^### |\Z)", text, re.S | re.M)
        assert section is not None, f"README lacks a section for table {table}"
        documented = set(re.findall(r"^\| `(\w+)` \|", section.group(1), re.M))
        assert documented == set(SCHEMAS[table].names), table

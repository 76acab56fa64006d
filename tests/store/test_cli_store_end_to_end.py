"""The store commands end to end on invented articles: add, claims, show, sources, entities, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimgraph.model import Analysis
from claimgraph.serve.cli import main
from tests.store.backends import BACKENDS, backend_location

HARBOUR = (
    "Dock strike feared in Dornhaven\n\n"
    "Mayor Ilse Varga said on Monday that 300 dock workers may walk out next week. "
    "The port authority denied that any strike was planned.\n"
)
RIVER = (
    "Flood warning for the Velmar valley\n\n"
    "The Velmar water board warned on Tuesday that the river could rise 2 metres. "
    "Farmers said the harvest was already lost.\n"
)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module", params=BACKENDS)
def collection(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Result]]:
    # The same commands on both backends must print the same results.
    root = tmp_path_factory.mktemp("cli")
    (root / "news" / "regional").mkdir(parents=True)
    (root / "news" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (root / "news" / "regional" / "river.txt").write_text(RIVER, encoding="utf-8")
    (root / "news" / "blank.txt").write_text("   \n", encoding="utf-8")
    with backend_location(request.param, root) as db:
        yield db, run("add", str(root / "news"), "--db", db, "--published", "2024-03-04", "--format", "json")


def test_cli_store_add_reports_added_and_failed_and_goes_on(collection: tuple[str, Result]) -> None:
    _, result = collection
    summary = json.loads(result.stdout)
    assert result.exit_code == 1  # one input failed
    assert (summary["added"], summary["unchanged"], summary["failed"]) == (2, 0, 1)
    assert summary["failures"][0]["input"].endswith("blank.txt")
    assert summary["failures"][0]["error"].startswith("[E0")


def test_cli_store_add_again_is_unchanged(collection: tuple[str, Result], tmp_path: Path) -> None:
    db, _ = collection
    again = tmp_path / "harbour.txt"
    again.write_text(HARBOUR, encoding="utf-8")
    result = run("add", str(again), "--db", str(db), "--published", "2024-03-04")
    assert result.exit_code == 0, result.output
    assert "0 added, 1 unchanged, 0 revision, 0 failed" in result.stdout


def test_cli_store_add_from_stdin(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    result = run("add", "-", "--db", str(db), "--format", "json", input=HARBOUR)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 1


def test_cli_store_claims_filters_and_formats(collection: tuple[str, Result]) -> None:
    db, _ = collection
    everything = json.loads(run("claims", "--db", str(db), "--format", "json").stdout)
    assert everything and {"doc_id", "source", "modality", "text"} <= set(everything[0])
    flood = json.loads(run("claims", "--db", str(db), "--search", "flood", "--format", "json").stdout)
    assert flood and all(c["title"] == "Flood warning for the Velmar valley" for c in flood)
    csv_out = run("claims", "--db", str(db), "--format", "csv", "--since", "2024-03-04").stdout
    assert csv_out.splitlines()[0].startswith("doc_id,claim_id,text,source")
    assert len(csv_out.splitlines()) == len(everything) + 1
    table = run("claims", "--db", str(db), "--until", "2020-01-01")
    assert table.exit_code == 0 and "doc_id" in table.stdout


def test_cli_store_show_by_prefix_round_trips(collection: tuple[str, Result]) -> None:
    db, _ = collection
    doc_id = json.loads(run("claims", "--db", str(db), "--format", "json").stdout)[0]["doc_id"]
    shown = run("show", doc_id[:8], "--db", str(db), "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert Analysis.from_dict(json.loads(shown.stdout)).document.id == doc_id
    report = run("show", doc_id[:8], "--db", str(db))
    assert doc_id in report.stdout


def test_cli_store_sources_entities_export(collection: tuple[str, Result]) -> None:
    db, _ = collection
    sources = json.loads(run("sources", "--db", str(db), "--format", "json").stdout)
    assert sources and sources[0]["claims"] >= sources[-1]["claims"]
    entities = run("entities", "--db", str(db), "--format", "csv").stdout
    assert entities.splitlines()[0] == "name,type,aliases,mentions,documents"
    lines = [x for x in run("export", "--db", str(db), "--format", "jsonl").stdout.split("\n") if x]
    assert len(lines) == 2
    assert {Analysis.from_dict(json.loads(x)).document.title for x in lines} == {
        "Dock strike feared in Dornhaven",
        "Flood warning for the Velmar valley",
    }


def test_cli_store_errors_are_one_coded_line(collection: tuple[str, Result], tmp_path: Path) -> None:
    db, _ = collection
    missing = run("show", "ffffffffffff", "--db", str(db))
    assert missing.exit_code == 2 and "[E040]" in missing.stderr
    no_store = run("claims", "--db", str(tmp_path / "none.db"))
    assert no_store.exit_code == 2 and "[E040]" in no_store.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 50)
    corrupt = run("sources", "--db", str(junk))
    assert corrupt.exit_code == 4 and "[E031]" in corrupt.stderr
    assert len(corrupt.stderr.strip().splitlines()) == 1

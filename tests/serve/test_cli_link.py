"""`claimgraph link` and the cross-article commands, end to end on our own fiction dev set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import main

DEVSET = Path(__file__).resolve().parents[2] / "claimgraph" / "eval" / "data" / "crossdoc"


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("crossdoc")
    shutil.copy(DEVSET / "articles.jsonl", folder / "articles.jsonl")
    db = str(folder / "store.db")
    runner = CliRunner()
    added = runner.invoke(main, ["add", str(folder / "articles.jsonl"), "--db", db])
    assert added.exit_code == 0, added.output
    linked = runner.invoke(
        main, ["link", "--db", db, "--format", "json"], env={"CLAIMGRAPH_ALIASES": str(DEVSET / "aliases.tsv")}
    )
    assert linked.exit_code == 0, linked.output
    stats = json.loads(linked.output)[0]
    assert stats["documents"] == 12
    assert stats["clusters"] >= 3
    return db


def test_cli_link_corroboration_counts_independent_sources(linked_db: str) -> None:
    result = CliRunner().invoke(main, ["corroboration", "--db", linked_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    shipments = next(r for r in rows if "containers" in r["label"])
    assert shipments["claims"] == 7
    assert shipments["independent"] == 3
    assert shipments["repetitions"] == 4


def test_cli_link_conflicts_lists_only_same_time_frame_asserted_pairs(linked_db: str) -> None:
    result = CliRunner().invoke(main, ["conflicts", "--db", linked_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {r["class"] for r in rows} == {"conflict"}
    assert all("soldiers" in r["a"] and "soldiers" in r["b"] for r in rows)


def test_cli_link_cluster_shows_provenance_chain(linked_db: str) -> None:
    rows = json.loads(CliRunner().invoke(main, ["corroboration", "--db", linked_db, "--format", "json"]).output)
    cluster_id = next(r["cluster"] for r in rows if "containers" in r["label"])
    result = CliRunner().invoke(main, ["cluster", cluster_id, "--db", linked_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)[0]["claims"]
    relayed = next(c for c in claims if c["outlet"] == "Daily Meridian")
    assert relayed["chain"] == "Daily Meridian -> Northwind Post -> Kestrel Defence Intelligence Agency"


def test_cli_link_timeline_orders_by_normalised_time(linked_db: str) -> None:
    result = CliRunner().invoke(main, ["timeline", "Varnia", "--db", linked_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    whens = [row["when"] for row in json.loads(result.output)]
    assert whens == sorted(whens)
    assert len(whens) >= 5


def test_cli_link_commands_before_link_give_a_coded_error(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    story = tmp_path / "a.txt"
    story.write_text("The harbour board said that the quay would reopen.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["add", str(story), "--db", db]).exit_code == 0
    result = CliRunner().invoke(main, ["conflicts", "--db", db])
    assert result.exit_code == 2
    assert "[E040]" in result.output
    assert "claimgraph link" in result.output


def test_cli_link_export_graphml_and_claimreview(linked_db: str, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    graph = tmp_path / "graph.graphml"
    result = CliRunner().invoke(main, ["export", "--db", linked_db, "--format", "graphml", "-o", str(graph)])
    assert result.exit_code == 0, result.output
    root = ET.parse(graph).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) > 30
    reviews = CliRunner().invoke(main, ["export", "--db", linked_db, "--format", "claimreview"])
    assert reviews.exit_code == 0, reviews.output
    assert '"@type": "ClaimReview"' in reviews.output or '"@type":"ClaimReview"' in reviews.output


def _kb_record(qid: str, label: str, instance_of: str) -> str:
    record = {
        "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "aliases": {"en": []},
        "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": instance_of}}}}]},
    }
    return json.dumps(record)


def test_cli_link_kb_gives_ids_and_reports_ambiguous_names(linked_db: str, tmp_path: Path) -> None:
    from claimgraph.store import Store

    db = str(tmp_path / "kb.db")
    shutil.copy(linked_db, db)
    dump = tmp_path / "kb.json"  # Wikidata's array layout; invented ids for the dev set's invented places
    lines = [
        _kb_record("Q9300001", "Ostland", "Q6256"),
        _kb_record("Q9300002", "Kestrel Defence Intelligence Agency", "Q327333"),
        _kb_record("Q9300003", "Lindholm", "Q515"),
        _kb_record("Q9300004", "Lindholm", "Q515"),
    ]
    dump.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    env = {"CLAIMGRAPH_ALIASES": str(DEVSET / "aliases.tsv")}
    result = CliRunner().invoke(main, ["link", "--kb", str(dump), "--db", db, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)[0]
    assert stats["kb_linked"] == 2
    assert stats["kb_ambiguous"] == 1
    with Store.open(db) as store:
        linked = store.load_link()
    assert linked is not None
    by_name = {e.name: e for e in linked.entities}
    assert by_name["Ostland"].kb_id == "Q9300001"
    assert by_name["Kestrel Defence Intelligence Agency"].kb_id == "Q9300002"
    assert by_name["Lindholm"].kb_id is None
    assert by_name["Lindholm"].kb_candidates == ("Q9300003", "Q9300004")
    table = CliRunner().invoke(main, ["link", "--kb", str(dump), "--db", db], env=env)
    assert table.exit_code == 0, table.output
    assert "Q9300003, Q9300004" in table.output


def test_cli_link_kb_missing_file_gives_a_coded_error(linked_db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", "--kb", str(tmp_path / "none.json"), "--db", linked_db])
    assert result.exit_code != 0
    assert "[E010]" in result.output


def test_cli_entities_linked_lists_one_row_per_resolved_entity(linked_db: str) -> None:
    per_name = json.loads(CliRunner().invoke(main, ["entities", "--db", linked_db, "--format", "json"]).output)
    korov_names = {r["name"] for r in per_name if "Korov" in r["name"]}
    assert len(korov_names) >= 2  # "Dmitriy Korov" and "Dmitri Korov", as written
    result = CliRunner().invoke(main, ["entities", "--db", linked_db, "--linked", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    korov = [r for r in rows if "Korov" in r["name"] or any("Korov" in a for a in r["aliases"])]
    assert len(korov) == 1
    assert korov_names <= {korov[0]["name"], *korov[0]["aliases"]}
    assert korov[0]["documents"] == 2
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    named = CliRunner().invoke(
        main, ["entities", "--db", linked_db, "--linked", "--name", "dmitri korov", "--format", "json"]
    )
    assert [r["id"] for r in json.loads(named.output)] == [korov[0]["id"]]


def test_cli_entities_linked_before_any_link_is_a_clear_error(tmp_path: Path) -> None:
    db = str(tmp_path / "unlinked.db")
    story = tmp_path / "story.txt"
    story.write_text("The Lindholm harbour board said on Monday that the ferries would run in May.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["add", str(story), "--db", db]).exit_code == 0
    result = CliRunner().invoke(main, ["entities", "--db", db, "--linked"])
    assert result.exit_code != 0
    assert "claimgraph link" in result.output

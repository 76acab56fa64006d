"""Backup then restore gives back everything: every table row for row, every query, links and embeddings.

Real analyses (our example articles through the pipeline, plus invented ones with a revision), linked so
that the link tables and the embedding cache are filled, on every pair of backends (SQLite and PostgreSQL
both ways; the PostgreSQL pairs need ``CLAIMGRAPH_TEST_PG``, see ``backends.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.api import analyze_path
from claimgraph.link import link
from claimgraph.link.embed import DIM, Vectors
from claimgraph.model import Analysis
from claimgraph.serve.cli import main
from claimgraph.store import Store
from claimgraph.store.backup import backup
from claimgraph.store.backup_read import verify
from claimgraph.store.backup_restore import restore
from claimgraph.store.schema import SCHEMA_HEAD, metadata
from tests.conftest import EXAMPLES
from tests.store.backends import BACKENDS, backend_location
from tests.store.factories import (
    HARBOUR_TEXT,
    CountingEmbedder,
    analyses,
    harbour_analysis,
    numbered_analysis,
    query_answers,
)

PAIRS = [(source, target) for source in BACKENDS for target in BACKENDS]
# Names and words that occur in one form only, where FTS5 and PostgreSQL's English search agree.
SEARCHES = ("Veldmark", "Osterbeck", "Dornhaven", "Oduya", "reservoir", "Bulletin")


class RefusingEmbedder:
    """Fails if asked to embed anything: every vector must come from the store's cache."""

    dim = DIM

    def embed(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError(f"asked to embed {len(texts)} texts that the store should have cached")


@pytest.fixture(scope="module")
def collection(pipeline: Any) -> list[Analysis]:
    examples = [a for path in sorted(EXAMPLES.glob("*.txt")) for a in analyze_path(path, pipeline=pipeline)]
    assert len(examples) >= 2 and all(a.claims for a in examples)
    revised = harbour_analysis(HARBOUR_TEXT + " The harbour master asked everyone to stay calm.")
    return [*examples, harbour_analysis(), revised, *(numbered_analysis(i, claims=2) for i in range(3))]


def fill(location: str, analyses_: Sequence[Analysis]) -> None:
    """Add the analyses and link them, so that link results and cached embeddings are stored too."""
    with Store.open(location) as store:
        store.add_many(analyses_)
        store.save_link(link(store, embedder=store.embedder(CountingEmbedder())))


def table_rows(location: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (typed: JSON parsed, booleans, bytes), in a backend-independent order."""
    with Store.open(location, readonly=True) as store, store.connection.begin():
        conn = store.connection
        return {
            t.name: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr) for t in metadata.sorted_tables
        }


def raw_sqlite_rows(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Rows as SQLite holds them (JSON as stored text, integers as stored), to compare two SQLite files exactly."""
    with sqlite3.connect(path) as conn:
        return {t.name: sorted(conn.execute(f"SELECT * FROM {t.name}"), key=repr) for t in metadata.sorted_tables}


def query_results(location: str) -> dict[str, Any]:
    """What the store's public queries answer, for comparing two stores."""
    with Store.open(location, readonly=True) as store:
        doc_ids = [d.doc_id for d in store.documents(limit=None)]
        link_result = store.load_link()
        texts = sorted({c.text for c in store.claims(limit=None, include_superseded=True)})
        stats = store.stats()
        stats.pop("bytes")
        return {
            **query_answers(store, SEARCHES),
            "documents": store.documents(limit=None),
            "get": {d: store.get(d) for d in doc_ids},
            "link": None if link_result is None else link_result.to_dict(),
            "vectors": store.embedder(RefusingEmbedder()).embed(texts).tolist(),
            "stats": stats,
        }


@pytest.mark.parametrize(("source_backend", "target_backend"), PAIRS, ids=[f"{s}-to-{t}" for s, t in PAIRS])
def test_backup_roundtrip_restores_every_row_and_query(
    source_backend: str, target_backend: str, collection: list[Analysis], tmp_path: Path
) -> None:
    archive = tmp_path / "collection.cgbackup"
    with (
        backend_location(source_backend, tmp_path / "source") as source,
        backend_location(target_backend, tmp_path / "target") as target,
    ):
        fill(source, collection)
        before = table_rows(source)
        manifest = backup(source, archive)
        assert manifest.schema_revision == SCHEMA_HEAD and manifest.backend == source_backend
        assert {t.name: t.rows for t in manifest.tables} == {name: len(rows) for name, rows in before.items()}
        for name in ("documents", "claims", "entity_names", "claim_entities", "link_results", "claim_embeddings"):
            assert before[name], f"the collection should fill {name}"

        result = restore(archive, target)
        assert result.revision == SCHEMA_HEAD and not result.replaced
        assert table_rows(target) == before
        if source_backend == target_backend == "sqlite":
            assert raw_sqlite_rows(target) == raw_sqlite_rows(source)
        expected, got = query_results(source), query_results(target)
        assert got == expected
        assert got["link"] is not None and got["link"]["clusters"]
        assert all(got["search"].values()), "every search word should find claims"

        # The same rows give the same bytes on either backend: a backup of the copy has the same checksums.
        again = backup(target, tmp_path / "again.cgbackup")
        assert [(t.name, t.rows, t.sha256) for t in again.tables] == [
            (t.name, t.rows, t.sha256) for t in manifest.tables
        ]
        # The restored store is healthy (FTS index included) and an ordinary store: it takes new articles
        # and new link results.
        with Store.open(target) as store:
            assert store.check() == []
            assert store.add(numbered_analysis(99)).status == "added"
            store.save_link(link(store, embedder=store.embedder(CountingEmbedder())))
            assert store.check() == []


def test_backup_roundtrip_leaves_the_source_untouched(collection: list[Analysis], tmp_path: Path) -> None:
    source = str(tmp_path / "source.db")
    fill(source, collection[-3:])
    before = Path(source).read_bytes()
    backup(source, tmp_path / "b.cgbackup")
    assert Path(source).read_bytes() == before


def test_backup_roundtrip_through_the_command_line(collection: list[Analysis], tmp_path: Path) -> None:
    source, target, archive = tmp_path / "news.db", tmp_path / "copy.db", tmp_path / "news.cgbackup"
    fill(str(source), collection[-4:])
    runner = CliRunner()
    made = runner.invoke(main, ["backup", str(archive), "--db", str(source)])
    assert made.exit_code == 0, made.output
    assert "backed up 4 documents" in made.output and f"schema {SCHEMA_HEAD}" in made.output
    back = runner.invoke(main, ["restore", str(archive), "--db", str(target)])
    assert back.exit_code == 0, back.output
    assert "restored 4 documents" in back.output
    assert table_rows(str(target)) == table_rows(str(source))

    refused = runner.invoke(main, ["restore", str(archive), "--db", str(target)])
    assert refused.exit_code == 4 and "[E036]" in refused.output and "--force" in refused.output
    forced = runner.invoke(main, ["restore", str(archive), "--db", str(target), "--force"])
    assert forced.exit_code == 0 and "replacing its data" in forced.output
    assert table_rows(str(target)) == table_rows(str(source))


def test_backup_roundtrip_verify_reads_back_the_manifest(collection: list[Analysis], tmp_path: Path) -> None:
    source = str(tmp_path / "source.db")
    fill(source, collection[-2:])
    made = backup(source, tmp_path / "b.cgbackup")
    assert verify(tmp_path / "b.cgbackup") == made


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(analyses(), min_size=1, max_size=3))
def test_backup_roundtrip_generated_analyses(tmp_path_factory: pytest.TempPathFactory, batch: list[Analysis]) -> None:
    # Any analysis the store accepts (odd Unicode, empty lists, extreme floats) survives backup and restore.
    folder = tmp_path_factory.mktemp("generated")
    source, target = str(folder / "source.db"), str(folder / "target.db")
    with Store.open(source) as store:
        store.add_many(batch)
    backup(source, folder / "b.cgbackup")
    restore(folder / "b.cgbackup", target)
    assert raw_sqlite_rows(target) == raw_sqlite_rows(source)
    with Store.open(source, readonly=True) as before, Store.open(target) as after:
        for analysis in batch:
            assert after.get(analysis.document.id) == before.get(analysis.document.id)
        assert after.check() == []

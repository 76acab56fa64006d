"""A store left by any earlier schema revision opens with today's Store: migrated to head, every row readable.

Each store is built the way an earlier claimgraph left it: the recorded migrations run only up to that
revision, then the rows of ``data/store_rows_v0_1_0.json`` (written by claimgraph 0.1.0, frozen) are
inserted with plain SQL, only into the tables that revision had. Both backends (PostgreSQL with
``CLAIMGRAPH_TEST_PG``, see ``backends.py``).
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from claimgraph.errors import StoreVersionError
from claimgraph.link.embed import text_hash
from claimgraph.link.records import LinkResult
from claimgraph.model import Analysis
from claimgraph.store import Store, migrate, pg
from claimgraph.store.backup_format import data_tables
from claimgraph.store.schema import SCHEMA_HEAD, metadata
from tests.store.backends import backend_location
from tests.store.factories import query_answers
from tests.store.test_backup_roundtrip import RefusingEmbedder, table_rows

DATA = Path(__file__).parent / "data" / "store_rows_v0_1_0.json"
# The tables of the first revision: every later downgrade keeps them.
CONTENT = {t.name for t in metadata.sorted_tables} - {"link_results", "claim_embeddings"}
# Words of the frozen articles: in a title ("Dornhaven", "Kessmoor") or in claims only.
SEARCHES = ("Dornhaven", "Kessmoor", "tickets", "walk", "planned")


@cache
def frozen() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def fixture_revisions() -> list[str]:
    """Every revision the frozen rows can describe: up to the schema of the version that wrote them."""
    return [r for r in migrate.revisions() if r <= frozen()["schema_revision"]]


def engine_for(location: str) -> sa.Engine:
    if pg.is_url(location):
        return sa.create_engine(sa.engine.make_url(location).set(drivername="postgresql+psycopg"))
    return sa.create_engine(f"sqlite:///{location}")


def revision_of(location: str) -> str | None:
    engine = engine_for(location)
    with engine.connect() as conn:
        revision = migrate.current_revision(conn)
    engine.dispose()
    return revision


def table_rows_raw_count(location: str, table: str) -> int:
    engine = engine_for(location)
    with engine.connect() as conn:
        n = int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    engine.dispose()
    return n


def build_store_at(location: str, revision: str) -> None:
    """A store as claimgraph at ``revision`` left it: migrated that far only, its rows inserted with plain SQL."""
    tables = frozen()["tables"]
    engine = engine_for(location)
    with engine.begin() as conn:
        migrate.upgrade(conn, revision)
        had = {name for name, t in tables.items() if t["since"] <= revision}
        assert {t.name for t in data_tables(conn)} == had, "the frozen rows must cover every table of the revision"
        for table in metadata.sorted_tables:  # parents before children
            if table.name not in had:
                continue
            spec = tables[table.name]
            columns, encoded = spec["columns"], set(spec.get("base64_columns", ()))
            marks = ", ".join(f":c{i}" for i in range(len(columns)))
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = [
                {
                    f"c{i}": base64.b64decode(v) if c in encoded else v
                    for i, (c, v) in enumerate(zip(columns, row, strict=True))
                }
                for row in spec["rows"]
            ]
            conn.execute(sa.text(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})"), rows)
    engine.dispose()


def build_reference(location: str) -> None:
    """The same analyses written by today's Store: what the migrated store must answer like."""
    with Store.open(location) as store:
        store.add_many(Analysis.from_dict(a) for a in frozen()["analyses"])


def answers(store: Store) -> dict[str, Any]:
    """Query results that do not depend on when a row was added."""
    documents = [{**d.to_dict(), "added_at": None} for d in store.documents(limit=None)]
    return {**query_answers(store, SEARCHES), "documents": documents}


def test_migrations_upgrade_frozen_rows_match_the_schema_they_claim() -> None:
    data = frozen()
    assert data["schema_revision"] in migrate.revisions()
    assert {t["since"] for t in data["tables"].values()} <= set(migrate.revisions())
    if data["schema_revision"] == SCHEMA_HEAD:
        # Same tables and columns as today's schema: the rows are what the current writer would produce.
        assert {n: t["columns"] for n, t in data["tables"].items()} == {
            t.name: [c.name for c in t.columns] for t in metadata.sorted_tables
        }


@pytest.mark.parametrize("revision", fixture_revisions())
def test_migrations_upgrade_store_of_every_revision_opens_with_its_data(
    revision: str, store_url: str, tmp_path: Path
) -> None:
    build_store_at(store_url, revision)
    assert revision_of(store_url) == revision
    with Store.open(store_url) as store:  # opening migrates to head, in one transaction
        assert revision_of(store_url) == SCHEMA_HEAD
        for expected in frozen()["analyses"]:
            assert store.get(expected["document"]["id"]) == Analysis.from_dict(expected)
        assert store.check() == []  # per-article counts and the SQLite FTS index agree with the rows
        got = answers(store)
        assert all(got["search"].values()), "every search word should find claims"

        link_result = store.load_link()
        if revision >= "0002":
            assert link_result is not None and link_result == LinkResult.from_dict(frozen()["link_result"])
            spec = frozen()["tables"]["claim_embeddings"]
            stored = {row[0]: base64.b64decode(row[1]) for row in spec["rows"]}
            texts = sorted({c["text"] for a in frozen()["analyses"] for c in a["claims"]})
            cached = [t for t in texts if text_hash(t) in stored]
            assert cached, "the frozen embeddings belong to the frozen claims"
            vectors = store.embedder(RefusingEmbedder()).embed(cached)
            assert [v.tobytes() for v in vectors] == [stored[text_hash(t)] for t in cached]
        else:
            assert link_result is None  # link tables came with 0002: empty, ready for `claimgraph link`
        if store.connection.dialect.name == "postgresql":
            indexes = {ix["name"] for ix in sa.inspect(store.connection).get_indexes("claims")}
            assert "ix_claims_text_tsv" in indexes  # 0003 built the search index over the old rows
            store.connection.rollback()

    backend = "postgresql" if pg.is_url(store_url) else "sqlite"
    with backend_location(backend, tmp_path / "reference") as reference, Store.open(store_url) as migrated:
        build_reference(reference)
        with Store.open(reference) as fresh:
            assert answers(migrated) == answers(fresh)


@pytest.mark.parametrize("revision", fixture_revisions()[:-1])
def test_migrations_upgrade_read_only_open_of_an_old_store_is_refused(revision: str, store_url: str) -> None:
    build_store_at(store_url, revision)
    with pytest.raises(StoreVersionError, match="must be migrated") as err:
        Store.open(store_url, readonly=True)
    assert err.value.code == "E032"
    assert revision_of(store_url) == revision  # nothing was migrated


@pytest.mark.parametrize("revision", ["base", *migrate.revisions()[:-1]])
def test_migrations_upgrade_downgrade_then_upgrade_keeps_what_the_revision_kept(revision: str, store_url: str) -> None:
    build_store_at(store_url, SCHEMA_HEAD)
    before = table_rows(store_url)
    engine = engine_for(store_url)
    with engine.begin() as conn:
        migrate.downgrade(conn, revision)
    engine.dispose()
    assert revision_of(store_url) == (None if revision == "base" else revision)
    with Store.open(store_url) as store:
        assert store.check() == []
    after = table_rows(store_url)
    assert revision_of(store_url) == SCHEMA_HEAD
    for name, rows in before.items():
        kept = revision != "base" and (name in CONTENT or revision >= frozen()["tables"][name]["since"])
        # Going below the revision that created a table drops it with its rows; the upgrade recreates it empty.
        assert after[name] == (rows if kept else []), name


def test_migrations_upgrade_newer_revision_is_refused(store_url: str) -> None:
    build_store_at(store_url, SCHEMA_HEAD)
    engine = engine_for(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    for readonly in (False, True):
        with pytest.raises(StoreVersionError, match="0999") as err:
            Store.open(store_url, readonly=readonly)
        assert err.value.code == "E032"
    assert revision_of(store_url) == "0999"
    assert table_rows_raw_count(store_url, "claims") == len(frozen()["tables"]["claims"]["rows"])


def test_migrations_upgrade_vectors_in_frozen_rows_are_float32_unit_vectors() -> None:
    # Guards the fixture itself: the cached vectors are what the embedder stores (384 float32s each).
    for _, blob in frozen()["tables"]["claim_embeddings"]["rows"]:
        v = np.frombuffer(base64.b64decode(blob), dtype=np.float32)
        assert v.shape == (384,) and abs(float(v @ v) - 1.0) < 1e-4

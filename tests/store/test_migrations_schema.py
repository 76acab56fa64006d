"""The schema exists only through recorded migrations, and they match the declared tables."""

from __future__ import annotations

import io
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from claimgraph.store import Store
from claimgraph.store.migrate import alembic_config, script_directory
from claimgraph.store.schema import SCHEMA_HEAD, metadata
from tests.store.backends import backend_location


def _is_declared(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # FTS5 virtual tables and their shadow tables are the backend-specific part, outside the metadata.
    return not (
        type_ == "table"
        and name is not None
        and name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config"))
    )


def test_migrations_schema_head_constant_matches_alembic() -> None:
    assert script_directory().get_current_head() == SCHEMA_HEAD


def test_migrations_schema_migrated_database_matches_metadata(db_path: Path) -> None:
    Store.open(db_path).close()
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _is_declared, "compare_type": True})
        assert compare_metadata(ctx, metadata) == []
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_HEAD
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    engine.dispose()


def test_migrations_schema_downgrade_and_upgrade_again(db_path: Path) -> None:
    Store.open(db_path).close()
    engine = sa.create_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
    engine.dispose()
    with Store.open(db_path) as store:
        assert store.stats()["documents"] == 0


def test_migrations_schema_same_migrations_render_for_postgresql() -> None:
    # Offline mode renders the migration as PostgreSQL DDL without a server: the portable part runs there.
    buf = io.StringIO()
    cfg = alembic_config("postgresql://localhost/claimgraph")
    cfg.output_buffer = buf
    command.upgrade(cfg, "head", sql=True)
    sql = buf.getvalue()
    assert "CREATE TABLE claims" in sql and "CREATE TABLE documents" in sql
    assert "fts5" not in sql


def _is_declared_pg(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The tsvector expression indexes (migration 0003) are PostgreSQL's search index, outside the metadata.
    return not (type_ == "index" and name is not None and name.endswith("_tsv"))


def test_migrations_schema_postgresql_matches_metadata_and_downgrades(tmp_path: Path) -> None:
    with backend_location("postgresql", tmp_path) as url:
        Store.open(url).close()
        engine = sa.create_engine(sa.engine.make_url(url).set(drivername="postgresql+psycopg"))
        try:
            with engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"include_object": _is_declared_pg, "compare_type": True})
                assert compare_metadata(ctx, metadata) == []
                assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_HEAD
                indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("claims")}
                assert "ix_claims_text_tsv" in indexes
            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "base")
            with engine.connect() as conn:
                assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
        finally:
            engine.dispose()
        with Store.open(url) as store:
            assert store.stats()["documents"] == 0

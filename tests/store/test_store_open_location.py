"""Where the store lives: --db / CLAIMGRAPH_DB / the user data dir; only SQLite files for now."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import StoreError
from claimgraph.store import Store
from tests.store.factories import harbour_analysis


def test_store_open_location_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env" / "news.db"
    monkeypatch.setenv("CLAIMGRAPH_DB", str(target))
    with Store.open() as store:
        store.add(harbour_analysis())
        assert Path(store.location) == target
    assert target.is_file()


def test_store_open_location_default_is_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    monkeypatch.setenv("CLAIMGRAPH_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr("claimgraph.config.user_data_dir", lambda: tmp_path / "data")
    with Store.open() as store:
        assert Path(store.location) == tmp_path / "data" / "claimgraph.db"


def test_store_open_location_other_url_schemes_are_refused() -> None:
    with pytest.raises(StoreError, match="not a SQLite file or a postgresql:// URL"):
        Store.open("mysql://localhost/claims")


def test_store_open_location_unreachable_postgresql_is_a_coded_error() -> None:
    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(
        StoreError, match=r"cannot connect to postgresql://claimgraph:\*\*\*@127\.0\.0\.1:1/claims"
    ) as info:
        Store.open("postgresql://claimgraph:secret@127.0.0.1:1/claims", timeout=1)
    assert "secret" not in str(info.value)  # the password never reaches messages or logs


def test_store_open_location_is_wal_with_one_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(harbour_analysis())
        mode = store.connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        store.connection.rollback()
        assert mode == "wal"
    # Closing checkpoints the write-ahead log back into the one database file.
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]

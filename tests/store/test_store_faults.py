"""Bad files, newer schemas, read-only places, a full disk, a busy writer, crashes: coded errors, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from claimgraph.errors import (
    NotFoundError,
    StoreBusyError,
    StoreCorruptError,
    StoreFullError,
    StoreReadOnlyError,
    StoreVersionError,
)
from claimgraph.store import Store
from tests.store.factories import numbered_analysis

ROOT = Path(__file__).resolve().parents[2]


def test_store_faults_foreign_file_is_corrupt(db_path: Path) -> None:
    db_path.write_bytes(b"harbour minutes, not a database\n" * 200)
    with pytest.raises(StoreCorruptError) as err:
        Store.open(db_path)
    assert err.value.code == "E031"
    assert db_path.read_bytes().startswith(b"harbour minutes")


def test_store_faults_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE ferries (name TEXT)")
    with pytest.raises(StoreCorruptError, match="not a claimgraph store"):
        Store.open(db_path)
    with sqlite3.connect(db_path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["ferries"]


def test_store_faults_damaged_pages_are_reported_as_corrupt(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.add_many(numbered_analysis(i) for i in range(30))
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 2 :] = b"\xa5" * (len(data) - page * 2)
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError) as err, Store.open(db_path) as s:
        s.claims(limit=None)
        s.check()
    assert err.value.code == "E031"


def test_store_faults_newer_schema_version(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(StoreVersionError, match="0999") as err:
        Store.open(db_path)
    assert err.value.code == "E032"


def test_store_faults_missing_store_without_create(db_path: Path) -> None:
    with pytest.raises(NotFoundError):
        Store.open(db_path, create=False)
    with pytest.raises(NotFoundError):
        Store.open(db_path, readonly=True)
    assert not db_path.exists()


def test_store_faults_read_only_store_refuses_writes(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.add(numbered_analysis(1))
    with Store.open(db_path, readonly=True) as s:
        with pytest.raises(StoreReadOnlyError) as err:
            s.add(numbered_analysis(2))
        assert err.value.code == "E033"
        assert s.stats()["documents"] == 1


def test_store_faults_read_only_store_can_still_be_checked(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(numbered_analysis(1))
    with Store.open(db_path, readonly=True) as store:
        assert store.check() == []
    # A count mismatch is still found read-only: only FTS5's own check (a write) is left out.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM claims WHERE pk = (SELECT min(pk) FROM claims)")
    with Store.open(db_path, readonly=True) as store:
        assert store.check() != []


def test_store_faults_location_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreReadOnlyError):
        Store.open(blocker / "sub" / "collection.db")
    with pytest.raises(StoreReadOnlyError, match="folder"):
        Store.open(tmp_path)


def test_store_faults_full_disk_writes_nothing_of_the_article(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.add(numbered_analysis(0))
        pages = s.connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        s.connection.rollback()
        # Simulate a full disk: SQLite may not grow the file past its current size.
        s.connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        s.connection.rollback()
        big = numbered_analysis(1, claims=400)
        with pytest.raises(StoreFullError) as err:
            s.add(big)
        assert err.value.code == "E034"
        assert [d.doc_id for d in s.documents()] == [numbered_analysis(0).document.id]
        assert s.check() == []
        s.connection.exec_driver_sql("PRAGMA max_page_count = 1073741823")
        s.connection.rollback()
        assert s.add(big).status == "added"
        assert s.get(big.document.id) == big


def test_store_faults_busy_writer_times_out(db_path: Path) -> None:
    Store.open(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_path, timeout=0.2) as s:
            assert s.claims() == []  # readers are not blocked by a writer (WAL)
            with pytest.raises(StoreBusyError) as err:
                s.add(numbered_analysis(1))
            assert err.value.code == "E035"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(db_path) as s:
        assert s.add(numbered_analysis(1)).status == "added"


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


ADD_ALL = """
import json, sys
from claimgraph.store import Store
from tests.store.factories import numbered_analysis
order = range(20) if sys.argv[2] == "up" else reversed(range(20))
with Store.open(sys.argv[1]) as s:
    print(json.dumps([[r.doc_id, r.status] for r in s.add_many(numbered_analysis(i) for i in order)]))
"""


def test_store_faults_open_waits_for_a_new_file_another_process_holds(db_path: Path) -> None:
    # Another process has just created the file and holds its write lock, not yet in WAL mode: switching
    # to WAL fails at once there (SQLite skips busy_timeout for it), so opening must wait, not fail.
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, holder.execute, ("COMMIT",))
    release.start()
    try:
        with Store.open(db_path, timeout=30) as s:
            assert s.add(numbered_analysis(1)).status == "added"
    finally:
        release.join()
        holder.close()
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()


def test_store_faults_open_gives_up_on_a_file_held_past_the_timeout(db_path: Path) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusyError):
            Store.open(db_path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_store_faults_concurrent_add_from_two_processes(db_path: Path) -> None:
    # Both start on a missing file: creating and migrating it is part of the race.
    procs = [_python(ADD_ALL, str(db_path), way) for way in ("up", "down")]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    results = [r for out in outs for r in json.loads(out)]
    added = [doc for doc, status in results if status == "added"]
    assert sorted(added) == sorted({numbered_analysis(i).document.id for i in range(20)})
    assert {status for _, status in results} <= {"added", "unchanged"}
    with Store.open(db_path) as s:
        assert s.stats()["documents"] == 20
        assert s.check() == []


KILLED_MID_ARTICLE = """
import os, sys, time
from claimgraph.store import Store
from claimgraph.store.writer import RowWriter
from tests.store.factories import numbered_analysis
original = RowWriter.write
def slow(self, conn, analysis, **kw):
    doc_pk = original(self, conn, analysis, **kw)
    if doc_pk == 6:  # the 6th article: all its rows are written but not committed
        print("inside", flush=True)
        time.sleep(120)
    return doc_pk
RowWriter.write = slow
with Store.open(sys.argv[1]) as s:
    for i in range(12):
        s.add(numbered_analysis(i, claims=30))
"""


def test_store_faults_kill_during_add_leaves_store_consistent(db_path: Path) -> None:
    Store.open(db_path).close()
    proc = _python(KILLED_MID_ARTICLE, str(db_path))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    batch = [numbered_analysis(i, claims=30) for i in range(12)]
    with Store.open(db_path) as s:
        assert s.check() == []
        stored = {d.doc_id for d in s.documents(limit=None)}
        assert stored == {a.document.id for a in batch[:5]}
        assert s.stats()["claims"] == 5 * 30
        # Rerunning the batch completes it: the first five are unchanged, the rest added.
        statuses = [r.status for r in s.add_many(batch)]
        assert statuses == ["unchanged"] * 5 + ["added"] * 7
        assert all(s.get(a.document.id) == a for a in batch)
        assert s.check() == []

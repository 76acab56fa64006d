"""Damaged or foreign backups, occupied targets, newer versions: coded errors, and the target left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from claimgraph.errors import (
    InputNotFoundError,
    NotFoundError,
    StoreCorruptError,
    StoreError,
    StoreNotEmptyError,
    StoreReadOnlyError,
    StoreVersionError,
)
from claimgraph.store import Store
from claimgraph.store import backup as backup_module
from claimgraph.store.backup import backup
from claimgraph.store.backup_format import MANIFEST
from claimgraph.store.backup_read import read_manifest
from claimgraph.store.backup_restore import restore
from tests.store.backends import BACKENDS, backend_location
from tests.store.factories import harbour_analysis, numbered_analysis
from tests.store.test_backup_roundtrip import fill, table_rows


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good backup of a small linked store (SQLite), shared by the tests that damage copies of it."""
    folder = tmp_path_factory.mktemp("archive")
    source = str(folder / "source.db")
    fill(source, [harbour_analysis(), *(numbered_analysis(i, claims=3) for i in range(4))])
    path = folder / "good.cgbackup"
    backup(source, path)
    return path


@pytest.fixture(params=BACKENDS)
def occupied(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A target store on each backend that already holds other data (restores into it use force)."""
    with backend_location(request.param, tmp_path / "target") as location:
        fill(location, [numbered_analysis(i) for i in range(50, 53)])
        yield location


def rewrite(src: Path, dst: Path, *, drop: str | None = None, edit: dict[str, Any] | None = None) -> None:
    """Copy a backup, leaving out member ``drop`` and replacing members by name with new bytes."""
    edit = edit or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = edit.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        data: dict[str, Any] = json.loads(zf.read(MANIFEST))
        return data


def damaged_copies(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of damage, with a word the error message must contain."""
    out: dict[str, tuple[Path, str]] = {}

    # A flipped byte in the middle of the claims table's compressed data.
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("tables/claims.jsonl")
    data = bytearray(good.read_bytes())
    header = 30 + len(info.filename.encode()) + len(info.extra)
    data[info.header_offset + header + info.compress_size // 2] ^= 0x40
    (flipped := folder / "flipped.cgbackup").write_bytes(bytes(data))
    out["flipped byte"] = (flipped, "claims")

    rewrite(good, missing := folder / "missing.cgbackup", drop="tables/claims.jsonl")
    out["missing table file"] = (missing, "tables/claims.jsonl")

    # Valid JSON and a valid zip, but not the rows the manifest vouches for: only the checksum can tell.
    with zipfile.ZipFile(good) as zf:
        rows = zf.read("tables/claims.jsonl").decode()
    altered = rows.replace("may walk out", "will walk out", 1)
    assert altered != rows
    rewrite(good, edited := folder / "edited.cgbackup", edit={"tables/claims.jsonl": altered.encode()})
    out["edited rows"] = (edited, "sha256")

    lines = rows.splitlines(keepends=True)
    rewrite(good, short := folder / "short.cgbackup", edit={"tables/claims.jsonl": "".join(lines[:-1]).encode()})
    out["lost row"] = (short, "rows")

    (truncated := folder / "truncated.cgbackup").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    out["truncated file"] = (truncated, "truncated")

    rewrite(good, no_manifest := folder / "nomanifest.cgbackup", drop=MANIFEST)
    out["no manifest"] = (no_manifest, MANIFEST)

    manifest = manifest_of(good)
    manifest["format"] = "someone-elses-backup"
    rewrite(good, foreign := folder / "foreign.cgbackup", edit={MANIFEST: json.dumps(manifest).encode()})
    out["foreign manifest"] = (foreign, "not a claimgraph backup")

    (notzip := folder / "notes.cgbackup").write_text("minutes of the harbour board\n" * 50, encoding="utf-8")
    out["not a zip"] = (notzip, "not a claimgraph backup")
    return out


@pytest.mark.parametrize(
    "damage",
    [
        "flipped byte",
        "missing table file",
        "edited rows",
        "lost row",
        "truncated file",
        "no manifest",
        "foreign manifest",
        "not a zip",
    ],
)
def test_backup_faults_damaged_backup_changes_nothing(
    damage: str, archive: Path, occupied: str, tmp_path: Path
) -> None:
    path, word = damaged_copies(archive, tmp_path)[damage]
    before = table_rows(occupied)
    with pytest.raises(StoreCorruptError, match=word) as err:
        restore(path, occupied, force=True)
    assert err.value.code == "E031"
    assert table_rows(occupied) == before
    with Store.open(occupied) as store:
        assert store.check() == []


def test_backup_faults_newer_backup_format_is_refused(archive: Path, occupied: str, tmp_path: Path) -> None:
    manifest = manifest_of(archive)
    manifest["format_version"] = 99
    rewrite(archive, newer := tmp_path / "newer.cgbackup", edit={MANIFEST: json.dumps(manifest).encode()})
    before = table_rows(occupied)
    with pytest.raises(StoreVersionError, match="backup format 99") as err:
        restore(newer, occupied, force=True)
    assert err.value.code == "E032"
    assert table_rows(occupied) == before


def test_backup_faults_backup_of_a_newer_schema_is_refused(archive: Path, occupied: str, tmp_path: Path) -> None:
    manifest = manifest_of(archive)
    manifest["schema_revision"] = "0999"
    rewrite(archive, newer := tmp_path / "newer.cgbackup", edit={MANIFEST: json.dumps(manifest).encode()})
    before = table_rows(occupied)
    with pytest.raises(StoreVersionError, match="0999"):
        restore(newer, occupied, force=True)
    assert table_rows(occupied) == before


def test_backup_faults_occupied_store_needs_force(archive: Path, occupied: str) -> None:
    before = table_rows(occupied)
    with pytest.raises(StoreNotEmptyError, match="--force") as err:
        restore(archive, occupied)
    assert err.value.code == "E036"
    assert table_rows(occupied) == before
    result = restore(archive, occupied, force=True)
    assert result.replaced
    after = table_rows(occupied)
    assert after != before and len(after["documents"]) == read_manifest(archive).documents


def test_backup_faults_store_of_a_newer_schema_is_not_backed_up(tmp_path: Path) -> None:
    source = tmp_path / "newer.db"
    Store.open(source).close()
    engine = sa.create_engine(f"sqlite:///{source}")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    engine.dispose()
    with pytest.raises(StoreVersionError, match="0999") as err:
        backup(source, tmp_path / "b.cgbackup")
    assert err.value.code == "E032"
    assert not (tmp_path / "b.cgbackup").exists()


def test_backup_faults_missing_store_and_unwritable_output(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        backup(tmp_path / "nowhere.db", tmp_path / "b.cgbackup")
    source = tmp_path / "source.db"
    fill(str(source), [harbour_analysis()])
    with pytest.raises(StoreReadOnlyError, match="folder"):
        backup(source, tmp_path)
    with pytest.raises(InputNotFoundError):
        restore(tmp_path / "no-such.cgbackup", tmp_path / "target.db")


def test_backup_faults_failed_backup_keeps_the_previous_file(tmp_path: Path) -> None:
    source, out = tmp_path / "source.db", tmp_path / "nightly.cgbackup"
    fill(str(source), [harbour_analysis()])
    backup(source, out)
    previous = out.read_bytes()
    with sqlite_version(source, "0999"), pytest.raises(StoreVersionError):
        backup(source, out)
    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.cgbackup", "source.db"]


@contextmanager
def sqlite_version(path: Path, version: str) -> Iterator[None]:
    """Record another schema version in a SQLite store for the duration of the block."""

    def put(value: str) -> str:
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            old = str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one())
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = ?", (value,))
        engine.dispose()
        return old

    old = put(version)
    try:
        yield
    finally:
        put(old)


@pytest.mark.parametrize("backend", BACKENDS)
def test_backup_faults_backup_is_one_snapshot_while_a_writer_goes_on(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process adds articles while the backup is half-way: the backup holds the store as it was
    # when it began, never documents without their claims or claims without their documents.
    with backend_location(backend, tmp_path / "source") as source, backend_location(backend, tmp_path / "t") as target:
        fill(source, [numbered_analysis(i, claims=2) for i in range(3)])
        before = table_rows(source)
        dump = backup_module._dump_table
        written: list[str] = []

        def dump_then_write(conn: sa.Connection, zf: zipfile.ZipFile, table: sa.Table) -> Any:
            entry = dump(conn, zf, table)
            if not written:
                with Store.open(source, timeout=5) as writer:
                    writer.add_many([numbered_analysis(i, claims=2) for i in range(10, 14)])
                written.append(table.name)
            return entry

        monkeypatch.setattr(backup_module, "_dump_table", dump_then_write)
        manifest = backup(source, tmp_path / "b.cgbackup")
        monkeypatch.undo()
        assert written, "the writer ran during the backup"
        assert manifest.documents == 3
        restore(tmp_path / "b.cgbackup", target)
        assert table_rows(target) == before
        with Store.open(target) as store:
            assert store.check() == []
        with Store.open(source, readonly=True) as store:
            assert store.stats()["documents"] == 7  # the writer's articles are in the store, just not in the backup


def test_backup_faults_restore_rolls_back_when_the_database_refuses_a_row(
    archive: Path, occupied: str, tmp_path: Path
) -> None:
    # Rows that pass the checksum but break a foreign key (a claim of a document that is not there):
    # the database refuses them, and the half-loaded restore is rolled back.
    with zipfile.ZipFile(archive) as zf:
        claims = zf.read("tables/claims.jsonl").decode().splitlines(keepends=True)
    row = json.loads(claims[0])
    row[0], row[1] = 10_000, 9_999  # pk, doc_pk
    bad_line = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
    content = "".join([*claims, bad_line]).encode()
    manifest = manifest_of(archive)
    entry = next(t for t in manifest["tables"] if t["name"] == "claims")
    entry["rows"], entry["sha256"] = len(claims) + 1, hashlib.sha256(content).hexdigest()
    edit = {"tables/claims.jsonl": content, MANIFEST: json.dumps(manifest).encode()}
    rewrite(archive, broken := tmp_path / "fk.cgbackup", edit=edit)
    before = table_rows(occupied)
    with pytest.raises(StoreError) as err:
        restore(broken, occupied, force=True)
    assert err.value.code == "E030" and "foreign key" in str(err.value).lower()
    assert table_rows(occupied) == before


def test_backup_faults_failed_restore_into_a_new_file_leaves_no_file(archive: Path, tmp_path: Path) -> None:
    path, _ = damaged_copies(archive, tmp_path)["edited rows"]
    target = tmp_path / "fresh" / "restored.db"
    with pytest.raises(StoreCorruptError):
        restore(path, target)
    assert not target.exists() and not list(target.parent.glob("restored.db*"))

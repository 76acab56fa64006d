"""Reading a backup file back: open and validate it, and stream each table's rows checked against the manifest.

Both :func:`~claimgraph.store.backup.backup` (to check the file it just wrote before renaming it into place)
and :func:`~claimgraph.store.backup_restore.restore` read archives, so the reading lives here once. Every
table file is checked for its row count and sha256 while it streams; the last chunk of a table is held
back until the whole file matched, so a damaged backup raises E031 before its last rows are used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimgraph.errors import InputNotFoundError, StoreCorruptError
from claimgraph.store.backup_format import CHUNK, MANIFEST, Manifest, TableEntry

_ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError)


@contextmanager
def open_archive(path: str | Path) -> Iterator[tuple[zipfile.ZipFile, Manifest, str]]:
    """The open archive at ``path``, its validated manifest and the name to show in errors.

    E031 when it is no backup, is truncated or lacks a table file its manifest lists.
    """
    where = str(path)
    if not Path(path).is_file():
        raise InputNotFoundError(f"{where}: no such backup file")
    try:
        zf = zipfile.ZipFile(path)
    except _ARCHIVE_ERRORS as exc:
        raise StoreCorruptError(f"{where} is not a claimgraph backup or is truncated ({exc}).") from exc
    except OSError as exc:
        raise InputNotFoundError(f"{where}: cannot read the backup ({exc})") from exc
    with zf:
        try:
            raw = json.loads(zf.read(MANIFEST))
        except KeyError:
            raise StoreCorruptError(f"{where} is not a claimgraph backup (it has no {MANIFEST}).") from None
        except (*_ARCHIVE_ERRORS, ValueError) as exc:
            raise StoreCorruptError(f"{where}: {MANIFEST} is damaged ({exc}).") from exc
        manifest = Manifest.from_dict(raw, where=where)
        present = set(zf.namelist())
        missing = [f"{t.file} (table {t.name})" for t in manifest.tables if t.file not in present]
        if missing:
            raise StoreCorruptError(f"{where} lacks {', '.join(missing)}: the backup is incomplete.")
        yield zf, manifest, where


def read_manifest(path: str | Path) -> Manifest:
    """The manifest of the backup at ``path`` (E031 if it is no backup, E032 if from a newer claimgraph)."""
    with open_archive(path) as (_, manifest, _where):
        return manifest


def verify(path: str | Path) -> Manifest:
    """Read the whole backup and check every table's rows, count and sha256; returns the manifest."""
    with open_archive(path) as (zf, manifest, where):
        for entry in manifest.tables:
            for _chunk in read_rows(zf, entry, where=where):
                pass
        return manifest


def check_files(path: Path) -> None:
    """Every table file's count and sha256 read back from disk (what was just written, without decoding rows)."""
    with open_archive(path) as (zf, manifest, where):
        for entry in manifest.tables:
            for _lines in read_lines(zf, entry, where=where):
                pass


def _damaged(entry: TableEntry, where: str, what: str) -> StoreCorruptError:
    return StoreCorruptError(f"{where}: {entry.file} (table {entry.name}) {what}; the backup is damaged.")


def read_lines(zf: zipfile.ZipFile, entry: TableEntry, *, where: str) -> Iterator[list[bytes]]:
    """The lines of ``entry``'s file in chunks; E031 once the file disagrees with the manifest (count, sha256)."""
    digest, n, chunk = hashlib.sha256(), 0, []
    try:
        with zf.open(entry.file) as member:
            for line in member:
                digest.update(line)
                chunk.append(line)
                if len(chunk) >= CHUNK:
                    n += len(chunk)
                    yield chunk
                    chunk = []
    except _ARCHIVE_ERRORS as exc:
        raise _damaged(entry, where, f"cannot be read ({exc})") from exc
    n += len(chunk)
    if n != entry.rows:
        raise _damaged(entry, where, f"holds {n} rows where the manifest records {entry.rows}")
    if digest.hexdigest() != entry.sha256:
        raise _damaged(entry, where, "does not match the sha256 recorded in the manifest")
    if chunk:
        yield chunk


def read_rows(zf: zipfile.ZipFile, entry: TableEntry, *, where: str) -> Iterator[list[list[Any]]]:
    """The decoded rows of ``entry`` (values in manifest column order), in chunks; E031 on any damage.

    The last chunk is held back until the whole file matched its count and sha256 (see :func:`read_lines`).
    """
    kinds = [k for _, k in entry.columns]
    binary = [i for i, k in enumerate(kinds) if k == "bytes"]
    n = 0
    for lines in read_lines(zf, entry, where=where):
        rows = []
        for line in lines:
            n += 1
            try:
                values = json.loads(line)
                if not isinstance(values, list) or len(values) != len(kinds):
                    raise ValueError(f"expected {len(kinds)} values")
                for i in binary:
                    if values[i] is not None:
                        values[i] = base64.b64decode(values[i], validate=True)
            except (ValueError, TypeError, binascii.Error) as exc:
                raise _damaged(entry, where, f"has a bad row at line {n} ({exc})") from exc
            rows.append(values)
        yield rows

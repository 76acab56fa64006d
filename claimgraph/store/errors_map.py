"""Turn driver errors into claimgraph's coded store errors.

SQLite reports the cause as a result code (``sqlite_errorcode`` on Python's
``sqlite3`` exceptions); the primary code is its low byte. Everything the
store does goes through :func:`translate`, so users see ``[E034] ...`` and
never a driver traceback.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy.exc

from claimgraph.errors import (
    NotFoundError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)

# PostgreSQL SQLSTATE codes (classes 08: connection, 53: resources, 55: object state).
_PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_DEADLOCK = "40P01"
_PG_READ_ONLY_TRANSACTION = "25006"
_PG_INSUFFICIENT_PRIVILEGE = "42501"
_PG_DISK_FULL = "53100"
_PG_INVALID_CATALOG = "3D000"

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def translate(exc: BaseException, location: str | Path) -> StoreError | NotFoundError:
    """The coded store error that explains ``exc`` for the store at ``location``."""
    orig = exc.orig if isinstance(exc, sqlalchemy.exc.DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(orig).strip() or type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _postgresql(sqlstate, detail, location)
    if primary == _SQLITE_FULL:
        return StoreFullError(
            f"the disk holding {location} is full ({detail}); nothing of the current article was written. "
            "Free some space and run the command again."
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusyError(
            f"{location} is locked by another writer ({detail}); wait for it to finish or raise --timeout."
        )
    if primary == _SQLITE_READONLY:
        return StoreReadOnlyError(
            f"{location} cannot be written ({detail}); check its permissions or choose another --db."
        )
    if primary == _SQLITE_CANTOPEN:
        return StoreReadOnlyError(
            f"{location} cannot be opened or created ({detail}); check the folder exists and is writable."
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StoreCorruptError(
            f"{location} is corrupt or not a claimgraph store ({detail}); restore a backup or choose another --db."
        )
    if isinstance(orig, OSError):
        return StoreReadOnlyError(f"{location} cannot be written ({orig}); choose another --db.")
    return StoreError(f"store {location} failed: {detail}")


def _postgresql(sqlstate: str, detail: str, location: str | Path) -> StoreError | NotFoundError:
    if sqlstate == _PG_DISK_FULL:
        return StoreFullError(
            f"the disk holding {location} is full ({detail}); nothing of the current article was written. "
            "Free some space and run the command again."
        )
    if sqlstate in (_PG_LOCK_NOT_AVAILABLE, _PG_DEADLOCK):
        return StoreBusyError(
            f"{location} is locked by another writer ({detail}); wait for it to finish or raise --timeout."
        )
    if sqlstate in (_PG_READ_ONLY_TRANSACTION, _PG_INSUFFICIENT_PRIVILEGE):
        return StoreReadOnlyError(
            f"{location} cannot be written ({detail}); check the role's rights or choose another --db."
        )
    if sqlstate == _PG_INVALID_CATALOG:
        return NotFoundError(f"no database at {location} ({detail}); create it first (createdb).")
    return StoreError(f"store {location} failed: {detail}")

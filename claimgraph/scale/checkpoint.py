"""The output folder of a batch run: atomic Parquet parts, an errors file and a checkpoint.

Layout of ``OUT``::

    documents/part-000001.parquet ...   one folder per table (see tables.py)
    claims/ quantities/ times/ entities/
    errors.jsonl                        one line per failed record
    _checkpoint.jsonl                   one line per committed chunk

A chunk is committed in this order: each table's part is written under a temporary name,
fsync'd and renamed; the chunk's error lines are appended to ``errors.jsonl`` and fsync'd;
then one line naming the chunk's record ids, its parts and the errors file length is appended
to the checkpoint and fsync'd. That last line is the commit point: a run killed anywhere
before it leaves parts and error lines that the next run removes (parts not in the
checkpoint are deleted, ``errors.jsonl`` is cut back to the recorded length), so no record is
lost or written twice.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.errors import CheckpointError, InputNotFoundError
from claimgraph.scale.tables import TABLES, Row, Tables, to_arrow

CHECKPOINT = "_checkpoint.jsonl"
ERRORS = "errors.jsonl"
_TMP_PREFIX = ".tmp-"


@dataclass(slots=True)
class Committed:
    """What earlier runs finished, read back from the checkpoint."""

    records: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    errors_bytes: int = 0
    next_part: int = 1
    chunks: int = 0


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_checkpoint(path: Path, *, repair: bool = False) -> Committed:
    state = Committed()
    if not path.exists():
        return state
    good_end = 0
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break  # a line torn by a kill: it never committed
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError:
                raise CheckpointError(
                    f"{path} holds a line that is not JSON at byte {good_end}; the folder was edited by hand? "
                    "Start over with --fresh (or another --out)"
                ) from None
            state.records.update(entry["records"])
            state.parts.update(entry["parts"])
            state.errors_bytes = int(entry["errors_bytes"])
            state.next_part = max(state.next_part, int(entry["part"]) + 1)
            state.chunks += 1
            good_end += len(raw)
    if repair and good_end != path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(good_end)
            os.fsync(handle.fileno())
    return state


class OutputDir:
    """Writes committed chunks into a batch output folder and knows what is already done."""

    def __init__(self, root: Path, *, fresh: bool = False) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise InputNotFoundError(f"{self.root} exists and is not a folder; give --out a folder")
        if fresh:
            self._wipe()
        self.root.mkdir(parents=True, exist_ok=True)
        self.state = _read_checkpoint(self.root / CHECKPOINT, repair=True)
        self._clean_uncommitted()

    def _wipe(self) -> None:
        for name in (*TABLES,):
            shutil.rmtree(self.root / name, ignore_errors=True)
        for name in (CHECKPOINT, ERRORS):
            (self.root / name).unlink(missing_ok=True)

    def _clean_uncommitted(self) -> None:
        for table in TABLES:
            folder = self.root / table
            if not folder.is_dir():
                continue
            for part in folder.iterdir():
                if f"{table}/{part.name}" not in self.state.parts:
                    part.unlink()
        errors = self.root / ERRORS
        if errors.exists() and errors.stat().st_size != self.state.errors_bytes:
            with errors.open("r+b") as handle:
                handle.truncate(self.state.errors_bytes)
                os.fsync(handle.fileno())

    def is_done(self, record_id: str) -> bool:
        """Whether an earlier run committed this record (as output or as an error)."""
        return record_id in self.state.records

    def commit(self, record_ids: list[str], tables: Tables, errors: list[Row]) -> None:
        """Write one chunk atomically (see the module docstring for the order)."""
        name = f"part-{self.state.next_part:06d}.parquet"
        parts: list[str] = []
        for table in TABLES:
            rows = tables.get(table) or []
            if not rows:
                continue
            parts.append(self._write_part(table, name, rows))
        self.commit_written(record_ids, parts, errors)

    def commit_written(self, record_ids: list[str], parts: list[str], errors: list[Row]) -> None:
        """Commit a chunk whose parts someone else (a Ray actor) already wrote under their final names."""
        number = self.state.next_part
        errors_bytes = self._append_errors(errors)
        line = {"part": number, "records": record_ids, "parts": parts, "errors_bytes": errors_bytes}
        with (self.root / CHECKPOINT).open("ab") as handle:
            handle.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.state.records.update(record_ids)
        self.state.parts.update(parts)
        self.state.errors_bytes = errors_bytes
        self.state.next_part = number + 1
        self.state.chunks += 1

    def _write_part(self, table: str, name: str, rows: list[Row]) -> str:
        import pyarrow.parquet as pq

        folder = self.root / table
        folder.mkdir(exist_ok=True)
        tmp = folder / f"{_TMP_PREFIX}{name}"
        pq.write_table(to_arrow(table, rows), tmp, compression="zstd")
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, folder / name)
        _fsync_dir(folder)
        return f"{table}/{name}"

    def _append_errors(self, errors: list[Row]) -> int:
        path = self.root / ERRORS
        with path.open("ab") as handle:
            for row in errors:
                handle.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
            return handle.tell()


def read_table(root: Path, table: str) -> list[Row]:
    """Every committed row of ``table`` in a batch output folder, in commit order."""
    import pyarrow.parquet as pq

    state = _read_checkpoint(Path(root) / CHECKPOINT)
    rows: list[Row] = []
    for part in sorted(p for p in state.parts if p.startswith(f"{table}/")):
        rows.extend(pq.read_table(Path(root) / part).to_pylist())
    return rows


def read_errors(root: Path) -> list[Row]:
    """The committed lines of ``errors.jsonl``."""
    path = Path(root) / ERRORS
    if not path.exists():
        return []
    state = _read_checkpoint(Path(root) / CHECKPOINT)
    with path.open("rb") as handle:
        data = handle.read(state.errors_bytes)
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def iter_committed_ids(root: Path) -> Iterator[str]:
    """Record ids the checkpoint lists, in commit order."""
    path = Path(root) / CHECKPOINT
    if not path.exists():
        return
    with path.open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n"):
                yield from json.loads(raw)["records"]


def unique(ids: Iterable[str]) -> bool:
    """Whether no id occurs twice (a check the fault tests make)."""
    seen: set[str] = set()
    for rid in ids:
        if rid in seen:
            return False
        seen.add(rid)
    return True

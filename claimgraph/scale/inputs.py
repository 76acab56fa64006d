"""Batch inputs: folders, globs and files in, a stream of identified records out.

Every article gets a stable record id built from where it sits in its input: the absolute
file path, plus ``#L<line>`` (JSON Lines), ``#R<row>`` (Parquet), ``#I<n>`` (JSON lists and
feeds) or ``#W<WARC-Record-ID>`` (WARC). The same corpus read again yields the same ids, which
is what lets a checkpoint say what is done. ``done(record_id)`` is asked *before* a record is
parsed, so a resumed run skips finished work cheaply.
"""

from __future__ import annotations

import codecs
import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from claimgraph.config import load_settings
from claimgraph.errors import (
    BinaryInputError,
    ClaimgraphError,
    EmptyInputError,
    InputNotFoundError,
    MalformedRecordError,
    UnsupportedFormatError,
)
from claimgraph.ingest import read_path
from claimgraph.ingest.articles import Given
from claimgraph.ingest.decoding import binary_kind, check_size
from claimgraph.ingest.paths import format_for
from claimgraph.ingest.records import article_from_record, iter_jsonl
from claimgraph.ingest.warc import is_warc, iter_warc
from claimgraph.model import Article

Done = Callable[[str], bool]
_GLOB_CHARS = frozenset("*?[")
_SINGLE = ("txt", "md", "html")
_PARQUET_BATCH_ROWS = 256


@dataclass(frozen=True, slots=True)
class Item:
    """One input record: its id, a readable place name, bytes it stands for, article or error."""

    record_id: str
    where: str
    nbytes: int
    article: Article | None
    error: ClaimgraphError | None


def batch_format(path: Path) -> str | None:
    """The format a batch reads ``path`` as (ingest's formats plus warc and parquet), or None."""
    if is_warc(path):
        return "warc"
    if path.suffix.lower() == ".parquet":
        return "parquet"
    try:
        return format_for(path)
    except UnsupportedFormatError:
        return None


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if not f.startswith("."))
    yield from (p for p in sorted(found) if batch_format(p) is not None)


def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[Path | tuple[str, ClaimgraphError]]:
    """Files named by ``inputs`` (folders walked, globs expanded), or (input, error) for one that is missing."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif _GLOB_CHARS & set(str(raw)):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True))
            if not matches:
                yield str(raw), InputNotFoundError(f"{raw}: no file matches this pattern")
            for match in matches:
                if match.is_dir():
                    yield from _walk(match)
                elif batch_format(match) is not None:
                    yield match
        else:
            yield str(raw), InputNotFoundError(f"{raw}: no such file or directory")


def _never(_record_id: str) -> bool:
    return False


def iter_items(inputs: Iterable[str | Path], *, done: Done = _never, now: datetime | None = None) -> Iterator[Item]:
    """Every record of every input, in a stable order, skipping those ``done`` says are finished."""
    for entry in iter_input_files(inputs):
        if isinstance(entry, tuple):
            key, error = entry
            if not done(key):
                yield Item(key, key, 0, None, error)
            continue
        yield from _file_items(entry.resolve(), done=done, now=now)


def _file_items(path: Path, *, done: Done, now: datetime | None) -> Iterator[Item]:
    key = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        if not done(key):
            yield Item(key, key, 0, None, InputNotFoundError(f"{path}: cannot be read ({exc.strerror})"))
        return
    fmt = batch_format(path)
    if fmt is None:
        if not done(key):
            unsupported = UnsupportedFormatError(f"{path}: claimgraph batch cannot read files named {path.suffix!r}")
            yield Item(key, key, size, None, unsupported)
        return
    if fmt == "jsonl":
        yield from _jsonl_items(path, size, done=done, now=now)
    elif fmt == "warc":
        for w in iter_warc(path, now=now, skip=lambda rid: done(f"{key}#W{rid}")):
            rid, where = f"{key}#W{w.record_id}", f"{key} record {w.record_id}"
            if isinstance(w.result, Article):
                yield Item(rid, where, w.length, w.result, None)
            else:
                yield Item(rid, where, w.length, None, w.result)
    elif fmt == "parquet":
        yield from _parquet_items(path, size, done=done, now=now)
    else:
        yield from _whole_file_items(path, size, fmt, done=done, now=now)


def _whole_file_items(path: Path, size: int, fmt: str, *, done: Done, now: datetime | None) -> Iterator[Item]:
    key = str(path)
    if fmt in _SINGLE and done(key):
        return
    try:
        articles = read_path(path, fmt=fmt, now=now)
    except ClaimgraphError as exc:
        if not done(key):
            yield Item(key, key, size, None, exc)
        return
    if fmt in _SINGLE:
        yield Item(key, key, size, articles[0], None)
        return
    share = size // max(1, len(articles))
    for n, article in enumerate(articles, start=1):
        if not done(f"{key}#I{n}"):
            yield Item(f"{key}#I{n}", f"{key} item {n}", share, article, None)


def _jsonl_head_error(head: bytes, name: str) -> ClaimgraphError | None:
    if not head.strip():
        return EmptyInputError(f"{name} is empty; give one JSON object per line")
    kind = binary_kind(head)
    if kind is not None and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return BinaryInputError(f"{name} looks like a binary {kind}, not JSON Lines")
    return None


def _jsonl_items(path: Path, size: int, *, done: Done, now: datetime | None) -> Iterator[Item]:
    key = str(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
        error = _jsonl_head_error(head, key)
        if error is not None or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 cannot be split on newlines: read it whole, numbering records as items.
            if error is None:
                yield from _whole_file_items(path, size, "jsonl", done=done, now=now)
            elif not done(key):
                yield Item(key, key, size, None, error)
            return
        handle.seek(0)
        yield from _jsonl_lines(handle, path, done=done, now=now)


def _jsonl_lines(handle: Iterable[bytes], path: Path, *, done: Done, now: datetime | None) -> Iterator[Item]:
    key = str(path)
    state = {"line": 0, "skipped": 0, "nbytes": 0}

    def lines() -> Iterator[bytes]:
        # A finished line is handed on blank: iter_jsonl skips it unparsed yet keeps the numbering.
        for n, raw in enumerate(handle, start=1):
            state["line"], state["nbytes"] = n, len(raw)
            if raw.strip() and done(f"{key}#L{n}"):
                state["skipped"] += 1
                yield b"\n"
            else:
                yield raw

    base = Given(source_path=key, source_format="jsonl", encoding="utf-8")
    limit = load_settings().max_input_bytes
    for result in iter_jsonl(lines(), name=key, base=base, now=_now(now), max_bytes=limit):
        if isinstance(result, EmptyInputError) and state["skipped"]:
            continue
        n = state["line"]
        record_id = f"{key}#L{n}" if not isinstance(result, EmptyInputError) else f"{key}#empty"
        where = f"{key} line {n}"
        if isinstance(result, Article):
            yield Item(record_id, where, state["nbytes"], result, None)
        elif not done(record_id):
            yield Item(record_id, where, state["nbytes"], None, result)


def _now(now: datetime | None) -> datetime:
    from claimgraph.ingest.dates import current_time

    return current_time(now)


def _parquet_items(path: Path, size: int, *, done: Done, now: datetime | None) -> Iterator[Item]:
    import pyarrow.parquet as pq

    key = str(path)
    try:
        table = pq.ParquetFile(path)
        total = max(1, table.metadata.num_rows)
        batches = table.iter_batches(batch_size=_PARQUET_BATCH_ROWS)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises OSError / ArrowInvalid for a broken file
        if not done(key):
            yield Item(key, key, size, None, MalformedRecordError(f"{path}: not a readable Parquet file ({exc})"))
        return
    base = Given(source_path=key, source_format="parquet")
    run_time = _now(now)
    limit = load_settings().max_input_bytes
    n = 0
    for batch in batches:
        for row in batch.to_pylist():
            n += 1
            record_id = f"{key}#R{n}"
            if done(record_id):
                continue
            where = f"{key} row {n}"
            try:
                check_size(sum(len(v) for v in row.values() if isinstance(v, str)), name=where, limit=limit)
                yield Item(
                    record_id,
                    where,
                    size // total,
                    article_from_record(row, where=where, base=base, now=run_time),
                    None,
                )
            except ClaimgraphError as exc:
                yield Item(record_id, where, size // total, None, exc)

"""WARC archives (Common Crawl news dumps, web crawls): one article per HTML response.

Records are streamed with warcio, so an archive of any size is read in constant memory. Each
record keeps its ``WARC-Record-ID`` so a batch can say which records it has done; a record
can be skipped before its payload is read or decoded. A bad record (truncated, too large,
undecodable, no article text) yields its error and the archive goes on; a broken archive
(corrupt gzip member) yields one error and stops, since nothing after it can be located.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError, InputNotFoundError, MalformedRecordError
from claimgraph.ingest.articles import Given, html_article
from claimgraph.ingest.dates import current_time
from claimgraph.ingest.decoding import check_size, decode_bytes
from claimgraph.model import Article

#: File name endings read as WARC.
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcItem:
    """One HTML record of an archive: its id, where it starts, and its article or error."""

    record_id: str
    offset: int
    length: int
    url: str | None
    result: Article | ClaimgraphError


def is_warc(path: Path) -> bool:
    """Whether ``path`` is named like a WARC file (``.warc`` or ``.warc.gz``)."""
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


def _content_type(record: Any) -> str:
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    if value is None:
        value = record.rec_headers.get_header("Content-Type") or ""
    return str(value).split(";", 1)[0].strip().lower()


def _is_html_response(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    if record.http_headers is not None and not str(record.http_headers.get_statuscode() or "").startswith("2"):
        return False
    return _content_type(record) in _HTML_TYPES


def _article(record: Any, payload: bytes, *, where: str, path: Path, url: str | None, now: datetime) -> Article:
    decoded = decode_bytes(payload, name=where)
    given = Given(
        url=url,
        source_path=str(path),
        source_format="warc",
        encoding=decoded.encoding,
        notes=list(decoded.notes),
        metadata={
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
            "warc_date": record.rec_headers.get_header("WARC-Date"),
        },
    )
    return html_article(decoded.text, given, now=now)


def iter_warc(
    path: Path,
    *,
    now: datetime | None = None,
    skip: Callable[[str], bool] | None = None,
    max_bytes: int | None = None,
) -> Iterator[WarcItem]:
    """Stream the HTML responses of a WARC file as articles, or errors in their place.

    ``skip(record_id)`` true means the record is passed over without reading its payload.
    Records that are not HTML responses (requests, metadata, images) are ignored.
    """
    from warcio.archiveiterator import ArchiveIterator

    path = Path(path)
    run_time = current_time(now)
    limit = max_bytes if max_bytes is not None else load_settings().max_input_bytes
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputNotFoundError(f"{path}: cannot be read ({exc.strerror})") from None
    with handle:
        records = ArchiveIterator(handle)
        offset = 0
        last: Any = None
        try:
            for record in records:
                offset, last = records.offset, None
                if not _is_html_response(record):
                    last = record
                    continue
                record_id = str(record.rec_headers.get_header("WARC-Record-ID") or f"offset-{offset}")
                if skip is not None and skip(record_id):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path} record {record_id}"
                result = _read(record, where, path, url, limit, run_time)
                yield WarcItem(record_id, offset, int(record.length or 0), url, result)
            if last is not None and getattr(last.raw_stream, "limit", None):
                # Only the last record can be cut short; one we skipped unread is checked here.
                raise EOFError(f"the last record is truncated ({last.raw_stream.limit:,} bytes missing)")
            size = path.stat().st_size
            if records.offset < size:
                # warcio stops quietly at a gzip member cut short; the bytes left over say so.
                raise EOFError(f"{size - records.offset:,} bytes at the end could not be read as records")
        except ClaimgraphError:
            raise
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a broken archive
            error = MalformedRecordError(
                f"{path}: the archive is broken after offset {offset} ({exc.__class__.__name__}: {exc}); "
                "records after it cannot be read; re-download or repair the file"
            )
            yield WarcItem(f"offset-{offset}-broken", offset, 0, None, error)


def _read(record: Any, where: str, path: Path, url: str | None, limit: int, now: datetime) -> Article | ClaimgraphError:
    try:
        check_size(int(record.length or 0), name=where, limit=limit)
        payload = record.content_stream().read()
        if getattr(record.raw_stream, "limit", None):
            raise MalformedRecordError(
                f"{where}: the record is truncated ({record.raw_stream.limit:,} bytes missing of "
                f"{record.length:,}); the archive was cut short"
            )
        return _article(record, payload, where=where, path=path, url=url, now=now)
    except ClaimgraphError as exc:
        return exc

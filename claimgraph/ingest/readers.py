"""The public readers: strings, bytes and paths in, articles out."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from claimgraph.config import load_settings
from claimgraph.errors import BinaryInputError, ClaimgraphError, EmptyInputError, InputNotFoundError
from claimgraph.ingest.articles import Given, html_article, markdown_article, text_article
from claimgraph.ingest.dates import current_time
from claimgraph.ingest.decoding import binary_kind, check_size, decode_bytes
from claimgraph.ingest.feeds import articles_from_feed
from claimgraph.ingest.paths import format_for, normalise_format
from claimgraph.ingest.records import iter_jsonl, records_from_json
from claimgraph.model import Article

# Bytes sniffed before streaming JSON Lines, to refuse a binary file without reading it all.
_SNIFF_BYTES = 8192


def read_text(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    author: str | None = None,
    now: datetime | None = None,
) -> Article:
    """Read one article given as plain text.

    The text is kept as given (only ``\\r\\n`` -> ``\\n``, a leading BOM removed and the line breaks
    inside hard-wrapped paragraphs read as spaces) so offsets stay stable. ``title`` given means the
    text is the body only; ``published`` (ISO 8601) overrides any date found and must not lie in the
    future of ``now`` (E017).
    """
    given = Given(title=title, published=published, outlet=outlet, url=url, author=author, source_format="txt")
    return text_article(text, given, now=current_time(now))


def read_bytes(
    data: bytes,
    *,
    fmt: str,
    name: str = "<stdin>",
    published: str | None = None,
    now: datetime | None = None,
) -> list[Article]:
    """Read articles from raw bytes in format ``fmt`` (txt, md, html, json, jsonl, rss, atom)."""
    fmt = normalise_format(fmt)
    run_time = current_time(now)
    decoded = decode_bytes(data, name=name)
    given = Given(
        published=published,
        source_path=None if name.startswith("<") else name,
        source_format=fmt,
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )
    if fmt == "txt":
        return [text_article(decoded.text, given, now=run_time)]
    if fmt == "md":
        return [markdown_article(decoded.text, given, now=run_time)]
    if fmt == "html":
        return [html_article(decoded.text, given, now=run_time)]
    if fmt == "json":
        return records_from_json(decoded.text, name=name, base=given, now=run_time)
    if fmt == "jsonl":
        articles: list[Article] = []
        for item in iter_jsonl(decoded.text.split("\n"), name=name, base=given, now=run_time):
            if isinstance(item, ClaimgraphError):
                raise item
            articles.append(item)
        return articles
    return articles_from_feed(decoded.text, name=name, base=given, now=run_time)


def _check_path(path: Path) -> int:
    try:
        stat = path.stat()
    except OSError:
        raise InputNotFoundError(f"{path}: no such file") from None
    if path.is_dir():
        raise InputNotFoundError(f"{path} is a directory; use iter_paths() (or pass the folder to the CLI) to read it")
    return stat.st_size


def read_path(
    path: Path, *, published: str | None = None, fmt: str | None = None, now: datetime | None = None
) -> list[Article]:
    """Read every article in a file (one for .txt/.html, one per record for .json/.jsonl, per item for feeds).

    The size limit (E016) is checked before the file is read.
    """
    path = Path(path)
    size = _check_path(path)
    fmt = format_for(path, fmt)
    check_size(size, name=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputNotFoundError(f"{path}: cannot be read ({exc.strerror})") from None
    return read_bytes(data, fmt=fmt, name=str(path), published=published, now=now)


def iter_records(
    path: Path, *, published: str | None = None, fmt: str | None = None, now: datetime | None = None
) -> Iterator[Article | ClaimgraphError]:
    """Stream the articles of a file, yielding an error in place of each bad record (or bad file).

    JSON Lines is read line by line (the size limit applies to each line, so a large batch file
    streams); other formats are read whole and yield their articles or their one error.
    """
    path = Path(path)
    try:
        _check_path(path)
        fmt = format_for(path, fmt)
    except ClaimgraphError as exc:
        yield exc
        return
    if fmt != "jsonl":
        try:
            yield from read_path(path, published=published, fmt=fmt, now=now)
        except ClaimgraphError as exc:
            yield exc
        return
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        error = _jsonl_head_error(head, str(path))
        if error is not None:
            yield error
            return
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 cannot be split on b"\n"; such files are small in practice, read them whole.
            try:
                yield from read_path(path, published=published, fmt=fmt, now=now)
            except ClaimgraphError as exc:
                yield exc
            return
        handle.seek(0)
        base = Given(published=published, source_path=str(path), source_format="jsonl", encoding="utf-8")
        limit = load_settings().max_input_bytes
        yield from iter_jsonl(handle, name=str(path), base=base, now=current_time(now), max_bytes=limit)


def _jsonl_head_error(head: bytes, name: str) -> ClaimgraphError | None:
    if not head.strip():
        return EmptyInputError(f"{name} is empty; give one JSON object per line")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    kind = binary_kind(head)
    if kind is not None:
        return BinaryInputError(f"{name} looks like a binary {kind}, not JSON Lines")
    return None

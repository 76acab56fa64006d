"""JSON and JSON Lines: one article per record.

A record is an object with ``text`` (or ``html``) and optional ``title``,
``published``, ``url``, ``outlet``, ``author``; every other key is kept in
``Article.metadata``. JSON Lines is read line by line so that a batch can
record a bad line (E014, naming the line) and go on.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from claimgraph.errors import ClaimgraphError, DecodingError, EmptyInputError, MalformedRecordError
from claimgraph.ingest.articles import Given, html_article, text_article
from claimgraph.ingest.decoding import check_size
from claimgraph.model import Article

KNOWN_KEYS = ("text", "html", "title", "published", "url", "outlet", "author")


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise MalformedRecordError(f"{where}: field '{key}' must be a string, not {type(value).__name__}")


def article_from_record(record: Any, *, where: str, base: Given, now: datetime) -> Article:
    """Turn one parsed JSON value into an article (E014 when it is not a usable record)."""
    if not isinstance(record, dict):
        raise MalformedRecordError(f"{where}: expected a JSON object with a 'text' field, got {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    given = Given(
        title=_optional_str(record, "title", where),
        published=base.published,
        meta_published=_optional_str(record, "published", where),
        outlet=_optional_str(record, "outlet", where),
        url=_optional_str(record, "url", where),
        author=_optional_str(record, "author", where),
        source_path=base.source_path,
        source_format=base.source_format,
        encoding=base.encoding,
        notes=list(base.notes),
        metadata={k: v for k, v in record.items() if k not in KNOWN_KEYS},
    )
    if isinstance(text, str) and text.strip():
        return text_article(text, given, now=now)
    if isinstance(html, str) and html.strip():
        return html_article(html, given, now=now)
    if text is not None and not isinstance(text, str):
        raise MalformedRecordError(f"{where}: field 'text' must be a string, not {type(text).__name__}")
    raise MalformedRecordError(f"{where}: record has no article text; give a non-empty 'text' (or 'html') field")


def records_from_json(text: str, *, name: str, base: Given, now: datetime) -> list[Article]:
    """Articles of a .json document: one object or a list of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(
            f"{name} line {exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    if isinstance(value, list):
        if not value:
            raise MalformedRecordError(f"{name}: the JSON list holds no records")
        return [
            article_from_record(item, where=f"{name} record {n}", base=base, now=now)
            for n, item in enumerate(value, start=1)
        ]
    return [article_from_record(value, where=name, base=base, now=now)]


def iter_jsonl(
    lines: Iterable[bytes | str], *, name: str, base: Given, now: datetime, max_bytes: int | None = None
) -> Iterator[Article | ClaimgraphError]:
    """Articles of JSON Lines, one per non-blank line; a bad line yields its error instead."""
    seen = False
    for lineno, raw in enumerate(lines, start=1):
        where = f"{name} line {lineno}"
        try:
            if isinstance(raw, bytes):
                check_size(len(raw), name=where, limit=max_bytes)
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise DecodingError(f"{where}: not valid UTF-8 ({exc.reason}); JSON Lines must be UTF-8") from None
            else:
                line = raw
            if not line.strip():
                continue
            seen = True
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecordError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            yield article_from_record(value, where=where, base=base, now=now)
        except ClaimgraphError as exc:
            seen = True
            yield exc
    if not seen:
        yield EmptyInputError(f"{name} holds no JSON Lines records; give one JSON object per line")

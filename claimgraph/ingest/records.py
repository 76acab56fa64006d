"""JSON and JSON Lines: one article per record.

A record is an object with ``text`` (or ``html``) and optional ``title``,
``published``, ``url``, ``outlet``, ``author``; every other key is kept in
``Article.metadata``. The names scrapers and news APIs write are read too
(``maintext``, ``date_publish``, ``publishedAt``, ``authors``, ``source``:
``data/record_keys.json``), claimgraph's own name first. Under its own name a
field must be a string (E014 otherwise); under another name a value of another
shape is left in the metadata, except a list of names (``authors``, joined
with ", ") and an object with a ``name`` (NewsAPI's ``source``). JSON Lines is
read line by line so that a batch can record a bad line (E014, naming the
line) and go on.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from claimgraph.errors import ClaimgraphError, DecodingError, EmptyInputError, MalformedRecordError
from claimgraph.ingest.articles import Given, html_article, text_article
from claimgraph.ingest.decoding import check_size
from claimgraph.model import Article


@cache
def field_keys() -> dict[str, tuple[str, ...]]:
    """The keys that give each article field, claimgraph's own name first."""
    raw = resources.files("claimgraph.ingest").joinpath("data/record_keys.json").read_text(encoding="utf-8")
    fields: dict[str, list[str]] = json.loads(raw)["fields"]
    return {name: tuple(keys) for name, keys in fields.items()}


def _own_keys() -> frozenset[str]:
    """claimgraph's own key of each field ("text", "title", ...): never metadata, even when unused."""
    return frozenset(keys[0] for keys in field_keys().values())


def _body_key(record: dict[str, Any], name: str) -> str | None:
    """The first key of field ``name`` ("text" or "html") holding a non-blank string."""
    return next((k for k in field_keys()[name] if isinstance(record.get(k), str) and record[k].strip()), None)


def _as_str(value: Any) -> str | None:
    """A scalar as text; a list of strings joined (authors); an object's ``name`` (NewsAPI's source)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip()) or None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip() or None
    return None


def _field(record: dict[str, Any], name: str, where: str, used: set[str]) -> str | None:
    """The record's value for field ``name`` (its own key first, then the other names); marks the key used."""
    own, *others = field_keys()[name]
    value = record.get(own)
    if value is not None:
        # under its own name a field is a string (a number is taken as written; authors may be a list)
        shaped = isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))
        text = _as_str(value) if shaped or (name == "author" and isinstance(value, list)) else None
        if text is None and not isinstance(value, str):
            raise MalformedRecordError(f"{where}: field '{own}' must be a string, not {type(value).__name__}")
        used.add(own)
        return text
    for key in others:
        text = _as_str(record.get(key))
        if text is not None:
            used.add(key)
            return text
    return None


def article_from_record(record: Any, *, where: str, base: Given, now: datetime) -> Article:
    """Turn one parsed JSON value into an article (E014 when it is not a usable record)."""
    if not isinstance(record, dict):
        raise MalformedRecordError(f"{where}: expected a JSON object with a 'text' field, got {type(record).__name__}")
    used: set[str] = set()
    text_key, html_key = _body_key(record, "text"), _body_key(record, "html")
    text = record[text_key] if text_key is not None else record.get("text")
    html = record[html_key] if html_key is not None else record.get("html")
    used.update(k for k in (text_key, html_key) if k is not None)
    given = Given(
        title=_field(record, "title", where, used),
        published=base.published,
        meta_published=_field(record, "published", where, used),
        outlet=_field(record, "outlet", where, used),
        url=_field(record, "url", where, used),
        author=_field(record, "author", where, used),
        source_path=base.source_path,
        source_format=base.source_format,
        encoding=base.encoding,
        notes=list(base.notes),
        metadata={k: v for k, v in record.items() if k not in used and k not in _own_keys()},
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

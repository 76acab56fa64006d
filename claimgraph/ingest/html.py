"""HTML pages: trafilatura for the main text and metadata, htmldate to cross-check the date.

The article text is trafilatura's clean text, unchanged; headings that
trafilatura kept (``<head>`` elements of its XML body) are mapped back onto
lines of that text to give the title span and the subheadings.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimgraph.errors import NoArticleTextError
from claimgraph.ingest.dates import accept_found_date
from claimgraph.ingest.structure import detect_structure, ends_sentence, split_lines
from claimgraph.model import DateOrigin, Span, TextSpan

# trafilatura and htmldate log every page they find hard; their verdict reaches the user as E015 or a note.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# A page's text must hold at least one line of this many words that ends like a sentence.
_PROSE_MIN_WORDS = 4
# Dates after the run are dropped by us, with a note; htmldate's own cut-off would hide them silently.
_NO_MAX_DATE = "2199-12-31"
_WS_RE = re.compile(r"\s+")
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_MIDNIGHT_RE = re.compile(r"T00:00:00$")
_ZERO_SECONDS_RE = re.compile(r"(T\d{2}:\d{2}):00(?=[+-]|$)")


@dataclass(slots=True)
class HtmlArticle:
    """What one HTML page yields before the caller adds source details and overrides."""

    text: str
    title: str | None = None
    title_span: Span | None = None
    dateline_span: Span | None = None
    subheadings: list[TextSpan] = field(default_factory=list)
    published: str | None = None
    published_origin: DateOrigin = "none"
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _WS_RE.sub(" ", value).strip()
    return value or None


def _reads_like_prose(line: str) -> bool:
    return len(line.split()) >= _PROSE_MIN_WORDS and ends_sentence(line)


def _htmldate(html: str) -> str | None:
    """htmldate's reading of the whole page (markup, URL, text), as precise as what it found."""
    from htmldate import find_date

    try:
        found = find_date(
            html,
            extensive_search=True,
            original_date=True,
            outputformat=_HTMLDATE_FORMAT,
            max_date=_NO_MAX_DATE,
        )
    except (ValueError, TypeError):
        return None
    if not isinstance(found, str):
        return None
    # Without an offset, midnight is how htmldate writes "no time given".
    found = _MIDNIGHT_RE.sub("", found)
    return _ZERO_SECONDS_RE.sub(r"\1", found)


def _headings(body: Any) -> list[tuple[str, str]]:
    """(level, text) of each heading trafilatura kept, in document order."""
    out: list[tuple[str, str]] = []
    if body is None:
        return out
    for element in body.iter("head"):
        text = _clean("".join(element.itertext()))
        if text:
            out.append((str(element.get("rend") or ""), text))
    return out


def _map_headings(text: str, headings: list[tuple[str, str]]) -> list[tuple[str, TextSpan]]:
    """Find each heading as a whole line of ``text``, in order; headings not found are skipped."""
    lines = split_lines(text)
    out: list[tuple[str, TextSpan]] = []
    cursor = 0
    for level, heading in headings:
        for index in range(cursor, len(lines)):
            line = lines[index]
            if _clean(line.text) == heading:
                out.append((level, TextSpan(line.text.strip(), line.stripped_span)))
                cursor = index + 1
                break
    return out


def _choose_date(
    meta_date: str | None, page_date: str | None, now: datetime
) -> tuple[str | None, DateOrigin, list[str]]:
    meta, notes = accept_found_date(meta_date, where="metadata", now=now)
    page, page_notes = accept_found_date(page_date, where="html", now=now)
    notes.extend(page_notes)
    if meta and page:
        if page.startswith(meta):
            # Same day: htmldate read the markup with its time of day, keep the more precise value.
            return page, "metadata", notes
        notes.append(f"date: metadata says {meta} but the page markup says {page}; kept the metadata date")
        return meta, "metadata", notes
    if meta:
        return meta, "metadata", notes
    if page and page.endswith("-01-01"):
        # htmldate turns a bare year (a copyright line) into 1 January; keep only what is known.
        notes.append(f"date: page date {page} may stand for a bare year; kept as {page[:4]}")
        return page[:4], "html", notes
    if page:
        return page, "html", notes
    return None, "none", notes


def parse_html(html: str, *, name: str, now: datetime, url: str | None = None) -> HtmlArticle:
    """Extract the article of one HTML page (E015 when it has no article text)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": _NO_MAX_DATE},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    # trafilatura falls back to all visible text, so a menu-only page still yields "Home\nNews":
    # without one line that reads like a sentence there is no article.
    if not isinstance(text, str) or not any(_reads_like_prose(line) for line in text.split("\n")):
        raise NoArticleTextError(
            f"{name}: no article text found in the HTML (only navigation or boilerplate?); "
            "give the article page itself, or its text as .txt"
        )
    title = _clean(getattr(doc, "title", None))
    result = HtmlArticle(
        text=text,
        title=title,
        outlet=_clean(getattr(doc, "sitename", None)),
        url=_clean(getattr(doc, "url", None)) or url,
        author=_clean(getattr(doc, "author", None)),
    )
    for key in ("hostname", "description", "categories", "tags", "image", "license"):
        value = getattr(doc, key, None)
        if value:
            result.metadata[key] = value

    headings = _map_headings(text, _headings(getattr(doc, "body", None)))
    if headings and headings[0][1].span.start == 0 and (title is None or headings[0][1].text == title):
        # trafilatura kept the page headline as the first line of the text.
        result.title = headings[0][1].text
        result.title_span = headings[0][1].span
        headings = headings[1:]
    result.subheadings = [span for _, span in headings]

    structure = detect_structure(text, find_title=False)
    heading_spans = {h.span for h in result.subheadings}
    if structure.dateline_span is not None and structure.dateline_span not in heading_spans:
        result.dateline_span = structure.dateline_span

    meta_date = _clean(getattr(doc, "date", None))
    published, origin, notes = _choose_date(meta_date, _htmldate(html), now)
    result.notes.extend(notes)
    if published is None and structure.dateline is not None:
        published, dateline_notes = accept_found_date(structure.dateline.iso(), where="dateline", now=now)
        result.notes.extend(structure.notes)
        result.notes.extend(dateline_notes)
        origin = "dateline" if published else "none"
    result.published, result.published_origin = published, origin
    return result

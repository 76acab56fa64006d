"""Assemble :class:`Article` objects from decoded text, Markdown or HTML, applying date precedence.

Precedence of the publication date: a user override, then a date from the
input's metadata (record keys, HTML meta tags), then htmldate's reading of the
page, then a dateline line in the text. A found date in the future of the run is
dropped with a note; a future override is an error (E017), since the user can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from claimgraph.errors import EmptyInputError
from claimgraph.ingest.dates import accept_found_date, parse_override
from claimgraph.ingest.decoding import normalise_newlines
from claimgraph.ingest.html import parse_html
from claimgraph.ingest.language import guess_language
from claimgraph.ingest.markdown import MIN_KEPT_LETTERS, parse_markdown
from claimgraph.ingest.reflow import reflow
from claimgraph.ingest.structure import Structure, detect_structure
from claimgraph.model import Article, DateOrigin, Span, TextSpan


@dataclass(slots=True)
class Given:
    """What the caller or the input's own fields say about an article (beats anything detected)."""

    title: str | None = None
    published: str | None = None
    meta_published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    source_path: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def _date(
    given: Given, found: str | None, found_origin: DateOrigin, now: datetime, notes: list[str]
) -> tuple[str | None, DateOrigin]:
    if given.published is not None:
        return parse_override(given.published, now=now), "override"
    if given.meta_published is not None:
        value, meta_notes = accept_found_date(given.meta_published, where="metadata", now=now)
        notes.extend(meta_notes)
        if value is not None:
            return value, "metadata"
    return (found, found_origin) if found is not None else (None, "none")


def text_article(text: str, given: Given, *, now: datetime) -> Article:
    """An article from plain text: hard wraps unwrapped (offsets kept), structure lines detected."""
    text = normalise_newlines(text)
    if not text.strip():
        raise EmptyInputError(f"{given.source_path or 'the text'} holds no text; give an article to analyse")
    notes = list(given.notes)
    unwrapped = reflow(text)
    if unwrapped.wraps:
        text = unwrapped.text
        notes.append(f"text: hard-wrapped; {unwrapped.wraps} line breaks inside paragraphs read as spaces")
    structure = detect_structure(text, find_title=given.title is None)
    return _structured_article(
        text,
        given,
        structure,
        notes,
        now=now,
        title=given.title if given.title is not None else structure.title,
        title_span=structure.title_span if given.title is None else None,
        subheadings=structure.subheadings,
    )


def markdown_article(source: str, given: Given, *, now: datetime) -> Article:
    """An article from Markdown: the rendered text, headings as structure, front matter as metadata."""
    page = parse_markdown(normalise_newlines(source))
    if page.kept < MIN_KEPT_LETTERS:
        lost = f"markdown: the rendering kept {page.kept:.0%} of the letters (nesting too deep?); read as plain text"
        return text_article(source, replace(given, notes=[*given.notes, lost]), now=now)
    if not page.text.strip():
        raise EmptyInputError(f"{given.source_path or 'the text'} holds no text; give an article to analyse")
    found = page.fields
    given = replace(
        given,
        meta_published=given.meta_published or found.get("published"),
        outlet=given.outlet or found.get("outlet"),
        url=given.url or found.get("url"),
        author=given.author or found.get("author"),
        metadata={**({"front_matter": page.front_matter} if page.front_matter else {}), **given.metadata},
    )
    structure = detect_structure(page.text, find_title=False)
    marked = [h.span for h in page.subheadings] + ([page.title_span] if page.title_span is not None else [])
    # lines that read as subheadings (a bold line between paragraphs) beside the Markdown headings
    detected = [h for h in structure.subheadings if not any(h.span.overlaps(m) for m in marked)]
    return _structured_article(
        page.text,
        given,
        structure,
        list(given.notes),
        now=now,
        title=given.title or found.get("title") or page.title,
        title_span=page.title_span,
        subheadings=sorted([*page.subheadings, *detected], key=lambda h: h.span.start),
    )


def _structured_article(
    text: str,
    given: Given,
    structure: Structure,
    notes: list[str],
    *,
    now: datetime,
    title: str | None,
    title_span: Span | None,
    subheadings: list[TextSpan],
) -> Article:
    """The article of a text whose structure lines are found: the dateline read, the date chosen."""
    found: str | None = None
    origin: DateOrigin = "none"
    if structure.dateline is not None:
        notes.extend(structure.notes)
        found, dateline_notes = accept_found_date(structure.dateline.iso(), where="dateline", now=now)
        notes.extend(dateline_notes)
        origin = "dateline" if found else "none"
    published, published_origin = _date(given, found, origin, now, notes)
    return Article(
        text=text,
        title=title,
        published=published,
        published_origin=published_origin,
        outlet=given.outlet,
        url=given.url,
        author=given.author or structure.author,
        language=guess_language(text),
        title_span=title_span,
        dateline_span=structure.dateline_span,
        subheadings=tuple(subheadings),
        byline_span=structure.byline_span,
        source_path=given.source_path,
        source_format=given.source_format,
        encoding=given.encoding,
        notes=tuple(notes),
        metadata=dict(given.metadata),
    )


def html_article(html: str, given: Given, *, now: datetime) -> Article:
    """An article from an HTML page: trafilatura's clean text plus the page metadata."""
    page = parse_html(html, name=given.source_path or "<html>", now=now, url=given.url)
    notes = [*given.notes, *page.notes]
    published, origin = _date(given, page.published, page.published_origin, now, notes)
    title = given.title if given.title is not None else page.title
    return Article(
        text=page.text,
        title=title,
        published=published,
        published_origin=origin,
        outlet=given.outlet or page.outlet,
        url=given.url or page.url,
        author=given.author or page.author,
        language=guess_language(page.text),
        # The headline line trafilatura kept is structure even when the caller names the title.
        title_span=page.title_span,
        dateline_span=page.dateline_span,
        subheadings=tuple(page.subheadings),
        source_path=given.source_path,
        source_format=given.source_format,
        encoding=given.encoding,
        notes=tuple(notes),
        metadata={**page.metadata, **given.metadata},
    )

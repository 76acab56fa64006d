"""RSS 2.0 / RSS 1.0 / Atom feeds: one article per item that carries text.

Feeds are untrusted XML: any document type declaration or entity definition is
refused before parsing (the defusedxml rule: no DTDs, no entity expansion), and
the stdlib parser then never resolves anything external.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from claimgraph.errors import EmptyInputError, MalformedRecordError
from claimgraph.ingest.articles import Given, text_article
from claimgraph.model import Article

_DTD_RE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
        "article", "header", "footer", "figure", "figcaption", "tr", "table",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_WHITESPACE_RE = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Visible text of an HTML fragment, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # Newlines inside HTML text are plain spaces; only block elements break lines.
            self.parts.append(_WHITESPACE_RE.sub(" ", data))


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed item content): one line per paragraph or heading."""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        collector = _TextCollector()
        collector.feed(fragment)
        collector.close()
        text = "".join(collector.parts)
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(item: ET.Element, *names: str) -> str | None:
    """Text of the first child whose local name is one of ``names`` (in that order of preference)."""
    by_name: dict[str, ET.Element] = {}
    for child in item:
        by_name.setdefault(_local(child.tag), child)
    for name in names:
        found = by_name.get(name)
        if found is not None:
            text = "".join(found.itertext()).strip()
            if text:
                return text
    return None


def _link(item: ET.Element) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if child.text and child.text.strip():
            return child.text.strip()
    return None


def _author(item: ET.Element) -> str | None:
    for child in item:
        if _local(child.tag) == "author":
            name = _child_text(child, "name")
            if name:
                return name
            if child.text and child.text.strip():
                return child.text.strip()
    return _child_text(item, "creator")


def _iso_date(raw: str | None) -> str | None:
    """RFC 822 dates (RSS pubDate) become ISO 8601; ISO dates (Atom, Dublin Core) pass as they are."""
    if raw is None:
        return None
    raw = raw.strip()
    if raw[:1].isdigit() and "-" in raw[:8]:
        return raw
    try:
        return parsedate_to_datetime(raw).isoformat(timespec="minutes")
    except (TypeError, ValueError, IndexError, OverflowError):
        return raw  # kept as written; the date check downstream drops what is no date, with a note


def articles_from_feed(xml: str, *, name: str, base: Given, now: datetime) -> list[Article]:
    """Articles of an RSS or Atom feed (E014 when it is not a feed or declares a DTD)."""
    if _DTD_RE.search(xml):
        raise MalformedRecordError(f"{name}: the feed declares a DTD or entities, which are refused for safety")
    try:
        # The XML declaration must open the document; a stray newline before it is common in feeds.
        root = ET.fromstring(xml.lstrip())
    except ET.ParseError as exc:
        raise MalformedRecordError(f"{name}: not well-formed XML ({exc})") from None
    kind = _local(root.tag)
    if kind not in ("rss", "feed", "rdf"):
        raise MalformedRecordError(f"{name}: root element <{kind}> is not an RSS or Atom feed")
    channel = next((el for el in root.iter() if _local(el.tag) == "channel"), root)
    outlet = _child_text(channel, "title")
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    articles: list[Article] = []
    for number, item in enumerate(items, start=1):
        content = _child_text(item, "encoded", "content", "description", "summary")
        text = html_fragment_text(content) if content else ""
        if not text.strip():
            continue
        metadata: dict[str, object] = {"feed_item": number}
        guid = _child_text(item, "guid", "id")
        if guid:
            metadata["guid"] = guid
        given = Given(
            title=_child_text(item, "title"),
            published=base.published,
            meta_published=_iso_date(_child_text(item, "pubdate", "published", "date", "issued", "updated")),
            outlet=outlet,
            url=_link(item),
            author=_author(item),
            source_path=base.source_path,
            source_format=base.source_format,
            encoding=base.encoding,
            notes=list(base.notes),
            metadata=metadata,
        )
        articles.append(text_article(text, given, now=now))
    if not articles:
        raise EmptyInputError(f"{name}: the feed holds no items with text")
    return articles

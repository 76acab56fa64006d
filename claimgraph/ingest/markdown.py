"""Markdown articles: clean text without markup, headings as structure, front matter as metadata.

Articles saved from the web by reader tools and note-taking apps often come as
Markdown. Read as plain text, its markup would end up in claims and titles
("**could cost** the island", "[the board](https://...) said"). Here the
source is parsed with markdown-it-py (CommonMark, with tables and
strikethrough) and rendered to plain text:

* each paragraph, heading, quotation, code block and table is a block of its
  own, blocks are set apart by a blank line; list items are lines of their
  block, with "- " or "1. " before them; table rows are lines with their cells
  joined by " | ";
* inline markup is dropped: emphasis marks, link targets (the link text
  stays), images, inline HTML; a soft line break is a space;
* headings are structure: a first ``#`` heading is the title, the others are
  subheadings;
* YAML-style front matter (``---`` lines around ``key: value`` lines) gives
  the title, date, author, URL and outlet; every key is kept in the
  article's metadata under ``front_matter``.

Offsets are into the rendered text, as for HTML pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from claimgraph.model import Span, TextSpan

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_MAX_CHARS = 16_384
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_TAG = re.compile(r"<[^>]*>")
# what the rendering drops on purpose: link and image targets, tags, reference definitions
_DROPPED = re.compile(r"\]\([^)]*\)|<[^>]*>|^[ \t]*\[[^\]\n]+\]:[^\n]*", re.M)
#: a rendering that keeps less of the source's letters than this is not trusted (nesting past the limit)
MIN_KEPT_LETTERS = 0.8
# front-matter keys for each field, first found wins
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "published": ("date", "published", "published_at", "pubdate", "publish_date", "created"),
    "author": ("author", "authors", "byline", "by"),
    "url": ("url", "canonical_url", "canonical", "source_url", "link", "source"),  # only http(s) values
    "outlet": ("outlet", "site_name", "site", "publisher", "publication"),
}


@dataclass(slots=True)
class MarkdownPage:
    """What :func:`parse_markdown` found: the rendered text, its structure and the front matter.

    ``kept`` is the share of the body's letters the text holds (links' targets and tags aside):
    markdown-it drops what lies past its nesting limit ("> > > ..." thousands deep), so a low
    share means the rendering lost text.
    """

    text: str
    title: str | None = None
    title_span: Span | None = None
    subheadings: list[TextSpan] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    front_matter: dict[str, Any] = field(default_factory=dict)
    kept: float = 1.0


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _front_matter(source: str) -> tuple[dict[str, Any], str]:
    """The ``key: value`` pairs of a leading front-matter block, and the source after it."""
    match = _FRONT_MATTER.match(source[:_FRONT_MATTER_MAX_CHARS])
    if match is None:
        return {}, source
    found: dict[str, Any] = {}
    key: str | None = None
    for line in (match.group(1) or "").split("\n"):
        pair = _KEY_VALUE.fullmatch(line.strip()) if not line.startswith((" ", "\t", "-")) else None
        if pair is not None:
            key, value = pair.group(1).lower(), pair.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                found[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
            else:
                found[key] = _unquote(value)
        elif key is not None and line.strip().startswith("- "):
            items = found[key] if isinstance(found.get(key), list) else []
            items.append(_unquote(line.strip()[2:]))
            found[key] = items  # a YAML list under the last key ("authors:\n  - Ana Ruiz")
    return found, source[match.end() :]


def _fields(front: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, keys in _KEYS.items():
        for key in keys:
            value = front.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if str(v).strip())
            if isinstance(value, str) and value.strip():
                if name == "url" and not value.strip().lower().startswith(("http://", "https://")):
                    continue
                out[name] = value.strip()
                break
    return out


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        # emphasis, links (their text stays), images and inline HTML leave no text
    return "".join(parts).strip()


@dataclass(slots=True)
class _Renderer:
    """Collects the lines of each block; ``heading`` marks the lines that are headings."""

    blocks: list[list[tuple[str, int]]] = field(default_factory=list)
    lists: list[list[Any]] = field(default_factory=list)  # [ordered, next number] per open list
    prefix: str = ""
    heading: int = 0
    cells: list[str] | None = None
    fresh: bool = True

    def line(self, text: str, level: int = 0) -> None:
        if not text:
            return
        if self.fresh or not self.blocks:
            self.blocks.append([])
            self.fresh = False
        for piece in text.split("\n"):
            self.blocks[-1].append((piece, level))

    def token(self, tok: Token) -> None:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not self.lists:
                self.fresh = True
            self.lists.append([kind == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            self.fresh = not self.lists
        elif kind == "list_item_open" and self.lists:
            ordered, number = self.lists[-1]
            self.prefix = "  " * (len(self.lists) - 1) + (f"{number}. " if ordered else "- ")
            self.lists[-1][1] = number + 1
        elif kind in ("paragraph_open", "blockquote_open", "table_open", "hr") and not self.lists:
            self.fresh = True
        elif kind == "heading_open":
            self.fresh, self.heading = True, int(tok.tag[1:])
        elif kind == "heading_close":
            self.fresh, self.heading = True, 0
        elif kind == "tr_open":
            self.cells = []
        elif kind == "tr_close" and self.cells is not None:
            self.line(" | ".join(self.cells))
            self.cells = None
        elif kind == "inline":
            text = _inline_text(tok)
            if self.cells is not None:
                self.cells.append(text)
            else:
                self.line(self.prefix + text if text else "", self.heading)
                self.prefix = ""
        elif kind in ("fence", "code_block"):
            self.fresh = not self.lists
            self.line(tok.content.rstrip("\n"))
            self.fresh = not self.lists
        elif kind == "html_block":
            text = " ".join(_TAG.sub(" ", tok.content).split())
            if text:
                self.fresh = not self.lists
                self.line(text)


def parse_markdown(source: str) -> MarkdownPage:
    """Render a Markdown article to plain text with its headings and front matter."""
    front, body = _front_matter(source)
    renderer = _Renderer()
    for tok in _parser().parse(body):
        renderer.token(tok)
    pieces: list[str] = []
    headings: list[tuple[TextSpan, int, int]] = []  # (heading, level, block index)
    pos = 0
    for b, block in enumerate(renderer.blocks):
        if b:
            pieces.append("\n\n")
            pos += 2
        for i, (line, level) in enumerate(block):
            if i:
                pieces.append("\n")
                pos += 1
            if level:
                stripped = line.strip()
                start = pos + len(line) - len(line.lstrip())
                headings.append((TextSpan(stripped, Span(start, start + len(stripped))), level, b))
            pieces.append(line)
            pos += len(line)
    text = "".join(pieces)
    expected = _letters(_DROPPED.sub("", body))
    kept = _letters(text) / expected if expected else 1.0
    page = MarkdownPage(text, fields=_fields(front), front_matter=front, kept=kept)
    if headings and headings[0][1] == 1 and headings[0][2] == 0:
        first = headings.pop(0)[0]
        page.title, page.title_span = first.text, first.span
    page.subheadings = [h for h, _, _ in headings if h.text]
    return page


__all__ = ["MIN_KEPT_LETTERS", "MarkdownPage", "parse_markdown"]

"""Readers: files and strings in, :class:`~claimgraph.model.Article` out (placeholder)."""

from __future__ import annotations

from pathlib import Path

from claimgraph.model import Article


def read_text(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    author: str | None = None,
) -> Article:
    return Article(text=text, title=title, published=published, outlet=outlet, url=url, author=author,
                   published_origin="override" if published else "none")


def read_path(path: Path, *, published: str | None = None, fmt: str | None = None) -> list[Article]:
    return [read_text(path.read_text(encoding="utf-8"), published=published)]

"""Helpers shared by the ingest tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from claimgraph.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
# Every test reads as if run on this day, so "future" dates stay future.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def assert_spans_slice(article: Article) -> None:
    """Every structure span must slice the article text exactly, and lie inside it."""
    text = article.text
    if article.title_span is not None:
        assert text[article.title_span.start : article.title_span.end] == article.title
    for heading in article.subheadings:
        assert text[heading.span.start : heading.span.end] == heading.text
    for span in article.structure_spans():
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]

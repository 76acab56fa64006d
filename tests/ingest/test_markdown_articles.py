"""Markdown articles: markup dropped from the text, headings as structure, front matter as metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import EmptyInputError
from claimgraph.ingest import read_bytes, read_path
from claimgraph.ingest.markdown import parse_markdown
from claimgraph.ingest.paths import format_for, normalise_format
from tests.ingest.helpers import NOW, assert_spans_slice

ARTICLE = """---
title: "Harbour board backs new ferry tolls"
date: 2025-03-03
authors:
  - Lena Okafor
  - Tom Reyes
site_name: Eastbrook Gazette
url: https://gazette.example/harbour-tolls
tags: [harbour, ferries]
---

# Harbour board backs **new** ferry tolls

The [Eastbrook harbour board](https://board.example/) said on Monday that it
would raise the tolls by *about 12 percent*. ![The pier](pier.jpg)

## What the crews say

Captain Ana Ruiz said the plan **could cost** the island about 40 jobs.

> "We were never asked," said Tom Reyes, a ferry pilot.

- the northern route costs 12 percent more
- the southern route keeps its toll

1. first vote in March
2. second vote in May

| Route | Toll now | Toll in May |
|---|---|---|
| North | 4.20 | 4.70 |

```
route,toll
north,4.70
```
"""


def test_markup_is_dropped_and_soft_breaks_are_spaces() -> None:
    page = parse_markdown(ARTICLE)
    assert (
        "The Eastbrook harbour board said on Monday that it would raise the tolls by about 12 percent.\n\n" in page.text
    )
    for markup in ("**", "](", "![", "https://board.example", "pier.jpg", "---", "title:"):
        assert markup not in page.text
    assert "Captain Ana Ruiz said the plan could cost the island about 40 jobs." in page.text
    assert '"We were never asked," said Tom Reyes, a ferry pilot.' in page.text


def test_lists_tables_and_code_keep_their_lines() -> None:
    text = parse_markdown(ARTICLE).text
    assert "- the northern route costs 12 percent more\n- the southern route keeps its toll" in text
    assert "1. first vote in March\n2. second vote in May" in text
    assert "Route | Toll now | Toll in May\nNorth | 4.20 | 4.70" in text
    assert "route,toll\nnorth,4.70" in text


def test_blocks_are_set_apart_by_blank_lines() -> None:
    text = parse_markdown("First paragraph here.\n\nSecond one\ngoes on.\n\n## A heading\nThird.").text
    assert text == "First paragraph here.\n\nSecond one goes on.\n\nA heading\n\nThird."


def test_front_matter_gives_title_date_authors_outlet_and_url() -> None:
    article = read_bytes(ARTICLE.encode(), fmt="md", name="tolls.md", now=NOW)[0]
    assert article.title == "Harbour board backs new ferry tolls"
    assert (article.published, article.published_origin) == ("2025-03-03", "metadata")
    assert article.author == "Lena Okafor, Tom Reyes"
    assert article.outlet == "Eastbrook Gazette"
    assert article.url == "https://gazette.example/harbour-tolls"
    assert article.metadata["front_matter"]["tags"] == ["harbour", "ferries"]
    assert article.source_format == "md"
    assert_spans_slice_of_headings(article)


def assert_spans_slice_of_headings(article) -> None:  # type: ignore[no-untyped-def]
    text = article.text
    assert article.title_span is not None
    assert text[article.title_span.start : article.title_span.end] == "Harbour board backs new ferry tolls"
    assert [s.text for s in article.subheadings] == ["What the crews say"]
    for heading in article.subheadings:
        assert text[heading.span.start : heading.span.end] == heading.text


def test_without_front_matter_the_first_heading_is_the_title_and_a_byline_the_author() -> None:
    source = (
        "# Ferry crews vote to strike\n\n*By Lena Okafor | 3 March 2025*\n\n"
        "The crews voted on Sunday to strike from Friday, their union said.\n"
    )
    article = read_bytes(source.encode(), fmt="md", now=NOW)[0]
    assert article.title == "Ferry crews vote to strike"
    assert article.author == "Lena Okafor"
    assert article.byline_span is not None
    assert article.text[article.byline_span.start : article.byline_span.end] == "By Lena Okafor | 3 March 2025"
    assert (article.published, article.published_origin) == ("2025-03-03", "dateline")
    assert_spans_slice(article)


def test_a_url_front_matter_key_must_hold_a_web_address() -> None:
    source = "---\nsource: Eastbrook Gazette\n---\nThe crews voted on Sunday to strike from Friday.\n"
    article = read_bytes(source.encode(), fmt="md", now=NOW)[0]
    assert article.url is None
    assert article.metadata["front_matter"] == {"source": "Eastbrook Gazette"}


def test_a_markdown_file_with_front_matter_only_is_an_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        read_bytes(b"---\ntitle: Nothing here\n---\n", fmt="md", name="empty.md", now=NOW)


@pytest.mark.parametrize(("name", "expected"), [("story.md", "md"), ("story.markdown", "md"), ("story.txt", "txt")])
def test_markdown_files_are_read_as_markdown(name: str, expected: str) -> None:
    assert format_for(Path(name)) == expected
    assert normalise_format("markdown") == "md"


def test_read_path_of_a_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "tolls.md"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_path(path, now=NOW)[0]
    assert article.source_format == "md"
    assert "**" not in article.text


def test_claims_of_a_markdown_article_carry_no_markup(pipeline) -> None:  # type: ignore[no-untyped-def]
    article = read_bytes(ARTICLE.encode(), fmt="md", now=NOW)[0]
    analysis = pipeline.analyze(article)
    texts = {c.text: c for c in analysis.claims}
    cost = "the plan could cost the island about 40 jobs"
    assert cost in texts and texts[cost].source.text == "Captain Ana Ruiz"
    sources = {c.source.text for c in analysis.claims if c.source.text}
    assert "The Eastbrook harbour board" in sources
    assert not any("*" in c.text or "](" in c.text for c in analysis.claims)


def test_markdown_nested_past_the_parsers_limit_is_read_as_plain_text() -> None:
    source = "> " * 500 + "The crews said the strike would go on until the board met them.\n"
    article = read_bytes(source.encode(), fmt="md", now=NOW)[0]
    assert "The crews said the strike would go on until the board met them." in article.text
    assert any(note.startswith("markdown: the rendering kept") for note in article.notes)


def test_link_targets_and_reference_definitions_are_no_lost_text() -> None:
    source = (
        "The [harbour board](https://board.example/a/very/long/path/to/the/page/about/tolls) said so.\n\n"
        "Read [the report][r] for more.\n\n[r]: https://board.example/reports/2025/a-very-long-report-name\n"
    )
    page = parse_markdown(source)
    assert page.kept >= 0.9
    assert page.text == "The harbour board said so.\n\nRead the report for more."

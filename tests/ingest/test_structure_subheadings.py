"""Subheadings and datelines in plain text, and the offsets that mark them."""

from __future__ import annotations

from pathlib import Path

from claimgraph.ingest import read_path, read_text
from claimgraph.ingest.structure import detect_structure
from tests.ingest.helpers import NOW, assert_spans_slice


def test_fixture_article_structure(fixtures: Path) -> None:
    (article,) = read_path(fixtures / "harbour_bridge.txt", now=NOW)
    assert article.title == "Harbour bridge to close for six weeks as cables corrode"
    assert article.published == "2025-03-11T08:15+01:00"
    assert article.published_origin == "dateline"
    assert article.dateline_span is not None
    assert article.text[article.dateline_span.start : article.dateline_span.end] == "Tuesday 11 March 2025, 08:15 CET"
    assert [h.text for h in article.subheadings] == ["Ferries to run every twenty minutes", "Shops fear a quiet spring"]
    assert_spans_slice(article)


def test_hard_wrapped_fixture_finds_subheading_but_not_wrapped_lines(fixtures: Path) -> None:
    (article,) = read_path(fixtures / "harbour_bridge_wrapped.txt", now=NOW)
    assert article.title == "Harbour bridge to close for six weeks"
    assert article.published == "2025-03-11"
    assert [h.text for h in article.subheadings] == ["Ferries to run every twenty minutes"]
    assert any("ambiguous" in note for note in article.notes)
    assert_spans_slice(article)


def test_short_prose_line_with_final_stop_is_not_a_subheading() -> None:
    text = (
        "Council backs second ferry pier\n"
        "The Eastbrook council voted on Tuesday to build a second ferry pier.\n"
        "The vote was close.\n"
        "Work is due to start in the autumn and to last about a year, officials said.\n"
    )
    assert detect_structure(text).subheadings == []


def test_line_inside_a_paragraph_is_not_a_subheading() -> None:
    # In line mode a heading must follow a finished sentence; here the previous line runs on.
    text = (
        "Council backs second ferry pier\n"
        "The council said the new pier would be built by the firm\n"
        "Harbour Works Ltd\n"
        "which also repaired the old one last year, a spokesperson said.\n"
    )
    assert detect_structure(text).subheadings == []


def test_short_line_not_followed_by_prose_is_not_a_subheading() -> None:
    text = (
        "Council backs second ferry pier\n"
        "The Eastbrook council voted on Tuesday to build a second ferry pier.\n"
        "Reporting by Ana Ruiz\n"
        "Editing by Tomas Berg\n"
    )
    assert detect_structure(text).subheadings == []


def test_bullets_are_not_subheadings() -> None:
    text = (
        "Council backs second ferry pier\n\n"
        "The council listed its reasons for the pier.\n\n"
        "- Longer queues every summer\n\n"
        "The vote passed by 21 votes to 14 after a debate that lasted most of the evening.\n"
    )
    assert detect_structure(text).subheadings == []


def test_markdown_heading_is_a_subheading_without_hash_marks() -> None:
    text = (
        "Council backs second ferry pier\n\n"
        "The Eastbrook council voted on Tuesday to build a second ferry pier.\n\n"
        "## What happens next\n"
        "Work is due to start in the autumn and to last about a year, officials said.\n"
    )
    article = read_text(text, now=NOW)
    assert [h.text for h in article.subheadings] == ["What happens next"]
    assert_spans_slice(article)


def test_subheading_directly_above_its_paragraph_in_block_text() -> None:
    text = (
        "Council backs second ferry pier\n\n"
        "The Eastbrook council voted on Tuesday to build a second ferry pier, officials said.\n\n"
        "Costs still unclear\n"
        "The council has not said how much the pier will cost or who will pay for it.\n"
    )
    assert [h.text for h in detect_structure(text).subheadings] == ["Costs still unclear"]


def test_dateline_beyond_the_first_lines_is_ignored() -> None:
    lines = [f"Paragraph {n} of the report describes the harbour in some detail." for n in range(12)]
    text = "Council backs second ferry pier\n" + "\n".join(lines) + "\n12 May 2025\nThe end of the report.\n"
    article = read_text(text, now=NOW)
    assert article.dateline_span is None
    assert article.published is None


def test_text_is_kept_as_given_except_newlines_and_bom() -> None:
    raw = "\ufeffCouncil backs pier\r\n12 May 2025\r\nThe council voted  for it ,  officials said.\r"
    article = read_text(raw, now=NOW)
    assert article.text == "Council backs pier\n12 May 2025\nThe council voted  for it ,  officials said.\n"
    assert article.title == "Council backs pier"
    assert_spans_slice(article)


def test_spans_slice_text_in_a_long_article() -> None:
    paragraph = "The council said the ferry would keep running during the works, and fares would not change.\n"
    section = "Timetable changes\n" + paragraph * 3
    text = "Council backs second ferry pier\n12 May 2025 09:30\n" + paragraph + section * 50
    article = read_text(text, now=NOW)
    assert len(article.subheadings) == 50
    assert article.published == "2025-05-12T09:30"
    assert_spans_slice(article)


def test_adversarial_whitespace_is_read_correctly() -> None:
    # Inputs that make backtracking patterns quadratic: long blank tails and long space runs.
    text = "Council backs pier\nThe council voted for the pier, officials said.\n" + "\n \n" * 100_000
    article = read_text(text, now=NOW)
    assert article.title == "Council backs pier"
    heading = "## Pier" + " " * 100_000 + "x"
    article = read_text(f"Council backs pier\n\nThe council voted for it.\n\n{heading}\nIt passed by 21 votes to 14.\n")
    assert [h.text for h in article.subheadings] == ["Pier" + " " * 100_000 + "x"]
    assert_spans_slice(article)

"""Wire datelines that open the first paragraph ("WASHINGTON (AP) — ...") are structure, not prose."""

from __future__ import annotations

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.structure import detect_structure, inline_dateline

BODY = "The Eastbrook council voted on Tuesday to build a second ferry pier, its spokesperson said."


@pytest.mark.parametrize(
    ("lead", "dateline"),
    [
        ("EASTBROOK, March 6 - ", "EASTBROOK, March 6 -"),
        ("EASTBROOK (AP) — ", "EASTBROOK (AP) —"),
        ("EASTBROOK, March 6 (Harbour Wire) -- ", "EASTBROOK, March 6 (Harbour Wire) --"),
        ("    NEW EASTBROOK, Del., Feb 26 - ", "NEW EASTBROOK, Del., Feb 26 -"),
        ("EASTBROOK, March 6, 2025 (Harbour Wire) – ", "EASTBROOK, March 6, 2025 (Harbour Wire) –"),
    ],
)
def test_a_dateline_opening_the_body_is_found(lead: str, dateline: str) -> None:
    text = f"Council backs second pier\n\n{lead}{BODY}\n\nWork starts in the autumn, the mayor said.\n"
    found = detect_structure(text)
    assert found.title == "Council backs second pier"
    assert found.dateline_span is not None
    assert text[found.dateline_span.start : found.dateline_span.end] == dateline


def test_a_dateline_with_a_year_dates_the_article() -> None:
    article = read_text(f"EASTBROOK, March 6, 2025 (Harbour Wire) - {BODY}")
    assert article.published == "2025-03-06"
    assert article.dateline_span is not None


def test_a_dateline_without_a_year_dates_nothing() -> None:
    article = read_text(f"EASTBROOK, March 6 - {BODY}")
    assert article.published is None
    assert article.dateline_span is not None


@pytest.mark.parametrize(
    "line",
    [
        "OPEC - NO CHANGE IN OUTPUT",  # a headline in capitals
        "Eastbrook - the council voted on Tuesday.",  # the place is not in capitals
        "EU and US - talks resume",  # no capitals run before the dash
        BODY,
    ],
)
def test_lines_that_open_with_no_dateline(line: str) -> None:
    assert inline_dateline(line) is None


@pytest.mark.parametrize(
    ("text", "source", "claim"),
    [
        (
            "EASTBROOK (AP) — The Velmora Senate voted 52-48 on Tuesday to approve the budget, officials said.",
            "officials",
            "The Velmora Senate voted 52-48 on Tuesday to approve the budget",
        ),
        (
            "EASTBROOK, March 6 - Kessel Offshore Drilling Corp said it expects to add 12 rigs.",
            "Kessel Offshore Drilling Corp",
            "it expects to add 12 rigs",
        ),
    ],
)
def test_the_dateline_is_neither_source_nor_claim(pipeline, text: str, source: str, claim: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(read_text(text))
    assert all("EASTBROOK" not in c.text and "EASTBROOK" not in (c.source.text or "") for c in analysis.claims)
    assert (source, claim) in [(c.source.text, c.text) for c in analysis.claims]

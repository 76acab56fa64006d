"""Headline detection in plain text: which first lines are titles, and which are prose."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.structure import detect_structure, is_title_cased
from tests.ingest.helpers import NOW, assert_spans_slice

BODY = (
    "The Eastbrook council voted on Tuesday to build a second ferry pier, its spokesperson said.\n"
    "Work is due to start in the autumn and to last about a year.\n"
)


@pytest.mark.parametrize(
    "headline",
    [
        "Council backs second ferry pier",
        "Council Backs Second Ferry Pier After Long Debate.",
        "Will the Ferry Pier Be Ready by Spring?",
        "“Second pier” plan wins council vote",
        "2,000 residents sign ferry pier petition",
    ],
)
def test_headline_like_first_line_is_the_title(headline: str) -> None:
    text = f"{headline}\n{BODY}"
    article = read_text(text, now=NOW)
    assert article.title == headline
    assert article.title_span is not None
    assert (article.title_span.start, article.title_span.end) == (0, len(headline))
    assert_spans_slice(article)


@pytest.mark.parametrize(
    "first_line",
    [
        "The council voted on Tuesday to build a second ferry pier, its spokesperson said.",
        "Residents were asked whether they wanted a second pier?",
        "work on the second ferry pier starts in the autumn",
    ],
)
def test_prose_first_line_is_not_a_title(first_line: str) -> None:
    article = read_text(f"{first_line}\n{BODY}", now=NOW)
    assert article.title is None
    assert article.title_span is None


def test_single_line_text_has_no_title() -> None:
    article = read_text("Council backs second ferry pier", now=NOW)
    assert article.title is None


def test_explicit_title_means_text_is_body_only() -> None:
    text = f"Council backs second ferry pier\n{BODY}"
    article = read_text(text, title="Pier vote", now=NOW)
    assert article.title == "Pier vote"
    assert article.title_span is None
    assert article.text == text


def test_title_after_leading_dateline() -> None:
    text = f"12 May 2025\nCouncil backs second ferry pier\n{BODY}"
    article = read_text(text, now=NOW)
    assert article.title == "Council backs second ferry pier"
    assert article.published == "2025-05-12"
    assert_spans_slice(article)


def test_markdown_title_excludes_hash_marks() -> None:
    text = f"# Council backs second ferry pier\n\n{BODY}"
    article = read_text(text, now=NOW)
    assert article.title == "Council backs second ferry pier"
    assert article.title_span is not None
    assert article.title_span.start == 2
    assert_spans_slice(article)


def test_leading_blank_lines_and_indent_do_not_shift_title_span() -> None:
    text = f"\n\n   Council backs second ferry pier  \n{BODY}"
    article = read_text(text, now=NOW)
    assert article.title == "Council backs second ferry pier"
    assert article.title_span is not None
    assert article.title_span.start == text.index("Council")
    assert_spans_slice(article)


def test_hard_wrapped_first_line_is_not_a_title() -> None:
    text = (
        "Officials in Eastbrook said on Tuesday that the council had voted to\n"
        "build a second ferry pier on the northern shore of the harbour.\n\n"
        "Work is due to start in the autumn and to last about a year.\n"
    )
    assert detect_structure(text).title is None


# Headlines of our own that are title-cased only once the minor word is allowed in lower case;
# together they use every entry of title_case_minor_words.
MINOR_WORD_HEADLINES = {
    "a": "Lighthouse Gets a Keeper.",
    "an": "Ferry Hits an Iceberg.",
    "and": "Storms and Floods Return.",
    "as": "Mayor Stays as Advisor.",
    "at": "Strike at Harbour Ends.",
    "but": "Rates Rise but Slowly.",
    "by": "Pier Delayed by Storms.",
    "for": "Funds for Harbour Approved.",
    "from": "Boats from Holm Return.",
    "in": "Fire in Warehouse District.",
    "into": "Inquiry into Tenders Opens.",
    "nor": "Neither Tolls nor Fares.",
    "of": "Mayor of Eastbrook Resigns.",
    "on": "Talks on Pier Resume.",
    "or": "Ferries or Bridges?",
    "over": "Dispute over Moorings Settled.",
    "per": "Fares per Journey Rise.",
    "the": "Inside the Dockyard.",
    "to": "Council to Vote.",
    "up": "Fares Go up Again.",
    "vs": "Eastbrook vs Holm Derby.",
    "via": "Aid Arrives via Ferry.",
    "with": "Talks with Unions Stall.",
}


def test_every_minor_word_has_a_headline() -> None:
    raw = resources.files("claimgraph.ingest").joinpath("data/structure.json").read_text(encoding="utf-8")
    words = json.loads(raw)["title_case_minor_words"]
    assert sorted(words) == sorted(MINOR_WORD_HEADLINES)


@pytest.mark.parametrize(("word", "headline"), sorted(MINOR_WORD_HEADLINES.items()))
def test_minor_words_keep_a_headline_title_cased(word: str, headline: str) -> None:
    assert re.search(rf"\b{word}\b", headline)
    assert is_title_cased(headline)
    # The same headline with an ordinary lower-case word in its place is not title-cased.
    assert not is_title_cased(re.sub(rf"\b{word}\b", "zzz", headline, count=1))
    article = read_text(f"{headline}\n{BODY}", now=NOW)
    assert article.title == headline


def test_sentence_case_headline_with_final_stop_is_prose() -> None:
    assert not is_title_cased("Council backs second ferry pier after long debate.")

"""Byline lines in plain text: the author's names, the line marked as structure, a date in it read."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.byline import parse_byline
from claimgraph.model import Span
from tests.ingest.helpers import NOW, assert_spans_slice

BODY = (
    "The Eastbrook harbour board said on Monday that it would raise the ferry tolls by about 12 percent.\n\n"
    "Captain Ana Ruiz said the plan could cost the island about 40 jobs.\n"
)


def _vocabulary() -> dict[str, list[str]]:
    raw = resources.files("claimgraph.ingest").joinpath("data/bylines.json").read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(raw)
    return data


OPENER_LINES = {
    "by": ("By Lena Okafor", "Lena Okafor"),
    "written by": ("Written by Lena Okafor", "Lena Okafor"),
    "words by": ("Words by Lena Okafor and Tom Reyes", "Lena Okafor and Tom Reyes"),
    "reporting by": ("Reporting by Tom Reyes, Staff Writer", "Tom Reyes"),
    "story by": ("Story by Tom Reyes | Eastbrook Gazette", "Tom Reyes"),
    "text by": ("Text by: Lena Okafor", "Lena Okafor"),
}


def test_every_opener_has_a_byline() -> None:
    assert sorted(OPENER_LINES) == sorted(_vocabulary()["openers"])


@pytest.mark.parametrize("opener", sorted(OPENER_LINES))
def test_each_opener_starts_a_byline(opener: str) -> None:
    line, author = OPENER_LINES[opener]
    byline = parse_byline(line)
    assert byline is not None
    assert byline.author == author
    assert byline.span == Span(0, len(line))


PARTICLE_NAMES = {
    "al": "Omar al Rashid",
    "bin": "Yusuf bin Harun",
    "da": "Lucia da Costa",
    "de": "Carla de Vries",
    "del": "Marco del Rio",
    "della": "Sofia della Torre",
    "der": "Pieter van der Berg",
    "di": "Paolo di Stefano",
    "du": "Claire du Pont",
    "la": "Anna la Porta",
    "le": "Marie le Goff",
    "van": "Jan van Dijk",
    "von": "Greta von Arnim",
}


def test_every_particle_has_a_name() -> None:
    assert sorted(PARTICLE_NAMES) == sorted(_vocabulary()["name_particles"])


@pytest.mark.parametrize("particle", sorted(PARTICLE_NAMES))
def test_a_name_may_hold_a_particle(particle: str) -> None:
    name = PARTICLE_NAMES[particle]
    assert particle in name.split()
    byline = parse_byline(f"By {name}")
    assert byline is not None and byline.author == name


NOT_NAME_LINES = {
    "a": "By A Long Way",
    "an": "By An Inch",
    "his": "By His Own Hand",
    "her": "By Her Account",
    "its": "By Its Own Rules",
    "our": "By Our Reckoning",
    "the": "By The Numbers",
    "their": "By Their Fruits",
    "this": "By This Measure",
    "your": "By Your Leave",
}


def test_every_word_that_is_no_name_has_a_line() -> None:
    assert sorted(NOT_NAME_LINES) == sorted(_vocabulary()["not_names"])


@pytest.mark.parametrize("word", sorted(NOT_NAME_LINES))
def test_a_heading_with_a_word_no_name_holds_is_no_byline(word: str) -> None:
    assert parse_byline(NOT_NAME_LINES[word]) is None


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the ferries were running again.",
        "By March, officials said",
        "By the end of the year the pier will be ready",
        "By train from Eastbrook",
        "By Tuesday",
        "By Lena Okafor, who covers the harbour",
        "Written by hand in the harbour office.",
    ],
)
def test_prose_opening_with_by_is_no_byline(line: str) -> None:
    assert parse_byline(line) is None


def test_several_authors_roles_outlets_and_dates() -> None:
    byline = parse_byline("By Ana Ruiz, Tom Reyes and Li Wei | Eastbrook Gazette | 3 March 2025")
    assert byline is not None
    assert byline.author == "Ana Ruiz, Tom Reyes and Li Wei"
    assert byline.date is not None and byline.date.iso() == "2025-03-03"
    initials = parse_byline("By J. R. Holm & Carla de Vries, Correspondents")
    assert initials is not None and initials.author == "J. R. Holm & Carla de Vries"
    assert initials.date is None


def test_a_name_in_capitals_is_given_in_title_case() -> None:
    byline = parse_byline("BY LENA OKAFOR")
    assert byline is not None and byline.author == "Lena Okafor"


def test_emphasis_marks_and_offsets_belong_to_the_line() -> None:
    byline = parse_byline("  *By Lena Okafor — 3 March 2025*", start=100)
    assert byline is not None
    assert byline.author == "Lena Okafor"
    assert byline.span == Span(102, 133)
    assert byline.date is not None and byline.date.iso() == "2025-03-03"


def test_a_plain_text_article_gets_its_author_and_date_from_the_byline() -> None:
    text = f"Harbour board backs new ferry tolls\nBy Lena Okafor, Eastbrook Gazette\n3 March 2025\n\n{BODY}"
    article = read_text(text, now=NOW)
    assert article.title == "Harbour board backs new ferry tolls"
    assert article.author == "Lena Okafor"
    assert article.byline_span is not None
    assert text[article.byline_span.start : article.byline_span.end] == "By Lena Okafor, Eastbrook Gazette"
    assert article.byline_span in article.structure_spans()
    assert article.published == "2025-03-03"
    assert_spans_slice(article)


def test_a_date_in_the_byline_is_the_dateline_when_there_is_none_other() -> None:
    text = f"Harbour board backs new ferry tolls\nBy Lena Okafor | 3 March 2025\n\n{BODY}"
    article = read_text(text, now=NOW)
    assert article.author == "Lena Okafor"
    assert (article.published, article.published_origin) == ("2025-03-03", "dateline")


def test_a_byline_on_the_first_line_is_no_headline() -> None:
    article = read_text(f"By Lena Okafor\n\n{BODY}", now=NOW)
    assert article.title is None
    assert article.author == "Lena Okafor"


def test_the_callers_author_beats_the_byline() -> None:
    text = f"Harbour board backs new ferry tolls\nBy Lena Okafor\n\n{BODY}"
    article = read_text(text, now=NOW, author="Tom Reyes")
    assert article.author == "Tom Reyes"
    assert article.byline_span is not None


def test_a_byline_deep_in_the_body_is_prose_not_structure() -> None:
    body = "".join(f"The ferry made crossing number {n} of the day without delay.\n" for n in range(12))
    text = f"Harbour board backs new ferry tolls\n{body}By Lena Okafor\n"
    article = read_text(text, now=NOW)
    assert article.author is None and article.byline_span is None


def test_the_byline_is_no_claim_and_its_author_no_source(pipeline) -> None:  # type: ignore[no-untyped-def]
    import claimgraph

    text = f"Harbour board backs new ferry tolls\nBy Lena Okafor\n\n{BODY}"
    analysis = claimgraph.analyze(text, pipeline=pipeline)
    assert analysis.document.author == "Lena Okafor"
    byline = analysis.document.byline_span
    assert byline is not None
    assert not any(c.span.overlaps(byline) for c in analysis.claims)
    assert {c.source.text for c in analysis.claims if c.source.text} >= {"Captain Ana Ruiz"}
    assert analysis.to_dict()["document"]["byline_span"] == [byline.start, byline.end]

"""Articles saved or forwarded as e-mail: the header block gives title, date and author, and is no prose."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.mail_headers import parse_mail_headers
from claimgraph.ingest.structure import split_lines
from tests.ingest.helpers import NOW, assert_spans_slice

BODY = (
    "The Eastbrook harbour board said on Monday that it would raise the tolls\n"
    "on the northern ferry route by about 12 percent next year, according to\n"
    "two officials who spoke on condition of anonymity.\n\n"
    "Captain Ana Ruiz said the plan could cost the island about 40 jobs.\n"
)
MAIL = (
    "From: Eastbrook Gazette <news@gazette.example>\n"
    "Date: Mon, 3 Mar 2025 09:12:00 +0100\n"
    "To: desk@newsroom.example\n"
    "Subject: Fwd: Harbour board backs new ferry tolls\n\n" + BODY
)


def _headers(text: str):  # type: ignore[no-untyped-def]
    lines = split_lines(text)
    return parse_mail_headers([line.text for line in lines], [line.start for line in lines])


def test_the_header_block_gives_title_date_and_author() -> None:
    article = read_text(MAIL, now=NOW)
    assert article.title == "Harbour board backs new ferry tolls"
    assert article.title_span is not None
    assert MAIL[article.title_span.start : article.title_span.end] == "Harbour board backs new ferry tolls"
    assert (article.published, article.published_origin) == ("2025-03-03T09:12:00+01:00", "dateline")
    assert article.author == "Eastbrook Gazette"
    assert article.byline_span is not None and MAIL[article.byline_span.start :].startswith("From: Eastbrook")
    assert article.dateline_span is not None and MAIL[article.dateline_span.start :].startswith("Date: Mon")
    assert_spans_slice(article)


def test_the_body_of_a_wrapped_mail_is_unwrapped_but_the_headers_are_not() -> None:
    article = read_text(MAIL, now=NOW)
    assert article.text.split("\n")[:4] == MAIL.split("\n")[:4]
    assert "would raise the tolls on the northern ferry route by about 12 percent next year, according to two" in (
        article.text
    )


def test_a_forwarded_outlook_block_with_a_sent_date() -> None:
    text = (
        "From: Ana Ruiz\nSent: Monday, March 3, 2025 9:12 PM\nTo: News Desk\n"
        "Subject: RE: FW: Ferry crews vote to strike\n\n"
        "The crews voted on Sunday to strike from Friday, their union said.\n"
    )
    article = read_text(text, now=NOW)
    assert article.title == "Ferry crews vote to strike"
    assert article.published == "2025-03-03T21:12"
    assert article.author == "Ana Ruiz"


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("Mon, 3 Mar 2025 21:12:00 -0500", "2025-03-03T21:12:00-05:00"),
        ("3 Mar 2025 21:12:00 +0000 (UTC)", "2025-03-03T21:12:00+00:00"),
        ("Monday, March 3, 2025 9:12 PM", "2025-03-03T21:12"),
    ],
)
def test_date_headers_in_the_shapes_mail_programs_write(value: str, published: str) -> None:
    text = f"From: Ana Ruiz\nDate: {value}\nSubject: Harbour tolls rise\n\nThe board said the tolls would rise.\n"
    assert read_text(text, now=NOW).published == published


@pytest.mark.parametrize(
    "value",
    [
        "Tue, 5 Mar 2024 10:00:00 +0" + "9" * 300,
        "Tue, 5 Mar 99999999999999999999999 10:00:00 +0100",
        "Tue, 45 Smarch 2024 25:61:00 +0100",
        "yesterday, after lunch",
    ],
)
def test_a_date_header_that_is_no_date_leaves_the_date_unknown(value: str) -> None:
    text = f"From: Ana Ruiz\nDate: {value}\nSubject: Harbour tolls rise\n\nThe board said the tolls would rise.\n"
    article = read_text(text, now=NOW)
    assert (article.title, article.published, article.author) == ("Harbour tolls rise", None, "Ana Ruiz")


def test_a_sender_with_an_address_only_and_a_folded_header() -> None:
    text = (
        "Subject: Harbour board backs new\n  ferry tolls\nFrom: news@gazette.example\n\n"
        "The harbour board said on Monday that the tolls would rise.\n"
    )
    headers = _headers(text)
    assert headers is not None
    assert headers.sender == "news@gazette.example"
    assert headers.subject is not None and headers.subject.text == "Harbour board backs new"


def test_a_byline_in_the_body_beats_the_sender() -> None:
    text = MAIL.replace("Subject: Fwd: Harbour board backs new ferry tolls\n\n", "Subject: Tolls\n\nBy Lena Okafor\n\n")
    article = read_text(text, now=NOW)
    assert article.author == "Lena Okafor"
    assert article.title == "Tolls"


def _names() -> list[str]:
    raw = resources.files("claimgraph.ingest").joinpath("data/mail_headers.json").read_text(encoding="utf-8")
    names: list[str] = json.loads(raw)["header_names"]
    return names


@pytest.mark.parametrize("name", _names())
def test_every_header_name_opens_a_block(name: str) -> None:
    label = "-".join(part.capitalize() for part in name.split("-"))
    other = "From: Ana Ruiz <ana@gazette.example>" if name == "subject" else "Subject: Harbour tolls rise"
    text = f"{label}: some value\n{other}\n\nThe board said the tolls would rise by 12 percent.\n"
    headers = _headers(text)
    assert headers is not None
    assert name in headers.lines


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Harbour tolls rise\n\nThe board said the tolls would rise by 12 percent.\n",
        "To: desk@newsroom.example\nCc: editor@newsroom.example\n\nThe board said the tolls would rise.\n",
        "Note: the board met on Monday.\nUpdate: the tolls will rise.\n\nThe board said so.\n",
        "Harbour tolls rise\nFrom: the harbour office\nSubject: tolls\n\nThe board said so.\n",
    ],
)
def test_lines_that_are_no_header_block(text: str) -> None:
    assert _headers(text) is None


def test_header_lines_hold_no_claim_and_name_no_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "From: Eastbrook Gazette <news@gazette.example>\nTo: Harbour News Desk <desk@newsroom.example>\n"
        "Cc: Night Editor <night@newsroom.example>\nOrganization: Eastbrook Gazette News Service\n"
        "Sender: Press Office <press@gazette.example>\nSent: Monday, March 3, 2025 9:12 PM\n"
        "Subject: Harbour board backs new ferry tolls\n\n" + BODY
    )
    analysis = pipeline.analyze(read_text(text, now=NOW))
    body_start = text.index("The Eastbrook harbour board")
    assert all(a.cue.span.start >= body_start for a in analysis.attributions)
    assert all(c.span.start >= body_start for c in analysis.claims)
    assert {a.source.text for a in analysis.attributions} >= {"The Eastbrook harbour board", "Captain Ana Ruiz"}

"""HTML pages: main text without boilerplate, metadata, dates and headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.ingest import read_bytes, read_path
from claimgraph.ingest.html import _choose_date
from tests.ingest.helpers import NOW, assert_spans_slice

PARAGRAPHS = (
    "<p>The Holm island school will reopen on Monday after repairs to its roof, the regional education "
    "office said in a statement.</p>"
    "<p>Pupils have been taught in the village hall since a storm damaged the building in January, "
    "according to the head teacher.</p>"
)


def _page(head: str = "", body: str = PARAGRAPHS) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/islands'>Islands</a> <a href='/weather'>Weather</a></nav>"
        f"<article>{body}</article>"
        "<footer><p>© 2025 Holm Herald. All rights reserved.</p></footer></body></html>"
    ).encode()


def test_fixture_page_text_metadata_and_structure(fixtures: Path) -> None:
    (article,) = read_path(fixtures / "harbour_bridge.html", now=NOW)
    assert "corrosion in two of its main cables" in article.text
    for boilerplate in ("Sport", "All rights reserved", "Privacy policy"):
        assert boilerplate not in article.text
    assert article.title == "Harbour bridge to close for repairs"
    assert article.title_span is not None
    assert article.title_span.start == 0
    assert article.outlet == "Tidewater Courier"
    assert article.author == "Mara Ellison"
    assert article.url == "https://tidewater-courier.example/news/harbour-bridge"
    assert article.published == "2025-03-12T09:30+00:00"
    assert article.published_origin == "metadata"
    assert [h.text for h in article.subheadings] == ["Traffic diverted to the ring road"]
    assert article.language == "en"
    assert article.source_format == "html"
    assert article.metadata["hostname"] == "tidewater-courier.example"
    assert_spans_slice(article)


def test_date_only_meta_tag_stays_a_day() -> None:
    (article,) = read_bytes(_page("<meta name='date' content='2025-04-02'>"), fmt="html", now=NOW)
    assert article.published == "2025-04-02"
    assert article.published_origin == "metadata"


def test_future_meta_date_is_dropped_with_note() -> None:
    (article,) = read_bytes(_page("<meta name='date' content='2026-04-02'>"), fmt="html", now=NOW)
    assert article.published is None
    assert article.published_origin == "none"
    assert "date: metadata date 2026-04-02 lies in the future of the run; dropped" in article.notes


def test_copyright_year_alone_stays_a_year() -> None:
    (article,) = read_bytes(_page(), fmt="html", now=NOW)
    assert (article.published, article.published_origin) == ("2025", "html")
    assert any("bare year" in note for note in article.notes)


def test_date_written_in_page_text_is_found_and_its_line_is_structure() -> None:
    body = "<p>Published: 2 April 2025</p>" + PARAGRAPHS
    (article,) = read_bytes(_page(body=body), fmt="html", now=NOW)
    assert (article.published, article.published_origin) == ("2025-04-02", "html")
    assert article.dateline_span is not None
    assert article.text[article.dateline_span.start : article.dateline_span.end] == "Published: 2 April 2025"


def test_override_beats_html_metadata() -> None:
    data = _page("<meta name='date' content='2025-04-02'>")
    (article,) = read_bytes(data, fmt="html", published="2025-04-03T10:00", now=NOW)
    assert (article.published, article.published_origin) == ("2025-04-03T10:00", "override")


def test_h2_headings_become_subheadings_with_exact_spans() -> None:
    body = "<h1>School reopens</h1>" + PARAGRAPHS + "<h2>Buses resume</h2>" + PARAGRAPHS.replace("Monday", "Tuesday")
    (article,) = read_bytes(_page("<title>School reopens</title>", body), fmt="html", now=NOW)
    assert article.title == "School reopens"
    assert [h.text for h in article.subheadings] == ["Buses resume"]
    assert_spans_slice(article)


def test_cp1252_html_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cafe.htm"
    body = PARAGRAPHS.replace("school", "café") * 3
    path.write_bytes(_page(body=body).decode().replace("utf-8", "windows-1252").encode("cp1252"))
    (article,) = read_path(path, now=NOW)
    assert "café" in article.text
    assert any("fallback" in note for note in article.notes)


def test_metadata_date_wins_disagreement_with_note() -> None:
    published, origin, notes = _choose_date("2025-04-02", "2025-04-05T08:00", NOW)
    assert (published, origin) == ("2025-04-02", "metadata")
    assert "2025-04-05T08:00" in notes[0]


def test_same_day_keeps_the_more_precise_page_date() -> None:
    assert _choose_date("2025-04-02", "2025-04-02T08:00+02:00", NOW)[:2] == ("2025-04-02T08:00+02:00", "metadata")


def test_htmldate_only_gives_origin_html() -> None:
    assert _choose_date(None, "2025-04-02", NOW)[:2] == ("2025-04-02", "html")


@pytest.mark.parametrize(
    "menu", ["<nav><a href='/'>Home</a></nav>", "<ul><li>Islands</li><li>Weather and tides</li></ul>"]
)
def test_page_without_prose_is_e015(menu: str) -> None:
    from claimgraph.errors import NoArticleTextError

    with pytest.raises(NoArticleTextError):
        read_bytes(f"<html><body>{menu}</body></html>".encode(), fmt="html", now=NOW)

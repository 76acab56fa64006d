"""Plain-text reading: encodings, date precedence, source details, stdin bytes, large files."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InvalidDateError
from claimgraph.ingest import read_bytes, read_path, read_text
from tests.ingest.helpers import NOW, assert_spans_slice

ARTICLE = (
    "Café owners welcome the new ferry timetable\n"
    "Updated: 14/05/2025 10:20\n"
    "Owners of the “Blue Anchor” café near the pier said the new timetable — with boats every "
    "twenty minutes — would bring more customers, the café’s manager told reporters.\n"
)


def test_utf8_is_read_without_notes(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    (article,) = read_path(path, now=NOW)
    assert article.text == ARTICLE
    assert article.encoding == "utf-8"
    assert article.notes == ()
    assert article.source_path == str(path)
    assert article.source_format == "txt"


def test_utf8_bom_is_stripped_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (article,) = read_path(path, now=NOW)
    assert article.text == ARTICLE
    assert article.encoding == "utf-8"
    assert "encoding: utf-8 (BOM)" in article.notes


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "cafe.txt"
    data = ARTICLE.encode(codec) if codec == "utf-16" else b"\xfe\xff" + ARTICLE.encode(codec)
    path.write_bytes(data)
    (article,) = read_path(path, now=NOW)
    assert article.text == ARTICLE
    assert article.encoding == "utf-16"
    assert "encoding: utf-16 (BOM)" in article.notes
    assert_spans_slice(article)


def test_cp1252_falls_back_with_note(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    body = ARTICLE + "The manager, René Dufrêne, said the café would open at 6 a.m. – earlier than before.\n"
    path.write_bytes((body * 4).encode("cp1252"))
    (article,) = read_path(path, now=NOW)
    assert article.text == body * 4
    assert article.encoding is not None
    assert article.encoding != "utf-8"
    assert f"encoding: detected {article.encoding} (fallback)" in article.notes


def test_crlf_newlines_are_normalised_and_offsets_follow(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    (article,) = read_path(path, now=NOW)
    assert article.text == ARTICLE
    assert_spans_slice(article)


def test_dateline_gives_published_with_origin() -> None:
    article = read_text(ARTICLE, now=NOW)
    assert article.published == "2025-05-14T10:20"
    assert article.published_origin == "dateline"
    assert article.dateline_span is not None
    assert article.text[article.dateline_span.start : article.dateline_span.end] == "Updated: 14/05/2025 10:20"


def test_override_beats_dateline_but_keeps_its_span() -> None:
    article = read_text(ARTICLE, published="2025-05-15", now=NOW)
    assert article.published == "2025-05-15"
    assert article.published_origin == "override"
    assert article.dateline_span is not None


def test_future_override_is_e017() -> None:
    with pytest.raises(InvalidDateError) as info:
        read_text(ARTICLE, published="2025-09-01", now=NOW)
    assert info.value.code == "E017"


def test_future_dateline_is_dropped_with_note() -> None:
    text = ARTICLE.replace("14/05/2025", "14/05/2026")
    article = read_text(text, now=NOW)
    assert article.published is None
    assert article.published_origin == "none"
    assert article.dateline_span is not None
    assert any("future" in note for note in article.notes)


def test_now_defaults_to_the_current_time() -> None:
    with pytest.raises(InvalidDateError):
        read_text(ARTICLE, published="2999-01-01")


def test_caller_details_are_kept() -> None:
    article = read_text(
        ARTICLE, outlet="Tidewater Courier", url="https://example.org/cafe", author="Pia Strand", now=NOW
    )
    assert (article.outlet, article.url, article.author) == (
        "Tidewater Courier",
        "https://example.org/cafe",
        "Pia Strand",
    )


def test_read_bytes_from_stdin_defaults() -> None:
    (article,) = read_bytes(ARTICLE.encode("utf-8"), fmt="txt", now=NOW)
    assert article.source_path is None
    assert article.title == "Café owners welcome the new ferry timetable"


def test_twenty_megabyte_text_is_read_whole(tmp_path: Path) -> None:
    paragraph = "The ferry office said boats would run every twenty minutes from May, and fares would not rise.\n"
    section = "Timetable from May\n" + paragraph * 40
    text = "Ferry timetable changes\n14 May 2025\n" + paragraph + section * (20_000_000 // len(section))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    (article,) = read_path(path, now=NOW)
    assert len(article.text) == len(text)
    assert article.published == "2025-05-14"
    assert len(article.subheadings) == 20_000_000 // len(section)

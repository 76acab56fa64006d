"""Bad input: each case raises its own coded error with an actionable message."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimgraph.errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedRecordError,
    NoArticleTextError,
    UnsupportedFormatError,
)
from claimgraph.ingest import read_bytes, read_path, read_text
from tests.ingest.helpers import NOW

ARTICLE = "Council backs second ferry pier\nThe Eastbrook council voted on Tuesday to build a second pier.\n"


def test_missing_path_is_e010(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError) as info:
        read_path(tmp_path / "absent.txt", now=NOW)
    assert info.value.code == "E010"
    assert "absent.txt" in str(info.value)


def test_folder_given_to_read_path_is_e010(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="directory"):
        read_path(tmp_path, now=NOW)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf\n\n"])
def test_empty_or_whitespace_file_is_e011(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInputError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E011"


def test_empty_string_is_e011() -> None:
    with pytest.raises(EmptyInputError):
        read_text(" \n ", now=NOW)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)), "PNG"),
        (gzip.compress(ARTICLE.encode()), "gzip"),
        (b"some text\x00with a NUL byte in the middle", "NUL"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"and a few letters", "control"),
    ],
)
def test_binary_file_is_e012(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    with pytest.raises(BinaryInputError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E012"
    assert kind in str(info.value)


def test_unknown_extension_is_e013_listing_formats(tmp_path: Path) -> None:
    path = tmp_path / "article.docx"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E013"
    for fmt in ("txt", "html", "json", "jsonl"):
        assert fmt in str(info.value)


def test_fmt_forces_a_format_for_an_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "article.docx"
    path.write_text(ARTICLE, encoding="utf-8")
    (article,) = read_path(path, fmt="txt", now=NOW)
    assert article.title == "Council backs second ferry pier"
    assert article.source_format == "txt"


def test_unknown_forced_format_is_e013() -> None:
    with pytest.raises(UnsupportedFormatError):
        read_bytes(ARTICLE.encode(), fmt="docx", now=NOW)


def test_malformed_json_line_is_e014_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "The council voted for the pier."}\n{"text": "unterminated\n', encoding="utf-8")
    with pytest.raises(MalformedRecordError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E014"
    assert "line 2" in str(info.value)


def test_html_without_article_text_is_e015(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><head><title>Tidewater Courier</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(NoArticleTextError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E015"


def test_input_over_limit_is_e016_with_size_and_remedy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_INPUT_BYTES", "64")
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 3, encoding="utf-8")
    with pytest.raises(InputTooLargeError) as info:
        read_path(path, now=NOW)
    message = str(info.value)
    assert info.value.code == "E016"
    assert f"{path.stat().st_size:,} bytes" in message
    assert "CLAIMGRAPH_MAX_INPUT_BYTES" in message


def test_bytes_over_limit_is_e016(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_INPUT_BYTES", "64")
    with pytest.raises(InputTooLargeError):
        read_bytes((ARTICLE * 3).encode(), fmt="txt", now=NOW)


def test_invalid_utf16_after_bom_is_e018(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    # A BOM promises UTF-16, then a lone high surrogate breaks it.
    path.write_bytes(b"\xff\xfe" + "Council".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le"))
    with pytest.raises(DecodingError) as info:
        read_path(path, now=NOW)
    assert info.value.code == "E018"

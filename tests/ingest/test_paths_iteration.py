"""Folders, globs, format names and sniffing of unnamed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputNotFoundError, UnsupportedFormatError
from claimgraph.ingest import SUPPORTED_FORMATS, iter_paths, read_bytes, sniff_format
from claimgraph.ingest.paths import format_for, normalise_format
from tests.ingest.helpers import NOW

TEXT = "Council backs second ferry pier\nThe Eastbrook council voted on Tuesday to build a second pier.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.html",
        "notes.docx",
        ".hidden.txt",
        "sub/c.jsonl",
        "sub/deeper/d.json",
        ".git/e.txt",
        "sub/feed.rss",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    return tmp_path


def test_folder_is_walked_recursively_sorted_skipping_hidden_and_unsupported(tree: Path) -> None:
    found = [p.relative_to(tree).as_posix() for p in iter_paths([tree])]
    assert found == ["a.html", "b.txt", "sub/c.jsonl", "sub/deeper/d.json", "sub/feed.rss"]


def test_folder_without_recursion(tree: Path) -> None:
    found = [p.name for p in iter_paths([tree], recursive=False)]
    assert found == ["a.html", "b.txt"]


def test_glob_is_expanded_and_explicit_files_kept(tree: Path) -> None:
    found = [p.relative_to(tree).as_posix() for p in iter_paths([str(tree / "**" / "*.json*"), tree / "notes.docx"])]
    assert found == ["sub/c.jsonl", "sub/deeper/d.json", "notes.docx"]


def test_missing_path_and_empty_glob_are_e010(tree: Path) -> None:
    with pytest.raises(InputNotFoundError):
        list(iter_paths([tree / "absent.txt"]))
    with pytest.raises(InputNotFoundError, match="no file matches"):
        list(iter_paths([str(tree / "*.pdf")]))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "txt"),
        ("a.TEXT", "txt"),
        ("a.md", "md"),
        ("a.markdown", "md"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.json", "json"),
        ("a.ndjson", "jsonl"),
        ("a.rss", "rss"),
        ("a.atom", "atom"),
    ],
)
def test_format_from_extension(name: str, fmt: str) -> None:
    assert format_for(Path(name)) == fmt


@pytest.mark.parametrize(("given", "fmt"), [("HTM", "html"), (".jsonl", "jsonl"), ("text", "txt"), ("xml", "rss")])
def test_format_names_are_normalised(given: str, fmt: str) -> None:
    assert normalise_format(given) == fmt


def test_unknown_format_name_lists_supported_ones() -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        normalise_format("pdf")
    assert all(fmt in str(info.value) for fmt in SUPPORTED_FORMATS)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\n  <html lang='en'><p>x</p></html>", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{"text": "a"}', "jsonl"),
        (b'{\n  "text": "a"\n}\n', "json"),
        (b'[{"text": "a"}]', "json"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "rss"),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>", "atom"),
        (TEXT.encode(), "txt"),
    ],
)
def test_sniff_format(data: bytes, fmt: str) -> None:
    assert sniff_format(data) == fmt


def test_sniffed_pretty_json_reads() -> None:
    data = b'{\n  "text": "The Eastbrook council voted on Tuesday to build a second pier.",\n  "desk": "city"\n}\n'
    (article,) = read_bytes(data, fmt=sniff_format(data), now=NOW)
    assert article.metadata == {"desk": "city"}

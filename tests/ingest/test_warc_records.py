"""WARC archives: HTML responses become articles; bad records are errors, the archive goes on."""

from __future__ import annotations

from pathlib import Path

from claimgraph.errors import InputTooLargeError, MalformedRecordError
from claimgraph.ingest.warc import is_warc, iter_warc
from claimgraph.model import Article
from tests.scale.corpus import html_page, warc_bytes

BODY = "The mayor of Velmora said on Tuesday that the new bridge would cost about 40 million euros."
PAGES = [(f"https://news.example.org/story-{i}", html_page(f"Velmora bridge {i}", BODY)) for i in range(3)]


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(PAGES, gzip=True))
    items = list(iter_warc(path))
    assert [i.url for i in items] == [url for url, _ in PAGES]
    assert all(isinstance(i.result, Article) for i in items)
    first = items[0].result
    assert isinstance(first, Article)
    assert "new bridge" in first.text and first.source_format == "warc"
    assert first.metadata["warc_record_id"] == items[0].record_id
    assert len({i.record_id for i in items}) == 3


def test_warc_skip_passes_over_done_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes(PAGES))
    first_id = next(iter_warc(path)).record_id
    rest = list(iter_warc(path, skip=lambda rid: rid == first_id))
    assert [i.url for i in rest] == [url for url, _ in PAGES[1:]]


def test_warc_truncated_record_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(warc_bytes(PAGES)[:-200])
    items = list(iter_warc(path))
    assert [isinstance(i.result, Article) for i in items] == [True, True, False]
    assert isinstance(items[-1].result, MalformedRecordError)
    assert "truncated" in str(items[-1].result)


def test_warc_truncated_gzip_archive_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(warc_bytes(PAGES, gzip=True)[:-150])
    items = list(iter_warc(path))
    assert isinstance(items[0].result, Article)
    assert isinstance(items[-1].result, MalformedRecordError)


def test_warc_record_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    path.write_bytes(warc_bytes(PAGES[:1]))
    (item,) = list(iter_warc(path, max_bytes=100))
    assert isinstance(item.result, InputTooLargeError)


def test_warc_file_names() -> None:
    assert is_warc(Path("a/CC-NEWS-1.warc.gz")) and is_warc(Path("x.WARC"))
    assert not is_warc(Path("x.warc.txt"))

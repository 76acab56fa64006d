"""Property tests: every reader turns any input into valid articles or a coded error, never a crash."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.errors import ClaimgraphError
from claimgraph.eval.invariants import check_article
from claimgraph.ingest import read_bytes, read_text
from claimgraph.ingest.warc import iter_warc
from claimgraph.model import Article
from tests.fuzz.strategies import article_texts, encodings, feeds, html_pages, jsonl_files

NOW = datetime(2025, 6, 1, tzinfo=UTC)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _articles_or_coded_error(read: Callable[[], list[Article]]) -> list[Article]:
    """Run a reader: a coded error is an accepted outcome; anything else must be sound articles."""
    try:
        articles = read()
    except ClaimgraphError as exc:
        assert exc.code.startswith("E") and str(exc).startswith(f"[{exc.code}]")
        return []
    for article in articles:
        assert check_article(article) == []
    return articles


@FUZZ
@given(text=article_texts, encoding=encodings, bom=st.booleans())
def test_readers_txt_bytes_in_any_encoding(text: str, encoding: str, bom: bool) -> None:
    data = text.encode(encoding, errors="replace")
    if bom:
        data = b"\xef\xbb\xbf" + data
    for article in _articles_or_coded_error(lambda: read_bytes(data, fmt="txt", now=NOW)):
        assert article.text.strip()


@FUZZ
@given(data=st.binary(max_size=2000))
def test_readers_raw_bytes_as_every_format(data: bytes) -> None:
    for fmt in ("txt", "html", "json", "jsonl", "rss"):
        _articles_or_coded_error(lambda fmt=fmt: read_bytes(data, fmt=fmt, now=NOW))


@FUZZ
@given(text=article_texts, published=st.one_of(st.none(), st.text(max_size=25)), title=st.none() | st.text(max_size=20))
def test_readers_read_text_keeps_the_text_it_was_given(text: str, published: str | None, title: str | None) -> None:
    _articles_or_coded_error(lambda: [read_text(text, published=published, title=title, now=NOW)])


@FUZZ
@given(page=html_pages)
def test_readers_html_including_deeply_nested_tags(page: str) -> None:
    _articles_or_coded_error(lambda: read_bytes(page.encode("utf-8"), fmt="html", now=NOW))


@FUZZ
@given(lines=jsonl_files)
def test_readers_jsonl_lines(lines: str) -> None:
    _articles_or_coded_error(lambda: read_bytes(lines.encode("utf-8"), fmt="jsonl", now=NOW))
    _articles_or_coded_error(lambda: read_bytes(lines.encode("utf-8"), fmt="json", now=NOW))


@FUZZ
@given(feed=feeds, fmt=st.sampled_from(["rss", "atom"]))
def test_readers_rss_and_atom_feeds(feed: str, fmt: str) -> None:
    _articles_or_coded_error(lambda: read_bytes(feed.encode("utf-8"), fmt=fmt, now=NOW))


def _warc(pages: list[bytes], gzip: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for i, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        url = f"https://velmora.example.org/{i}"
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(page), http_headers=headers))
    return buf.getvalue()


@FUZZ
@given(
    pages=st.lists(html_pages.map(lambda p: p.encode("utf-8", errors="replace")) | st.binary(max_size=300), max_size=3),
    gzip=st.booleans(),
    cut=st.integers(min_value=0, max_value=5000),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=5000), st.integers(0, 255)), max_size=3),
)
def test_readers_warc_bytes_truncated_and_corrupted(
    pages: list[bytes], gzip: bool, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(_warc(pages, gzip))
    for pos, byte in flips:
        if data:
            data[pos % len(data)] = byte
    data = data[: len(data) - cut % (len(data) + 1)]
    handle, name = tempfile.mkstemp(suffix=".warc")
    os.close(handle)
    path = Path(name)
    try:
        path.write_bytes(bytes(data))
        for item in iter_warc(path, now=NOW):
            if isinstance(item.result, ClaimgraphError):
                assert item.result.code.startswith("E")
            else:
                assert check_article(item.result) == []
    finally:
        path.unlink()

"""RSS and Atom feeds: one article per item, dates and links, and refusal of DTDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import EmptyInputError, MalformedRecordError
from claimgraph.ingest import read_bytes, read_path
from claimgraph.ingest.feeds import html_fragment_text
from tests.ingest.helpers import NOW, assert_spans_slice

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Holm Herald</title>
  <link>https://holm-herald.example/</link>
  <item>
    <title>Ferry fares frozen for a year</title>
    <link>https://holm-herald.example/fares</link>
    <guid>holm-1</guid>
    <pubDate>Tue, 04 Mar 2025 09:15:00 +0100</pubDate>
    <dc:creator>Pia Strand</dc:creator>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The Holm ferry company will keep fares at 3.20 euros for another year,
      its director said on Tuesday.</p><h2>Timetable unchanged</h2>
      <p>Boats will keep running every forty minutes, the company said &amp; added no new routes.</p>
    ]]></content:encoded>
  </item>
  <item>
    <title>Title only, no text</title>
    <link>https://holm-herald.example/empty</link>
  </item>
  <item>
    <title>Library hours extended</title>
    <description>&lt;p&gt;The Holm library will open on Sundays from April, the council said.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Eastbrook Notes</title>
  <entry>
    <title>Pier vote passes</title>
    <link rel="alternate" href="https://eastbrook-notes.example/pier"/>
    <id>tag:eastbrook-notes.example,2025:pier</id>
    <published>2025-03-05T18:40:00Z</published>
    <updated>2025-03-06T08:00:00Z</updated>
    <author><name>Ines Marlow</name></author>
    <content type="html">&lt;p&gt;The Eastbrook council approved the new pier by 21 votes to 14.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "holm.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second = read_path(path, now=NOW)
    assert first.title == "Ferry fares frozen for a year"
    assert first.outlet == "Holm Herald"
    assert first.url == "https://holm-herald.example/fares"
    assert first.author == "Pia Strand"
    assert (first.published, first.published_origin) == ("2025-03-04T09:15+01:00", "metadata")
    assert first.text.split("\n")[0] == (
        "The Holm ferry company will keep fares at 3.20 euros for another year, its director said on Tuesday."
    )
    assert "<p>" not in first.text and "& added" in first.text
    assert [h.text for h in first.subheadings] == ["Timetable unchanged"]
    assert first.metadata == {"feed_item": 1, "guid": "holm-1"}
    assert second.title == "Library hours extended"
    assert second.text == "The Holm library will open on Sundays from April, the council said."
    assert second.metadata["feed_item"] == 3
    for article in (first, second):
        assert article.source_format == "rss"
        assert_spans_slice(article)


def test_atom_entry_becomes_an_article() -> None:
    # A feed served with a blank line before its XML declaration is still read.
    (article,) = read_bytes(b"\n" + ATOM.encode(), fmt="atom", now=NOW)
    assert article.title == "Pier vote passes"
    assert article.outlet == "Eastbrook Notes"
    assert article.url == "https://eastbrook-notes.example/pier"
    assert article.author == "Ines Marlow"
    assert article.published == "2025-03-05T18:40:00+00:00"
    assert article.text == "The Eastbrook council approved the new pier by 21 votes to 14."


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY boom "boom">]>',
        '<!DOCTYPE rss SYSTEM "http://holm-herald.example/rss.dtd">',
    ],
)
def test_feed_with_dtd_is_refused(prolog: str) -> None:
    data = RSS.replace('<rss version="2.0"', prolog + '\n<rss version="2.0"', 1).encode()
    with pytest.raises(MalformedRecordError, match="DTD"):
        read_bytes(data, fmt="rss", now=NOW)


def test_not_a_feed_is_e014() -> None:
    with pytest.raises(MalformedRecordError, match="not an RSS or Atom feed"):
        read_bytes(b"<?xml version='1.0'?><catalogue><book/></catalogue>", fmt="rss", now=NOW)
    with pytest.raises(MalformedRecordError, match="well-formed"):
        read_bytes(b"<rss><channel><item></channel>", fmt="rss", now=NOW)


def test_feed_without_item_text_is_e011() -> None:
    data = b"<rss><channel><title>Empty</title><item><title>Only a title</title></item></channel></rss>"
    with pytest.raises(EmptyInputError):
        read_bytes(data, fmt="rss", now=NOW)


def test_html_fragment_text_keeps_one_line_per_block() -> None:
    fragment = (
        "<div><h3>Fares</h3><p>Fares stay at <b>3.20</b>\n   euros.</p><script>var x = 1;</script><br>Next line</div>"
    )
    assert html_fragment_text(fragment) == "Fares\nFares stay at 3.20 euros.\nNext line"
    assert html_fragment_text("Plain text teaser") == "Plain text teaser"


@pytest.mark.parametrize(
    "pub_date", ["Tue, 04 Mar 2025 09:15:00 +0" + "9" * 300, "Tue, 04 Mar 99999999999999999999 09:15:00 +0100"]
)
def test_a_pub_date_too_large_for_a_datetime_leaves_the_date_unknown(pub_date: str) -> None:
    feed = (
        "<rss><channel><item><title>Ferry fares frozen</title>"
        f"<pubDate>{pub_date}</pubDate>"
        "<description>The Holm ferry company will keep its fares, its director said.</description>"
        "</item></channel></rss>"
    )
    (article,) = read_bytes(feed.encode(), fmt="rss", now=NOW)
    assert article.title == "Ferry fares frozen"
    assert article.published is None

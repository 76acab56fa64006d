"""Records from scrapers and news APIs: their own key names give the article's fields."""

from __future__ import annotations

import json

import pytest

from claimgraph.errors import MalformedRecordError
from claimgraph.ingest import read_bytes
from claimgraph.ingest.records import field_keys
from tests.ingest.helpers import NOW

TEXT = "The Eastbrook harbour board said on Monday that it would raise the ferry tolls by 12 percent."
HTML = (
    f"<html><body><article><p>{TEXT}</p>"
    "<p>Captain Ana Ruiz said the plan could cost 40 jobs.</p></article></body></html>"
)
VALUES = {
    "title": "Harbour board backs new ferry tolls",
    "published": "2025-03-03",
    "url": "https://gazette.example/tolls",
    "outlet": "Eastbrook Gazette",
    "author": "Lena Okafor",
}


def _read(record: dict[str, object]):  # type: ignore[no-untyped-def]
    return read_bytes((json.dumps(record) + "\n").encode(), fmt="jsonl", name="dump.jsonl", now=NOW)[0]


@pytest.mark.parametrize("key", field_keys()["text"])
def test_every_text_key_gives_the_article_text(key: str) -> None:
    article = _read({key: TEXT, "title": "Tolls"})
    assert article.text == TEXT
    assert key not in article.metadata


@pytest.mark.parametrize("key", field_keys()["html"])
def test_every_html_key_gives_the_page(key: str) -> None:
    article = _read({key: HTML})
    assert TEXT in article.text
    assert key not in article.metadata


@pytest.mark.parametrize(("field", "key"), [(field, key) for field in VALUES for key in field_keys()[field]])
def test_every_key_of_a_field_gives_it(field: str, key: str) -> None:
    article = _read({"text": TEXT, key: VALUES[field]})
    got = {
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
    }[field]
    assert got == VALUES[field]
    assert key not in article.metadata


def test_a_news_please_record() -> None:
    article = _read(
        {
            "maintext": TEXT,
            "title": VALUES["title"],
            "date_publish": "2025-03-03 09:12:00",
            "authors": ["Lena Okafor", "Tom Reyes"],
            "source_domain": "gazette.example",
            "url": VALUES["url"],
            "language": "en",
        }
    )
    assert article.text == TEXT
    assert article.published == "2025-03-03T09:12:00"
    assert article.author == "Lena Okafor, Tom Reyes"
    assert article.outlet == "gazette.example"
    assert article.metadata == {"language": "en"}


def test_a_newsapi_article_takes_the_source_name() -> None:
    article = _read(
        {
            "source": {"id": None, "name": "Eastbrook Gazette"},
            "author": "Lena Okafor",
            "title": VALUES["title"],
            "description": "Tolls rise.",
            "url": VALUES["url"],
            "publishedAt": "2025-03-03T09:12:00Z",
            "content": TEXT,
        }
    )
    assert (article.outlet, article.author, article.text) == ("Eastbrook Gazette", "Lena Okafor", TEXT)
    assert article.published == "2025-03-03T09:12:00+00:00"
    assert article.metadata == {"description": "Tolls rise."}


def test_claimgraphs_own_key_wins_over_the_others() -> None:
    article = _read({"text": TEXT, "content": "Another text entirely.", "title": "Own", "headline": "Other"})
    assert article.text == TEXT and article.title == "Own"
    assert article.metadata == {"content": "Another text entirely.", "headline": "Other"}


def test_another_keys_value_of_another_shape_stays_in_the_metadata() -> None:
    article = _read({"text": TEXT, "date": {"year": 2025}, "source": ["a", 1]})
    assert article.published is None and article.outlet is None
    assert article.metadata == {"date": {"year": 2025}, "source": ["a", 1]}


def test_own_keys_must_still_be_strings() -> None:
    with pytest.raises(MalformedRecordError, match="'title' must be a string"):
        read_bytes(json.dumps({"text": TEXT, "title": ["a"]}).encode(), fmt="json", now=NOW)
    assert _read({"text": TEXT, "author": ["Lena Okafor", "Tom Reyes"]}).author == "Lena Okafor, Tom Reyes"

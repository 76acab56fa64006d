"""Rendered pages come from the page cache before routing, behind the same token, headers and invalidation."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.errors import StoreError
from claimgraph.model import Analysis
from claimgraph.serve.web import create_app
from claimgraph.serve.web.app import Workbench
from claimgraph.serve.web.pages import page_key


@pytest.fixture
def own_client(store_path: Path, pipeline: Any) -> Iterator[TestClient]:
    """A client of an app of its own: these tests break its store on purpose."""
    with TestClient(create_app(store_path, pipeline=pipeline)) as client:
        yield client


def _break_store(client: TestClient) -> Workbench:
    """Make every store read fail from now on: whatever still answers comes from the page cache."""
    bench: Workbench = client.app.state.bench  # type: ignore[attr-defined]

    def broken() -> Any:
        raise StoreError("the store is gone")

    bench.store = broken  # type: ignore[method-assign]
    return bench


def test_pages_cache_answers_a_repeated_url_without_the_store(own_client: TestClient, analyses: list[Analysis]) -> None:
    url = f"/doc/{analyses[0].document.id}"
    first = own_client.get(url)
    assert first.status_code == 200
    _break_store(own_client)
    again = own_client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("content-type", "content-length", "content-security-policy", "x-content-type-options"):
        assert again.headers[header] == first.headers[header], header
    # Another document is not in the cache: it needs the (broken) store.
    assert own_client.get(f"/doc/{analyses[1].document.id}").status_code == StoreError.http_status


def test_pages_cache_keeps_the_fragment_and_the_page_apart(own_client: TestClient) -> None:
    page = own_client.get("/search?q=strike")
    fragment = own_client.get("/search?q=strike", headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.text and "<html" not in fragment.text
    _break_store(own_client)
    assert own_client.get("/search?q=strike").content == page.content
    assert own_client.get("/search?q=strike", headers={"HX-Request": "true"}).content == fragment.content


def test_pages_cache_is_emptied_when_the_store_changes(own_client: TestClient, analyses: list[Analysis]) -> None:
    url = f"/doc/{analyses[2].document.id}"
    assert own_client.get(url).status_code == 200
    bench = _break_store(own_client)
    bench.version = lambda: "another version"  # type: ignore[method-assign]
    # The cached page was rendered for the old contents: the page is built again, from the (broken) store.
    r = own_client.get(url)
    assert r.status_code == StoreError.http_status
    assert StoreError.code in r.text


def test_pages_cache_still_needs_the_token(store_path: Path, pipeline: Any, analyses: list[Analysis]) -> None:
    url = f"/doc/{analyses[0].document.id}"
    with TestClient(create_app(store_path, token="s3cret-token", pipeline=pipeline)) as client:
        assert client.get(url, headers={"X-Claimgraph-Token": "s3cret-token"}).status_code == 200
        refused = client.get(url)
        assert refused.status_code == 401
        assert analyses[0].document.text[:40] not in refused.text


def test_pages_cache_answers_only_a_get(own_client: TestClient) -> None:
    page = own_client.get("/search?q=strike")
    assert page.status_code == 200
    # The same URL with another method goes to the router, which has no such route.
    for method in ("POST", "HEAD", "DELETE"):
        r = own_client.request(method, "/search?q=strike")
        assert r.status_code == 405, method
        assert r.content != page.content


def _scope(raw_path: bytes, query: bytes, *, htmx: bool = False) -> dict[str, Any]:
    headers = [(b"hx-request", b"true")] if htmx else []
    path = raw_path.decode().replace("%3F", "?")
    return {"type": "http", "path": path, "raw_path": raw_path, "query_string": query, "headers": headers}


def test_pages_cache_key_keeps_an_encoded_question_mark_apart_from_a_query() -> None:
    encoded = page_key(_scope(b"/search%3Fq=oil", b""))
    queried = page_key(_scope(b"/search", b"q=oil"))
    assert encoded != queried
    assert page_key(_scope(b"/search", b"q=oil", htmx=True)) != queried


def test_pages_cache_server_freezes_its_startup_objects_while_it_runs(store_path: Path, pipeline: Any) -> None:
    gc.unfreeze()
    with TestClient(create_app(store_path, pipeline=pipeline)) as client:
        assert gc.get_freeze_count() > 0
        assert client.get("/").status_code == 200
    assert gc.get_freeze_count() == 0


def test_pages_cache_shows_an_article_stored_after_the_page_was_cached(
    scratch_client: TestClient, analyses: list[Analysis]
) -> None:
    bench: Workbench = scratch_client.app.state.bench  # type: ignore[attr-defined]
    bench.add(analyses[0])
    first = scratch_client.get("/")
    assert analyses[0].document.id in first.text and analyses[1].document.id not in first.text
    before = bench.version()
    bench.add(analyses[1])
    assert bench.version() != before
    assert analyses[1].document.id in scratch_client.get("/").text

"""CSRF in a real browser (Debian's Chromium through Playwright, as test_browser_workbench.py): the paste form
and htmx work on the workbench's own pages, and a form on another site posting to it is refused.

These tests FAIL without /usr/bin/chromium (CI installs it); they never skip.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimgraph.serve.web import create_app
from claimgraph.store import Store
from tests.serve.web.live import serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
TEXT = "Harbour master Ansel Vray said on Monday that 14 trawlers had returned to Quenby after the storm."

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, store_path: Path, pipeline: Any) -> Iterator[tuple[str, Path]]:
    """The workbench on a free loopback port over a copy of the test store (these tests add articles)."""
    db = tmp_path_factory.mktemp("csrf-browser") / "store.db"
    with sqlite3.connect(store_path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with serve_in_thread(create_app(db, pipeline=pipeline)) as base:
        yield base, db


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-csrf")), executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield ctx
        ctx.close()


def documents(db: Path) -> int:
    with Store.open(db, readonly=True) as store:
        return int(store.stats()["documents"])


def test_browser_csrf_paste_form_works(context: Any, server: tuple[str, Path]) -> None:
    base, db = server
    before = documents(db)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/analyse")
    page.fill("#a-title", "Quenby trawlers")
    page.fill("#a-text", TEXT)
    with page.expect_navigation():
        page.click("#analyse-form button[type=submit]")
    assert "/doc/" in page.url, page.inner_text("body")[:500]
    assert "Quenby trawlers" in page.inner_text("h1")
    assert documents(db) == before + 1 and errors == []
    page.close()


def test_browser_csrf_htmx_sends_the_token(context: Any, server: tuple[str, Path]) -> None:
    base = server[0]
    page = context.new_page()
    page.goto(f"{base}/search")
    page.locator("body[data-htmx-ready=true]").wait_for()
    with page.expect_request(lambda r: "/search?" in r.url and r.headers.get("hx-request") == "true") as seen:
        page.fill("#f-q", "trawlers")
    assert seen.value.headers.get("x-csrf-token")
    # An htmx POST (the kind a future button would make) passes with the token htmx adds from <body>.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.evaluate(
            "htmx.ajax('POST', '/analyse', {values: {text: 'Officials in Quenby said the pier was closed.'}})"
        )
    assert answer.value.status == 303, answer.value.status
    assert answer.value.request.headers.get("x-csrf-token")
    page.close()


def test_browser_csrf_form_on_another_site_is_refused(context: Any, server: tuple[str, Path]) -> None:
    base, db = server
    before = documents(db)
    page = context.new_page()
    page.goto(f"{base}/analyse")  # the victim has visited the workbench: the browser holds its cookie
    forged = (
        f'<html><body><form id="f" action="{base}/analyse" method="post">'
        f'<input name="text" value="{TEXT}"><button id="go">go</button></form></body></html>'
    )
    page.route("http://evil.example/**", lambda route: route.fulfill(body=forged, content_type="text/html"))
    page.goto("http://evil.example/")
    with page.expect_response(lambda r: r.url == f"{base}/analyse") as answer:
        page.click("#go")
    assert answer.value.status == 403
    assert answer.value.json()["error"]["code"] == "E072"
    assert documents(db) == before
    page.close()

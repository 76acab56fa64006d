"""The workbench in a real browser: Debian's headless Chromium driven by Playwright (no browser download).

Screenshots of every page land in test-artifacts/ (gitignored). Without /usr/bin/chromium these tests FAIL
(CI installs it with ``apt-get install -y chromium``); they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from claimgraph.model import Analysis

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run browser tests"
        )
    from playwright.sync_api import sync_playwright  # imported here so a missing package fails, not errors

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1440, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    page = browser_context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    page.close()
    # CSP violations and script errors show up as console errors: the pages must produce none.
    assert problems == []


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_article_click_shows_claim_details(page: Any, live_server: str, analyses: list[Analysis]) -> None:
    a = analyses[0]
    claim = next(c for c in a.claims if c.cue is not None and c.source.kind == "named")
    page.goto(f"{live_server}/doc/{a.document.id}")
    expect(page.locator("body")).to_have_attribute("data-htmx-ready", "true")
    assert page.locator("#article-text [data-claim]").count() >= len(a.claims)
    shot(page, "article")
    page.locator(f'#article-text [data-claim="{claim.id}"]').first.click()
    card = page.locator(f'#detail .claim-card[data-claim="{claim.id}"]')
    card.wait_for()
    assert claim.cue is not None and claim.cue.text in card.inner_text()
    assert claim.source.display in card.inner_text()
    assert "selected" in (page.locator(f'#article-text [data-claim="{claim.id}"]').first.get_attribute("class") or "")
    assert page.url.endswith(a.document.id)  # swapped in place, no navigation
    shot(page, "article-claim-open")


def test_browser_search_filters_update_results(page: Any, live_server: str, analyses: list[Analysis]) -> None:
    every = [c for a in analyses for c in a.claims]
    page.goto(f"{live_server}/search")
    expect(page.locator("body")).to_have_attribute("data-htmx-ready", "true")
    expect(page.locator("tr.result")).to_have_count(len(every))
    page.select_option("#f-modality", "negated")
    expect(page.locator("tr.result")).to_have_count(sum(c.modality == "negated" for c in every))
    assert "modality=negated" in page.url  # the filter is in the address bar, so it can be shared
    shot(page, "search-negated")
    page.fill("#f-q", "ferry")
    page.select_option("#f-modality", "")
    # Full text covers the claim and its article's title.
    hits = [c for a in analyses for c in a.claims if "ferry" in (c.text + " " + (a.document.title or "")).lower()]
    expect(page.locator("tr.result")).to_have_count(len(hits))
    assert all("ferry" in row.lower() for row in page.locator("tr.result").all_inner_texts())
    shot(page, "search-text")


def test_browser_entity_timeline_chart_renders(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/entity?name={quote('Ilse Marten')}")
    chart = page.locator("svg.chart.timeline")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    dots = chart.locator("circle.dot")
    assert dots.count() >= 2
    fill = dots.first.evaluate("el => getComputedStyle(el).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)"), "the stylesheet colours the dots by modality"
    shot(page, "entity")


def test_browser_cluster_source_overview_pages_render(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/cluster/k1")
    assert page.locator("svg.chart.figures circle.conflict").count() == 2
    shot(page, "cluster")
    page.goto(f"{live_server}/source?name={quote('Ilse Marten')}")
    assert page.locator("svg.bar rect").count() >= 1
    shot(page, "source")
    page.goto(f"{live_server}/")
    assert page.locator("table.rows tbody tr").count() == 3
    shot(page, "overview")
    page.goto(f"{live_server}/sources")
    shot(page, "sources")
    page.goto(f"{live_server}/analyse")
    shot(page, "analyse")

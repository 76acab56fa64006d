"""ClaimFilter: checked once when made, and the same rows whether a store is asked with it or with keywords."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimgraph
from claimgraph.errors import BadRequestError, ClaimgraphError, InvalidDateError, StoreError
from claimgraph.model import Analysis
from claimgraph.serve.cli import main
from claimgraph.store import ClaimFilter, Store

FERRY_URL = "https://quillan-courier.example/fares"
FERRY = (
    "Ferry fares to rise on Quillan Island\n\n"
    "The Quillan ferry company said on Monday that fares would rise 8 percent in June. "
    "Councillor Maro Tesk claimed the increase might reach 12 percent. "
    "The harbour office denied that any sailing was cancelled.\n"
)
# The same story corrected later under the same URL: the first version becomes a superseded revision.
FERRY_CORRECTED = FERRY.replace("8 percent", "9 percent")
ORCHARD = (
    "Orchard harvest falls in Brisca\n\n"
    "The Brisca growers' union reported on Thursday that 40 tonnes of pears were lost to frost. "
    "Maro Tesk said the region could lose 3 percent of its farms.\n"
)

# Filters of every field, alone and combined; each finds something in the collection below.
FILTERS: list[dict[str, Any]] = [
    {},
    {"source": "FERRY company"},
    {"entity": "tesk"},
    {"modality": "speculative"},
    {"since": "2025-04-01"},
    {"until": date(2025, 2, 3)},
    {"since": datetime(2025, 2, 3, 18, 30), "until": "2025-02-03"},
    {"search": "pears"},
    {"unit": "PERCENT", "min_value": 9, "max_value": 12},
    {"min_value": 30},
    {"max_value": 3.5, "modality": "speculative"},
    {"include_superseded": True, "search": "fares"},
]
FIND_NOTHING: list[dict[str, Any]] = [{"source": "union", "modality": "negated"}, {"min_value": 12, "max_value": 3}]


@pytest.fixture(scope="module")
def analyses(pipeline: Any) -> list[Analysis]:
    return [
        claimgraph.analyze(FERRY, published="2025-02-03", url=FERRY_URL, pipeline=pipeline),
        claimgraph.analyze(ORCHARD, published="2025-04-10", pipeline=pipeline),
        claimgraph.analyze(FERRY_CORRECTED, published="2025-02-03", url=FERRY_URL, pipeline=pipeline),
    ]


@pytest.fixture
def filled(store: Store, analyses: list[Analysis]) -> Store:
    statuses = [store.add(a).status for a in analyses]
    assert statuses == ["added", "added", "revision"]
    return store


def _texts(rows: list[Any]) -> set[str]:
    return {r.text for r in rows}


# -- made once, checked once --------------------------------------------------------------------------------
def test_filters_claimfilter_defaults_filter_nothing_and_are_frozen() -> None:
    f = ClaimFilter()
    assert dataclasses.astuple(f) == (None,) * 9 + (False,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.source = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ClaimFilter("ministry")  # type: ignore[misc]  # keyword-only: a positional value is a mistake


def test_filters_claimfilter_dates_are_kept_as_iso_days() -> None:
    by_text = ClaimFilter(since="2025-02-03T18:30:00", until=" 2025-04-10 ")
    by_value = ClaimFilter(since=datetime(2025, 2, 3, 18, 30), until=date(2025, 4, 10))
    assert (by_text.since, by_text.until) == ("2025-02-03", "2025-04-10")
    assert by_text == by_value and hash(by_text) == hash(by_value)


def test_filters_claimfilter_bad_date_is_e017_naming_the_bound() -> None:
    with pytest.raises(InvalidDateError) as since:
        ClaimFilter(since="last spring")
    assert str(since.value) == "[E017] --since 'last spring' is not a date; use YYYY-MM-DD."
    with pytest.raises(InvalidDateError, match=r"--until '2025-13-40'"):
        ClaimFilter(until="2025-13-40")
    with pytest.raises(InvalidDateError, match="--since ''"):
        ClaimFilter(since="")


def test_filters_claimfilter_unknown_modality_lists_the_known_ones() -> None:
    with pytest.raises(StoreError) as bad:
        ClaimFilter(modality="certain")
    assert bad.value.code == "E030"
    assert bad.value.message == (
        "unknown modality 'certain'; use one of asserted, hedged, speculative, doubted, negated."
    )
    assert ClaimFilter(modality="doubted").modality == "doubted"


def test_filters_claimfilter_figure_bounds_are_finite_numbers() -> None:
    assert ClaimFilter(min_value=5, max_value=5).max_value == 5
    # Bounds the wrong way round are no error (the JSON API accepts any two numbers): they match nothing.
    assert ClaimFilter(min_value=10, max_value=2.5).min_value == 10
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(BadRequestError) as refused:
            ClaimFilter(max_value=bad)
        assert str(refused.value) == "[E070] the maximum must be a finite number."
    with pytest.raises(BadRequestError, match="the minimum must be a number, not '5'"):
        ClaimFilter(min_value="5")  # type: ignore[arg-type]
    with pytest.raises(BadRequestError, match="must be a number, not True"):
        ClaimFilter(min_value=True)


def test_filters_claimfilter_empty_text_filters_nothing() -> None:
    assert ClaimFilter(source="", entity="", modality="", search="") == ClaimFilter()
    # An empty unit is a filter of its own (figures with no unit), as it always was.
    assert ClaimFilter(unit="").unit == ""


def test_filters_claimfilter_replace_checks_the_new_value() -> None:
    f = ClaimFilter(unit="percent", min_value=1)
    assert dataclasses.replace(f, max_value=4) == ClaimFilter(unit="percent", min_value=1, max_value=4)
    with pytest.raises(BadRequestError):
        dataclasses.replace(f, max_value=math.inf)


# -- the store: one filter object or keywords, the same rows -----------------------------------------------
def test_filters_claimfilter_store_where_and_keywords_find_the_same_rows(filled: Store) -> None:
    for filters in FILTERS + FIND_NOTHING:
        assert bool(filled.claims(**filters, limit=None)) == (filters in FILTERS), filters
        for limit, offset in ((None, 0), (2, 1)):
            by_keywords = filled.claims(**filters, limit=limit, offset=offset)
            assert filled.claims(where=ClaimFilter(**filters), limit=limit, offset=offset) == by_keywords, filters
            assert filled.claims(ClaimFilter(**filters), limit=limit, offset=offset) == by_keywords, filters
    # The rows are the intended ones, not merely the same ones twice.
    figures = _texts(filled.claims(ClaimFilter(unit="percent", min_value=9, max_value=12), limit=None))
    assert any("9 percent" in t for t in figures) and any("12 percent" in t for t in figures)
    assert all("9 percent" in t or "12 percent" in t for t in figures), figures
    held_or_named = filled.claims(ClaimFilter(entity="tesk"), limit=None)
    assert all("Tesk" in r.source or "Tesk" in r.text for r in held_or_named)
    assert len({r.doc_id for r in held_or_named}) == 2, "Maro Tesk speaks in both current articles"


def test_filters_claimfilter_store_include_superseded_finds_old_revisions(filled: Store) -> None:
    current = " | ".join(_texts(filled.claims(ClaimFilter(search="fares"))))
    every = " | ".join(_texts(filled.claims(ClaimFilter(search="fares", include_superseded=True))))
    assert "9 percent" in current and "8 percent" not in current
    assert "9 percent" in every and "8 percent" in every


def test_filters_claimfilter_store_refuses_a_filter_and_keywords_together(filled: Store) -> None:
    with pytest.raises(BadRequestError, match="either as where=ClaimFilter"):
        filled.claims(ClaimFilter(modality="hedged"), source="ferry")  # type: ignore[call-overload]
    with pytest.raises(BadRequestError, match="either as where=ClaimFilter"):
        filled.claims(ClaimFilter(), include_superseded=True)  # type: ignore[call-overload]
    with pytest.raises(BadRequestError, match="where must be a ClaimFilter, not dict"):
        filled.claims({"source": "ferry"})  # type: ignore[call-overload]


def test_filters_claimfilter_store_keywords_are_checked_as_the_filter_is(filled: Store) -> None:
    for keywords in ({"since": "soon"}, {"modality": "certain"}, {"min_value": math.nan}):
        with pytest.raises(ClaimgraphError) as by_keywords:
            filled.claims(**keywords)
        with pytest.raises(ClaimgraphError) as by_filter:
            ClaimFilter(**keywords)
        assert str(by_keywords.value) == str(by_filter.value), keywords


# -- the layers above build one filter and report its errors alike -----------------------------------------
def test_filters_claimfilter_cli_and_api_report_the_filter_errors(
    tmp_path: Path, analyses: list[Analysis], pipeline: Any
) -> None:
    from fastapi.testclient import TestClient

    from claimgraph.serve.web import create_app

    db = tmp_path / "filters.db"
    with Store.open(db) as store:
        store.add_many(analyses)
        expected = [r.to_dict() for r in store.claims(ClaimFilter(unit="percent", min_value=9))]
    runner = CliRunner()
    ok = runner.invoke(main, ["claims", "--db", str(db), "--unit", "percent", "--min", "9", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == expected and expected
    swapped = runner.invoke(main, ["claims", "--db", str(db), "--min", "9", "--max", "1", "--format", "json"])
    assert swapped.exit_code == 0 and json.loads(swapped.stdout) == []
    not_a_figure = runner.invoke(main, ["claims", "--db", str(db), "--min", "nan"])
    assert not_a_figure.exit_code == 2 and "[E070] the minimum must be a finite number." in not_a_figure.output
    bad_day = runner.invoke(main, ["claims", "--db", str(db), "--since", "soon"])
    assert bad_day.exit_code == 2 and "[E017] --since 'soon' is not a date" in bad_day.output

    with TestClient(create_app(db, pipeline=pipeline)) as client:
        items = client.get("/api/claims", params={"unit": "percent", "min_value": 9}).json()["items"]
        swapped_items = client.get("/api/claims", params={"min_value": 9, "max_value": 1}).json()["items"]
        page = client.get("/search", params={"unit": "percent", "min": "9"})
        bad_page = client.get("/search", params={"min": "inf"})
    assert items == expected and swapped_items == []
    assert page.text.count('<tr class="result">') == len(expected)
    # The page no longer checks the figure itself: the filter's E070 is shown inline, with the page's old wording.
    assert bad_page.status_code == 200 and "[E070] the minimum must be a finite number." in bad_page.text

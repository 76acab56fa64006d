"""What only the PostgreSQL backend does: the CI guard, one writer at a time, COPY loading, refused NUL text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.errors import StoreBusyError, StoreError, StoreReadOnlyError
from claimgraph.model import Analysis, document_id
from claimgraph.store import Store
from tests.store.backends import BACKENDS, PG_ENV, backend_location
from tests.store.factories import HARBOUR_TEXT, harbour_analysis


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    with backend_location("postgresql", tmp_path) as url:
        yield url


def test_store_postgresql_missing_server_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PG_ENV, raising=False)
    monkeypatch.setenv("CI", "true")
    with (
        pytest.raises(pytest.fail.Exception, match=f"{PG_ENV} is not set, but CI=true"),
        backend_location("postgresql", tmp_path),
    ):
        pass


def test_store_postgresql_missing_server_skips_with_reason_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PG_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with (
        pytest.raises(pytest.skip.Exception, match="PostgreSQL backend not tested"),
        backend_location("postgresql", tmp_path),
    ):
        pass


def test_store_postgresql_second_writer_waits_then_is_busy(pg_url: str) -> None:
    with Store.open(pg_url) as first, Store.open(pg_url, timeout=0.3) as second:
        with first._write():  # holds the writers' lock, as a long article load would
            with pytest.raises(StoreBusyError):
                second.add(harbour_analysis())
            # Readers never wait for the writer.
            assert second.claims() == []
        assert second.add(harbour_analysis()).status == "added"


def test_store_postgresql_read_only_session_is_refused_by_the_server(pg_url: str) -> None:
    Store.open(pg_url).close()
    with Store.open(pg_url, readonly=True) as store:
        with pytest.raises(StoreReadOnlyError):
            store.add(harbour_analysis())
        # Even SQL that bypasses the store's own check is refused by the server (a coded error).
        with pytest.raises(StoreReadOnlyError), store._guard(), store._read() as conn:
            conn.exec_driver_sql("DELETE FROM documents")


def test_store_postgresql_copy_keeps_awkward_text_exactly(pg_url: str) -> None:
    # COPY's text format escapes tabs, newlines and backslashes; the round trip must undo every one.
    odd = HARBOUR_TEXT + " Path C:\\new\\table\tcolumn \\N and \\. end\r\n"
    base = harbour_analysis()
    analysis = dataclasses.replace(base, document=dataclasses.replace(base.document, text=odd, id=document_id(odd)))
    with Store.open(pg_url) as store:
        store.add(analysis)
        assert store.get(analysis.document.id) == analysis


def test_store_postgresql_nul_text_is_refused_and_nothing_written(pg_url: str) -> None:
    text = HARBOUR_TEXT + " \x00"
    base = harbour_analysis()
    bad = dataclasses.replace(base, document=dataclasses.replace(base.document, text=text, id=document_id(text)))
    with Store.open(pg_url) as store:
        with pytest.raises(StoreError, match="NUL"):
            store.add(bad)
        assert store.stats()["documents"] == 0 and store.check() == []
        assert store.add(base).status == "added"  # the connection is usable again


def test_store_postgresql_search_agrees_with_sqlite_on_every_fixture_word(tmp_path: Path) -> None:
    from tests.store.test_store_queries import RIVER_TEXT, river_analysis

    words = sorted({w.lower() for w in re.findall(r"\w+", HARBOUR_TEXT + " " + RIVER_TEXT)})
    phrases = [*words, "dock workers", "river rise", "FLOOD warning", "Varga office"]
    found: dict[str, dict[str, list[str]]] = {}
    for backend in BACKENDS:
        with backend_location(backend, tmp_path) as location, Store.open(location) as store:
            store.add(harbour_analysis())
            store.add(river_analysis())
            found[backend] = {p: [f"{r.doc_id[:8]}:{r.claim_id}" for r in store.claims(search=p)] for p in phrases}
            if backend == "postgresql":
                # Words PostgreSQL's English configuration drops as stop words ("the", "was") match nothing there.
                stop = {
                    p
                    for p in phrases
                    if store.connection.exec_driver_sql(
                        "SELECT numnode(plainto_tsquery('english', %s))", (p,)
                    ).scalar_one()
                    == 0
                }
    assert stop and stop <= {"the", "was", "that", "any", "not", "on", "in", "for", "out", "may", "could", "they", "to"}
    differ = {p for p in phrases if p not in stop and found["postgresql"][p] != found["sqlite"][p]}
    # Stemming: "warned" and the river title's "warning" share the stem "warn", so PostgreSQL also finds the
    # river claims by their title; FTS5 matches whole tokens. Every other word and phrase agrees exactly.
    assert differ == {"warned"}
    assert set(found["sqlite"]["warned"]) < set(found["postgresql"]["warned"])
    assert all(found["postgresql"][p] == [] for p in stop)


def _variant(text: str, url: str | None = None) -> Analysis:
    base = harbour_analysis(url=url)
    return dataclasses.replace(base, document=dataclasses.replace(base.document, text=text, id=document_id(text)))


def test_store_postgresql_add_many_batches_keep_identity_and_revisions(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = harbour_analysis()
    revised = _variant(HARBOUR_TEXT.replace("300 dock workers", "320 dock workers"), url=first.document.url)
    others = [_variant(HARBOUR_TEXT + f" Update {i}.") for i in range(3)]
    batch = [first, first, revised, *others]
    with Store.open(pg_url) as store:

        def one_by_one(analysis: Analysis) -> None:
            pytest.fail(f"a batch failed and fell back to single adds at {analysis.document.id[:8]}")

        monkeypatch.setattr(store, "add", one_by_one)
        # batch_size=2: batches end mid-sequence, so keys and the revision link must carry across batches.
        results = store.add_many(batch, batch_size=2)
        assert [r.status for r in results] == ["added", "unchanged", "revision", "added", "added", "added"]
        assert results[2].previous_id == first.document.id
        for analysis in (revised, *others):
            assert store.get(analysis.document.id) == analysis
        assert store.check() == []
        assert [r.claim_id for r in store.claims(limit=None)] == ["c1", "c2", "c3"] * 4


def test_store_postgresql_add_many_failure_keeps_the_articles_before_it(pg_url: str) -> None:
    good = [_variant(HARBOUR_TEXT + f" Note {i}.") for i in range(3)]
    bad = _variant(HARBOUR_TEXT + " \x00")
    with Store.open(pg_url) as store:
        with pytest.raises(StoreError, match="NUL"):
            store.add_many([good[0], good[1], bad, good[2]], batch_size=10)
        # The batch was redone one article at a time: those before the failing one are stored, whole.
        assert store.stats()["documents"] == 2 and store.check() == []
        assert store.get(good[1].document.id) == good[1]

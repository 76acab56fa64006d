"""Link results and claim embeddings kept in the store: round trip, replacement, and a cache that embeds once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from claimgraph.errors import StoreReadOnlyError
from claimgraph.link import ClaimRef, Cluster, GlobalEntity, LinkResult, link
from claimgraph.link.embed import DIM, MiniLMEmbedder, Vectors
from claimgraph.store import Store
from tests.store.factories import CountingEmbedder, harbour_analysis

SENTENCES = (
    "The Ostrava ferry line will close for repairs in May.",
    "Ferry service to Ostrava stops in May for repair work.",
    "A bakery in Lindel won a regional bread prize.",
)


def _small_result() -> LinkResult:
    ref = ClaimRef("d" * 64, "c1")
    return LinkResult(
        entities=[
            GlobalEntity(id="g1", name="Ilse Varga", type="PERSON", aliases=("Varga",), members=(("d" * 64, "e1"),))
        ],
        clusters=[Cluster(id="k1", members=(ref,), label="dock strike", independent_sources=("Ilse Varga",))],
        claim_entities={ref.key(): ("g1",)},
        stats={"claims": 1.0},
    )


def test_store_link_load_is_none_before_linking(store: Store) -> None:
    assert store.load_link() is None


def test_store_link_save_load_round_trip(store: Store) -> None:
    store.add(harbour_analysis())
    result = link(store, embedder=store.embedder(CountingEmbedder()))
    # one article: its claims are linked to entities; none is stated twice, so no cluster yet
    assert result.entities and result.claim_entities, "the harbour article has entities and claims"
    store.save_link(result)
    loaded = store.load_link()
    assert loaded is not None
    assert loaded.to_dict() == result.to_dict()


def test_store_link_save_replaces_previous_result(store_url: str) -> None:
    first = _small_result()
    second = LinkResult(stats={"claims": 0.0})
    with Store.open(store_url) as store:
        store.save_link(first)
        store.save_link(second)
    with Store.open(store_url, create=False) as store:
        loaded = store.load_link()
        n_rows = store.connection.exec_driver_sql("SELECT count(*) FROM link_results").scalar_one()
    assert loaded is not None and loaded.to_dict() == second.to_dict()
    assert n_rows == 1


def test_store_link_save_refused_when_read_only(store_url: str) -> None:
    Store.open(store_url).close()
    with Store.open(store_url, readonly=True) as store, pytest.raises(StoreReadOnlyError):
        store.save_link(_small_result())


def test_store_link_embedder_embeds_each_text_once_across_sessions(store_url: str) -> None:
    first = CountingEmbedder()
    with Store.open(store_url) as store:
        v1 = store.embedder(first).embed([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    assert sorted(first.seen) == sorted(SENTENCES[:2])  # the repeated text is embedded once
    assert np.array_equal(v1[0], v1[2])

    second = CountingEmbedder()
    with Store.open(store_url) as store:
        v2 = store.embedder(second).embed(list(SENTENCES))
        n_rows = store.connection.exec_driver_sql("SELECT count(*) FROM claim_embeddings").scalar_one()
    assert second.seen == [SENTENCES[2]]  # only the new text
    assert np.array_equal(v2[:2], v1[:2])  # stored vectors come back bit for bit
    assert n_rows == 3


def test_store_link_embedder_empty_call_touches_nothing(store: Store) -> None:
    inner = CountingEmbedder()
    out = store.embedder(inner).embed([])
    assert out.shape == (0, DIM) and inner.seen == []


def test_store_link_embedder_flush_writes_only_unsaved(store: Store) -> None:
    embedder = store.embedder(CountingEmbedder())
    embedder.embed(list(SENTENCES))
    assert embedder.flush() == 0  # embed() already wrote its new vectors


def test_store_link_embedder_with_minilm_vectors_survive_the_store(store_url: str) -> None:
    real = MiniLMEmbedder()
    with Store.open(store_url) as store:
        fresh = store.embedder(real).embed(list(SENTENCES))
    assert fresh.shape == (3, DIM) and fresh.dtype == np.float32
    # Paraphrases are closer to each other than to the unrelated sentence.
    assert float(fresh[0] @ fresh[1]) > float(fresh[0] @ fresh[2])

    class Refusing:
        dim = DIM

        def embed(self, texts: Sequence[str]) -> Vectors:
            raise AssertionError(f"asked to embed {texts!r} again")

    with Store.open(store_url) as store:
        cached = store.embedder(Refusing()).embed(list(SENTENCES))
    assert np.array_equal(cached, fresh)


def test_store_link_embedder_reads_a_few_vectors_out_of_many(store_url: str) -> None:
    # Few wanted keys among many stored ones take the indexed-lookup path rather than the full scan.
    many = [f"Councillor Brannock number {i} backed the tram plan." for i in range(12)]
    with Store.open(store_url) as store:
        stored = store.embedder(CountingEmbedder()).embed(many)
    inner = CountingEmbedder()
    with Store.open(store_url) as store:
        got = store.embedder(inner).embed([many[3], "The tram plan was shelved."])
    assert inner.seen == ["The tram plan was shelved."]
    assert np.array_equal(got[0], stored[3])

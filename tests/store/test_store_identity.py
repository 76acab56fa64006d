"""Document identity: the same text is never stored twice; other text under a URL is a revision."""

from __future__ import annotations

import dataclasses

import pytest

from claimgraph.errors import NotFoundError
from claimgraph.model import Analysis, document_id
from claimgraph.store import Store
from tests.store.factories import HARBOUR_TEXT, harbour_analysis


def _with_text(analysis: Analysis, text: str) -> Analysis:
    doc = dataclasses.replace(analysis.document, text=text, id=document_id(text))
    return dataclasses.replace(analysis, document=doc)


def test_store_identity_same_article_is_unchanged(store: Store) -> None:
    analysis = harbour_analysis()
    assert store.add(analysis).status == "added"
    again = store.add(analysis)
    assert again.status == "unchanged"
    assert again.doc_id == analysis.document.id
    assert store.stats()["documents"] == 1
    assert store.stats()["claims"] == len(analysis.claims)


def test_store_identity_whitespace_variant_is_the_same_document(store: Store) -> None:
    analysis = harbour_analysis()
    store.add(analysis)
    # Identity is the hash of the normalised text: extra spaces and CRLF do not make a new document.
    variant = _with_text(analysis, HARBOUR_TEXT.replace("\n", "\r\n").replace(" said", "  said"))
    assert variant.document.id == analysis.document.id
    assert store.add(variant).status == "unchanged"


def test_store_identity_new_text_under_same_url_is_a_revision(store: Store) -> None:
    first = harbour_analysis()
    store.add(first)
    second = _with_text(first, HARBOUR_TEXT.replace("300 dock workers", "450 dock workers"))
    result = store.add(second)
    assert result.status == "revision"
    assert result.previous_id == first.document.id
    docs = {d.doc_id: d for d in store.documents()}
    assert docs[first.document.id].superseded_by == second.document.id
    assert docs[second.document.id].revision_of == first.document.id
    # Both versions are kept; queries show the current one unless asked otherwise.
    assert store.get(first.document.id).document.text == HARBOUR_TEXT
    assert {r.doc_id for r in store.claims()} == {second.document.id}
    assert {r.doc_id for r in store.claims(include_superseded=True)} == {first.document.id, second.document.id}


def test_store_identity_same_text_other_url_is_unchanged(store: Store) -> None:
    first = harbour_analysis()
    store.add(first)
    moved = dataclasses.replace(first, document=dataclasses.replace(first.document, url="https://mirror.example/a"))
    assert store.add(moved).status == "unchanged"


def test_store_identity_articles_without_url_are_independent(store: Store) -> None:
    a = harbour_analysis(url=None)
    b = _with_text(a, HARBOUR_TEXT + " The mayor's office declined to comment.")
    assert store.add(a).status == "added"
    assert store.add(b).status == "added"


def test_store_identity_get_by_unique_prefix(store: Store) -> None:
    analysis = harbour_analysis()
    store.add(analysis)
    assert store.get(analysis.document.id[:6]).document.id == analysis.document.id
    assert store.get(analysis.document.id.upper()[:8]).document.id == analysis.document.id


@pytest.mark.parametrize("bad", ["", "zz-not-hex", "0" * 65])
def test_store_identity_get_rejects_non_ids(store: Store, bad: str) -> None:
    with pytest.raises(NotFoundError, match=r"not a document id"):
        store.get(bad)


def test_store_identity_get_unknown_and_ambiguous_prefix(store: Store) -> None:
    texts = [f"Invented bulletin number {i} from the Dornhaven harbour desk." for i in range(40)]
    ids = [document_id(t) for t in texts]
    for t in texts:
        store.add(_with_text(harbour_analysis(url=None), t))
    with pytest.raises(NotFoundError) as unknown:
        store.get(next(p for p in (f"{i:x}" * 8 for i in range(16)) if not any(d.startswith(p) for d in ids)))
    assert unknown.value.code == "E040"
    # 40 ids over 16 first hex digits: some first digit is shared.
    shared = next(d[0] for d in ids if sum(x.startswith(d[0]) for x in ids) > 1)
    with pytest.raises(NotFoundError, match="several"):
        store.get(shared)

"""The JSON API: documents, claims with filters and pages, sources, entities, clusters, analyse, caching, errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from claimgraph.model import Analysis


def test_api_openapi_document_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    expected = {"/api/documents", "/api/documents/{doc_id}", "/api/claims", "/api/sources", "/api/entities"}
    expected |= {"/api/clusters", "/api/clusters/{cluster_id}", "/api/analyse", "/api/export/{fmt}"}
    assert expected <= paths
    assert not any(not p.startswith("/api") for p in paths), "HTML pages stay out of the API document"


def test_api_documents_page_and_full_analysis(client: TestClient, analyses: list[Analysis]) -> None:
    first = client.get("/api/documents", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next"] is not None
    ids = {d.document.id for d in analyses}
    assert first["items"][0]["doc_id"] in ids or first["items"][0]["title"]
    a = analyses[2]
    got = client.get(f"/api/documents/{a.document.id[:10]}").json()
    assert Analysis.from_dict(got) == a


def test_api_claims_filters_and_pagination(client: TestClient, analyses: list[Analysis]) -> None:
    claims = [c for a in analyses[:3] for c in a.claims]
    first = client.get("/api/claims", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert {c["claim_id"] + c["doc_id"] for c in second["items"]}.isdisjoint(
        {c["claim_id"] + c["doc_id"] for c in first["items"]}
    )
    negated = client.get("/api/claims", params={"modality": "negated"}).json()["items"]
    assert all(c["modality"] == "negated" for c in negated)
    expected = sum(c.modality == "negated" for c in claims)
    assert len([c for c in negated if c["doc_id"] in {a.document.id for a in analyses}]) == expected
    dated = client.get("/api/claims", params={"since": "2025-10-01", "until": "2025-10-31"}).json()["items"]
    assert dated and {c["doc_id"] for c in dated} == {analyses[2].document.id}
    money = client.get("/api/claims", params={"min_value": 45_000_000, "max_value": 60_000_000}).json()["items"]
    assert money and all("55" in c["text"] for c in money)


def test_api_sources_and_entities(client: TestClient) -> None:
    sources = client.get("/api/sources").json()["items"]
    marten = [s for s in sources if "Marten" in s["source"]]
    assert sum(s["claims"] for s in marten) == 3  # "Harbour director Ilse Marten", "Marten", "Ilse Marten"
    for s in sources:
        assert s["claims"] == sum(s[m] for m in ("asserted", "hedged", "speculative", "doubted", "negated"))
    entity = client.get("/api/entities", params={"name": "Marten"}).json()["items"]
    assert entity and entity[0]["name"] == "Ilse Marten"


def test_api_etag_gives_304_and_last_modified(client: TestClient) -> None:
    r = client.get("/api/sources")
    assert r.headers["etag"] and r.headers["last-modified"].endswith("GMT")
    again = client.get("/api/sources", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/sources", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_api_errors_are_json_with_codes(client: TestClient) -> None:
    missing = client.get("/api/documents/ffff0000")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E040"
    bad = client.get("/api/claims", params={"modality": "certain"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E070"
    baddate = client.get("/api/claims", params={"since": "yesterday"})
    assert baddate.status_code == 422 and baddate.json()["error"]["code"] == "E070"
    route = client.get("/api/nothing-here")
    assert route.status_code == 404 and route.json()["error"]["code"] == "E040"


def test_api_clusters_unlinked_and_linked(client: TestClient, linked_client: TestClient) -> None:
    plain = client.get("/api/clusters").json()
    assert plain["linked"] is False and plain["items"] == []
    assert client.get("/api/clusters/k1").json()["error"]["code"] == "E040"
    linked = linked_client.get("/api/clusters").json()
    assert linked["linked"] is True and linked["items"][0]["independent_count"] == 2
    one = linked_client.get("/api/clusters/k1").json()
    assert one["figures"][0]["class"] == "conflict"


def test_api_analyse_text_returns_the_analysis(client: TestClient) -> None:
    text = "Police in Brennick said the road was closed on Friday."
    r = client.post("/api/analyse", json={"text": text, "published": "2025-02-07"})
    assert r.status_code == 200
    analysis = Analysis.from_dict(r.json()["analysis"])
    assert analysis.claims and analysis.claims[0].source.text == "Police in Brennick"
    assert r.json()["stored"] is None
    empty = client.post("/api/analyse", json={"text": ""})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "E070"

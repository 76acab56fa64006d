"""Exports: JSON Lines round-trips, CSV defuses formulas, ClaimReview JSON-LD per claim, GraphML parses."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimgraph.errors import UnsupportedFormatError
from claimgraph.link.records import LinkResult
from claimgraph.model import Analysis
from claimgraph.serve.exports import export, safe_cell
from claimgraph.store import Store

NS = "{http://graphml.graphdrawing.org/xmlns}"


def _export(path: Path, fmt: str, link_result: LinkResult | None = None) -> str:
    out = io.StringIO()
    with Store.open(path) as store:
        export(store, fmt, out, link_result=link_result)
    return out.getvalue()


def test_exports_jsonl_round_trips_every_analysis(store_path: Path, analyses: list[Analysis]) -> None:
    lines = _export(store_path, "jsonl").splitlines()
    got = [Analysis.from_dict(json.loads(line)) for line in lines]
    assert got == analyses


def test_exports_csv_has_one_row_per_claim(store_path: Path, analyses: list[Analysis]) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(store_path, "csv"))))
    assert len(rows) == sum(len(a.claims) for a in analyses)
    loss = next(r for r in rows if "$40 million" in r["text"])
    assert loss["modality"] == "speculative" and loss["figures"] == "$40 million"
    assert loss["outlet"] == "Coastline Wire" and loss["published"] == "2025-03-03"
    # attributed claims carry what their source is reported to have said; the outlet's own claims nothing
    by_id = {(a.document.id, c.id): (a, c) for a in analyses for c in a.claims}
    for row in rows:
        a, c = by_id[(row["doc_id"], row["claim_id"])]
        assert row["reported"] == " … ".join(a.document.text[f.start : f.end] for f in c.content)
        assert bool(row["reported"]) == bool(c.content)
    assert any(r["reported"] for r in rows) and any(r["source_kind"] == "author" and not r["reported"] for r in rows)


def test_exports_csv_defuses_spreadsheet_formulas() -> None:
    assert safe_cell('=HYPERLINK("http://x.example")') == '\'=HYPERLINK("http://x.example")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+1+2") == "'+1+2"
    assert safe_cell("-cmd|x") == "'-cmd|x"
    assert safe_cell("-3 percent") == "-3 percent"
    assert safe_cell(None) == "" and safe_cell(0.5) == "0.5"


def test_exports_claimreview_is_one_review_per_claim(store_path: Path, analyses: list[Analysis]) -> None:
    reviews = json.loads(_export(store_path, "claimreview"))
    assert len(reviews) == sum(len(a.claims) for a in analyses)
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["claimReviewed"] and r["itemReviewed"]["@type"] == "Claim"
    marten = next(r for r in reviews if "3,400 containers" in r["claimReviewed"])
    assert marten["itemReviewed"]["author"] == {"@type": "Person", "name": "Harbour director Ilse Marten"}
    assert marten["itemReviewed"]["appearance"]["url"] == "https://coastline.example/velmora-tolls"
    assert marten["datePublished"] == "2025-03-03"
    assert marten["reviewRating"]["alternateName"] == "reported as asserted"


def test_exports_graphml_links_documents_claims_sources_entities_clusters(
    store_path: Path, analyses: list[Analysis], link_result: LinkResult
) -> None:
    root = ET.fromstring(_export(store_path, "graphml", link_result).encode())
    kinds = {k.get("id"): k.get("attr.name") for k in root.iter(f"{NS}key")}
    nodes = {}
    for n in root.iter(f"{NS}node"):
        data = {kinds[d.get("key")]: d.text for d in n.iter(f"{NS}data")}
        nodes[n.get("id")] = data
    by_kind: dict[str, int] = {}
    for data in nodes.values():
        by_kind[data["kind"]] = by_kind.get(data["kind"], 0) + 1
    assert by_kind["document"] == 3 and by_kind["claim"] == sum(len(a.claims) for a in analyses)
    assert by_kind["cluster"] == 1 and by_kind["source"] >= 8 and by_kind["entity"] >= 3
    relations = {}
    for e in root.iter(f"{NS}edge"):
        assert e.get("source") in nodes and e.get("target") in nodes
        rel = next(d.text for d in e.iter(f"{NS}data"))
        relations[rel] = relations.get(rel, 0) + 1
    assert relations["contains"] == relations["holds"] == by_kind["claim"]
    assert relations["in_cluster"] == 2 and relations["mentions"] >= 1


def test_exports_graphml_escapes_payloads_and_control_characters(tmp_path: Path, hostile: Analysis) -> None:
    from dataclasses import replace

    doc = replace(hostile.document, title="bell\x07 & <b>bold</b> \x00end")
    path = tmp_path / "h.db"
    with Store.open(path) as store:
        store.add(replace(hostile, document=doc))
    text = _export(path, "graphml")
    root = ET.fromstring(text.encode())  # parses: well-formed and escaped
    labels = [d.text for d in root.iter(f"{NS}data")]
    assert "bell\ufffd & <b>bold</b> \ufffdend" in labels
    assert any(label and "<script>" in label for label in labels)  # kept as text, not markup
    assert "<script>" not in text


def test_exports_unknown_format_is_a_coded_error(store_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="E013"):
        _export(store_path, "xlsx")


def test_exports_api_serves_every_format(client: TestClient) -> None:
    for fmt, media in (
        ("jsonl", "application/x-ndjson"),
        ("csv", "text/csv"),
        ("claimreview", "application/ld+json"),
        ("graphml", "application/graphml+xml"),
    ):
        r = client.get(f"/api/export/{fmt}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), fmt
        assert "attachment" in r.headers["content-disposition"]
    bad = client.get("/api/export/xlsx")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E070"

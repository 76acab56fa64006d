"""The HTML pages show the stored analyses: article with highlighted claims, search, source, entity, cluster."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from claimgraph.model import Analysis


def _text_only(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_pages_overview_lists_every_article(client: TestClient, analyses: list[Analysis]) -> None:
    r = client.get("/")
    assert r.status_code == 200
    for a in analyses:
        assert f'href="/doc/{a.document.id}"' in r.text
        assert a.document.title and a.document.title in r.text


def test_pages_article_highlights_each_claim_with_its_modality(client: TestClient, analyses: list[Analysis]) -> None:
    a = analyses[0]
    r = client.get(f"/doc/{a.document.id}")
    assert r.status_code == 200
    body = r.text.split('id="article-text"', 1)[1].split("</article>", 1)[0]
    # The whole text is there, unchanged, once the markup is stripped.
    assert _text_only(body.split(">", 1)[1]) == a.document.text
    for c in a.claims:
        assert re.search(rf'class="seg mod-{c.modality}[^"]*" data-claim="{c.id}"', body), c
    assert "mark-figure" in body and "mark-time" in body and "mark-source" in body


def test_pages_article_side_panel_groups_claims_by_source(client: TestClient, analyses: list[Analysis]) -> None:
    a = analyses[0]
    html = client.get(f"/doc/{a.document.id}").text
    side = html.split('class="side"', 1)[1]
    for c in a.claims:
        if c.source.kind != "author":
            assert unescape(c.source.display) in unescape(side)
        assert f'data-claim="{c.id}"' in side


def test_pages_claim_detail_shows_cue_source_and_certainty(client: TestClient, analyses: list[Analysis]) -> None:
    a = analyses[0]
    claim = next(c for c in a.claims if c.cue is not None and c.certainty is not None)
    frag = client.get(f"/doc/{a.document.id}/claim/{claim.id}", headers={"HX-Request": "true"})
    assert frag.status_code == 200
    assert "<html" not in frag.text  # a fragment for htmx to swap in
    text = _text_only(frag.text)
    assert claim.cue is not None and claim.cue.text in text
    assert claim.source.kind in text
    assert f"{claim.certainty:.2f}" in text
    # what the source is reported to have said, as the article words it
    assert claim.content
    for f in claim.content:
        assert a.document.text[f.start : f.end] in text
    # Without htmx the same URL leads to the article with the claim open.
    full = client.get(f"/doc/{a.document.id}/claim/{claim.id}")
    assert full.status_code == 200 and 'class="claim-card"' in full.text


def test_pages_search_filters_by_modality_and_text(client: TestClient, analyses: list[Analysis]) -> None:
    every = [c for a in analyses for c in a.claims]
    modality = next(c.modality for c in every if c.modality != "asserted")
    html = client.get("/search", params={"modality": modality}).text
    rows = html.count('<tr class="result">')
    assert rows == sum(c.modality == modality for c in every)
    assert client.get("/search", params={"q": "ferry"}).text.count('<tr class="result">') >= 1
    assert "No claims match" in client.get("/search", params={"q": "ferry", "since": "2025-06-01"}).text


def test_pages_search_htmx_returns_results_fragment(client: TestClient) -> None:
    r = client.get("/search", params={"source": "Marten"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text and '<tr class="result">' in r.text


def test_pages_search_bad_number_is_reported_inline(client: TestClient) -> None:
    r = client.get("/search", params={"min": "lots"})
    assert r.status_code == 200
    assert "[E070]" in r.text and 'role="alert"' in r.text


def test_pages_source_page_shows_modality_profile(client: TestClient, analyses: list[Analysis]) -> None:
    claims = [c for a in analyses for c in a.claims if c.source.display == "Ilse Marten"]
    assert claims, "the extractor should attribute a claim to Ilse Marten"
    r = client.get("/source", params={"name": "Ilse Marten"})
    assert r.status_code == 200
    assert r.text.count("/doc/") >= len(claims)
    assert 'aria-label="modality profile"' in r.text
    assert client.get("/source", params={"name": "Nobody Atall"}).status_code == 404


def test_pages_entity_page_shows_aliases_claims_and_timeline(client: TestClient) -> None:
    r = client.get("/entity", params={"name": "Ilse Marten"})
    assert r.status_code == 200
    assert 'class="chart timeline"' in r.text and "<circle" in r.text
    assert "<mark>" in r.text  # mention in context
    assert client.get("/entity", params={"name": "Nobody Atall"}).status_code == 404


def test_pages_clusters_say_not_linked_without_link_results(client: TestClient) -> None:
    assert "Not linked yet" in client.get("/clusters").text
    assert client.get("/cluster/k1").status_code == 404


def test_pages_cluster_page_shows_sources_figures_and_conflicts(linked_client: TestClient) -> None:
    r = linked_client.get("/cluster/k1")
    assert r.status_code == 200
    assert 'id="independent-count">2<' in r.text
    assert 'class="chart figures"' in r.text and r.text.count('class="dot conflict"') == 2
    assert "40 million vs 55 million" in r.text
    assert "1 conflict" in linked_client.get("/clusters").text


def test_pages_analyse_paste_adds_and_shows_the_article(scratch_client: TestClient) -> None:
    client = scratch_client
    text = "The mayor of Ostberg said on Sunday that the bridge would reopen in May."
    r = client.post("/analyse", data={"text": text, "title": "Ostberg bridge", "published": "2025-04-06"})
    assert r.status_code == 200 and "Ostberg bridge" in r.text
    assert 'data-claim="' in r.text
    empty = client.post("/analyse", data={"text": "  "})
    assert empty.status_code == 422 and "[E011]" in empty.text


def test_pages_article_lists_attributions_that_hold_no_claim(scratch_client: TestClient) -> None:
    text = "The dockers' union in Velden has questioned the safety of the new cranes."
    r = scratch_client.post("/analyse", data={"text": text, "title": "Velden cranes"})
    assert r.status_code == 200
    panel = r.text.split('id="reported-acts"', 1)[1].split("</section>", 1)[0]
    assert "The dockers&#39; union in Velden" in panel and "has questioned" in panel
    assert "the safety of the new cranes" in panel


def test_pages_analyse_upload_reads_the_file(scratch_client: TestClient) -> None:
    client = scratch_client
    body = b"Officials in Karsk said the reservoir was 40 percent full on Monday."
    files = {"file": ("../../etc/passwd.txt", body, "text/plain")}
    r = client.post("/analyse", data={"published": "2025-04-07"}, files=files)
    assert r.status_code == 200 and "reservoir" in r.text
    assert len(client.get("/api/documents").json()["items"]) == 1


def test_pages_analyse_upload_reads_a_markdown_file_without_its_markup(scratch_client: TestClient) -> None:
    body = (
        b"# Karsk reservoir low\n\n"
        b"Officials in **Karsk** said the [reservoir](https://karsk.example) was 40 percent full."
    )
    r = scratch_client.post(
        "/analyse", data={"published": "2025-04-07"}, files={"file": ("story.md", body, "text/markdown")}
    )
    assert r.status_code == 200 and "reservoir" in r.text
    items = scratch_client.get("/api/documents").json()["items"]
    doc_id = next(i["doc_id"] for i in items if i["title"] == "Karsk reservoir low")
    document = scratch_client.get(f"/api/documents/{doc_id}").json()["document"]
    assert document["title"] == "Karsk reservoir low"
    assert "**" not in document["text"] and "karsk.example" not in document["text"]


def test_pages_unknown_document_is_a_coded_error_page(client: TestClient) -> None:
    r = client.get("/doc/abcdef0123")
    assert r.status_code == 404 and "E040" in r.text and "<html" in r.text


def test_pages_cache_is_dropped_when_the_store_changes(scratch_client: TestClient) -> None:
    before = scratch_client.get("/")
    assert "The store is empty" in before.text
    assert scratch_client.get("/").text == before.text  # served again from the page cache
    text = "The harbour master of Quillon said the pier would close on Monday."
    r = scratch_client.post("/analyse", data={"text": text, "title": "Quillon pier", "published": "2025-04-08"})
    assert r.status_code == 200
    after = scratch_client.get("/")
    assert "Quillon pier" in after.text and "The store is empty" not in after.text

"""Untrusted article text never becomes markup or script: every page escapes the XSS payload corpus, the CSP
forbids inline script, a token guards non-loopback use, uploads are capped and no request reaches a file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.errors import ConfigError
from claimgraph.model import Analysis
from claimgraph.serve.web import create_app
from claimgraph.serve.web.app import safe_url
from claimgraph.serve.web.security import CSP, check_bind, is_loopback

# Elements our templates may emit; a payload that became markup shows up as anything else.
OUR_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "header", "nav", "a", "main", "footer", "section",
    "form", "label", "input", "button", "dl", "div", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "p",
    "span", "ul", "li", "h1", "h2", "h3", "article", "aside", "ol", "q", "meter", "svg", "rect", "line", "text",
    "circle", "polyline", "time", "select", "option", "textarea", "mark", "code",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str, where: str) -> None:
    """No element, attribute, script or URL scheme in ``html`` comes from a payload."""
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in OUR_TAGS, f"{where}: payload became a <{tag}> element"
        names = {k for k, _ in attrs}
        assert not any(n.startswith("on") for n in names), f"{where}: event handler on <{tag}>: {attrs}"
        assert not names & {"autofocus", "srcdoc", "style"}, f"{where}: {attrs}"
        if tag == "script":
            assert dict(attrs).get("src", "").startswith("/static/"), f"{where}: inline or foreign script"
        for name, value in attrs:
            if name in {"href", "src", "action", "hx-get"} and value:
                assert not value.strip().lower().startswith(("javascript:", "data:")), f"{where}: {name}={value}"


def _pages(client: TestClient, payloads: tuple[str, ...]) -> list[str]:
    docs = client.get("/api/documents").json()["items"]
    urls = ["/", "/search", "/sources", "/entities", "/clusters", "/analyse"]
    for d in docs:
        urls.append(f"/doc/{d['doc_id']}")
        analysis = client.get(f"/api/documents/{d['doc_id']}").json()
        for c in analysis["claims"]:
            urls.append(f"/doc/{d['doc_id']}?claim={c['id']}")
    for s in client.get("/api/sources").json()["items"]:
        urls.append("/source?" + _q("name", s["source"]))
        urls.append("/search?" + _q("source", s["source"]))
    for e in client.get("/api/entities").json()["items"]:
        urls.append("/entity?" + _q("name", e["name"]))
    for p in payloads:
        urls.append("/search?" + _q("q", p))
        urls.append("/entity?" + _q("name", p))
    return urls


def _q(key: str, value: str) -> str:
    from urllib.parse import urlencode

    return urlencode({key: value})


def test_security_every_page_escapes_the_payload_corpus(hostile_client: TestClient, payloads: tuple[str, ...]) -> None:
    urls = _pages(hostile_client, payloads)
    assert len(urls) > 40
    seen_payload = 0
    for url in urls:
        r = hostile_client.get(url)
        assert r.status_code in (200, 404), url
        assert_inert(r.text, url)
        seen_payload += "&lt;script&gt;" in r.text
    assert seen_payload > 5, "the payloads should be shown, escaped, on the pages"


def test_security_claim_fragments_escape_payloads(hostile_client: TestClient, hostile: Analysis) -> None:
    analysis = hostile
    for c in analysis.claims:
        r = hostile_client.get(f"/doc/{analysis.document.id}/claim/{c.id}", headers={"HX-Request": "true"})
        assert r.status_code == 200
        assert_inert(r.text, c.id)
        assert "Agent &lt;" in r.text or "Agent &#34;" in r.text or "Agent &#39;" in r.text or "Agent {{" in r.text


def test_security_javascript_url_is_not_a_link(hostile_client: TestClient, hostile: Analysis) -> None:
    analysis = hostile
    html = hostile_client.get(f"/doc/{analysis.document.id}").text
    assert "javascript:alert(11)" in html  # shown as text
    assert "{{ 7*7 }}" in html  # data is never evaluated as a template
    assert 'href="javascript' not in html.lower()
    assert safe_url("javascript:alert(1)") is None and safe_url(" JAVASCRIPT:x") is None
    assert safe_url("https://news.example/a?b=1") == "https://news.example/a?b=1"


def test_security_analyse_form_echo_is_escaped(scratch_client: TestClient, payloads: tuple[str, ...]) -> None:
    payload = payloads[5]  # closes the textarea if unescaped
    r = scratch_client.post("/analyse", data={"text": " ", "title": payloads[0], "url": payloads[8]})
    assert r.status_code == 422
    assert_inert(r.text, "analyse form")
    r = scratch_client.post("/analyse", data={"text": payload + " Officials said the well ran dry.", "title": "t"})
    assert r.status_code == 200
    assert_inert(r.text, "analysed payload")


def test_security_headers_forbid_inline_script(client: TestClient) -> None:
    for url in ("/", "/api/sources", "/static/workbench.css", "/no-such-page"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    html = client.get("/").text
    assert "<script>" not in html and "style=" not in html


def test_security_static_files_come_only_from_the_package(client: TestClient) -> None:
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/htmx.LICENSE").status_code == 200
    for path in (
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fpyproject.toml",
        "/static//etc/passwd",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "create_app" not in r.text and "root:" not in r.text


def test_security_document_ids_are_looked_up_not_opened(client: TestClient) -> None:
    for doc_id in ("..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd", "abc/def"):
        r = client.get(f"/api/documents/{doc_id}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "E040"


def test_security_token_required_on_every_request(store_path: Path, pipeline: Any) -> None:
    with TestClient(create_app(store_path, token="s3cret-token", pipeline=pipeline)) as c:
        for url in ("/", "/api/sources", "/static/workbench.css", "/api/openapi.json"):
            r = c.get(url)
            assert r.status_code == 401 and r.json()["error"]["code"] == "E071", url
        assert c.get("/api/sources", headers={"X-Claimgraph-Token": "wrong"}).status_code == 401
        assert c.get("/api/sources", headers={"X-Claimgraph-Token": "s3cret-token"}).status_code == 200
        assert c.get("/api/sources", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        # A browser brings the token once in the URL and then carries the cookie set in reply.
        first = c.get("/?token=s3cret-token")
        assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
        assert c.get("/sources").status_code == 200


def test_security_non_loopback_bind_needs_a_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    with pytest.raises(ConfigError, match="E003"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "tok")
    check_bind("127.0.0.1", None)


def test_security_upload_size_is_capped(scratch_client: TestClient) -> None:
    big = b"The council said the road was closed. " * 3000  # ~114 KiB, over the 64 KiB test limit
    r = scratch_client.post("/analyse", files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413
    api = scratch_client.post("/api/analyse", json={"text": big.decode()})
    assert api.status_code == 413 and api.json()["error"]["code"] == "E016"
    assert scratch_client.get("/api/documents").json()["items"] == []

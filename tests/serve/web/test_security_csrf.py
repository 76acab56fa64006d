"""CSRF: a state-changing request from another site is refused (E072), a browser's form or htmx request needs the
double-submit token, and API clients that send no browser headers need none (claimgraph/serve/web/csrf.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.serve.web import create_app
from claimgraph.serve.web.csrf import CSRF_COOKIE, CSRF_SECRET_ENV, csrf_token, origin_of, same_token
from claimgraph.serve.web.security import CSP

OURS = "http://testserver"
SAME = {"Origin": OURS}
TEXT = "Councillor Mira Dalen said on Tuesday that the Holm bridge would reopen in May after 6 weeks of repairs."


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, "the analyse form has no CSRF field"
    return found.group(1)


def refused(r: Any) -> bool:
    return (
        r.status_code == 403
        and r.headers["content-type"] == "application/json"
        and r.json()["error"]["code"] == "E072"
        and r.headers["content-security-policy"] == CSP
    )


@pytest.fixture
def browser(tmp_path: Path, pipeline: Any) -> Iterator[TestClient]:
    """A client that keeps cookies like a browser; requests add the ``Origin`` a browser would send."""
    with TestClient(create_app(tmp_path / "csrf.db", pipeline=pipeline)) as c:
        yield c


def test_security_csrf_same_origin_form_post_works(browser: TestClient) -> None:
    page = browser.get("/analyse")
    token = form_token(page.text)
    cookie = page.headers["set-cookie"]
    assert f"{CSRF_COOKIE}={token}" in cookie and "SameSite=Strict" in cookie and "HttpOnly" in cookie
    r = browser.post("/analyse", data={"text": TEXT, "title": "Holm bridge", "csrf_token": token}, headers=SAME)
    assert r.status_code == 200 and "Holm bridge" in r.text and r.url.path.startswith("/doc/")
    # The same with a file, where the token is one part of a multipart body.
    files = {"file": ("bridge.txt", TEXT.replace("May", "June").encode(), "text/plain")}
    r = browser.post("/analyse", data={"csrf_token": token}, files=files, headers=SAME)
    assert r.status_code == 200 and r.url.path.startswith("/doc/")


def test_security_csrf_browser_form_without_token_is_refused(browser: TestClient) -> None:
    token = form_token(browser.get("/analyse").text)
    wrong = token[:-1] + ("1" if token.endswith("0") else "0")
    for data in ({"text": TEXT}, {"text": TEXT, "csrf_token": wrong}, {"text": TEXT, "csrf_token": ""}):
        assert refused(browser.post("/analyse", data=data, headers=SAME)), data
    # Sec-Fetch-Site without Origin marks a browser too.
    assert refused(browser.post("/analyse", data={"text": TEXT}, headers={"Sec-Fetch-Site": "same-origin"}))
    browser.cookies.clear()  # the field without the cookie: the double submit needs both
    assert refused(browser.post("/analyse", data={"text": TEXT, "csrf_token": token}, headers=SAME))
    assert browser.get("/api/documents").json()["items"] == []


def test_security_csrf_cross_origin_post_is_refused(browser: TestClient) -> None:
    token = form_token(browser.get("/analyse").text)
    good = {"text": TEXT, "csrf_token": token}
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "http://testserver:8080"},
        {"Origin": "null"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
        {"Referer": "http://evil.example/page"},
        {"Origin": OURS, "Sec-Fetch-Site": "cross-site"},
    ):
        r = browser.post("/analyse", data=good, headers=headers)
        assert refused(r), headers
        assert "not from this server" in r.json()["error"]["message"] or "cross-site" in r.json()["error"]["message"]
        api = browser.post("/api/analyse", json={"text": TEXT}, headers={**headers, "X-CSRF-Token": token})
        assert refused(api), headers
    # The same token from our own origin (or referring page, or a page the browser vouches for) is accepted.
    vouched = {"Origin": "null", "Sec-Fetch-Site": "same-origin", "X-CSRF-Token": token}
    assert browser.post("/api/analyse", json={"text": TEXT}, headers=vouched).status_code == 200
    ok = browser.post(
        "/api/analyse", json={"text": TEXT}, headers={"Referer": OURS + "/analyse", "X-CSRF-Token": token}
    )
    assert ok.status_code == 200
    # Reading is not state-changing: cross-origin GETs are answered (the browser keeps the answer from the page).
    assert browser.get("/api/sources", headers={"Origin": "http://evil.example"}).status_code == 200
    assert browser.get("/api/documents").json()["items"] == []


def test_security_csrf_htmx_and_fetch_send_the_header(browser: TestClient) -> None:
    html = browser.get("/").text
    header = re.search(r"<body hx-headers='\{\"X-CSRF-Token\": \"([0-9a-f]+)\"\}'>", html)
    assert header, "htmx gets the token from hx-headers on <body>"
    token = header.group(1)
    assert token == form_token(browser.get("/analyse").text)
    assert refused(browser.post("/api/analyse", json={"text": TEXT}, headers=SAME))
    r = browser.post("/api/analyse", json={"text": TEXT}, headers={**SAME, "X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["analysis"]["claims"]


def test_security_csrf_api_clients_without_browser_headers_need_no_token(scratch_client: TestClient) -> None:
    r = scratch_client.post("/api/analyse", json={"text": TEXT, "store": True})
    assert r.status_code == 200 and r.json()["stored"]
    assert "set-cookie" not in r.headers  # JSON answers set no cookie, so a script's cookie jar stays empty
    r = scratch_client.post("/analyse", data={"text": TEXT.replace("Holm", "Sarn")})
    assert r.status_code == 200


def test_security_csrf_with_an_access_token(store_path: Path, pipeline: Any) -> None:
    with TestClient(create_app(store_path, token="tok-123", pipeline=pipeline)) as c:
        # A script authenticating with the header: no CSRF token, even with an Origin of its own.
        r = c.post("/api/analyse", json={"text": TEXT}, headers={"Authorization": "Bearer tok-123"})
        assert r.status_code == 200
        r = c.post("/api/analyse", json={"text": TEXT}, headers={"X-Claimgraph-Token": "tok-123", "Origin": OURS})
        assert r.status_code == 200
        assert c.post("/api/analyse", json={"text": TEXT}).status_code == 401  # the token check comes first
        # A browser: the token cookie is an ambient credential, so its POST needs the CSRF token even without Origin.
        page = c.get("/analyse?token=tok-123")
        token = form_token(page.text)
        assert token == csrf_token(access_token="tok-123") != csrf_token(access_token="other")
        assert refused(c.post("/api/analyse", json={"text": TEXT}))
        r = c.post("/api/analyse", json={"text": TEXT}, headers={"X-CSRF-Token": token})
        assert r.status_code == 200


def test_security_csrf_token_is_shared_by_worker_processes(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline: Any
) -> None:
    monkeypatch.setenv(CSRF_SECRET_ENV, "one-secret-for-all-workers")
    tokens = set()
    for _ in range(2):
        with TestClient(create_app(store_path, pipeline=pipeline)) as c:
            tokens.add(form_token(c.get("/analyse").text))
    assert len(tokens) == 1
    monkeypatch.delenv(CSRF_SECRET_ENV)
    assert csrf_token() not in tokens and csrf_token(secret="x") != csrf_token(secret="y")


def test_security_csrf_origin_comparison() -> None:
    assert origin_of("http://Example.ORG:80/a") == "example.org"
    assert origin_of("https://example.org:443") == "example.org"
    assert origin_of("https://example.org:8443/") == "example.org:8443"
    assert origin_of("http://[::1]:8000") == "[::1]:8000"
    assert origin_of("null") is None and origin_of("http://") is None and origin_of("http://x:99999") is None
    assert same_token("abc", "abc") and not same_token("abd", "abc") and not same_token(None, "abc")
    assert not same_token("", "")

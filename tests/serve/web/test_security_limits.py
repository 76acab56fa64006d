"""Request size limits (body, upload, chunked body, header and URL length on the real server) and the access
token on every route the app has (pages, API, static files, OpenAPI), compared in constant time."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from claimgraph.link.records import LinkResult
from claimgraph.model import Analysis
from claimgraph.serve.web import create_app
from claimgraph.serve.web import security as security_module
from claimgraph.serve.web.app import STATIC_DIR
from claimgraph.serve.web.security import CSP

LIMIT = 8 * 1024
TOKEN = "t0k-7f3a-secret"
SENTENCE = "The harbour office said the Tarn ferry would run twice a day from June. "


def too_large(r: Any) -> bool:
    return r.status_code == 413 and r.json()["error"]["code"] == "E016" and r.headers["content-security-policy"] == CSP


@pytest.fixture
def small(tmp_path: Path, pipeline: Any) -> Iterator[TestClient]:
    """A workbench with an 8 KiB request limit."""
    with TestClient(create_app(tmp_path / "small.db", pipeline=pipeline, max_upload=LIMIT)) as c:
        yield c


def chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
    """The body as a generator: httpx sends it chunked, without Content-Length."""
    for i in range(0, len(data), size):
        yield data[i : i + size]


def test_security_limits_body_with_content_length(small: TestClient) -> None:
    big = SENTENCE * (LIMIT // len(SENTENCE) + 5)
    assert too_large(small.post("/api/analyse", json={"text": big}))
    assert too_large(small.post("/analyse", data={"text": big}))
    fits = small.post("/api/analyse", json={"text": SENTENCE * 20})
    assert fits.status_code == 200
    for bad in ("-1", "12x", "99999999999999999999"):
        r = small.post(
            "/api/analyse", content=b"{}", headers={"Content-Length": bad, "Content-Type": "application/json"}
        )
        assert r.status_code in (400, 413), bad


def test_security_limits_uploaded_file(small: TestClient) -> None:
    big = (SENTENCE * (LIMIT // len(SENTENCE) + 5)).encode()
    r = small.post("/analyse", files={"file": ("big.txt", big, "text/plain")})
    assert too_large(r)
    r = small.post("/analyse", files={"file": ("ok.txt", (SENTENCE * 10).encode(), "text/plain")})
    assert r.status_code == 200 and r.url.path.startswith("/doc/")


def test_security_limits_chunked_body_without_content_length(small: TestClient) -> None:
    big = ('{"text": "' + SENTENCE * (LIMIT // len(SENTENCE) + 5) + '"}').encode()
    r = small.post("/api/analyse", content=chunks(big), headers={"Content-Type": "application/json"})
    assert "content-length" not in r.request.headers and r.request.headers["transfer-encoding"] == "chunked"
    assert too_large(r)
    form = ("text=" + SENTENCE.replace(" ", "+") * 200).encode()
    r = small.post("/analyse", content=chunks(form), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert too_large(r)
    fits = ('{"text": "' + SENTENCE * 10 + '"}').encode()
    r = small.post("/api/analyse", content=chunks(fits), headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["analysis"]["claims"]
    assert small.get("/api/documents").json()["items"] == []


def _raw(base: str, request: bytes) -> bytes:
    """Send bytes to the live server and read its answer's first line."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        # The server may answer and close before reading everything: its answer is still there.
        with contextlib.suppress(OSError):
            s.sendall(request)
        return s.recv(65536).split(b"\r\n", 1)[0]


def test_security_limits_on_the_real_server(live_server: str) -> None:
    """A request head too large is refused by h11 (400/431) or by the middleware (413, whichever sees it
    whole first); a chunked body over the cap is refused on the wire."""
    host = urlsplit(live_server).netloc.encode()
    long_url = b"/search?q=" + b"a" * 70_000
    status = _raw(live_server, b"GET " + long_url + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
    assert status.split()[1] in (b"400", b"413", b"414", b"431"), status
    header = b"X-Filler: " + b"b" * 70_000 + b"\r\n"
    status = _raw(live_server, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n" + header + b"\r\n")
    assert status.split()[1] in (b"400", b"413", b"431"), status
    # A head that fits the server's read buffer passes h11 but not the middleware's own caps.
    many = b"".join(b"X-H%d: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\r\n" % i for i in range(1200))
    status = _raw(live_server, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n" + many + b"\r\n")
    assert status.split()[1] == b"413", status
    status = _raw(live_server, b"GET /search?q=" + b"c" * 9000 + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
    assert status.split()[1] == b"413", status
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(33)) + b"0\r\n\r\n"  # > 2 MiB
    head = b"POST /api/analyse HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/json\r\n"
    status = _raw(live_server, head + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body)
    assert status.split()[1] == b"413", status
    # The server is still up and answers normally.
    assert _raw(live_server, b"GET /api/sources HTTP/1.1\r\nHost: " + host + b"\r\n\r\n").split()[1] == b"200"


def _route_urls(app: Any, a: Analysis) -> list[tuple[str, str]]:
    """(method, URL) for every route and static file of the app; a new route needs a sample value here."""
    samples = {
        "doc_id": a.document.id,
        "claim_id": a.claims[0].id,
        "cluster_id": "k1",
        "fmt": "csv",
    }
    query = {"/source": "?name=Ilse+Marten", "/entity": "?name=Ilse+Marten"}
    out: list[tuple[str, str]] = []
    flat = [r for top in app.routes for r in getattr(getattr(top, "original_router", None), "routes", [top])]
    for route in flat:
        if isinstance(route, Mount):
            assert route.path == "/static", f"a new mount {route.path}: add it to this test"
            out += [("GET", f"/static/{p.name}") for p in sorted(STATIC_DIR.iterdir()) if p.is_file()]
            continue
        path = route.path
        for name in getattr(route, "param_convertors", {}):
            assert name in samples, f"route {path} has a parameter {name}: add a sample value to this test"
            path = path.replace("{" + name + "}", samples[name])
        for method in sorted(route.methods or {"GET"}):
            if method != "HEAD":
                out.append((method, path + query.get(path, "")))
    assert sum(isinstance(r, APIRoute) for r in flat) >= 20
    return out


def test_security_token_on_every_route(
    store_path: Path,
    tmp_path: Path,
    pipeline: Any,
    analyses: list[Analysis],
    link_result: LinkResult,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = security_module.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security_module.hmac, "compare_digest", spy)
    db = tmp_path / "copy.db"  # the analyse form writes to it
    with sqlite3.connect(store_path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    app = create_app(db, token=TOKEN, pipeline=pipeline, link_result=link_result)
    routes = _route_urls(app, analyses[0])
    assert ("GET", "/api/openapi.json") in routes and ("POST", "/analyse") in routes
    with TestClient(app) as c:
        for method, url in routes:
            for headers in ({}, {"X-Claimgraph-Token": TOKEN[:-1]}, {"Authorization": "Bearer " + TOKEN + "x"}):
                r = c.request(method, url, headers=headers)
                assert r.status_code == 401 and r.json()["error"]["code"] == "E071", (method, url, headers)
                assert (
                    r.headers["www-authenticate"].startswith("Bearer") and r.headers["content-security-policy"] == CSP
                )
        assert c.get("/no-such-page").status_code == 401  # nothing, not even a 404, without the token
        compared.clear()
        for method, url in routes:
            body: dict[str, Any] = {}
            if method == "POST":
                body = {"json" if url.startswith("/api") else "data": {"text": SENTENCE * 3}}
            r = c.request(method, url, headers={"X-Claimgraph-Token": TOKEN}, follow_redirects=False, **body)
            assert r.status_code in (200, 303), (method, url, r.status_code)
        assert len(compared) >= len(routes)
        # Digests of equal length are compared, so a wrong token's length does not show in the timing.
        assert {(len(a), len(b)) for a, b in compared} == {(32, 32)}
        assert c.get("/api/sources", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/sources").status_code == 401
        assert c.get("/api/sources", params={"token": TOKEN}).status_code == 200
        assert c.get("/api/sources").status_code == 200  # the cookie set in reply to ?token=

"""Cross-site request forgery protection for every state-changing request (POST, PUT, PATCH, DELETE).

The rule, after the OWASP CSRF cheat sheet:

1. **Origin check.** An unsafe request whose ``Origin`` (or, when there is none, ``Referer``) names another
   origin than the server's own ``Host`` is refused, and so is ``Origin: null`` and
   ``Sec-Fetch-Site: cross-site``. Every current browser sends ``Origin`` on a POST, so a page on another site
   cannot post to the workbench, whether it is bound to loopback or not. (``Origin: null`` passes only with
   ``Sec-Fetch-Site: same-origin``, which pages cannot set: a browser sends it for a page with a no-referrer
   policy.)
2. **Double-submit token** for requests a browser sends: those with an ``Origin``, ``Referer`` or
   ``Sec-Fetch-Site`` header, or authenticated by the token *cookie* (the one credential a browser attaches by
   itself). They must carry the workbench's CSRF token twice: in the ``claimgraph_csrf`` cookie
   (``SameSite=Strict``, ``HttpOnly``, set on every page) and in an ``X-CSRF-Token`` header (htmx sends it
   from ``hx-headers`` on ``<body>``) or a ``csrf_token`` form field (the hidden input of the analyse form).
3. **API clients** (curl, scripts) send none of those browser headers and hold no cookie, so there is nothing
   to forge: they need no CSRF token. A request that authenticates with the ``X-Claimgraph-Token`` or
   ``Authorization`` header is exempt from rule 2 too, as a page on another site cannot set such a header
   without a CORS preflight, which the workbench never grants.

The token is the same for every client of one server (an HMAC of the server's secret), so the page cache can
keep pages that embed it. The secret is, in order: the ``csrf_secret`` given to ``create_app``, the
``CLAIMGRAPH_CSRF_SECRET`` environment variable (shared by ``--workers`` processes), a key derived from the
access token, or a random key for this process.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from urllib.parse import urlsplit

from claimgraph.errors import ClaimgraphError, CrossSiteRequestError
from claimgraph.serve.web.security import (
    TOKEN_COOKIE,
    TOKEN_HEADER,
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    header_map,
    read_body,
    replay,
    send_error,
)

CSRF_SECRET_ENV = "CLAIMGRAPH_CSRF_SECRET"
CSRF_COOKIE = "claimgraph_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BROWSER_HEADERS = ("origin", "referer", "sec-fetch-site")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
_PROCESS_SECRET = secrets.token_bytes(32)


def csrf_token(*, secret: str | None = None, access_token: str | None = None) -> str:
    """The CSRF token of this server (see the module docstring for where its secret comes from)."""
    key: bytes
    if secret or os.environ.get(CSRF_SECRET_ENV):
        key = (secret or os.environ[CSRF_SECRET_ENV]).encode()
    elif access_token:
        # One-way: the CSRF token, which pages show, does not reveal the access token.
        key = hmac.new(access_token.encode(), b"claimgraph csrf key", hashlib.sha256).digest()
    else:
        key = _PROCESS_SECRET
    return hmac.new(key, b"claimgraph csrf token v1", hashlib.sha256).hexdigest()[:40]


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time equality (digests first, so that not even the length of ``expected`` leaks)."""
    if not given:
        return False
    a = hashlib.sha256(given.encode("utf-8", "replace")).digest()
    return hmac.compare_digest(a, hashlib.sha256(expected.encode()).digest())


def origin_of(url: str) -> str | None:
    """``host[:port]`` of a URL, lower case, default port dropped; None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    host = f"[{host}]" if ":" in host else host
    return host if port is None or str(port) == DEFAULT_PORTS.get(parts.scheme.lower()) else f"{host}:{port}"


def own_origin(scope: Scope, headers: dict[str, str]) -> str | None:
    """The server's ``host[:port]`` as the client addressed it (``Host``), in :func:`origin_of`'s form."""
    scheme = str(scope.get("scheme", "http"))
    host = headers.get("host")
    if not host:
        server = scope.get("server")
        if not server:
            return None
        host = f"{server[0]}:{server[1]}" if server[1] is not None else str(server[0])
    return origin_of(f"{scheme}://{host}")


def cookie_value(headers: dict[str, str], name: str) -> str | None:
    """The value of cookie ``name`` in the request, if sent."""
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def cross_site_reason(scope: Scope, headers: dict[str, str]) -> str | None:
    """Why an unsafe request comes from another site (rule 1), or None when it does not."""
    fetch_site = headers.get("sec-fetch-site", "").lower()
    if fetch_site == "cross-site":
        return "the browser marked it as cross-site"
    claimed = headers.get("origin") or headers.get("referer")
    if claimed is None or not claimed.strip():
        return None
    if claimed.strip().lower() == "null" and fetch_site == "same-origin":
        # A page of ours under a no-referrer policy: the browser (not the page) vouches for the origin.
        return None
    ours = own_origin(scope, headers)
    theirs = None if claimed.strip().lower() == "null" else origin_of(claimed)
    if theirs is None or ours is None or theirs != ours:
        return f"it comes from {claimed.strip()[:100]!r}, not from this server"
    return None


def needs_token(headers: dict[str, str]) -> bool:
    """Rule 2: the request was sent by a browser (or rides on the token cookie) and no custom auth header."""
    if TOKEN_HEADER in headers or headers.get("authorization", "").lower().startswith("bearer "):
        return False
    return any(h in headers for h in BROWSER_HEADERS) or cookie_value(headers, TOKEN_COOKIE) is not None


class CsrfMiddleware:
    """ASGI middleware enforcing the module's rule on unsafe methods and setting the CSRF cookie on pages.

    It runs inside :class:`~claimgraph.serve.web.security.SecurityMiddleware`, which caps the body it may read
    and adds the security headers to its answers.
    """

    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = header_map(scope)
        if scope["method"] in UNSAFE_METHODS:
            try:
                receive = await self._check(scope, headers, receive)
            except ClaimgraphError as exc:
                await send_error(send, exc, secure_headers=False)
                return
        has_cookie = same_token(cookie_value(headers, CSRF_COOKIE), self.token)
        cookie = f"{CSRF_COOKIE}={self.token}; Path=/; SameSite=Strict; HttpOnly"
        if scope.get("scheme") == "https":
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and not has_cookie:
                raw = list(message.get("headers", []))
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in raw):
                    raw.append((b"set-cookie", cookie.encode()))
                    message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _check(self, scope: Scope, headers: dict[str, str], receive: Receive) -> Receive:
        """Refuse (E072) a forged request; the ``receive`` to go on with (the body is re-played if read)."""
        reason = cross_site_reason(scope, headers)
        if reason is not None:
            raise CrossSiteRequestError(f"refused a {scope['method']} request: {reason}.")
        if not needs_token(headers):
            return receive
        given = headers.get(CSRF_HEADER)
        if given is None and headers.get("content-type", "").lower().startswith(FORM_TYPES):
            body = await read_body(receive)
            receive = replay(body, receive)
            given = await _form_field(scope, body)
        if not same_token(given, self.token) or not same_token(cookie_value(headers, CSRF_COOKIE), self.token):
            raise CrossSiteRequestError(
                "the CSRF token is missing or out of date (the server may have restarted): reload the page and "
                "submit again. API clients: send no Origin or Cookie header, or authenticate with a header."
            )
        return receive


async def _form_field(scope: Scope, body: bytes) -> str | None:
    """The ``csrf_token`` field of a form body (None when the body is not a readable form)."""
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    async def once() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    # A copy of the scope: the route parses the same body again, from the replayed stream.
    request = Request(dict(scope), once)
    try:
        async with request.form(max_files=10, max_fields=100) as form:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
    except (HTTPException, ValueError):
        return None

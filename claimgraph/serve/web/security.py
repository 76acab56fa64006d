"""What keeps the workbench safe with untrusted article text and on a shared network.

* Every response carries a strict Content-Security-Policy: scripts and styles come only from our own
  static files, so even a payload that slipped past escaping could not run.
* Bound to a loopback address the server is open to this machine only; bound anywhere else it refuses
  to start without a token and then asks for it on every request (header, cookie or ``?token=``).
* Request bodies are capped before they are read (``Content-Length``) and while they are read (uploads); a
  chunked body (no ``Content-Length``) is read here, up to the cap, before the app sees it, so that going
  over the cap is a coded 413 and not a body-parsing error. The request head is capped too: uvicorn's h11
  parser refuses a head that does not arrive whole within its buffer, and this middleware refuses (413)
  more than ``MAX_HEADER_BYTES`` of headers or ``MAX_TARGET_BYTES`` of path and query, however they arrive.

Cross-site request forgery is refused by :mod:`claimgraph.serve.web.csrf`, inside this middleware.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from claimgraph.errors import ClaimgraphError, ConfigError, InputTooLargeError, UnauthorizedError

TOKEN_ENV = "CLAIMGRAPH_TOKEN"
TOKEN_HEADER = "x-claimgraph-token"
TOKEN_COOKIE = "claimgraph_token"
DEFAULT_MAX_UPLOAD = 2 * 1024 * 1024
# Far above what a browser sends (a few KiB) and what any route reads (queries are capped at a few hundred bytes).
MAX_HEADER_BYTES = 32 * 1024
MAX_TARGET_BYTES = 8 * 1024

# No inline script or style anywhere: htmx is a static file and its indicator <style> is switched off.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Not "no-referrer": with it a browser sends "Origin: null" on our own form posts, which the CSRF check
    # cannot tell from a sandboxed page's; other sites (an article's original URL) still get no referrer.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host.strip().lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse (E003) to serve beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to listen on {host} without a token: anyone on the network could read the store. "
            f"Pass --token or set {TOKEN_ENV}, or bind 127.0.0.1."
        )


def error_body(exc: ClaimgraphError) -> bytes:
    """The JSON error document every API error uses: ``{"error": {"code", "message", "status"}}``."""
    return json.dumps({"error": {"code": exc.code, "message": exc.message, "status": exc.http_status}}).encode()


class SecurityMiddleware:
    """ASGI middleware: security headers, the token check and the request-size cap.

    Pure ASGI (not ``BaseHTTPMiddleware``) so it adds no task or body copy to each request.
    """

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head_size = sum(len(k) + len(v) + 4 for k, v in scope.get("headers", []))
        target_size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if head_size > MAX_HEADER_BYTES or target_size > MAX_TARGET_BYTES:
            await send_error(
                send,
                InputTooLargeError(
                    f"the request headers (over {MAX_HEADER_BYTES // 1024} KiB) or URL (over "
                    f"{MAX_TARGET_BYTES // 1024} KiB) are too large."
                ),
            )
            return
        headers = header_map(scope)
        set_cookie = False
        if self.token:
            given, from_query = _presented_token(scope, headers)
            if not token_matches(given, self.token):
                await send_error(
                    send, UnauthorizedError("this server needs a token: send the X-Claimgraph-Token header.")
                )
                return
            set_cookie = from_query
        too_large = InputTooLargeError(f"the request body is larger than the {self.max_body // 1024} KiB limit.")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await send_error(send, too_large)
            return
        receive = _capped(receive, self.max_body)
        if length is None and "chunked" in headers.get("transfer-encoding", "").lower():
            try:
                receive = replay(await read_body(receive), receive)
            except InputTooLargeError:
                await send_error(send, too_large)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.extend(SECURITY_HEADERS)
                if set_cookie and self.token:
                    cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                    if scope.get("scheme") == "https":
                        cookie += "; Secure"
                    raw.append((b"set-cookie", cookie.encode()))
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time check of a presented token: digests are compared, so not even the length leaks."""
    if given is None:
        return False
    digest = hashlib.sha256(given.encode("utf-8", "replace")).digest()
    return hmac.compare_digest(digest, hashlib.sha256(token.encode()).digest())


def header_map(scope: Scope) -> dict[str, str]:
    """The request headers by lower-case name (the last one wins when a name repeats)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def read_body(receive: Receive) -> bytes:
    """The whole request body (``receive`` is expected to enforce the size cap)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then the client's own messages (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _presented_token(scope: Scope, headers: dict[str, str]) -> tuple[str | None, bool]:
    if TOKEN_HEADER in headers:
        return headers[TOKEN_HEADER], False
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE:
            return value, False
    from urllib.parse import parse_qs

    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if "token" in query:
        # A browser arrives with ?token= once; the cookie set in reply carries it from then on.
        return query["token"][0], True
    return None, False


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise InputTooLargeError(f"the request body is larger than the {limit // 1024} KiB limit.")
        return message

    return wrapped


async def send_error(send: Send, exc: ClaimgraphError, *, secure_headers: bool = True) -> None:
    """Answer with ``exc`` as the JSON error document, without calling the app.

    ``secure_headers``: add the security headers (False inside :class:`SecurityMiddleware`, which adds them).
    """
    body = error_body(exc)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if secure_headers:
        headers.extend(SECURITY_HEADERS)
    if isinstance(exc, UnauthorizedError):
        headers.append((b"www-authenticate", b'Bearer realm="claimgraph"'))
    await send({"type": "http.response.start", "status": exc.http_status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

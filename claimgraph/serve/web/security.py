"""What keeps the workbench safe with untrusted article text and on a shared network.

* Every response carries a strict Content-Security-Policy: scripts and styles come only from our own
  static files, so even a payload that slipped past escaping could not run.
* Bound to a loopback address the server is open to this machine only; bound anywhere else it refuses
  to start without a token and then asks for it on every request (header, cookie or ``?token=``).
* Request bodies are capped before they are read (``Content-Length``) and while they are read (uploads).
"""

from __future__ import annotations

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

# No inline script or style anywhere: htmx is a static file and its indicator <style> is switched off.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
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
        headers = _headers(scope)
        set_cookie = False
        if self.token:
            given, from_query = _presented_token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _send_error(
                    send, UnauthorizedError("this server needs a token: send the X-Claimgraph-Token header.")
                )
                return
            set_cookie = from_query
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _send_error(
                send, InputTooLargeError(f"the request body is larger than the {self.max_body // 1024} KiB limit.")
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.extend(SECURITY_HEADERS)
                if set_cookie and self.token:
                    cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                    raw.append((b"set-cookie", cookie.encode()))
                message["headers"] = raw
            await send(message)

        await self.app(scope, _capped(receive, self.max_body), send_with_headers)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


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


async def _send_error(send: Send, exc: ClaimgraphError) -> None:
    body = error_body(exc)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers.extend(SECURITY_HEADERS)
    if isinstance(exc, UnauthorizedError):
        headers.append((b"www-authenticate", b'Bearer realm="claimgraph"'))
    await send({"type": "http.response.start", "status": exc.http_status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

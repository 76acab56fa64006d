"""The workbench application: one FastAPI app serving the HTML pages, the JSON API and static files.

``create_app(db)`` is the library entry point (``claimgraph serve`` is a thin layer over it). Request
data never names a file: documents, sources, entities and clusters are looked up in the store, and
static files come only from this package's ``static/`` folder.
"""

from __future__ import annotations

import gc
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.errors import BadRequestError, ClaimgraphError, NotFoundError
from claimgraph.serve.web.security import DEFAULT_MAX_UPLOAD, SecurityMiddleware, error_body
from claimgraph.version import __version__

if TYPE_CHECKING:
    from claimgraph.extract.pipeline import Pipeline
    from claimgraph.link.records import LinkResult
    from claimgraph.model import Analysis, Article
    from claimgraph.store import AddResult, Store

HERE = Path(__file__).resolve().parent
APP_ENV = {"db": "CLAIMGRAPH_SERVE_DB", "max_upload": "CLAIMGRAPH_SERVE_MAX_UPLOAD"}
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"


class PageCache:
    """Rendered pages by URL for the current store version: reads are far more common than writes, and a
    page is a pure function of the URL and the store's contents. Any write empties it."""

    def __init__(self, maxsize: int = 2048) -> None:
        self.maxsize = maxsize
        self._pages: OrderedDict[str, tuple[int, bytes, str]] = OrderedDict()
        self._version = ""
        self._lock = threading.Lock()

    def get(self, key: str, version: str) -> tuple[int, bytes, str] | None:
        """The cached (status, body, media type) of ``key`` if rendered for ``version``."""
        with self._lock:
            if version != self._version:
                self._pages.clear()
                self._version = version
                return None
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
            return hit

    def put(self, key: str, version: str, page: tuple[int, bytes, str]) -> None:
        """Keep a page rendered for ``version`` (dropping the least recently used beyond ``maxsize``)."""
        with self._lock:
            if version != self._version:
                self._pages.clear()
                self._version = version
            self._pages[key] = page
            if len(self._pages) > self.maxsize:
                self._pages.popitem(last=False)


class Workbench:
    """What every route needs: the store, the linking results and the extraction pipeline.

    A :class:`Store` is not thread-safe, and FastAPI runs sync routes on a thread pool, so each worker
    thread gets its own read connection; writes (uploads) go one at a time through a lock.
    """

    def __init__(
        self,
        location: str | Path,
        *,
        link_result: LinkResult | None = None,
        pipeline: Pipeline | None = None,
        max_upload: int = DEFAULT_MAX_UPLOAD,
    ) -> None:
        self.location = Path(location)
        self._files = (str(self.location), str(self.location) + "-wal")
        self.max_upload = max_upload
        self._local = threading.local()
        # By owning thread: the server's thread pool retires idle threads and starts new ones, so a store
        # whose thread has ended is closed when the next one is opened (else connections pile up).
        self._opened: dict[threading.Thread, Store] = {}
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._link_given = link_result
        self._link_cache: tuple[str, LinkResult | None] | None = None
        self._pipeline = pipeline
        self.pages = PageCache()

    def store(self) -> Store:
        """This thread's store connection (opened on first use)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            from claimgraph.store import Store

            store = Store.open(self.location)
            self._local.store = store
            with self._open_lock:
                for thread in [t for t in self._opened if not t.is_alive()]:
                    self._opened.pop(thread).close()
                self._opened[threading.current_thread()] = store
        return store

    def open_stores(self) -> int:
        """How many store connections are open (one per live thread that has read the store)."""
        with self._open_lock:
            return len(self._opened)

    def version(self) -> str:
        """Changes whenever the database changes (its or its WAL's size or time): the page cache's key.

        Asked several times by every request, so it is two ``stat`` calls on prepared names and nothing more.
        """
        parts = []
        for name in self._files:
            try:
                st = os.stat(name)
            except OSError:
                parts.append("-")
                continue
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        return "|".join(parts)

    def last_modified(self) -> float:
        """Seconds since the epoch of the last write to the database."""
        times = [p.stat().st_mtime for p in (self.location, Path(str(self.location) + "-wal")) if p.exists()]
        return max(times, default=0.0)

    def link_result(self) -> LinkResult | None:
        """Persisted linking results, or None when ``claimgraph link`` has not been run (or the store cannot)."""
        if self._link_given is not None:
            return self._link_given
        version = self.version()
        if self._link_cache is not None and self._link_cache[0] == version:
            return self._link_cache[1]
        loader = getattr(self.store(), "load_link", None)
        result: LinkResult | None = loader() if callable(loader) else None
        self._link_cache = (version, result)
        return result

    def analyse(self, article: Article) -> Analysis:
        """Run the extraction pipeline on one article (one at a time: a spaCy pipeline is not re-entrant)."""
        with self._write_lock:
            if self._pipeline is None:
                from claimgraph.api import default_pipeline

                self._pipeline = default_pipeline()
            return self._pipeline.analyze(article)

    def add(self, analysis: Analysis) -> AddResult:
        """Store an analysis (single writer)."""
        with self._write_lock:
            return self.store().add(analysis)

    def warm_up(self, env: Environment) -> None:
        """Pay the one-off costs before the first request: open the store (imports, schema check) and
        compile every template, so that the first visitors of a fresh server wait no longer than later ones."""
        self.store()
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)

    def close(self) -> None:
        """Close every connection opened by any thread."""
        with self._open_lock:
            for store in self._opened.values():
                store.close()
            self._opened.clear()


def templates() -> Environment:
    """The Jinja2 environment: autoescaping on for every template (article text is untrusted)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["safe_url"] = safe_url
    env.filters["num"] = format_number
    return env


def format_number(value: float | None) -> str:
    """A figure for reading: thousands separated, no trailing ``.0``."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.2f}"


def safe_url(value: str | None) -> str | None:
    """The URL when it is http(s), else None: escaping alone does not stop a ``javascript:`` link."""
    if not value:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    link_result: LinkResult | None = None,
    pipeline: Pipeline | None = None,
    csrf_secret: str | None = None,
) -> FastAPI:
    """The workbench over the store at ``db``.

    ``token``: required on every request when given. ``max_upload``: largest request body in bytes.
    ``link_result``/``pipeline``: injected instead of the stored link results / the default pipeline.
    ``csrf_secret``: key of the CSRF token (default: ``CLAIMGRAPH_CSRF_SECRET``, else derived from ``token``,
    else random per process); see :mod:`claimgraph.serve.web.csrf`.
    """
    from claimgraph.serve.web import api, pages
    from claimgraph.serve.web.csrf import CsrfMiddleware, csrf_token

    bench = Workbench(db, link_result=link_result, pipeline=pipeline, max_upload=max_upload)
    env = templates()
    csrf = csrf_token(secret=csrf_secret, access_token=token)
    # The same for every client of this server, so cached pages may embed it.
    env.globals["csrf_token"] = csrf

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        bench.warm_up(env)
        # The objects alive now (modules, the app, compiled templates) live as long as the server. Left to
        # the collector, each full collection walks all of them on the event loop, stalling every request
        # in flight (about 100-200 ms on the benchmark's 2-core machine); frozen, a full collection walks
        # only what requests left behind. Unfrozen at shutdown, so that a process that serves several apps
        # in turn (tests) can still free the old ones.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            bench.close()

    app = FastAPI(
        title="claimgraph workbench",
        version=__version__,
        description="Claims, sources, entities and clusters of a claimgraph store. Errors are JSON: "
        '`{"error": {"code": "E040", "message": "...", "status": 404}}`. A POST from a browser (with an '
        "`Origin`, `Referer` or `Sec-Fetch-Site` header, or the token cookie) must come from this server and "
        "carry the `X-CSRF-Token` header (E072 otherwise); scripts that send none of those need no CSRF token.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI needs inline and CDN scripts, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.bench = bench
    app.state.templates = env
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_error_handlers(app)
    # Added last, SecurityMiddleware runs first: the token and size checks come before the CSRF check, and
    # both come before a page is served from the cache.
    app.add_middleware(pages.CachedPages, bench=bench)
    app.add_middleware(CsrfMiddleware, token=csrf)
    app.add_middleware(SecurityMiddleware, token=token, max_body=max_upload)
    return app


def app_from_env() -> FastAPI:
    """The app of one server worker process, configured by ``claimgraph serve --workers``."""
    from claimgraph.serve.web.security import TOKEN_ENV

    return create_app(
        os.environ[APP_ENV["db"]],
        token=os.environ.get(TOKEN_ENV) or None,
        max_upload=int(os.environ.get(APP_ENV["max_upload"], DEFAULT_MAX_UPLOAD)),
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def error_response(request: Request, exc: ClaimgraphError) -> Response:
    """A coded error as JSON (API) or as a page (browser)."""
    if _wants_json(request):
        return Response(error_body(exc), status_code=exc.http_status, media_type="application/json")
    env: Environment = request.app.state.templates
    html = env.get_template("error.html").render(error=exc, request=request)
    return HTMLResponse(html, status_code=exc.http_status)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_claimgraph_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClaimgraphError)
        return error_response(request, exc)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}" for err in exc.errors()
        )
        if _wants_json(request):
            err = BadRequestError(problems or "invalid request")
            body: dict[str, Any] = {"error": {"code": err.code, "message": err.message, "status": 422}}
            return JSONResponse(body, status_code=422)
        return error_response(request, BadRequestError(problems or "invalid request"))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        err: ClaimgraphError
        if exc.status_code == 404:
            err = NotFoundError(f"nothing at {request.url.path}")
        else:
            err = BadRequestError(str(exc.detail))
        if _wants_json(request):
            body = {"error": {"code": err.code, "message": err.message, "status": exc.status_code}}
            return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
        env: Environment = request.app.state.templates
        html = env.get_template("error.html").render(error=err, request=request)
        return HTMLResponse(html, status_code=exc.status_code)

    app.add_exception_handler(ClaimgraphError, on_claimgraph_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)

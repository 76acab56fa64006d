"""The HTML pages: overview, article, search, sources, entities, clusters and the analyse form.

Routes look everything up in the store by id or name; names travel as query parameters (they may hold
any character). htmx requests (``HX-Request``) get just the fragment they swap in.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, ParamSpec
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from starlette.types import ASGIApp, Receive, Scope, Send

from claimgraph.errors import BadRequestError, ClaimgraphError, EmptyInputError, InputTooLargeError, NotFoundError
from claimgraph.model import MODALITIES, Analysis
from claimgraph.serve.web import views
from claimgraph.serve.web.app import Workbench
from claimgraph.store import ClaimFilter

router = APIRouter(include_in_schema=False)
P = ParamSpec("P")
PAGE = 50
Name = Annotated[str, Query(min_length=1, max_length=300)]


def _bench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.bench
    return bench


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template (autoescaped) with the request and the modality list."""
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(request=request, modalities=MODALITIES, **context)
    return HTMLResponse(html, status_code=status)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def page_key(scope: Scope) -> str:
    """The page cache's key of a request: its path, query and whether htmx asked for a fragment.

    Computed from the ASGI scope alone, so that :class:`CachedPages` and :func:`page_cached` agree. The path
    is the one sent, still percent-encoded: a decoded ``?`` in it could make two URLs share a key.
    """
    raw_path: bytes | None = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path is not None else quote(scope["path"])
    query = scope.get("query_string", b"").decode("latin-1")
    htmx = any(k == b"hx-request" and v == b"true" for k, v in scope.get("headers", ()))
    return f"{path}?{query}|{'hx' if htmx else 'page'}"


def _from_cache(hit: tuple[int, bytes, str]) -> Response:
    return Response(hit[1], status_code=hit[0], media_type=hit[2])


def page_cached(route: Callable[P, Response]) -> Callable[P, Awaitable[Response]]:
    """Serve a GET page from the cache of rendered pages, or build it and keep it when it succeeded.

    FastAPI sees the route's own signature. The page is served and built on the event loop, not on a
    worker thread as a sync route would be: the hand-over to a thread and back costs more than a cache
    hit and a fifth of building an article page, and threads buy no parallelism for this CPU-bound,
    GIL-holding work (a read never waits for a writer in WAL mode). ``--workers`` is the way to use
    more cores. Most hits never get here: :class:`CachedPages` answers them before routing.
    """

    @functools.wraps(route)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        request = kwargs["request"]
        assert isinstance(request, Request)
        bench = _bench(request)
        key, version = page_key(request.scope), bench.version()
        hit = bench.pages.get(key, version)
        if hit is None:
            response = route(*args, **kwargs)
            if response.status_code != 200:
                return response  # redirects and errors keep their headers and are not kept
            hit = (response.status_code, bytes(response.body), response.media_type or "text/html")
            bench.pages.put(key, version, hit)
        return _from_cache(hit)

    return wrapper


class CachedPages:
    """ASGI middleware: answer a GET whose page is in the page cache without routing it again.

    Routing, validating the query and solving the route's dependencies cost more than the hit itself;
    only a URL that a :func:`page_cached` route has already validated and rendered is in the cache, so
    skipping them changes nothing. It sits inside the security and CSRF middleware: the token check,
    the security headers and the CSRF cookie apply to these answers as to any other.
    """

    def __init__(self, app: ASGIApp, *, bench: Workbench) -> None:
        self.app = app
        self.bench = bench

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            hit = self.bench.pages.get(page_key(scope), self.bench.version())
            if hit is not None:
                await _from_cache(hit)(scope, receive, send)
                return
        await self.app(scope, receive, send)


@router.get("/", response_class=HTMLResponse)
@page_cached
def overview(request: Request) -> HTMLResponse:
    store = _bench(request).store()
    return render(
        request,
        "overview.html",
        stats=store.stats(),
        documents=store.documents(limit=25),
        sources=store.sources(limit=12),
        entities=store.entities(limit=12),
    )


@router.get("/doc/{doc_id}", response_class=HTMLResponse)
@page_cached
def article(request: Request, doc_id: str, claim: Annotated[str | None, Query(max_length=50)] = None) -> HTMLResponse:
    bench = _bench(request)
    analysis = bench.store().get(doc_id)
    link = bench.link_result()
    chosen = next((c for c in analysis.claims if c.id == claim), None)
    return render(
        request,
        "article.html",
        a=analysis,
        doc=analysis.document,
        segments=views.segments(analysis),
        groups=views.source_groups(analysis),
        detail=_claim_context(analysis, chosen.id, link) if chosen else None,
        counts=Counter(c.modality for c in analysis.claims),
    )


def _claim_context(analysis: Analysis, claim_id: str, link: Any) -> dict[str, Any]:
    claim = next((c for c in analysis.claims if c.id == claim_id), None)
    if claim is None:
        raise NotFoundError(f"no claim {claim_id!r} in document {analysis.document.id[:12]}.")
    figures, times, entities = views.claim_parts(analysis, claim)
    cluster = None
    if link is not None:
        from claimgraph.link.records import ClaimRef

        cluster = link.cluster_of(ClaimRef(analysis.document.id, claim.id))
    return {"claim": claim, "figures": figures, "times": times, "entities": entities, "cluster": cluster}


@router.get("/doc/{doc_id}/claim/{claim_id}", response_class=HTMLResponse)
@page_cached
def claim_detail(request: Request, doc_id: str, claim_id: str) -> Response:
    bench = _bench(request)
    analysis = bench.store().get(doc_id)
    if not _is_htmx(request):
        return RedirectResponse(f"/doc/{analysis.document.id}?claim={claim_id}", status_code=303)
    ctx = _claim_context(analysis, claim_id, bench.link_result())
    return render(request, "claim_detail.html", doc=analysis.document, **ctx)


def _opt_float(value: str | None, what: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadRequestError(f"{what} must be a number, not {value!r}.") from None
    return number  # ClaimFilter refuses NaN and infinities


@router.get("/search", response_class=HTMLResponse)
@page_cached
def search(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    source: Annotated[str, Query(max_length=200)] = "",
    entity: Annotated[str, Query(max_length=200)] = "",
    modality: Annotated[str, Query(max_length=20)] = "",
    since: Annotated[str, Query(max_length=20)] = "",
    until: Annotated[str, Query(max_length=20)] = "",
    unit: Annotated[str, Query(max_length=50)] = "",
    min_value: Annotated[str, Query(alias="min", max_length=40)] = "",
    max_value: Annotated[str, Query(alias="max", max_length=40)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    form = {"q": q, "source": source, "entity": entity, "modality": modality, "since": since, "until": until}
    form.update({"unit": unit, "min": min_value, "max": max_value})
    rows, error = [], None
    try:
        where = ClaimFilter(
            search=q.strip(),
            source=source.strip(),
            entity=entity.strip(),
            modality=modality,
            since=since or None,
            until=until or None,
            unit=unit.strip() or None,
            min_value=_opt_float(min_value, "the minimum"),
            max_value=_opt_float(max_value, "the maximum"),
        )
        rows = _bench(request).store().claims(where, limit=PAGE + 1, offset=offset)
    except ClaimgraphError as exc:
        error = exc
    more = len(rows) > PAGE
    nav = {
        "prev": str(request.url.include_query_params(offset=max(offset - PAGE, 0))) if offset else None,
        "next": str(request.url.include_query_params(offset=offset + PAGE)) if more else None,
    }
    template = "search_results.html" if _is_htmx(request) else "search.html"
    return render(request, template, form=form, rows=rows[:PAGE], error=error, nav=nav, offset=offset)


@router.get("/sources", response_class=HTMLResponse)
@page_cached
def sources(request: Request) -> HTMLResponse:
    rows = _bench(request).store().sources(limit=200)
    items = [(r, views.modality_bar(_counts(r), width=200)) for r in rows]
    return render(request, "sources.html", items=items)


def _counts(row: Any) -> dict[str, int]:
    return {m: int(getattr(row, m)) for m in MODALITIES}


@router.get("/source", response_class=HTMLResponse)
@page_cached
def source_page(request: Request, name: Name) -> HTMLResponse:
    rows = _bench(request).store().claims(source=name, limit=1000)
    exact = [r for r in rows if r.source.casefold() == name.casefold()]
    shown = exact or rows
    if not shown:
        raise NotFoundError(f"no claims held by a source named {name!r}.")
    counts = Counter(r.modality for r in shown)
    chart = views.timeline_chart(
        (r.published, r.modality, r.text, f"/doc/{r.doc_id}?claim={r.claim_id}") for r in shown
    )
    kinds = Counter(r.source_kind for r in shown)
    return render(
        request,
        "source.html",
        name=name,
        exact=bool(exact),
        rows=shown,
        counts=counts,
        bar=views.modality_bar(dict(counts)),
        chart=chart,
        kinds=kinds,
        documents=len({r.doc_id for r in shown}),
    )


@router.get("/entities", response_class=HTMLResponse)
@page_cached
def entities(request: Request) -> HTMLResponse:
    return render(request, "entities.html", rows=_bench(request).store().entities(limit=300))


@router.get("/entity", response_class=HTMLResponse)
@page_cached
def entity_page(request: Request, name: Name) -> HTMLResponse:
    store = _bench(request).store()
    found = store.entities(name=name, limit=1)
    if not found:
        raise NotFoundError(f"no entity named {name!r}.")
    row = found[0]
    claims = store.claims(entity=name, limit=500)
    names = {n.casefold() for n in (row.name, *row.aliases)}
    roles: Counter[str] = Counter()
    mentions: list[dict[str, Any]] = []
    when: dict[tuple[str, str], str | None] = {}
    for doc_id in list(dict.fromkeys(r.doc_id for r in claims))[:30]:
        analysis = store.get(doc_id)
        text = analysis.document.text
        for e in analysis.entities:
            if e.name.casefold() in names or names & {a.casefold() for a in e.aliases}:
                roles.update(e.roles or ((e.role,) if e.role else ()))
                for m in e.mentions[:3]:
                    lo, hi = max(m.start - 60, 0), min(m.end + 60, len(text))
                    mentions.append(
                        {"doc": analysis.document, "before": text[lo : m.start], "mention": text[m.start : m.end]}
                        | {"after": text[m.end : hi]}
                    )
        times = {t.id: t for t in analysis.times}
        for c in analysis.claims:
            dated = [times[t].value for t in c.times if t in times and times[t].type == "DATE"]
            when[(doc_id, c.id)] = next((v for v in dated if v and v[:1].isdigit()), None)
    chart = views.timeline_chart(
        (when.get((r.doc_id, r.claim_id)) or r.published, r.modality, r.text, f"/doc/{r.doc_id}?claim={r.claim_id}")
        for r in claims
    )
    return render(request, "entity.html", row=row, claims=claims, roles=roles, mentions=mentions[:30], chart=chart)


@router.get("/clusters", response_class=HTMLResponse)
@page_cached
def clusters(request: Request) -> HTMLResponse:
    link = _bench(request).link_result()
    return render(request, "clusters.html", link=link, clusters=link.clusters[:500] if link else [])


@router.get("/cluster/{cluster_id}", response_class=HTMLResponse)
@page_cached
def cluster_page(request: Request, cluster_id: str) -> HTMLResponse:
    bench = _bench(request)
    link = bench.link_result()
    if link is None:
        return render(request, "clusters.html", link=None, clusters=[], status=404)
    cluster = next((c for c in link.clusters if c.id == cluster_id), None)
    if cluster is None:
        raise NotFoundError(f"no cluster {cluster_id!r}.")
    store = bench.store()
    docs: dict[str, Analysis] = {}
    members = []
    for ref in cluster.members:
        if ref.doc_id not in docs:
            docs[ref.doc_id] = store.get(ref.doc_id)
        analysis = docs[ref.doc_id]
        claim = next((c for c in analysis.claims if c.id == ref.claim_id), None)
        members.append({"ref": ref, "doc": analysis.document, "claim": claim})
    conflicted = {r for f in cluster.figures if f.label == "conflict" for r in (f.a, f.b)}
    points: dict[tuple[str, str, str], tuple[str | None, float, str, bool]] = {}
    for f in cluster.figures:
        for ref, qid in ((f.a, f.a_quantity), (f.b, f.b_quantity)):
            holder = docs.get(ref.doc_id)
            q = next((q for q in holder.quantities if q.id == qid), None) if holder else None
            value = q.value if q and q.value is not None else (q.low if q else None)
            if holder is not None and q is not None and value is not None:
                label = f"{q.text}, {holder.document.outlet or holder.document.title or ref.doc_id[:8]}"
                points[(ref.doc_id, ref.claim_id, qid)] = (holder.document.published, value, label, ref in conflicted)
    chart = views.figure_chart(points.values())
    return render(request, "cluster.html", cluster=cluster, members=members, chart=chart)


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return render(request, "analyse.html", error=None, form={})


@router.post("/analyse", response_class=HTMLResponse)
async def analyse_submit(
    request: Request,
    text: Annotated[str, Form(max_length=1_000_000)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    outlet: Annotated[str, Form(max_length=300)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    from starlette.concurrency import run_in_threadpool

    bench = _bench(request)
    form = {"text": text, "title": title, "published": published, "outlet": outlet, "url": url}
    try:
        data = await _read_upload(file, bench.max_upload) if file is not None and file.filename else None
        article = await run_in_threadpool(_article, data, file.filename if file else None, form)
        analysis = await run_in_threadpool(bench.analyse, article)
        await run_in_threadpool(bench.add, analysis)
    except ClaimgraphError as exc:
        return render(request, "analyse.html", status=exc.http_status, error=exc, form=form)
    return RedirectResponse(f"/doc/{analysis.document.id}", status_code=303)


async def _read_upload(file: UploadFile, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await file.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(f"the file is larger than the {limit // 1024} KiB upload limit.")
        chunks.append(chunk)
    return b"".join(chunks)


def _article(data: bytes | None, filename: str | None, form: dict[str, str]) -> Any:
    from dataclasses import replace

    from claimgraph.ingest import read_bytes, read_text

    meta = {k: (form[k].strip() or None) for k in ("title", "outlet", "url")}
    published = form["published"].strip() or None
    if data is not None:
        # Only the file name's ending is used (to pick a reader); the name never reaches the filesystem.
        name = (filename or "").lower()
        fmt = "html" if name.endswith((".html", ".htm")) else "md" if name.endswith((".md", ".markdown")) else "txt"
        found = read_bytes(data, fmt=fmt, name="<upload>", published=published)
        if not found:
            raise EmptyInputError("the uploaded file holds no article text.")
        article = found[0]
        return replace(
            article,
            title=meta["title"] or article.title,
            outlet=meta["outlet"] or article.outlet,
            url=meta["url"] or article.url,
        )
    if not form["text"].strip():
        raise EmptyInputError("paste an article's text or choose a file to analyse.")
    return read_text(form["text"], published=published, title=meta["title"], outlet=meta["outlet"], url=meta["url"])

"""The JSON API under ``/api``: documents, claims, sources, entities, clusters, analyse-text and exports.

Every answer carries an ETag (a hash of the body) and Last-Modified (the database's last write), and
answers ``304 Not Modified`` to a matching ``If-None-Match``. Errors are ``{"error": {code, message,
status}}`` with the HTTP status of the claimgraph error behind them.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from claimgraph.errors import NotFoundError
from claimgraph.serve.web.app import Workbench
from claimgraph.store import ClaimFilter

Modality = Literal["asserted", "hedged", "speculative", "doubted", "negated"]
ExportFormat = Literal["jsonl", "csv", "claimreview", "graphml"]
MAX_PAGE = 500


class ErrorDetail(BaseModel):
    code: str = Field(examples=["E040"])
    message: str
    status: int


class ErrorBody(BaseModel):
    error: ErrorDetail


class AnalyseRequest(BaseModel):
    """An article to analyse: its text and what is known about it."""

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    published: date | None = Field(default=None, description="Publication day; not in the future")
    outlet: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    store: bool = Field(default=False, description="Also add the analysis to the store.")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request"},
    401: {"model": ErrorBody, "description": "Token missing or wrong"},
    404: {"model": ErrorBody, "description": "Not found"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    422: {"model": ErrorBody, "description": "Invalid parameters or input"},
}
CACHED: dict[int | str, dict[str, Any]] = {**ERRORS, 304: {"description": "Not modified (ETag matched)"}}

router = APIRouter(prefix="/api", tags=["api"])


def bench_of(request: Request) -> Workbench:
    """The app's :class:`Workbench`."""
    bench: Workbench = request.app.state.bench
    return bench


def cached_json(request: Request, data: Any) -> Response:
    """JSON with ETag and Last-Modified; 304 when the client already has this body."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = datetime.fromtimestamp(int(bench_of(request).last_modified()), UTC)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True), "Cache-Control": "no-cache"}
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _not_modified(request: Request, etag: str, modified: datetime) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return etag in {m.strip().removeprefix("W/") for m in match.split(",")} or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def page(request: Request, items: list[dict[str, Any]], *, limit: int, offset: int, more: bool) -> dict[str, Any]:
    """A page of results with the URL of the next one (None on the last page)."""
    nxt = str(request.url.include_query_params(offset=offset + limit)) if more else None
    return {"items": items, "limit": limit, "offset": offset, "next": nxt}


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]


@router.get("/documents", responses=CACHED, summary="Stored articles, most recently added first")
def list_documents(request: Request, limit: Limit = 50, offset: Offset = 0) -> Response:
    rows = bench_of(request).store().documents(limit=limit + 1, offset=offset)
    items = [r.to_dict() for r in rows[:limit]]
    return cached_json(request, page(request, items, limit=limit, offset=offset, more=len(rows) > limit))


@router.get("/documents/{doc_id}", responses=CACHED, summary="One article's full analysis (id or unique prefix)")
def get_document(request: Request, doc_id: Annotated[str, Path(max_length=64)]) -> Response:
    return cached_json(request, bench_of(request).store().get(doc_id).to_dict())


@router.get("/claims", responses=CACHED, summary="Claims matching every filter given, paginated")
def list_claims(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Full text in claim and title")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Source contains (any case)")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="Entity name or alias")] = None,
    modality: Modality | None = None,
    since: Annotated[date | None, Query(description="Published on or after")] = None,
    until: Annotated[date | None, Query(description="Published on or before")] = None,
    unit: Annotated[str | None, Query(max_length=50, description="Figure unit")] = None,
    min_value: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    max_value: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    where = ClaimFilter(
        search=q,
        source=source,
        entity=entity,
        modality=modality,
        since=since,
        until=until,
        unit=unit or None,
        min_value=min_value,
        max_value=max_value,
    )
    rows = bench_of(request).store().claims(where, limit=limit + 1, offset=offset)
    items = [r.to_dict() for r in rows[:limit]]
    return cached_json(request, page(request, items, limit=limit, offset=offset, more=len(rows) > limit))


@router.get("/sources", responses=CACHED, summary="Sources by number of claims, with their modality profile")
def list_sources(request: Request, limit: Limit = 100) -> Response:
    return cached_json(request, {"items": [r.to_dict() for r in bench_of(request).store().sources(limit=limit)]})


@router.get("/entities", responses=CACHED, summary="Entities by mentions, with aliases")
def list_entities(
    request: Request,
    name: Annotated[str | None, Query(max_length=200, description="One name or alias")] = None,
    limit: Limit = 100,
) -> Response:
    rows = bench_of(request).store().entities(name=name or None, limit=limit)
    return cached_json(request, {"items": [r.to_dict() for r in rows]})


@router.get("/clusters", responses=CACHED, summary="Claim clusters from `claimgraph link` (empty until linked)")
def list_clusters(request: Request, limit: Limit = 100, offset: Offset = 0) -> Response:
    result = bench_of(request).link_result()
    clusters = result.clusters if result is not None else []
    items = [c.to_dict() for c in clusters[offset : offset + limit]]
    body = page(request, items, limit=limit, offset=offset, more=len(clusters) > offset + limit)
    body["linked"] = result is not None
    return cached_json(request, body)


@router.get("/clusters/{cluster_id}", responses=CACHED, summary="One claim cluster")
def get_cluster(request: Request, cluster_id: Annotated[str, Path(max_length=200)]) -> Response:
    result = bench_of(request).link_result()
    if result is None:
        raise NotFoundError("the store has not been linked yet; run `claimgraph link` first.")
    found = next((c for c in result.clusters if c.id == cluster_id), None)
    if found is None:
        raise NotFoundError(f"no cluster {cluster_id!r}.")
    return cached_json(request, found.to_dict())


@router.post("/analyse", responses=ERRORS, summary="Analyse an article's text (and optionally store it)")
def analyse_text(request: Request, payload: Annotated[AnalyseRequest, Body()]) -> Response:
    from claimgraph.ingest import read_text

    bench = bench_of(request)
    article = read_text(
        payload.text,
        title=payload.title,
        published=payload.published.isoformat() if payload.published else None,
        outlet=payload.outlet,
        url=payload.url,
    )
    analysis = bench.analyse(article)
    body: dict[str, Any] = {"analysis": analysis.to_dict(), "stored": None}
    if payload.store:
        body["stored"] = bench.add(analysis).to_dict()
    return Response(json.dumps(body, ensure_ascii=False).encode(), media_type="application/json")


MEDIA_TYPES = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "claimreview": ("application/ld+json", "jsonld"),
    "graphml": ("application/graphml+xml", "graphml"),
}


EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "description": "The export file",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/ld+json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "application/graphml+xml": {"schema": {"type": "string"}},
        },
    },
}


@router.get(
    "/export/{fmt}",
    responses=EXPORT_RESPONSES,
    response_class=Response,
    summary="The whole store as JSON Lines, CSV, ClaimReview or GraphML",
)
def export_store(request: Request, fmt: ExportFormat) -> Response:
    from claimgraph.serve.exports import export

    bench = bench_of(request)
    out = io.StringIO()
    export(bench.store(), fmt, out, link_result=bench.link_result())
    media, ext = MEDIA_TYPES[fmt]
    headers = {"Content-Disposition": f'attachment; filename="claimgraph.{ext}"'}
    return Response(out.getvalue().encode("utf-8"), media_type=media, headers=headers)

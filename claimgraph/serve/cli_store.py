"""Store commands (``add``, ``claims``, ``show``, ``sources``, ``entities``, ``export``): thin layers over
:class:`claimgraph.store.Store`. ``cli.py`` calls :func:`register` with its ``main`` group.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from claimgraph.errors import ClaimgraphError, NotFoundError
from claimgraph.model import MODALITIES, Article

if TYPE_CHECKING:
    from claimgraph.link import LinkResult
    from claimgraph.store import ClaimFilter, Store

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

TABLE_FORMATS = ("table", "json", "csv")


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="FILE",
        help="Store database file (default: CLAIMGRAPH_DB or claimgraph.db in the user data folder).",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(TABLE_FORMATS),
        default="table",
        show_default=True,
        help="table: for reading; json / csv: for other programs.",
    )(func)


def limit_option(func: F) -> F:
    return click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Rows at most.")(
        func
    )


def open_store(db: str | None, *, write: bool = False) -> Store:
    """Open the store named by ``--db`` (or the configured default); ``write`` creates it if missing."""
    from claimgraph.config import load_settings
    from claimgraph.store import Store

    location = load_settings(db=db).db_location()
    return Store.open(location, create=write)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], *, title: str | None = None) -> None:
    """Print rows as a table, a JSON list or CSV with ``columns`` (table shows only those)."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in columns:
            numeric = bool(rows) and all(isinstance(r.get(col), int) for r in rows)
            table.add_column(col, overflow="fold", justify="right" if numeric else "left", no_wrap=numeric)
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console(soft_wrap=False).print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


# -- add --------------------------------------------------------------------------------------
def _articles(
    inputs: Sequence[str], failures: list[dict[str, str]], *, published: str | None, fmt: str | None
) -> Iterator[Article]:
    """Every article the inputs hold; an input that cannot be read is recorded and skipped."""
    from claimgraph.ingest import iter_paths, read_bytes, read_path, sniff_format

    paths: list[Path] = []
    for raw in inputs:
        if raw == "-":
            data = sys.stdin.buffer.read()
            try:
                yield from read_bytes(data, fmt=fmt or sniff_format(data), name="<stdin>", published=published)
            except ClaimgraphError as exc:
                failures.append({"input": "<stdin>", "error": str(exc)})
            continue
        try:
            paths.extend(iter_paths([raw]))
        except ClaimgraphError as exc:
            failures.append({"input": raw, "error": str(exc)})
    with click.progressbar(paths, label="adding", file=sys.stderr, hidden=len(paths) < 2) as bar:
        for path in bar:
            try:
                yield from read_path(path, published=published, fmt=fmt)
            except ClaimgraphError as exc:
                failures.append({"input": str(path), "error": str(exc)})


def _name(article: Article) -> str:
    return article.source_path or article.url or article.title or "<text>"


@click.command("add")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@format_option
@click.option("--published", default=None, metavar="DATE", help="Publication date (ISO 8601) for all inputs.")
@click.option(
    "--input-format",
    type=click.Choice(["txt", "md", "html", "json", "jsonl", "rss", "atom"]),
    default=None,
    help="Force the input format instead of guessing from the extension.",
)
@click.option("--model", default=None, metavar="NAME_OR_DIR", help="spaCy pipeline to use (env CLAIMGRAPH_MODEL).")
def add_command(
    paths: tuple[str, ...], db: str | None, fmt: str, published: str | None, input_format: str | None, model: str | None
) -> None:
    """Analyse articles and add them to the store.

    PATH is a file, a folder (read recursively), a glob or - for standard input.
    The same article added again is reported as unchanged; other text under a
    stored URL is kept as a revision. A file that fails is reported and the batch
    goes on; the exit status is 1 when any failed.

    \b
    Examples:
      claimgraph add examples/ --db news.db
      claimgraph add 'feeds/*.jsonl' --format json
      cat story.txt | claimgraph add - --published 2024-11-29
    """
    from claimgraph.api import default_pipeline
    from claimgraph.config import load_settings

    failures: list[dict[str, str]] = []
    results: list[dict[str, Any]] = []
    with open_store(db, write=True) as store:
        pipeline = default_pipeline(load_settings(model=model))
        for result in pipeline.pipe_results(_articles(paths, failures, published=published, fmt=input_format)):
            if result.analysis is None:
                failures.append({"input": _name(result.article), "error": str(result.error)})
                continue
            added = store.add(result.analysis)
            results.append({"input": _name(result.article), **added.to_dict()})
    counts = {s: sum(r["status"] == s for r in results) for s in ("added", "unchanged", "revision")}
    counts["failed"] = len(failures)
    if fmt == "json":
        click.echo(json.dumps({**counts, "results": results, "failures": failures}, ensure_ascii=False, indent=2))
    else:
        rows = [{"input": r["input"], "status": r["status"], "doc_id": r["doc_id"], "reason": ""} for r in results]
        rows += [{"input": f["input"], "status": "failed", "doc_id": "", "reason": f["error"]} for f in failures]
        if fmt == "csv":
            emit(rows, fmt, ["input", "status", "doc_id", "reason"])
        else:
            if failures:
                emit([r for r in rows if r["status"] == "failed"], fmt, ["input", "reason"], title="failed")
            click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    if failures:
        sys.exit(1)


# -- queries ----------------------------------------------------------------------------------
CLAIM_COLUMNS = ("doc_id", "source", "modality", "text", "published")


CLAIM_FILTER_OPTIONS = (
    click.option("--source", default=None, metavar="TEXT", help="Source contains TEXT (any case)."),
    click.option("--entity", default=None, metavar="NAME", help="Claim mentions or is held by entity NAME or alias."),
    click.option("--modality", type=click.Choice(MODALITIES), default=None, help="Only claims of this modality."),
    click.option("--since", default=None, metavar="DATE", help="Articles published on or after DATE."),
    click.option("--until", default=None, metavar="DATE", help="Articles published on or before DATE."),
    click.option("--search", default=None, metavar="TEXT", help="Full-text search in claim text and article title."),
    click.option("--unit", default=None, metavar="UNIT", help="Claims with a figure in UNIT."),
    click.option("--min", "min_value", type=float, default=None, metavar="X", help="Figure at least X."),
    click.option("--max", "max_value", type=float, default=None, metavar="Y", help="Figure at most Y."),
)


def claim_filter_options(func: Callable[..., R]) -> Callable[..., R]:
    """Add the claim filter options; the command receives them as one ``where: ClaimFilter`` argument.

    Each option's parameter name is the name of the :class:`~claimgraph.store.ClaimFilter` field it sets.
    """

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> R:
        # Imported here: `claimgraph --help` must not load the store (SQLAlchemy).
        from claimgraph.store import ClaimFilter

        given = {f.name: kwargs.pop(f.name) for f in dataclasses.fields(ClaimFilter) if f.name in kwargs}
        where = ClaimFilter(**given)
        return func(*args, where=where, **kwargs)

    for option in reversed(CLAIM_FILTER_OPTIONS):
        command = option(command)
    return command


@click.command("claims")
@db_option
@format_option
@claim_filter_options
@limit_option
def claims_command(db: str | None, fmt: str, where: ClaimFilter, limit: int) -> None:
    """List stored claims, filtered by source, entity, modality, date, text or figure.

    \b
    Examples:
      claimgraph claims --source ministry --modality hedged
      claimgraph claims --entity "Dornhaven" --since 2024-01-01 --until 2024-06-30
      claimgraph claims --search "harbour strike" --format json
      claimgraph claims --unit percent --min 5 --max 10 --format csv
    """
    with open_store(db) as store:
        rows = store.claims(where, limit=limit)
    dicts = [r.to_dict() for r in rows]
    if fmt == "table":
        for d in dicts:
            d["doc_id"] = d["doc_id"][:12]
    emit(dicts, fmt, CLAIM_COLUMNS)


@click.command("show")
@click.argument("doc_id")
@db_option
@format_option
def show_command(doc_id: str, db: str | None, fmt: str) -> None:
    """Show one stored article with its analysis (DOC_ID may be a unique prefix).

    \b
    Examples:
      claimgraph show 3fa9c2
      claimgraph show 3fa9c2 --format json > analysis.json
    """
    with open_store(db) as store:
        analysis = store.get(doc_id)
    if fmt == "json":
        click.echo(analysis.to_json())
    elif fmt == "csv":
        rows = [
            {
                "doc_id": analysis.document.id,
                "claim_id": c.id,
                "source": c.source.display,
                "modality": c.modality,
                "text": c.text,
                "start": c.span.start,
                "end": c.span.end,
            }
            for c in analysis.claims
        ]
        emit(rows, fmt, ["doc_id", "claim_id", "source", "modality", "text", "start", "end"])
    else:
        from claimgraph.serve.report import render

        click.echo(f"document {analysis.document.id}")
        click.echo(render([analysis], "report"))


@click.command("sources")
@db_option
@format_option
@limit_option
def sources_command(db: str | None, fmt: str, limit: int) -> None:
    """Who claims most: sources by number of claims, with counts by modality.

    \b
    Example:
      claimgraph sources --limit 20
    """
    with open_store(db) as store:
        rows = [r.to_dict() for r in store.sources(limit=limit)]
    emit(rows, fmt, ["source", "kind", "claims", "documents", *MODALITIES])


@click.command("entities")
@db_option
@format_option
@click.option("--name", default=None, metavar="NAME", help="Only this entity name or alias.")
@click.option(
    "--linked",
    is_flag=True,
    help="The entities resolved across articles by the last `claimgraph link` (one row for OPEC, Opec and "
    "the Organization of Petroleum Exporting Countries), instead of one row per name as written.",
)
@limit_option
def entities_command(db: str | None, fmt: str, name: str | None, linked: bool, limit: int) -> None:
    """Entities by number of mentions, with their aliases.

    \b
    Examples:
      claimgraph entities --limit 50
      claimgraph entities --name "Ilse Varga" --format json
      claimgraph entities --linked --limit 50   # after claimgraph link
    """
    with open_store(db) as store:
        if linked:
            result = store.load_link()
            if result is None:
                raise NotFoundError("this store has not been linked yet: run `claimgraph link` first")
            emit(linked_entity_rows(result, name, limit), fmt,
                 ["id", "name", "type", "aliases", "mentions", "documents", "kb_id"])  # fmt: skip
            return
        rows = [r.to_dict() for r in store.entities(name=name, limit=limit)]
    emit(rows, fmt, ["name", "type", "aliases", "mentions", "documents"])


def linked_entity_rows(result: LinkResult, name: str | None, limit: int | None) -> list[dict[str, Any]]:
    """Resolved entities by number of mentions; ``name`` keeps the one with that name or alias."""
    from claimgraph.link.names import name_key

    wanted = name_key(name) if name is not None else None
    entities = sorted(result.entities, key=lambda e: (-e.mention_count, e.name, e.id))
    rows = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "mentions": e.mention_count,
            "documents": len({doc for doc, _ in e.members}),
            "kb_id": e.kb_id,
        }
        for e in entities
        if wanted is None or wanted in e.name_keys()
    ]
    return rows[:limit] if limit is not None else rows


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "claimreview", "graphml"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one analysis per line; csv: one claim per row; claimreview: schema.org ClaimReview "
    "JSON-LD per claim; graphml: the document, source, claim, entity (and cluster) graph.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to this file.")
def export_command(db: str | None, fmt: str, output: str | None) -> None:
    """Export the whole store: analyses, claims, ClaimReview JSON-LD or a GraphML graph.

    \b
    Examples:
      claimgraph export --format jsonl -o collection.jsonl
      claimgraph export --format csv > claims.csv
      claimgraph export --format graphml -o graph.graphml   # includes clusters after `claimgraph link`
    """
    from claimgraph.serve.exports import export

    what = {"jsonl": "analyses", "csv": "claims", "claimreview": "claim reviews", "graphml": "graph nodes"}[fmt]
    with open_store(db) as store:

        def write(out: TextIO) -> int:
            if fmt == "jsonl":
                return store.export_jsonl(out)
            if fmt == "csv":
                return store.export_csv(out)
            link_result = store.load_link() if fmt == "graphml" else None
            return export(store, fmt, out, link_result=link_result)

        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = write(out)
            click.echo(f"exported {n} {what} to {output}", err=True)
        else:
            write(sys.stdout)


COMMANDS = (add_command, claims_command, show_command, sources_command, entities_command, export_command)


def register(main: click.Group) -> None:
    """Add the store commands to the ``claimgraph`` group."""
    for command in COMMANDS:
        main.add_command(command)

"""The ``batch`` command: a thin layer over :func:`claimgraph.scale.run_batch`."""

from __future__ import annotations

import json
import sys

import click

# Kept here, not imported from claimgraph.scale, so that `claimgraph --help` does not load the NLP stack.
ENGINES = ("local", "ray")


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", default=None, metavar="DIR", help="Folder for the Parquet tables, errors.jsonl and checkpoint.")
@click.option("--db", default=None, metavar="FILE", help="Also (or only) add every analysis to this store.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes (or Ray actors)."
)
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where to run.")
@click.option("--address", default=None, metavar="URL", help="Ray cluster address (default: start Ray locally).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=64, show_default=True, help="Records per commit.")
@click.option("--fresh", is_flag=True, help="Discard earlier output and checkpoint in --out instead of resuming.")
@click.option("--model", default=None, metavar="NAME_OR_DIR", help="spaCy pipeline to use (env CLAIMGRAPH_MODEL).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
def batch_command(
    inputs: tuple[str, ...],
    out: str | None,
    db: str | None,
    workers: int,
    engine: str,
    address: str | None,
    chunk_size: int,
    fresh: bool,
    model: str | None,
    progress: bool | None,
) -> None:
    """Analyse a corpus (folders, globs, .jsonl, .parquet, .warc[.gz], feeds) into Parquet and/or a store.

    An interrupted run started again with the same --out resumes where it stopped; every
    record that fails is written with its reason to OUT/errors.jsonl and the run goes on.
    Prints a JSON summary; the exit status is 1 when any record failed.

    \b
    Examples:
      claimgraph batch archive/ --out runs/archive --workers 2
      claimgraph batch 'crawl/*.warc.gz' --out runs/crawl --db news.db
      claimgraph batch stories.parquet --out s3://bucket/run1 --engine ray --address auto
    """
    from claimgraph.scale import run_batch

    summary = run_batch(
        inputs,
        out=out,
        db=db,
        workers=workers,
        engine=engine,
        address=address,
        model=model,
        chunk_size=chunk_size,
        fresh=fresh,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    click.echo(json.dumps(summary.to_dict(), indent=2))
    if summary.failed:
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add the ``batch`` command to the ``claimgraph`` group."""
    main.add_command(batch_command)

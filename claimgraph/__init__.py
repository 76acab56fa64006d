"""claimgraph: turn news articles into a sourced, queryable evidence base.

>>> import claimgraph
>>> analysis = claimgraph.analyze("Officials said on Monday that 300 people left.", published="2024-05-06")
>>> analysis.claims[0].source.text
'Officials'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimgraph.version import __version__

if TYPE_CHECKING:
    from claimgraph.api import analyze, analyze_path, default_pipeline
    from claimgraph.errors import ClaimgraphError
    from claimgraph.extract.pipeline import Pipeline
    from claimgraph.model import Analysis, Article, Attribution, Claim, Entity, Quantity, Source, Span, TimeExpr
    from claimgraph.store import ClaimFilter, Store

__all__ = [
    "Analysis",
    "Article",
    "Attribution",
    "Claim",
    "ClaimFilter",
    "ClaimgraphError",
    "Entity",
    "Pipeline",
    "Quantity",
    "Source",
    "Span",
    "Store",
    "TimeExpr",
    "__version__",
    "analyze",
    "analyze_path",
    "default_pipeline",
]

_LAZY = {
    "analyze": "claimgraph.api",
    "analyze_path": "claimgraph.api",
    "default_pipeline": "claimgraph.api",
    "ClaimgraphError": "claimgraph.errors",
    "Pipeline": "claimgraph.extract.pipeline",
    "Analysis": "claimgraph.model",
    "Article": "claimgraph.model",
    "Attribution": "claimgraph.model",
    "Claim": "claimgraph.model",
    "Entity": "claimgraph.model",
    "Quantity": "claimgraph.model",
    "Source": "claimgraph.model",
    "Span": "claimgraph.model",
    "Store": "claimgraph.store",
    "ClaimFilter": "claimgraph.store",
    "TimeExpr": "claimgraph.model",
}


def __getattr__(name: str) -> Any:
    # Lazy so that `import claimgraph` stays fast and the CLI's --help needs no spaCy.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

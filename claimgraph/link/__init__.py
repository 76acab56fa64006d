"""Across articles: resolve entities, cluster claims, trace provenance, compare figures, build timelines."""

from __future__ import annotations

from claimgraph.link.kb import KnowledgeBase
from claimgraph.link.linker import link, timeline
from claimgraph.link.records import AnalysisSource, ClaimRef, Cluster, FigurePair, GlobalEntity, LinkResult

__all__ = [
    "AnalysisSource",
    "ClaimRef",
    "Cluster",
    "FigurePair",
    "GlobalEntity",
    "KnowledgeBase",
    "LinkResult",
    "link",
    "timeline",
]

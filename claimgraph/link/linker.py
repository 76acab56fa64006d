"""Link analysed articles: entities, claim clusters, provenance, figures over time, timelines."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from claimgraph.link.clusters import ClaimFeatures, ClusterOptions, cluster
from claimgraph.link.embed import CachedEmbedder, Embedder, MiniLMEmbedder
from claimgraph.link.entities import resolve_entities
from claimgraph.link.figures import Figure, compare, main_quantity
from claimgraph.link.provenance import MemberInfo, chains, independence, outlet_of, source_name
from claimgraph.link.records import AnalysisSource, ClaimRef, Cluster, LinkResult, TimelineEntry
from claimgraph.model import Analysis, Claim

_WORD = re.compile(r"[a-z]{4,}")
# Function words carry no proposition; dropping them makes the word-overlap slot about content.
_STOP = frozenset(
    "that this with from have been were will would could they their there which about also into than more most "
    "such some other over under after before said says according".split()
)


@dataclass(frozen=True, slots=True)
class _Item:
    analysis: Analysis
    claim: Claim
    ref: ClaimRef


def _as_of(analysis: Analysis, claim: Claim) -> str:
    times = {t.id: t for t in analysis.times}
    for tid in claim.times:
        t = times.get(tid)
        if t is not None and t.type == "DATE" and t.value and t.value[:1].isdigit():
            return t.value
    return (analysis.document.published or "")[:7]


def _analyses(source: AnalysisSource | Iterable[Analysis]) -> list[Analysis]:
    if hasattr(source, "iter_analyses"):
        return list(source.iter_analyses())
    return list(source)


def link(
    source: AnalysisSource | Iterable[Analysis],
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
) -> LinkResult:
    """Resolve entities and cluster claims across the given analyses."""
    started = time.perf_counter()
    analyses = _analyses(source)
    entities, entity_map = resolve_entities(analyses)
    names = {e.id: e.name for e in entities}
    items: list[_Item] = []
    features: list[ClaimFeatures] = []
    claim_entities: dict[str, tuple[str, ...]] = {}
    for analysis in analyses:
        doc_id = analysis.document.id
        qmap = {q.id: q for q in analysis.quantities}
        for claim in analysis.claims:
            ref = ClaimRef(doc_id, claim.id)
            actors = tuple(dict.fromkeys(entity_map[(doc_id, e)] for e in claim.entities if (doc_id, e) in entity_map))
            claim_entities[ref.key()] = actors
            units = frozenset(
                (q.unit or "").lower()
                for q in (qmap[i] for i in claim.quantities if i in qmap)
                if q.unit and q.kind != "calibre"
            )
            words = frozenset(w for w in _WORD.findall(claim.text.lower()) if w not in _STOP)
            items.append(_Item(analysis, claim, ref))
            features.append(ClaimFeatures(frozenset(actors), units, _as_of(analysis, claim), words))
    embed = embedder or CachedEmbedder(MiniLMEmbedder())
    vectors = embed.embed([i.claim.text for i in items]) if items else np.zeros((0, 384), dtype=np.float32)
    labels = cluster(features, vectors, options)
    groups: dict[int, list[int]] = defaultdict(list)
    for idx, label in enumerate(labels.tolist()):
        groups[label].append(idx)

    # map entity id within an analysis -> global name, for naming sources
    clusters: list[Cluster] = []
    for n, label in enumerate(sorted(groups, key=lambda lab: min(groups[lab])), start=1):
        member_idx = groups[label]
        members = [items[i] for i in member_idx]
        infos = []
        figures = []
        for it in members:
            local_names = {
                e.id: names[entity_map[(it.ref.doc_id, e.id)]]
                for e in it.analysis.entities
                if (it.ref.doc_id, e.id) in entity_map
            }
            infos.append(
                MemberInfo(
                    ref=it.ref,
                    outlet=outlet_of(it.analysis),
                    published=it.analysis.document.published,
                    claim=it.claim,
                    source_name=source_name(it.claim, it.analysis, local_names),
                )
            )
            qmap = {q.id: q for q in it.analysis.quantities}
            q = main_quantity([qmap[i] for i in it.claim.quantities if i in qmap])
            if q is not None:
                figures.append(
                    Figure(
                        ref=it.ref,
                        quantity=q,
                        as_of=_as_of(it.analysis, it.claim),
                        asserted=it.claim.modality == "asserted",
                        source=it.claim.source.display,
                    )
                )
        provenance = chains(infos)
        independent, repetitions, amplifiers = independence(provenance)
        earliest = min(infos, key=lambda m: (m.published or "9999", m.ref)).ref
        representative = min(members, key=lambda it: (it.analysis.document.published or "9999", it.ref)).claim.text
        clusters.append(
            Cluster(
                id=f"k{n}",
                members=tuple(sorted(it.ref for it in members)),
                label=representative,
                provenance=tuple(provenance),
                independent_sources=independent,
                repetitions=repetitions,
                earliest=earliest,
                amplifiers=amplifiers,
                figures=tuple(compare(figures)) if len(figures) > 1 else (),
            )
        )
    return LinkResult(
        entities=entities,
        clusters=clusters,
        claim_entities=claim_entities,
        stats={
            "documents": len(analyses),
            "claims": len(items),
            "clusters": len(clusters),
            "multi_member_clusters": sum(1 for c in clusters if len(c.members) > 1),
            "seconds": round(time.perf_counter() - started, 3),
        },
    )


def timeline(result: LinkResult, analyses: Sequence[Analysis], entity: str) -> list[TimelineEntry]:
    """Claims that mention ``entity`` (global id, name or alias), ordered by normalised time."""
    from claimgraph.link.names import name_key

    wanted = {
        e.id
        for e in result.entities
        if e.id == entity or name_key(entity) in {name_key(n) for n in (e.name, *e.aliases)}
    }
    entries = []
    for analysis in analyses:
        for claim in analysis.claims:
            ref = ClaimRef(analysis.document.id, claim.id)
            if not wanted & set(result.claim_entities.get(ref.key(), ())):
                continue
            when = _as_of(analysis, claim) or "unknown"
            entries.append(
                TimelineEntry(
                    when=when,
                    claim=ref,
                    text=claim.text,
                    published=analysis.document.published,
                    source=claim.source.display,
                )
            )
    return sorted(entries, key=lambda e: (e.when, e.published or "", e.claim))

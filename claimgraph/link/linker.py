"""Link analysed articles: entities, claim clusters, provenance, figures over time, timelines."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimgraph.link.clusters import ClusterOptions, FeatureBuilder, cluster
from claimgraph.link.embed import CachedEmbedder, Embedder, MiniLMEmbedder
from claimgraph.link.entities import LocalEntity, resolve_local_entities
from claimgraph.link.figures import Figure, compare, main_quantity
from claimgraph.link.provenance import MemberInfo, affiliated_entity, chains, independence, outlet_of, source_text
from claimgraph.link.records import AnalysisSource, ClaimRef, Cluster, LinkResult, TimelineEntry
from claimgraph.model import Analysis, Claim, Quantity

_WORD = re.compile(r"[a-z]{4,}")
# Function words carry no proposition; dropping them makes the word-overlap slot about content.
_STOP = frozenset(
    "that this with from have been were will would could they their there which about also into than more most "
    "such some other over under after before said says according".split()
)


@dataclass(slots=True)
class _Rec:
    """One claim reduced to what linking needs (the analyses themselves are not kept)."""

    doc: int
    claim_id: str
    text: str
    actors: tuple[str, ...]  # local entity ids, mapped to global ids after resolution
    when: str
    source_kind: str
    source_text: str | None
    source_local: str | None  # local entity id the source stands for
    display: str
    asserted: bool
    quantity: Quantity | None


def _as_of(analysis: Analysis, claim: Claim) -> str:
    times = {t.id: t for t in analysis.times}
    for tid in claim.times:
        t = times.get(tid)
        if t is not None and t.type == "DATE" and t.value and t.value[:1].isdigit():
            return t.value
    return (analysis.document.published or "")[:7]


def _iter(source: AnalysisSource | Iterable[Analysis]) -> Iterator[Analysis]:
    if isinstance(source, AnalysisSource):
        return iter(source.iter_analyses())
    return iter(source)


def link(
    source: AnalysisSource | Iterable[Analysis],
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
    batch_size: int = 2048,
) -> LinkResult:
    """Resolve entities and cluster claims across the given analyses.

    Analyses are streamed once: each claim is reduced to a compact record, its slot features and its
    sentence vector, so memory grows with the number of claims, not with the text.
    """
    started = time.perf_counter()
    options = options or ClusterOptions()
    embed = embedder or CachedEmbedder(MiniLMEmbedder())
    features = FeatureBuilder(seed=options.seed)
    doc_ids: list[str] = []
    outlets: list[str] = []
    published: list[str | None] = []
    local_entities: list[LocalEntity] = []
    recs: list[_Rec] = []
    pending: list[str] = []
    vectors: list[npt.NDArray[np.float32]] = []

    def flush() -> None:
        if pending:
            vectors.append(np.asarray(embed.embed(pending), dtype=np.float32))
            pending.clear()

    for analysis in _iter(source):
        d = len(doc_ids)
        doc_ids.append(analysis.document.id)
        outlets.append(outlet_of(analysis))
        published.append(analysis.document.published)
        local_entities.extend(
            LocalEntity.of(analysis.document.id, analysis.document.published, e) for e in analysis.entities
        )
        qmap = {q.id: q for q in analysis.quantities}
        for claim in analysis.claims:
            qs = [qmap[i] for i in claim.quantities if i in qmap]
            units = frozenset((q.unit or "").lower() for q in qs if q.unit and q.kind != "calibre")
            words = frozenset(w for w in _WORD.findall(claim.text.lower()) if w not in _STOP)
            features.add_slots(units, words)
            recs.append(
                _Rec(
                    doc=d,
                    claim_id=claim.id,
                    text=claim.text,
                    actors=claim.entities,
                    when=_as_of(analysis, claim),
                    source_kind=claim.source.kind,
                    source_text=source_text(claim),
                    source_local=affiliated_entity(claim, analysis),
                    display=claim.source.display,
                    asserted=claim.modality == "asserted",
                    quantity=main_quantity(qs),
                )
            )
            pending.append(claim.text)
            if len(pending) >= batch_size:
                flush()
    flush()

    entities, entity_map = resolve_local_entities(local_entities)
    del local_entities
    names = {e.id: e.name for e in entities}
    claim_entities: dict[str, tuple[str, ...]] = {}
    for index, rec in enumerate(recs):
        doc_id = doc_ids[rec.doc]
        actors = tuple(dict.fromkeys(entity_map[(doc_id, e)] for e in rec.actors if (doc_id, e) in entity_map))
        claim_entities[f"{doc_id}:{rec.claim_id}"] = actors
        features.set_actors(index, actors)
    table = features.build()
    # Copy chunk by chunk, dropping each as it is copied, so the vectors never exist twice.
    total = sum(len(v) for v in vectors)
    matrix = np.empty((total, vectors[0].shape[1] if vectors else 384), dtype=np.float32)
    row = 0
    vectors.reverse()
    while vectors:
        chunk = vectors.pop()
        matrix[row : row + len(chunk)] = chunk
        row += len(chunk)
    labels = cluster(table, matrix, options)
    del matrix, table
    # Only claims stated more than once form a cluster; a claim outside every cluster stands alone
    # (its own independent source, nothing to corroborate or compare), so singletons cost nothing.
    counts = np.bincount(labels, minlength=len(labels)) if len(labels) else labels
    groups: dict[int, list[int]] = defaultdict(list)
    for idx in np.nonzero(counts[labels] > 1)[0].tolist() if len(labels) else []:
        groups[int(labels[idx])].append(idx)
    del labels, counts

    clusters: list[Cluster] = []
    for n, label in enumerate(sorted(groups, key=lambda lab: groups[lab][0]), start=1):
        members = [recs[i] for i in groups[label]]
        refs = [ClaimRef(doc_ids[r.doc], r.claim_id) for r in members]
        infos = []
        figures = []
        for rec, ref in zip(members, refs, strict=True):
            name = rec.source_text
            if rec.source_local is not None:
                gid = entity_map.get((ref.doc_id, rec.source_local))
                name = names.get(gid, name) if gid else name
            infos.append(
                MemberInfo(
                    ref=ref,
                    outlet=outlets[rec.doc],
                    published=published[rec.doc],
                    source_kind=rec.source_kind,
                    source_name=name,
                )
            )
            if rec.quantity is not None:
                figures.append(
                    Figure(ref=ref, quantity=rec.quantity, as_of=rec.when, asserted=rec.asserted, source=rec.display)
                )
        provenance = chains(infos)
        independent, repetitions, amplifiers = independence(provenance)
        first = min(range(len(members)), key=lambda i: (infos[i].published or "9999", refs[i]))
        clusters.append(
            Cluster(
                id=f"k{n}",
                members=tuple(sorted(refs)),
                label=members[first].text,
                provenance=tuple(provenance),
                independent_sources=independent,
                repetitions=repetitions,
                earliest=refs[first],
                amplifiers=amplifiers,
                figures=tuple(compare(figures)) if len(figures) > 1 else (),
            )
        )
    return LinkResult(
        entities=entities,
        clusters=clusters,
        claim_entities=claim_entities,
        stats={
            "documents": len(doc_ids),
            "claims": len(recs),
            "clusters": len(clusters),
            "clustered_claims": sum(len(c.members) for c in clusters),
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

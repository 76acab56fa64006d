"""Link analysed articles: entities, claim clusters, provenance, figures over time, timelines."""

from __future__ import annotations

import itertools
import re
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimgraph.errors import InputNotFoundError
from claimgraph.link.clusters import ClusterOptions, FeatureBuilder, cluster
from claimgraph.link.columns import ClaimColumns, Interner, VectorBlocks
from claimgraph.link.embed import CachedEmbedder, Embedder, MiniLMEmbedder
from claimgraph.link.entities import LocalEntityTable, resolve_table
from claimgraph.link.figures import Figure, compare, content_words, main_quantity, measure_slots
from claimgraph.link.kb import KnowledgeBase
from claimgraph.link.measured import measured_word
from claimgraph.link.names import name_key
from claimgraph.link.periods import Period, period_of
from claimgraph.link.provenance import (
    MemberInfo,
    affiliated_entity,
    chains,
    independence,
    names_nobody,
    outlet_of,
    source_text,
)
from claimgraph.link.records import AnalysisSource, ClaimRef, Cluster, LinkResult, TimelineEntry
from claimgraph.link.republication import RepublicationIndex
from claimgraph.model import Analysis, Claim, TimeExpr

# Entity types that can be what an article is about: its lead subject (see _lead_entity).
_SUBJECT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _lead_entity(analysis: Analysis) -> str | None:
    """The entity an article names first (of the types in _SUBJECT_TYPES): what its claims without an
    actor of their own are about. Wire copy reads "Acme Corp said … Revenues rose to 291.8 mln dlrs":
    the revenue claim names nobody, but it is Acme's revenue, not that of the next company's story."""
    best: tuple[int, str] | None = None
    for e in analysis.entities:
        if e.type in _SUBJECT_TYPES and e.mentions:
            first = min(m.start for m in e.mentions)
            if best is None or first < best[0]:
                best = (first, e.id)
    return best[1] if best else None


# A claim that opens with one of these is about whatever the pronoun stands for, not about the entities
# it names further on: "it filed … with the Securities and Exchange Commission" is the filer's claim.
# (Not "he"/"she": "he was confident that P" is a stance, which clusters with P, whose subject is P's.)
_THING_PRONOUNS = frozenset({"it", "its"})


def _subject_row(
    analysis: Analysis, claim: Claim, actor_rows: list[int], lead_row: int, source: str | None, source_row: int
) -> int:
    """The local entity row a claim is about when its own words do not say (-1: its actors say).

    A claim that names no actor is about its article's lead entity. One that opens with "it" or "its"
    is about the pronoun's referent: the claim's source when that is no person ("Acme said it filed …":
    Acme), else the lead entity.
    """
    first = claim.text.split(maxsplit=1)[0].lower() if claim.text.strip() else ""
    if first in _THING_PRONOUNS:
        entity = analysis.entity(source) if source else None
        if source_row >= 0 and entity is not None and entity.type != "PERSON":
            return source_row
        return lead_row
    return -1 if actor_rows else lead_row


def _as_of(analysis: Analysis, claim: Claim, times: dict[str, TimeExpr] | None = None) -> str:
    times = times if times is not None else {t.id: t for t in analysis.times}
    for tid in claim.times:
        t = times.get(tid)
        if t is not None and t.type == "DATE" and t.value and t.value[:1].isdigit():
            return t.value
    return (analysis.document.published or "")[:10]


# a word that makes the date after it the start or the as-of date of a running total ("has sent 8,000
# containers since January", "as of March"), not a period the claim is about
_BOUND_BEFORE = re.compile(r"\b(?:since|as\s+of)\s+\Z", re.I)


def _period(claim: Claim, times: dict[str, TimeExpr], text: str) -> Period | None:
    """The days of the first date the claim names that has definite ones (see :mod:`claimgraph.link.periods`).

    A date that starts a running total or dates it ("has sent 8,000 containers since January", "as of March")
    names no period the claim is about, so the claim has none: totals told at different dates are one
    proposition, revised."""
    for tid in claim.times:
        t = times.get(tid)
        if t is None or t.type != "DATE" or (period := period_of(t.value)) is None:
            continue
        if _BOUND_BEFORE.search(text, max(0, t.span.start - 16), t.span.start):
            return None
        return period
    return None


def _iter(source: AnalysisSource | Iterable[Analysis]) -> Iterator[Analysis]:
    if isinstance(source, AnalysisSource):
        return iter(source.iter_analyses())
    return iter(source)


def _default_embedder() -> Embedder:
    # A bounded cache: it spares re-embedding repeated texts without keeping every vector twice.
    return CachedEmbedder(MiniLMEmbedder(), max_entries=65536)


def link(
    source: AnalysisSource | Iterable[Analysis],
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
    batch_size: int = 2048,
    kb: KnowledgeBase | str | Path | None = None,
) -> LinkResult:
    """Resolve entities and cluster claims across the given analyses.

    Analyses are streamed once: each claim is reduced to a row of int columns (repeated strings
    interned), its slot features and its sentence vector, so memory grows with the number of
    claims, not with the text.

    ``kb`` is a knowledge base, or the path of a Wikidata-style dump (see :mod:`claimgraph.link.kb`)
    read after the analyses, keeping only entities whose names occur in them: resolved entities
    get its ids (``kb_id``), and its aliases resolve together.
    """
    started = time.perf_counter()
    if kb is not None and not isinstance(kb, KnowledgeBase) and not Path(kb).is_file():
        # before the (long) pass over the analyses, not after it
        raise InputNotFoundError(f"knowledge-base dump {kb} not found; pass a JSON Lines or Wikidata JSON dump")
    options = options or ClusterOptions()
    embed = embedder or _default_embedder()
    features = FeatureBuilder(seed=options.seed)
    entities_in = LocalEntityTable()
    claims = ClaimColumns()
    outlets = Interner()
    outlet_of_doc = array("i")
    republications = RepublicationIndex()
    vectors = VectorBlocks()
    pending: list[str] = []

    def flush() -> None:
        if pending:
            vectors.append(embed.embed(pending))
            pending.clear()

    for analysis in _iter(source):
        document = analysis.document
        d = entities_in.add_document(document.id, document.published)
        outlet_of_doc.append(outlets.id(outlet_of(analysis)))
        republications.add_document(document.published, (c.text for c in analysis.claims))
        rows = {e.id: entities_in.add_entity(d, e) for e in analysis.entities}
        qmap = {q.id: q for q in analysis.quantities}
        times = {t.id: t for t in analysis.times}
        text = document.text
        lead = _lead_entity(analysis)
        lead_row = rows[lead] if lead is not None else -1
        for claim in analysis.claims:
            qs = [qmap[i] for i in claim.quantities if i in qmap]
            # a change ("cut by 200,000 bpd") and a level ("pumped 1.9 million bpd") measure different things
            units = measure_slots(qs)
            words = content_words(claim.text)
            features.add_slots(units, words, _period(claim, times, text))
            local = affiliated_entity(claim, analysis)
            actor_rows = [rows[e] for e in claim.entities if e in rows]
            figure = main_quantity(qs)
            measured = (
                measured_word(text, figure.span.start, figure.span.end, lo=claim.span.start, hi=claim.span.end)
                if figure is not None
                else None
            )
            claims.add(
                doc=d,
                claim_id=claim.id,
                text=claim.text,
                actors=actor_rows,
                when=_as_of(analysis, claim, times),
                source_kind=claim.source.kind,
                source_text=source_text(claim),
                source_local=-1 if local is None else rows.get(local, -1),
                display=claim.source.display,
                asserted=claim.modality == "asserted",
                quantity=figure,
                subject=_subject_row(
                    analysis, claim, actor_rows, lead_row, local, rows.get(local, -1) if local else -1
                ),
                measured=measured,
            )
            pending.append(claim.text)
            if len(pending) >= batch_size:
                flush()
    flush()

    if kb is not None and not isinstance(kb, KnowledgeBase):
        kb = KnowledgeBase.read(kb, wanted_keys=entities_in.name_keys())
    entities, entity_of_row = resolve_table(entities_in, kb)
    gids = [e.id for e in entities]
    names = [e.name for e in entities]
    doc_ids = entities_in.doc_ids
    strings = claims.strings.strings
    claim_entities: dict[str, tuple[str, ...]] = {}
    for index in range(len(claims)):
        about = tuple(dict.fromkeys(gids[entity_of_row[r]] for r in claims.subject_rows(index)))
        # claim_entities keeps only the entities the claim names, never the subject read off its context
        named = tuple(dict.fromkeys(gids[entity_of_row[r]] for r in claims.actor_rows(index)))
        claim_entities[f"{doc_ids[claims.doc[index]]}:{strings[claims.claim_id[index]]}"] = named
        features.set_actors(index, about)
    table = features.build()
    matrix = vectors.to_matrix(getattr(embed, "dim", 384))
    labels = cluster(table, matrix, options)
    del matrix, table
    # Only claims stated more than once form a cluster; a claim outside every cluster stands alone
    # (its own independent source, nothing to corroborate or compare), so singletons cost nothing.
    counts = np.bincount(labels, minlength=len(labels))
    clustered = np.nonzero(counts[labels] > 1)[0]
    # Labels are each component's smallest claim index: sorting by label numbers clusters by their
    # first claim, and a stable sort keeps members in claim order.
    order = clustered[np.argsort(labels[clustered], kind="stable")]
    sorted_labels = labels[order]
    del labels, counts, clustered
    bounds = [0, *(np.nonzero(sorted_labels[1:] != sorted_labels[:-1])[0] + 1).tolist(), len(order)]
    builder = _ClusterBuilder(
        claims, entities_in, outlets, outlet_of_doc, entity_of_row, names, republications.originals()
    )
    clusters = [
        builder.build(f"k{n}", order[lo:hi].tolist())
        for n, (lo, hi) in enumerate(itertools.pairwise(bounds), start=1)
        if hi > lo
    ]
    return LinkResult(
        entities=entities,
        clusters=clusters,
        claim_entities=claim_entities,
        stats={
            "documents": len(doc_ids),
            "claims": len(claims),
            "clusters": len(clusters),
            "clustered_claims": sum(len(c.members) for c in clusters),
            **(
                {
                    "kb_linked": sum(1 for e in entities if e.kb_id),
                    "kb_ambiguous": sum(1 for e in entities if e.kb_candidates),
                }
                if kb is not None
                else {}
            ),
            "seconds": round(time.perf_counter() - started, 3),
        },
    )


class _ClusterBuilder:
    """Turns a cluster's claim rows into a :class:`Cluster`, sharing repeated strings and tuples."""

    def __init__(
        self,
        claims: ClaimColumns,
        entities_in: LocalEntityTable,
        outlets: Interner,
        outlet_of_doc: array[int],
        entity_of_row: npt.NDArray[np.int64],
        names: list[str],
        originals: list[int],  # originals[d]: the document whose story document d republishes (d if none)
    ) -> None:
        self.claims = claims
        self.doc_ids = entities_in.doc_ids
        self.published = entities_in.published
        self.outlets = outlets.strings
        self.outlet_of_doc = outlet_of_doc
        self.entity_of_row = entity_of_row
        self.names = names
        self.shared_chains: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.shared_reasons: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        # the outlet that first published the story document d republishes, or -1
        self.republished_from = [
            outlet_of_doc[o] if o != d and outlet_of_doc[o] != outlet_of_doc[d] else -1 for d, o in enumerate(originals)
        ]
        # the story each document carries: copies of one story (same outlet or not) share the original's id
        self.story_of = [self.doc_ids[o] for o in originals]

    def key_of(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)
        return key

    def subjects(self, row: int) -> frozenset[int]:
        """Global entity indices of what claim ``row`` is about: its actors, else its article's lead entity."""
        return frozenset(int(self.entity_of_row[r]) for r in self.claims.subject_rows(row))

    def build(self, cluster_id: str, rows: list[int]) -> Cluster:
        c = self.claims
        strings = c.strings.strings
        refs = [ClaimRef(self.doc_ids[c.doc[i]], strings[c.claim_id[i]]) for i in rows]
        infos = []
        for i, ref in zip(rows, refs, strict=True):
            doc = c.doc[i]
            name = c.strings.get(c.source_text[i])
            local = c.source_local[i]
            if local >= 0:
                name = self.names[self.entity_of_row[local]]
            original = self.republished_from[doc]
            infos.append(
                MemberInfo(
                    ref=ref,
                    outlet=self.outlets[self.outlet_of_doc[doc]],
                    published=self.published[doc],
                    source_kind=strings[c.source_kind[i]],
                    source_name=name,
                    republished_from=self.outlets[original] if original >= 0 else None,
                    identified=local >= 0 or not names_nobody(name or ""),
                )
            )
        provenance = chains(infos, self.shared_chains, self.key_of)
        figures = [
            Figure(
                ref=ref,
                quantity=quantity,
                as_of=strings[c.when[i]],
                asserted=bool(c.asserted[i]),
                source=strings[c.display[i]],
                origin=self.key_of(chain.ultimate),
                story=self.story_of[c.doc[i]],
                subjects=self.subjects(i),
                measured=c.strings.get(c.measured[i]),
                words=content_words(c.text(i), without=quantity.text),
            )
            for i, ref, chain in zip(rows, refs, provenance, strict=True)
            if c.quantity[i] >= 0
            for quantity in (c.quantities.figure_quantity(c.quantity[i]),)
        ]
        independent, repetitions, amplifiers = independence(provenance, self.key_of)
        first = min(range(len(rows)), key=lambda k: (infos[k].published or "9999", refs[k]))
        return Cluster(
            id=cluster_id,
            members=tuple(sorted(refs)),
            label=c.text(rows[first]),
            provenance=tuple(provenance),
            independent_sources=independent,
            repetitions=repetitions,
            earliest=refs[first],
            amplifiers=amplifiers,
            figures=tuple(compare(figures, self.shared_reasons)) if len(figures) > 1 else (),
        )


def timeline(result: LinkResult, analyses: Sequence[Analysis], entity: str) -> list[TimelineEntry]:
    """Claims that mention ``entity`` (global id, name or alias), ordered by normalised time."""
    key = name_key(entity)
    wanted = {e.id for e in result.entities if e.id == entity or key in e.name_keys()}
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

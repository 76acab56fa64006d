"""What cross-article linking produces, and the protocol it reads analyses through.

``link`` reads stored analyses through :class:`AnalysisSource` (the store implements it) and returns a
:class:`LinkResult`: resolved entities, claim clusters with provenance and independence counts, figure
pairs classified over time, and per-entity timelines. Claims are referred to as
``(document id, claim id)`` pairs (:class:`ClaimRef`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from claimgraph.link.names import name_key
from claimgraph.model import Analysis

PairClass = Literal["consistent", "revised", "conflict"]


@runtime_checkable
class AnalysisSource(Protocol):
    """Anything that can hand analyses to the linker (the store, a list, a JSONL reader)."""

    def iter_analyses(self) -> Iterator[Analysis]: ...


@dataclass(frozen=True, slots=True, order=True)
class ClaimRef:
    doc_id: str
    claim_id: str

    def key(self) -> str:
        return f"{self.doc_id}:{self.claim_id}"

    @classmethod
    def from_key(cls, key: str) -> ClaimRef:
        doc_id, _, claim_id = key.rpartition(":")
        return cls(doc_id, claim_id)


@dataclass(frozen=True, slots=True)
class RoleSeen:
    role: str
    seen: str | None  # publication date of the article where the role was seen
    doc_id: str


@dataclass(frozen=True, slots=True)
class GlobalEntity:
    """One referent across articles."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    members: tuple[tuple[str, str], ...]  # (doc id, entity id within that analysis)
    roles: tuple[RoleSeen, ...] = ()
    mention_count: int = 0
    kb_id: str | None = None  # knowledge-base id (e.g. a Wikidata Q-id) when a user KB names it unambiguously
    kb_candidates: tuple[str, ...] = ()  # KB ids its names could mean, when more than one (left unresolved)

    def name_keys(self) -> set[str]:
        """The keys (:func:`~claimgraph.link.names.name_key`) of its name and aliases: what a lookup by
        name or alias compares."""
        return {name_key(n) for n in (self.name, *self.aliases)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "members": [list(m) for m in self.members],
            "roles": [{"role": r.role, "seen": r.seen, "doc_id": r.doc_id} for r in self.roles],
            "mention_count": self.mention_count,
            "kb_id": self.kb_id,
            "kb_candidates": list(self.kb_candidates),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GlobalEntity:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d["aliases"]),
            members=tuple((m[0], m[1]) for m in d["members"]),
            roles=tuple(RoleSeen(r["role"], r["seen"], r["doc_id"]) for r in d["roles"]),
            mention_count=d.get("mention_count", 0),
            kb_id=d.get("kb_id"),
            kb_candidates=tuple(d.get("kb_candidates", ())),
        )


@dataclass(frozen=True, slots=True)
class ProvenanceChain:
    """From one article to the ultimate source of its claim: outlet -> cited outlet -> ... -> origin."""

    claim: ClaimRef
    chain: tuple[str, ...]
    ultimate: str
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim.key(),
            "chain": list(self.chain),
            "ultimate": self.ultimate,
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ProvenanceChain:
        return cls(ClaimRef.from_key(d["claim"]), tuple(d["chain"]), d["ultimate"], d.get("published"))


@dataclass(frozen=True, slots=True)
class FigurePair:
    """Two figures of one cluster compared: consistent, revised estimate, or conflict."""

    a: ClaimRef
    b: ClaimRef
    a_quantity: str
    b_quantity: str
    label: PairClass
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.key(),
            "b": self.b.key(),
            "a_quantity": self.a_quantity,
            "b_quantity": self.b_quantity,
            "class": self.label,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FigurePair:
        return cls(
            a=ClaimRef.from_key(d["a"]),
            b=ClaimRef.from_key(d["b"]),
            a_quantity=d["a_quantity"],
            b_quantity=d["b_quantity"],
            label=d["class"],
            reason=d["reason"],
        )


@dataclass(frozen=True, slots=True)
class Cluster:
    """Claims that state the same proposition, across articles."""

    id: str
    members: tuple[ClaimRef, ...]
    label: str
    provenance: tuple[ProvenanceChain, ...] = ()
    independent_sources: tuple[str, ...] = ()
    repetitions: int = 0
    earliest: ClaimRef | None = None
    amplifiers: tuple[str, ...] = ()
    figures: tuple[FigurePair, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "members": [m.key() for m in self.members],
            "independent_sources": list(self.independent_sources),
            "independent_count": len(self.independent_sources),
            "repetitions": self.repetitions,
            "earliest": self.earliest.key() if self.earliest else None,
            "amplifiers": list(self.amplifiers),
            "provenance": [p.to_dict() for p in self.provenance],
            "figures": [f.to_dict() for f in self.figures],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cluster:
        return cls(
            id=d["id"],
            members=tuple(ClaimRef.from_key(m) for m in d["members"]),
            label=d["label"],
            provenance=tuple(ProvenanceChain.from_dict(p) for p in d.get("provenance", [])),
            independent_sources=tuple(d.get("independent_sources", [])),
            repetitions=d.get("repetitions", 0),
            earliest=ClaimRef.from_key(d["earliest"]) if d.get("earliest") else None,
            amplifiers=tuple(d.get("amplifiers", [])),
            figures=tuple(FigurePair.from_dict(f) for f in d.get("figures", [])),
        )

    @property
    def conflicts(self) -> tuple[FigurePair, ...]:
        return tuple(f for f in self.figures if f.label == "conflict")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A claim placed on a timeline by its normalised time (publication time shown beside)."""

    when: str  # normalised TIMEX3 value used for ordering
    claim: ClaimRef
    text: str
    published: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "when": self.when,
            "claim": self.claim.key(),
            "text": self.text,
            "published": self.published,
            "source": self.source,
        }


@dataclass(slots=True)
class LinkResult:
    """Entities, and clusters of claims stated more than once; a claim in no cluster stands alone."""

    entities: list[GlobalEntity] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    # claim key -> global entity ids mentioned in it (for timelines and corroboration by entity)
    claim_entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [e.to_dict() for e in self.entities],
            "clusters": [c.to_dict() for c in self.clusters],
            "claim_entities": {k: list(v) for k, v in self.claim_entities.items()},
            "stats": self.stats,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinkResult:
        return cls(
            entities=[GlobalEntity.from_dict(e) for e in d.get("entities", [])],
            clusters=[Cluster.from_dict(c) for c in d.get("clusters", [])],
            claim_entities={k: tuple(v) for k, v in d.get("claim_entities", {}).items()},
            stats=dict(d.get("stats", {})),
        )

    def cluster_of(self, ref: ClaimRef) -> Cluster | None:
        return next((c for c in self.clusters if ref in c.members), None)

"""What the store's queries return: small frozen rows with a flat ``to_dict`` for JSON/CSV/table output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

AddStatus = Literal["added", "unchanged", "revision"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """The outcome of adding one analysis.

    ``revision``: the article's URL was already stored with other text; ``previous_id``
    is the document this one supersedes.
    """

    status: AddStatus
    doc_id: str
    previous_id: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim with who holds it and the article it comes from."""

    doc_id: str
    claim_id: str
    text: str
    source: str
    source_kind: str
    modality: str
    certainty: float | None
    cue: str | None
    start: int
    end: int
    published: str | None
    title: str | None
    outlet: str | None
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source (display text) with its number of claims, by modality, and of articles."""

    source: str
    kind: str
    claims: int
    documents: int
    asserted: int
    hedged: int
    speculative: int
    doubted: int
    negated: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity name across the collection, with its aliases and how often it is mentioned."""

    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A stored article, without its analysis."""

    doc_id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    claims: int
    entities: int
    added_at: str
    revision_of: str | None
    superseded_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def column_names(row_type: type[Any]) -> list[str]:
    """Field names of a row class, in order: the CSV header."""
    return [f.name for f in fields(row_type)]

"""The one data model every stage speaks.

Frozen, slotted dataclasses. Every span is ``[start, end)`` in Unicode code
points into :attr:`Document.text` (the clean article text), so a span's text is
always ``document.text[span.start:span.end]``.

``Analysis.to_dict()`` produces the output contract
(``claimgraph/schema/analysis.schema.json``); ``Analysis.from_dict()`` reads it
back losslessly (the store relies on that round trip).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["author", "named", "unnamed"]
Modality = Literal["asserted", "hedged", "speculative", "doubted", "negated"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
DateOrigin = Literal["metadata", "html", "dateline", "override", "none"]

MODALITIES: tuple[Modality, ...] = ("asserted", "hedged", "speculative", "doubted", "negated")
SOURCE_KINDS: tuple[SourceKind, ...] = ("author", "named", "unnamed")

JSONDict = dict[str, Any]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_list(cls, value: list[int] | tuple[int, int]) -> Span:
        return cls(int(value[0]), int(value[1]))


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A span together with its surface text (for subheadings, cues, aliases)."""

    text: str
    span: Span

    def to_dict(self) -> JSONDict:
        return {"text": self.text, "span": self.span.to_list()}

    @classmethod
    def from_dict(cls, d: JSONDict) -> TextSpan:
        return cls(text=d["text"], span=Span.from_list(d["span"]))


def normalise_text(text: str) -> str:
    """Normal form used for identity: NFC, unified newlines, collapsed spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


def document_id(text: str) -> str:
    """Stable content id: sha256 of the normalised text (hex)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """What a reader produces: clean text plus metadata, before any NLP.

    ``title_span``, ``dateline_span``, ``byline_span`` and ``subheadings`` mark
    structure lines inside ``text`` that are not claims.
    """

    text: str
    title: str | None = None
    published: str | None = None
    published_origin: DateOrigin = "none"
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    title_span: Span | None = None
    dateline_span: Span | None = None
    subheadings: tuple[TextSpan, ...] = ()
    byline_span: Span | None = None
    source_path: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return document_id(self.text)

    def structure_spans(self) -> list[Span]:
        """Spans that are structure (title, dateline, byline, subheadings), not prose."""
        spans = [s for s in (self.title_span, self.dateline_span, self.byline_span) if s is not None]
        spans.extend(sh.span for sh in self.subheadings)
        return sorted(spans)


@dataclass(frozen=True, slots=True)
class Document:
    """The ``document`` object of the contract."""

    id: str
    text: str
    title: str | None
    published: str | None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    author: str | None = None
    published_origin: DateOrigin = "none"
    title_span: Span | None = None
    dateline_span: Span | None = None
    subheadings: tuple[TextSpan, ...] = ()
    byline_span: Span | None = None
    source_path: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(
            id=article.id,
            text=article.text,
            title=article.title,
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            language=article.language,
            author=article.author,
            published_origin=article.published_origin,
            title_span=article.title_span,
            dateline_span=article.dateline_span,
            subheadings=article.subheadings,
            byline_span=article.byline_span,
            source_path=article.source_path,
            source_format=article.source_format,
            encoding=article.encoding,
            notes=article.notes,
            metadata=dict(article.metadata),
        )

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "url": self.url,
            "language": self.language,
            "author": self.author,
            "published_origin": self.published_origin,
            "title_span": self.title_span.to_list() if self.title_span is not None else None,
            "dateline_span": self.dateline_span.to_list() if self.dateline_span is not None else None,
            "subheadings": [s.to_dict() for s in self.subheadings],
            "byline_span": self.byline_span.to_list() if self.byline_span is not None else None,
            "source_path": self.source_path,
            "source_format": self.source_format,
            "encoding": self.encoding,
            "notes": list(self.notes),
            "metadata": self.metadata,
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Document:
        def opt_span(v: Any) -> Span | None:
            return Span.from_list(v) if v is not None else None

        return cls(
            id=d["id"],
            text=d["text"],
            title=d.get("title"),
            published=d.get("published"),
            outlet=d.get("outlet"),
            url=d.get("url"),
            language=d.get("language"),
            author=d.get("author"),
            published_origin=d.get("published_origin", "none"),
            title_span=opt_span(d.get("title_span")),
            dateline_span=opt_span(d.get("dateline_span")),
            subheadings=tuple(TextSpan.from_dict(s) for s in d.get("subheadings", [])),
            byline_span=opt_span(d.get("byline_span")),
            source_path=d.get("source_path"),
            source_format=d.get("source_format"),
            encoding=d.get("encoding"),
            notes=tuple(d.get("notes", [])),
            metadata=dict(d.get("metadata") or {}),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent with every mention of it in the article.

    ``kind`` refines the type for sources (media, government, intelligence,
    military, expert, social_media); ``roles`` lists every role seen, ``role`` the
    first/main one.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    role: str | None = None
    kind: str | None = None
    roles: tuple[str, ...] = ()

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_list() for m in self.mentions],
            "role": self.role,
            "kind": self.kind,
            "roles": list(self.roles),
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Entity:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d.get("aliases", [])),
            mentions=tuple(Span.from_list(m) for m in d.get("mentions", [])),
            role=d.get("role"),
            kind=d.get("kind"),
            roles=tuple(d.get("roles", [])),
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure: point value or range, unit or counted noun, approximation.

    ``approx`` is the approximation/bound as written ("about", "up to");
    ``approx_class`` maps it to ``~`` (approximate), ``>`` (lower bound),
    ``<`` (upper bound) or ``=`` (exact). ``direction`` is ``up``/``down`` when
    the figure is a change ("rose 5 %"). ``kind`` is one of count, measure,
    currency, percent, fraction, calibre. ``of`` links a calibre to the id of
    the count it qualifies.
    """

    id: str
    span: Span
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    approx: str | None
    approx_class: str = "="
    kind: str | None = None
    unit_text: str | None = None
    concept: str | None = None
    direction: str | None = None
    of: str | None = None

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "span": self.span.to_list(),
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "approx": self.approx,
            "approx_class": self.approx_class,
            "kind": self.kind,
            "unit_text": self.unit_text,
            "concept": self.concept,
            "direction": self.direction,
            "of": self.of,
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Quantity:
        return cls(
            id=d["id"],
            span=Span.from_list(d["span"]),
            text=d["text"],
            value=d.get("value"),
            low=d.get("low"),
            high=d.get("high"),
            unit=d.get("unit"),
            approx=d.get("approx"),
            approx_class=d.get("approx_class", "="),
            kind=d.get("kind"),
            unit_text=d.get("unit_text"),
            concept=d.get("concept"),
            direction=d.get("direction"),
            of=d.get("of"),
        )


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A TIMEX3-style time expression normalised against the publication date.

    ``mod`` is the TIMEX3 modifier (START, END, APPROX, ...); ``anchor`` names the
    event an event-anchored expression hangs on ("the beginning of the war"),
    with ``value`` left null rather than an invented date. ``role`` is
    "publication" for the dateline. ``quant`` is the TIMEX3 quantifier of a SET ("EVERY" for "annually").
    """

    id: str
    span: Span
    text: str
    type: TimeType
    value: str | None
    mod: str | None = None
    anchor: str | None = None
    begin: str | None = None
    end: str | None = None
    role: str | None = None
    quant: str | None = None

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "span": self.span.to_list(),
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "anchor": self.anchor,
            "begin": self.begin,
            "end": self.end,
            "role": self.role,
            "quant": self.quant,
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> TimeExpr:
        return cls(
            id=d["id"],
            span=Span.from_list(d["span"]),
            text=d["text"],
            type=d["type"],
            value=d.get("value"),
            mod=d.get("mod"),
            anchor=d.get("anchor"),
            begin=d.get("begin"),
            end=d.get("end"),
            role=d.get("role"),
            quant=d.get("quant"),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """Who holds a claim.

    ``kind`` is author (the outlet's own voice), named or unnamed. For a pronoun
    source ("They") ``text``/``span`` are the pronoun and ``resolved_text`` /
    ``resolved_span`` the antecedent it resolves to.
    """

    kind: SourceKind
    text: str | None = None
    span: Span | None = None
    entity: str | None = None
    type: str | None = None
    resolved_text: str | None = None
    resolved_span: Span | None = None

    def to_dict(self) -> JSONDict:
        return {
            "kind": self.kind,
            "text": self.text,
            "span": self.span.to_list() if self.span is not None else None,
            "entity": self.entity,
            "type": self.type,
            "resolved_text": self.resolved_text,
            "resolved_span": self.resolved_span.to_list() if self.resolved_span is not None else None,
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Source:
        return cls(
            kind=d["kind"],
            text=d.get("text"),
            span=Span.from_list(d["span"]) if d.get("span") is not None else None,
            entity=d.get("entity"),
            type=d.get("type"),
            resolved_text=d.get("resolved_text"),
            resolved_span=(Span.from_list(d["resolved_span"]) if d.get("resolved_span") is not None else None),
        )

    @property
    def display(self) -> str:
        if self.kind == "author":
            return "AUTHOR"
        return self.resolved_text or self.text or "UNNAMED"


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that mark the attribution ("said", "according to")."""

    text: str
    span: Span

    def to_dict(self) -> JSONDict:
        return {"text": self.text, "span": self.span.to_list()}

    @classmethod
    def from_dict(cls, d: JSONDict) -> Cue:
        return cls(text=d["text"], span=Span.from_list(d["span"]))


@dataclass(frozen=True, slots=True)
class Claim:
    """One proposition with who holds it and how sure.

    ``span``/``text`` are the content without the attribution frame.
    ``markers`` are the words that set the modality ("may", "reportedly", "not").
    ``parent`` is the id of the claim a relative-clause claim hangs on.
    ``content`` is what the source is reported to have said, as the article
    words it: the whole complement or quotation the cue governs, with its
    complementiser ("that", "whether"), quotation marks and the punctuation
    inside them, in fragments where the cue interrupts it (PolNeAR's and PARC's
    convention). Several claims under one cue share it; empty for the outlet's
    own claims.
    """

    id: str
    span: Span
    text: str
    source: Source
    cue: Cue | None
    modality: Modality
    certainty: float | None
    entities: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    markers: tuple[TextSpan, ...] = ()
    sentence: Span | None = None
    parent: str | None = None
    content: tuple[Span, ...] = ()

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "span": self.span.to_list(),
            "text": self.text,
            "source": self.source.to_dict(),
            "cue": self.cue.to_dict() if self.cue is not None else None,
            "modality": self.modality,
            "certainty": self.certainty,
            "entities": list(self.entities),
            "quantities": list(self.quantities),
            "times": list(self.times),
            "markers": [m.to_dict() for m in self.markers],
            "sentence": self.sentence.to_list() if self.sentence is not None else None,
            "parent": self.parent,
            "content": [c.to_list() for c in self.content],
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Claim:
        return cls(
            id=d["id"],
            span=Span.from_list(d["span"]),
            text=d["text"],
            source=Source.from_dict(d["source"]),
            cue=Cue.from_dict(d["cue"]) if d.get("cue") else None,
            modality=d["modality"],
            certainty=d.get("certainty"),
            entities=tuple(d.get("entities", [])),
            quantities=tuple(d.get("quantities", [])),
            times=tuple(d.get("times", [])),
            markers=tuple(TextSpan.from_dict(m) for m in d.get("markers", [])),
            sentence=Span.from_list(d["sentence"]) if d.get("sentence") is not None else None,
            parent=d.get("parent"),
            content=tuple(Span.from_list(c) for c in d.get("content") or ()),
        )


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: a source reported (by a cue) to have said, thought or done something.

    A relation in the sense of attribution corpora (PARC, PolNeAR): the cue, the
    source (``kind`` "unnamed" when none is given), and the ``content`` fragments
    as the article words them. ``claims`` are the ids of the claims it holds;
    an attribution may hold none: a question put to someone, a noun phrase
    ("criticised the budget"), or a stance the outlet reports as its own event
    ("the ministry backed the plan").
    """

    id: str
    cue: Cue
    source: Source
    content: tuple[Span, ...]
    claims: tuple[str, ...] = ()

    def to_dict(self) -> JSONDict:
        return {
            "id": self.id,
            "cue": self.cue.to_dict(),
            "source": self.source.to_dict(),
            "content": [c.to_list() for c in self.content],
            "claims": list(self.claims),
        }

    @classmethod
    def from_dict(cls, d: JSONDict) -> Attribution:
        return cls(
            id=d["id"],
            cue=Cue.from_dict(d["cue"]),
            source=Source.from_dict(d["source"]),
            content=tuple(Span.from_list(c) for c in d.get("content") or ()),
            claims=tuple(d.get("claims") or ()),
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """The complete analysis of one article: the output contract."""

    document: Document
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = ()
    generator: JSONDict = field(default_factory=dict, compare=False, hash=False)
    attributions: tuple[Attribution, ...] = ()

    def to_dict(self) -> JSONDict:
        return {
            "document": self.document.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quantities": [q.to_dict() for q in self.quantities],
            "times": [t.to_dict() for t in self.times],
            "claims": [c.to_dict() for c in self.claims],
            "attributions": [a.to_dict() for a in self.attributions],
            "warnings": list(self.warnings),
            "generator": self.generator,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: JSONDict) -> Analysis:
        return cls(
            document=Document.from_dict(d["document"]),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", [])),
            quantities=tuple(Quantity.from_dict(q) for q in d.get("quantities", [])),
            times=tuple(TimeExpr.from_dict(t) for t in d.get("times", [])),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims", [])),
            warnings=tuple(d.get("warnings", [])),
            generator=dict(d.get("generator") or {}),
            attributions=tuple(Attribution.from_dict(a) for a in d.get("attributions") or ()),
        )

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

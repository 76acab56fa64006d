"""Claim sources: the Source of a frame's holder, its type, and the pronouns it resolves.

One :class:`DocState` per document carries the sources seen so far, so that a
later "she said" or "it said" resolves to the nearest agreeing holder.
Source types are data (``data/source_types.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extract.attribution import Frame
from claimgraph.extract.clauses import char_span
from claimgraph.extract.cue_lexicon import cue_lexicon
from claimgraph.extract.entity_mentions import is_legal_form
from claimgraph.extract.line_speakers import LineSpeaker
from claimgraph.model import Entity, Source, Span


@dataclass(frozen=True, slots=True)
class SourceTypes:
    phrases: dict[str, str]
    nouns: dict[str, str]
    entity_kinds: dict[str, str]
    entity_labels: dict[str, str]


@cache
def source_types() -> SourceTypes:
    """``data/source_types.json``, parsed once per process."""
    text = resources.files("claimgraph.extract").joinpath("data", "source_types.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    return SourceTypes(
        phrases={k.lower(): v["type"] for k, v in raw["phrases"].items()},
        nouns={k.lower(): v["type"] for k, v in raw["nouns"].items()},
        entity_kinds=dict(raw["entity_kinds"]),
        entity_labels=dict(raw["entity_labels"]),
    )


def source_type(phrase: SpacySpan, head: Token, entities: list[Entity]) -> str | None:
    """The type of the holder named by ``phrase`` (media, expert, ...), or None when unknown."""
    types = source_types()
    low = phrase.text.lower()
    for key, value in types.phrases.items():
        if key in low:
            return value
    for tok in (head, *(t for t in phrase if t.i != head.i and t.dep_ in ("compound", "amod", "nmod"))):
        if tok.pos_ == "PROPN":
            continue
        found = types.nouns.get(tok.lemma_.lower()) or types.nouns.get(tok.lower_)
        if found is not None:
            return found
    start, end = phrase.start_char, phrase.end_char
    for ent in entities:
        if ent.kind and any(m.start < end and start < m.end for m in ent.mentions):
            kind = types.entity_kinds.get(ent.kind)
            if kind is not None:
                return kind
    # only the head's own label: "subsidiaries of John Hancock Co" are not a person
    return types.entity_labels.get(head.ent_type_)


@dataclass(slots=True)
class _Held:
    """A source seen so far: what a later pronoun may resolve to."""

    span: SpacySpan
    head: Token


def _agrees(pronoun: str, held: _Held, labels: frozenset[str]) -> bool:
    head = held.head
    label = head.ent_type_ or next((t.ent_type_ for t in held.span if t.ent_type_), "")
    if pronoun in ("he", "she"):
        return label == "PERSON"
    if pronoun in ("they", "we"):
        return head.tag_ in ("NNS", "NNPS") or label in labels or head.lemma_.lower() in ("medium", "media")
    return label in labels or (head.tag_ in ("NN", "NNP") and label != "PERSON")


def _resolve(pronoun: Token, held: list[_Held], ents: tuple[SpacySpan, ...]) -> SpacySpan | None:
    """Nearest earlier source (or named entity) that agrees with the pronoun."""
    labels = cue_lexicon().pronouns.get(pronoun.lower_)
    if labels is None:
        return None
    for cand in reversed(held):
        if cand.span.end <= pronoun.i and cand.head.pos_ != "PRON" and _agrees(pronoun.lower_, cand, labels):
            return cand.span
    for ent in reversed(ents):
        if ent.end <= pronoun.i and ent.label_ in labels:
            return ent
    return _previous_subject(pronoun, labels)


def _previous_subject(pronoun: Token, labels: frozenset[str]) -> SpacySpan | None:
    """Last resort: the main subject of the sentence before ("The Orvik Herald printed it. It said ...")."""
    doc = pronoun.doc
    sent_start = pronoun.sent.start
    if sent_start == 0:
        return None
    root = doc[sent_start - 1].sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    cand = _Held(doc[subj.left_edge.i : subj.i + 1], subj)
    return cand.span if _agrees(pronoun.lower_, cand, labels) else None


@dataclass(slots=True)
class DocState:
    """What one document's pass carries from sentence to sentence (text and ents are built once: costly)."""

    doc: Doc
    text: str
    ents: tuple[SpacySpan, ...]
    entities: list[Entity]
    held: list[_Held]
    #: speakers named by line layout ("NAME: ...", '"..." ― Name'), found once per document
    speakers: list[LineSpeaker] = field(default_factory=list)


def _relative_antecedent(pronoun: Token) -> SpacySpan | None:
    """ "an architect who said ...": the noun phrase a relative-pronoun source stands for."""
    if pronoun.tag_ not in ("WP", "WDT") or pronoun.head.dep_ != "relcl":
        return None
    noun = pronoun.head.head
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _whole_names(state: DocState, s: int, e: int) -> tuple[int, int]:
    """A source that is only a company's legal form, widened to the company mention it ends.

    The parse takes "Inc" for the source when a line break splits the name ("Rollins Environmental
    Services\nInc said ..."): the source is the company. Only a bare legal form is widened: the small
    model's mentions in headlines run on ("Obama Says"), and a real name needs no help.
    """
    doc = state.doc
    if not is_legal_form(doc, s, e):
        return s, e
    lo, hi = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
    for entity in state.entities:
        for m in entity.mentions:
            if m.start < hi and lo < m.end and (m.start < lo or m.end > hi):
                span = doc.char_span(min(lo, m.start), max(hi, m.end), alignment_mode="expand")
                if span is not None:
                    s, e = span.start, span.end
    return s, e


def build_source(state: DocState, frame: Frame | None) -> Source:
    """The holder of a clause: the author without a frame, else the frame's source phrase.

    A pronoun is resolved to an earlier holder that agrees with it; a named phrase is
    remembered in ``state`` for the pronouns after it.
    """
    if frame is None:
        return Source(kind="author")
    if frame.source is None or frame.source_head is None:
        return Source(kind="unnamed")
    doc = state.doc
    s, e = frame.source
    while e - s > 1 and doc[e - 1].is_punct and doc[e - 1].text in ",;:—-":
        e -= 1  # "The company, which owns CVN, said": the appositive's comma is not the source's
    s, e = _whole_names(state, s, e)
    phrase = doc[s:e]
    head = doc[frame.source_head]
    span = char_span(doc, s, e)
    text = state.text[span.start : span.end]
    if e - s == 1 and head.pos_ == "PRON":
        antecedent = _relative_antecedent(head) or _resolve(head, state.held, state.ents)
        if antecedent is not None:
            return _resolved(state, text, span, antecedent)
        return Source(kind="named", text=text, span=span)
    state.held.append(_Held(phrase, head))
    antecedent = _described(state, phrase, head) if e - s == 2 and doc[s].lower_ == "the" else None
    if antecedent is not None:
        return _resolved(state, text, span, antecedent)
    return Source(kind="named", text=text, span=span, type=source_type(phrase, head, state.entities))


def _resolved(state: DocState, text: str, span: Span, antecedent: SpacySpan) -> Source:
    """A source as written ("it", "The company") that stands for ``antecedent``, typed by what it stands for."""
    return Source(
        kind="named",
        text=text,
        span=span,
        type=source_type(antecedent, antecedent.root, state.entities),
        resolved_text=antecedent.text,
        resolved_span=Span(antecedent.start_char, antecedent.end_char),
    )


# "the company" names the organisation the article last gave a name, whatever it is; "the bank", "the
# ministry" name the last one whose own name holds that word ("Halvern Bank", "the Defence Ministry")
_ANY_ORGANISATION = frozenset({"company", "firm", "corporation", "group", "concern", "conglomerate"})
_NAMED_BY_HEAD = frozenset(
    "bank ministry agency airline union council commission committee department court party university "
    "institute fund board bureau exchange authority federation association organisation organization".split()
)


def _described(state: DocState, phrase: SpacySpan, head: Token) -> SpacySpan | None:
    """The organisation a definite description source refers back to ("The company said ..."), or None.

    Among the organisations that fit, the one that has been a source most often so far comes first (on a
    tie, the first of them: a wire story's subject), then the nearest one named before the phrase.
    """
    word = head.lower_
    if head.tag_ != "NN" or (word not in _ANY_ORGANISATION and word not in _NAMED_BY_HEAD):
        return None
    before = phrase.start_char
    fitting = [
        entity
        for entity in state.entities
        if entity.type == "ORG" and (word in _ANY_ORGANISATION or word in entity.name.lower().split())
    ]
    mentions = sorted(
        ((m.start, m.end, k) for k, entity in enumerate(fitting) for m in entity.mentions if m.end <= before)
    )
    if not mentions:
        return None
    times: dict[int, int] = {}
    first: dict[int, tuple[int, int]] = {}
    for held in state.held:
        if held.span.end_char > before:
            continue
        for start, end, k in mentions:
            if held.span.start_char <= start and end <= held.span.end_char:
                times[k] = times.get(k, 0) + 1
                first.setdefault(k, (start, end))
                break
    if times:
        k = min(times, key=lambda k: (-times[k], first[k]))
        start, end = first[k]
    else:
        start, end, _ = mentions[-1]
    return state.doc.char_span(start, end, alignment_mode="expand")


__all__ = ["DocState", "SourceTypes", "build_source", "source_type", "source_types"]

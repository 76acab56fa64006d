"""Modality of each claim: asserted, hedged, speculative, doubted or negated, with a certainty.

Runs after ``claimgraph_claims_v1`` and rewrites each claim's ``modality``,
``certainty`` and ``markers``. The words that count are the modal auxiliaries,
hedge adverbs and negation attached to the claim's head verb (so a relative
clause's "could" does not leak into its parent), hedging raising verbs
("appears to"), and the default effect of the attribution cue. The lexicon is
data: ``data/modality.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.extract.attribution import cue_effect
from claimgraph.extract.deadline import check_deadline
from claimgraph.model import Claim, Modality, Span, TextSpan

_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj"})
_DOUBT_TYPES: frozenset[Modality] = frozenset({"doubted", "negated"})


@dataclass(frozen=True, slots=True)
class Effect:
    """A modality with its certainty, as one marker or cue lends it."""

    modality: Modality
    certainty: float


@dataclass(frozen=True, slots=True)
class ModalityLexicon:
    default: Effect
    negated_weaker_factor: float
    modals: dict[str, Effect]
    adverbs: dict[str, Effect]
    hedge_verbs: dict[str, Effect]
    negation: dict[str, Effect]
    predicates: dict[str, Effect]
    cue_effects: dict[str, Effect]
    negated_cues: dict[str, Effect]


def _effects(raw: dict[str, Any]) -> dict[str, Effect]:
    return {k: Effect(v["modality"], float(v["certainty"])) for k, v in raw.items()}


@cache
def modality_lexicon() -> ModalityLexicon:
    """``data/modality.json``, parsed once per process."""
    text = resources.files("claimgraph.extract").joinpath("data", "modality.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    default = raw["default"]
    return ModalityLexicon(
        default=Effect(default["modality"], float(default["certainty"])),
        negated_weaker_factor=float(raw["negated_weaker_factor"]),
        modals=_effects(raw["modals"]),
        adverbs=_effects(raw["adverbs"]),
        hedge_verbs=_effects(raw["hedge_verbs"]),
        negation=_effects(raw["negation"]),
        predicates=_effects(raw["predicates"]),
        cue_effects=_effects(raw["cue_effects"]),
        negated_cues=_effects(raw["negated_cues"]),
    )


def clause_markers(head: Token) -> list[tuple[Token, Effect]]:
    """The modality markers attached to a clause head, in text order."""
    lex = modality_lexicon()
    found: list[tuple[Token, Effect]] = []
    for child in head.children:
        dep = child.dep_
        low = child.lower_
        effect: Effect | None = None
        if dep == "aux" and child.tag_ == "MD":
            effect = lex.modals.get(low) or lex.modals.get(child.lemma_.lower())
        elif dep == "neg" or (dep == "advmod" and low in lex.negation):
            effect = lex.negation.get(low)
        elif dep == "advmod":
            effect = lex.adverbs.get(low)
        elif dep == "acomp":
            effect = lex.predicates.get(low)
        elif dep in _ARGUMENT_DEPS:
            # "none of the staff", "nobody"; "no evidence", "neither team": a negative argument negates the clause
            effect = lex.negation.get(low)
            det = next((d for d in child.children if d.dep_ in ("det", "preconj") and d.lower_ in lex.negation), None)
            if det is not None:
                found.append((det, lex.negation[det.lower_]))
        if effect is not None:
            found.append((child, effect))
    if head.dep_ == "ccomp":
        # "It is possible that C": the predicate adjective of the governing copula frames C
        gov = head.head
        frame = next((c for c in gov.children if c.dep_ == "acomp" and c.lower_ in lex.predicates), None)
        if frame is None and gov.lower_ in lex.predicates:
            frame = gov
        if frame is not None:
            found.append((frame, lex.predicates[frame.lower_]))
    hedge = lex.hedge_verbs.get(head.lemma_.lower())
    if hedge is not None and any(c.dep_ == "xcomp" for c in head.children):
        found.append((head, hedge))
    found.sort(key=lambda pair: pair[0].i)
    return found


def is_marked(head: Token) -> bool:
    """Whether a clause carries a modality of its own (used to split off relative clauses)."""
    default = modality_lexicon().default
    return any(e.modality != default.modality or e.certainty < default.certainty for _, e in clause_markers(head))


def combine(markers: list[Effect], cue: Effect | None) -> Effect:
    """Decide one claim's modality from its content markers and its cue's default effect.

    A doubt-type cue (doubt, deny) decides alone. Otherwise the least certain
    marker wins (so "suggest ... will" stays speculative and "can reportedly"
    is hedged). Negation alone negates; with a weaker marker ("may not") that
    marker's modality stays and its certainty drops.
    """
    lex = modality_lexicon()
    if cue is not None and cue.modality in _DOUBT_TYPES:
        return cue
    negations = [m for m in markers if m.modality == "negated"]
    others = [m for m in markers if m.modality != "negated"]
    if cue is not None:
        others.append(cue)
    weakest = min(others, key=lambda e: e.certainty) if others else lex.default
    if negations:
        if weakest.modality == "asserted":
            return negations[0]
        return Effect(weakest.modality, round(weakest.certainty * lex.negated_weaker_factor, 3))
    return weakest


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _text_span(text: str, start_char: int, end_char: int) -> TextSpan:
    return TextSpan(text[start_char:end_char], Span(start_char, end_char))


def assess(doc: Doc, claim: Claim, text: str | None = None) -> Claim:
    """Return ``claim`` with modality, certainty and markers set from the parse.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    lex = modality_lexicon()
    content = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if content is None or len(content) == 0:
        return claim
    found = clause_markers(content.root)
    cue_eff: Effect | None = None
    cue_marker: TextSpan | None = None
    if claim.cue is not None:
        cue_tokens = doc.char_span(claim.cue.span.start, claim.cue.span.end, alignment_mode="expand")
        entry = cue_effect(cue_tokens) if cue_tokens is not None else None
        if entry is not None:
            cue_eff = lex.cue_effects.get(entry.effect)
            if cue_tokens is not None and _negated(cue_tokens.root):
                cue_eff = lex.negated_cues.get(entry.effect, cue_eff)
            if cue_eff is not None and cue_eff.modality != "asserted":
                cue_marker = _text_span(text, claim.cue.span.start, claim.cue.span.end)
    decided = combine([e for _, e in found], cue_eff)
    markers: list[TextSpan] = [_text_span(text, t.idx, t.idx + len(t.text)) for t, _ in found]
    if cue_marker is not None and all(not cue_marker.span.overlaps(m.span) for m in markers):
        markers.append(cue_marker)
    markers.sort(key=lambda m: m.span)
    return replace(claim, modality=decided.modality, certainty=decided.certainty, markers=tuple(markers))


class ModalityComponent:
    """``Doc -> Doc``: rewrite ``doc._.cg_claims`` with their modality."""

    def __call__(self, doc: Doc) -> Doc:
        claims: list[Claim] = list(doc._.cg_claims or [])
        text = doc.text
        assessed = []
        for claim in claims:
            check_deadline(doc, "claimgraph_modality_v1")
            assessed.append(assess(doc, claim, text))
        doc._.cg_claims = assessed
        return doc


@Language.factory("claimgraph_modality_v1", assigns=["doc._.cg_claims"], requires=["doc._.cg_claims"])
def make_modality(nlp: Language, name: str) -> ModalityComponent:
    """Factory for the ``claimgraph_modality_v1`` component."""
    return ModalityComponent()


__all__ = ["Effect", "ModalityComponent", "assess", "clause_markers", "combine", "is_marked", "modality_lexicon"]

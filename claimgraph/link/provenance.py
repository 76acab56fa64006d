"""Provenance and independence of a cluster's claims.

Each member claim gets a chain from its article to its ultimate source: the outlet, then whoever the
claim is attributed to; when that source is itself an outlet whose articles are in the collection, the
chain follows to the source that outlet's matching claim cites (outlet -> cited outlet -> cited agency,
person or "social media videos"). Claims in the outlet's own voice have the outlet as their origin; an
unnamed source ("reportedly") stays tied to the outlet that used it. Independent sources are the
distinct ultimate sources; every further member is a repetition. The earliest appearance is the member
published first; amplifiers are outlets that relay someone else's claim.

Two refinements keep one source from being counted twice, or two as one:

- A source that names nobody ("three delegates", "analysts", "the report", "its ministry") cannot be
  told apart from another outlet's: it is tied to the outlet that quotes it, like an unnamed source,
  so "analysts" quoted by two outlets are two sources and the delegates and "sources familiar with
  the talks" of one story are one.
- A republished story (the same claims under another outlet's name, see
  :class:`claimgraph.link.republication.RepublicationIndex`) is that story's source: its chain runs through the
  outlet that published it first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from claimgraph.link.names import name_key
from claimgraph.link.records import ClaimRef, ProvenanceChain
from claimgraph.model import Analysis, Claim


@dataclass(frozen=True, slots=True)
class MemberInfo:
    ref: ClaimRef
    outlet: str
    published: str | None
    source_kind: str  # author | named | unnamed
    source_name: str | None  # resolved display name of a named source (global entity name when known)
    republished_from: str | None = None  # the outlet that first published the story this claim's article repeats
    identified: bool = True  # False for a named source that names nobody ("three delegates", "the report")


def outlet_of(analysis: Analysis) -> str:
    doc = analysis.document
    return (
        doc.outlet
        or (doc.url.split("/")[2] if doc.url and doc.url.count("/") >= 2 else None)
        or (f"document {doc.id[:8]}")
    )


_AFFILIATION = re.compile(r"(?:^|\b(?:by|at|of|from|for|with|in|inside|within)\s+)(?:the)?\s*$", re.I)


def affiliated_entity(claim: Claim, analysis: Analysis) -> str | None:
    """The local entity id a named source stands for, or None when its own words name it better.

    The entity counts when it is the source itself ("the X Agency") or the body a source speaks for
    ("a briefing by X", "analysts at X"); "Ostland's defence ministry" is not Ostland. A person counts
    under a title or with an appositive ("Energy Minister Ana Ruiz", "Ana Ruiz, the energy minister,
    who ..."), and so does a role the article gives exactly one person ("the energy minister" where
    the article has introduced "Ana Ruiz, the energy minister").
    """
    src = claim.source
    if src.kind != "named":
        return None
    span = src.resolved_span if src.resolved_span is not None else src.span
    if span is None:
        return None
    text = analysis.document.text
    entity = analysis.entity(src.entity) if src.entity else None
    if entity is not None:
        for mention in entity.mentions:
            if span.start <= mention.start and mention.end == span.end:
                prefix = text[span.start : mention.start].strip()
                if _AFFILIATION.search(prefix) or entity.type == "PERSON":
                    return entity.id
    people = [e for e in analysis.entities if e.type == "PERSON"]
    for person in people:
        for mention in person.mentions:
            if not span.start <= mention.start < mention.end <= span.end:
                continue
            before, after = text[span.start : mention.start], text[mention.end : span.end]
            if "," not in before and (not after.strip() or after.lstrip()[:1] == ","):
                return person.id
    role = _role_key(text[span.start : span.end])
    holders = [p.id for p in people if role and role in {_role_key(r) for r in p.roles}]
    return holders[0] if len(holders) == 1 else None


_ROLE_OPENERS = re.compile(r"^(?:the|a|an|its|their|his|her)\s+", re.I)


def _role_key(words: str) -> str:
    """A role phrase compared case- and determiner-blind: "the Oil Minister" ~ "oil minister"."""
    return " ".join(_ROLE_OPENERS.sub("", words.strip()).lower().split())


# Words that may open a source phrase that names nobody: determiners, quantifiers, pronouns and the
# nouns of anonymous groups, capitalised only because they start the sentence.
_OPENERS = frozenset(
    "the a an some many several few most other others two three four five six seven eight nine ten dozens "
    "his her its their our my your he she they we it this that these those "
    "sources source analysts analyst officials official delegates delegate traders trader diplomats diplomat "
    "experts expert economists economist observers insiders dealers bankers investors residents witnesses "
    "critics people lawmakers executives authorities police officers scientists researchers doctors workers "
    "industry market government senior western local foreign".split()
)
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")


def names_nobody(text: str) -> bool:
    """True for a source phrase with no name in it: "Three delegates", "two sources familiar with the
    talks", "the report", "its oil ministry". A capitalised word other than an opener is a name."""
    words = _WORDS.findall(text)
    if not words:
        return False
    first, rest = words[0], words[1:]
    if first[:1].isupper() and first.lower() not in _OPENERS:
        return False
    return all(not w[:1].isupper() for w in rest)


# A relative clause describes a source, it does not name it: "Velora, which pumped 1.9 million bpd".
_RELATIVE = re.compile(r",\s+(?:which|who|whose|whom)\b.*\Z", re.S)


def source_text(claim: Claim) -> str | None:
    """The words that name a named source (its antecedent for a pronoun), less any relative clause."""
    src = claim.source
    if src.kind != "named":
        return None
    text = _RELATIVE.sub("", (src.resolved_text or src.text or "").strip()).strip()
    return text or None


@lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    """Its words in lower case, plurals aside; cached, as every cluster asks again about its outlets."""
    return frozenset(w.lower().removesuffix("s") for w in _WORDS.findall(text))


def _is_outlet_itself(source: str, outlet: str) -> bool:
    """Whether a source phrase names the outlet quoting it ("a Petro Monitor survey" in Petro Monitor;
    "a Reuter survey" in Reuters): every word of the outlet's name is in it (plurals aside)."""
    words = _stems(outlet)
    return bool(words) and words <= _stems(source)


def chains(
    members: Sequence[MemberInfo],
    shared: dict[tuple[str, ...], tuple[str, ...]] | None = None,
    key_of: Callable[[str], str] = name_key,
) -> list[ProvenanceChain]:
    """Each member's chain to its ultimate source; equal chains share one tuple via ``shared`` if given.

    ``key_of`` is the name key function (the linker passes a memoised one: outlets repeat in every cluster).
    """
    outlets = {key_of(m.outlet): m.outlet for m in members}
    by_outlet: dict[str, list[MemberInfo]] = {}
    for m in members:
        by_outlet.setdefault(key_of(m.outlet), []).append(m)

    def follow(m: MemberInfo, seen: frozenset[str]) -> tuple[str, ...]:
        if m.republished_from and key_of(m.republished_from) != key_of(m.outlet):
            # a republished story: its claims are those of the outlet that published it first
            original = replace(m, outlet=m.republished_from, republished_from=None)
            return (m.outlet, *follow(original, seen | {key_of(m.outlet)}))
        if m.source_kind == "author":
            return (m.outlet,)
        if m.source_kind == "unnamed":
            return (m.outlet, f"unnamed source ({m.outlet})")
        if m.source_name and _is_outlet_itself(m.source_name, m.outlet):
            return (m.outlet,)  # "a Reuter survey" in a Reuters story is the outlet's own voice
        if not m.identified:
            # "three delegates": nobody another outlet's delegates can be told apart from
            return (m.outlet, m.source_name or "?", f"unnamed source ({m.outlet})")
        name = m.source_name or "?"
        key = key_of(name)
        if key not in outlets:  # "a Petro Monitor survey" cites Petro Monitor
            key = next((k for k, outlet in outlets.items() if _is_outlet_itself(name, outlet)), key)
        if key in outlets and key not in seen and key != key_of(m.outlet):
            # the cited source is an outlet in the collection: follow its own attribution
            cited = sorted(by_outlet[key], key=lambda x: x.published or "")[0]
            return (m.outlet, *follow(cited, seen | {key_of(m.outlet)}))
        return (m.outlet, name)

    result = []
    for m in members:
        chain = follow(m, frozenset())
        if shared is not None:
            chain = shared.setdefault(chain, chain)
        result.append(ProvenanceChain(claim=m.ref, chain=chain, ultimate=chain[-1], published=m.published))
    return result


def independence(
    provenance: Sequence[ProvenanceChain], key_of: Callable[[str], str] = name_key
) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """(independent ultimate sources, number of repetitions, amplifying outlets)."""
    ultimates: dict[str, str] = {}
    for p in sorted(provenance, key=lambda p: (p.published or "", p.claim)):
        ultimates.setdefault(key_of(p.ultimate), p.ultimate)
    amplifiers = sorted({p.chain[0] for p in provenance if key_of(p.ultimate) != key_of(p.chain[0])})
    return tuple(ultimates.values()), len(provenance) - len(ultimates), tuple(amplifiers)

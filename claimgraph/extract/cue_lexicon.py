"""The cue lexicon (``data/cues.json``) in the shape the attribution matchers need, parsed once per process.

Kept apart from :mod:`claimgraph.extract.attribution` so that its readers (the frame
finders, claim sources, the tagger merge) share one parsed copy, and the line speakers
read their section of the same file, without pulling in the parse walks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class CueEntry:
    """What a cue is: the kind of predicate and the modality effect it lends."""

    cue_class: str
    effect: str


@dataclass(frozen=True, slots=True)
class MultiwordCue:
    words: tuple[str, ...]
    entry: CueEntry
    content: Literal["clause", "object"]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """``data/cues.json`` in the shape the matchers need (built once)."""

    verbs: dict[str, CueEntry]
    multiword: dict[str, tuple[MultiwordCue, ...]]
    according: tuple[str, ...]
    agent_nouns: frozenset[str]
    evidential: dict[str, CueEntry]
    passive: dict[str, CueEntry]
    passive_particles: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    self_hedges: frozenset[str]
    #: verbs that hold no proposition when their clause is a question, and the words that open one
    question_verbs: frozenset[str]
    question_words: frozenset[str]
    adjectives: dict[str, CueEntry]
    object_verbs: dict[str, CueEntry]
    addressee_verbs: frozenset[str]
    object_deps: frozenset[str]
    object_preps: frozenset[str]
    #: "in" + these nouns ("In the latest poll, C"): the instrument holds C
    survey_preposition: str
    survey_nouns: frozenset[str]
    #: "you know", "I mean" ...: no cue when set off by punctuation
    discourse_markers: frozenset[tuple[str, ...]]


def load_json(name: str) -> dict[str, Any]:
    """A JSON file of ``claimgraph/extract/data``, parsed (callers cache what they build from it)."""
    text = resources.files("claimgraph.extract").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def cue_lexicon() -> CueLexicon:
    """The cue lexicon, parsed once per process."""
    raw = load_json("cues.json")
    verbs = {lemma: CueEntry(v["class"], v["effect"]) for lemma, v in raw["verbs"].items()}
    multi: dict[str, list[MultiwordCue]] = {}
    for m in raw["multiword"]:
        words = tuple(w.lower() for w in m["words"])
        cue = MultiwordCue(words, CueEntry(m["class"], m["effect"]), m["content"])
        multi.setdefault(words[0], []).append(cue)
    return CueLexicon(
        verbs=verbs,
        multiword={k: tuple(v) for k, v in multi.items()},
        according=tuple(w.lower() for w in raw["according"]["words"]),
        agent_nouns=frozenset(raw["according"]["agent_nouns"]),
        evidential={k: CueEntry("evidential", v["effect"]) for k, v in raw["evidential_adverbs"].items()},
        passive={k: CueEntry("passive", v["effect"]) for k, v in raw["passive"].items()},
        passive_particles=frozenset(raw["passive_particles"]),
        pronouns={k: frozenset(v) for k, v in raw["pronouns"].items()},
        self_hedges=frozenset(raw["self_hedges"]["pronouns"]),
        question_verbs=frozenset(raw["indirect_questions"]["verbs"]),
        question_words=frozenset(raw["indirect_questions"]["question_words"]),
        adjectives={k: CueEntry(v["class"], v["effect"]) for k, v in raw["adjectives"].items()},
        object_verbs={k: CueEntry(v["class"], v["effect"]) for k, v in raw["object_verbs"]["verbs"].items()},
        addressee_verbs=frozenset(raw["object_verbs"]["addressee_verbs"]["verbs"]),
        object_deps=frozenset(raw["object_verbs"]["deps"]),
        object_preps=frozenset(raw["object_verbs"]["preps"]),
        survey_preposition=raw["survey_sources"]["preposition"],
        survey_nouns=frozenset(n.split()[-1] for n in raw["survey_sources"]["nouns"]),
        discourse_markers=frozenset(tuple(p.split()) for p in raw["discourse_markers"]["phrases"]),
    )


__all__ = ["CueEntry", "CueLexicon", "MultiwordCue", "cue_lexicon", "load_json"]

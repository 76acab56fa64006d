"""The cue lexicon mined from PolNeAR train (claimgraph/extract/data/cues_mined.json).

Schema and hygiene for every entry, and for each entry a templated sentence of
our own (one template per structure) in which the entry's lemma sequence must be found again by the same token
filter the miner used (so a lemma matcher built on the file can fire on it; a matcher must
accept a word's lowercased text as well as its lemma, see the last test).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from spacy.tokens import Doc

import claimgraph
from claimgraph.eval.mine_cues import STRUCTURES, kept, lemma

DATA: dict[str, Any] = json.loads(
    resources.files("claimgraph.extract").joinpath("data/cues_mined.json").read_text(encoding="utf-8")
)
ENTRIES: list[dict[str, Any]] = DATA["entries"]
UPOS = {
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "SCONJ",
    "VERB",
    "X",
}
FIELDS = {"lemmas", "form", "head_pos", "structure", "count", "occurrences", "precision", "structures"}
# Sentences of our own, one per structure; a verbal cue goes in its base form after "will".
TEMPLATES = {
    "verb_ccomp": "The mayor will {cue} that the bridge would close.",
    "verb_dobj": "The mayor will {cue} the new bridge.",
    "verb_xcomp": "The mayor will {cue} to close the bridge.",
    "preposition": "{cue} the mayor, the bridge will close in May.",
    "noun": "The mayor's {cue} the bridge surprised the council.",
    "adverb": "The bridge will {cue} close in May.",
    "other": "The mayor will {cue} about the bridge.",
}


def test_cues_mined_about_names_source_method_and_command() -> None:
    about = DATA["_about"]
    assert "PolNeAR" in about["source"] and "train" in about["source"]
    assert "precision" in about["method"]
    assert about["command"].startswith("python -m claimgraph.eval.mine_cues ")
    assert set(about["fields"]) == FIELDS
    assert set(about["structures_legend"]) == set(STRUCTURES)


def test_cues_mined_entries_are_unique_and_sorted_by_count() -> None:
    keys = [e["lemmas"] for e in ENTRIES]
    assert len(keys) == len(set(keys)) > 50
    counts = [e["count"] for e in ENTRIES]
    assert counts == sorted(counts, reverse=True)
    # the reporting verbs every news corpus leads with
    assert {"say", "tell", "accord to", "add"} <= set(keys[:10])


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["lemmas"] for e in ENTRIES])
def test_cues_mined_entry_schema(entry: dict[str, Any]) -> None:
    assert set(entry) == FIELDS
    words = entry["lemmas"].split(" ")
    assert entry["lemmas"] == entry["lemmas"].lower() and all(words)
    assert len(words) <= 6  # a cue, never sentence text
    assert entry["form"] == entry["form"].lower() and len(entry["form"].split()) == len(words)
    assert entry["head_pos"] in UPOS
    assert entry["structure"] in STRUCTURES
    assert entry["count"] >= 3 and entry["occurrences"] >= 1
    assert 0.3 <= entry["precision"] <= 1.0
    assert sum(entry["structures"].values()) == entry["count"]
    assert entry["structures"][entry["structure"]] == max(entry["structures"].values())


@pytest.fixture(scope="module")
def template_docs() -> dict[str, Doc]:
    nlp = claimgraph.default_pipeline().nlp
    disable = [name for name in nlp.pipe_names if name.startswith("claimgraph_")]
    texts = [TEMPLATES[e["structure"]].format(cue=e["lemmas"]) for e in ENTRIES]
    return {e["lemmas"]: doc for e, doc in zip(ENTRIES, nlp.pipe(texts, disable=disable), strict=True)}


def test_cues_mined_every_structure_has_a_template() -> None:
    assert set(TEMPLATES) == set(STRUCTURES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["lemmas"] for e in ENTRIES])
def test_cues_mined_entry_is_found_in_a_templated_sentence(
    entry: dict[str, Any], template_docs: dict[str, Doc]
) -> None:
    doc = template_docs[entry["lemmas"]]
    # spaCy lemmatises a participle by its tag ("worried": ADJ -> "worried", VERB -> "worry"), so a
    # matcher on this file must accept a word's lowercased text as well as its lemma.
    words = [(lemma(t), t.lower_) for t in doc if kept(t)]
    wanted = entry["lemmas"].split(" ")
    found = any(all(w in words[i + k] for k, w in enumerate(wanted)) for i in range(len(words) - len(wanted) + 1))
    assert found, f"{doc.text!r} -> {words!r}"

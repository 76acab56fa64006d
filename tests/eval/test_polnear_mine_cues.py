"""Mining a cue lexicon from brat attribution files (a tiny split of our own)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

import claimgraph
from claimgraph.eval.mine_cues import build, main

# Three annotated "said" cues and one "said" that is no cue, two "according to" cues.
TEXTS = {
    "gazette_a": (
        "The harbour master said that the ferry would resume on Monday. "
        "According to the coastguard, the storm has passed.\n"
        "Little was said about the fares."
    ),
    "gazette_b": (
        "The ferry is full, a deckhand said. "
        "Union leaders said the strike would end. "
        "According to the timetable, the last boat leaves at nine."
    ),
}
# (sentence opening, cue, source, content): each span is looked up from its sentence on
CUES = {
    "gazette_a": [
        ("The harbour", "said", "The harbour master", "that the ferry would resume on Monday"),
        ("According", "According to", "the coastguard", "the storm has passed"),
    ],
    "gazette_b": [
        ("The ferry", "said", "a deckhand", "The ferry is full"),
        ("Union", "said", "Union leaders", "the strike would end"),
        ("According", "According to", "the timetable", "the last boat leaves at nine"),
    ],
}


def write_split(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, text in TEXTS.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines: list[str] = []
        for k, (opening, cue, source, content) in enumerate(CUES[name]):
            spans = []
            for kind, needle in (("Cue", cue), ("Source", source), ("Content", content)):
                start = text.index(needle, text.index(opening))
                spans.append(f"T{3 * k + len(spans) + 1}")
                lines.append(f"{spans[-1]}\t{kind} {start} {start + len(needle)}\t{needle}")
            lines.append(f"E{k + 1}\tAttribution:{spans[0]} Cue:{spans[0]} Source:{spans[1]} Content:{spans[2]}")
        (root / "attributions" / f"{name}_a1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def nlp() -> Language:
    return claimgraph.default_pipeline().nlp


def test_polnear_mine_cues_counts_support_and_precision(tmp_path: Path, nlp: Language) -> None:
    data = build(write_split(tmp_path / "split"), nlp, min_count=2, min_precision=0.3)
    entries = {e["lemmas"]: e for e in data["entries"]}
    assert set(entries) == {"say", "accord to"}
    say = entries["say"]
    assert (say["count"], say["occurrences"], say["precision"]) == (3, 4, 0.75)
    assert say["head_pos"] == "VERB"
    assert say["structure"] == "verb_ccomp"
    according = entries["accord to"]
    assert (according["count"], according["precision"], according["form"]) == (2, 1.0, "according to")
    assert according["structure"] == "preposition"
    assert "_about" in data and "command" in data["_about"]


def test_polnear_mine_cues_thresholds_drop_entries(tmp_path: Path, nlp: Language) -> None:
    split = write_split(tmp_path / "split")
    assert [e["lemmas"] for e in build(split, nlp, min_count=3)["entries"]] == ["say"]
    assert build(split, nlp, min_count=2, min_precision=0.8)["entries"][0]["lemmas"] == "accord to"


def test_polnear_mine_cues_command_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "cues.json"
    assert main([str(write_split(tmp_path / "split")), str(out), "--min-count", "2"]) == 0
    assert {e["lemmas"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"]} == {"say", "accord to"}

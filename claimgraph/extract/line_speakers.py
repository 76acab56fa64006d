"""Speakers named by the layout of whole lines ("NAME: ...", '"..." ― Name'), found on the raw text.

No parse is needed: one regex pass per pattern; the patterns are built once from
the ``line_speakers`` section of ``data/cues.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimgraph.extract.cue_lexicon import load_json


@dataclass(frozen=True, slots=True)
class LineSpeaker:
    """A speaker named by layout ("NAME: ...", '"..." ― Name'): char ranges of source, cue and content."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]


@cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    raw = load_json("cues.json")["line_speakers"]
    word = r"[A-Z][\w.'’&-]*"
    name = rf"{word}(?:[ \t]+{word}){{0,{int(raw['max_words']) - 1}}}"
    colon = re.compile(rf"^[ \t]*[\"“]?(?P<name>{name})(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)$", re.M)
    dashes = "|".join(re.escape(d) for d in sorted(raw["dashes"], key=len, reverse=True))
    dash = re.compile(
        rf"^(?P<content>[ \t]*[\"“”‘'][^\n]*[\"”’'])[ \t\xa0]*"
        rf"(?P<cue>{dashes})[ \t\xa0]*(?P<name>{name})\.?[ \t\xa0]*$",
        re.M,
    )
    return colon, dash, frozenset(w.lower() for w in raw["not_speakers"])


def line_speakers(text: str) -> list[LineSpeaker]:
    """Speakers named by the layout of whole lines; one regex pass per pattern over the text."""
    colon, dash, not_speakers = _line_patterns()
    found: list[LineSpeaker] = []
    for pattern in (colon, dash):
        for m in pattern.finditer(text):
            if m.group("name").lower() in not_speakers:
                continue
            start, end = m.span("name")
            if pattern is dash and text[end - 1] == "." and text[end - 3 : end - 1].islower():
                end -= 1  # the line's full stop ("― Ana Ruiz."), not an initial or "Jr."
            found.append(LineSpeaker((start, end), m.span("cue"), m.span("content")))
    return found


__all__ = ["LineSpeaker", "line_speakers"]

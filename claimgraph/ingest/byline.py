"""Byline lines of plain-text articles: who wrote it ("By Ana Ruiz and Tom Reyes, Staff Writers").

A byline is one of the first lines: an opener ("By", "Reporting by"), one to
six names (capitalised words, maybe with particles such as "de" or "van",
joined by commas and a final "and"), then maybe a separator and the rest of
the line: a role, an outlet or a date ("By Ana Ruiz | 3 March 2025"). The
line is structure, not prose; its names are the article's author and a date
in its rest is a dateline. Prose that opens with "By" ("By Monday, the
ferries ran again.") is no byline: a name is never a month or a weekday alone, the
rest starts with a capital or a digit, and the line does not end a sentence.
A name set in capitals is given in title case ("BY ANA RUIZ" -> "Ana Ruiz").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimgraph.ingest.dates import PartialDate, calendar_words, parse_dateline
from claimgraph.model import Span

MAX_BYLINE_CHARS = 160
_UPPER = "A-ZÀ-ÖØ-Þ"
_SEPARATOR = r"\s*(?:,|\||—|–|·|•|/|\s-)\s*"
_REST_SPLIT = re.compile(r"\s*(?:,|\||—|–|·|•|/|\s-\s)\s*")


@dataclass(frozen=True, slots=True)
class Byline:
    """The author names as written, the span of the whole line, and a date its rest holds."""

    author: str
    span: Span
    date: PartialDate | None = None
    notes: tuple[str, ...] = ()


@cache
def _vocabulary() -> dict[str, list[str]]:
    raw = resources.files("claimgraph.ingest").joinpath("data/bylines.json").read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(raw)
    return data


@cache
def _byline_re() -> re.Pattern[str]:
    vocab = _vocabulary()
    openers = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in sorted(vocab["openers"], key=len, reverse=True))
    particles = "|".join(re.escape(p) for p in vocab["name_particles"])
    word = rf"[{_UPPER}][\w'’.\-]*"
    name = rf"{word}(?:\s+(?:(?:{particles})\s+){{0,2}}{word}){{0,3}}"
    names = rf"{name}(?:\s*,\s*{name}){{0,4}}\s*,?\s+(?:and|&)\s+{name}|{name}"
    return re.compile(rf"(?i:{openers})(?::\s*|\s+)(?P<names>{names})(?:{_SEPARATOR}(?P<rest>\S.*))?")


def _ends_sentence(text: str) -> bool:
    if text[-1:] in "!?":
        return True
    # a final full stop ends a sentence, except after an initial or a short abbreviation ("Jr.", "J.")
    return text.endswith(".") and len(text.rsplit(maxsplit=1)[-1]) > 4


def parse_byline(line: str, start: int = 0) -> Byline | None:
    """The byline ``line`` is (``start``: its offset in the text), or ``None`` when it is none."""
    stripped = line.strip()
    lead = len(line) - len(line.lstrip())
    # emphasis marks around the whole line ("*By Ana Ruiz*") belong to the line, not to the names
    core = stripped.strip("*_")
    if not core or len(stripped) > MAX_BYLINE_CHARS or _ends_sentence(core):
        return None
    match = _byline_re().fullmatch(core)
    if match is None:
        return None
    names = match["names"]
    words = [w.lower().rstrip(".") for w in names.split()]
    if any(w in _vocabulary()["not_names"] for w in words):
        return None
    people = [p.split() for p in re.split(r"\s*(?:,|\band\b|&)\s*", names) if p.strip()]
    if any(len(p) == 1 and p[0].lower().rstrip(".") in calendar_words() for p in people):
        return None  # "By Tuesday", "By March": a date, not a name ("Jan van Dijk" is one)
    if names.isupper():
        names = names.title()  # "BY ANA RUIZ"
    rest = match["rest"]
    date: PartialDate | None = None
    notes: list[str] = []
    if rest is not None:
        if not (rest[0].isupper() or rest[0].isdigit()):
            return None
        for part in (rest, *_REST_SPLIT.split(rest)):
            parsed = parse_dateline(part)
            if parsed is not None:
                date, found_notes = parsed
                notes.extend(found_notes)
                break
    return Byline(" ".join(names.split()), Span(start + lead, start + lead + len(stripped)), date, tuple(notes))


__all__ = ["MAX_BYLINE_CHARS", "Byline", "parse_byline"]

"""Unwrap hard-wrapped plain text: the line breaks a wrapper put inside paragraphs become spaces.

E-mail, wire copy and plain-text archives break every line near a fixed width
(65 to 80 columns). Left in, each such break would end a sentence (news layout
needs a line break to end one: headlines and datelines carry no full stop) and
put a whitespace token in the middle of a clause for the parser, so a claim
would stop at the margin ("it will ask for") and lose its source.

A break is a wrap when the text as a whole is wrapped (its lines are at most
:data:`~claimgraph.ingest.structure.WRAP_MAX_CHARS` characters and most breaks fall mid-sentence at the margin)
and, for this break, the next line's first word would not have fitted on the
line (a wrapper fills each line), or the line ends in a word that ends no
sentence ("in the"). A break before an indented line, a bullet, a quoted
e-mail line or a blank line stays: that is a new paragraph, and so does every
break in a leading e-mail header block ("From: ...", "Subject: ..."). The first line
joins the next only where it plainly goes on (it ends in such a word, or the
next line starts in lower case), so a headline over the body stays a line.

Each wrap becomes one space: every character offset stays where it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate

from claimgraph.ingest.mail_headers import parse_mail_headers
from claimgraph.ingest.structure import WRAP_MAX_CHARS, ends_sentence, inline_dateline, is_list_item, wraps_into

#: a wrapped text's longest line is at least this long (and at most WRAP_MAX_CHARS)
MIN_WIDTH = 40
#: a line of fewer words is no wrapped prose (a row of a table, a sign-off)
_MIN_WORDS = 4
#: of the pairs of adjacent lines, at least this share end mid-sentence in a wrapped text ...
_OPEN_SHARE = 0.5
#: ... and of those, at least this share break at the margin
_MARGIN_SHARE = 0.6
_MIN_PAIRS = 2
#: a run of spaces or a tab between words: the columns of a table
_COLUMNS_RE = re.compile(r"\S(?: {3,}|\t)\S")
#: how many columns short of the measured width a line may end and still be at the margin
_MARGIN_SLACK = 1
#: paragraphs are marked by indenting their first line when this many lines do so
_FIRST_LINE_INDENTS = 2


@dataclass(frozen=True, slots=True)
class Reflowed:
    """The unwrapped text (same length as the input) and how many line breaks became spaces."""

    text: str
    wraps: int


@cache
def _line_end_words() -> frozenset[str]:
    raw = resources.files("claimgraph.ingest").joinpath("data/reflow.json").read_text(encoding="utf-8")
    words: list[str] = json.loads(raw)["line_end_words"]
    return frozenset(words)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _blank(line: str) -> bool:
    return not line.strip()


def _separate(line: str) -> bool:
    """A line that is a unit of its own: a bullet, a quoted e-mail line or a table row."""
    return is_list_item(line) or line.lstrip().startswith(">") or _COLUMNS_RE.search(line) is not None


def _hangs(line: str) -> bool:
    """Whether the line ends in a word that ends no sentence ("... are in the")."""
    words = line.rsplit(maxsplit=1)
    return bool(words) and words[-1] in _line_end_words()


def _continues(line: str, following: str) -> bool:
    """In a wrapped text, a line that ends mid-sentence before one in lower case goes on, wherever it broke
    ("Building society income has" / "been depressed in recent months")."""
    return not ends_sentence(line) and following.lstrip()[:1].islower()


def _goes_on(line: str, following: str, width: int) -> bool:
    # one column of slack: wire systems count the space a line ends in, which the width measured here drops
    return wraps_into(line, following, width - _MARGIN_SLACK) or _hangs(line)


def wrap_width(lines: list[str]) -> int | None:
    """The width the text is wrapped at (its longest prose line with a space), or None where it is not wrapped."""
    width = max((len(line.rstrip()) for line in lines if " " in line.strip() and not _separate(line)), default=0)
    return width if MIN_WIDTH <= width <= WRAP_MAX_CHARS else None


def _pairs(lines: list[str]) -> list[int]:
    """Indices ``i`` where lines ``i`` and ``i + 1`` may be one paragraph (both prose, no indent step).

    Where paragraphs are marked by an indented first line, an indented line always starts one.
    """
    prose = [i for i in range(len(lines) - 1) if not _blank(lines[i]) and not _blank(lines[i + 1])]
    first_line_indent = sum(_indent(lines[i]) > 0 and _indent(lines[i + 1]) == 0 for i in prose) >= _FIRST_LINE_INDENTS
    return [
        i
        for i in prose
        if not _separate(lines[i])
        and not _separate(lines[i + 1])
        and (len(lines[i].split()) >= _MIN_WORDS or _hangs(lines[i]))
        and (_indent(lines[i + 1]) == 0 if first_line_indent else _indent(lines[i + 1]) <= _indent(lines[i]))
    ]


def wrapped_breaks(text: str) -> list[int]:
    """Offsets of the line breaks in ``text`` that a wrapper put inside paragraphs."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return []
    starts = [0, *accumulate(len(line) + 1 for line in lines)]
    pairs = _pairs(lines)
    headers = parse_mail_headers(lines, starts)
    if headers is not None:
        pairs = [i for i in pairs if i >= headers.end]  # "From: ..." and "Subject: ..." are lines of their own
    open_pairs = [i for i in pairs if not ends_sentence(lines[i])]
    if len(pairs) < _MIN_PAIRS or len(open_pairs) < _OPEN_SHARE * len(pairs):
        return []
    if sum(_goes_on(lines[i], lines[i + 1], width) for i in open_pairs) < _MARGIN_SHARE * len(open_pairs):
        return []
    first = next(i for i, line in enumerate(lines) if not _blank(line) and i >= (headers.end if headers else 0))
    # the first line joins only where it plainly goes on: a headline over the body fills no margin test;
    # a line that opens with a wire dateline is the body's first line, never a headline
    return [
        starts[i + 1] - 1
        for i in pairs
        if (
            _hangs(lines[i]) or lines[i + 1].lstrip()[:1].islower() or inline_dateline(lines[i]) is not None
            if i == first
            else _goes_on(lines[i], lines[i + 1], width) or _continues(lines[i], lines[i + 1])
        )
    ]


def reflow(text: str) -> Reflowed:
    """``text`` with its wrapped line breaks (:func:`wrapped_breaks`) turned into spaces."""
    breaks = wrapped_breaks(text)
    if not breaks:
        return Reflowed(text, 0)
    chars = list(text)
    for at in breaks:
        chars[at] = " "
    return Reflowed("".join(chars), len(breaks))


__all__ = ["MIN_WIDTH", "Reflowed", "reflow", "wrap_width", "wrapped_breaks"]

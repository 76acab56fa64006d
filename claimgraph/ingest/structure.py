"""Structure lines of a plain-text article: headline, dateline, byline, subheadings.

These lines are not claims, so the extractors skip them. Only the first lines are
looked at for the headline and dateline; the subheading scan is one pass over
the lines that drops ordinary lines with a length and punctuation test, so a
long text costs little. Nothing here changes the text: every result is a span
into it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate

from claimgraph.ingest.byline import parse_byline
from claimgraph.ingest.dates import PartialDate, parse_dateline
from claimgraph.ingest.mail_headers import parse_mail_headers
from claimgraph.model import Span, TextSpan

# A headline is one line of at most this many words / characters.
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250
# Subheadings are short: a few words, never a sentence.
_SUBHEADING_MAX_WORDS = 12
_SUBHEADING_MAX_CHARS = 100
# A paragraph after a subheading must read like prose: this many words at least.
_PROSE_MIN_WORDS = 6
# The dateline is looked for among the first lines only.
_DATELINE_SCAN_LINES = 8
# Lines at most this long look hard-wrapped (e-mail style, ~72 columns); longer ones are paragraphs.
WRAP_MAX_CHARS = 100

_SENTENCE_END = frozenset(".!?…:;,")
# Closing quotes and brackets hide the real last character ('he said."').
_TRAILING_CLOSERS = "\"'”’»)]*_ "
_BULLET_RE = re.compile(r"\s*(?:[-*•–—+>]|\d{1,3}[.)])\s")
_MARKDOWN_HEADING_RE = re.compile(r"#{1,6}[ \t]+(\S)")
# Longer lines (with indentation or trailing spaces) are never subheadings, so need no closer look.
_CANDIDATE_MAX_CHARS = _SUBHEADING_MAX_CHARS + 20
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# A wire dateline opening the first paragraph: "CLEVELAND, Feb 26 - ", "WASHINGTON (AP) — ",
# "LONDON, March 6, 2024 (Reuters) - ": the place in capitals, then what follows it up to the dash.
_INLINE_DATELINE_RE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z.'’ -]{1,30}[A-Z.])(?P<when>(?:,[ \t]*[A-Z0-9][A-Za-z0-9.' ]{0,30}[A-Za-z0-9.])*)"
    r"(?:[ \t]*\([A-Za-z ]{2,20}\))?[ \t]+(?:-{1,2}|[–—])(?=[ \t])"
)
# Enough of the text to see whether it is hard-wrapped.
_WIDTH_SAMPLE_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text with its offsets (without the newline)."""

    start: int
    end: int
    text: str

    @property
    def stripped_span(self) -> Span:
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text) - len(self.text.rstrip())
        return Span(self.start + lead, self.end - trail)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class Structure:
    """What :func:`detect_structure` found."""

    title: str | None = None
    title_span: Span | None = None
    dateline: PartialDate | None = None
    dateline_span: Span | None = None
    author: str | None = None
    byline_span: Span | None = None
    subheadings: list[TextSpan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` (split on ``\\n`` only) with their character offsets."""
    lines: list[Line] = []
    start = 0
    for part in text.split("\n"):
        lines.append(Line(start, start + len(part), part))
        start += len(part) + 1
    return lines


def _last_char(line: str) -> str:
    stripped = line.rstrip(_TRAILING_CLOSERS)
    return stripped[-1] if stripped else ""


def is_list_item(line: str) -> bool:
    """True when the line is a bullet, a numbered item or a quoted e-mail line ("- ...", "2) ...", "> ...")."""
    return _BULLET_RE.match(line) is not None


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (final punctuation, maybe inside quotes)."""
    return _last_char(line) in _SENTENCE_END


@cache
def _minor_words() -> frozenset[str]:
    raw = resources.files("claimgraph.ingest").joinpath("data/structure.json").read_text(encoding="utf-8")
    words: list[str] = json.loads(raw)["title_case_minor_words"]
    return frozenset(words)


def is_title_cased(line: str) -> bool:
    """Most words capitalised, as in "Minister Rejects Bridge Plan Amid Protests"."""
    minor = _minor_words()
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in minor]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.8 * len(words)


def _markdown_heading(line: Line) -> TextSpan | None:
    """The text of a Markdown ``## Heading`` line, without the marks; ``None`` for other lines."""
    lead = len(line.text) - len(line.text.lstrip())
    match = _MARKDOWN_HEADING_RE.match(line.text, lead)
    if match is None:
        return None
    # Closing marks ("## Heading ##") are optional in Markdown; strip them without a backtracking regex.
    body = line.text[match.start(1) :].rstrip().rstrip("#").rstrip()
    if not body:
        return None
    start = line.start + match.start(1)
    return TextSpan(body, Span(start, start + len(body)))


def _title_text(line: Line) -> TextSpan | None:
    """The headline a first line would be (without Markdown ``#`` marks); ``None`` when it reads as prose."""
    markdown = _markdown_heading(line)
    if markdown is not None:
        return markdown
    text = line.text.strip()
    if not text or len(text) > _TITLE_MAX_CHARS or line.words > _TITLE_MAX_WORDS:
        return None
    first = text.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return None
    if _last_char(text) in ".!?…" and not is_title_cased(text):
        return None
    return TextSpan(text, line.stripped_span)


def _heading_text(line: Line) -> TextSpan | None:
    """The subheading a line would be, ignoring Markdown ``#`` marks; ``None`` when it cannot be one."""
    markdown = _markdown_heading(line)
    if markdown is not None:
        return markdown
    raw = line.text
    text = raw.strip()
    if not text or len(text) > _SUBHEADING_MAX_CHARS or len(text.split()) > _SUBHEADING_MAX_WORDS:
        return None
    if ends_sentence(text) or _BULLET_RE.match(raw) or not any(c.isalpha() for c in text):
        return None
    first = text.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return None
    span = line.stripped_span
    return TextSpan(text, span)


def inline_dateline(line: str) -> re.Match[str] | None:
    """The wire dateline a line opens with ("CLEVELAND, Feb 26 -" before "Standard Oil Co said ..."), or None.

    A headline in capitals with a dash ("OPEC - NO CHANGE IN OUTPUT") is none: what follows a dateline is prose.
    """
    m = _INLINE_DATELINE_RE.match(line)
    return m if m is not None and not line[m.end() :].isupper() else None


def wraps_into(line: str, following: str, width: int) -> bool:
    """True when ``following`` continues ``line`` because of hard wrapping, not a new paragraph.

    A wrapper fills each line: if the next line's first word would have fitted on this one,
    this line ended on purpose (a heading), not at the margin.
    """
    first_word = following.split(maxsplit=1)[0] if following.strip() else ""
    return len(line.rstrip()) + 1 + len(first_word) > width


class _Lines:
    """The text split once into lines, with offsets; navigation skips blank lines."""

    def __init__(self, text: str) -> None:
        self.raw = text.split("\n")
        self.starts = [0, *accumulate(len(line) + 1 for line in self.raw)]

    def line(self, index: int) -> Line:
        start = self.starts[index]
        return Line(start, start + len(self.raw[index]), self.raw[index])

    def blank(self, index: int) -> bool:
        return not self.raw[index].strip()

    def next_content(self, index: int) -> int | None:
        for j in range(index + 1, len(self.raw)):
            if not self.blank(j):
                return j
        return None

    def prev_content(self, index: int) -> int | None:
        for j in range(index - 1, -1, -1):
            if not self.blank(j):
                return j
        return None

    def paragraph_is_prose(self, index: int, blocks: bool) -> bool:
        """Whether the paragraph starting at line ``index`` reads like prose (enough words, ends a sentence).

        A paragraph runs to the next blank line in block mode and is one line otherwise.
        """
        last, words = index, len(self.raw[index].split())
        if blocks:
            while last + 1 < len(self.raw) and not self.blank(last + 1):
                last += 1
                if words < _PROSE_MIN_WORDS:
                    words += len(self.raw[last].split())
        return words >= _PROSE_MIN_WORDS and ends_sentence(self.raw[last])


def _take_inline_dateline(found: Structure, lines: _Lines, index: int) -> bool:
    """Record the dateline line ``index`` opens with (its span, and its date where it names a year)."""
    raw = lines.raw[index]
    m = inline_dateline(raw)
    if m is None:
        return False
    found.dateline_span = Span(lines.starts[index] + len(raw) - len(raw.lstrip()), lines.starts[index] + m.end())
    parts = [p.strip() for p in m["when"].split(",") if p.strip()]
    for k in range(1, len(parts) + 1):  # "Feb 26", or "March 6, 2024" split at its comma
        parsed = parse_dateline(", ".join(parts[-k:])) if found.dateline is None else None
        if parsed is not None:
            found.dateline, notes = parsed
            found.notes.extend(notes)
            break
    return True


def detect_structure(text: str, *, find_title: bool = True) -> Structure:
    """Find the headline, the dateline, the byline and the subheadings of a plain-text article.

    A leading e-mail header block (:mod:`claimgraph.ingest.mail_headers`) gives them first.
    """
    found = Structure()
    lines = _Lines(text)
    taken: set[int] = set()
    after_headers = -1
    headers = parse_mail_headers(lines.raw, lines.starts)
    if headers is not None:
        # an article saved as e-mail: the subject is the headline, the Date header the dateline, the sender
        # the author (a byline in the body still wins); the lines after the block are searched as usual
        after_headers = headers.end - 1
        taken.update(range(headers.end))
        if find_title and headers.subject is not None:
            found.title, found.title_span = headers.subject.text, headers.subject.span
        date_line = headers.lines.get("date") or headers.lines.get("sent")
        if headers.date is not None and date_line is not None:
            found.dateline, found.dateline_span = headers.date, date_line
        if headers.sender is not None:
            found.author, found.byline_span = headers.sender, headers.lines["from"]
    leading: list[int] = []
    index = lines.next_content(after_headers)
    while index is not None and len(leading) <= _DATELINE_SCAN_LINES:
        leading.append(index)
        index = lines.next_content(index)
    if len(leading) < 2:
        if leading and found.dateline_span is None:
            _take_inline_dateline(found, lines, leading[0])
        return found
    first = leading[0]
    # Paragraphs are separated by blank lines ("block mode") or are one line each.
    blocks = _BLANK_LINE_RE.search(text, lines.starts[first], len(text.rstrip())) is not None
    longest = max(len(line.rstrip()) for line in text[:_WIDTH_SAMPLE_CHARS].split("\n"))
    wrapped = blocks and longest <= WRAP_MAX_CHARS

    for i in leading[:_DATELINE_SCAN_LINES] if found.dateline is None else ():
        parsed = parse_dateline(lines.raw[i])
        if parsed is not None:
            found.dateline, notes = parsed
            found.notes.extend(notes)
            found.dateline_span = lines.line(i).stripped_span
            taken.add(i)
            break

    if find_title and found.title is None:
        # The headline is the first line, or the line after a leading dateline.
        pos = 1 if first in taken else 0
        if pos + 1 < len(leading):
            head, after = leading[pos], leading[pos + 1]
            # a byline first ("By Ana Ruiz") is no headline, nor is a paragraph that opens with a dateline
            opens_body = parse_byline(lines.raw[head]) is not None or inline_dateline(lines.raw[head]) is not None
            title = None if opens_body else _title_text(lines.line(head))
            continues = wrapped and after == head + 1 and wraps_into(lines.raw[head], lines.raw[after], longest)
            if title is not None and not continues:
                found.title, found.title_span = title.text, title.span
                taken.add(head)

    for i in leading[:_DATELINE_SCAN_LINES]:
        byline = None if i in taken else parse_byline(lines.raw[i], lines.starts[i])
        if byline is not None:
            found.author, found.byline_span = byline.author, byline.span
            if found.dateline is None and byline.date is not None:
                found.dateline = byline.date
                found.notes.extend(byline.notes)
            taken.add(i)
            break

    if found.dateline_span is None:
        # only the line's opening is the dateline: the line stays prose (not taken)
        body = next((i for i in leading if i not in taken), None)
        if body is not None:
            _take_inline_dateline(found, lines, body)

    for i, raw in enumerate(lines.raw):
        # Cheap tests first: almost every line is too long, blank, or (in block mode) inside a paragraph.
        if i <= first or (len(raw) > _CANDIDATE_MAX_CHARS and "#" not in raw[:8]) or raw.isspace() or not raw:
            continue
        markdown = raw.lstrip().startswith("#")
        if (ends_sentence(raw) and not markdown) or i in taken:
            continue
        if blocks and not markdown and not lines.blank(i - 1) and i - 1 not in taken:
            continue
        heading = _heading_text(lines.line(i))
        if heading is None:
            continue
        nxt = lines.next_content(i)
        if nxt is None:
            continue
        if not markdown:
            prev = lines.prev_content(i)
            if prev is None:
                continue
            if blocks:
                if nxt == i + 1 and wrapped and wraps_into(raw, lines.raw[nxt], longest):
                    continue
            elif prev not in taken and not ends_sentence(lines.raw[prev]):
                continue
            if not lines.paragraph_is_prose(nxt, blocks):
                continue
        found.subheadings.append(heading)
        taken.add(i)
    return found

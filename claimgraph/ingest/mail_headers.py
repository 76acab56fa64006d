"""The header block of an article saved or forwarded as an e-mail: its subject, date and sender.

Press releases, newsletters and forwarded stories often reach an analyst as
mail saved to text. Their first lines are headers ("From: ...", "Date: ...",
"Subject: ..."), not prose: the subject (without "Re:" or "Fwd:") is the title, the date is the
publication date and the sender (its display name, else its address) is the
author. A header block is the first lines of the text, each a known header
name and a colon (a continuation line starts with a blank), up to a blank
line; it must hold at least two headers, a Subject or a From among them.
Nothing here changes the text: every result is a span into it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parseaddr, parsedate_to_datetime
from functools import cache
from importlib import resources

from claimgraph.ingest.dates import PartialDate, parse_dateline
from claimgraph.model import Span, TextSpan

_HEADER = re.compile(r"([A-Za-z][A-Za-z-]{0,40})[ \t]*:[ \t]*(.*)")
_MIN_HEADERS = 2
# "Re:", "Fwd:" before a subject belong to the mail, not to the headline
_REPLY_PREFIX = re.compile(r"(?:(?:re|fwd?|aw|wg|tr)[ \t]*:[ \t]*)+", re.I)
#: a header block longer than this many lines is no header block
_MAX_LINES = 40


@dataclass(slots=True)
class MailHeaders:
    """The subject (text and span), the date, the sender and the span of each header line by name."""

    subject: TextSpan | None = None
    date: PartialDate | None = None
    sender: str | None = None
    lines: dict[str, Span] = field(default_factory=dict)
    end: int = 0  # index of the first line after the block


@cache
def _names() -> frozenset[str]:
    raw = resources.files("claimgraph.ingest").joinpath("data/mail_headers.json").read_text(encoding="utf-8")
    names: list[str] = json.loads(raw)["header_names"]
    return frozenset(names)


def _date(value: str) -> PartialDate | None:
    """The date of a Date or Sent header: the dateline parser first (it reads "9:12 PM"), then RFC 2822."""
    parsed = parse_dateline(value)
    if parsed is not None:
        return parsed[0]
    if re.search(r"\b[ap]\.?m\b", value, re.I):
        return None  # the e-mail parser would drop the AM/PM and keep the wrong hour
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # not a date at all, or one with a year or zone too large for datetime
    offset = when.utcoffset()
    tz = timezone(offset) if offset is not None else None
    return PartialDate(when.year, when.month, when.day, when.hour, when.minute, when.second, tz)


def _sender(value: str) -> str | None:
    if "@" not in value and "<" not in value:
        return " ".join(value.split()).strip("\"' ") or None  # a bare name ("From: Ana Ruiz")
    name, address = parseaddr(value)
    name = " ".join(name.split()).strip("\"' ")
    return name or address or None


def parse_mail_headers(raw_lines: list[str], starts: list[int]) -> MailHeaders | None:
    """The header block the text's first lines form (``starts``: each line's offset), or ``None``."""
    first = next((i for i, line in enumerate(raw_lines) if line.strip()), None)
    if first is None:
        return None
    found = MailHeaders()
    names = _names()
    count = 0
    last: str | None = None
    i = first
    while i < len(raw_lines) and raw_lines[i].strip():
        line = raw_lines[i]
        if i - first >= _MAX_LINES:
            return None
        if line[:1] in " \t" and last is not None:
            i += 1  # a folded header goes on
            continue
        match = _HEADER.fullmatch(line.rstrip())
        if match is None or match.group(1).lower() not in names:
            return None
        name, value = match.group(1).lower(), match.group(2).strip()
        count += 1
        last = name
        found.lines.setdefault(name, Span(starts[i], starts[i] + len(line.rstrip())))
        if name == "subject" and value and found.subject is None:
            prefix = _REPLY_PREFIX.match(value)
            cut = prefix.end() if prefix is not None else 0
            if value[cut:]:
                at = starts[i] + match.start(2) + cut
                found.subject = TextSpan(value[cut:], Span(at, at + len(value) - cut))
        elif name in ("date", "sent") and found.date is None:
            found.date = _date(value)
        elif name == "from" and found.sender is None:
            found.sender = _sender(value)
        i += 1
    if count < _MIN_HEADERS or not ({"subject", "from"} & found.lines.keys()):
        return None
    found.end = i
    return found


__all__ = ["MailHeaders", "parse_mail_headers"]

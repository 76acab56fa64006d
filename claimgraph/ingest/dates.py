"""Publication dates: dateline lines, ISO 8601 strings, and the "not in the future" check.

A date is kept only as precise as it was written: ``2024-11-29`` stays a day,
``29 November 2024 14:21`` becomes ``2024-11-29T14:21``, and a written time zone
becomes an offset (``2024-11-29T14:21+00:00``). The vocabulary (month and weekday
names, labels such as "Updated:", time zones) lives in ``data/datelines.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

from claimgraph.errors import InvalidDateError

# A line longer than this is prose, never a dateline; checking it first keeps the scan cheap.
MAX_DATELINE_CHARS = 90

# The furthest ahead of UTC any civil time zone runs (UTC+14): a naive local time up to this far in
# the future of the run may still be "now" where the article was written.
_NAIVE_SLACK = timedelta(hours=14)

_ISO_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date with as much of the time of day as was written."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: timezone | None = None

    def iso(self) -> str:
        """ISO 8601 at the precision known (``2024``, ``2024-11``, ``2024-11-29``, ``2024-11-29T14:21``...)."""
        out = f"{self.year:04d}"
        if self.month is None:
            return out
        out += f"-{self.month:02d}"
        if self.day is None:
            return out
        out += f"-{self.day:02d}"
        if self.hour is None:
            return out
        out += f"T{self.hour:02d}:{self.minute or 0:02d}"
        if self.second is not None:
            out += f":{self.second:02d}"
        if self.tz is not None:
            offset = self.tz.utcoffset(None)
            total = int(offset.total_seconds() // 60)
            sign = "+" if total >= 0 else "-"
            out += f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
        return out

    def earliest(self) -> datetime:
        """The first instant the value can denote (naive unless a zone was written)."""
        return datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
            tzinfo=self.tz,
        )

    def is_future(self, now: datetime) -> bool:
        """True when the value lies after ``now`` everywhere on Earth (naive ``now`` is read as UTC)."""
        now_utc = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
        start = self.earliest()
        if start.tzinfo is not None:
            return start > now_utc
        return start > (now_utc + _NAIVE_SLACK).replace(tzinfo=None)


@cache
def _vocabulary() -> dict[str, Any]:
    raw = resources.files("claimgraph.ingest").joinpath("data/datelines.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def calendar_words() -> frozenset[str]:
    """Month and weekday names and their abbreviations, lower case ("march", "mar", "tue")."""
    vocab = _vocabulary()
    return frozenset([*vocab["months"], *vocab["weekdays"]])


def _alternation(words: list[str]) -> str:
    # Longest first so "sept" wins over "sep" and "last updated" over "updated".
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _dateline_re() -> re.Pattern[str]:
    vocab = _vocabulary()
    months = _alternation(list(vocab["months"]))
    weekdays = _alternation(vocab["weekdays"])
    labels = _alternation(vocab["labels"])
    zones = _alternation([*vocab["timezones"], *vocab["zones_without_offset"]])
    ordinal = r"(?:st|nd|rd|th)?"
    date_alternatives = "|".join(
        (
            rf"(?P<d1>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m1>{months})\.?,?\s+(?P<y1>\d{{4}})",
            rf"(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}}){ordinal},?\s+(?P<y2>\d{{4}})",
            r"(?P<y3>\d{4})[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2})",
            r"(?P<a4>\d{1,2})[/.-](?P<b4>\d{1,2})[/.-](?P<y4>\d{4})",
        )
    )
    time = (
        r"(?:(?P<H>\d{1,2})(?:[:.h](?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
        r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)"
    )
    tz = rf"(?P<tz>{zones}|(?:utc|gmt)\s?[+-]\d{{1,2}}(?::?\d{{2}})?|[+-]\d{{2}}:?\d{{2}})"
    pattern = (
        rf"(?:(?P<label>{labels})\s*[:\-–—|]?\s*)?"
        rf"(?:(?P<wd>{weekdays})\.?,?\s+)?"
        rf"(?:{date_alternatives})"
        rf"(?:(?:\s*[,|\-–—/]\s*|\s+at\s+|\s+|T)(?P<time>{time}))?"
        rf"(?:\s*\(?{tz}\)?)?"
    )
    return re.compile(pattern, re.IGNORECASE)


def _zone(raw: str | None) -> tuple[timezone | None, bool]:
    """The offset a written zone stands for, and whether a zone was written at all."""
    if not raw:
        return None, False
    key = re.sub(r"\s+", " ", raw.lower())
    vocab = _vocabulary()
    if key in vocab["timezones"]:
        return _offset(vocab["timezones"][key]), True
    if key in vocab["zones_without_offset"]:
        return None, True
    match = re.fullmatch(r"(?:utc|gmt)?\s?([+-])(\d{1,2}):?(\d{2})?", key)
    if match is None:
        return None, True
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None, True
    sign = 1 if match.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=hours, minutes=minutes)), True


def _offset(text: str) -> timezone:
    sign = 1 if text[0] == "+" else -1
    hours, minutes = text[1:].split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _valid(year: int, month: int, day: int) -> bool:
    if not 1800 <= year <= 2200:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_dateline(line: str) -> tuple[PartialDate, list[str]] | None:
    """Parse a line that is nothing but a date (and maybe a label, time, zone); ``None`` otherwise.

    Returns the date and notes (e.g. how an ambiguous ``05/06/2024`` was read).
    """
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_DATELINE_CHARS or not any(c.isdigit() for c in stripped):
        return None
    match = _dateline_re().fullmatch(stripped)
    if match is None:
        return None
    months: dict[str, int] = _vocabulary()["months"]
    notes: list[str] = []
    g = match.groupdict()
    if g["y1"]:
        year, month, day = int(g["y1"]), months[g["m1"].lower()], int(g["d1"])
    elif g["y2"]:
        year, month, day = int(g["y2"]), months[g["m2"].lower()], int(g["d2"])
    elif g["y3"]:
        year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
    else:
        year, first, later = int(g["y4"]), int(g["a4"]), int(g["b4"])
        # Day first is the international default; a first number above 12 cannot be a month, a second
        # number above 12 can only be the day of a US-style date.
        if later > 12 >= first:
            month, day = first, later
        else:
            day, month = first, later
            if first <= 12 and first != later:
                notes.append(f"date: '{stripped}' is ambiguous; read day first as {year:04d}-{month:02d}-{day:02d}")
    if not _valid(year, month, day):
        return None
    tz, zone_written = _zone(g["tz"])
    if g["time"] is None or g["H"] is None:
        return PartialDate(year, month, day), notes
    hour = int(g["H"])
    minute: int | None = int(g["M"]) if g["M"] else None
    second: int | None = int(g["S"]) if g["S"] else None
    ampm = (g["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if minute is None and not ampm:
        # A bare number after the date ("2024-11-29 7") is not a time of day.
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or (minute or 0) > 59 or (second or 0) > 59:
        return None
    if zone_written and tz is None:
        notes.append(f"date: time zone '{g['tz']}' has no fixed offset; time kept without one")
    return PartialDate(year, month, day, hour, minute or 0, second, tz), notes


def parse_date(value: str) -> PartialDate | None:
    """Parse an ISO 8601 string (``2024``, ``2024-11``, ``2024-11-29``, ``2024-11-29T14:21Z``) or a dateline."""
    text = value.strip()
    match = _ISO_RE.fullmatch(text)
    if match is None:
        parsed = parse_dateline(text)
        return parsed[0] if parsed else None
    g = match.groupdict()
    year = int(g["y"])
    month = int(g["m"]) if g["m"] else None
    day = int(g["d"]) if g["d"] else None
    if not _valid(year, month or 1, day or 1):
        return None
    if g["H"] is None:
        return PartialDate(year, month, day)
    hour, minute = int(g["H"]), int(g["M"])
    second = int(g["S"]) if g["S"] else None
    if hour > 23 or minute > 59 or (second or 0) > 59:
        return None
    tz = None
    if g["tz"]:
        tz, _ = _zone("+00:00" if g["tz"] == "Z" else g["tz"])
        if tz is None:
            return None
    return PartialDate(year, month, day, hour, minute, second, tz)


def parse_override(value: str, *, now: datetime) -> str:
    """Validate a user-given publication date; return it as ISO 8601 or raise E017."""
    parsed = parse_date(value)
    if parsed is None:
        raise InvalidDateError(
            f"publication date {value!r} is not a date claimgraph understands; "
            "give ISO 8601 such as 2024-11-29 or 2024-11-29T14:21"
        )
    if parsed.is_future(now):
        raise InvalidDateError(
            f"publication date {value!r} lies in the future of this run ({now.isoformat(timespec='minutes')}); "
            "check the date, or pass the run time explicitly if you are replaying a feed"
        )
    return parsed.iso()


def accept_found_date(value: str | None, *, where: str, now: datetime) -> tuple[str | None, list[str]]:
    """Check a date found in the input (metadata, HTML, dateline).

    Returns the ISO value (or ``None`` when it is unusable) and notes saying why a date was dropped,
    since a bad date in someone else's data is a warning, not an error.
    """
    if value is None or not value.strip():
        return None, []
    parsed = parse_date(value)
    if parsed is None:
        return None, [f"date: {where} date {value!r} not understood; dropped"]
    if parsed.is_future(now):
        return None, [f"date: {where} date {parsed.iso()} lies in the future of the run; dropped"]
    return parsed.iso(), []


def current_time(now: datetime | None) -> datetime:
    """The run time used for the future-date check (UTC now unless given)."""
    return now if now is not None else datetime.now(UTC)

"""Dateline lines: formats, vocabulary coverage, ISO output, rejection of non-datelines."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from importlib import resources

import pytest

from claimgraph.errors import InvalidDateError
from claimgraph.ingest.dates import accept_found_date, parse_date, parse_dateline, parse_override

# (dateline line, ISO value expected). Our own lines; together they use every entry of datelines.json.
DATELINES = [
    ("3 November 2023 16:05", "2023-11-03T16:05"),
    ("Nov. 4, 2023", "2023-11-04"),
    ("2023-02-17 08:45", "2023-02-17T08:45"),
    ("Friday 17 February 2023, 08:45 GMT", "2023-02-17T08:45+00:00"),
    ("Updated: 23/01/2023", "2023-01-23"),
    ("Published: January 5, 2023", "2023-01-05"),
    ("Published on Jan 6 2023, 10:00 UTC", "2023-01-06T10:00+00:00"),
    ("First published Monday 6 February 2023", "2023-02-06"),
    ("Updated on Tue 7 Feb 2023 at 9:30 a.m. CET", "2023-02-07T09:30+01:00"),
    ("Last updated: Tues., March 14, 2023 18:00 CEST", "2023-03-14T18:00+02:00"),
    ("Posted Wednesday, Mar 15, 2023 7:45pm EET", "2023-03-15T19:45+02:00"),
    ("Posted on Wed 12 April 2023 11:11 EEST", "2023-04-12T11:11+03:00"),
    ("Date: Thursday 13 Apr 2023 06:00 MSK", "2023-04-13T06:00+03:00"),
    ("Last modified Thu 18 May 2023 12:30 IST", "2023-05-18T12:30+05:30"),
    ("Tuesday 9 May 2023", "2023-05-09"),
    ("Thurs 1 June 2023 15:00 JST", "2023-06-01T15:00+09:00"),
    ("Fri 2 Jun 2023 15:00 KST", "2023-06-02T15:00+09:00"),
    ("Saturday 1 July 2023 08:00 AEST", "2023-07-01T08:00+10:00"),
    ("Sat 8 Jul 2023 8:00 EST", "2023-07-08T08:00-05:00"),
    ("Sunday August 6, 2023 10:15 EDT", "2023-08-06T10:15-04:00"),
    ("Sun Aug 13 2023 10:15 CST", "2023-08-13T10:15-06:00"),
    ("Mon, 4 September 2023 22:05 CDT", "2023-09-04T22:05-05:00"),
    ("Tue 5 Sep 2023 22:05 PST", "2023-09-05T22:05-08:00"),
    ("Wed 13 Sept. 2023 22:05 PDT", "2023-09-13T22:05-07:00"),
    ("October 2, 2023 - 14:40 BST", "2023-10-02T14:40+01:00"),
    ("Oct 3, 2023 2:40 PM ET", "2023-10-03T14:40"),
    ("12 December 2023 09:00 PT", "2023-12-12T09:00"),
    ("Dec. 13, 2023 09:00 CT", "2023-12-13T09:00"),
    ("14 December 2023 9:00 local time", "2023-12-14T09:00"),
    ("2023-12-15T09:00:00Z", "2023-12-15T09:00:00+00:00"),
    ("15.12.2023 17:30 (UTC+1)", "2023-12-15T17:30+01:00"),
    ("16th of December 2023, 18:20 GMT+2", "2023-12-16T18:20+02:00"),
    ("06/25/2023", "2023-06-25"),
    ("Apr. 21, 2023", "2023-04-21"),
]


@pytest.mark.parametrize(("line", "expected"), DATELINES)
def test_dateline_formats_parse_to_iso(line: str, expected: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None, line
    assert parsed[0].iso() == expected


def _vocabulary() -> dict[str, object]:
    raw = resources.files("claimgraph.ingest").joinpath("data/datelines.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(raw)
    return data


@pytest.mark.parametrize("section", ["labels", "months", "weekdays", "timezones", "zones_without_offset"])
def test_every_dateline_vocabulary_entry_is_exercised(section: str) -> None:
    entries = _vocabulary()[section]
    assert isinstance(entries, list | dict)
    lines = [line.lower() for line, _ in DATELINES]
    for entry in entries:
        pattern = re.compile(rf"(?<![a-z]){re.escape(str(entry))}(?![a-z])")
        assert any(pattern.search(line) for line in lines), f"{section} entry {entry!r} has no test line"


def test_zone_without_offset_keeps_time_and_notes_it() -> None:
    parsed = parse_dateline("Oct 3, 2023 2:40 PM ET")
    assert parsed is not None
    assert parsed[0].tz is None
    assert any("ET" in note for note in parsed[1])


def test_ambiguous_numeric_date_reads_day_first_with_note() -> None:
    parsed = parse_dateline("05/06/2023")
    assert parsed is not None
    assert parsed[0].iso() == "2023-06-05"
    assert "ambiguous" in parsed[1][0]


@pytest.mark.parametrize(
    "line",
    [
        "The ferry strike began on 3 March 2023 and ended a week later.",
        "12 ways to save on heating this winter",
        "Updated guidance for 2023 applicants",
        "March 2023",
        "2023-02-30",
        "31/31/2023",
        "10:30",
        "Call 555-1234 today",
        "3 November 2023 25:10",
        "",
    ],
)
def test_non_datelines_are_rejected(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", "2024"),
        ("2024-11", "2024-11"),
        ("2024-11-29", "2024-11-29"),
        ("2024-11-29T14:21", "2024-11-29T14:21"),
        ("2024-11-29 14:21:30", "2024-11-29T14:21:30"),
        ("2024-11-29T14:21:00.250Z", "2024-11-29T14:21:00+00:00"),
        ("2024-11-29T14:21+0530", "2024-11-29T14:21+05:30"),
        ("29 November 2024", "2024-11-29"),
    ],
)
def test_parse_date_keeps_written_precision(value: str, expected: str) -> None:
    parsed = parse_date(value)
    assert parsed is not None
    assert parsed.iso() == expected


def test_override_in_future_is_an_error() -> None:
    now = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    with pytest.raises(InvalidDateError) as info:
        parse_override("2025-07-01", now=now)
    assert info.value.code == "E017"
    assert "future" in str(info.value)


def test_override_unparseable_is_an_error() -> None:
    with pytest.raises(InvalidDateError, match="ISO 8601"):
        parse_override("next Tuesday", now=datetime(2025, 6, 1, tzinfo=UTC))


def test_naive_time_a_few_hours_ahead_is_not_future() -> None:
    # 20:00 local on the run day may already have happened east of UTC.
    now = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert parse_override("2025-06-01T20:00", now=now) == "2025-06-01T20:00"
    with pytest.raises(InvalidDateError):
        parse_override("2025-06-01T20:00+00:00", now=now)


def test_found_future_date_is_dropped_with_note() -> None:
    value, notes = accept_found_date("2031-01-01", where="metadata", now=datetime(2025, 6, 1, tzinfo=UTC))
    assert value is None
    assert notes == ["date: metadata date 2031-01-01 lies in the future of the run; dropped"]


def test_found_unparseable_date_is_dropped_with_note() -> None:
    value, notes = accept_found_date("soon", where="metadata", now=datetime(2025, 6, 1, tzinfo=UTC))
    assert value is None
    assert "not understood" in notes[0]

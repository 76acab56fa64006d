"""Read the Reuters-21578 stories in ../shared/data/corpus for benchmarks (never shipped).

The bodies are hard-wrapped at about 70 columns; they are unwrapped as the plain-text reader
does (:func:`claimgraph.ingest.reflow.reflow`), with the dateline the corpus keeps apart in front
while they are, so a benchmark reads the text a user's ``claimgraph analyze story.txt`` would
(without the dateline).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from claimgraph.ingest.reflow import reflow

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "reuters21578"
_STORY = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_DATE = re.compile(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def reuters_stories(directory: Path = DEFAULT_DIR, limit: int | None = None) -> Iterator[dict[str, str | None]]:
    """Yield {"text", "title", "published"} for each story with a body, in file order."""
    if not directory.is_dir():
        raise SystemExit(f"Reuters corpus not found at {directory} (pass --corpus DIR)")
    count = 0
    for path in sorted(directory.glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for story in _STORY.finditer(raw):
            block = story.group(1)
            body = _BODY.search(block)
            if not body:
                continue
            # The dateline ("    CLEVELAND, Feb 26 - ") sits in its own element, cut from the body's first line:
            # it is put back for the unwrapping, which then joins that line as it would in the wire copy,
            # and taken off again.
            dateline = _DATELINE.search(block)
            lead = dateline.group(1) if dateline else ""
            text = reflow(lead + html.unescape(body.group(1)).replace("\x03", "")).text[len(lead) :].strip()
            if not text:
                continue
            title = _TITLE.search(block)
            date = _DATE.search(block)
            published = None
            if date:
                published = f"{date.group(3)}-{_MONTHS.get(date.group(2), 1):02d}-{int(date.group(1)):02d}"
            yield {
                "text": text,
                "title": html.unescape(title.group(1)).strip() if title else None,
                "published": published,
            }
            count += 1
            if limit is not None and count >= limit:
                return

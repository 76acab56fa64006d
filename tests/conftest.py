"""Shared fixtures: one spaCy pipeline for the whole test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    import claimgraph

    return claimgraph.default_pipeline()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder {SHARED} is missing: tests that score on gold data need it (CI has it)")
    return SHARED

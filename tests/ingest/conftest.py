"""Shared fixtures for the ingest tests: a fixed run time and the fixture folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.ingest.helpers import FIXTURES, NOW


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES

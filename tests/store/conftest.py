"""Store fixtures: ``store_url`` and ``store`` run each test on SQLite and on PostgreSQL (see ``backends.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.store import Store
from tests.store.backends import BACKENDS, backend_location


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with backend_location(request.param, tmp_path) as location:
        yield location


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "collection.db"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as s:
        yield s

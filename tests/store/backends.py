"""Store locations on each backend: every backend-neutral store test runs on SQLite and on PostgreSQL.

``store_url`` is parametrised over both backends. The PostgreSQL run needs a server named by
``CLAIMGRAPH_TEST_PG`` (``eval "$(.ci/postgres.sh start)"``); without one it is skipped, with the
reason, on a developer machine and fails under ``CI=true`` so CI can never pass without it. Each test
gets its own PostgreSQL schema (dropped afterwards), so runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "CLAIMGRAPH_TEST_PG"


def _postgres_base_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(
            f"{PG_ENV} is not set, but CI=true: the PostgreSQL store tests must run in CI. "
            f'Start a server with `eval "$(.ci/postgres.sh start)"` before pytest.',
            pytrace=False,
        )
    pytest.skip(f'PostgreSQL backend not tested: set {PG_ENV}=postgresql://... (eval "$(.ci/postgres.sh start)")')


@contextmanager
def backend_location(backend: str, folder: Path) -> Iterator[str]:
    """A fresh, empty store location on ``backend``: a file under ``folder`` or a private PostgreSQL schema."""
    if backend == "sqlite":
        yield str(folder / "collection.db")
        return
    import psycopg

    base = _postgres_base_url()
    schema = f"cg_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")

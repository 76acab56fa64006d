"""A short soak of the real ``claimgraph serve`` process (benchmarks/serve_soak.py, ~20 s over the test store):
mixed pages, API reads, searches and paste-analyse through the CSRF-protected form, with no error and bounded
memory after warm-up. The 10-minute run is ``python benchmarks/serve_soak.py --seconds 600``."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def load_soak() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("serve_soak", BENCHMARKS / "serve_soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_security_soak_short_run_has_no_error_and_bounded_memory(store_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "soak.db"  # a copy: paste-analyse writes to it
    with sqlite3.connect(store_path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    soak = load_soak()
    result = soak.soak(db, seconds=20, clients=3, sample_every=1.0, warmup_fraction=0.25)
    assert result["errors"] == 0 and result["warmup_failures"] == [], (result["error_urls"], result["warmup_failures"])
    kinds = set(result["by_kind"])
    assert {"article", "search", "api", "page"} <= kinds and kinds & {"paste-form", "paste-api"}, kinds
    assert result["requests"] > 50 and result["samples"] >= 10
    # Generous: a leak of a few KB per request would show as tens of MB; the page cache is bounded.
    assert result["growth_after_warmup_mb"] < 50, result["rss_mb"]


def test_security_soak_retired_threads_do_not_leak_store_connections(store_path: Path) -> None:
    """Found by the soak: the server's thread pool retires idle threads and starts new ones; each new thread
    opened a store connection and the old ones stayed open, so open files and memory grew for ever."""
    import threading

    from claimgraph.serve.web.app import Workbench

    bench = Workbench(store_path)
    try:
        for _ in range(6):
            thread = threading.Thread(target=lambda: bench.store().stats())
            thread.start()
            thread.join()
        assert bench.open_stores() == 1  # only the last thread's: the ended ones were closed
        bench.store().stats()
        assert bench.open_stores() == 1  # this thread's; the last worker had ended as well
    finally:
        bench.close()
    assert bench.open_stores() == 0

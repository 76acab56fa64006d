"""Workbench speed under load: 50 concurrent clients on search and article pages.

    python benchmarks/serve.py --limit 300 --clients 50 --requests 2000 --seconds 60

The store is filled from Reuters-21578 analyses (cached by benchmarks/store.py in benchmarks/out/;
extracted with claimgraph.default_pipeline() when the cache is short). ``claimgraph serve`` runs in a
subprocess on 127.0.0.1; this process is the load generator (httpx, asyncio), bounded by a request count
and a time limit. Reports p50/p95/p99 latency and errors per page kind. Target: p95 < 150 ms, 0 errors.

    python benchmarks/serve.py --first-visit ...

``--first-visit`` makes every URL unique (a ``v=`` parameter the pages ignore), so no answer comes from the
server's page cache: each article page is read from the store, decoded and rendered, each search runs its
queries, as for the first visitor of a page. ``--clients 1`` gives the per-request server time without
queueing, which varies far less than latency on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_DIR
from store import DEFAULT_CACHE, cached_analyses

from claimgraph.store import Store

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 150.0
SEARCH_WORDS = ("oil", "bank", "profit", "shares", "dollar", "prices", "trade", "rates", "tonnes", "government")


def fill_store(db: Path, cache: Path, corpus: Path, limit: int) -> int:
    """A store with the first ``limit`` cached analyses (rebuilt when it holds another number or cache)."""
    marker = db.with_suffix(".limit")
    key = f"{limit} {cache.name}"
    if db.exists() and marker.exists() and marker.read_text().strip() == key:
        with Store.open(db) as store:
            return store.stats()["documents"]
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    analyses = cached_analyses(cache, corpus, limit)
    with Store.open(db) as store:
        store.add_many(analyses)
        marker.write_text(key)
        return store.stats()["documents"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """``claimgraph serve`` in its own process (the real command, as a user starts it)."""
    # The `serve` command itself, without the other commands' imports (spaCy, Ray) it does not need.
    code = "import sys; from claimgraph.serve.cli_web import serve_command; sys.exit(serve_command())"
    args = [sys.executable, "-c", code, "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    args += ["--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGRAPH_TOKEN"}
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def urls(db: Path, n: int, seed: int, *, first_visit: bool = False) -> list[tuple[str, str]]:
    """A mixed, reproducible workload: half article pages, half searches with filters.

    ``first_visit``: every URL made unique (``v=seed-i``), so that the server's page cache never answers.
    """
    rng = random.Random(seed)
    with Store.open(db, readonly=True) as store:
        docs = [d.doc_id for d in store.documents(limit=None)]
        sources = [s.source for s in store.sources(limit=40) if s.kind != "author"]
    out: list[tuple[str, str]] = []
    for i in range(n):
        if i % 2 == 0:
            out.append(("article", f"/doc/{quote(rng.choice(docs))}"))
            continue
        params: dict[str, str] = {"q": rng.choice(SEARCH_WORDS)}
        pick = rng.random()
        if pick < 0.25 and sources:
            params = {"source": rng.choice(sources)}
        elif pick < 0.5:
            params["modality"] = rng.choice(["asserted", "hedged", "negated"])
        elif pick < 0.6:
            params.update({"since": "1987-01-01", "until": "1987-12-31"})
        out.append(("search", "/search?" + urlencode(params)))
    if first_visit:
        out = [(kind, f"{url}{'&' if '?' in url else '?'}v={seed}-{i}") for i, (kind, url) in enumerate(out)]
    return out


async def load(base: str, work: list[tuple[str, str]], clients: int, seconds: float) -> list[dict[str, Any]]:
    """``clients`` concurrent workers take requests from the queue until it is empty or time is up."""
    import httpx

    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    results: list[dict[str, Any]] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            try:
                kind, url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            try:
                r = await client.get(url)
                ok, status = r.status_code == 200 and len(r.content) > 0, str(r.status_code)
            except httpx.HTTPError as exc:
                ok, status = False, type(exc).__name__
            results.append({"kind": kind, "ms": (time.perf_counter() - started) * 1000, "ok": ok, "status": status})

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return results


def _load_part(base: str, work: list[tuple[str, str]], clients: int, seconds: float) -> list[dict[str, Any]]:
    return asyncio.run(load(base, work, clients, seconds))


def run_load(base: str, work: list[tuple[str, str]], clients: int, seconds: float, procs: int) -> list[dict[str, Any]]:
    """Spread the clients over ``procs`` load processes so that the load generator is not the bottleneck."""
    from concurrent.futures import ProcessPoolExecutor

    procs = max(1, min(procs, clients))
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    parts = [work[i::procs] for i in range(procs)]
    with ProcessPoolExecutor(procs) as pool:
        futures = [pool.submit(_load_part, base, part, n, seconds) for part, n in zip(parts, shares, strict=True)]
        return [r for f in futures for r in f.result()]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 1) if ordered else float("nan")


def summary(results: list[dict[str, Any]], wall: float) -> dict[str, Any]:
    def one(rows: list[dict[str, Any]]) -> dict[str, Any]:
        ms = [r["ms"] for r in rows]
        return {
            "requests": len(rows),
            "errors": sum(not r["ok"] for r in rows),
            "error_kinds": sorted({r["status"] for r in rows if not r["ok"]}),
            "p50_ms": pct(ms, 50),
            "p95_ms": pct(ms, 95),
            "p99_ms": pct(ms, 99),
            "max_ms": round(max(ms), 1) if ms else None,
        }

    report = {"all": one(results), "wall_s": round(wall, 2), "req_per_s": round(len(results) / wall, 1)}
    for kind in ("article", "search"):
        report[kind] = one([r for r in results if r["kind"] == kind])
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=300, help="Reuters stories in the store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=int, default=100, help="requests before timing (not counted)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--db", type=Path, default=OUT / "serve-bench.db")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="server processes (claimgraph serve --workers)")
    parser.add_argument("--procs", type=int, default=max(1, min(8, (os.cpu_count() or 2) // 2)), help="load processes")
    parser.add_argument("--first-visit", action="store_true", help="unique URLs: no page comes from the page cache")
    parser.add_argument("--results", type=Path, default=OUT / "serve-results.json", help="where the JSON report goes")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    docs = fill_store(args.db, args.cache, args.corpus, args.limit)
    port = free_port()
    server = start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server)
        warm = urls(args.db, args.warmup, args.seed + 1, first_visit=args.first_visit)
        run_load(base, warm, args.clients, args.seconds, args.procs)
        work = urls(args.db, args.requests, args.seed, first_visit=args.first_visit)
        cpu_before, started = cpu_seconds(server.pid), time.perf_counter()
        results = run_load(base, work, args.clients, args.seconds, args.procs)
        report = summary(results, time.perf_counter() - started)
        # Server CPU per request does not depend on what else the machine is running, unlike latency.
        report["server_cpu_ms_per_request"] = round(1000 * (cpu_seconds(server.pid) - cpu_before) / len(results), 2)
        report["load_average_1min"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=10)
    report.update({"documents": docs, "clients": args.clients, "load_processes": args.procs, "workers": args.workers})
    report["mode"] = "first-visit" if args.first_visit else "mixed (repeated URLs may come from the page cache)"
    report.update({"cpus": os.cpu_count(), "target_p95_ms": TARGET_P95_MS})
    report["meets_target"] = report["all"]["p95_ms"] < TARGET_P95_MS and report["all"]["errors"] == 0
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (Linux /proc): the server and its workers."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child))
    except OSError:
        pass
    return total


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Return once the server answers an API read; exit with its stderr if it dies, or after ``timeout`` s."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"the server exited: {err}")
        try:
            if httpx.get(base + "/api/sources?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not start within {timeout:g} s")


if __name__ == "__main__":
    main()

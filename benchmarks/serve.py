"""Workbench speed under load: 50 concurrent clients on search and article pages.

    python benchmarks/serve.py --limit 300 --clients 50 --requests 2000 --seconds 60

The store is filled from Reuters-21578 analyses (cached by benchmarks/store.py in benchmarks/out/;
extracted with claimgraph.default_pipeline() when the cache is short). ``claimgraph serve`` runs in a
subprocess on 127.0.0.1; a second process (``--procs`` of them) is the load generator, bounded by a request
count and a time limit. Reports p50/p95/p99 latency and errors per page kind. Target: p95 < 150 ms, 0 errors.

The client: each of the ``--clients`` workers holds one HTTP/1.1 keep-alive connection (raw asyncio
streams) and has one request in flight at a time (a closed loop: by Little's law the mean latency is
clients / throughput). It writes the request, reads the status line and headers, then the whole body
(Content-Length or chunked); a request is an error unless it is a 200 with a body, and a failed connection
is reopened. Latency runs from writing the request to reading the last byte. This costs the load process
about 0.2-0.4 ms of CPU a request, where httpx (``--client httpx``, the former client) costs about 6 ms and
saturates its core long before the server does: the latency it reports is then its own queue.

The report adds what explains the latency: ``client_cpu_ms_per_request`` (the load processes' own CPU),
``server_cpu_ms_per_request`` and ``server_cpu_wait_ms_per_request`` (time the server was ready to run but
had no CPU: other programs on a shared machine), the load average before and after, the CPU pressure, and
the ``slowest`` requests, each re-timed alone under a fresh URL: fast alone means it was slow from queueing.

    python benchmarks/serve.py --first-visit ...

``--first-visit`` makes every URL unique (a ``v=`` parameter the pages ignore), so no answer comes from the
server's page cache: each article page is read from the store, decoded and rendered, each search runs its
queries, as for the first visitor of a page. ``--clients 1`` gives the per-request server time without
queueing, which varies far less than latency on a shared machine. The default cache file is named by the
extraction fingerprint, so while extraction code changes every run re-extracts and rebuilds the store: to
compare runs, pass the same ``--cache`` file (and a ``--db`` of your own when others benchmark too).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_DIR
from store import DEFAULT_CACHE, cached_analyses

from claimgraph.store import Store

OUT = Path(__file__).resolve().parent / "out"
TARGET_P95_MS = 150.0
REQUEST_TIMEOUT_S = 30.0
SLOWEST = 10  # slowest requests listed in the report, each re-timed alone
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


class RawConnection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a lean client, so that the load generator's
    own CPU (a few hundred microseconds a request, against several milliseconds for httpx) does not become
    the queue it measures."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, url: str) -> tuple[int, int]:
        """GET ``url``; the status and the length of the body, read in full (Content-Length or chunked)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            size = len(await self.reader.readexactly(int(headers["content-length"])))
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            size = await self._chunked()
        else:  # the body runs to the end of the connection
            size = len(await self.reader.read())
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, size

    async def _chunked(self) -> int:
        assert self.reader is not None
        size = 0
        while chunk := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            size += len(await self.reader.readexactly(chunk + 2)) - 2
        await self.reader.readuntil(b"\r\n")  # the end of the (empty) trailer
        return size

    async def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


def _result(kind: str, url: str, started: float, status: int | str, size: int) -> dict[str, Any]:
    ms = (time.perf_counter() - started) * 1000
    return {"kind": kind, "url": url, "ms": ms, "ok": status == 200 and size > 0, "status": str(status)}


async def load(
    base: str, work: list[tuple[str, str]], clients: int, seconds: float, client: str = "raw"
) -> list[dict[str, Any]]:
    """``clients`` concurrent workers take requests from the queue until it is empty or time is up.

    Each worker is one keep-alive connection and has one request in flight at a time; a request's latency
    runs from writing it to reading the last byte of its body.
    """
    if client == "httpx":
        return await _load_httpx(base, work, clients, seconds)
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    results: list[dict[str, Any]] = []
    deadline = time.perf_counter() + seconds
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    async def worker() -> None:
        conn = RawConnection(host, port)
        try:
            while time.perf_counter() < deadline:
                try:
                    kind, url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT_S):
                        status, size = await conn.get(url)
                    results.append(_result(kind, url, started, status, size))
                except (
                    OSError,
                    TimeoutError,
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                    ValueError,
                ) as exc:
                    results.append(_result(kind, url, started, type(exc).__name__, 0))
                    await conn.close()
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return results


async def _load_httpx(base: str, work: list[tuple[str, str]], clients: int, seconds: float) -> list[dict[str, Any]]:
    """The former load generator (httpx): kept to show what the client's own cost does to the figures."""
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
                results.append(_result(kind, url, started, r.status_code, len(r.content)))
            except httpx.HTTPError as exc:
                results.append(_result(kind, url, started, type(exc).__name__, 0))

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return results


def _load_part(
    base: str, work: list[tuple[str, str]], clients: int, seconds: float, client: str
) -> tuple[list[dict[str, Any]], float]:
    """One load process: its results and the CPU seconds (user + system) it spent producing them."""
    if client == "httpx":
        import httpx  # noqa: F401  (imported before the clock starts: the import is not per-request work)
    before = resource.getrusage(resource.RUSAGE_SELF)
    results = asyncio.run(load(base, work, clients, seconds, client))
    after = resource.getrusage(resource.RUSAGE_SELF)
    return results, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_load(
    base: str, work: list[tuple[str, str]], clients: int, seconds: float, procs: int, client: str = "raw"
) -> tuple[list[dict[str, Any]], float]:
    """Spread the clients over ``procs`` load processes; all results and the load processes' CPU seconds."""
    from concurrent.futures import ProcessPoolExecutor

    procs = max(1, min(procs, clients))
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    parts = [work[i::procs] for i in range(procs)]
    with ProcessPoolExecutor(procs) as pool:
        futures = [
            pool.submit(_load_part, base, part, n, seconds, client) for part, n in zip(parts, shares, strict=True)
        ]
        done = [f.result() for f in futures]
    return [r for rows, _ in done for r in rows], sum(cpu for _, cpu in done)


def alone_ms(base: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each of ``rows`` requested again with nothing else running, under a fresh URL (so the page cache
    does not answer): what the page itself costs, as against the time it spent queued under load."""

    async def go() -> list[dict[str, Any]]:
        parts = urlsplit(base)
        conn = RawConnection(parts.hostname or "127.0.0.1", parts.port or 80)
        out = []
        for i, row in enumerate(rows):
            started = time.perf_counter()
            status, _ = await conn.get(f"{row['url']}{'&' if '?' in row['url'] else '?'}alone={i}")
            ms = (time.perf_counter() - started) * 1000
            out.append(
                {"url": row["url"], "loaded_ms": round(row["ms"], 1), "alone_ms": round(ms, 1), "status": status}
            )
        await conn.close()
        return out

    return asyncio.run(go())


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
            "mean_ms": round(sum(ms) / len(ms), 1) if ms else None,
            "p50_ms": pct(ms, 50),
            "p90_ms": pct(ms, 90),
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
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw", help="raw asyncio streams (lean) or httpx (former)"
    )
    parser.add_argument("--first-visit", action="store_true", help="unique URLs: no page comes from the page cache")
    parser.add_argument("--results", type=Path, default=OUT / "serve-results.json", help="where the JSON report goes")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    docs = fill_store(args.db, args.cache, args.corpus, args.limit)
    port = free_port()
    server = start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()
    try:
        wait_ready(base, server)
        warm = urls(args.db, args.warmup, args.seed + 1, first_visit=args.first_visit)
        run_load(base, warm, args.clients, args.seconds, args.procs, args.client)
        work = urls(args.db, args.requests, args.seed, first_visit=args.first_visit)
        delay_before = run_delay_seconds(server.pid)
        per_worker_before = worker_cpu_seconds(server.pid)
        cpu_before, started = cpu_seconds(server.pid), time.perf_counter()
        results, client_cpu = run_load(base, work, args.clients, args.seconds, args.procs, args.client)
        report = summary(results, time.perf_counter() - started)
        # Server CPU per request does not depend on what else the machine is running, unlike latency.
        report["server_cpu_ms_per_request"] = round(1000 * (cpu_seconds(server.pid) - cpu_before) / len(results), 2)
        # The load generator's own cost: when it nears a core per process, the latency measured is its queue.
        report["client_cpu_ms_per_request"] = round(1000 * client_cpu / len(results), 2)
        delay = run_delay_seconds(server.pid) - delay_before
        report["server_cpu_wait_ms_per_request"] = round(1000 * delay / len(results), 2)
        report["cpu_pressure_avg10"] = cpu_pressure()
        report["load_average_1min"] = os.getloadavg()[0]
        # With --workers N the kernel hands each keep-alive connection to one worker for good: a lopsided
        # split shows here as one worker doing most of the work while the other idles.
        per_worker = worker_cpu_seconds(server.pid)
        report["server_cpu_s_by_worker"] = [round(per_worker[w] - per_worker_before.get(w, 0.0), 2) for w in per_worker]
        report["load_average_before"] = [round(x, 2) for x in load_before]
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        slowest = sorted(results, key=lambda r: r["ms"], reverse=True)[:SLOWEST]
        report["slowest"] = alone_ms(base, slowest)
    finally:
        server.terminate()
        server.wait(timeout=10)
    report.update({"documents": docs, "clients": args.clients, "load_processes": args.procs, "workers": args.workers})
    report["client"] = args.client
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


def worker_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU seconds of each server worker process by pid (the server itself when it has no children)."""
    children: list[int] = []
    with contextlib.suppress(OSError, ValueError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += [int(c) for c in (task / "children").read_text().split()]
    return {p: cpu_seconds(p) for p in children or [pid]}


def run_delay_seconds(pid: int) -> float:
    """Seconds the threads of a process and its children spent ready to run but waiting for a CPU (Linux
    schedstat): on a shared machine, the part of the latency that other programs' work caused."""
    total = 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[1]) / 1e9
            for child in (task / "children").read_text().split():
                total += run_delay_seconds(int(child))
    except (OSError, IndexError, ValueError):
        pass
    return total


def cpu_pressure() -> float | None:
    """The share of the last 10 s in which some runnable task waited for a CPU (Linux PSI), in percent."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(line.split()[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return None


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

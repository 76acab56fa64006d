"""Workbench soak test: bounded mixed traffic for minutes, no error and no memory growth.

    python benchmarks/serve_soak.py --seconds 600 --limit 300 --clients 4

``claimgraph serve`` runs in a subprocess over a store filled from the cached Reuters analyses (the same as
benchmarks/serve.py); a fixed number of concurrent clients (a bounded load, not a flood) send a mix of
article pages, claim fragments (htmx), searches with filters, JSON API reads, other pages and paste-analyse
(the form, like a browser: CSRF token from the page, Origin and cookie; and the JSON API). The requests
come from a finite set, each sent once before the clock starts: the spaCy pipeline is loaded and the
server's bounded caches are filled before memory is watched.

The server's resident memory (RSS, from /proc) is sampled every --sample-every seconds. Reported: requests,
errors, p50/p95 latency, RSS at start, middle and end, and the least-squares slope of RSS (MB/min) over the
samples after --warmup-fraction of the run. Pass: 0 errors and a slope below --max-slope MB/min.
Writes benchmarks/out/soak-results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import fill_store, free_port, start_server, wait_ready
from store import DEFAULT_CACHE

from claimgraph.store import Store

OUT = Path(__file__).resolve().parent / "out"
MAX_SLOPE_MB_PER_MIN = 1.0
WORDS = ("oil", "bank", "profit", "shares", "dollar", "prices", "trade", "rates", "tonnes", "government", "said")
# Invented articles for paste-analyse; a fixed pool, so the store stops growing after the first round.
PASTES = tuple(
    f"The {town} harbour board said on {day} that cargo volumes rose {n} percent in {month}. "
    f"Board chair {person} told reporters the new crane could handle {n * 40} containers a day. "
    f"Analysts at {firm} believe the growth may slow next year."
    for town, day, n, month, person, firm in (
        ("Orsk", "Monday", 4, "March", "Lena Brandt", "Keelwater Partners"),
        ("Vennport", "Tuesday", 7, "April", "Tomas Hale", "Greyline Research"),
        ("Aldmere", "Wednesday", 2, "May", "Ines Carro", "Northgate Advisory"),
        ("Kestrel Bay", "Thursday", 9, "June", "Per Vossen", "Harrow & Finch"),
        ("Lindholt", "Friday", 5, "July", "Mara Quist", "Tidewell Analytics"),
        ("Sorrel", "Saturday", 3, "August", "Jon Ekdal", "Brightmoor Capital"),
    )
)
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


Request = tuple[str, str, str, dict[str, Any]]  # kind, method, URL, httpx keyword arguments
# Share of each kind in the mix (paste-analyse is the slow one: it runs the extraction pipeline).
WEIGHTS = {"article": 28, "fragment": 10, "search": 20, "api": 17, "page": 20, "paste-form": 2.5, "paste-api": 2.5}


@dataclass
class Workload:
    """The finite set of requests the clients draw from, built from ids and names in the store.

    Finite on purpose: the warm-up sends every one of them once, so that the server's bounded caches (the
    page cache holds 2048 pages) are as full before memory is watched as they will ever be. A soak looks
    for growth in the steady state, not for a cache filling up.
    """

    by_kind: dict[str, list[Request]]
    documents: int

    @classmethod
    def of(cls, db: Path, *, claims: int = 400, seed: int = 7) -> Workload:
        """``claims``: how many claims the article and fragment requests pick from."""
        with Store.open(db, readonly=True) as store:
            docs = [d.doc_id for d in store.documents(limit=None)]
            every = [(c.doc_id, c.claim_id) for c in store.claims(limit=None)]
            sources = [s.source for s in store.sources(limit=60)]
            entities = [e.name for e in store.entities(limit=60)]
        picked = random.Random(seed).sample(every, min(claims, len(every)))
        hx = {"headers": {"HX-Request": "true"}}
        searches: list[dict[str, str]] = []
        for word in WORDS:
            searches += [{"q": word}, {"q": word, "since": "1987-01-01", "until": "1987-12-31"}]
            searches += [{"q": word, "modality": m} for m in ("asserted", "hedged", "negated", "speculative")]
            searches.append({"q": word, "unit": "USD", "min": "1000"})
        searches += [{"source": s} for s in sources]
        api = ["/api/sources?limit=20", "/api/documents?limit=20"]
        api += ["/api/claims?" + urlencode({"q": w, "limit": 20}) for w in WORDS]
        api += [f"/api/documents/{d}" for d in docs] + ["/api/entities?" + urlencode({"name": e}) for e in entities]
        pages = ["/", "/sources", "/entities"] + ["/source?" + urlencode({"name": s}) for s in sources]
        pages += ["/entity?" + urlencode({"name": e}) for e in entities]
        by_kind: dict[str, list[Request]] = {
            "article": [("article", "GET", f"/doc/{d}", {}) for d in docs]
            + [("article", "GET", f"/doc/{d}?claim={c}", {}) for d, c in picked],
            "fragment": [("fragment", "GET", f"/doc/{d}/claim/{c}", hx) for d, c in picked],
            "search": [("search", "GET", "/search?" + urlencode(q), h) for q in searches for h in ({}, hx)],
            "api": [("api", "GET", url, {}) for url in api],
            "page": [("page", "GET", url, {}) for url in pages],
            "paste-form": [("paste-form", "POST", "/analyse", {"data": {"text": t, "title": t[:40]}}) for t in PASTES],
            "paste-api": [("paste-api", "POST", "/api/analyse", {"json": {"text": t}}) for t in PASTES],
        }
        return cls({k: v for k, v in by_kind.items() if v}, len(docs))

    def every(self) -> list[Request]:
        """Each request of the workload once."""
        return [r for kind in self.by_kind.values() for r in kind]

    def request(self, rng: random.Random) -> Request:
        """One request of the mix, drawn with the kinds' weights."""
        kinds = list(self.by_kind)
        kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
        return rng.choice(self.by_kind[kind])


@dataclass
class Run:
    """What one soak run measured."""

    results: list[tuple[str, float, bool, str, str]] = field(default_factory=list)  # kind, ms, ok, status, url
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MB)
    fds: list[int] = field(default_factory=list)  # open files of the server at each sample (a leak shows here too)
    warmup_requests: int = 0
    warmup_failures: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _send(client: Any, base: str, kind: str, method: str, url: str, extra: dict[str, Any]) -> tuple[bool, str]:
    import httpx

    try:
        if kind == "paste-form":
            # As a browser does: the form page sets the cookie and holds the token; the POST echoes both.
            page = await client.get("/analyse")
            found = CSRF_FIELD.search(page.text)
            data = {**extra["data"], "csrf_token": found.group(1) if found else ""}
            r = await client.post(url, data=data, headers={"Origin": base})
            ok = r.status_code == 303 and r.headers.get("location", "").startswith("/doc/")
        else:
            r = await client.request(method, url, **extra)
            ok = r.status_code == 200 and len(r.content) > 0
        return ok, str(r.status_code)
    except httpx.HTTPError as exc:
        return False, type(exc).__name__


async def drive(
    base: str, pid: int, work: Workload, *, seconds: float, clients: int, sample_every: float, seed: int
) -> Run:
    """``clients`` closed-loop clients for ``seconds`` while RSS is sampled, after a warm-up of every request."""
    import httpx

    run = Run()
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60, follow_redirects=False) as client:
        # Warm-up, not counted: every request once (loads the pipeline, fills the caches), by all the clients.
        queue = list(work.every())
        random.Random(seed).shuffle(queue)
        # Pastes last in the list, so first off it: the articles they add change the store, which empties the
        # page cache; after that, the same texts again change nothing.
        queue.sort(key=lambda r: r[0].startswith("paste"))
        failed: list[str] = []

        async def warm_client() -> None:
            while queue:
                kind, method, url, extra = queue.pop()
                ok, status = await _send(client, base, kind, method, url, extra)
                if not ok:
                    failed.append(f"{kind} {url}: {status}")

        await asyncio.gather(*(warm_client() for _ in range(clients)))
        run.warmup_requests, run.warmup_failures = len(work.every()), failed
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(n: int) -> None:
            local = random.Random(seed * 1000 + n)
            while time.perf_counter() < deadline:
                kind, method, url, extra = work.request(local)
                t0 = time.perf_counter()
                ok, status = await _send(client, base, kind, method, url, extra)
                run.results.append((kind, (time.perf_counter() - t0) * 1000, ok, status, url))

        async def sampler() -> None:
            while True:
                run.rss.append((time.perf_counter() - started, rss_mb(pid)))
                run.fds.append(len(os.listdir(f"/proc/{pid}/fd")))
                if time.perf_counter() >= deadline:
                    return
                await asyncio.sleep(min(sample_every, max(0.0, deadline - time.perf_counter())))

        await asyncio.gather(sampler(), *(one_client(n) for n in range(clients)))
    return run


def slope_mb_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per minute."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(m for _, m in points) / n
    var = sum((t - mx) ** 2 for t, _ in points)
    return 60 * sum((t - mx) * (m - my) for t, m in points) / var if var else 0.0


def pct(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 1) if ordered else None


def report(run: Run, *, seconds: float, warmup_fraction: float, max_slope: float) -> dict[str, Any]:
    """The soak figures and the verdict."""
    after = [p for p in run.rss if p[0] >= warmup_fraction * seconds]
    ms = [r[1] for r in run.results]
    errors = [r for r in run.results if not r[2]]
    kinds = sorted({r[0] for r in run.results})
    mid = run.rss[len(run.rss) // 2][1] if run.rss else None
    out: dict[str, Any] = {
        "seconds": seconds,
        "warmup_requests": run.warmup_requests,
        "warmup_failures": run.warmup_failures[:10],
        "requests": len(run.results),
        "errors": len(errors),
        "error_kinds": sorted({f"{r[0]}:{r[3]}" for r in errors}),
        "error_urls": sorted({r[4] for r in errors})[:10],
        "p50_ms": pct(ms, 50),
        "p95_ms": pct(ms, 95),
        "by_kind": {
            k: {
                "requests": sum(r[0] == k for r in run.results),
                "p95_ms": pct([r[1] for r in run.results if r[0] == k], 95),
            }
            for k in kinds
        },
        "rss_mb": {
            "start": round(run.rss[0][1], 1) if run.rss else None,
            "middle": round(mid, 1) if mid is not None else None,
            "end": round(run.rss[-1][1], 1) if run.rss else None,
            "max": round(max(m for _, m in run.rss), 1) if run.rss else None,
        },
        "samples": len(run.rss),
        "warmup_fraction": warmup_fraction,
        "growth_after_warmup_mb": round(max(m for _, m in after) - after[0][1], 1) if after else None,
        "slope_mb_per_min": round(slope_mb_per_min(after), 3),
        "max_slope_mb_per_min": max_slope,
        "open_files": {"start": run.fds[0], "end": run.fds[-1], "max": max(run.fds)} if run.fds else None,
        "rss_series": [[round(t), round(m, 1)] for t, m in run.rss],
    }
    out["passed"] = out["errors"] == 0 and not run.warmup_failures and out["slope_mb_per_min"] < max_slope
    return out


def soak(
    db: Path,
    *,
    seconds: float = 600.0,
    clients: int = 4,
    sample_every: float = 5.0,
    warmup_fraction: float = 0.2,
    max_slope: float = MAX_SLOPE_MB_PER_MIN,
    seed: int = 7,
) -> dict[str, Any]:
    """Serve ``db`` with ``claimgraph serve`` in a subprocess, drive it for ``seconds`` and report (see module)."""
    work = Workload.of(db)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server, timeout=90)
        run = asyncio.run(
            drive(base, server.pid, work, seconds=seconds, clients=clients, sample_every=sample_every, seed=seed)
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    out = report(run, seconds=seconds, warmup_fraction=warmup_fraction, max_slope=max_slope)
    out.update({"documents": work.documents, "distinct_requests": len(work.every())})
    out.update({"clients": clients, "sample_every_s": sample_every})
    return out


def main() -> None:
    from corpus import DEFAULT_DIR

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--limit", type=int, default=300, help="Reuters stories in the store")
    parser.add_argument("--clients", type=int, default=4, help="concurrent closed-loop clients")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument("--warmup-fraction", type=float, default=0.2, help="part of the run left out of the slope")
    parser.add_argument("--max-slope", type=float, default=MAX_SLOPE_MB_PER_MIN, help="pass threshold, MB/min")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    # A store of its own, rebuilt each run: paste-analyse adds articles to it.
    db = OUT / "soak-bench.db"
    db.with_suffix(".limit").unlink(missing_ok=True)
    fill_store(db, args.cache, args.corpus, args.limit)
    result = soak(
        db,
        seconds=args.seconds,
        clients=args.clients,
        sample_every=args.sample_every,
        warmup_fraction=args.warmup_fraction,
        max_slope=args.max_slope,
        seed=args.seed,
    )
    result.update({"cpus": os.cpu_count(), "load_average_1min": os.getloadavg()[0]})
    (OUT / "soak-results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if not result["passed"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

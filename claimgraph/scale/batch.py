"""``run_batch``: analyse a corpus of any size, resumable, one failure never stopping the run.

Records stream from the inputs (:mod:`claimgraph.scale.inputs`), are grouped in chunks, analysed
by :func:`extract_chunk` (in this process or in worker processes that each load the pipeline
once) and committed chunk by chunk to the output folder (:mod:`claimgraph.scale.checkpoint`)
and/or a store. At most ``2 x workers`` chunks are in flight, so memory stays flat however
large the corpus. ``extract_chunk`` is the one batch function every engine calls.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError, ConfigError
from claimgraph.model import Analysis, Article
from claimgraph.scale.checkpoint import OutputDir
from claimgraph.scale.inputs import Item, iter_input_files, iter_items
from claimgraph.scale.tables import Row, Tables, analysis_rows, empty_tables, error_row

if TYPE_CHECKING:
    from claimgraph.extract.pipeline import Pipeline
    from claimgraph.store import Store

ENGINES = ("local", "ray")
#: One record to analyse: (record id, readable place, article).
Record = tuple[str, str, Article]


@dataclass(slots=True)
class ChunkResult:
    """The rows, errors and (when a store is written) analyses of one chunk."""

    tables: Tables
    errors: list[Row]
    analyses: list[Analysis] = field(default_factory=list)


@dataclass(slots=True)
class BatchSummary:
    """What a run did: new analyses, failures, records skipped as already done, time taken."""

    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    chunks: int = 0
    seconds: float = 0.0
    out: str | None = None
    db: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "analysed": self.analysed,
            "failed": self.failed,
            "skipped": self.skipped,
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
            "out": self.out,
            "db": self.db,
        }


def extract_chunk(
    pipeline: Pipeline, records: Sequence[Record], *, batch_size: int = 32, keep_analyses: bool = False
) -> ChunkResult:
    """Analyse a chunk of records into table rows; a failed article becomes an error row."""
    result = ChunkResult(empty_tables(), [])
    outcomes = pipeline.pipe_results((article for _, _, article in records), batch_size=batch_size)
    for (record_id, where, _), outcome in zip(records, outcomes, strict=True):
        if outcome.analysis is None:
            error = outcome.error or ClaimgraphError("internal: no analysis and no error")
            result.errors.append(error_row(record_id, where, error))
            continue
        analysis_rows(record_id, outcome.analysis, result.tables)
        if keep_analyses:
            result.analyses.append(outcome.analysis)
    return result


# -- worker processes ------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(model: str | None, batch_size: int, keep_analyses: bool) -> None:
    # Runs once per worker process: the model is loaded here and reused for every chunk.
    from claimgraph.extract.pipeline import Pipeline

    _WORKER["pipeline"] = Pipeline(load_settings(model=model))
    _WORKER["batch_size"] = batch_size
    _WORKER["keep"] = keep_analyses


def _worker_chunk(records: list[Record]) -> ChunkResult:
    return extract_chunk(_WORKER["pipeline"], records, batch_size=_WORKER["batch_size"], keep_analyses=_WORKER["keep"])


# -- the run ---------------------------------------------------------------------------------
def _total_bytes(inputs: Sequence[str | Path]) -> int:
    total = 0
    for entry in iter_input_files(inputs):
        if isinstance(entry, Path):
            with contextlib.suppress(OSError):
                total += entry.stat().st_size
    return total


class _Run:
    """State of one local run: the output, the store, the progress bar and the counters."""

    def __init__(self, output: OutputDir, store: Store | None, summary: BatchSummary, progress: Any) -> None:
        self.output = output
        self.store = store
        self.summary = summary
        self.progress = progress
        self.in_flight: set[str] = set()
        self.started = time.monotonic()

    def done(self, record_id: str) -> bool:
        if self.output.is_done(record_id) or record_id in self.in_flight:
            self.summary.skipped += 1
            return True
        return False

    def commit(self, items: list[Item], result: ChunkResult) -> None:
        errors = [error_row(i.record_id, i.where, i.error) for i in items if i.error is not None]
        errors.extend(result.errors)
        if self.store is not None:
            self.store.add_many(result.analyses)
        ids = [i.record_id for i in items]
        self.output.commit(ids, result.tables, errors)
        self.in_flight.difference_update(ids)
        self.summary.failed += len(errors)
        self.summary.analysed += len(items) - len(errors)
        self.summary.chunks += 1
        elapsed = max(1e-9, time.monotonic() - self.started)
        self.progress.update(sum(i.nbytes for i in items))
        self.progress.set_postfix(
            articles=self.summary.analysed, failed=self.summary.failed, rate=f"{self.summary.analysed / elapsed:.1f}/s"
        )


def _records(items: list[Item]) -> list[Record]:
    return [(i.record_id, i.where, i.article) for i in items if i.article is not None]


def run_batch(
    inputs: Iterable[str | Path],
    *,
    out: str | Path | None = None,
    db: str | None = None,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    model: str | None = None,
    chunk_size: int = 64,
    batch_size: int = 32,
    fresh: bool = False,
    progress: bool = False,
) -> BatchSummary:
    """Analyse every article in ``inputs`` into Parquet tables under ``out`` and/or the store ``db``.

    Resumes from the checkpoint in ``out`` (or ``<db>.batch`` when only a store is given):
    records committed earlier are skipped, so a killed run loses and repeats nothing. Failed
    records go to ``errors.jsonl`` with their reason. ``workers`` > 1 analyses in that many
    processes; ``engine="ray"`` runs on Ray Data instead (see :mod:`claimgraph.scale.ray_engine`).
    """
    sources = [str(i) for i in inputs]
    if out is None and db is None:
        raise ConfigError("give an output folder (--out DIR) and/or a store (--db FILE)")
    if engine not in ENGINES:
        raise ConfigError(f"engine {engine!r} is not known; use one of {', '.join(ENGINES)}")
    if workers < 1 or chunk_size < 1 or batch_size < 1:
        raise ConfigError("workers, chunk_size and batch_size must be at least 1")
    if engine == "ray":
        from claimgraph.scale.ray_engine import RayOptions, run_ray

        if out is None:
            raise ConfigError("the ray engine writes Parquet: give --out DIR (a local folder or an object-store URL)")
        opts = RayOptions(actors=workers, batch_rows=chunk_size)
        return run_ray(sources, out=str(out), address=address, model=model, batch_size=batch_size, options=opts)
    root = Path(out) if out is not None else Path(f"{db}.batch")
    summary = BatchSummary(out=str(out) if out is not None else None, db=db)
    output = OutputDir(root, fresh=fresh)
    store = _open_store(db)
    try:
        with _progress_bar(sources, progress) as bar:
            run = _Run(output, store, summary, bar)
            if workers == 1:
                _run_inline(run, sources, model, chunk_size, batch_size)
            else:
                _run_pool(run, sources, model, workers, chunk_size, batch_size)
    finally:
        if store is not None:
            store.close()
    summary.seconds = time.monotonic() - run.started
    return summary


def _open_store(db: str | None) -> Store | None:
    if db is None:
        return None
    from claimgraph.store import Store

    return Store.open(db, create=True)


def _progress_bar(sources: Sequence[str], enabled: bool) -> Any:
    from tqdm import tqdm

    total = _total_bytes(sources) if enabled else None
    return tqdm(total=total, unit="B", unit_scale=True, desc="batch", disable=not enabled, file=sys.stderr)


def _chunks(run: _Run, sources: Sequence[str], chunk_size: int) -> Iterable[list[Item]]:
    chunk: list[Item] = []
    for item in iter_items(sources, done=run.done):
        run.in_flight.add(item.record_id)
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_inline(run: _Run, sources: Sequence[str], model: str | None, chunk_size: int, batch_size: int) -> None:
    from claimgraph.api import default_pipeline

    pipeline = default_pipeline(load_settings(model=model))
    keep = run.store is not None
    for items in _chunks(run, sources, chunk_size):
        run.commit(items, extract_chunk(pipeline, _records(items), batch_size=batch_size, keep_analyses=keep))


class _Pool:
    """The worker processes, replaced by fresh ones when a worker dies (killed, out of memory, crashed).

    An article that overruns the time limit is stopped inside its worker (E020) and the worker goes
    on; a worker that dies takes the pool down with it, so the chunk it was on is recorded as failed
    and the chunks still pending are handed to a new pool: the run goes on.
    """

    def __init__(self, workers: int, model: str | None, batch_size: int, keep: bool) -> None:
        self.args = (workers, model, batch_size, keep)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, model, batch_size, keep = self.args
        # spawn, not fork: each worker starts clean and loads the model once, whatever the parent holds.
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(model, batch_size, keep),
        )

    def submit(self, items: list[Item]) -> Future[ChunkResult] | None:
        records = _records(items)
        if not records:
            return None
        try:
            return self.executor.submit(_worker_chunk, records)
        except BrokenProcessPool:
            self.restart()
            return self.executor.submit(_worker_chunk, records)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()


def _run_pool(
    run: _Run, sources: Sequence[str], model: str | None, workers: int, chunk_size: int, batch_size: int
) -> None:
    pool = _Pool(workers, model, batch_size, run.store is not None)
    # Each chunk with its future and the executor it went to (a dead one is replaced once, not per chunk).
    pending: deque[tuple[list[Item], Future[ChunkResult] | None, ProcessPoolExecutor]] = deque()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            items, future, executor = pending.popleft()
            if future is not None and executor is not pool.executor and _died(future):
                future = pool.submit(items)  # it died with a pool replaced since: not its fault, run it again
                executor = pool.executor
            result = _result(items, future)
            if future is not None and executor is pool.executor and _died(future):
                # This chunk is recorded as failed (above); the chunks still pending on the dead pool died
                # with it, not of their own doing, so they go to a fresh one.
                pool.restart()
                for i, (other, _, other_executor) in enumerate(pending):
                    if other_executor is executor:
                        pending[i] = (other, pool.submit(other), pool.executor)
            run.commit(items, result)

    try:
        for items in _chunks(run, sources, chunk_size):
            future = pool.submit(items)
            pending.append((items, future, pool.executor))
            drain(2 * workers)
        drain(0)
    finally:
        pool.executor.shutdown(wait=True, cancel_futures=True)


def _died(future: Future[ChunkResult]) -> bool:
    return future.done() and isinstance(future.exception(), BrokenProcessPool)


def _result(items: list[Item], future: Future[ChunkResult] | None) -> ChunkResult:
    if future is None:
        return ChunkResult(empty_tables(), [])
    try:
        return future.result()
    except ClaimgraphError:
        raise
    except BrokenProcessPool as exc:
        reason = ClaimgraphError(
            f"internal: the worker analysing this chunk died ({exc}); an article in it may exhaust memory "
            "or crash the parser: rerun with --workers 1 to find it"
        )
        return ChunkResult(empty_tables(), [error_row(i.record_id, i.where, reason) for i in items if i.article])
    except Exception as exc:  # noqa: BLE001 - a dead worker must not stop the run; its chunk is reported
        reason = ClaimgraphError(f"internal: the worker analysing this chunk failed ({exc.__class__.__name__}: {exc})")
        return ChunkResult(empty_tables(), [error_row(i.record_id, i.where, reason) for i in items if i.article])

"""The Ray Data engine: the same batch function as ``map_batches`` over a callable class.

Inputs are JSON Lines (``read_text``: one row per line, so a corrupt line is one failed record,
not a failed file) and Parquet (``read_parquet``, each row re-encoded as one JSON record), from
local paths or any URL pyarrow's filesystems open (``s3://``, ``gs://``, ...). Every record
becomes ``{"path", "line"}``; :class:`ExtractBatch` (one pipeline per actor) parses it with the
ingest readers, calls :func:`claimgraph.scale.batch.extract_chunk`, writes the batch's table
parts itself and returns a small manifest (record ids, part names, error rows). The driver
commits manifests to the checkpoint as they stream in, so the output folder has the same
layout as a local run and :func:`claimgraph.scale.read_table` reads both.

Record ids here are ``<path>#H<sha256 of the line, 16 hex>``: Ray does not tell a row's line
number. A Spark adapter would have the same three parts: read to ``{"path", "line"}`` rows,
``mapInPandas`` with the same class, commit the manifests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError, ConfigError
from claimgraph.ingest.articles import Given
from claimgraph.ingest.dates import current_time
from claimgraph.ingest.records import article_from_record
from claimgraph.scale.batch import BatchSummary, Record, extract_chunk
from claimgraph.scale.checkpoint import CHECKPOINT, ERRORS, OutputDir
from claimgraph.scale.tables import TABLES, Row, error_row, to_arrow

_PARQUET = (".parquet",)
_JSONL = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class RayOptions:
    """How the pipeline actors are placed: ``num_cpus`` each (fractional on small nodes)."""

    actors: int = 1
    num_cpus: float = 0.5
    batch_rows: int = 64


def record_id(path: str, line: str) -> str:
    """The stable id of one input record on the Ray engine."""
    return f"{path}#H{hashlib.sha256(line.encode('utf-8')).hexdigest()[:16]}"


class ExtractBatch:
    """A Ray ``map_batches`` callable: holds one pipeline, turns a batch of records into written parts."""

    def __init__(self, out: str, model: str | None, batch_size: int, done: frozenset[str] = frozenset()) -> None:
        from claimgraph.extract.pipeline import Pipeline

        self.pipeline = Pipeline(load_settings(model=model))
        self.out = out
        self.batch_size = batch_size
        self.done = done

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        records: list[Record] = []
        ids: list[str] = []
        errors: list[Row] = []
        now = current_time(None)
        for path, line in zip(list(batch["path"]), list(batch["line"]), strict=True):
            rid = record_id(str(path), str(line))
            if not str(line).strip() or rid in self.done or rid in ids:
                continue
            ids.append(rid)
            where = f"{path} record {rid.rsplit('#', 1)[1]}"
            try:
                value = json.loads(line)
                fmt = "parquet" if str(path).lower().endswith(_PARQUET) else "jsonl"
                base = Given(source_path=str(path), source_format=fmt, encoding="utf-8" if fmt == "jsonl" else None)
                records.append((rid, where, article_from_record(value, where=where, base=base, now=now)))
            except json.JSONDecodeError as exc:
                errors.append(error_row(rid, where, _malformed(where, exc)))
            except ClaimgraphError as exc:
                errors.append(error_row(rid, where, exc))
        if not ids:
            return {"manifest": []}
        result = extract_chunk(self.pipeline, records, batch_size=self.batch_size)
        name = f"part-{hashlib.sha256(chr(10).join(ids).encode()).hexdigest()[:20]}.parquet"
        parts = [write_part(self.out, table, name, rows) for table, rows in result.tables.items() if rows]
        manifest = {"records": ids, "parts": parts, "errors": errors + result.errors}
        return {"manifest": [json.dumps(manifest, ensure_ascii=False)]}


def _malformed(where: str, exc: json.JSONDecodeError) -> ClaimgraphError:
    from claimgraph.errors import MalformedRecordError

    return MalformedRecordError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")


def write_part(out: str, table: str, name: str, rows: list[Row]) -> str:
    """Write one table part to ``out`` (a folder or object-store URL); its name relative to ``out``."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    fs, base = pafs.FileSystem.from_uri(out if "://" in out else str(Path(out).resolve()))
    fs.create_dir(f"{base}/{table}", recursive=True)
    # Same batch, same name: a task Ray retries overwrites its own part instead of adding one.
    pq.write_table(to_arrow(table, rows), f"{base}/{table}/{name}", filesystem=fs, compression="zstd")
    return f"{table}/{name}"


def _split_inputs(sources: Sequence[str]) -> tuple[list[str], list[str]]:
    jsonl: list[str] = []
    parquet: list[str] = []
    for src in sources:
        path = Path(src)
        if "://" not in src and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            jsonl += [str(p.resolve()) for p in found if p.suffix.lower() in _JSONL]
            parquet += [str(p.resolve()) for p in found if p.suffix.lower() in _PARQUET]
        elif src.lower().endswith(_PARQUET):
            parquet.append(src if "://" in src else str(path.resolve()))
        elif src.lower().endswith(_JSONL):
            jsonl.append(src if "://" in src else str(path.resolve()))
        else:
            raise ConfigError(f"{src}: the ray engine reads .jsonl and .parquet (files, folders or URLs); convert it")
    return jsonl, parquet


def _parquet_rows_as_lines(batch: Any) -> dict[str, list[str]]:
    rows = batch.to_pylist()
    return {
        "path": [str(r.pop("path")) for r in rows],
        "line": [json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows],
    }


def _dataset(sources: Sequence[str]) -> Any:
    import ray.data

    jsonl, parquet = _split_inputs(sources)
    parts = []
    if jsonl:
        parts.append(ray.data.read_text(jsonl, include_paths=True).rename_columns({"text": "line"}))
    if parquet:
        ds = ray.data.read_parquet(parquet, include_paths=True)
        parts.append(ds.map_batches(_parquet_rows_as_lines, batch_format="pyarrow"))
    if not parts:
        raise ConfigError("no .jsonl or .parquet input found for the ray engine")
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


def run_ray(
    sources: Sequence[str],
    *,
    out: str,
    workers: int = 1,
    address: str | None = None,
    model: str | None = None,
    batch_size: int = 32,
    options: RayOptions | None = None,
) -> BatchSummary:
    """Run the batch on Ray Data (a local Ray when ``address`` is None); output as a local run's."""
    import time

    import ray

    opts = options or RayOptions(actors=workers)
    started = time.monotonic()
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    local = "://" not in out
    output = OutputDir(Path(out)) if local else None
    done = frozenset(output.state.records) if output is not None else frozenset()
    ds = _dataset(sources).map_batches(
        ExtractBatch,
        fn_constructor_kwargs={"out": out, "model": model, "batch_size": batch_size, "done": done},
        batch_size=opts.batch_rows,
        concurrency=opts.actors,
        num_cpus=opts.num_cpus,
    )
    summary = BatchSummary(out=out, skipped=len(done))
    lines: list[str] = []
    for row in ds.iter_rows():
        manifest = json.loads(row["manifest"])
        errors = manifest["errors"]
        if output is not None:
            output.commit_written(manifest["records"], manifest["parts"], errors)
        else:
            lines.append(row["manifest"])
        summary.failed += len(errors)
        summary.analysed += len(manifest["records"]) - len(errors)
        summary.chunks += 1
    if output is None:
        _write_remote_manifest(out, lines)
    summary.seconds = time.monotonic() - started
    return summary


def _write_remote_manifest(out: str, manifests: list[str]) -> None:
    # Object stores cannot append: the checkpoint and errors file are written once, at the end.
    import pyarrow.fs as pafs

    fs, base = pafs.FileSystem.from_uri(out)
    checkpoint: list[str] = []
    errors: list[str] = []
    for n, raw in enumerate(manifests, start=1):
        m = json.loads(raw)
        errors.extend(json.dumps(e, ensure_ascii=False) for e in m["errors"])
        checkpoint.append(json.dumps({"part": n, "records": m["records"], "parts": m["parts"], "errors_bytes": 0}))
    with fs.open_output_stream(f"{base}/{ERRORS}") as handle:
        handle.write("".join(e + "\n" for e in errors).encode("utf-8"))
    with fs.open_output_stream(f"{base}/{CHECKPOINT}") as handle:
        handle.write("".join(c + "\n" for c in checkpoint).encode("utf-8"))


__all__ = ["TABLES", "ExtractBatch", "RayOptions", "record_id", "run_ray"]

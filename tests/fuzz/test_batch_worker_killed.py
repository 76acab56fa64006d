"""A batch worker killed mid-run: its article is recorded as a failure and the run goes on."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from claimgraph.scale import BatchSummary, read_errors, run_batch

STORIES = [
    "The Velmora ferry company said crossings would resume on Friday.",
    "The Dornbach council said it had approved the budget.",
    "Police in Tamsk said the pier would stay closed until May.",
    "The Harlow Bay mayor said fares would not rise this year.",
]


def _worker_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and "spawn_main" in cmdline and "resource_tracker" not in cmdline:
            pids.append(int(entry.name))
    return pids


@pytest.mark.slow
def test_batch_worker_killed_is_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "stories.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in STORIES), encoding="utf-8")
    outcome: list[BatchSummary | BaseException] = []

    def run() -> None:
        try:
            outcome.append(run_batch([source], out=tmp_path / "out", workers=2, chunk_size=1))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    killed = None
    give_up = time.monotonic() + 300
    while killed is None and thread.is_alive() and time.monotonic() < give_up:
        pids = _worker_pids()
        if pids:
            killed = pids[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    thread.join(600)
    assert killed is not None, "no worker process was seen"
    assert len(outcome) == 1 and isinstance(outcome[0], BatchSummary), outcome
    summary = outcome[0]
    errors = read_errors(tmp_path / "out")
    assert summary.analysed + summary.failed == len(STORIES)
    assert summary.failed == len(errors) == 1
    assert errors[0]["code"] == "E000" and "worker" in errors[0]["error"] and "died" in errors[0]["error"]

"""The atheris harness for the readers runs a bounded number of inputs without a crash or a hang."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_atheris_readers_harness_finds_no_crash(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"  # missing: the harness fills it with its invented seeds
    # -runs bounds the work by count, not by time; -timeout turns one hanging input into a failure.
    command = [
        sys.executable,
        str(ROOT / "fuzz" / "readers.py"),
        "-runs=400",
        "-timeout=30",
        "-max_len=4096",
        "-seed=1",
        f"-artifact_prefix={tmp_path}/",
        str(corpus),
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 400 runs" in done.stderr
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))

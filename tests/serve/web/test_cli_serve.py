"""``claimgraph serve`` refuses to listen beyond this machine without a token and documents itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import main


def test_cli_serve_refuses_non_loopback_without_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "[E003]" in result.output and "token" in result.output


def test_cli_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--token" in result.output and "127.0.0.1" in result.output


def test_cli_serve_worker_app_is_built_from_the_environment(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from claimgraph.serve.web.app import APP_ENV, app_from_env

    monkeypatch.setenv(APP_ENV["db"], str(store_path))
    monkeypatch.setenv(APP_ENV["max_upload"], "1024")
    monkeypatch.setenv("CLAIMGRAPH_TOKEN", "worker-token")
    with TestClient(app_from_env()) as client:
        assert client.get("/api/sources").status_code == 401
        ok = client.get("/api/sources", headers={"X-Claimgraph-Token": "worker-token"})
        assert ok.status_code == 200 and ok.json()["items"]
        big = client.post("/api/analyse", json={"text": "x" * 2048}, headers={"X-Claimgraph-Token": "worker-token"})
        assert big.status_code == 413

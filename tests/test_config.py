"""Settings: defaults, TOML file, environment, overrides, and coded errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.config import DEFAULT_MODEL, load_settings
from claimgraph.errors import ConfigError


def test_config_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMGRAPH_MODEL", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_settings().model == DEFAULT_MODEL


def test_config_toml_then_env_then_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "claimgraph.toml"
    cfg.write_text('[claimgraph]\nmodel = "from_file"\nmax_chars = 5000\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_CONFIG", str(cfg))
    assert load_settings().model == "from_file"
    assert load_settings().max_chars == 5000
    monkeypatch.setenv("CLAIMGRAPH_MODEL", "from_env")
    assert load_settings().model == "from_env"
    assert load_settings(model="explicit").model == "explicit"


@pytest.mark.parametrize("content", ['[claimgraph]\nmax_chars = "lots"\n', "[claimgraph]\ncolour = 1\n", "not = [toml"])
def test_config_bad_values_raise_config_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str) -> None:
    cfg = tmp_path / "claimgraph.toml"
    cfg.write_text(content, encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(info.value).startswith("[E003]")

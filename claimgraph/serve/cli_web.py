"""The ``serve`` command: the workbench (web UI + JSON API) over a store. ``cli.py`` calls :func:`register`."""

from __future__ import annotations

import os
import secrets
from typing import Any

import click

from claimgraph.serve.cli_store import db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--token",
    default=None,
    metavar="TOKEN",
    help="Require this token on every request (env CLAIMGRAPH_TOKEN); needed to listen beyond this machine.",
)
@click.option(
    "--max-upload-kb", type=click.IntRange(min=1), default=2048, show_default=True, help="Largest upload accepted."
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Server processes (for many users)."
)
def serve_command(db: str | None, host: str, port: int, token: str | None, max_upload_kb: int, workers: int) -> None:
    """Browse, search and export the store in a web browser; JSON API under /api.

    \b
    Examples:
      claimgraph serve --db collection.db
      CLAIMGRAPH_TOKEN=s3cret claimgraph serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from claimgraph.config import load_settings
    from claimgraph.serve.web.app import APP_ENV, create_app
    from claimgraph.serve.web.csrf import CSRF_SECRET_ENV
    from claimgraph.serve.web.security import TOKEN_ENV, check_bind

    token = token or os.environ.get(TOKEN_ENV) or None
    check_bind(host, token)
    location = load_settings(db=db).db_location()
    click.echo(f"claimgraph workbench on http://{host}:{port}/ (store: {location})", err=True)
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    options.update({"server_header": False, "timeout_keep_alive": 30})
    if workers == 1:
        uvicorn.run(create_app(location, token=token, max_upload=max_upload_kb * 1024), **options)
        return
    # Worker processes build their own app from the environment (uvicorn imports it by name).
    os.environ.update({APP_ENV["db"]: location, APP_ENV["max_upload"]: str(max_upload_kb * 1024)})
    if token:
        os.environ[TOKEN_ENV] = token
    # Every worker must sign CSRF tokens with the same key, or a form served by one is refused by another.
    os.environ.setdefault(CSRF_SECRET_ENV, secrets.token_hex(32))
    uvicorn.run("claimgraph.serve.web.app:app_from_env", factory=True, workers=workers, **options)


def register(main: click.Group) -> None:
    """Add ``serve`` to the ``claimgraph`` group."""
    main.add_command(serve_command)

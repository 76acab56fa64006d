"""The analyst's workbench: a local web UI and JSON API over a claimgraph store (``claimgraph serve``)."""

from __future__ import annotations

from claimgraph.serve.web.app import Workbench, create_app

__all__ = ["Workbench", "create_app"]

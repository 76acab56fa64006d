"""claimgraph command line (placeholder, being written)."""

from __future__ import annotations


def main() -> None:
    raise SystemExit("claimgraph CLI is being written")

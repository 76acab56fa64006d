"""Readers: files, bytes and strings in, :class:`~claimgraph.model.Article` out.

Formats: plain text (structure lines detected: headline, dateline, subheadings),
HTML (trafilatura main text + metadata, htmldate cross-check), JSON / JSON Lines
records, RSS / Atom feeds. Every reader refuses bad input with a coded
:class:`~claimgraph.errors.ClaimgraphError` (E010-E018).
"""

from __future__ import annotations

from claimgraph.ingest.language import guess_language
from claimgraph.ingest.paths import SUPPORTED_FORMATS, iter_paths, sniff_format
from claimgraph.ingest.readers import iter_records, read_bytes, read_path, read_text

__all__ = [
    "SUPPORTED_FORMATS",
    "guess_language",
    "iter_paths",
    "iter_records",
    "read_bytes",
    "read_path",
    "read_text",
    "sniff_format",
]

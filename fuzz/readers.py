"""Coverage-guided fuzzing of the readers with atheris (libFuzzer).

    .venv/bin/python fuzz/readers.py -max_total_time=60 -timeout=10

The first byte of each input picks the format (txt, md, html, json, jsonl, rss, atom, warc), the rest
is the file's bytes. A reader may refuse an input with a coded ``ClaimgraphError``; any other
exception, an article whose structure spans do not match its text, or one input running past
libFuzzer's ``-timeout`` is a crash: libFuzzer stops, writes the input to ``crash-*`` /
``timeout-*`` and exits non-zero. An empty (or missing) corpus folder, or a fresh one when none is
given, is filled with small invented seeds (one per format) so the fuzzer starts from real
structure, not from nothing.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["claimgraph.ingest"]):
    from claimgraph.errors import ClaimgraphError
    from claimgraph.eval.invariants import check_article
    from claimgraph.ingest import read_bytes
    from claimgraph.ingest.warc import iter_warc

FORMATS = ("txt", "md", "html", "json", "jsonl", "rss", "atom", "warc")
NOW = datetime(2025, 6, 1, tzinfo=UTC)
_WARC_FILE = Path(tempfile.gettempdir()) / f"claimgraph-fuzz-{id(NOW)}.warc"

_PAGE = (
    "<html><head><title>Velmora ferry</title><meta name='date' content='2024-03-05'></head><body><article>"
    "<h1>Velmora ferry resumes</h1><p>VELMORA, March 5 (Velmora Daily) - The ferry company said on Tuesday "
    "that crossings would resume, according to a spokeswoman.</p><h2>Fares</h2><p>Fares rose 5%.</p>"
    "</article></body></html>"
)
SEEDS: dict[str, bytes] = {
    "txt": b"Velmora ferry resumes\n\nVELMORA, March 5 - The ferry company said crossings would resume.\n",
    "md": b"---\ntitle: Velmora ferry\ndate: 2024-03-05\n---\n# Velmora ferry resumes\n\n*By Ines Ortmann*\n\n"
    b"The [ferry company](https://velmora.example.org) said **crossings** would resume.\n\n- fares rose 5%\n",
    "html": _PAGE.encode(),
    "json": b'[{"text": "The Tamsk council said it approved the budget.", "published": "2024-02-29"}]',
    "jsonl": b'{"text": "The Tamsk mayor said the market would reopen.", "title": "Market"}\n{"html": "<p>x</p>"}\n',
    "rss": b"<rss><channel><item><title>Pier</title><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
    b"<description>&lt;p&gt;The pier was closed, police said.&lt;/p&gt;</description></item></channel></rss>",
    "atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Dam</title><updated>2024-03-05T10:00:00Z'
    b"</updated><content type='html'>The dam held, engineers said.</content></entry></feed>",
}


def _warc_seed() -> bytes:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://velmora.example.org/ferry", "response", payload=BytesIO(_PAGE.encode()), http_headers=headers
    )
    writer.write_record(record)
    return buf.getvalue()


def _check(articles: list[object]) -> None:
    for article in articles:
        if isinstance(article, ClaimgraphError):
            continue
        problems = check_article(article)  # type: ignore[arg-type]
        if problems:
            raise AssertionError(f"reader produced an unsound article: {problems}")


def test_one_input(data: bytes) -> None:
    """Read ``data[1:]`` in the format ``data[0]`` picks; only coded errors may escape the readers."""
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    payload = data[1:]
    try:
        if fmt == "warc":
            _WARC_FILE.write_bytes(payload)
            _check([item.result for item in iter_warc(_WARC_FILE, now=NOW)])
        else:
            _check(list(read_bytes(payload, fmt=fmt, now=NOW)))
    except ClaimgraphError:
        return


def write_seeds(folder: Path) -> None:
    """Fill ``folder`` with one small invented input per format."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {**SEEDS, "warc": _warc_seed()}
    for fmt, body in seeds.items():
        (folder / f"seed-{fmt}").write_bytes(bytes([FORMATS.index(fmt)]) + body)


def main() -> None:
    args = list(sys.argv)
    folders = [Path(a) for a in args[1:] if not a.startswith("-")]
    if not folders:
        folders = [Path(tempfile.mkdtemp(prefix="claimgraph-fuzz-readers-"))]
        args.append(str(folders[0]))
    if not folders[0].exists() or not any(folders[0].iterdir()):
        write_seeds(folders[0])
    atheris.Setup(args, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        _WARC_FILE.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

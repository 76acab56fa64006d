"""A tiny invented corpus for the batch tests (no text from /work/shared)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

_TOWNS = ("Velmora", "Harlow Bay", "Dornbach", "Kessling", "Ostrava Nova", "Tamsk")
_BODIES = (
    "The mayor of {town} said on Tuesday that the new bridge would cost about {n} million euros.",
    "Officials at the {town} port authority denied that {n} dock workers had been laid off last month.",
    "Police in {town} said the fire may have started in a bakery, according to a spokeswoman.",
    "The {town} council will vote on the budget in March, a spokesman told reporters.",
)


def story(i: int) -> dict[str, str]:
    """The i-th invented story as a JSON Lines record."""
    town = _TOWNS[i % len(_TOWNS)]
    body = _BODIES[i % len(_BODIES)].format(town=town, n=10 + 7 * i)
    return {"text": body, "title": f"{town} report {i}", "published": f"2024-03-{1 + i % 28:02d}"}


def write_jsonl(path: Path, count: int, *, bad_lines: tuple[int, ...] = ()) -> Path:
    """``count`` stories as JSON Lines; line numbers in ``bad_lines`` hold broken JSON instead."""
    lines = []
    for n in range(1, count + 1):
        lines.append('{"text": "unterminated' if n in bad_lines else json.dumps(story(n)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def html_page(title: str, body: str) -> str:
    """A minimal news page."""
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body.replace('Tuesday', 'Wednesday')}</p></article></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]], *, gzip: bool = False, with_request: bool = True) -> bytes:
    """A WARC file holding one HTML response per (url, html) pair (and a request record each)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, page in pages:
        if with_request:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=BytesIO(page.encode()), http_headers=headers)
        writer.write_record(record)
    return buf.getvalue()

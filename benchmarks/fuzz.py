"""Fuzz run: thousands of hostile inputs through the readers and the pipeline, every output checked.

    python benchmarks/fuzz.py --inputs 10000 --json

Inputs are invented news sentences (and, when the Reuters corpus is present, its stories, read at run
time only) mutated at random: control characters, mixed scripts, unbalanced quotes, huge numbers,
impossible dates, very long tokens and sentences; plus purely random text. Each input is wrapped in
one of the reader formats (txt, html, jsonl, rss, atom, warc) and read; the articles go through the
pipeline in batches under the per-article time limit, and each analysis is checked with
:func:`claimgraph.eval.invariants.check_analysis`.

Outcomes: ``ok`` (a sound analysis), coded errors by code (a reader or the pipeline refused the
input with a ``ClaimgraphError``), ``invalid`` (an analysis that breaks an invariant), ``crashes``
(any other exception, or an internal E000 error), ``timeouts`` (E020: an article ran past the
limit). The run is seeded, so the same arguments give the same inputs. Failing inputs are written
with ``repr`` to ``--failures`` for reproduction.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_DIR, reuters_stories

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError
from claimgraph.eval.invariants import check_analysis, check_article
from claimgraph.extract.deadline import time_limit
from claimgraph.extract.pipeline import Pipeline
from claimgraph.ingest import read_bytes
from claimgraph.ingest.warc import iter_warc
from claimgraph.model import Article

NOW = datetime(2025, 6, 1, tzinfo=UTC)
FORMATS = ("txt", "txt", "txt", "md", "html", "jsonl", "rss", "atom", "warc")

# Invented news prose (our own sentences) that the mutations start from.
TEMPLATES = (
    "Velmora harbour reopens\n\nVELMORA, March 5 (Velmora Daily) - The port authority said on Tuesday that "
    "about 300 containers were delayed, according to officials who declined to be named.",
    'The mayor of Harlow Bay, Ines Ortmann, told reporters: "We will not raise fares before 2026." '
    "Critics said the plan may cost up to $4.5 million.",
    "Officials in Dornbach denied reports that 12 soldiers had been killed near the border last week, "
    "the defence ministry said in a statement.",
    "Police in Tamsk said the fire probably started in a bakery at around 3 a.m. on Friday; "
    "nobody was hurt, a spokeswoman said.",
    "From: Velmora Daily <desk@velmora.example.org>\nDate: Tue, 5 Mar 2024 10:00:00 +0100\n"
    "Subject: Fwd: Velmora ferry resumes\n\nThe ferry company said on Tuesday that crossings would\n"
    "resume on Friday, according to a spokeswoman who was not named.",
    "The Kessling central bank raised its main rate by 0.25 percentage points to 4.75% on Thursday, "
    "its third increase since January, analysts at Oskar Brandt Securities said.",
    "Rainfall in the Ostrava Nova region reached 120 mm in 24 hours, twice the monthly average, "
    "the weather service reported, adding that more storms were expected next week.",
)
SCRIPTS = ("Москва", "北京市", "القاهرة", "Αθήνα", "दिल्ली", "ソウル", "🙂🙂", "Ǆ", "ﬁ", "İ", "ß", "\u0301")
CONTROL = [chr(c) for c in (*range(0, 32), 127, 0x85, 0x2028, 0x2029, 0x200B, 0xFEFF, 0x202E, 0xFFFF)]
QUOTES = ('"', "“", "”", "'", "‘", "’", "«", "»", "„", "(", ")", "[", "]", "{", "<", ">")
DATES = ("99999-99-99", "0000-00-00", "2024-13-45", "31/02/2024", "Feb 30, 1999", "1 Smarch 2024", "25:61")


@dataclass
class Tally:
    """What happened to the inputs."""

    inputs: int = 0
    articles: int = 0
    ok: int = 0
    invalid: int = 0
    crashes: int = 0
    timeouts: int = 0
    reader_errors: Counter[str] = field(default_factory=Counter)
    pipeline_errors: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)

    def fail(self, kind: str, data: object, detail: str) -> None:
        if len(self.failures) < 200:
            self.failures.append({"kind": kind, "input": repr(data)[:20_000], "detail": detail[:2000]})


# -- generating inputs ---------------------------------------------------------------------------
def _mutate(text: str, rng: random.Random) -> str:
    """Apply 1-6 random hostile edits to ``text``."""
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(text))
        kind = rng.randrange(11)
        if kind == 0:
            piece = "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 4)))
        elif kind == 1:
            piece = rng.choice(SCRIPTS)
        elif kind == 2:
            piece = rng.choice(QUOTES) * rng.randint(1, 3)
        elif kind == 3:
            piece = "9" * rng.choice((40, 400, 5000)) + rng.choice(("", " km", " million", "%", ",000"))
        elif kind == 4:
            piece = rng.choice(DATES)
        elif kind == 5:
            piece = rng.choice("xa-/.%") * rng.choice((50, 500, 10_000))
        elif kind == 6:
            piece = chr(rng.randint(0x20, 0x2FFFF))
        elif kind == 7 and text:
            end = min(len(text), pos + rng.randint(1, 40))
            piece, text = "", text[:pos] + text[end:]
        elif kind == 8 and text:
            end = min(len(text), pos + rng.randint(1, 60))
            piece = text[pos:end] * rng.randint(2, 30)  # a repeated clause: a very long sentence
        elif kind == 9:
            piece = " said " if rng.random() < 0.5 else ", according to "
        else:
            piece = "\n" * rng.randint(1, 3)
        if 0xD800 <= (ord(piece[0]) if piece else 0) <= 0xDFFF:
            continue
        text = text[:pos] + piece + text[pos:]
    return text


def _random_text(rng: random.Random) -> str:
    n = rng.randint(0, 300)
    pool = rng.choice((CONTROL + list(" a.,"), [chr(rng.randint(0x20, 0x2FFF)) for _ in range(50)], list(QUOTES)))
    return "".join(rng.choice(pool) for _ in range(n))


def texts(count: int, seed: int, corpus: Path | None, max_chars: int) -> Iterator[str]:
    """``count`` hostile texts, each at most ``max_chars`` long."""
    rng = random.Random(seed)
    seeds = list(TEMPLATES)
    if corpus is not None and corpus.is_dir():
        seeds.extend(str(s["text"]) for s in reuters_stories(corpus, limit=2000))
    for _ in range(count):
        roll = rng.random()
        if roll < 0.1:
            text = _random_text(rng)
        elif roll < 0.2:
            text = " ".join(_mutate(rng.choice(TEMPLATES), rng) for _ in range(rng.randint(2, 6)))
        else:
            text = _mutate(rng.choice(seeds), rng)
        yield text[:max_chars]


# -- wrapping in a reader format ---------------------------------------------------------------------
def wrap(text: str, fmt: str, rng: random.Random) -> bytes:
    """The bytes of a file in ``fmt`` carrying ``text`` (sometimes in a legacy encoding)."""
    if fmt == "txt":
        encoding = rng.choice(("utf-8", "utf-8", "utf-16", "cp1252", "latin-1"))
        return text.encode(encoding, errors="replace")
    if fmt == "md":
        return _markdown(text, rng).encode("utf-8", errors="replace")
    if fmt == "html":
        depth = rng.choice((1, 3, 200))
        body = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n"))
        page = f"<html><head><title>Story</title></head><body>{'<div>' * depth}<article>{body}</article></body></html>"
        return page.encode("utf-8", errors="replace")
    if fmt == "jsonl":
        record = {"text": text, "published": rng.choice((None, "2024-03-05", *DATES))}
        return (json.dumps(record) + "\n").encode()
    if fmt == "rss":
        date = rng.choice(DATES)
        item = f"<item><title>Story</title><pubDate>{date}</pubDate><description>{escape(text)}</description></item>"
        return f"<rss><channel>{item}</channel></rss>".encode("utf-8", errors="replace")
    if fmt == "atom":
        updated = "<updated>2024-03-05T10:00:00Z</updated>"
        entry = f"<entry><title>Story</title>{updated}<content>{escape(text)}</content></entry>"
        return f'<feed xmlns="http://www.w3.org/2005/Atom">{entry}</feed>'.encode("utf-8", errors="replace")
    return _warc(text)


def _markdown(text: str, rng: random.Random) -> str:
    """``text`` as Markdown: maybe front matter, a heading, emphasis, links, quotations, lists, deep nesting."""
    lines = text.split("\n")
    out = [f"---\ntitle: Story\ndate: {rng.choice(DATES)}\n---"] if rng.random() < 0.3 else []
    for line in lines:
        words = line.split(" ")
        if len(words) > 3 and rng.random() < 0.5:
            i = rng.randrange(len(words) - 1)
            mark = rng.choice(("**", "*", "_", "`", "~~"))
            words[i] = f"{mark}{words[i]}{mark}"
            j = rng.randrange(len(words))
            words[j] = f"[{words[j]}](https://velmora.example.org/{j})"
        prefix = rng.choice(("", "", "", "# ", "## ", "> ", "- ", "1. ", "> " * rng.randint(2, 400)))
        out.append(prefix + " ".join(words))
    return "\n\n".join(out)


def _warc(text: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=False)
    page = f"<html><body><article><p>{escape(text)}</p></article></body></html>".encode("utf-8", errors="replace")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    url = "https://velmora.example.org/a"
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(page), http_headers=headers))
    return buf.getvalue()


def read(data: bytes, fmt: str, warc_file: Path) -> list[Article | ClaimgraphError]:
    """Read ``data`` as ``fmt``: articles, or the coded error(s) in their place."""
    if fmt == "warc":
        warc_file.write_bytes(data)
        return [item.result for item in iter_warc(warc_file, now=NOW)]
    return list(read_bytes(data, fmt=fmt, now=NOW))


# -- the run -------------------------------------------------------------------------------------
def _read_all(data: bytes, fmt: str, warc_file: Path, tally: Tally, limit: float) -> list[Article]:
    try:
        with time_limit(limit, "reading one input"):
            results = read(data, fmt, warc_file)
    except ClaimgraphError as exc:
        if exc.code == "E020":
            tally.timeouts += 1
            tally.fail("reader timeout", (fmt, data), str(exc))
        tally.reader_errors[exc.code] += 1
        return []
    except Exception as exc:  # noqa: BLE001 - a crash is what this run counts
        tally.crashes += 1
        tally.fail("reader crash", (fmt, data), f"{exc.__class__.__name__}: {exc}")
        return []
    articles = []
    for result in results:
        if isinstance(result, ClaimgraphError):
            tally.reader_errors[result.code] += 1
            continue
        problems = check_article(result)
        if problems:
            tally.invalid += 1
            tally.fail("unsound article", (fmt, data), "; ".join(problems))
            continue
        articles.append(result)
    return articles


def _analyse(pipeline: Pipeline, articles: list[Article], tally: Tally, batch_size: int) -> None:
    for result in pipeline.pipe_results(articles, batch_size=batch_size):
        tally.articles += 1
        if result.analysis is not None:
            problems = check_analysis(result.analysis)
            if problems:
                tally.invalid += 1
                tally.fail("invalid analysis", result.article.text, "; ".join(problems[:5]))
            else:
                tally.ok += 1
            continue
        error = result.error or ClaimgraphError("internal: no analysis and no error")
        tally.pipeline_errors[error.code] += 1
        if error.code == "E020":
            tally.timeouts += 1
            tally.fail("timeout", result.article.text, str(error))
        elif error.code == "E000":
            # Pipeline.pipe_results turns an unexpected exception into an internal E000: that is a crash.
            tally.crashes += 1
            cause = error.__cause__
            tally.fail("pipeline crash", result.article.text, f"{error} ({cause.__class__.__name__ if cause else ''})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DIR, help="Reuters folder to mutate (optional)")
    parser.add_argument("--max-chars", type=int, default=4000, help="cap on one input's length")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-article time limit in seconds")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--failures", type=Path, default=Path("benchmarks/out/fuzz_failures.jsonl"))
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    settings = replace(load_settings(), article_timeout=args.timeout)
    pipeline = Pipeline(settings)
    rng = random.Random(args.seed + 1)
    tally = Tally()
    warc_file = Path(tempfile.mkdtemp(prefix="claimgraph-fuzz-")) / "input.warc"
    started = time.monotonic()
    pending: list[Article] = []
    for text in texts(args.inputs, args.seed, args.corpus, args.max_chars):
        tally.inputs += 1
        fmt = rng.choice(FORMATS)
        pending.extend(_read_all(wrap(text, fmt, rng), fmt, warc_file, tally, args.timeout))
        if len(pending) >= args.batch_size:
            _analyse(pipeline, pending, tally, args.batch_size)
            pending = []
        if tally.inputs % 1000 == 0:
            print(f"{tally.inputs} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    _analyse(pipeline, pending, tally, args.batch_size)
    warc_file.unlink(missing_ok=True)
    seconds = time.monotonic() - started

    args.failures.parent.mkdir(parents=True, exist_ok=True)
    with args.failures.open("w", encoding="utf-8") as handle:
        for failure in tally.failures:
            handle.write(json.dumps(failure, ensure_ascii=False) + "\n")
    figures = {
        "inputs": tally.inputs,
        "articles_analysed": tally.articles,
        "ok": tally.ok,
        "reader_errors": dict(sorted(tally.reader_errors.items())),
        "pipeline_errors": dict(sorted(tally.pipeline_errors.items())),
        "invalid": tally.invalid,
        "crashes": tally.crashes,
        "timeouts": tally.timeouts,
        "seconds": round(seconds, 1),
        "article_timeout": args.timeout,
        "max_chars": args.max_chars,
        "failures_file": str(args.failures),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value}")
    if tally.crashes or tally.timeouts or tally.invalid:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

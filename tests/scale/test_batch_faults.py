"""Bad inputs are recorded as failures with their reason and the batch goes on."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from claimgraph.scale import read_errors, read_table, run_batch
from tests.scale.corpus import html_page, warc_bytes, write_jsonl

BODY = "A spokesman for the Tamsk water board said the reservoir was about 60 percent full."


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("faults")
    inputs = root / "in"
    inputs.mkdir()
    write_jsonl(inputs / "a_stories.jsonl", 3, bad_lines=(2,))
    pages = [(f"https://tamsk.example.net/{i}", html_page(f"Tamsk water {i}", BODY)) for i in range(2)]
    (inputs / "b_crawl.warc").write_bytes(warc_bytes(pages)[:-120])
    # Over the 50 MiB input limit: refused from its size, never parsed.
    filler = "<p>" + "padding words " * 1000 + "</p>\n"
    with (inputs / "c_huge.html").open("w", encoding="utf-8") as handle:
        handle.write("<html><body><article>")
        for _ in range(52 * 1024 * 1024 // len(filler) + 1):
            handle.write(filler)
        handle.write("</article></body></html>")
    # Claims to be UTF-16 but its bytes are not: undecodable.
    (inputs / "d_wrong.txt").write_bytes(
        codecs.BOM_UTF16_LE + "Tamsk reservoir level".encode("utf-16-le") + b"\x00\xd8"
    )
    # JSON Lines must be UTF-8: a Latin-1 line is refused, the next line still read.
    (inputs / "e_latin1.jsonl").write_bytes(
        '{"text": "The café owner in Tamsk said prices rose."}\n'.encode("latin-1")
        + b'{"text": "The Tamsk mayor said the market would reopen on Monday."}\n'
    )
    (inputs / "f_good.txt").write_text(BODY + "\n", encoding="utf-8")
    run_batch([inputs], out=root / "out", chunk_size=3)
    return root


def _errors(root: Path) -> dict[str, dict[str, str]]:
    return {
        Path(e["record_id"].split("#")[0]).name + "#" + e["record_id"].partition("#")[2]: e
        for e in read_errors(root / "out")
    }


def test_faults_corrupt_json_line_is_recorded(faults: Path) -> None:
    assert _errors(faults)["a_stories.jsonl#L2"]["code"] == "E014"


def test_faults_truncated_warc_record_is_recorded(faults: Path) -> None:
    warc = [e for k, e in _errors(faults).items() if k.startswith("b_crawl.warc#W")]
    assert len(warc) == 1 and "truncated" in warc[0]["error"]


def test_faults_huge_html_page_is_recorded(faults: Path) -> None:
    assert _errors(faults)["c_huge.html#"]["code"] == "E016"


def test_faults_wrong_encoding_files_are_recorded(faults: Path) -> None:
    errors = _errors(faults)
    assert errors["d_wrong.txt#"]["code"] == "E018"
    assert errors["e_latin1.jsonl#L1"]["code"] == "E018"


def test_faults_the_run_goes_on(faults: Path) -> None:
    done = {
        Path(r["record_id"].split("#")[0]).name + "#" + r["record_id"].partition("#")[2]
        for r in read_table(faults / "out", "documents")
    }
    assert {"a_stories.jsonl#L1", "a_stories.jsonl#L3", "e_latin1.jsonl#L2", "f_good.txt#"} <= done
    assert sum(k.startswith("b_crawl.warc#W") for k in done) == 1
    assert len(read_errors(faults / "out")) == 5

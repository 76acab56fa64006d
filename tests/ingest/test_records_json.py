"""JSON and JSON Lines records: fields, extra keys, html records, bad lines, streaming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.errors import ClaimgraphError, EmptyInputError, MalformedRecordError
from claimgraph.ingest import iter_records, read_bytes, read_path
from claimgraph.model import Article
from tests.ingest.helpers import NOW, assert_spans_slice

PAGE = (
    "<html><head><title>Pier vote</title><meta property='og:site_name' content='Holm Herald'></head><body>"
    "<article><h1>Pier vote passes</h1><p>The Holm council approved the new pier by 12 votes to 9 on Monday, "
    "its chair said after the meeting.</p><p>Construction is due to begin in September.</p></article></body></html>"
)


def test_jsonl_fixture_fields_and_metadata(fixtures: Path) -> None:
    first, second, third = read_path(fixtures / "records.jsonl", now=NOW)
    assert first.title == "Council approves new ferry route"
    assert first.title_span is not None
    assert first.published == "2025-02-04"
    assert first.published_origin == "metadata"
    assert first.outlet == "Tidewater Courier"
    assert first.url == "https://tidewater-courier.example/ferry"
    assert first.metadata == {"section": "local", "tags": ["ferry", "council"]}
    assert first.source_format == "jsonl"
    # An explicit title means the text is the body only.
    assert second.title == "February twice as wet as usual"
    assert second.title_span is None
    assert second.author == "Pia Strand"
    assert second.published == "2025-03-03T09:00"
    assert second.metadata == {"wordcount": 15}
    assert third.metadata == {"id": "rec-3"}
    assert third.published is None
    for article in (first, second, third):
        assert_spans_slice(article)


def test_json_single_object_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(
        json.dumps({"text": "The Holm ferry will run on Sundays from June, the operator said.", "lang": "en"})
    )
    (article,) = read_path(one, now=NOW)
    assert article.metadata == {"lang": "en"}
    many = tmp_path / "many.json"
    many.write_text(
        json.dumps(
            [
                {"text": "The Holm ferry will run on Sundays from June, the operator said."},
                {"text": "The Eastbrook library will close for a week in July, the council said."},
            ],
            indent=2,
        )
    )
    articles = read_path(many, now=NOW)
    assert [a.source_format for a in articles] == ["json", "json"]
    assert articles[1].text.startswith("The Eastbrook library")


def test_record_published_beats_dateline_and_override_beats_both() -> None:
    record = {
        "text": "Pier vote passes\n3 March 2025\nThe Holm council approved the new pier.",
        "published": "2025-03-04",
    }
    data = json.dumps(record).encode()
    (article,) = read_bytes(data, fmt="json", now=NOW)
    assert (article.published, article.published_origin) == ("2025-03-04", "metadata")
    assert article.dateline_span is not None
    (overridden,) = read_bytes(data, fmt="json", published="2025-03-05", now=NOW)
    assert (overridden.published, overridden.published_origin) == ("2025-03-05", "override")


def test_record_future_date_is_dropped_for_the_dateline() -> None:
    record = {
        "text": "Pier vote passes\n3 March 2025\nThe Holm council approved the new pier.",
        "published": "2030-01-01",
    }
    (article,) = read_bytes(json.dumps(record).encode(), fmt="json", now=NOW)
    assert (article.published, article.published_origin) == ("2025-03-03", "dateline")
    assert any("future" in note for note in article.notes)


def test_record_with_html_goes_through_the_html_reader() -> None:
    record = {"html": PAGE, "url": "https://holm-herald.example/pier", "desk": "politics"}
    (article,) = read_bytes(json.dumps(record).encode(), fmt="jsonl", now=NOW)
    assert "approved the new pier" in article.text
    assert "<p>" not in article.text
    assert article.outlet == "Holm Herald"
    assert article.url == "https://holm-herald.example/pier"
    assert article.metadata["desk"] == "politics"
    assert_spans_slice(article)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "No text here"}', "no article text"),
        ('{"text": "   "}', "no article text"),
        ('{"text": 42}', "'text' must be a string"),
        ('{"text": "The pier opened.", "title": ["a", "b"]}', "'title' must be a string"),
        ('["a", "list"]', "expected a JSON object"),
        ('{"text": "The pier opened."', "not valid JSON"),
    ],
)
def test_bad_record_is_e014_naming_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "The Holm council approved the new pier, its chair said."}\n\n' + line + "\n")
    with pytest.raises(MalformedRecordError) as info:
        read_path(path, now=NOW)
    assert "line 3" in str(info.value)
    assert message in str(info.value)


def test_malformed_json_document_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "The pier opened."},\n  {"text": oops}\n]\n')
    with pytest.raises(MalformedRecordError, match="line 3"):
        read_path(path, now=NOW)


def test_iter_records_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        '{"text": "The Holm council approved the new pier, its chair said."}',
        "not json at all",
        '{"title": "missing text"}',
        '{"text": "The Eastbrook library will close for a week in July, the council said."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_records(path, now=NOW))
    assert [type(item).__name__ for item in items] == [
        "Article",
        "MalformedRecordError",
        "MalformedRecordError",
        "Article",
    ]
    errors = [item for item in items if isinstance(item, ClaimgraphError)]
    assert "line 2" in str(errors[0]) and "line 3" in str(errors[1])
    articles = [item for item in items if isinstance(item, Article)]
    assert articles[1].source_path == str(path)


def test_iter_records_yields_file_errors_instead_of_raising(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    (error,) = list(iter_records(empty, now=NOW))
    assert isinstance(error, EmptyInputError)
    (missing,) = list(iter_records(tmp_path / "absent.jsonl", now=NOW))
    assert missing.code == "E010"  # type: ignore[union-attr]
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (bad,) = list(iter_records(binary, now=NOW))
    assert bad.code == "E012"  # type: ignore[union-attr]


def test_iter_records_reads_other_formats_whole(fixtures: Path) -> None:
    (article,) = list(iter_records(fixtures / "harbour_bridge.txt", now=NOW))
    assert isinstance(article, Article)
    assert article.title == "Harbour bridge to close for six weeks as cables corrode"


def test_iter_records_applies_size_limit_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_INPUT_BYTES", "120")
    path = tmp_path / "batch.jsonl"
    short = '{"text": "The Holm council approved the new pier."}'
    long = json.dumps({"text": "The Holm council approved the new pier. " * 10})
    path.write_text(f"{short}\n{long}\n{short}\n", encoding="utf-8")
    items = list(iter_records(path, now=NOW))
    assert [getattr(item, "code", "ok") for item in items] == ["ok", "E016", "ok"]


def test_jsonl_utf8_bom_on_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"text": "The Holm council approved the new pier."}\n')
    (article,) = list(iter_records(path, now=NOW))
    assert isinstance(article, Article)
    (same,) = read_path(path, now=NOW)
    assert same.text == article.text

"""`claimgraph analyze`: formats, the output contract, and one-line coded errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "claimgraph" / "schema" / "analysis.schema.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "contract" / "analysis.schema.json"
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _check_spans(analysis: dict) -> None:  # type: ignore[type-arg]
    text = analysis["document"]["text"]
    for group in ("quantities", "times", "claims"):
        ids = [item["id"] for item in analysis[group]]
        assert len(ids) == len(set(ids)), f"duplicate ids in {group}"
        for item in analysis[group]:
            s, e = item["span"]
            assert 0 <= s <= e <= len(text)
            assert text[s:e] == item["text"]
    known = {g: {i["id"] for i in analysis[g]} for g in ("entities", "quantities", "times")}
    for claim in analysis["claims"]:
        for group in ("entities", "quantities", "times"):
            assert set(claim[group]) <= known[group], f"claim {claim['id']} refers to unknown {group}"
        if claim["source"]["span"] is not None:
            s, e = claim["source"]["span"]
            assert text[s:e] == claim["source"]["text"]
        if claim["cue"] is not None:
            s, e = claim["cue"]["span"]
            assert text[s:e] == claim["cue"]["text"]
    for entity in analysis["entities"]:
        for s, e in entity["mentions"]:
            assert 0 <= s < e <= len(text)


def test_cli_analyze_json_is_valid_against_the_contract(runner: CliRunner, schema: dict) -> None:  # type: ignore[type-arg]
    result = runner.invoke(main, ["analyze", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.output)
    jsonschema.validate(analysis, schema)
    _check_spans(analysis)
    assert analysis["claims"], "the example article has claims"
    assert analysis["document"]["title"] == "Port of Veldmark paralysed as dockworkers extend strike"
    assert analysis["document"]["published"].startswith("2025-03-12")


def test_cli_analyze_schema_copy_equals_shared_contract() -> None:
    if not SHARED_SCHEMA.is_file():
        pytest.fail(f"{SHARED_SCHEMA} is missing; the shared folder must sit beside the project")
    assert json.loads(SCHEMA_PATH.read_text()) == json.loads(SHARED_SCHEMA.read_text())


def test_cli_analyze_report_groups_claims_by_source(runner: CliRunner) -> None:
    result = runner.invoke(main, ["analyze", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Outlet (own voice)" in result.output
    assert "Figures" in result.output


def test_cli_analyze_markdown_escapes_article_text(runner: CliRunner, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Officials said that *the* <b>bridge</b> would close on Friday.\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(story), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "<b>" not in result.output
    assert "\\<b\\>" in result.output


def test_cli_analyze_reports_the_byline_author_in_every_format(
    runner: CliRunner,
    tmp_path: Path,
    schema: dict,  # type: ignore[type-arg]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Ferry tolls to rise on the northern route\nBy Lena Okafor | 3 March 2025\n\n"
        "The harbour board said on Monday that the tolls would rise by about 12 percent.\n",
        encoding="utf-8",
    )
    as_json = runner.invoke(main, ["analyze", str(story), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    analysis = json.loads(as_json.output)
    jsonschema.validate(analysis, schema)
    document = analysis["document"]
    assert (document["author"], document["published"]) == ("Lena Okafor", "2025-03-03")
    start, end = document["byline_span"]
    assert document["text"][start:end] == "By Lena Okafor | 3 March 2025"
    assert "by: Lena Okafor" in runner.invoke(main, ["analyze", str(story)]).output
    assert "- author: Lena Okafor" in runner.invoke(main, ["analyze", str(story), "--format", "md"]).output


def test_cli_analyze_jsonl_writes_one_line_per_article(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The council said that the library will open in May.\n", encoding="utf-8")
    b.write_text("Police reportedly detained two men near the station.\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(a), str(b), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    assert {line["document"]["text"].split()[0] for line in lines} == {"The", "Police"}


def test_cli_analyze_stdin_with_published_override(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["analyze", "-", "--format", "json", "--published", "2024-06-03"],
        input="The ministry said this year that 300 teachers were hired.\n",
    )
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.output)
    assert analysis["document"]["published"] == "2024-06-03"
    assert analysis["document"]["published_origin"] == "override"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "empty.txt", "[E011]"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "image.txt", "[E012]"),
        (b"some text", "notes.docx", "[E013]"),
        (b'{"text": "The mayor said so."}\n{"text": broken\n', "records.jsonl", "[E014]"),
        (b"<html><body><nav>Home | About</nav></body></html>", "page.html", "[E015]"),
    ],
)
def test_cli_analyze_bad_input_gives_one_coded_line(
    runner: CliRunner, tmp_path: Path, content: bytes, name: str, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code != 0
    assert code in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_analyze_missing_file_is_a_coded_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "[E010]" in result.output


def test_cli_analyze_future_published_date_is_rejected(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The council said that the library will open.\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path), "--published", "2999-01-01"])
    assert result.exit_code == 2
    assert "[E017]" in result.output


def test_cli_analyze_non_english_text_warns_with_an_honest_analysis(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Bürgermeister sagte am Montag, dass die Brücke wegen der Bauarbeiten für drei Wochen "
        "gesperrt wird. Die Anwohner sind mit der Entscheidung der Stadt nicht zufrieden.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.output)
    assert analysis["document"]["language"] != "en"
    assert any("not English" in w for w in analysis["warnings"])


def test_cli_analyze_large_text_is_refused_with_a_coded_error(runner: CliRunner, tmp_path: Path) -> None:
    # 20 MB of text with default settings: refused at once with E016, never an hour-long run.
    path = tmp_path / "big.txt"
    paragraph = "The harbour board said that the quay would be repaired next year.\n"
    path.write_text(paragraph * (20 * 1024 * 1024 // len(paragraph)), encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code == 2
    assert "[E016]" in result.output
    assert "CLAIMGRAPH_MAX_ARTICLE_CHARS" in result.output

"""Property tests: the full pipeline on hostile text gives a sound analysis or a coded error, never a hang."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.errors import ClaimgraphError, ExtractionTimeoutError
from claimgraph.eval.invariants import check_analysis
from claimgraph.extract.numbers import NUM_RE, digit_number_at
from claimgraph.extract.pipeline import Pipeline
from claimgraph.ingest import read_text
from tests.fuzz.strategies import article_texts, fragments

NOW = datetime(2025, 6, 1, tzinfo=UTC)
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def guarded(pipeline: Pipeline) -> Pipeline:
    # A generous limit: reaching it means a runaway rule (a hang), which these tests must report.
    return Pipeline(replace(pipeline.settings, article_timeout=60.0), nlp=pipeline.nlp)


def _analyse(pipeline: Pipeline, text: str, published: str | None = None) -> None:
    try:
        article = read_text(text, published=published, now=NOW)
        analysis = pipeline.analyze(article)
    except ExtractionTimeoutError:
        raise
    except ClaimgraphError as exc:
        assert exc.code != "E000" and str(exc).startswith(f"[{exc.code}]")
        return
    assert analysis.document.text == article.text
    assert check_analysis(analysis) == []


@FUZZ
@given(text=article_texts)
def test_pipeline_hostile_text_gives_a_sound_analysis(guarded: Pipeline, text: str) -> None:
    _analyse(guarded, text)


@FUZZ
@given(parts=st.lists(fragments, min_size=1, max_size=12), published=st.sampled_from(["2024-02-29", "1999-12-31"]))
def test_pipeline_hostile_sentences_inside_news_prose(guarded: Pipeline, parts: list[str], published: str) -> None:
    text = (
        "Velmora Daily\n\nThe port authority said on Tuesday that "
        + " ".join(parts)
        + " containers were delayed, a spokesman told reporters.\n"
    )
    _analyse(guarded, text, published)


def test_pipeline_batch_of_hostile_texts_isolates_failures(guarded: Pipeline) -> None:
    texts = ["9" * 5000 + " soldiers were killed, officials said.", "“" * 600, "\x00\x01 said " * 100, "ok."]
    results = list(guarded.pipe_results([read_text(t, now=NOW) for t in texts]))
    assert len(results) == len(texts)
    for result in results:
        if result.error is not None:
            # E000 is pipe_results wrapping an unexpected exception (a crash); E020 a runaway rule.
            assert result.error.code not in ("E000", "E020"), result.error
        if result.analysis is not None:
            assert check_analysis(result.analysis) == []


@FUZZ
@given(
    digits=st.integers(min_value=1, max_value=6000), sep=st.sampled_from(["", ",", ".", " "]), tail=st.text(max_size=8)
)
def test_pipeline_digit_numbers_of_any_length_are_read_or_refused(digits: int, sep: str, tail: str) -> None:
    text = "about " + sep.join(["9" * digits] * 3) + tail
    number = digit_number_at(text, len("about "))
    if number is None:
        assert NUM_RE.match(text, len("about ")) is None
    else:
        assert text[number.start : number.end].startswith(number.raw)
        assert number.start < number.core_end <= number.end <= len(text)

"""The per-article time limit stops a runaway rule inside a component and records it as E020."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimgraph.api
from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError, ExtractionTimeoutError
from claimgraph.extract.deadline import check_deadline
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Article
from claimgraph.scale import read_errors, read_table, run_batch

# Nested quantifiers over a run of "a" with no final "b": exponential backtracking, effectively endless.
_RUNAWAY = re.compile(r"(a+)+b")


class _Runaway:
    """A deliberately broken rule: on a text holding the trigger word it never finishes."""

    def __init__(self, how: str) -> None:
        self.how = how

    def __call__(self, doc: Doc) -> Doc:
        if "Zorblat" not in doc.text:
            return doc
        if self.how == "regex":
            _RUNAWAY.match("a" * 200)
        else:
            while True:  # a polite rule that checks the deadline once per "sentence"
                check_deadline(doc, "fuzz_runaway")
        return doc


@Language.factory("fuzz_runaway_test", default_config={"how": "regex"})
def _make_runaway(nlp: Language, name: str, how: str) -> _Runaway:
    return _Runaway(how)


def _pipeline(how: str = "regex", timeout: float = 0.5) -> Pipeline:
    nlp = spacy.blank("en")
    nlp.add_pipe("fuzz_runaway_test", config={"how": how})
    return Pipeline(replace(load_settings(), article_timeout=timeout), nlp=nlp)


GOOD = "The Velmora ferry company said crossings would resume on Friday."
BAD = "A Zorblat spokesman in Harlow Bay said the pier was closed."


def test_time_limit_stops_a_backtracking_regex_inside_a_component() -> None:
    with pytest.raises(ExtractionTimeoutError) as info:
        _pipeline().analyze(Article(text=BAD))
    assert info.value.code == "E020"
    assert "fuzz_runaway_test" in str(info.value)


def test_time_limit_leaves_ordinary_articles_alone() -> None:
    analysis = _pipeline().analyze(Article(text=GOOD))
    assert analysis.document.text == GOOD


def test_time_limit_off_the_main_thread_uses_the_doc_deadline() -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            _pipeline("loop", timeout=0.3).analyze(Article(text=BAD))
        except ClaimgraphError as exc:
            caught.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert [type(e) for e in caught] == [ExtractionTimeoutError]


def test_time_limit_in_pipe_isolates_the_runaway_article() -> None:
    articles = [Article(text=GOOD), Article(text=BAD), Article(text=GOOD.replace("Friday", "Monday"))]
    results = list(_pipeline().pipe_results(articles, batch_size=8))
    assert [r.analysis is not None for r in results] == [True, False, True]
    assert isinstance(results[1].error, ExtractionTimeoutError)


def test_time_limit_in_batch_records_the_failure_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = _pipeline()
    monkeypatch.setattr(claimgraph.api, "default_pipeline", lambda settings=None: pipeline)
    source = tmp_path / "stories.jsonl"
    lines = [{"text": GOOD}, {"text": BAD}, {"text": "The Dornbach council said it had approved the budget."}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    summary = run_batch([source], out=tmp_path / "out", chunk_size=2, batch_size=2)
    errors = read_errors(tmp_path / "out")
    assert [(e["record_id"].rpartition("#")[2], e["code"]) for e in errors] == [("L2", "E020")]
    assert summary.analysed == 2 and summary.failed == 1
    assert len(read_table(tmp_path / "out", "documents")) == 2


@pytest.mark.parametrize("component", ["claimgraph_claims_v1", "claimgraph_modality_v1"])
def test_time_limit_claims_and_modality_check_the_deadline_per_step(pipeline: Pipeline, component: str) -> None:
    # Off the main thread only the Doc's deadline bounds the work: these stages look at it per sentence/claim.
    text = "The Orvane ministry said on Monday that the bridge may reopen. Engineers doubt it will hold."
    doc = pipeline.nlp(text)
    assert doc._.cg_claims, "the sentence must yield claims for the modality stage to assess"
    doc._.cg_deadline = 0.0  # long past
    with pytest.raises(ExtractionTimeoutError, match=component) as err:
        pipeline.nlp.get_pipe(component)(doc)
    assert err.value.code == "E020"

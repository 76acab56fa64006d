"""The extraction pipeline: registered components, batching, chunking, error isolation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError
from claimgraph.extract.components import FACTORIES
from claimgraph.extract.pipeline import CLAIMGRAPH_PIPES, Pipeline, split_chunks
from claimgraph.model import Article

# A golden list: removing or renaming a registered component breaks saved pipelines and configs.
GOLDEN_FACTORIES = {
    "claimgraph_sentences_v1",
    "claimgraph_entities_v1",
    "claimgraph_times_v1",
    "claimgraph_quantities_v1",
    "claimgraph_claims_v1",
    "claimgraph_modality_v1",
}


def test_pipeline_registered_factory_names_are_stable() -> None:
    assert set(FACTORIES) == GOLDEN_FACTORIES
    for name in GOLDEN_FACTORIES:
        assert Language.has_factory(name), name
    assert set(CLAIMGRAPH_PIPES) <= GOLDEN_FACTORIES


def test_pipeline_components_run_after_spacy_ner(pipeline: Pipeline) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index("claimgraph_sentences_v1") < names.index("parser")
    assert all(names.index(n) > names.index("ner") for n in CLAIMGRAPH_PIPES)


def test_pipeline_line_breaks_end_sentences(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Storm closes coastal road\nThe road authority said the road would reopen on Sunday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Storm closes coastal road"
    assert sents[1].startswith("The road authority")


def test_pipeline_speaker_label_is_a_sentence_apart_from_what_is_said(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("The hearing opened.\nHOLM: The ferries to Orm will run again in May.\nNote: All times local.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["The hearing opened.", "HOLM:", "The ferries to Orm will run again in May.",
                     "Note: All times local."]  # fmt: skip


def test_pipeline_split_chunks_round_trips_and_respects_limit() -> None:
    text = ("The mayor said the park would open. " * 40 + "\n\n") * 30
    chunks = split_chunks(text, 2000)
    assert "".join(chunks) == text
    assert all(len(c) <= 2000 for c in chunks)


def test_pipeline_long_article_is_analysed_in_chunks_with_exact_offsets(pipeline: Pipeline) -> None:
    paragraph = "Harbour officials said that about 300 containers were delayed on Monday.\n"
    article = Article(text=paragraph * 40, published="2024-05-08")
    small = Pipeline(replace(load_settings(), max_chars=1000), nlp=pipeline.nlp)
    analysis = small.analyze(article)
    assert analysis.document.text == article.text
    for claim in analysis.claims:
        assert article.text[claim.span.start : claim.span.end] == claim.text
    assert len(analysis.claims) >= 40


def test_pipeline_pipe_reports_a_bad_article_and_goes_on(pipeline: Pipeline) -> None:
    good = Article(text="The minister said the new bridge will open in June.")

    class Exploding(str):
        def __len__(self) -> int:  # a text object that breaks tokenisation
            raise RuntimeError("boom")

    bad = Article(text=Exploding("x"))
    failures: list[tuple[Article, Exception]] = []
    out = list(pipeline.pipe([good, bad, good], error_handler=lambda a, e: failures.append((a, e))))
    assert len(out) == 2
    assert len(failures) == 1
    assert isinstance(failures[0][1], ClaimgraphError)


def test_pipeline_pipe_without_handler_raises_claimgraph_error(pipeline: Pipeline) -> None:
    class Exploding(str):
        def __len__(self) -> int:
            raise RuntimeError("boom")

    with pytest.raises(ClaimgraphError):
        list(pipeline.pipe([Article(text=Exploding("x"))]))

"""The attribution tagger's context model: spaCy's token vectors read by a small network (attr_context)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import spacy

from claimgraph.config import load_settings
from claimgraph.errors import ClaimgraphError
from claimgraph.extract import attr_context
from claimgraph.extract.attr_context import (
    ContextModel,
    context_for,
    context_inputs,
    load_context_model,
    n_inputs,
    pipeline_id,
    read_context_model,
    write_context_model,
)
from claimgraph.extract.attr_tagger import TAGS, tag_doc
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Article

SENTENCE = "Port officials said on Monday that the grain shipment had been delayed by a week."


def test_context_inputs_hold_the_token_its_neighbours_its_heads_and_the_roles() -> None:
    tensor = np.arange(1, 13, dtype=np.float32).reshape(4, 3)  # token i's vector: 3i+1 .. 3i+3
    heads = np.array([1, 1, 1, 2])  # token 1 is the root; token 3 hangs under 2
    roles = np.array([2, 1, 3, 0], dtype=np.int8)
    x = context_inputs(tensor, heads, roles)
    assert x.shape == (4, n_inputs(3))
    blocks = x[:, : 7 * 3].reshape(4, 7, 3)  # self, -1, +1, -2, +2, head, head's head
    assert blocks[0, 0].tolist() == [1, 2, 3]
    assert blocks[0, 1].tolist() == [0, 0, 0] and blocks[0, 3].tolist() == [0, 0, 0]  # before the document
    assert blocks[3, 2].tolist() == [0, 0, 0] and blocks[2, 4].tolist() == [0, 0, 0]  # after it
    assert blocks[2, 1].tolist() == [4, 5, 6] and blocks[1, 4].tolist() == [10, 11, 12]
    assert blocks[3, 5].tolist() == [7, 8, 9] and blocks[3, 6].tolist() == [4, 5, 6]  # head 2, its head 1
    own, of_head = x[:, 21:25], x[:, 25:29]
    assert own.argmax(axis=1).tolist() == [2, 1, 3, 0]
    assert of_head.argmax(axis=1).tolist() == [1, 1, 1, 3]


def test_the_packaged_model_is_given_to_the_pipeline_it_was_trained_on(pipeline: Pipeline) -> None:
    model = context_for(pipeline.nlp)
    assert model is not None and model is load_context_model()
    assert model.pipeline == pipeline_id(pipeline.nlp) and model.width == 96 and model.alpha > 0
    assert pipeline.nlp.get_pipe("claimgraph_claims_v1").context is model  # type: ignore[attr-defined]


def test_another_spacy_pipeline_gets_no_context_model() -> None:
    packaged = load_context_model()
    _lang, name, version = packaged.pipeline.split("/")
    blank = spacy.blank("en")
    assert context_for(blank) is None
    # the same name and version but no tok2vec writing the vectors
    blank.meta.update({"name": name, "version": version})
    assert context_for(blank) is None


def test_without_a_packaged_file_the_tagger_runs_linear(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(attr_context, "_packaged", lambda: tmp_path / "weights.npz")
    assert context_for(spacy.blank("en")) is None


def test_log_probs_on_a_parsed_sentence_are_distributions_that_find_the_cue(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(SENTENCE)
    model = load_context_model()
    lp = model.log_probs(doc, np.zeros(len(doc), dtype=np.int8))
    assert lp.shape == (len(doc), len(TAGS))
    assert np.allclose(np.exp(lp).sum(axis=1), 1.0, atol=1e-4)
    said = next(t.i for t in doc if t.text == "said")
    assert TAGS[int(lp[said].argmax())] == "B-CUE"
    assert TAGS[int(lp[said + 6].argmax())].endswith("CONTENT")  # "grain", inside what they said


def test_a_doc_without_token_vectors_is_tagged_by_the_linear_model_alone(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(SENTENCE)
    roles = np.zeros(len(doc), dtype=np.int8)
    model = load_context_model()
    assert model.scores(doc, roles) is not None
    doc.tensor = np.zeros((0,), dtype=np.float32)
    assert not model.fits(doc) and model.scores(doc, roles) is None
    assert tag_doc(doc, roles, context=model).tolist() == tag_doc(doc, roles).tolist()


def test_the_context_scores_change_the_tagging(pipeline: Pipeline) -> None:
    # With its weight raised, the context model alone decides: the tags must follow its argmax.
    doc = pipeline.nlp(SENTENCE)
    roles = np.zeros(len(doc), dtype=np.int8)
    strong = replace(load_context_model(), alpha=1e4)
    tags = tag_doc(doc, roles, context=strong)
    lp = strong.log_probs(doc, roles)
    agree = np.mean(tags == lp.argmax(axis=1))
    assert agree > 0.9


def test_long_articles_parsed_in_chunks_keep_their_token_vectors(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = ContextModel.scores

    def spy(self: ContextModel, doc, roles):  # type: ignore[no-untyped-def]
        out = original(self, doc, roles)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(ContextModel, "scores", spy)
    paragraph = "Harbour officials said that about 300 containers were delayed on Monday.\n"
    small = Pipeline(replace(load_settings(), max_chars=1000), nlp=pipeline.nlp)
    small.analyze(Article(text=paragraph * 40, published="2024-05-08"))
    assert seen == [True]


def test_a_model_file_round_trips_and_a_bad_one_is_a_clear_error(tmp_path: Path) -> None:
    model = load_context_model()
    path = tmp_path / "weights.npz"
    write_context_model(path, model)
    again = read_context_model(path)
    assert again.pipeline == model.pipeline and again.alpha == pytest.approx(model.alpha)
    assert np.array_equal(again.w0, model.w0)
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a numpy file")
    with pytest.raises(ClaimgraphError, match="reinstall"):
        read_context_model(bad)
    wrong = tmp_path / "wrong.npz"
    write_context_model(wrong, replace(model, width=64))
    with pytest.raises(ClaimgraphError, match="inconsistent shapes"):
        read_context_model(wrong)

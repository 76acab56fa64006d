"""The cue-conditioned span model: the packaged model's sources and contents on invented sentences."""

from __future__ import annotations

import importlib.resources
import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError
from claimgraph.extract.attr_spans import (
    TAGS,
    SpanModel,
    allowed_transitions,
    doc_arrays,
    features,
    load_model,
    read_model,
    rows_for,
    spans_for_cues,
    viterbi,
    window,
)
from claimgraph.extract.pipeline import CLAIMGRAPH_PIPES

Parse = Callable[[str], Doc]


@pytest.fixture(scope="module")
def parse(pipeline):  # type: ignore[no-untyped-def]
    """spaCy's parse with claimgraph's sentence splitter, as the training data was parsed."""

    def _parse(text: str) -> Doc:
        doc: Doc = pipeline.nlp.make_doc(text)
        doc._.cg_structure = []
        with pipeline.nlp.select_pipes(disable=list(CLAIMGRAPH_PIPES)):
            return pipeline.nlp(doc)  # type: ignore[no-any-return]

    return _parse


def cue(doc: Doc, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """Token range of the n-th occurrence of ``phrase``."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase))
    assert span is not None, phrase
    return span.start, span.end


def texts(doc: Doc, ranges: tuple[tuple[int, int], ...]) -> list[str]:
    return [doc[s:e].text for s, e in ranges]


def test_that_clause_after_said_keeps_the_complementiser(parse: Parse) -> None:
    doc = parse("Mayor Lena Korvath said that the old bridge over the Varna river would reopen in May.")
    [(sources, contents)] = spans_for_cues(doc, [cue(doc, "said")])
    assert texts(doc, sources) == ["Mayor Lena Korvath"]
    assert texts(doc, contents) == ["that the old bridge over the Varna river would reopen in May"]


def test_quotation_split_by_she_said_gives_two_content_runs(parse: Parse) -> None:
    doc = parse("“The harbour is safe,” she said, “and the ferries will run again on Sunday.”")
    [(sources, contents)] = spans_for_cues(doc, [cue(doc, "said")])
    assert texts(doc, sources) == ["she"]
    assert texts(doc, contents) == ["“The harbour is safe,”", "“and the ferries will run again on Sunday.”"]


def test_according_to_takes_the_source_after_the_cue(parse: Parse) -> None:
    doc = parse("The textile factory in Dornbach will close next year, according to the regional labour office.")
    [(sources, contents)] = spans_for_cues(doc, [cue(doc, "according to")])
    assert texts(doc, sources) == ["the regional labour office"]
    assert texts(doc, contents) == ["The textile factory in Dornbach will close next year"]


def test_pronoun_source_is_the_pronoun_itself(parse: Parse) -> None:
    doc = parse("Tomas Reyel, the union leader, arrived late. He said the strike would end on Friday.")
    [(sources, contents)] = spans_for_cues(doc, [cue(doc, "said")])
    assert texts(doc, sources) == ["He"]
    assert texts(doc, contents) == ["the strike would end on Friday"]


def test_each_cue_gets_its_own_spans(parse: Parse) -> None:
    doc = parse(
        "Ana Ruiz said the port would stay closed. Her deputy, Malik Osei, told reporters that the ships were safe."
    )
    first, second = spans_for_cues(doc, [cue(doc, "said"), cue(doc, "told")])
    assert texts(doc, first[0]) == ["Ana Ruiz"]
    assert texts(doc, first[1]) == ["the port would stay closed"]
    assert texts(doc, second[1]) == ["that the ships were safe"]


def test_no_cues_no_spans_and_a_bad_range_is_a_coded_error(parse: Parse) -> None:
    doc = parse("Nobody said anything.")
    assert spans_for_cues(doc, []) == []
    with pytest.raises(ClaimgraphError, match=r"cue token range"):
        spans_for_cues(doc, [(2, 99)])


def test_packed_scores_equal_the_float_weights(parse: Parse) -> None:
    # the packed 16-bit lanes must add up exactly like the dequantised float table
    doc = parse("“We will appeal,” the lawyer for the Brenner family said on the steps of the court.")
    model = load_model()
    d = doc_arrays(doc)
    cues = [cue(doc, "said")]
    rows = rows_for(d, cues, model.before, model.after)
    feats = features(d, cues, rows, model.bits)
    unpacked = SpanModel(model.bits, model.weights, model.transitions, model.before, model.after)
    assert np.allclose(model.row_scores(feats), unpacked.row_scores(feats), atol=1e-4)


def test_viterbi_never_continues_a_role_it_did_not_begin() -> None:
    # two windows; the scores alone would put I- tags after O and at the start
    scores = np.full((4, 2, len(TAGS)), -5.0, dtype=np.float32)
    scores[:, :, TAGS.index("I-CONTENT")] = 5.0
    scores[0, :, TAGS.index("I-SOURCE")] = 9.0
    tags = viterbi(scores, np.zeros((len(TAGS) + 1, len(TAGS)), dtype=np.float32))
    allowed = allowed_transitions()
    for row in tags.tolist():
        assert allowed[len(TAGS), row[0]]
        assert all(allowed[a, b] for a, b in itertools.pairwise(row))
        assert row[0] == TAGS.index("B-CONTENT") and row[1:] == [TAGS.index("I-CONTENT")] * 3


# -- the features' word lists (data/attr_spans/features.json) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The minister said that taxes would fall.", "that"),
        ("Reporters asked whether the mine would close.", "whether"),
        ("The coach wondered if the team was ready.", "if"),
    ],
)
def test_complementisers_mark_the_clause_they_open(parse: Parse, text: str, word: str) -> None:
    doc = parse(text)
    d = doc_arrays(doc)
    i = cue(doc, word)[0]
    assert d.clause_mark[i] == 1
    assert d.clause_mark[:i].tolist() == [0] * i


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ('She said: "The road is open." Then she left.', '"'),
        ("She said: “The road is open.” Then she left.", "“"),
        ("She said: «The road is open.» Then she left.", "«"),
    ],
)
def test_quote_marks_open_and_close_a_quotation(parse: Parse, text: str, mark: str) -> None:
    doc = parse(text)
    d = doc_arrays(doc)
    opening = cue(doc, mark)[0]
    closing = int(np.flatnonzero(d.quote == 3)[0])
    assert d.quote[opening] == 2 and d.clause_mark[opening] == 2
    assert d.quote[opening + 1 : closing].tolist() == [1] * (closing - opening - 1)
    assert doc[closing - 1].text == "."
    assert d.quote[closing + 1 :].tolist() == [0] * (len(doc) - closing - 1)


def test_an_unclosed_quotation_ends_with_its_paragraph(parse: Parse) -> None:
    doc = parse('He said: "We will win this seat\n\nThe count starts at noon.')
    d = doc_arrays(doc)
    noon = cue(doc, "noon")[0]
    assert d.quote[cue(doc, "seat")[0]] == 1
    assert d.quote[noon] == 0


def test_window_stays_inside_the_cue_paragraph(parse: Parse) -> None:
    doc = parse("The vote was close.\n\nOfficials said the count would take a week. Results follow on Monday.")
    d = doc_arrays(doc)
    start, end = window(d, cue(doc, "said"), 2, 3)
    # the line break opens the paragraph; nothing of the one before is in the window
    assert doc[start:end].text.strip() == "Officials said the count would take a week. Results follow on Monday."
    assert end == len(doc)


# -- loading -----------------------------------------------------------------------------------------------------


def test_unreadable_model_file_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "weights.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ClaimgraphError, match=r"cannot load the attribution span model") as caught:
        read_model(bad)
    assert str(caught.value).startswith(f"[{caught.value.code}]")


def test_model_file_missing_an_array_is_a_coded_error(tmp_path: Path) -> None:
    partial = tmp_path / "weights.npz"
    np.savez(partial, weights=np.zeros((4, 5), dtype=np.int8), scale=np.ones(5, dtype=np.float32))
    with pytest.raises(ClaimgraphError, match=r"cannot load the attribution span model"):
        read_model(partial)


def test_packaged_loader_reports_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.extract import attr_spans

    folder = tmp_path / "data" / "attr_spans"
    folder.mkdir(parents=True)
    (folder / "weights.npz").write_bytes(b"\x00" * 64)
    # the loader finds its file through importlib.resources: point that at a folder holding a broken one
    monkeypatch.setattr(importlib.resources, "files", lambda _package: tmp_path)
    attr_spans.load_model.cache_clear()
    try:
        with pytest.raises(ClaimgraphError, match=r"reinstall claimgraph"):
            attr_spans.load_model()
    finally:
        attr_spans.load_model.cache_clear()

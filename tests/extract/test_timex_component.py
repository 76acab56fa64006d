"""The spaCy component sets doc._.cg_times and marks the dateline expression."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimgraph.extract import times  # noqa: F401  (registers the factory)
from claimgraph.extract.extensions import register_extensions
from claimgraph.model import Article, Span

TEXT = (
    "Floods close the Keld ring road\n"
    "4 March 2025 09:10\n"
    "The ring road around Keld was closed on Monday after heavy rain. "
    "Engineers said it would stay shut for about three days."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    blank = spacy.blank("en")
    blank.add_pipe("claimgraph_times_v1")
    return blank


def test_component_assigns_times_with_publication_role(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    doc._.cg_dct = "2025-03-04T09:10"
    line_start = TEXT.index("4 March")
    doc._.cg_structure = [[0, TEXT.index("\n")], [line_start, TEXT.index("\n", line_start)]]
    doc = nlp(doc)
    found = doc._.cg_times
    assert [(t.id, t.text, t.value, t.role) for t in found] == [
        ("t1", "4 March 2025 09:10", "2025-03-04T09:10", "publication"),
        ("t2", "Monday", "2025-03-03", None),
        ("t3", "about three days", "P3D", None),
    ]
    for t in found:
        assert doc.text[t.span.start : t.span.end] == t.text


def test_component_without_structure_or_dct(nlp: Language) -> None:
    doc = nlp("The Keld ring road was closed in May.")
    assert [(t.text, t.value, t.role) for t in doc._.cg_times] == [("May", "XXXX-05", None)]


def test_full_pipeline_reports_times_with_dateline_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    start = TEXT.index("4 March")
    article = Article(
        text=TEXT,
        published="2025-03-04T09:10",
        title_span=Span(0, TEXT.index("\n")),
        dateline_span=Span(start, TEXT.index("\n", start)),
    )
    analysis = pipeline.analyze(article)
    assert [(t.text, t.value, t.role) for t in analysis.times] == [
        ("4 March 2025 09:10", "2025-03-04T09:10", "publication"),
        ("Monday", "2025-03-03", None),
        ("about three days", "P3D", None),
    ]


def test_a_wire_clock_time_is_a_time_not_a_figure_of_hours(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.api import analyze

    result = analyze(
        "Velmora shares were 5 pct lower at 1130 hrs GMT, dealers in Keld said.",
        published="2025-03-04",
        pipeline=pipeline,
    )
    assert [(t.text, t.type, t.value) for t in result.times] == [("1130 hrs GMT", "TIME", "2025-03-04T11:30")]
    assert [(q.text, q.unit) for q in result.quantities] == [("5 pct", "percent")]

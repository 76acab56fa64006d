"""Finding claims again: by source, entity, modality, date, full text and figure; summaries and export."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from claimgraph.errors import InvalidDateError, StoreError
from claimgraph.model import Analysis, Claim, Document, Entity, Quantity, Source, Span, document_id
from claimgraph.store import Store
from tests.store.factories import harbour_analysis, span_of

# A second invented article, from another day, with a pronoun source resolved to its antecedent.
RIVER_TEXT = (
    "Flood warning for the Velmar valley\n"
    "The Velmar water board warned that the river could rise 2 metres. "
    "They said evacuation was not needed."
)


def river_analysis() -> Analysis:
    t = RIVER_TEXT
    board = Entity(
        id="e1",
        name="Velmar water board",
        type="ORG",
        aliases=("the board",),
        mentions=(span_of(t, "Velmar water board"),),
    )
    valley = Entity(id="e2", name="Velmar valley", type="LOC", mentions=(span_of(t, "Velmar valley"),))
    rise = Quantity(
        id="q1",
        span=span_of(t, "2 metres"),
        text="2 metres",
        value=2.0,
        low=None,
        high=None,
        unit="metre",
        approx=None,
        kind="measure",
    )
    c1 = Claim(
        id="c1",
        span=span_of(t, "the river could rise 2 metres"),
        text="the river could rise 2 metres",
        source=Source(
            kind="named", text="The Velmar water board", span=span_of(t, "The Velmar water board"), entity="e1"
        ),
        cue=None,
        modality="speculative",
        certainty=0.3,
        quantities=("q1",),
    )
    c2 = Claim(
        id="c2",
        span=span_of(t, "evacuation was not needed"),
        text="evacuation was not needed",
        source=Source(
            kind="named",
            text="They",
            span=span_of(t, "They"),
            resolved_text="The Velmar water board",
            resolved_span=span_of(t, "The Velmar water board"),
            entity="e1",
        ),
        cue=None,
        modality="negated",
        certainty=0.8,
    )
    doc = Document(
        id=document_id(t),
        text=t,
        title="Flood warning for the Velmar valley",
        published="2024-05-20T08:00:00",
        url="https://velmar-courier.example/flood",
        title_span=Span(0, 35),
    )
    return Analysis(document=doc, entities=(board, valley), quantities=(rise,), claims=(c1, c2))


@pytest.fixture
def filled(store: Store) -> Store:
    store.add(harbour_analysis())
    store.add(river_analysis())
    return store


def _texts(rows: list) -> set[str]:  # type: ignore[type-arg]
    return {r.text for r in rows}


def test_store_queries_all_claims_in_stored_order(filled: Store) -> None:
    rows = filled.claims()
    assert [r.claim_id for r in rows] == ["c1", "c2", "c3", "c1", "c2"]
    assert rows[0].source == "Mayor Ilse Varga" and rows[0].cue == "said"


def test_store_queries_source_substring_any_case_and_resolved_pronoun(filled: Store) -> None:
    assert _texts(filled.claims(source="WATER BOARD")) == {"the river could rise 2 metres", "evacuation was not needed"}
    assert _texts(filled.claims(source="varga")) == {"300 dock workers may walk out next week"}
    assert filled.claims(source="100%") == []


def test_store_queries_entity_by_name_or_alias(filled: Store) -> None:
    # Mentioned inside the claim (c2 mentions e1) or holding it (c1's source is e1).
    assert _texts(filled.claims(entity="ilse varga")) == {
        "300 dock workers may walk out next week",
        "any strike was planned",
    }
    assert _texts(filled.claims(entity="Varga")) == _texts(filled.claims(entity="Ilse Varga"))
    assert _texts(filled.claims(entity="the board")) == {"the river could rise 2 metres", "evacuation was not needed"}
    assert filled.claims(entity="Atlantis") == []


def test_store_queries_modality(filled: Store) -> None:
    assert _texts(filled.claims(modality="negated")) == {"any strike was planned", "evacuation was not needed"}
    with pytest.raises(StoreError, match="unknown modality"):
        filled.claims(modality="certain")


def test_store_queries_published_date_range(filled: Store) -> None:
    assert {r.doc_id for r in filled.claims(since="2024-05-01")} == {river_analysis().document.id}
    assert {r.doc_id for r in filled.claims(until="2024-03-04")} == {harbour_analysis().document.id}
    assert filled.claims(since="2024-03-05", until="2024-05-19") == []
    with pytest.raises(InvalidDateError):
        filled.claims(since="last spring")


def test_store_queries_full_text_over_claims_and_titles(filled: Store) -> None:
    assert _texts(filled.claims(search="evacuation")) == {"evacuation was not needed"}
    # "flood" is only in the river article's title: all its claims match.
    assert len(filled.claims(search="FLOOD")) == 2
    assert _texts(filled.claims(search="dock workers")) == {"300 dock workers may walk out next week"}
    # FTS syntax in user text (quotes, stars) is taken literally, never a syntax error.
    assert filled.claims(search='"strike*') == filled.claims(search="strike")
    assert filled.claims(search="-- ***") == []


def test_store_queries_figure_unit_and_range(filled: Store) -> None:
    assert _texts(filled.claims(unit="worker", min_value=100)) == {"300 dock workers may walk out next week"}
    assert filled.claims(unit="worker", max_value=100) == []
    assert _texts(filled.claims(unit="METRE", min_value=1, max_value=3)) == {"the river could rise 2 metres"}
    assert _texts(filled.claims(min_value=3.5, max_value=5)) == {"Prices rose 4 percent"}


def test_store_queries_filters_combine(filled: Store) -> None:
    assert _texts(filled.claims(source="board", modality="negated", search="needed")) == {"evacuation was not needed"}
    assert filled.claims(source="board", modality="hedged") == []


def test_store_queries_limit_and_offset(filled: Store) -> None:
    everything = filled.claims()
    assert filled.claims(limit=2) == everything[:2]
    assert filled.claims(limit=2, offset=2) == everything[2:4]


def test_store_queries_sources_summary(filled: Store) -> None:
    rows = {r.source: r for r in filled.sources()}
    board = rows["The Velmar water board"]
    assert (board.claims, board.documents, board.speculative, board.negated, board.asserted) == (2, 1, 1, 1, 0)
    assert filled.sources()[0].source == "The Velmar water board"
    assert rows["officials"].kind == "unnamed"


def test_store_queries_entities_with_aliases_and_mentions(filled: Store) -> None:
    rows = {r.name: r for r in filled.entities()}
    assert rows["Ilse Varga"].aliases == ("Varga",)
    assert rows["Ilse Varga"].mentions == 1
    assert [r.name for r in filled.entities(name="the board")] == ["Velmar water board"]


def test_store_queries_entities_merge_across_articles(store: Store) -> None:
    store.add(harbour_analysis())
    later = harbour_analysis().document.text + " Varga repeated the warning."
    a = harbour_analysis(url=None)
    a = dataclasses.replace(a, document=dataclasses.replace(a.document, text=later, id=document_id(later)))
    store.add(a)
    (varga,) = store.entities(name="Varga")
    assert (varga.documents, varga.mentions) == (2, 2)


def test_store_queries_export_csv_has_every_claim(filled: Store) -> None:
    buf = io.StringIO()
    assert filled.export_csv(buf) == 5
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert {r["text"] for r in rows} >= {"evacuation was not needed", "Prices rose 4 percent"}
    assert rows[0]["source"] == "Mayor Ilse Varga"

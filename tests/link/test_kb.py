"""Offline knowledge-base ids from a user's Wikidata-style dump (invented entities and ids throughout)."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimgraph.errors import InputNotFoundError, MalformedRecordError
from claimgraph.link import link
from claimgraph.link.entities import resolve_entities
from claimgraph.link.kb import KnowledgeBase, iter_records, kb_type_groups
from claimgraph.link.names import name_key

from .helpers import make_analysis


def entity(qid: str, label: str, aliases: tuple[str, ...] = (), instance_of: str | None = None) -> dict[str, Any]:
    """A record shaped like Wikidata's entity dump."""
    record: dict[str, Any] = {
        "id": qid,
        "type": "item",
        "labels": {"en": {"language": "en", "value": label}},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]},
        "descriptions": {"en": {"language": "en", "value": "invented for claimgraph tests"}},
    }
    if instance_of:
        record["claims"] = {
            "P31": [{"mainsnak": {"snaktype": "value", "property": "P31", "datavalue": {"value": {"id": instance_of}}}}]
        }
    return record


DUMP = [
    entity("Q9100001", "Varnia", ("Republic of Varnia", "Varnian Republic"), "Q6256"),
    entity("Q9100002", "Lindel", (), "Q515"),
    entity("Q9100003", "Lindel", ("Lindel-on-Sea",), "Q515"),  # a second town of the same name
    entity("Q9100004", "Ilse Marrow", ("Marrow",), "Q5"),
    entity("Q9100005", "Marrow", (), "Q515"),
    entity("Q9100006", "Corvid Agency", ("Corvid Intelligence Agency",), "Q327333"),
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def wikidata_array(records: list[dict[str, Any]]) -> str:
    """Wikidata's full dump layout: one entity a line inside [ ], lines ending with a comma."""
    return "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n"


def one_entity_article(text: str, name: str, etype: str, outlet: str) -> Any:
    return make_analysis(
        text, outlet=outlet, published="2025-04-01", entities=[(name, etype, [])], claims=[{"content": text[:-1]}]
    )


def test_kb_aliases_resolve_together_and_get_the_id(tmp_path: Path) -> None:
    kb = KnowledgeBase.read(write_jsonl(tmp_path / "kb.jsonl", DUMP))
    a = one_entity_article("The Republic of Varnia closed its border.", "Republic of Varnia", "GPE", "A")
    b = one_entity_article("Varnia reopened the border.", "Varnia", "GPE", "B")
    entities, mapping = resolve_entities([a, b], kb=kb)
    assert len(entities) == 1
    assert entities[0].kb_id == "Q9100001"
    assert mapping[(a.document.id, "e1")] == mapping[(b.document.id, "e1")]
    # without the KB the two names stay apart: the KB alias did the joining
    assert len(resolve_entities([a, b])[0]) == 2


def test_kb_ambiguous_label_is_not_guessed(tmp_path: Path) -> None:
    kb = KnowledgeBase.read(write_jsonl(tmp_path / "kb.jsonl", DUMP))
    a = one_entity_article("Lindel opened a new bridge.", "Lindel", "GPE", "A")
    (resolved,), _ = resolve_entities([a], kb=kb)
    assert resolved.kb_id is None
    assert resolved.kb_candidates == ("Q9100002", "Q9100003")
    # an alias only one of the two towns has settles it, and brings the plain name along
    b = one_entity_article("Lindel-on-Sea opened a ferry pier.", "Lindel-on-Sea", "GPE", "B")
    entities, _ = resolve_entities([b], kb=kb)
    assert [e.kb_id for e in entities] == ["Q9100003"]


def test_kb_instance_of_keeps_people_and_places_apart(tmp_path: Path) -> None:
    kb = KnowledgeBase.read(write_jsonl(tmp_path / "kb.jsonl", DUMP))
    person = one_entity_article("Marrow resigned on Monday.", "Marrow", "PERSON", "A")
    town = one_entity_article("Marrow flooded on Tuesday.", "Marrow", "GPE", "B")
    entities, _ = resolve_entities([person, town], kb=kb)
    assert sorted((e.type, e.kb_id) for e in entities) == [("GPE", "Q9100005"), ("PERSON", "Q9100004")]


@pytest.mark.parametrize(
    ("qid", "name", "ner_type", "other_type"),
    [
        ("Q5", "Tomas Orrel", "PERSON", "ORG"),
        ("Q6256", "Kessaria", "GPE", "PERSON"),
        ("Q3624078", "Dorvan", "GPE", "PERSON"),
        ("Q515", "Pellham", "GPE", "PERSON"),
        ("Q486972", "Brask", "LOC", "PERSON"),
        ("Q43229", "Heron Trust", "ORG", "PERSON"),
        ("Q4830453", "Quayline Freight", "ORG", "PERSON"),
        ("Q327333", "Tolland Port Authority", "ORG", "PERSON"),
        ("Q11032", "Evening Lantern", "ORG", "PERSON"),
        ("Q728", "Spar-9", "WEAPON", "GPE"),
    ],
)
def test_kb_type_table_entry_matches_its_group_only(qid: str, name: str, ner_type: str, other_type: str) -> None:
    kb = KnowledgeBase()
    kb.add("Q9200001", name, classes=[qid])
    same = one_entity_article(f"{name} was mentioned twice.", name, ner_type, "A")
    other = one_entity_article(f"{name} was mentioned again.", name, other_type, "B")
    assert resolve_entities([same], kb=kb)[0][0].kb_id == "Q9200001"
    assert resolve_entities([other], kb=kb)[0][0].kb_id is None


def test_kb_type_table_entries_are_all_tested() -> None:
    tested = {"Q5", "Q6256", "Q3624078", "Q515", "Q486972", "Q43229", "Q4830453", "Q327333", "Q11032", "Q728"}
    assert set(kb_type_groups()) == tested


@pytest.mark.parametrize("layout", ["jsonl", "array", "array.gz", "array.bz2"])
def test_kb_dump_layouts_stream_the_same_records(tmp_path: Path, layout: str) -> None:
    text = "".join(json.dumps(r) + "\n" for r in DUMP) if layout == "jsonl" else wikidata_array(DUMP)
    path = tmp_path / f"dump.{layout}"
    if layout.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    elif layout.endswith(".bz2"):
        path.write_bytes(bz2.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    assert [r["id"] for r in iter_records(path)] == [r["id"] for r in DUMP]


def test_kb_read_keeps_only_wanted_names(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl", DUMP)
    kb = KnowledgeBase.read(path, wanted_keys={name_key("Varnian Republic")})
    assert sorted(kb.entries) == ["Q9100001"]
    assert kb.candidates("Republic of Varnia", "place") == ("Q9100001",)


def test_kb_bad_dumps_give_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"E010"):
        list(iter_records(tmp_path / "missing.jsonl"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(DUMP[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"broken.jsonl:2"):
        list(iter_records(broken))


def test_kb_link_writes_kb_id_and_counts_in_stats(tmp_path: Path) -> None:
    path = tmp_path / "dump.json.gz"
    path.write_bytes(gzip.compress(wikidata_array(DUMP).encode()))
    a = one_entity_article("The Corvid Agency counted 40 trucks.", "Corvid Agency", "ORG", "A")
    b = one_entity_article("Lindel counted 12 ferries.", "Lindel", "GPE", "B")

    class Flat:
        dim = 4

        def embed(self, texts):  # type: ignore[no-untyped-def]
            return np.eye(len(texts), 4, dtype=np.float32)

    result = link([a, b], embedder=Flat(), kb=path)
    by_name = {e["name"]: e for e in result.to_dict()["entities"]}
    assert by_name["Corvid Agency"]["kb_id"] == "Q9100006"
    assert by_name["Lindel"]["kb_id"] is None
    assert by_name["Lindel"]["kb_candidates"] == ["Q9100002", "Q9100003"]
    assert result.stats["kb_linked"] == 1
    assert result.stats["kb_ambiguous"] == 1

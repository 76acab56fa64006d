"""Entities: source kinds of organisations (media, government, intelligence, military, expert, social media)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc, Span

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Entity

LEXICON = load_lexicon()
NAMES = sorted((kind, name) for kind, names in LEXICON.kind_names.items() for name in names)
HEADS = sorted((kind, head) for kind, heads in LEXICON.kind_heads.items() for head in heads)


@pytest.fixture(scope="module")
def with_org(pipeline: Pipeline, parse: Callable[[str], Doc]) -> Callable[[str, str], list[Entity]]:
    """Parse ``text``, make ``name`` its only NER entity (ORG), and run the component on it.

    The kind lexicons must not depend on whether the small model happens to tag an invented name.
    """
    component = pipeline.nlp.get_pipe("claimgraph_entities_v1")

    def _run(text: str, name: str) -> list[Entity]:
        doc = parse(text)
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label="ORG")
        assert span is not None
        doc.ents = [Span(doc, span.start, span.end, label="ORG")]
        return list(component(doc)._.cg_entities)

    return _run


def _surface(name: str) -> str:
    return name.upper() if len(name) <= 4 and " " not in name else name.title()


@pytest.mark.parametrize(("kind", "name"), NAMES)
def test_entities_kind_name_lexicon(with_org: Callable[[str, str], list[Entity]], kind: str, name: str) -> None:
    surface = _surface(name)
    (entity,) = with_org(f"Yesterday {surface} reported that the port had reopened.", surface)
    assert entity.kind == kind


@pytest.mark.parametrize(("kind", "head"), HEADS)
def test_entities_kind_head_lexicon(with_org: Callable[[str, str], list[Entity]], kind: str, head: str) -> None:
    name = f"Dorvik {head.title()}"
    (entity,) = with_org(f"Yesterday the {name} reported that the port had reopened.", name)
    assert entity.kind == kind


def test_entities_media_head_noun_after_the_name(with_org: Callable[[str, str], list[Entity]]) -> None:
    (entity,) = with_org("The Dorvik Express portal published photos of the harbour.", "Dorvik Express")
    assert (entity.name, entity.kind) == ("Dorvik Express", "media")


def test_entities_media_kind_on_real_text(parse: Callable[[str], Doc]) -> None:
    entities = parse("The Baltic Courier newspaper reported the deal on Monday.")._.cg_entities
    assert [(e.name, e.type, e.kind) for e in entities if e.type == "ORG"] == [("Baltic Courier", "ORG", "media")]


def test_entities_government_kind_on_real_text(parse: Callable[[str], Doc]) -> None:
    entities = parse("The Ministry of Fisheries (MoF) agreed. The MoF later said no.")._.cg_entities
    (ministry,) = entities
    assert (ministry.name, ministry.kind, ministry.aliases) == ("Ministry of Fisheries", "government", ("MoF",))


def test_entities_plain_organisation_has_no_kind(with_org: Callable[[str, str], list[Entity]]) -> None:
    (entity,) = with_org("The Dorvik Salmon Company raised its prices.", "Dorvik Salmon Company")
    assert entity.kind is None

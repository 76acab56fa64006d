"""Fixtures for the extraction tests: a spaCy pipeline with one claimgraph component, loaded once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.config import DEFAULT_MODEL
from claimgraph.extract.extensions import register_extensions
from claimgraph.extract.loader import load_spacy
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Entity


@pytest.fixture(scope="session")
def quantities_nlp() -> Language:
    """spaCy's English pipeline plus the quantities component only, so its tests don't depend on others."""
    register_extensions()
    pipeline = load_spacy(DEFAULT_MODEL)
    pipeline.add_pipe("claimgraph_quantities_v1")
    return pipeline


def entities_only(nlp: Language) -> list[str]:
    keep = {"claimgraph_sentences_v1", "claimgraph_entities_v1"}
    return [n for n in nlp.pipe_names if not n.startswith("claimgraph") or n in keep]


@pytest.fixture(scope="session")
def parse(pipeline: Pipeline) -> Callable[[str], Doc]:
    """Parse with spaCy plus the entities component only (the other components are not involved)."""

    def _parse(text: str) -> Doc:
        doc: Doc = pipeline.nlp.make_doc(text)
        doc._.cg_structure = []
        with pipeline.nlp.select_pipes(enable=entities_only(pipeline.nlp)):
            parsed: Doc = pipeline.nlp(doc)
        return parsed

    return _parse


@pytest.fixture(scope="session")
def run(parse: Callable[[str], Doc]) -> Callable[[str], list[Entity]]:
    """The entities the component finds in a text."""
    return lambda text: list(parse(text)._.cg_entities)

"""Entities component (placeholder until implemented)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("claimgraph_entities_v1", assigns=["doc._.cg_entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    def component(doc: Doc) -> Doc:
        doc._.cg_entities = []
        return doc

    return component

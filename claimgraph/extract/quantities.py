"""Quantities component (placeholder until implemented)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("claimgraph_quantities_v1", assigns=["doc._.cg_quantities"], requires=["doc._.cg_times"])
def make_quantities(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    def component(doc: Doc) -> Doc:
        doc._.cg_quantities = []
        return doc

    return component

"""Modality component (placeholder until implemented)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("claimgraph_modality_v1", assigns=["doc._.cg_claims"], requires=["doc._.cg_claims"])
def make_modality(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    def component(doc: Doc) -> Doc:
        return doc

    return component

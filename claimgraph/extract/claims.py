"""Claims component (placeholder until implemented)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("claimgraph_claims_v1", assigns=["doc._.cg_claims"], requires=["doc._.cg_entities"])
def make_claims(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    def component(doc: Doc) -> Doc:
        doc._.cg_claims = []
        return doc

    return component

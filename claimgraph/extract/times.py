"""Times component (placeholder until implemented)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("claimgraph_times_v1", assigns=["doc._.cg_times"], requires=[])
def make_times(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    def component(doc: Doc) -> Doc:
        doc._.cg_times = []
        return doc

    return component

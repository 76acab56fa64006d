"""The Doc extension attributes through which claimgraph components talk.

The pipeline sets ``cg_dct`` (publication date, ISO 8601 or None) and
``cg_structure`` (character spans of title, dateline and subheadings: not prose,
never claims) before the spaCy components run; each claimgraph component then
assigns one attribute:

=============================  ==========================  =====================
component (factory name)       assigns                     list of
=============================  ==========================  =====================
claimgraph_sentences_v1        token.is_sent_start         (line breaks, structure)
claimgraph_entities_v1         doc._.cg_entities           model.Entity
claimgraph_times_v1            doc._.cg_times              model.TimeExpr
claimgraph_quantities_v1       doc._.cg_quantities         model.Quantity
claimgraph_claims_v1           doc._.cg_claims             model.Claim
claimgraph_claims_v1           doc._.cg_attributions       model.Attribution
claimgraph_modality_v1         doc._.cg_claims (updated)   model.Claim
=============================  ==========================  =====================

Ids are assigned by the component that creates the objects (``e1``, ``t1``,
``q1``, ``c1``, ``a1`` in text order). Linking claims to the entities, quantities and
times inside them is done by the pipeline after all components have run.
"""

from __future__ import annotations

from spacy.tokens import Doc

_ATTRS: dict[str, object] = {
    "cg_dct": None,
    "cg_structure": None,
    "cg_entities": None,
    "cg_times": None,
    "cg_quantities": None,
    "cg_claims": None,
    "cg_attributions": None,
}


def register_extensions() -> None:
    """Register the Doc attributes (idempotent)."""
    for name, default in _ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

"""Import every component module so its spaCy factory is registered.

The registered names are pinned by ``tests/extract/test_components_registry.py``:
removing or renaming one is a breaking change (bump the ``.vN`` suffix instead).
"""

from __future__ import annotations

from claimgraph.extract import (  # noqa: F401
    claims,
    entities,
    modality,
    quantities,
    sentences,
    times,
)

FACTORIES: tuple[str, ...] = (
    "claimgraph_sentences_v1",
    "claimgraph_entities_v1",
    "claimgraph_times_v1",
    "claimgraph_quantities_v1",
    "claimgraph_claims_v1",
    "claimgraph_modality_v1",
)

"""Entities component: spaCy NER, repaired and merged into one entity per referent.

spaCy's small English model finds names but mislabels the things news about
conflicts is full of: weapon designations ("KN-23" as WORK_OF_ART), capitals
standing for their state ("Moscow said" as ORG), titles ("Defence" as ORG) and
regions ("Kursk" as PRODUCT). This component keeps NER as the backbone and adds
linear token passes driven by data files (``data/entities_*.json``):

1. NER mentions, minus figures and dates, with "the" and titles stripped;
2. a country gazetteer (names, short forms, capitals) that overrides NER;
3. weapon designations and nicknames; "<Name> region" as LOC;
4. roles (titles before a person, appositives after it);
5. parenthetical aliases ("X (Y)") and capital-for-country metonymy;
6. merging of mentions (surnames, short forms, aliases) into entities.

This module is the spaCy component and the order of the passes; the passes live beside it:
:mod:`~claimgraph.extract.entity_lexicon` (the data files), :mod:`~claimgraph.extract.entity_mentions`
(steps 1-3), :mod:`~claimgraph.extract.entity_roles` (step 4 and country descriptions) and
:mod:`~claimgraph.extract.entity_aliases` (steps 5-6).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extract.entity_aliases import acts_as_state, merge_mentions, parenthetical_aliases
from claimgraph.extract.entity_lexicon import Lexicon, load_lexicon
from claimgraph.extract.entity_mentions import (
    Gazetteer,
    Mention,
    company_names,
    company_tails,
    gazetteer_mentions,
    ner_mentions,
    outward_tokens,
    region_mentions,
    repair_people,
    unique,
    weapon_mentions,
)
from claimgraph.extract.entity_roles import country_descriptions, find_roles
from claimgraph.model import Entity


class EntityExtractor:
    """The ``claimgraph_entities_v1`` component: sets ``doc._.cg_entities``."""

    def __init__(self, nlp: Language) -> None:
        self.lex: Lexicon = load_lexicon()
        self._gazetteer: Gazetteer | None = None
        self._nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_entities = self.extract(doc)
        return doc

    # -- gazetteer ----------------------------------------------------------------------
    def gazetteer(self) -> Gazetteer:
        """First token -> [(token texts, country, is_capital)], longest first; built once."""
        if self._gazetteer is None:
            table: Gazetteer = {}
            for surface, (country, is_capital) in self.lex.places.items():
                toks = tuple(t.text for t in self._nlp.make_doc(surface))
                table.setdefault(toks[0], []).append((toks, country, is_capital))
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))
            self._gazetteer = table
        return self._gazetteer

    # -- the passes ---------------------------------------------------------------------
    def extract(self, doc: Doc) -> list[Entity]:
        """Find, repair and merge the entity mentions of ``doc``."""
        lex = self.lex
        owner: list[Mention | None] = [None] * len(doc)
        ner_mentions(lex, doc, owner)
        company_tails(doc, owner)
        repair_people(doc, owner)
        texts = [t.text for t in doc]  # one pass; Doc.__getitem__ is the cost that dominates
        gazetteer_mentions(lex, self.gazetteer(), doc, texts, owner)
        weapon_mentions(lex, doc, texts, owner)
        region_mentions(lex, doc, texts, owner)
        company_names(doc, texts, owner)
        mentions = unique(owner)
        find_roles(lex, doc, mentions, owner)
        mentions = unique(owner)
        parenthetical_aliases(lex, doc, mentions, owner)
        mentions = unique(owner)
        for m in mentions:
            if m.capital and not any(acts_as_state(lex, t) for t in outward_tokens(doc, m)):
                m.country = None
        country_descriptions(lex, doc, mentions, owner)
        return merge_mentions(lex, doc, unique(owner))


@Language.factory("claimgraph_entities_v1", assigns=["doc._.cg_entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntityExtractor:
    """Build the entities component (lexicons are loaded once per process)."""
    return EntityExtractor(nlp)

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
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.model import Entity
from claimgraph.model import Span as CharSpan

DATA_DIR = Path(__file__).parent / "data"
# A designation: letters, optional hyphen, digits, short suffix ("KN-23", "Hwasong-11A", "M1989", "T-72B3").
_DESIGNATION = re.compile(r"(?P<prefix>[A-Z][A-Za-z]{0,9})(?P<hyphen>-?)(?P<digits>\d{1,5})[A-Za-z0-9]{0,4}")
_ACRONYM = re.compile(r"[A-Z][A-Za-z&]{1,11}")

_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»", "„"})
_CLOSERS = frozenset({",", ";", ".", ")", "—", "–", ":", "!", "?"})
_DETERMINERS = frozenset({"the", "a", "an"})
_STATE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_STATE_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
_LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The entities lexicons (``data/entities_lexicon.json``) and country table (``data/entities_countries.json``)."""

    drop_labels: frozenset[str]
    time_labels: frozenset[str]
    honorifics: frozenset[str]
    role_words: frozenset[str]
    role_modifiers: frozenset[str]
    role_connectors: frozenset[str]
    appositive_starters: tuple[tuple[str, ...], ...]
    region_heads: frozenset[str]
    ambiguous_places: frozenset[str]
    weapon_heads: frozenset[str]
    weapon_modifiers: frozenset[str]
    weapon_prefixes: frozenset[str]
    designation_stoplist: frozenset[str]
    acronym_stoplist: frozenset[str]
    state_verbs: frozenset[str]
    state_object_verbs: frozenset[str]
    supply_words: frozenset[str]
    place_nouns: frozenset[str]
    description_nouns: frozenset[str]
    destination_preps: frozenset[str]
    destination_verbs: frozenset[str]
    kind_order: tuple[str, ...]
    kind_names: dict[str, frozenset[str]]
    kind_heads: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, bool]]  # surface form -> (country, is_capital)

    def is_designation(self, text: str) -> bool:
        """An alphanumeric equipment designation; never a date, clock time or plain number."""
        return _DESIGNATION.fullmatch(text) is not None and text.lower() not in self.designation_stoplist

    def known_prefix(self, text: str) -> bool:
        """A designation whose family prefix alone marks it as a weapon ("Su-34", "S-400", "M777")."""
        match = _DESIGNATION.fullmatch(text)
        if match is None:
            return False
        prefix = match["prefix"].lower()
        if prefix not in self.weapon_prefixes:
            return False
        # without the hyphen or 3+ digits a family prefix is too easily something else ("M25", "MI5")
        return bool(match["hyphen"]) or len(match["digits"]) >= 3

    def is_acronym(self, text: str) -> bool:
        """At least two capitals and no digits: "GRAU", "MoD"; not a stop-listed word such as "NATO"."""
        return (
            _ACRONYM.fullmatch(text) is not None
            and sum(c.isupper() for c in text) >= 2
            and text.upper() not in self.acronym_stoplist
        )

    def initials_match(self, words: Iterable[Token], acronym: str) -> bool:
        """Whether the capitals of ``acronym`` are the initials of the capitalised words of a name."""
        initials = "".join(t.text[0] for t in words if t.text[:1].isupper())
        caps = "".join(c for c in acronym if c.isupper())
        return len(caps) >= 2 and caps == initials

    def org_kind(self, name: str, following: tuple[str, ...] | list[str] = ()) -> str | None:
        """Source kind of an organisation from its name (and the lower-case head nouns right after it)."""
        name = " ".join(name.lower().split())
        first, _, rest = name.partition(" ")
        if rest and first in _DETERMINERS:
            name = rest
        padded = f" {' '.join([name, *following])} "
        for kind in self.kind_order:
            if name in self.kind_names.get(kind, frozenset()):
                return kind
        for kind in self.kind_order:
            if any(f" {head} " in padded for head in self.kind_heads.get(kind, ())):
                return kind
        return None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the lexicon files once per process."""
    raw = json.loads((DATA_DIR / "entities_lexicon.json").read_text(encoding="utf-8"))
    countries = json.loads((DATA_DIR / "entities_countries.json").read_text(encoding="utf-8"))["countries"]
    places: dict[str, tuple[str, bool]] = {}
    for row in countries:
        for surface in (row["name"], *row["aliases"]):
            places[surface] = (row["name"], False)
        for capital in row["capitals"]:
            places.setdefault(capital, (row["name"], True))
    kinds = raw["org_kinds"]

    def words(key: str) -> frozenset[str]:
        return frozenset(raw[key])

    return Lexicon(
        drop_labels=words("drop_labels"),
        time_labels=frozenset({"DATE", "TIME", "MONEY", "PERCENT"}),
        honorifics=words("honorifics"),
        role_words=words("role_words"),
        role_modifiers=words("role_modifiers"),
        role_connectors=words("role_connectors"),
        appositive_starters=tuple(tuple(s) for s in raw["appositive_starters"]),
        region_heads=words("region_heads"),
        ambiguous_places=words("ambiguous_places"),
        weapon_heads=words("weapon_heads"),
        weapon_modifiers=words("weapon_modifiers"),
        weapon_prefixes=words("weapon_prefixes"),
        designation_stoplist=words("designation_stoplist"),
        acronym_stoplist=words("acronym_stoplist"),
        state_verbs=words("state_verbs"),
        state_object_verbs=words("state_object_verbs"),
        supply_words=words("supply_words"),
        place_nouns=words("place_nouns"),
        description_nouns=frozenset(raw["country_descriptions"]["nouns"]),
        destination_preps=frozenset(raw["country_descriptions"]["preps"]),
        destination_verbs=frozenset(raw["country_descriptions"]["verbs"]),
        kind_order=tuple(kinds["_order"]),
        kind_names={k: frozenset(v) for k, v in kinds["names"].items()},
        kind_heads={k: tuple(v) for k, v in kinds["heads"].items()},
        places=places,
    )


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    country: str | None = None  # canonical country this mention denotes (name, short form or capital)
    capital: bool = False  # a capital name: denotes the country only when it acts as a state
    weapon: bool = False
    nickname: tuple[int, int] | None = None
    alias_of: _Mention | None = None
    roles: list[str] = field(default_factory=list)
    key: str = ""


class EntityExtractor:
    """The ``claimgraph_entities_v1`` component: sets ``doc._.cg_entities``."""

    def __init__(self, nlp: Language) -> None:
        self.lex: Lexicon = load_lexicon()
        self._gazetteer: dict[str, list[tuple[tuple[str, ...], str, bool]]] | None = None
        self._nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_entities = self.extract(doc)
        return doc

    # -- gazetteer ----------------------------------------------------------------------
    def gazetteer(self) -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
        """First token -> [(token texts, country, is_capital)], longest first; built once."""
        if self._gazetteer is None:
            table: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
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
        owner: list[_Mention | None] = [None] * len(doc)
        self._ner_mentions(doc, owner)
        _repair_people(doc, owner)
        texts = [t.text for t in doc]  # one pass; Doc.__getitem__ is the cost that dominates
        self._gazetteer_mentions(doc, texts, owner)
        self._weapon_mentions(doc, texts, owner)
        self._region_mentions(doc, texts, owner)
        mentions = _unique(owner)
        self._roles(doc, mentions, owner)
        mentions = _unique(owner)
        self._parenthetical_aliases(doc, mentions, owner)
        mentions = _unique(owner)
        for m in mentions:
            if m.capital and not any(self._acts_as_state(t) for t in _outward_tokens(doc, m)):
                m.country = None
        self._country_descriptions(doc, mentions, owner)
        return self._merge(doc, _unique(owner))

    def _ner_mentions(self, doc: Doc, owner: list[_Mention | None]) -> None:
        lex = self.lex
        for ent in doc.ents:
            label = ent.label_
            if label in lex.drop_labels:
                continue
            start, end = ent.start, ent.end
            # NER sometimes runs on into a parenthesis ("Ministry of Fisheries (MoF"): the alias pass owns it.
            end = next((k for k in range(start + 1, end) if doc[k].text in {"(", ")"} or doc[k].is_space), end)
            while start < end - 1 and (doc[start].lower_ in _DETERMINERS or doc[start].lower_ in lex.honorifics):
                start += 1
            if label == "PERSON":
                # NER sometimes swallows the title ("Minister Lena Varga"); the role pass reads it back.
                while start < end - 1 and doc[start].lower_ in lex.role_words:
                    start += 1
            while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
                end -= 1
            if label == "NORP" and doc[end - 1].tag_ not in {"NNS", "NNPS"}:
                continue  # "Russian" as an adjective is no entity; "the Russians" as a group is
            _place(owner, _Mention(start, end, label), override=False)

    def _gazetteer_mentions(self, doc: Doc, texts: list[str], owner: list[_Mention | None]) -> None:
        table = self.gazetteer()
        lex = self.lex
        i = 0
        n = len(doc)
        while i < n:
            entries = table.get(texts[i])
            if not entries:
                i += 1
                continue
            hit = next((e for e in entries if tuple(texts[i : i + len(e[0])]) == e[0]), None)
            if hit is None:
                i += 1
                continue
            toks, country, is_capital = hit
            end = i + len(toks)
            span = doc[i:end]
            ent_labels = {doc[k].ent_type_ for k in range(i, end)} - {""}
            if _inside_larger_ent(doc, i, end):
                i = end
                continue
            exact_ent = _ent_starts_at(doc, i) and (end == n or doc[end].ent_iob_ != "I")
            if span.text in lex.ambiguous_places and not (exact_ent and ent_labels - {"PERSON"}):
                i = end
                continue
            if span.text.replace(".", "").isupper() and not exact_ent:
                i = end  # "US" in an all-caps headline is the pronoun
                continue
            _place(owner, _Mention(i, end, "GPE", country=country, capital=is_capital), override=True)
            i = end

    def _weapon_mentions(self, doc: Doc, texts: list[str], owner: list[_Mention | None]) -> None:
        lex = self.lex
        designations: set[str] = set()
        for i, text in enumerate(texts):
            if not text[:1].isupper():
                continue
            is_designation = lex.is_designation(text) and doc[i].ent_type_ not in lex.time_labels
            is_caps_name = text.isupper() and text.isalpha() and len(text) >= 3 and text not in lex.acronym_stoplist
            if not (is_designation or is_caps_name) or text in lex.places:
                continue
            end, nick = self._nickname(doc, i + 1)
            context = self._weapon_context(doc, end)
            if is_designation and not (context or nick or lex.known_prefix(text)):
                continue
            if is_caps_name and not is_designation and not context:
                continue
            designations.add(text)
            _place(owner, _Mention(i, end, "WEAPON", weapon=True, nickname=nick), override=True)
        nicknames = {doc[m.nickname[0] : m.nickname[1]].text for m in _unique(owner) if m.nickname}
        # Later bare mentions ("the KN-23 is", "Koksan") are the same weapon whatever NER said.
        for m in _unique(owner):
            text = doc[m.start : m.end].text
            if not m.weapon and (text in designations or text in nicknames):
                m.weapon, m.label = True, "WEAPON"
        for i, text in enumerate(texts):
            if owner[i] is None and text in designations:
                _place(owner, _Mention(i, i + 1, "WEAPON", weapon=True), override=False)

    def _nickname(self, doc: Doc, i: int) -> tuple[int, tuple[int, int] | None]:
        """A quoted nickname right after a designation: returns (new end, nickname token span)."""
        if i < len(doc) and doc[i].text in _QUOTES:
            j = i + 1
            while j < len(doc) and j - i <= 4 and doc[j].text not in _QUOTES and doc[j].is_title:
                j += 1
            if j > i + 1 and j < len(doc) and doc[j].text in _QUOTES:
                return j + 1, (i + 1, j)
        return i, None

    def _weapon_context(self, doc: Doc, i: int) -> bool:
        """Whether a weapon noun follows within the same noun phrase ("(Hwasong-11A) ballistic missiles")."""
        lex = self.lex
        depth = 0
        for j in range(i, min(len(doc), i + 10)):
            tok = doc[j]
            low = tok.lower_
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(0, depth - 1)
            elif depth or tok.text in _QUOTES or tok.text == "-" or lex.is_designation(tok.text):
                continue
            elif low in lex.weapon_heads:
                return True
            elif not (low in lex.weapon_modifiers or tok.pos_ in {"ADJ", "PROPN"} or _in_hyphen_compound(doc, j)):
                return False
        return False

    def _region_mentions(self, doc: Doc, texts: list[str], owner: list[_Mention | None]) -> None:
        """ "<Name> region/oblast/province" is one LOC, whatever NER called the name (or if it missed it)."""
        heads = self.lex.region_heads
        for i in range(1, len(texts)):
            if texts[i].lower() not in heads or owner[i] is not None:
                continue
            name = owner[i - 1]
            if name is not None and not name.weapon and name.end == i:
                _place(owner, _Mention(name.start, i + 1, "LOC"), override=True)
            elif name is None and doc[i - 1].pos_ == "PROPN" and texts[i - 1].istitle():
                start = i - 1
                while start > 0 and owner[start - 1] is None and doc[start - 1].pos_ == "PROPN":
                    start -= 1
                _place(owner, _Mention(start, i + 1, "LOC"), override=True)
        for m in _unique(owner):
            if m.end - m.start > 1 and texts[m.end - 1].lower() in heads:
                m.label, m.country, m.capital = "LOC", None, False

    # -- roles --------------------------------------------------------------------------
    def _roles(self, doc: Doc, mentions: list[_Mention], owner: list[_Mention | None]) -> None:
        for m in mentions:
            if m.label != "PERSON":
                continue
            title = self._title_before(doc, m.start)
            if title is not None:
                for k in range(title[0], title[1]):
                    other = owner[k]
                    if other is not None and other.label == "ORG" and self._is_title_words(doc, other):
                        _clear(owner, other)  # "Defence" in "Defence Minister" is no organisation
                m.roles.append(doc[title[0] : title[1]].text)
            after = self._appositive_after(doc, m.end)
            before = self._appositive_before(doc, m)
            for role in (before, after):
                if role:
                    m.roles.append(role)

    def _is_title_words(self, doc: Doc, m: _Mention) -> bool:
        lex = self.lex
        words = (doc[k].lower_ for k in range(m.start, m.end))
        return all(w in lex.role_words or w in lex.role_modifiers for w in words)

    def _title_before(self, doc: Doc, start: int) -> tuple[int, int] | None:
        """Title words glued before a name: "Russian Defence Minister" Andrey Belousov."""
        lex = self.lex
        sent_start = doc[start].sent.start
        first = start
        i = start - 1
        while i >= sent_start and start - i <= 8:
            tok = doc[i]
            low = tok.lower_
            capitalised = (tok.is_title or tok.is_upper) and tok.pos_ in {"PROPN", "NOUN", "ADJ"}
            if low in lex.role_words or low in lex.role_modifiers or low in lex.role_connectors:
                pass
            elif not capitalised or tok.ent_type_ in {"PERSON", *lex.drop_labels}:
                break
            first = i
            i -= 1
        while first < start and doc[first].lower_ in lex.role_connectors:
            first += 1
        if first == start or not any(doc[k].lower_ in lex.role_words for k in range(first, start)):
            return None
        return first, start

    def _appositive_after(self, doc: Doc, end: int) -> str | None:
        """ ", Russia's defence minister," or ", responsible for arms supplies in Russia," after a name."""
        lex = self.lex
        if end >= len(doc) or doc[end].text != ",":
            return None
        sent_end = doc[end].sent.end
        j = end + 1
        while j < sent_end and j - end <= 15 and doc[j].text not in _CLOSERS and doc[j].text != "(":
            j += 1
        if j == end + 1 or j - end > 15:
            return None
        first = end + 1
        while first < j - 1 and doc[first].lower_ in _DETERMINERS:
            first += 1
        phrase = doc[first:j]
        words = [t.lower_ for t in phrase]
        starter = any(tuple(words[: len(s)]) == s for s in lex.appositive_starters)
        if not starter:
            if any(t.pos_ in {"VERB", "AUX"} or t.ent_type_ == "PERSON" for t in phrase):
                return None
            if phrase.root.lower_ not in lex.role_words:
                return None
        return phrase.text

    def _appositive_before(self, doc: Doc, m: _Mention) -> str | None:
        """ "the country's top diplomat, Olek Brand": a role noun with the name as its appositive."""
        if m.start < 2 or doc[m.start - 1].text != ",":
            return None
        noun = doc[m.start - 2]
        root = doc[m.start : m.end].root
        if noun.lower_ not in self.lex.role_words:
            return None
        if not ((root.dep_ == "appos" and root.head.i == noun.i) or (noun.dep_ == "appos" and noun.head.i == root.i)):
            return None
        first = noun.left_edge.i
        while first < noun.i and doc[first].lower_ in _DETERMINERS:
            first += 1
        return doc[first : noun.i + 1].text

    # -- aliases and metonymy --------------------------------------------------------------
    def _parenthetical_aliases(self, doc: Doc, mentions: list[_Mention], owner: list[_Mention | None]) -> None:
        """ "X (Y)": Y names X (an acronym, a second designation), unless Y is a place or a person."""
        lex = self.lex
        aliases: dict[str, _Mention] = {}
        for m in mentions:
            if m.label in {"PERSON", "NORP"} or m.end + 2 >= len(doc) or doc[m.end].text != "(":
                continue
            close = next((k for k in range(m.end + 2, min(len(doc), m.end + 9)) if doc[k].text == ")"), None)
            if close is None:
                continue
            inner = owner[m.end + 1]
            text = doc[m.end + 1 : close].text
            if inner is not None and (inner.start, inner.end) == (m.end + 1, close):
                if (inner.country and not m.country) or inner.label == "PERSON":
                    continue
                # Acronyms are kept even when the initials differ: transliterated names ("GRAU") do not match.
                names_it = lex.is_acronym(text) or lex.initials_match(doc[m.start : m.end], text)
                if names_it or (m.weapon and inner.weapon):
                    inner.alias_of = m
                    aliases[text] = m
            elif close == m.end + 2 and inner is None and lex.is_acronym(text):
                _place(owner, _Mention(m.end + 1, close, m.label, weapon=m.weapon, alias_of=m), override=False)
                aliases[text] = m
        # Later bare uses of an acronym NER did not tag ("the TsZPO said") are mentions too.
        for tok in doc:
            target = aliases.get(tok.text)
            if target is not None and owner[tok.i] is None:
                alias = _Mention(tok.i, tok.i + 1, target.label, weapon=target.weapon, alias_of=target)
                _place(owner, alias, override=False)

    def _is_destination(self, tok: Token) -> bool:
        """Where someone goes: "to/in/into X" or "visit/enter X"."""
        head = tok.head
        if tok.dep_ == "pobj":
            return head.lower_ in self.lex.destination_preps
        return tok.dep_ == "dobj" and head.lemma_.lower() in self.lex.destination_verbs

    def _country_descriptions(self, doc: Doc, mentions: list[_Mention], owner: list[_Mention | None]) -> None:
        """Best effort: "arrived in the allied country" after "a visit to North Korea" is North Korea again."""
        last: str | None = None
        # A capital standing for its state ("provides to Moscow") is a recipient, never a destination.
        upcoming = iter(m for m in mentions if m.country and not m.capital)
        nxt = next(upcoming, None)
        for tok in doc:
            while nxt is not None and nxt.end <= tok.i:
                if any(self._is_destination(t) for t in _outward_tokens(doc, nxt)):
                    last = nxt.country
                nxt = next(upcoming, None)
            if tok.lower_ not in self.lex.description_nouns or tok.tag_ != "NN" or not self._is_destination(tok):
                continue
            first = tok.left_edge.i
            if last is None or doc[first].lower_ != "the" or tok.i - first > 2 or owner[first] or owner[tok.i]:
                continue
            _place(owner, _Mention(first, tok.i + 1, "GPE", country=last), override=False)

    def _acts_as_state(self, root: Token) -> bool:
        """Whether a capital stands for its state here ("Moscow denied", "sent Moscow", "supplies to Moscow")."""
        lex = self.lex
        if root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        head = root.head
        if root.dep_ in _STATE_SUBJECT_DEPS:
            return head.lemma_.lower() in lex.state_verbs
        if root.dep_ == "poss":
            # "Moscow's decision", not "Moscow's streets"
            return head.lemma_.lower() not in lex.place_nouns and head.lower_ not in lex.place_nouns
        if root.dep_ in _STATE_OBJECT_DEPS:
            return head.lemma_.lower() in lex.state_object_verbs
        if root.dep_ == "pobj":
            prep = head
            governor = prep.head
            if prep.dep_ == "agent":
                return governor.lemma_.lower() in lex.state_verbs
            if prep.lower_ in {"to", "from"}:
                return governor.lemma_.lower() in lex.supply_words or governor.lower_ in lex.supply_words
        return False

    # -- merging --------------------------------------------------------------------------
    def _merge(self, doc: Doc, mentions: list[_Mention]) -> list[Entity]:
        people = self._person_keys(doc, mentions)
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            while parent.get(key, key) != key:
                key = parent[key]
            return key

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra

        for m in mentions:
            m.key = self._key(doc, m, people)
            parent.setdefault(m.key, m.key)
            if m.nickname:
                nick_key = "x:" + doc[m.nickname[0] : m.nickname[1]].text.lower()
                parent.setdefault(nick_key, nick_key)
                union(m.key, nick_key)
        for m in mentions:
            if m.alias_of is not None and m.alias_of.key:  # its target may have been evicted by a later pass
                union(m.alias_of.key, m.key)
        groups: dict[str, list[_Mention]] = {}
        for m in mentions:
            groups.setdefault(find(m.key), []).append(m)
        ordered = sorted(groups.values(), key=lambda g: min(x.start for x in g))
        return [self._entity(doc, f"e{n}", group) for n, group in enumerate(ordered, 1)]

    def _person_keys(self, doc: Doc, mentions: list[_Mention]) -> dict[str, str]:
        """Surname / first name -> full name, when exactly one full name in the article fits."""
        fits: dict[str, set[str]] = {}
        for m in mentions:
            if m.label == "PERSON" and m.end - m.start >= 2:
                full = doc[m.start : m.end].text
                for part in (doc[m.start].text, doc[m.end - 1].text):
                    fits.setdefault(part, set()).add(full)
        return {part: next(iter(names)) for part, names in fits.items() if len(names) == 1}

    def _key(self, doc: Doc, m: _Mention, people: dict[str, str]) -> str:
        text = doc[m.start : m.end].text
        if m.country:
            return "country:" + m.country
        if m.end - m.start == 1 and text in people and m.label in {"PERSON", "ORG"}:
            m.label = "PERSON"
            return "person:" + people[text].lower()
        if m.label == "PERSON":
            return "person:" + text.lower()
        return "x:" + " ".join(text.lower().split())

    def _entity(self, doc: Doc, eid: str, group: list[_Mention]) -> Entity:
        group.sort(key=lambda x: x.start)
        texts = [doc[m.start : m.end].text for m in group]
        labels = [m.label for m in group]
        country = next((m.country for m in group if m.country), None)
        if country:
            etype, name = "GPE", country
        elif any(m.weapon for m in group):
            etype = "WEAPON"
            name = next((t for m, t in zip(group, texts, strict=True) if m.nickname), None) or next(
                (t for m, t in zip(group, texts, strict=True) if m.alias_of is None), texts[0]
            )
        else:
            etype = "LOC" if "LOC" in labels else max(labels, key=lambda lb: (labels.count(lb), -_rank(lb)))
            if etype == "PERSON":
                name = max(texts, key=lambda t: (len(t.split()), -texts.index(t)))
            else:
                name = next((t for m, t in zip(group, texts, strict=True) if m.alias_of is None), texts[0])
        aliases: list[str] = []
        if etype == "PERSON" and len(name.split()) >= 2 and name.split()[-1].isalpha():
            aliases.append(name.split()[-1])  # the surname is how the article and others refer back
        for m, text in zip(group, texts, strict=True):
            extra = [text]
            if m.nickname:
                extra.append(doc[m.nickname[0] : m.nickname[1]].text)
            aliases.extend(a for a in extra if a != name and a not in aliases)
        roles: list[str] = []
        for m in group:
            roles.extend(r for r in m.roles if r not in roles)
        kind = None
        if etype == "ORG":
            kind = next((k for m in group if (k := self._kind(doc, m)) is not None), None)
        spans = sorted({CharSpan(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in group})
        return Entity(
            id=eid,
            name=name,
            type=etype,
            aliases=tuple(aliases),
            mentions=tuple(spans),
            role=roles[0] if roles else None,
            kind=kind,
            roles=tuple(roles),
        )

    def _kind(self, doc: Doc, m: _Mention) -> str | None:
        """Source kind of an organisation from its name or a head noun right after it ("... portal")."""
        following: list[str] = []
        k = m.end
        while k < len(doc) and k - m.end < 2 and doc[k].is_lower and doc[k].pos_ in {"NOUN", "ADJ"}:
            following.append(doc[k].lower_)
            k += 1
        return self.lex.org_kind(doc[m.start : m.end].text, following)


def _repair_people(doc: Doc, owner: list[_Mention | None]) -> None:
    """A mention that is (or ends with) a full name NER found elsewhere is that person ("Later Olek Brand")."""
    mentions = _unique(owner)
    full_names = {
        tuple(t.text for t in doc[m.start : m.end]) for m in mentions if m.label == "PERSON" and m.end - m.start >= 2
    }
    for m in mentions:
        if m.label == "PERSON":
            continue
        words = tuple(t.text for t in doc[m.start : m.end])
        for name in full_names:
            if words[-len(name) :] == name:
                _clear(owner, m)
                _place(owner, _Mention(m.end - len(name), m.end, "PERSON"), override=True)
                break
    # A surname NER did not tag on its own ("Hollis said") is still the person.
    surnames = {name[-1] for name in full_names}
    for tok in doc:
        if owner[tok.i] is None and tok.pos_ == "PROPN" and tok.text in surnames:
            _place(owner, _Mention(tok.i, tok.i + 1, "PERSON"), override=False)


def _outward_tokens(doc: Doc, m: _Mention) -> list[Token]:
    """Tokens of a mention whose head lies outside it (a small model may split "Andorra la Vella")."""
    return [t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end or t.head.i == t.i]


def _in_hyphen_compound(doc: Doc, j: int) -> bool:
    """A piece of a hyphenated word the tokenizer split ("air-to-air", "self-propelled")."""
    after = j + 1 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_
    before = j > 0 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_
    return after or before


def _rank(label: str) -> int:
    return _LABEL_PRIORITY.index(label) if label in _LABEL_PRIORITY else len(_LABEL_PRIORITY)


def _unique(owner: list[_Mention | None]) -> list[_Mention]:
    seen: dict[int, _Mention] = {}
    for m in owner:
        if m is not None:
            seen.setdefault(id(m), m)
    return sorted(seen.values(), key=lambda m: m.start)


def _clear(owner: list[_Mention | None], m: _Mention) -> None:
    for k in range(m.start, m.end):
        if owner[k] is m:
            owner[k] = None


def _place(owner: list[_Mention | None], m: _Mention, *, override: bool) -> None:
    """Put a mention on its tokens; with ``override`` it evicts whatever overlaps it."""
    overlapping = {id(o): o for o in owner[m.start : m.end] if o is not None}
    if overlapping and not override:
        return
    for o in overlapping.values():
        if o.roles and not m.roles:
            m.roles.extend(o.roles)
        _clear(owner, o)
    for k in range(m.start, m.end):
        owner[k] = m


def _ent_starts_at(doc: Doc, i: int) -> bool:
    """An NER entity begins at token ``i`` (or at a "the" right before it)."""
    iob = doc[i].ent_iob_
    return iob == "B" or (iob == "I" and doc[i - 1].ent_iob_ == "B" and doc[i - 1].lower_ in _DETERMINERS)


def _inside_larger_ent(doc: Doc, start: int, end: int) -> bool:
    """True when an NER entity covers [start, end) and reaches beyond it ("Moscow" in "Moscow Times")."""
    if doc[start].ent_iob_ == "I" and not _ent_starts_at(doc, start):
        return True
    return end < len(doc) and doc[end].ent_iob_ == "I"


@Language.factory("claimgraph_entities_v1", assigns=["doc._.cg_entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntityExtractor:
    """Build the entities component (lexicons are loaded once per process)."""
    return EntityExtractor(nlp)

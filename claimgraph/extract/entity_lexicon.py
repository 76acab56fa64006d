"""The entities lexicons: ``data/entities_lexicon.json`` and the country table ``data/entities_countries.json``.

:func:`load_lexicon` reads them once per process into a frozen :class:`Lexicon`, with the word tests
the passes share (designations, acronyms, initials, the source kind of an organisation). Separate from
the passes that use it so that tests and other components can read the lexicon without the component.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

DATA_DIR = Path(__file__).parent / "data"
# A designation: letters, optional hyphen, digits, short suffix ("KN-23", "Hwasong-11A", "M1989", "T-72B3").
_DESIGNATION = re.compile(r"(?P<prefix>[A-Z][A-Za-z]{0,9})(?P<hyphen>-?)(?P<digits>\d{1,5})[A-Za-z0-9]{0,4}")
_ACRONYM = re.compile(r"[A-Z][A-Za-z&]{1,11}")
DETERMINERS = frozenset({"the", "a", "an"})


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
        if rest and first in DETERMINERS:
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

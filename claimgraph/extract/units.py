"""The unit lexicon (``data/units.json``) compiled into matchers.

Units are matched on the document text right after a number (``"600 km"``,
``"152mm"``, ``"40 miles per gallon"``) and currency symbols right before one
(``"$5bn"``, ``"C$12"``). The surfaces are compiled into one alternation per case
mode, longest first, so a match is a single ``re.match`` at a known offset: no
scanning, no backtracking beyond the alternation.

:func:`normalise_unit` maps any surface or alias onto the normalised unit name
(lower-cased); the evaluation scorer uses it for gold and predictions alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from claimgraph.errors import ConfigError


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """One normalised unit of the lexicon."""

    unit: str
    kind: str
    time: bool = False
    calibre: bool = False


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit surface found in the text: ``[start, end)`` and what it means."""

    start: int
    end: int
    surface: str
    info: UnitInfo


@dataclass(frozen=True, slots=True)
class UnitLexicon:
    """Compiled view of ``units.json``."""

    by_surface: dict[str, UnitInfo]
    by_cased: dict[str, UnitInfo]
    by_prefix: dict[str, UnitInfo]
    aliases: dict[str, str]
    after_re: re.Pattern[str]
    after_cased_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    #: A currency symbol starting at a position ("$" of "$20-$30").
    prefix_at_re: re.Pattern[str]
    weight_verbs: frozenset[str]
    #: "per", "a", "an" then a lexicon unit: the denominator of a rate ("30 km a day").
    rate_re: re.Pattern[str]
    #: a rate's denominator that is not a unit ("per share", "per capita"): surface (lower-cased) -> the noun,
    #: as a unit of kind ``noun``
    rate_nouns: dict[str, UnitInfo]
    #: the rate nouns that may follow "a"/"an" too ("1.10 dlrs a share"; "a person" mostly opens a new phrase)
    rate_nouns_after_article: frozenset[str]
    #: a rate noun, optionally after a qualifier ("per diluted share"), right after a rate word
    rate_noun_re: re.Pattern[str]
    #: a rate noun right after the unit, with no rate word, lower-case only (wire copy's "20 cts shr")
    bare_rate_re: re.Pattern[str]
    noun_lemmas: dict[str, str]
    index_point_cues: frozenset[str]

    def unit_after(self, text: str, pos: int) -> UnitMatch | None:
        """The longest unit surface starting at ``pos`` (after at most one space)."""
        best: UnitMatch | None = None
        for pattern, table, fold in (
            (self.after_re, self.by_surface, True),
            (self.after_cased_re, self.by_cased, False),
        ):
            m = pattern.match(text, pos)
            if m is None:
                continue
            surface = m.group("u")
            info = table.get(_squash(surface.lower() if fold else surface))
            if info is not None and (best is None or m.end() > best.end):
                best = UnitMatch(m.start("u"), m.end(), surface, info)
        return best

    def rate_after(self, text: str, pos: int) -> UnitMatch | None:
        """The denominator of a rate written at ``pos``: a measure unit ("per hour", "a barrel", "/ha") or a
        rate noun ("per share", "a share", "per capita"; its info has kind ``noun``)."""
        m = self.rate_re.match(text, pos)
        if m is None:
            bare = self.bare_rate_re.match(text, pos)
            return self._rate_noun(bare) if bare is not None else None
        unit = self.unit_after(text, m.end())
        if unit is not None and unit.info.kind == "measure" and not text[m.end() : unit.start].strip():
            return unit
        noun = self.rate_noun_re.match(text, m.end())
        if noun is None:
            return None
        if m.group(0).strip().lower() in ("a", "an") and noun["n"].lower() not in self.rate_nouns_after_article:
            return None
        return self._rate_noun(noun)

    def _rate_noun(self, m: re.Match[str]) -> UnitMatch:
        """The rate noun matched in group ``n`` of ``m`` as a denominator."""
        return UnitMatch(m.start("n"), m.end(), m["n"], self.rate_nouns[m["n"].lower()])

    def prefix_before(self, text: str, pos: int) -> UnitMatch | None:
        """A currency symbol or code that ends at ``pos`` (after at most one space)."""
        window_start = max(0, pos - 5)
        m = self.prefix_re.search(text, window_start, pos)
        if m is None:
            return None
        start = m.start("p")
        # The symbol must not be the tail of a longer word ("ABC$5" is not a currency).
        if start > 0 and text[start - 1].isalnum():
            return None
        surface = m.group("p")
        return UnitMatch(start, m.end("p"), surface, self.by_prefix[surface])


def _squash(surface: str) -> str:
    return " ".join(surface.split())


def _alternation(surfaces: list[str]) -> str:
    parts = []
    for surface in sorted(set(surfaces), key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(w) for w in surface.split()))
    return "|".join(parts)


def _read_json(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("claimgraph.extract").joinpath("data", name).read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"lexicon claimgraph/extract/data/{name} cannot be read ({exc}); reinstall claimgraph"
        ) from exc
    return data


@cache
def read_lexicon(name: str) -> dict[str, Any]:
    """A JSON lexicon from ``claimgraph/extract/data`` (read once per process)."""
    return _read_json(name)


@cache
def unit_lexicon() -> UnitLexicon:
    """The compiled unit lexicon (built once per process)."""
    data = read_lexicon("units.json")
    by_surface: dict[str, UnitInfo] = {}
    by_cased: dict[str, UnitInfo] = {}
    by_prefix: dict[str, UnitInfo] = {}
    aliases: dict[str, str] = {}
    for entry in data["units"]:
        info = UnitInfo(entry["unit"], entry["kind"], bool(entry.get("time")), bool(entry.get("calibre")))
        norm = info.unit.lower()
        aliases[norm] = norm
        for surface in entry.get("surfaces", []):
            by_surface.setdefault(_squash(surface.lower()), info)
            aliases.setdefault(_squash(surface.lower()), norm)
        for surface in entry.get("cased", []):
            by_cased[surface] = info
            aliases.setdefault(surface.lower(), norm)
        for surface in entry.get("prefix", []):
            by_prefix[surface] = info
            aliases.setdefault(surface.lower(), norm)
        for alias in entry.get("aliases", []):
            aliases[_squash(alias.lower())] = norm
    # A unit ends where a word ends: "5 kmh" but not "5 kms" read as "km" + "s".
    tail = r"(?![^\W\d_])"
    # One space (a wire story may wrap the line there), or a hyphen for the adjectival form ("a 12-inch gun").
    after_re = re.compile(r"[ \t\n\u00a0-]?(?P<u>" + _alternation(list(by_surface)) + ")" + tail, re.IGNORECASE)
    after_cased_re = re.compile(r"[ \t\n\u00a0-]?(?P<u>" + _alternation(list(by_cased)) + ")" + tail)
    prefix_re = re.compile(r"(?P<p>" + _alternation(list(by_prefix)) + r")[ \u00a0]?\Z")
    rate_nouns = data["rate_nouns"]
    return UnitLexicon(
        by_surface=by_surface,
        by_cased=by_cased,
        by_prefix=by_prefix,
        aliases=aliases,
        after_re=after_re,
        after_cased_re=after_cased_re,
        prefix_re=prefix_re,
        prefix_at_re=re.compile(r"(?P<p>" + _alternation(list(by_prefix)) + r")[ \u00a0]?"),
        weight_verbs=frozenset(w.lower() for w in data.get("weight_verbs", [])),
        rate_re=re.compile(r"[ \u00a0]+(?:" + _alternation(data["rate_words"]) + r")(?=[ \u00a0])|/", re.IGNORECASE),
        rate_nouns={k.lower(): UnitInfo(v, "noun") for k, v in rate_nouns["nouns"].items()},
        rate_nouns_after_article=frozenset(w.lower() for w in rate_nouns["after_article"]),
        rate_noun_re=re.compile(
            r"(?:[ \u00a0]*)(?:(?:" + _alternation(rate_nouns["qualifiers"]) + r")[ \u00a0]+)?"
            r"(?P<n>" + _alternation(list(rate_nouns["nouns"])) + r")" + tail,
            re.IGNORECASE,
        ),
        bare_rate_re=re.compile(r"[ \t\n\u00a0]+(?P<n>" + _alternation(rate_nouns["bare"]) + r")" + tail),
        noun_lemmas={k.lower(): v for k, v in data["noun_lemmas"].items()},
        index_point_cues=frozenset(w.lower() for w in data["index_point_cues"]),
    )


def normalise_unit(unit: str | None) -> str | None:
    """Lower-cased normalised unit for any surface or alias ("km" -> "kilometre"); counted nouns pass through."""
    if unit is None:
        return None
    key = _squash(unit.strip().lower())
    if not key:
        return None
    return unit_lexicon().aliases.get(key, key)


__all__ = ["UnitInfo", "UnitLexicon", "UnitMatch", "normalise_unit", "read_lexicon", "unit_lexicon"]

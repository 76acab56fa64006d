"""Name keys for cross-article entity resolution.

Two surface forms resolve together when their keys are equal: case, accents, dots and a leading
article are ignored, and common transliteration variants of Slavic names fold together
(Andrey/Andrei/Andrej, Alexei/Aleksey, Zelensky/Zelenskiy/Zelenskyy). An alias table (data file,
extensible with ``CLAIMGRAPH_ALIASES``) maps known alternative names to one canonical name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DEFAULT_ALIASES = Path(__file__).with_name("data") / "aliases.tsv"

_NON_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"[\s-]+")
_LEADING = re.compile(r"^(?:the|a|an)\s+")
_TITLES = re.compile(r"^(?:mr|mrs|ms|dr|prof|gen|col|sen|rep|president|minister)\s+")
# Transliteration folds, applied per token in order (why: the same Cyrillic name reaches English news
# in several spellings; folding them keeps one person one entity).
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"(?<=[a-z])(?:iy|yy|ij|yi|ii)$"), "i"),
    (re.compile(r"(?<=[aeou])[yj]$"), "i"),
    (re.compile(r"(?<=[bcdfgklmnprstvz])y$"), "i"),
    (re.compile(r"kh"), "h"),
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def basic_key(name: str) -> str:
    """Lower-case, accent-free, punctuation-free form with no leading article or title."""
    key = strip_accents(name).casefold().replace(".", "").replace("'s", "")
    key = _NON_WORD.sub(" ", key)
    key = _SPACES.sub(" ", key).strip()
    key = _LEADING.sub("", key)
    return _TITLES.sub("", key)


def fold_token(token: str) -> str:
    for pattern, repl in _FOLDS:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=262144)
def folded_key(name: str) -> str:
    """The key before the alias table is applied."""
    return " ".join(fold_token(t) for t in basic_key(name).split())


def name_key(name: str) -> str:
    """The resolution key of a surface form (see module docstring)."""
    key = folded_key(name)
    return alias_table().get(key, key)


@lru_cache(maxsize=4)
def _load_aliases(paths: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            canonical, _, alias = raw.partition("\t")
            if not alias:
                continue
            canon_key = " ".join(fold_token(t) for t in basic_key(canonical).split())
            table[" ".join(fold_token(t) for t in basic_key(alias).split())] = canon_key
            table.setdefault(canon_key, canon_key)
    return table


def alias_table() -> dict[str, str]:
    """alias key -> canonical key, from the shipped table plus ``CLAIMGRAPH_ALIASES`` files."""
    return _load_aliases((str(DEFAULT_ALIASES), *_extra_alias_files(os.environ.get("CLAIMGRAPH_ALIASES", ""))))


@lru_cache(maxsize=16)
def _extra_alias_files(value: str) -> tuple[str, ...]:
    return tuple(p for p in value.split(os.pathsep) if p)


def surname(name: str) -> str | None:
    parts = basic_key(name).split()
    return fold_token(parts[-1]) if len(parts) >= 2 else None

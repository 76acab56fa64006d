"""Reading numbers: digits with separators and scale suffixes, number words, fractions.

Everything here reads the lexicon ``data/numbers.json`` once per process and works on
plain strings or on a spaCy ``Doc``'s tokens; no parsing is repeated per token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from claimgraph.extract.units import read_lexicon

#: A number written with digits: "20,000", "9.4", "152". Thousands groups must be whole.
NUM_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)")
#: Range separators between two numbers ("50-60", "5 to 7"); "and" only after "between".
RANGE_SEP_RE = re.compile(r"[ \u00a0]?[-–—][ \u00a0]?|[ \u00a0]+to[ \u00a0]+")
AND_SEP_RE = re.compile(r"[ \u00a0]+and[ \u00a0]+")


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """Compiled view of ``numbers.json``."""

    words: dict[str, float]
    tens: frozenset[str]
    multipliers: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, int]
    scale_re: re.Pattern[str]
    scale_suffixes: dict[str, float]
    glued_scales: dict[str, float]
    anaphoric: frozenset[str]
    months: frozenset[str]
    label_words: frozenset[str]
    clock_after_re: re.Pattern[str]
    month_after_re: re.Pattern[str]
    month_before_re: re.Pattern[str]
    time_before: frozenset[str]
    time_after: frozenset[str]
    negation: frozenset[str]
    #: Where a number in words can start ("twenty", "a dozen", "one-third", "half").
    word_anchor_re: re.Pattern[str]


@cache
def number_lexicon() -> NumberLexicon:
    """The compiled number lexicon (built once per process)."""
    data = read_lexicon("numbers.json")
    words = {**data["units"], **data["tens"]}
    suffixes: dict[str, float] = data["scale_suffixes"]
    glued: dict[str, float] = data["glued_scale_suffixes"]
    suffix_alt = "|".join(sorted(suffixes, key=len, reverse=True))
    glued_alt = "".join(sorted(glued))
    scale_re = re.compile(
        rf"(?:[ \t\n\u00a0]?(?P<s>{suffix_alt})|(?P<g>[{glued_alt}]))(?![^\W\d_])",
        re.IGNORECASE,
    )
    months = [m for m in data["months"]]
    month_alt = "|".join(sorted((m.capitalize() for m in months), key=len, reverse=True))
    anchor_words = [*words, *data["multipliers"], *data["scales"], *data["fractions"]]
    anchor_alt = "(?:" + "|".join(sorted(anchor_words, key=len, reverse=True)) + r")(?![\w])"
    clock_alt = "|".join(re.escape(s) for s in sorted(data["clock_suffixes"], key=len, reverse=True))
    return NumberLexicon(
        words={k: float(v) for k, v in words.items()},
        tens=frozenset(data["tens"]),
        multipliers={k: float(v) for k, v in data["multipliers"].items()},
        scales={k: float(v) for k, v in data["scales"].items()},
        fractions={k: int(v) for k, v in data["fractions"].items()},
        scale_re=scale_re,
        scale_suffixes={k.lower(): float(v) for k, v in suffixes.items()},
        glued_scales={k.lower(): float(v) for k, v in glued.items()},
        anaphoric=frozenset(data["anaphoric_determiners"]),
        months=frozenset(months),
        label_words=frozenset(data["label_words"]),
        clock_after_re=re.compile(rf"[ \u00a0]?(?:{clock_alt})(?![^\W\d_])", re.IGNORECASE),
        month_after_re=re.compile(rf"[ \u00a0](?:of[ \u00a0])?(?:{month_alt})\b"),
        month_before_re=re.compile(rf"\b(?:{month_alt})\.?[ \u00a0]\Z"),
        time_before=frozenset(data["time_context_before"]),
        time_after=frozenset(data["time_context_after"]),
        negation=frozenset(data["negation_words"]),
        word_anchor_re=re.compile(rf"(?<![\w-])(?:(?:an?[ \u00a0]+)(?={anchor_alt})|{anchor_alt})", re.IGNORECASE),
    )


@dataclass(frozen=True, slots=True)
class DigitNumber:
    """A number written with digits, with its scale applied: ``[start, end)`` in the text."""

    start: int
    end: int
    core_end: int
    value: float
    raw: str
    scale: str | None
    glued_m: bool


def scaled(value: float, factor: float) -> float:
    """``value * factor`` without the binary-float tail: 2.09 billion is 2090000000, not 2089999999.9999998.

    A figure read from text never has more than 15 significant digits, so rounding the product there
    only removes the error of the multiplication."""
    return float(f"{value * factor:.15g}")


def digit_number_at(text: str, pos: int) -> DigitNumber | None:
    """Read a digit number starting exactly at ``pos`` ("9.4 million", "5bn", "1.5m")."""
    m = NUM_RE.match(text, pos)
    if m is None:
        return None
    raw = m.group()
    value = float(raw.replace(",", ""))
    lex = number_lexicon()
    scale_m = lex.scale_re.match(text, m.end())
    if scale_m is None:
        return DigitNumber(pos, m.end(), m.end(), value, raw, None, False)
    if scale_m.group("s"):
        word = scale_m.group("s")
        return DigitNumber(
            pos, scale_m.end(), m.end(), scaled(value, lex.scale_suffixes[word.lower()]), raw, word, False
        )
    glued = scale_m.group("g")
    # "m" glued to a number is million or metre; the caller decides (see units.json "ambiguous").
    return DigitNumber(
        pos, scale_m.end(), m.end(), scaled(value, lex.glued_scales[glued.lower()]), raw, glued, glued.lower() == "m"
    )


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A number written in words over tokens ``[first, last]`` (inclusive)."""

    first: int
    last: int
    value: float
    fraction: bool


def _is_glued(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is written without a space after it ("one-third")."""
    return not doc[i].whitespace_


def word_number_at(doc: Doc, i: int) -> WordNumber | None:
    """Read a number written in words starting at token ``i``.

    Handles cardinals ("twenty-five", "two hundred and ten", "a dozen", "a million"),
    fractions ("one-third", "two thirds", "a quarter", "half") and "half a million".
    """
    lex = number_lexicon()
    n = len(doc)
    low = doc[i].lower_
    # Fractions first: "one-third", "two thirds", "a quarter", "half".
    if low in lex.fractions:
        if low.startswith("half"):
            return _half(doc, i)
        return None
    numerator: float | None = None
    if low in ("a", "an"):
        numerator = 1.0
    elif low in lex.words and lex.words[low] <= 10:
        numerator = lex.words[low]
    if numerator is not None:
        j = i + 1
        if j + 1 < n and doc[j].text == "-" and _is_glued(doc, i) and _is_glued(doc, j):
            j += 1
        if j < n and doc[j].lower_ in lex.fractions and not doc[j].lower_.startswith("hal"):
            den = lex.fractions[doc[j].lower_]
            # "a third term" is an ordinal, "a third of" / "a third." a fraction.
            if j + 1 < n and doc[j + 1].pos_ in ("NOUN", "PROPN") and doc[j + 1].lower_ not in lex.words:
                return None
            value = numerator / den
            if j + 3 < n and doc[j + 1].lower_ == "of" and doc[j + 2].lower_ in ("a", "an"):
                scale = lex.scales.get(doc[j + 3].lower_)
                if scale is not None:
                    return WordNumber(i, j + 3, scaled(value, scale), False)  # "a quarter of a million"
            # Six decimals: the precision gold sets write thirds with (0.333333).
            return WordNumber(i, j, round(value, 6), True)
        if low in ("a", "an") and j < n and doc[j].lower_ in ("half",):
            return None
    return _cardinal(doc, i)


def _half(doc: Doc, i: int) -> WordNumber | None:
    lex = number_lexicon()
    n = len(doc)
    if i + 2 < n and doc[i + 1].lower_ == "a":
        big = lex.scales.get(doc[i + 2].lower_) or lex.multipliers.get(doc[i + 2].lower_)
        if big is not None:
            return WordNumber(i, i + 2, 0.5 * big, False)  # "half a million", "half a dozen"
    if i > 0 and doc[i - 1].pos_ in ("ADJ", "DET", "NUM"):
        return None  # "the second half", "the first half of the year": a part, not a figure
    nxt = doc[i + 1].lower_ if i + 1 < n else ""
    # "half of the", "half the" are fractions; "the second half" is not a figure.
    if nxt in ("of", "the", "its", "their", "his", "her", "our", "all", "a", "an"):
        return WordNumber(i, i, 0.5, True)  # "half a point": the caller needs a unit after "a"
    return None


def _cardinal(doc: Doc, i: int) -> WordNumber | None:
    lex = number_lexicon()
    n = len(doc)
    total = 0.0
    current = 0.0
    seen = False
    last = i - 1
    j = i
    while j < n:
        low = doc[j].lower_
        if (
            low in ("a", "an")
            and not seen
            and j + 1 < n
            and (doc[j + 1].lower_ in lex.multipliers or doc[j + 1].lower_ in lex.scales)
        ):
            current = 1.0
            j += 1
            continue
        if low in lex.words:
            current += lex.words[low]
        elif low in lex.multipliers and (seen or current):
            current = (current or 1.0) * lex.multipliers[low]
        elif low in lex.scales and (seen or current):
            total += (current or 1.0) * lex.scales[low]
            current = 0.0
        elif low == "and" and seen and j + 2 < n and doc[j + 1].lower_ in ("a", "an") and doc[j + 2].lower_ == "half":
            current += 0.5  # "one and a half million", "two and a half years"
            last = j + 2
            j += 3
            continue
        elif (
            low == "-"
            and seen
            and _is_glued(doc, j - 1)
            and _is_glued(doc, j)
            and j + 1 < n
            and doc[j - 1].lower_ in lex.tens
            and lex.words.get(doc[j + 1].lower_, 10) < 10
        ) or (
            low == "and"
            and seen
            and j + 1 < n
            and doc[j + 1].lower_ in lex.words
            and doc[j - 1].lower_ in lex.multipliers
        ):
            j += 1
            continue
        else:
            break
        seen = True
        last = j
        j += 1
    if not seen:
        return None
    return WordNumber(i, last, total + current, False)


__all__ = [
    "NUM_RE",
    "DigitNumber",
    "NumberLexicon",
    "WordNumber",
    "digit_number_at",
    "number_lexicon",
    "word_number_at",
]

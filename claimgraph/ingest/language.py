"""A cheap language guess: function-word counts, with the script as a shortcut.

Good enough to tell the pipeline "this is not English" so it can warn; not a
language identifier. Reads a bounded sample, so cost does not grow with the text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

UNDETERMINED = "und"

_SAMPLE_CHARS = 5_000
# A guess needs at least this many function words, and this share of all words, to be trusted.
_MIN_HITS = 2
_MIN_SHARE = 0.08
# A script language wins when it holds this share of the letters.
_MIN_SCRIPT_SHARE = 0.3
_WORD_RE = re.compile(r"[^\W\d_]+")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _char_class(pairs: list[list[str]]) -> str:
    return "".join(f"{chr(int(lo, 16))}-{chr(int(hi, 16))}" for lo, hi in pairs)


@cache
def _data() -> tuple[dict[str, frozenset[str]], list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    raw = resources.files("claimgraph.ingest").joinpath("data/languages.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    stopwords = {lang: frozenset(words) for lang, words in data["stopwords"].items()}
    scripts = [(lang, re.compile(f"[{_char_class(pairs)}]")) for lang, pairs in data["scripts"].items()]
    any_script = re.compile("[" + "".join(_char_class(pairs) for pairs in data["scripts"].values()) + "]")
    return stopwords, scripts, any_script


@cache
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """Each function word with the languages it belongs to, for one lookup per distinct word."""
    index: dict[str, list[str]] = {}
    for lang, vocab in _data()[0].items():
        for word in vocab:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _script_guess(sample: str) -> str | None:
    _, scripts, any_script = _data()
    if any_script.search(sample) is None:
        # Text without those scripts (the usual case) is decided by function words alone.
        return None
    letters = len(_LETTER_RE.findall(sample))
    counts = {lang: len(pattern.findall(sample)) for lang, pattern in scripts}
    if not letters:
        return None
    # Japanese mixes kana with Chinese characters; any real share of kana makes it Japanese.
    kana, han = counts.get("ja", 0), counts.get("zh", 0)
    if kana >= 0.05 * letters and kana + han >= _MIN_SCRIPT_SHARE * letters:
        return "ja"
    lang = max(counts, key=lambda code: counts[code])
    return lang if counts[lang] >= _MIN_SCRIPT_SHARE * letters else None


def guess_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` seems to be in, or ``"und"``."""
    sample = text[:_SAMPLE_CHARS]
    by_script = _script_guess(sample)
    if by_script is not None:
        return by_script
    words = _WORD_RE.findall(sample.lower())
    if not words:
        return UNDETERMINED
    hits: Counter[str] = Counter({lang: 0 for lang in _data()[0]})
    index = _stopword_index()
    for word, count in Counter(words).items():
        for lang in index.get(word, ()):
            hits[lang] += count
    best = max(hits, key=lambda lang: hits[lang])
    if hits[best] < _MIN_HITS or hits[best] < _MIN_SHARE * len(words):
        return UNDETERMINED
    return best

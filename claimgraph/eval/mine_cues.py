"""Mine an attribution-cue lexicon from PolNeAR train: lemma sequences, support and precision.

For every gold cue of the split (one annotator per article, as in
:mod:`claimgraph.eval.polnear`) we take the spaCy lemmas of its words,
lowercased, leaving out punctuation, auxiliaries, negation, 's clitics
and adverbial modifiers of the cue's head ("has also learned" -> "learn";
spaCy lemmatises "according" as "accord"). Then every occurrence of
each lemma sequence in the split's texts is counted, and ``precision`` is the
share of those occurrences that lie inside an annotated cue. Entries with at
least ``min_count`` annotated cues and precision at least ``min_precision`` are
kept, with the POS of the cue's syntactic head and the typical structure that
links the cue to its content (see ``STRUCTURES``).

The output holds lemmas, POS tags and counts only, never article text::

    python -m claimgraph.eval.mine_cues ../shared/data/attribution/polnear/train claimgraph/extract/data/cues_mined.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.eval.polnear import GoldArticle, read_gold

#: How a cue governs its content; the value of an entry's ``structure``.
STRUCTURES: dict[str, str] = {
    "verb_ccomp": "verb whose content is a clause (complement 'that ...' or reported speech around it)",
    "verb_dobj": "verb whose content is a noun phrase (direct object, or object of its particle/preposition)",
    "verb_xcomp": "verb whose content is a non-finite clause ('urged him to ...', 'vowed to ...')",
    "preposition": "prepositional cue attached to the content clause ('according to')",
    "noun": "noun cue ('claim', 'statement', 'report')",
    "adverb": "adverb cue ('reportedly')",
    "other": "anything else (adjective, colon-like punctuation words, unparsed)",
}
SKIPPED_DEPS = frozenset({"aux", "auxpass", "neg", "case"})
# Annotators often put "also", "previously", "Monday" inside the cue; they are not part of the cue word.
MODIFIER_DEPS = frozenset({"advmod", "npadvmod"})
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj", "csubj", "csubjpass"})
NP_DEPS = frozenset({"dobj", "pobj", "attr", "oprd", "dative", "nsubjpass", "npadvmod"})
MIN_COUNT = 3
MIN_PRECISION = 0.3


# 's / ’s clitics ("That's according to ...") are sometimes mis-parsed as heads, never cue words.
CLITICS = frozenset({"'s", "’s"})


def kept(token: Token) -> bool:
    """Whether a token is part of a cue's lemma sequence."""
    return not (token.is_punct or token.is_space or token.dep_ in SKIPPED_DEPS or token.lower_ in CLITICS)


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def cue_head(tokens: Sequence[Token]) -> Token:
    """The cue token whose syntactic head lies outside the cue (the first, if several)."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


def structure(head: Token, cue: Sequence[Token], content: set[int]) -> str:
    """Classify how the cue governs its content (one of ``STRUCTURES``)."""
    if head.pos_ == "ADV":
        return "adverb"
    if head.pos_ in ("NOUN", "PROPN"):
        return "noun"
    if head.pos_ == "ADP" or head.dep_ == "prep":
        return "preposition"
    if head.pos_ not in ("VERB", "AUX"):
        return "other"
    for token in cue:
        for child in token.children:
            if child.i not in content:
                continue
            if child.dep_ == "xcomp":
                return "verb_xcomp"
            if child.dep_ in NP_DEPS and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "DET", "ADJ"):
                return "verb_dobj"
            if child.dep_ in CLAUSE_DEPS or child.dep_ in NP_DEPS or child.dep_ == "prep":
                return "verb_ccomp"
    # reported speech around a parenthetical cue: "..., he said, ..." hangs the cue under the content
    if head.head.i in content:
        return "verb_ccomp"
    return "other"


@dataclass(slots=True)
class _Stats:
    count: int = 0
    inside: int = 0
    occurrences: int = 0
    pos: Counter[str] = field(default_factory=Counter)
    structures: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)


def _char_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _annotated(doc: Doc, article: GoldArticle, stats: dict[tuple[str, ...], _Stats]) -> dict[int, int]:
    """Record each gold cue's lemma sequence; return token index -> cue number."""
    in_cue: dict[int, int] = {}
    for n, rel in enumerate(article.relations):
        tokens = [t for s, e in rel.cue for t in _char_tokens(doc, s, e)]
        for t in tokens:
            in_cue[t.i] = n
        if not tokens:
            continue
        head = cue_head(tokens)
        words = [t for t in tokens if kept(t) and (t.i == head.i or t.dep_ not in MODIFIER_DEPS)]
        if not words:
            continue
        key = tuple(lemma(t) for t in words)
        content = {t.i for s, e in rel.contents for t in _char_tokens(doc, s, e)}
        entry = stats[key]
        entry.count += 1
        entry.pos[head.pos_] += 1
        entry.structures[structure(head, tokens, content)] += 1
        entry.forms[" ".join(t.lower_ for t in words)] += 1
    return in_cue


def _count_occurrences(doc: Doc, in_cue: dict[int, int], stats: dict[tuple[str, ...], _Stats]) -> None:
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in stats:
        by_first[key[0]].append(key)
    words = [t for t in doc if kept(t)]
    lemmas = [lemma(t) for t in words]
    for i, first in enumerate(lemmas):
        for key in by_first.get(first, ()):
            if tuple(lemmas[i : i + len(key)]) != key:
                continue
            entry = stats[key]
            entry.occurrences += 1
            cues = {in_cue.get(t.i) for t in words[i : i + len(key)]}
            if len(cues) == 1 and None not in cues:
                entry.inside += 1


def mine(
    articles: Iterable[GoldArticle], nlp: Language, *, min_count: int = MIN_COUNT, min_precision: float = MIN_PRECISION
) -> list[dict[str, Any]]:
    """Cue entries mined from gold articles, most frequent first."""
    articles = list(articles)
    stats: dict[tuple[str, ...], _Stats] = defaultdict(_Stats)
    docs: list[tuple[Doc, dict[int, int]]] = []
    disable = [name for name in nlp.pipe_names if name == "ner" or name.startswith("claimgraph_")]
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), disable=disable), strict=True):
        docs.append((doc, _annotated(doc, article, stats)))
    # Only sequences that can pass the support threshold are worth counting in the texts.
    frequent = {k: v for k, v in stats.items() if v.count >= min_count}
    for doc, in_cue in docs:
        _count_occurrences(doc, in_cue, frequent)
    entries: list[dict[str, Any]] = []
    for key, entry in frequent.items():
        precision = entry.inside / entry.occurrences if entry.occurrences else 0.0
        if precision < min_precision:
            continue
        entries.append(
            {
                "lemmas": " ".join(key),
                "form": entry.forms.most_common(1)[0][0],
                "head_pos": entry.pos.most_common(1)[0][0],
                "structure": entry.structures.most_common(1)[0][0],
                "count": entry.count,
                "occurrences": entry.occurrences,
                "precision": round(precision, 3),
                "structures": dict(entry.structures.most_common()),
            }
        )
    entries.sort(key=lambda e: (-e["count"], e["lemmas"]))
    return entries


def build(
    directory: Path, nlp: Language, *, min_count: int = MIN_COUNT, min_precision: float = MIN_PRECISION
) -> dict[str, Any]:
    """The whole cues_mined.json document for a PolNeAR split."""
    entries = mine(read_gold(directory), nlp, min_count=min_count, min_precision=min_precision)
    return {
        "_about": {
            "source": "PolNeAR v1.0.0 train split (Newell, Margolin & Ruths, LREC 2018), one annotator per "
            "article (alphabetically first .ann); only lemmas, POS tags and counts are stored, no article text",
            "method": "lemma sequence = spaCy lemmas (lowercased) of the gold cue's tokens without punctuation, "
            "auxiliaries, negation, 's clitics and adverbial modifiers (advmod/npadvmod) of the cue's "
            "head; count = gold cues with that sequence; occurrences = times the sequence "
            "occurs in the split's texts (same token filter); precision = share of occurrences inside a gold cue; "
            f"kept when count >= {min_count} and precision >= {min_precision}",
            "fields": {
                "lemmas": "space-separated lemma sequence (spaCy lemmas: 'according to' is 'accord to')",
                "form": "most frequent lowercased surface form of the cue words",
                "head_pos": "most frequent universal POS of the cue's syntactic head",
                "structure": "most frequent way the cue governs its content (see structures_legend)",
                "count": "annotated cues",
                "occurrences": "occurrences in the texts, annotated or not",
                "precision": "share of occurrences that are annotated as (part of) a cue",
                "structures": "structure counts over the annotated cues",
            },
            "structures_legend": STRUCTURES,
            "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
            "command": "python -m claimgraph.eval.mine_cues /work/shared/data/attribution/polnear/train "
            "claimgraph/extract/data/cues_mined.json",
        },
        "entries": entries,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m claimgraph.eval.mine_cues TRAIN_DIR OUT.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="a PolNeAR split (with text/ and attributions/)")
    parser.add_argument("output", type=Path, help="where to write the lexicon JSON")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-precision", type=float, default=MIN_PRECISION)
    args = parser.parse_args(argv)
    from claimgraph.api import default_pipeline
    from claimgraph.errors import ClaimgraphError

    try:
        # the shared pipeline (claimgraph's own components are switched off while mining)
        nlp = default_pipeline().nlp
        data = build(args.directory, nlp, min_count=args.min_count, min_precision=args.min_precision)
    except ClaimgraphError as exc:
        print(f"mine_cues: error: {exc}", file=sys.stderr)
        return exc.exit_code
    args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data['entries'])} cue entries written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

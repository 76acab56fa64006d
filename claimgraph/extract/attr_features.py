"""Hashed token features for the attribution tagger (:mod:`claimgraph.extract.attr_tagger`).

Every feature is a template id combined with spaCy's own 64-bit string hashes
(``LEMMA``, ``DEP`` ... as ``Doc.to_array`` returns them), folded into
``2**bits`` buckets. No string is ever stored: the model is a table of weights
indexed by bucket. The whole computation is a fixed number of numpy passes over
the document's token arrays, so its cost is linear in the tokens and small next
to the parse.

The features describe a token's word, its neighbours, its place in the
dependency tree (especially the nearest ancestor that is a known cue lemma and
the dependency through which the token hangs under it: ``nsubj`` marks a
source, ``ccomp`` a content), whether it sits inside a quotation, and the role
the rule-based extractor gave it (``rule_roles``), so that the tagger learns
where the rules are right and where they are not. Later templates target cues
the first ones missed: a colon or dash after a name (speaker labels, a
signature after a quotation), a verb's direct-object lemma ("announced a
plan"), lemma trigrams ("according to", "in the words of") and auxiliaries or
adverbs hanging under a cue verb (multi-word cues).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from spacy.attrs import DEP, HEAD, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, SHAPE, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

#: rule roles given to :func:`token_features` (0 = none)
RULE_NONE, RULE_CUE, RULE_SOURCE, RULE_CONTENT = 0, 1, 2, 3

_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX3 = np.uint64(0x165667B19E3779F9)
_ANCESTOR_STEPS = 8
_CHILD_DEPS = ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "agent", "prep", "parataxis", "advcl", "mark")
_ATTRS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, SHAPE, IS_PUNCT, IS_SPACE, SENT_START, ORTH]


@dataclass(frozen=True, slots=True)
class _Constants:
    """Hashes of the few strings the templates compare against, and the cue lemma table."""

    straight: np.uint64
    opening: frozenset[int]
    closing: frozenset[int]
    colon: np.uint64
    dobj: np.uint64
    child_deps: U64
    cue_lemmas: U64
    cue_levels: npt.NDArray[np.int64]


@cache
def _constants() -> _Constants:
    text = resources.files("claimgraph.extract").joinpath("data", "cues_mined.json").read_text(encoding="utf-8")
    mined = json.loads(text)["entries"]
    lemmas: dict[int, int] = {}
    for entry in mined:
        first = entry["lemmas"].split()[0]
        # a lemma's strength as a cue: the share of its occurrences annotated as one, in 4 levels
        level = min(3, int(float(entry["precision"]) * 4))
        key = get_string_id(first)
        lemmas[key] = max(lemmas.get(key, 0), level + 1)
    keys = np.array(sorted(lemmas), dtype=np.uint64)
    return _Constants(
        straight=np.uint64(get_string_id('"')),
        opening=frozenset(get_string_id(q) for q in ("“", "‘", "«")),
        closing=frozenset(get_string_id(q) for q in ("”", "’", "»")),
        colon=np.uint64(get_string_id(":")),
        dobj=np.uint64(get_string_id("dobj")),
        child_deps=np.array([get_string_id(d) for d in _CHILD_DEPS], dtype=np.uint64),
        cue_lemmas=keys,
        cue_levels=np.array([lemmas[int(k)] for k in keys], dtype=np.int64),
    )


def _mix_rows(templates: list[int], parts: list[list[U64]]) -> U64:
    """One 64-bit feature hash per template and token: a ``(templates, tokens)`` array.

    Each template id seeds its row; ``parts[k]`` holds the k-th value array (``uint64``, one value per
    token) of every template, all templates having the same number (at least one) of parts, mixed in one
    numpy pass.
    """
    seeds = np.array([((t + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF for t in templates], dtype=np.uint64)
    out = np.repeat(seeds[:, None], len(parts[0][0]), axis=1)
    for k, column in enumerate(parts):
        out ^= np.stack(column) * (_MIX2 if k % 2 == 0 else _MIX3) + np.uint64(k + 1)
        out = (out ^ (out >> np.uint64(29))) * _MIX1
    return out


class _Templates:
    """Feature templates collected in order, hashed together by number of parts (:func:`_mix_rows`)."""

    def __init__(self) -> None:
        self.specs: list[tuple[int, tuple[U64, ...]]] = []

    def add(self, template: int, *parts: U64) -> None:
        self.specs.append((template, tuple(np.asarray(p).astype(np.uint64, copy=False) for p in parts)))

    def hashes(self, n: int) -> U64:
        """``(n, templates)``: column j hashes the j-th template added with its parts (:func:`_mix_rows`)."""
        out = np.zeros((n, len(self.specs)), dtype=np.uint64)
        by_arity: dict[int, list[int]] = {}
        for j, (_, parts) in enumerate(self.specs):
            by_arity.setdefault(len(parts), []).append(j)
        for arity, cols in by_arity.items():
            rows = _mix_rows(
                [self.specs[j][0] for j in cols], [[self.specs[j][1][k] for j in cols] for k in range(arity)]
            )
            out[:, cols] = rows.T
        return out


def _shift(values: U64, by: int, fill: int) -> U64:
    """``values`` moved ``by`` positions (positive: the value of the token before), padded with ``fill``."""
    out = np.full_like(values, np.uint64(fill))
    if by > 0:
        out[by:] = values[:-by]
    elif by < 0:
        out[:by] = values[-by:]
    else:
        out[:] = values
    return out


def _quote_state(orth: U64, space: U64, c: _Constants) -> U64:
    """1 for tokens inside a quotation (straight or curly), reset at every line break; 2 for quote marks."""
    n = len(orth)
    para = np.cumsum(space.astype(np.int64))
    straight = (orth == c.straight).astype(np.int64)
    opening = np.isin(orth, np.array(sorted(c.opening), dtype=np.uint64)).astype(np.int64)
    closing = np.isin(orth, np.array(sorted(c.closing), dtype=np.uint64)).astype(np.int64)
    out = np.zeros(n, dtype=np.uint64)
    if n == 0:
        return out
    starts = np.flatnonzero(np.r_[True, para[1:] != para[:-1]])
    seg = np.repeat(starts, np.diff(np.r_[starts, n]))

    def before(flags: I64) -> I64:
        csum = np.cumsum(flags) - flags  # flags strictly before each token
        return csum - csum[seg]

    inside = (before(straight) % 2 == 1) | (before(opening) - before(closing) > 0)
    out[inside] = 1
    out[(straight + opening + closing) > 0] = 2
    return out


def token_features(doc: Doc, rule_roles: npt.NDArray[np.int8], bits: int) -> npt.NDArray[np.uint32]:
    """An ``(n_tokens, n_templates)`` array of feature buckets in ``[0, 2**bits)``."""
    c = _constants()
    n = len(doc)
    arr = doc.to_array(_ATTRS).astype(np.uint64) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
    lower, lemma, pos, tag, dep, _, shape, punct, space, sent_start, orth = (arr[:, k] for k in range(len(_ATTRS)))
    idx = np.arange(n, dtype=np.int64)
    head = idx + arr[:, 5].astype(np.int64)
    roles = rule_roles.astype(np.uint64)
    templates = _Templates()
    add = templates.add

    # the word and its neighbours
    add(0, np.zeros(n, dtype=np.uint64))
    add(1, lower)
    add(2, lemma)
    add(3, pos)
    add(4, tag)
    add(5, dep)
    add(6, shape)
    add(7, lemma, dep)
    for t, by in ((8, 1), (9, -1), (10, 2), (11, -2)):
        add(t, _shift(lower, by, 1))
    add(12, _shift(pos, 1, 1), pos)
    add(13, pos, _shift(pos, -1, 1))
    add(14, _shift(dep, 1, 1), dep)
    add(15, dep, _shift(dep, -1, 1))
    add(16, _shift(lemma, 1, 1), lemma)
    add(17, lemma, _shift(lemma, -1, 1))
    # sentence position: first tokens, a colon right after
    first = sent_start == np.uint64(1)
    add(18, first.astype(np.uint64), punct)
    add(19, (_shift(orth, -1, 0) == c.colon).astype(np.uint64), pos)

    # the head
    add(20, dep, lemma[head])
    add(21, dep, dep[head])
    add(22, lemma[head])
    add(23, np.sign(head - idx).astype(np.uint64), dep, pos[head])

    # children: which argument slots the token fills
    has = np.zeros((n, len(c.child_deps)), dtype=bool)
    child = idx[head != idx]
    for k, d in enumerate(c.child_deps):
        sel = child[dep[child] == d]
        has[head[sel], k] = True
    code = (has.astype(np.uint64) << np.arange(len(c.child_deps), dtype=np.uint64)).sum(axis=1).astype(np.uint64)
    add(24, code)
    add(25, lemma, code)
    add(26, pos, code)

    # cue lexicon: the token's own level, and its nearest cue ancestor
    pos_in = np.searchsorted(c.cue_lemmas, lemma)
    pos_in = np.minimum(pos_in, max(len(c.cue_lemmas) - 1, 0))
    level = np.where(c.cue_lemmas[pos_in] == lemma, c.cue_levels[pos_in], 0).astype(np.uint64)
    add(27, level, pos)
    add(28, level, dep, code)
    cur = idx.copy()
    found = np.zeros(n, dtype=bool)
    via = np.zeros(n, dtype=np.uint64)
    anc_lemma = np.zeros(n, dtype=np.uint64)
    steps = np.zeros(n, dtype=np.uint64)
    for k in range(1, _ANCESTOR_STEPS + 1):
        below = cur
        cur = head[cur]
        moved = cur != below
        if k <= 3:
            add(28 + k, lemma[cur] * moved, dep[below] * moved)
        hit = moved & ~found & (level[cur] > 0)
        via[hit], anc_lemma[hit], steps[hit] = dep[below][hit], lemma[cur][hit], np.uint64(k)
        found |= hit
    add(32, via, np.minimum(steps, 3))
    add(33, via, anc_lemma)
    add(34, via, level[np.where(found, head, idx)] * found)

    # quotations
    quote = _quote_state(orth, space, c)
    add(35, quote)
    add(36, quote, via)
    add(37, quote, pos, dep)

    # what the rules said
    add(38, roles)
    add(39, roles, _shift(roles, 1, 9))
    add(40, roles, _shift(roles, -1, 9))
    add(41, roles, dep)
    add(42, roles, quote)
    add(43, roles, via)

    # cue shapes the templates above miss (colon/dash after a name, "according to", speech nouns as
    # objects, auxiliaries and adverbs inside a multi-word cue); appended so the buckets above keep their ids
    prev_shape, prev_pos, next_pos = _shift(shape, 1, 1), _shift(pos, 1, 1), _shift(pos, -1, 1)
    add(44, orth, prev_shape, prev_pos)
    add(45, orth, _shift(orth, 1, 1), next_pos)
    add(46, np.minimum(idx - np.maximum.accumulate(np.where(first, idx, 0)), 4).astype(np.uint64), punct, lower)
    dobj = np.zeros(n, dtype=np.uint64)
    sel = child[dep[child] == c.dobj]
    dobj[head[sel]] = lemma[sel]
    add(47, lemma, dobj)
    add(48, lemma, dep, lemma[head])
    add(49, _shift(lemma, 1, 1), lemma, _shift(lemma, -1, 1))
    add(50, _shift(lemma, 2, 1), _shift(lemma, 1, 1), lemma)
    add(51, lemma, _shift(lemma, -1, 1), _shift(lemma, -2, 1))
    add(52, dep, pos, level[head], np.sign(head - idx).astype(np.uint64))
    add(53, shape, code)
    add(54, lemma, pos, dep, code)

    mask = np.uint64((1 << bits) - 1)
    out = templates.hashes(n)
    return ((out >> np.uint64(17)) & mask).astype(np.uint32)


__all__ = ["RULE_CONTENT", "RULE_CUE", "RULE_NONE", "RULE_SOURCE", "token_features"]

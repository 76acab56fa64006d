"""The parts of an attribution frame read off the dependency parse: cue tokens, source, content.

Small walks over one token's children (linear in the sentence), shared by the
frame finders of :mod:`claimgraph.extract.attribution` and by ``cue_effect``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from claimgraph.extract.cue_lexicon import CueLexicon, MultiwordCue

_SKIPPABLE_POS = frozenset({"ADV", "ADJ"})
_EXPLETIVES = frozenset({"it", "there"})
_COPULAS = frozenset({"be", "seem", "appear", "remain"})


def _word_matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _sets_off(token: Token | None) -> bool:
    return token is None or (token.is_punct and token.text not in ("'", "’")) or token.is_space


def is_discourse_marker(doc: Doc, start: int, end: int, lex: CueLexicon) -> bool:
    """Whether the cue tokens ``[start, end)`` are a set-off discourse marker ("you know," "As you know,").

    The phrase must overlap the cue and end at punctuation (or the end of the text); it must also start
    the sentence, follow punctuation or follow "as", so "You know that C" and "what you know, C" keep
    their cue.
    """
    by_first, longest = _markers_by_first_word(lex.discourse_markers)
    for first in range(max(start - longest + 1, 0), min(end, len(doc))):
        for phrase in by_first.get(doc[first].lower_, ()):
            n = len(phrase)
            if first < start - n + 1 or first + n > len(doc):
                continue
            if tuple(t.lower_ for t in doc[first : first + n]) != phrase:
                continue
            before = doc[first - 1] if first > 0 else None
            after = doc[first + n] if first + n < len(doc) else None
            opens = before is None or doc[first].is_sent_start or _sets_off(before) or before.lower_ == "as"
            if opens and _sets_off(after):
                return True
    return False


@cache
def _markers_by_first_word(
    markers: frozenset[tuple[str, ...]],
) -> tuple[dict[str, tuple[tuple[str, ...], ...]], int]:
    """The discourse-marker phrases by their first word, and the longest one's length (built once per lexicon)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in markers:
        if phrase:
            by_first.setdefault(phrase[0], []).append(phrase)
    return {w: tuple(p) for w, p in by_first.items()}, max(map(len, markers), default=0)


def subtree_range(token: Token) -> tuple[int, int]:
    """The ``[start, end)`` token range of ``token``'s subtree."""
    return token.left_edge.i, token.right_edge.i + 1


def dep_child(token: Token, *deps: str) -> Token | None:
    """The first child of ``token`` attached by one of ``deps``, or None."""
    return next((c for c in token.children if c.dep_ in deps), None)


def is_passive(head: Token) -> bool:
    """Whether ``head`` has a passive auxiliary ("was said")."""
    return any(c.dep_ == "auxpass" for c in head.children)


def _subject(head: Token) -> Token | None:
    """The subject of ``head``, or of the clause it hangs on when it has none.

    "said A and added B" shares the subject through the coordination; "left,
    saying that C" and "continued to argue that C" through the participle or
    infinitive.
    """
    for _ in range(8):
        # nearest first: a misparse may hang a second clause's subject on the cue as well
        subj = min(
            (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")),
            key=lambda c: abs(c.i - head.i),
            default=None,
        )
        if subj is not None:
            return subj
        shares = head.dep_ == "conj" or (head.dep_ in ("advcl", "xcomp") and head.tag_ in ("VBG", "VB"))
        if not shares or head.head.i == head.i:
            return None
        head = head.head
    return None


def match_multiword(head: Token, lex: CueLexicon) -> tuple[MultiwordCue, int] | None:
    """A multi-word cue starting at ``head``; returns it and the index of its last token."""
    candidates = lex.multiword.get(head.lemma_.lower(), ()) + lex.multiword.get(head.lower_, ())
    doc = head.doc
    for cue in candidates:
        i = head.i + 1
        ok = True
        for word in cue.words[1:]:
            while i < len(doc) and doc[i].pos_ in _SKIPPABLE_POS and not _word_matches(doc[i], word):
                i += 1
            if i >= len(doc) or not _word_matches(doc[i], word):
                ok = False
                break
            i += 1
        if ok:
            return cue, i - 1
    return None


def source_of(head: Token) -> tuple[tuple[int, int], int] | None:
    """The holder of a cue verb as (token range, head index): its passive agent, else its subject."""
    agent = dep_child(head, "agent")
    if agent is not None:
        pobj = dep_child(agent, "pobj")
        if pobj is not None:
            return subtree_range(pobj), pobj.i
    if is_passive(head):
        return None
    subj = _subject(head)
    if subj is None or (subj.lower_ in _EXPLETIVES and head.lemma_.lower() in _COPULAS):
        # "It is doubtful that C" has no holder; "It said that C" (a company) does
        return None
    return subtree_range(subj), subj.i


_CLAUSE_MARKS = frozenset({"that", "whether", "if"})


def noun_clause(noun: Token) -> Token | None:
    """The "that"/"whether" clause a noun carries ("reports that C", "the claim that C")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            m.dep_ == "mark" and m.lower_ in _CLAUSE_MARKS for m in child.children
        ):
            return child
    return None


def np_or_clause(noun: Token) -> tuple[Token, bool]:
    """An object as content: its own "that" clause when it has one, else the noun phrase."""
    clause = noun_clause(noun)
    return (clause, False) if clause is not None else (noun, True)


def complement(head: Token) -> tuple[Token, bool] | None:
    """The content node of a cue verb (and whether it is a noun phrase), or None when it has none."""
    comp = dep_child(head, "ccomp")
    if comp is not None:
        return comp, False
    comp = dep_child(head, "xcomp")
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        return comp, False
    # "disputed reports that C", "assured passengers that C"; a bare object ("rejected the plan") is an event
    obj = dep_child(head, "dobj")
    clause = noun_clause(obj) if obj is not None else None
    if clause is not None:
        return clause, False
    quote = next((c for c in head.lefts if c.dep_ == "parataxis"), None)
    if quote is not None:
        # '"Taxes will rise," said the mayor': the quotation is the content
        return quote, False
    return None


def verb_cue_range(head: Token) -> tuple[int, int]:
    """The cue verb plus its particle ("point out") when that follows it directly."""
    end = head.i + 1
    doc = head.doc
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == head.i:
        end += 1
    return head.i, end


def passive_cue_range(head: Token, lex: CueLexicon) -> tuple[int, int]:
    """From the passive auxiliary to the verb, plus a following "as"/"to" ("is also seen as")."""
    aux = [c.i for c in head.children if c.dep_ in ("auxpass", "aux") and c.i < head.i]
    start = min(aux) if aux else head.i
    end = head.i + 1
    doc = head.doc
    if end < len(doc) and doc[end].lower_ in lex.passive_particles:
        end += 1
    return start, end


def is_question(clause: Token, lex: CueLexicon) -> bool:
    """Whether a complement clause is an indirect question ("what it costs", "whether it opens")."""
    first = clause.left_edge
    return first.lower_ in lex.question_words and first.i < clause.i


__all__ = [
    "complement",
    "dep_child",
    "is_discourse_marker",
    "is_passive",
    "is_question",
    "match_multiword",
    "noun_clause",
    "np_or_clause",
    "passive_cue_range",
    "source_of",
    "subtree_range",
    "verb_cue_range",
]

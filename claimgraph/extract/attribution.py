"""Attribution on the dependency parse: who holds a clause, through which cue.

One :class:`Frame` per attributed clause head. Two shapes exist:

* *complement* frames ("X said that C", "X drew attention to NP"): the content is
  a node of its own (``content``), separate from the cue and the source;
* *clause* frames ("According to X, C", "C reportedly ...", "C is seen as ..."):
  the content is the clause the cue sits in, minus an ``exclude`` token range
  (the "according to" phrase).

Cues are data (``data/cues.json``); everything here is a walk over a token's
children, so the cost is linear in the sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

FrameShape = Literal["complement", "clause"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_SKIPPABLE_POS = frozenset({"ADV", "ADJ"})
_EXPLETIVES = frozenset({"it", "there"})
_COPULAS = frozenset({"be", "seem", "appear", "remain"})


@dataclass(frozen=True, slots=True)
class CueEntry:
    """What a cue is: the kind of predicate and the modality effect it lends."""

    cue_class: str
    effect: str


@dataclass(frozen=True, slots=True)
class MultiwordCue:
    words: tuple[str, ...]
    entry: CueEntry
    content: Literal["clause", "object"]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """``data/cues.json`` in the shape the matchers need (built once)."""

    verbs: dict[str, CueEntry]
    multiword: dict[str, tuple[MultiwordCue, ...]]
    according: tuple[str, ...]
    agent_nouns: frozenset[str]
    evidential: dict[str, CueEntry]
    passive: dict[str, CueEntry]
    passive_particles: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    self_hedges: frozenset[str]
    #: verbs that hold no proposition when their clause is a question, and the words that open one
    question_verbs: frozenset[str]
    question_words: frozenset[str]
    adjectives: dict[str, CueEntry]
    object_verbs: dict[str, CueEntry]
    addressee_verbs: frozenset[str]
    object_deps: frozenset[str]
    object_preps: frozenset[str]


@dataclass(frozen=True, slots=True)
class Frame:
    """One attribution: token ranges are ``[start, end)`` token indices."""

    shape: FrameShape
    kind: Literal["named", "unnamed"]
    cue: tuple[int, int]
    entry: CueEntry
    source: tuple[int, int] | None = None
    source_head: int | None = None
    content: int | None = None
    content_is_np: bool = False
    exclude: tuple[int, int] | None = None
    #: "according to" placed before the clause also covers the clauses coordinated after it
    spreads: bool = False
    #: an object cue's content: the object and what completes it ("called the plan a failure")
    content_range: tuple[int, int] | None = None


def _load_json(name: str) -> dict[str, Any]:
    text = resources.files("claimgraph.extract").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def cue_lexicon() -> CueLexicon:
    """The cue lexicon, parsed once per process."""
    raw = _load_json("cues.json")
    verbs = {lemma: CueEntry(v["class"], v["effect"]) for lemma, v in raw["verbs"].items()}
    multi: dict[str, list[MultiwordCue]] = {}
    for m in raw["multiword"]:
        words = tuple(w.lower() for w in m["words"])
        cue = MultiwordCue(words, CueEntry(m["class"], m["effect"]), m["content"])
        multi.setdefault(words[0], []).append(cue)
    return CueLexicon(
        verbs=verbs,
        multiword={k: tuple(v) for k, v in multi.items()},
        according=tuple(w.lower() for w in raw["according"]["words"]),
        agent_nouns=frozenset(raw["according"]["agent_nouns"]),
        evidential={k: CueEntry("evidential", v["effect"]) for k, v in raw["evidential_adverbs"].items()},
        passive={k: CueEntry("passive", v["effect"]) for k, v in raw["passive"].items()},
        passive_particles=frozenset(raw["passive_particles"]),
        pronouns={k: frozenset(v) for k, v in raw["pronouns"].items()},
        self_hedges=frozenset(raw["self_hedges"]["pronouns"]),
        question_verbs=frozenset(raw["indirect_questions"]["verbs"]),
        question_words=frozenset(raw["indirect_questions"]["question_words"]),
        adjectives={k: CueEntry(v["class"], v["effect"]) for k, v in raw["adjectives"].items()},
        object_verbs={k: CueEntry(v["class"], v["effect"]) for k, v in raw["object_verbs"]["verbs"].items()},
        addressee_verbs=frozenset(raw["object_verbs"]["addressee_verbs"]["verbs"]),
        object_deps=frozenset(raw["object_verbs"]["deps"]),
        object_preps=frozenset(raw["object_verbs"]["preps"]),
    )


ACCORDING_ENTRY = CueEntry("according", "according")


def _word_matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _is_passive(head: Token) -> bool:
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


def _match_multiword(head: Token, lex: CueLexicon) -> tuple[MultiwordCue, int] | None:
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


def _source_of(head: Token) -> tuple[tuple[int, int], int] | None:
    agent = _child(head, "agent")
    if agent is not None:
        pobj = _child(agent, "pobj")
        if pobj is not None:
            return _subtree_range(pobj), pobj.i
    if _is_passive(head):
        return None
    subj = _subject(head)
    if subj is None or (subj.lower_ in _EXPLETIVES and head.lemma_.lower() in _COPULAS):
        # "It is doubtful that C" has no holder; "It said that C" (a company) does
        return None
    return _subtree_range(subj), subj.i


_CLAUSE_MARKS = frozenset({"that", "whether", "if"})


def _noun_clause(noun: Token) -> Token | None:
    """The "that"/"whether" clause a noun carries ("reports that C", "the claim that C")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            m.dep_ == "mark" and m.lower_ in _CLAUSE_MARKS for m in child.children
        ):
            return child
    return None


def _np_or_clause(noun: Token) -> tuple[Token, bool]:
    """An object as content: its own "that" clause when it has one, else the noun phrase."""
    clause = _noun_clause(noun)
    return (clause, False) if clause is not None else (noun, True)


def _complement(head: Token) -> tuple[Token, bool] | None:
    comp = _child(head, "ccomp")
    if comp is not None:
        return comp, False
    comp = _child(head, "xcomp")
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        return comp, False
    # "disputed reports that C", "assured passengers that C"; a bare object ("rejected the plan") is an event
    obj = _child(head, "dobj")
    clause = _noun_clause(obj) if obj is not None else None
    if clause is not None:
        return clause, False
    quote = next((c for c in head.lefts if c.dep_ == "parataxis"), None)
    if quote is not None:
        # '"Taxes will rise," said the mayor': the quotation is the content
        return quote, False
    return None


def _verb_cue_range(head: Token) -> tuple[int, int]:
    """The cue verb plus its particle ("point out") when that follows it directly."""
    end = head.i + 1
    doc = head.doc
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == head.i:
        end += 1
    return head.i, end


def _passive_cue_range(head: Token, lex: CueLexicon) -> tuple[int, int]:
    """From the passive auxiliary to the verb, plus a following "as"/"to" ("is also seen as")."""
    aux = [c.i for c in head.children if c.dep_ in ("auxpass", "aux") and c.i < head.i]
    start = min(aux) if aux else head.i
    end = head.i + 1
    doc = head.doc
    if end < len(doc) and doc[end].lower_ in lex.passive_particles:
        end += 1
    return start, end


def _is_question(clause: Token, lex: CueLexicon) -> bool:
    """Whether a complement clause is an indirect question ("what it costs", "whether it opens")."""
    first = clause.left_edge
    return first.lower_ in lex.question_words and first.i < clause.i


def _complement_frame(head: Token, lex: CueLexicon) -> Frame | None:
    multi = _match_multiword(head, lex)
    if multi is not None:
        cue, last = multi
        content = _child(head.doc[last], "pobj", "pcomp") if cue.content == "object" else _child(head, "ccomp")
        src = _source_of(head)
        if content is not None and src is not None:
            node, is_np = content, cue.content == "object"
            if is_np:
                # "cast doubt on the account that C": the clause, wherever the parser hung it
                clause = _noun_clause(content) or _child(head, "ccomp")
                if clause is not None and clause.i > content.i:
                    node, is_np = clause, False
            return Frame("complement", "named", (head.i, last + 1), cue.entry, src[0], src[1], node.i, is_np)
    entry = lex.verbs.get(head.lemma_.lower())
    if entry is None:
        return _object_frame(head, lex) or _adjective_frame(head, lex)
    comp = _complement(head)
    if comp is None:
        return _object_frame(head, lex)
    node, is_np = comp
    if not is_np and head.lemma_.lower() in lex.question_verbs and _is_question(node, lex):
        return None
    src = _source_of(head)
    if src is not None:
        if entry.cue_class == "belief" and head.doc[src[1]].lower_ in lex.self_hedges:
            return None
        return Frame("complement", "named", _verb_cue_range(head), entry, src[0], src[1], node.i, is_np)
    passive = lex.passive.get(head.lemma_.lower())
    if _is_passive(head) and passive is not None and not is_np and node.dep_ == "ccomp":
        # "it is said that C": no agent, so no source phrase at all
        return Frame("complement", "unnamed", _passive_cue_range(head, lex), passive, content=node.i)
    return None


def _object_range(head: Token, lex: CueLexicon) -> tuple[Token, int, int] | None:
    """The first object of ``head`` and the contiguous run of its completions after the verb.

    "called the plan a failure", "urged voters to stay", "accused the firm of fraud":
    the run stops at the first dependent that is no part of the object (a time, a comma).
    """
    first: Token | None = None
    end = head.i + 1
    for child in head.rights:
        core = child.dep_ in lex.object_deps
        if first is None:
            if not core:
                if child.dep_ in ("prt", "advmod", "neg"):
                    continue
                return None
            first = child
        elif not core and not (child.dep_ == "prep" and child.lower_ in lex.object_preps):
            break
        end = child.right_edge.i + 1
    if first is None:
        return None
    return first, first.left_edge.i, end


def _object_frame(head: Token, lex: CueLexicon) -> Frame | None:
    """ "X cited rising costs", "X called the plan a failure": the object run is X's content."""
    entry = lex.object_verbs.get(head.lemma_.lower())
    if entry is None or _is_passive(head) or head.pos_ != "VERB":
        return None
    found = _object_range(head, lex)
    src = _source_of(head) if found is not None else None
    if found is None or src is None:
        return None
    node, start, end = found
    if head.lemma_.lower() in lex.addressee_verbs and end <= node.right_edge.i + 1:
        return None  # "asked the mayor": the person addressed, with nothing asked of them in the clause
    return Frame(
        "complement",
        "named",
        _verb_cue_range(head),
        entry,
        src[0],
        src[1],
        node.i,
        True,
        content_range=(start, end),
    )


def _adjective_frame(head: Token, lex: CueLexicon) -> Frame | None:
    """ "Farmers are sceptical that C" / "sceptical of claims that C": the subject holds C."""
    adj = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ in lex.adjectives), None)
    if adj is None:
        return None
    src = _source_of(head)
    if src is None:
        return None
    entry = lex.adjectives[adj.lower_]
    cue_end = adj.i + 1
    node: Token | None = _child(adj, "ccomp") or _child(head, "ccomp")
    is_np = False
    if node is None:
        prep = _child(adj, "prep")
        pobj = _child(prep, "pobj") if prep is not None else None
        if pobj is None:
            return None
        node, is_np = _np_or_clause(pobj)
        if not is_np:
            cue_end = pobj.i + 1
    return Frame("complement", "named", (adj.i, cue_end), entry, src[0], src[1], node.i, is_np)


def _according_frame(head: Token, lex: CueLexicon) -> Frame | None:
    first, *rest = lex.according
    doc = head.doc
    for child in head.children:
        if child.lower_ != first or child.dep_ != "prep":
            continue
        to = _child(child, "prep")
        if to is None or (rest and to.lower_ != rest[0]):
            continue
        pobj = _child(to, "pobj")
        if pobj is None:
            continue
        cue_end = to.i + 1
        source_tok = pobj
        if pobj.lemma_.lower() in lex.agent_nouns or pobj.lower_ in lex.agent_nouns:
            # "according to information revealed by X": the holder is X, the frame is all before it
            by = _child(pobj, "prep", "agent")
            if by is None or by.lower_ != "by":
                acl = _child(pobj, "acl")
                by = _child(acl, "agent", "prep") if acl is not None else None
            inner = _child(by, "pobj") if by is not None and by.lower_ == "by" else None
            if by is not None and inner is not None:
                cue_end = by.i + 1
                source_tok = inner
        start, end = _subtree_range(child)
        if end < len(doc) and doc[end].is_punct and doc[end].text == "," and child.i < head.i:
            end += 1
        elif start > 0 and doc[start - 1].text == "," and child.i > head.i:
            start -= 1
        return Frame(
            "clause",
            "named",
            (child.i, cue_end),
            ACCORDING_ENTRY,
            _subtree_range(source_tok),
            source_tok.i,
            exclude=(start, end),
            spreads=child.i < head.i,
        )
    return None


def _passive_frame(head: Token, lex: CueLexicon) -> Frame | None:
    entry = lex.passive.get(head.lemma_.lower())
    if entry is None or not _is_passive(head):
        return None
    agent = _child(head, "agent")
    pobj = _child(agent, "pobj") if agent is not None else None
    cue = _passive_cue_range(head, lex)
    if pobj is not None:
        return Frame("clause", "named", cue, entry, _subtree_range(pobj), pobj.i)
    return Frame("clause", "unnamed", cue, entry)


def _evidential_frame(head: Token, lex: CueLexicon) -> Frame | None:
    for child in head.children:
        entry = lex.evidential.get(child.lower_)
        if entry is not None and child.dep_ == "advmod":
            return Frame("clause", "unnamed", (child.i, child.i + 1), entry)
    return None


def find_frame(head: Token) -> Frame | None:
    """The attribution frame that holds the clause headed by ``head``, if any.

    Order matters: a cue verb with its own complement is the strongest signal,
    then "according to", then an agentless passive, then an evidential adverb.
    """
    lex = cue_lexicon()
    return (
        _complement_frame(head, lex)
        or _according_frame(head, lex)
        or _passive_frame(head, lex)
        or _evidential_frame(head, lex)
    )


_FRAME_PUNCT = frozenset({",", "—", "–", "-", '"', "”", "“"})


def parenthetical_frame(head: Token) -> Frame | None:
    """ "C, officials said" / "C1, he said, C2": a cue verb set off inside the clause it attributes.

    The parser makes such a reporting verb a dependent of the content's verb
    instead of its governor; the frame excludes the cue and its source.
    """
    lex = cue_lexicon()
    doc = head.doc
    for child in head.children:
        if child.dep_ not in ("parataxis", "ccomp", "advcl") or _child(child, "ccomp") is not None:
            continue
        entry = lex.verbs.get(child.lemma_.lower())
        subj = _child(child, "nsubj")
        start = child.left_edge.i
        if entry is None or subj is None:
            continue
        # the commas may belong to the cue's subtree or sit just outside it
        if doc[start].text not in _FRAME_PUNCT:
            if start == 0 or doc[start - 1].text not in _FRAME_PUNCT:
                continue
            start -= 1
        return Frame(
            "clause",
            "named",
            _verb_cue_range(child),
            entry,
            _subtree_range(subj),
            subj.i,
            exclude=(start, child.right_edge.i + 1),
        )
    return None


#: all a bare "Ms. Vey said on Monday." may hold besides its subject
_BARE_CUE_DEPS = frozenset({"nsubj", "aux", "advmod", "npadvmod", "punct", "neg"})


def _bare(child: Token) -> bool:
    if child.dep_ in _BARE_CUE_DEPS:
        return True
    # "said on Monday": a time is no content
    pobj = _child(child, "pobj") if child.dep_ == "prep" else None
    return pobj is not None and pobj.ent_type_ in ("DATE", "TIME")


def dangling_frame(head: Token) -> Frame | None:
    """ "Ms. Vey said." after a quotation: a cue verb with a source but no content of its own.

    The content is the quotation just before; the caller decides whether there is one.
    """
    lex = cue_lexicon()
    entry = lex.verbs.get(head.lemma_.lower())
    if entry is None or entry.cue_class != "reporting" or not all(_bare(c) for c in head.children):
        return None
    src = _source_of(head)
    # a source holding a verb is a misparse that swallowed the content ("C," engineer X said)
    if src is None or any(t.pos_ in ("VERB", "AUX") for t in head.doc[src[0][0] : src[0][1]]):
        return None
    return Frame("clause", "named", _verb_cue_range(head), entry, src[0], src[1])


@dataclass(frozen=True, slots=True)
class LineSpeaker:
    """A speaker named by layout ("NAME: ...", '"..." ― Name'): char ranges of source, cue and content."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]


@cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    raw = _load_json("cues.json")["line_speakers"]
    word = r"[A-Z][\w.'’&-]*"
    name = rf"{word}(?:[ \t]+{word}){{0,{int(raw['max_words']) - 1}}}"
    colon = re.compile(rf"^[ \t]*[\"“]?(?P<name>{name})(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)$", re.M)
    dashes = "|".join(re.escape(d) for d in sorted(raw["dashes"], key=len, reverse=True))
    dash = re.compile(
        rf"^(?P<content>[ \t]*[\"“”‘'][^\n]*[\"”’'])[ \t\xa0]*"
        rf"(?P<cue>{dashes})[ \t\xa0]*(?P<name>{name})\.?[ \t\xa0]*$",
        re.M,
    )
    return colon, dash, frozenset(w.lower() for w in raw["not_speakers"])


def line_speakers(text: str) -> list[LineSpeaker]:
    """Speakers named by the layout of whole lines; one regex pass per pattern over the text."""
    colon, dash, not_speakers = _line_patterns()
    found: list[LineSpeaker] = []
    for pattern in (colon, dash):
        for m in pattern.finditer(text):
            if m.group("name").lower() in not_speakers:
                continue
            start, end = m.span("name")
            if pattern is dash and text[end - 1] == "." and text[end - 3 : end - 1].islower():
                end -= 1  # the line's full stop ("― Ana Ruiz."), not an initial or "Jr."
            found.append(LineSpeaker((start, end), m.span("cue"), m.span("content")))
    return found


LINE_SPEAKER_ENTRY = CueEntry("reporting", "report")


def cue_effect(cue_tokens: SpacySpan) -> CueEntry | None:
    """Re-derive the lexicon entry of a cue from its tokens (used by the modality component)."""
    lex = cue_lexicon()
    if len(cue_tokens) == 0:
        return None
    first = cue_tokens[0]
    if first.is_punct:
        return LINE_SPEAKER_ENTRY
    if first.lower_ == lex.according[0]:
        return ACCORDING_ENTRY
    if len(cue_tokens) == 1 and first.lower_ in lex.evidential:
        return lex.evidential[first.lower_]
    if first.lower_ in lex.adjectives:
        return lex.adjectives[first.lower_]
    multi = _match_multiword(first, lex)
    if multi is not None:
        return multi[0].entry
    for tok in cue_tokens:
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBN", "VBD"):
            continue
        lemma = tok.lemma_.lower()
        if _is_passive(tok) and _child(tok, "agent") is None and lemma in lex.passive:
            return lex.passive[lemma]
        entry = lex.verbs.get(lemma) or lex.passive.get(lemma) or lex.object_verbs.get(lemma)
        if entry is not None:
            return entry
    return None


__all__ = [
    "SUBJECT_DEPS",
    "CueEntry",
    "CueLexicon",
    "Frame",
    "LineSpeaker",
    "cue_effect",
    "cue_lexicon",
    "dangling_frame",
    "find_frame",
    "line_speakers",
    "parenthetical_frame",
]

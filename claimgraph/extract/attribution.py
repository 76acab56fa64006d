"""Attribution on the dependency parse: who holds a clause, through which cue.

One :class:`Frame` per attributed clause head. Two shapes exist:

* *complement* frames ("X said that C", "X drew attention to NP"): the content is
  a node of its own (``content``), separate from the cue and the source;
* *clause* frames ("According to X, C", "C reportedly ...", "C is seen as ..."):
  the content is the clause the cue sits in, minus an ``exclude`` token range
  (the "according to" phrase).

Cues are data (``data/cues.json``, read by :mod:`~claimgraph.extract.cue_lexicon`);
everything here is a walk over a token's children (the shared walks are in
:mod:`~claimgraph.extract.frame_parts`), so the cost is linear in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimgraph.extract.cue_lexicon import CueEntry, CueLexicon, cue_lexicon
from claimgraph.extract.frame_parts import (
    complement,
    dep_child,
    is_discourse_marker,
    is_passive,
    is_question,
    match_multiword,
    noun_clause,
    np_or_clause,
    passive_cue_range,
    source_of,
    subtree_range,
    verb_cue_range,
)
from claimgraph.extract.line_speakers import LineSpeaker, line_speakers

FrameShape = Literal["complement", "clause"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


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


ACCORDING_ENTRY = CueEntry("according", "according")


def _complement_frame(head: Token, lex: CueLexicon) -> Frame | None:
    multi = match_multiword(head, lex)
    if multi is not None:
        cue, last = multi
        content = dep_child(head.doc[last], "pobj", "pcomp") if cue.content == "object" else dep_child(head, "ccomp")
        src = source_of(head)
        if content is not None and src is not None:
            node, is_np = content, cue.content == "object"
            if is_np:
                # "cast doubt on the account that C": the clause, wherever the parser hung it
                clause = noun_clause(content) or dep_child(head, "ccomp")
                if clause is not None and clause.i > content.i:
                    node, is_np = clause, False
            return Frame("complement", "named", (head.i, last + 1), cue.entry, src[0], src[1], node.i, is_np)
    entry = lex.verbs.get(head.lemma_.lower())
    if entry is None:
        return _object_frame(head, lex) or _adjective_frame(head, lex)
    comp = complement(head)
    if comp is None:
        return _object_frame(head, lex)
    node, is_np = comp
    if not is_np and head.lemma_.lower() in lex.question_verbs and is_question(node, lex):
        return None
    src = source_of(head)
    if src is not None:
        if entry.cue_class == "belief" and head.doc[src[1]].lower_ in lex.self_hedges:
            return None
        return Frame("complement", "named", verb_cue_range(head), entry, src[0], src[1], node.i, is_np)
    passive = lex.passive.get(head.lemma_.lower())
    if is_passive(head) and passive is not None and not is_np and node.dep_ == "ccomp":
        # "it is said that C": no agent, so no source phrase at all
        return Frame("complement", "unnamed", passive_cue_range(head, lex), passive, content=node.i)
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
    if entry is None or is_passive(head) or head.pos_ != "VERB":
        return None
    found = _object_range(head, lex)
    src = source_of(head) if found is not None else None
    if found is None or src is None:
        return None
    node, start, end = found
    if head.lemma_.lower() in lex.addressee_verbs and end <= node.right_edge.i + 1:
        return None  # "asked the mayor": the person addressed, with nothing asked of them in the clause
    return Frame(
        "complement",
        "named",
        verb_cue_range(head),
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
    src = source_of(head)
    if src is None:
        return None
    entry = lex.adjectives[adj.lower_]
    cue_end = adj.i + 1
    node: Token | None = dep_child(adj, "ccomp") or dep_child(head, "ccomp")
    is_np = False
    if node is None:
        prep = dep_child(adj, "prep")
        pobj = dep_child(prep, "pobj") if prep is not None else None
        if pobj is None:
            return None
        node, is_np = np_or_clause(pobj)
        if not is_np:
            cue_end = pobj.i + 1
    return Frame("complement", "named", (adj.i, cue_end), entry, src[0], src[1], node.i, is_np)


def _according_frame(head: Token, lex: CueLexicon) -> Frame | None:
    first, *rest = lex.according
    for child in head.children:
        if child.lower_ != first or child.dep_ != "prep":
            continue
        to = dep_child(child, "prep")
        if to is None or (rest and to.lower_ != rest[0]):
            continue
        pobj = dep_child(to, "pobj")
        if pobj is None:
            continue
        cue_end = to.i + 1
        source_tok = pobj
        if pobj.lemma_.lower() in lex.agent_nouns or pobj.lower_ in lex.agent_nouns:
            # "according to information revealed by X": the holder is X, the frame is all before it
            by = dep_child(pobj, "prep", "agent")
            if by is None or by.lower_ != "by":
                acl = dep_child(pobj, "acl")
                by = dep_child(acl, "agent", "prep") if acl is not None else None
            inner = dep_child(by, "pobj") if by is not None and by.lower_ == "by" else None
            if by is not None and inner is not None:
                cue_end = by.i + 1
                source_tok = inner
        return _phrase_frame(head, child, cue_end, source_tok, subtree_range(child))
    return None


def _phrase_frame(head: Token, phrase: Token, cue_end: int, source: Token, span: tuple[int, int]) -> Frame:
    """The frame of a source phrase inside the clause of ``head`` ("according to X", "in the latest poll").

    The phrase's tokens ``span`` and the comma setting it off are left out of the content; a phrase
    before the head also covers the clauses coordinated after it.
    """
    doc = head.doc
    start, end = span
    if end < len(doc) and doc[end].text == "," and phrase.i < head.i:
        end += 1
    elif start > 0 and doc[start - 1].text == "," and phrase.i > head.i:
        start -= 1
    return Frame(
        "clause",
        "named",
        (phrase.i, cue_end),
        ACCORDING_ENTRY,
        subtree_range(source),
        source.i,
        exclude=(start, end),
        spreads=phrase.i < head.i,
    )


def _passive_frame(head: Token, lex: CueLexicon) -> Frame | None:
    entry = lex.passive.get(head.lemma_.lower())
    if entry is None or not is_passive(head):
        return None
    agent = dep_child(head, "agent")
    pobj = dep_child(agent, "pobj") if agent is not None else None
    cue = passive_cue_range(head, lex)
    if pobj is not None:
        return Frame("clause", "named", cue, entry, subtree_range(pobj), pobj.i)
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
    return _unless_marker(
        _complement_frame(head, lex)
        or _according_frame(head, lex)
        or _survey_frame(head, lex)
        or _passive_frame(head, lex)
        or _evidential_frame(head, lex),
        head,
    )


def _unless_marker(frame: Frame | None, head: Token) -> Frame | None:
    """``frame``, unless its cue is a discourse marker ("you know," "I mean,"): those attribute nothing."""
    if frame is None or not is_discourse_marker(head.doc, frame.cue[0], frame.cue[1], cue_lexicon()):
        return frame
    return None


def _survey_frame(head: Token, lex: CueLexicon) -> Frame | None:
    """ "In the latest Harbour Times poll, Ruiz led Holm": the poll holds the clause (cue "In"), as
    "according to" would."""
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ != lex.survey_preposition:
            continue
        pobj = dep_child(child, "pobj")
        if pobj is None or pobj.lemma_.lower() not in lex.survey_nouns:
            continue
        doc = head.doc
        start, end = subtree_range(child)
        # only at an edge of the clause: cut out of its middle, the phrase would split the content
        fronted = start == head.left_edge.i
        trailing = all(t.is_punct for t in doc[end : head.right_edge.i + 1])
        if not (fronted or trailing):
            continue
        return _phrase_frame(head, child, child.i + 1, pobj, (start, end))
    return None


def outer_according_frame(head: Token, frame: Frame) -> Frame | None:
    """ "According to the report, inspectors said C": the "according to" over a clause that has its own cue.

    :func:`find_frame` gives the clause its cue verb's complement frame; the report
    still holds the clause "inspectors said C" (as "X said Y thinks C" nests).
    """
    if frame.shape != "complement":
        return None
    return _according_frame(head, cue_lexicon())


_FRAME_PUNCT = frozenset({",", "—", "–", "-", '"', "”", "“"})


def parenthetical_frame(head: Token) -> Frame | None:
    """ "C, officials said" / "C1, he said, C2": a cue verb set off inside the clause it attributes.

    The parser makes such a reporting verb a dependent of the content's verb
    instead of its governor; the frame excludes the cue and its source. A set-off
    discourse marker ("C, you know, D") is none.
    """
    return _unless_marker(_parenthetical_frame(head), head)


def _parenthetical_frame(head: Token) -> Frame | None:
    lex = cue_lexicon()
    doc = head.doc
    for child in head.children:
        if child.dep_ not in ("parataxis", "ccomp", "advcl") or dep_child(child, "ccomp") is not None:
            continue
        entry = lex.verbs.get(child.lemma_.lower())
        subj = dep_child(child, "nsubj")
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
            verb_cue_range(child),
            entry,
            subtree_range(subj),
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
    pobj = dep_child(child, "pobj") if child.dep_ == "prep" else None
    return pobj is not None and pobj.ent_type_ in ("DATE", "TIME")


def dangling_frame(head: Token) -> Frame | None:
    """ "Ms. Vey said." after a quotation: a cue verb with a source but no content of its own (not "I mean.").

    The content is the quotation just before; the caller decides whether there is one.
    """
    return _unless_marker(_dangling_frame(head), head)


def _dangling_frame(head: Token) -> Frame | None:
    lex = cue_lexicon()
    entry = lex.verbs.get(head.lemma_.lower())
    if entry is None or entry.cue_class != "reporting" or not all(_bare(c) for c in head.children):
        return None
    src = source_of(head)
    # a source holding a verb is a misparse that swallowed the content ("C," engineer X said)
    if src is None or any(t.pos_ in ("VERB", "AUX") for t in head.doc[src[0][0] : src[0][1]]):
        return None
    return Frame("clause", "named", verb_cue_range(head), entry, src[0], src[1])


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
    if len(cue_tokens) == 1 and first.lower_ == lex.survey_preposition:
        return ACCORDING_ENTRY
    if len(cue_tokens) == 1 and first.lower_ in lex.evidential:
        return lex.evidential[first.lower_]
    if first.lower_ in lex.adjectives:
        return lex.adjectives[first.lower_]
    multi = match_multiword(first, lex)
    if multi is not None:
        return multi[0].entry
    for tok in cue_tokens:
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBN", "VBD"):
            continue
        lemma = tok.lemma_.lower()
        if is_passive(tok) and dep_child(tok, "agent") is None and lemma in lex.passive:
            return lex.passive[lemma]
        entry = lex.verbs.get(lemma) or lex.passive.get(lemma) or lex.object_verbs.get(lemma)
        if entry is not None:
            return entry
    return None


# the cue lexicon and the line speakers now live in their own modules; they stay public here as before
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
    "outer_according_frame",
    "parenthetical_frame",
]

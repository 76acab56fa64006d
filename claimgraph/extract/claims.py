"""Claims component: claim units with their source and cue (``claimgraph_claims_v1``).

Per sentence (one pass over the parse): find the main clause and the clauses
coordinated with it (:mod:`claimgraph.extract.clauses`), ask
:mod:`claimgraph.extract.attribution` whether each is attributed, and turn the
content into claim units. Unattributed clauses are the outlet's own voice.
Modality is left as an "asserted" placeholder for ``claimgraph_modality_v1``.

Never makes claims from structure lines (title, dateline, subheadings), from
questions, or from fragments without a finite verb.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extract.attr_merge import CueWithSpans, contents_of, merge, stage_two
from claimgraph.extract.attr_relations import build_attributions
from claimgraph.extract.attr_tagger import TaggedRelation, rule_roles, tag_doc
from claimgraph.extract.attribution import (
    CueEntry,
    Frame,
    LineSpeaker,
    cue_lexicon,
    dangling_frame,
    find_frame,
    line_speakers,
    parenthetical_frame,
)
from claimgraph.extract.clauses import (
    Unit,
    char_span,
    clause_chain,
    clause_range,
    is_clause_head,
    make_units,
    span_root,
    token_range,
    trim,
)
from claimgraph.extract.content_span import quotations, reported_contents
from claimgraph.extract.deadline import check_deadline
from claimgraph.extract.modality import is_marked, modality_lexicon
from claimgraph.model import Attribution, Claim, Cue, Entity, Source, Span

#: the entry of a frame built for a tagged source (only its source is read)
TAGGED_ENTRY = CueEntry("reporting", "report")
_CLOSING_QUOTES = ('"', "”", "'", "’")
_QUESTION_END = ("?", '?"', "?”", "?'", "?’")


@dataclass(frozen=True, slots=True)
class SourceTypes:
    phrases: dict[str, str]
    nouns: dict[str, str]
    entity_kinds: dict[str, str]
    entity_labels: dict[str, str]


@cache
def source_types() -> SourceTypes:
    """``data/source_types.json``, parsed once per process."""
    text = resources.files("claimgraph.extract").joinpath("data", "source_types.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    return SourceTypes(
        phrases={k.lower(): v["type"] for k, v in raw["phrases"].items()},
        nouns={k.lower(): v["type"] for k, v in raw["nouns"].items()},
        entity_kinds=dict(raw["entity_kinds"]),
        entity_labels=dict(raw["entity_labels"]),
    )


def source_type(phrase: SpacySpan, head: Token, entities: list[Entity]) -> str | None:
    """The type of the holder named by ``phrase`` (media, expert, ...), or None when unknown."""
    types = source_types()
    low = phrase.text.lower()
    for key, value in types.phrases.items():
        if key in low:
            return value
    for tok in (head, *(t for t in phrase if t.i != head.i and t.dep_ in ("compound", "amod", "nmod"))):
        if tok.pos_ == "PROPN":
            continue
        found = types.nouns.get(tok.lemma_.lower()) or types.nouns.get(tok.lower_)
        if found is not None:
            return found
    start, end = phrase.start_char, phrase.end_char
    for ent in entities:
        if ent.kind and any(m.start < end and start < m.end for m in ent.mentions):
            kind = types.entity_kinds.get(ent.kind)
            if kind is not None:
                return kind
    # only the head's own label: "subsidiaries of John Hancock Co" are not a person
    return types.entity_labels.get(head.ent_type_)


@dataclass(slots=True)
class _Held:
    """A source seen so far: what a later pronoun may resolve to."""

    span: SpacySpan
    head: Token


def _agrees(pronoun: str, held: _Held, labels: frozenset[str]) -> bool:
    head = held.head
    label = head.ent_type_ or next((t.ent_type_ for t in held.span if t.ent_type_), "")
    if pronoun in ("he", "she"):
        return label == "PERSON"
    if pronoun in ("they", "we"):
        return head.tag_ in ("NNS", "NNPS") or label in labels or head.lemma_.lower() in ("medium", "media")
    return label in labels or (head.tag_ in ("NN", "NNP") and label != "PERSON")


def _resolve(pronoun: Token, held: list[_Held], ents: tuple[SpacySpan, ...]) -> SpacySpan | None:
    """Nearest earlier source (or named entity) that agrees with the pronoun."""
    labels = cue_lexicon().pronouns.get(pronoun.lower_)
    if labels is None:
        return None
    for cand in reversed(held):
        if cand.span.end <= pronoun.i and cand.head.pos_ != "PRON" and _agrees(pronoun.lower_, cand, labels):
            return cand.span
    for ent in reversed(ents):
        if ent.end <= pronoun.i and ent.label_ in labels:
            return ent
    return _previous_subject(pronoun, labels)


def _previous_subject(pronoun: Token, labels: frozenset[str]) -> SpacySpan | None:
    """Last resort: the main subject of the sentence before ("The Orvik Herald printed it. It said ...")."""
    doc = pronoun.doc
    sent_start = pronoun.sent.start
    if sent_start == 0:
        return None
    root = doc[sent_start - 1].sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    cand = _Held(doc[subj.left_edge.i : subj.i + 1], subj)
    return cand.span if _agrees(pronoun.lower_, cand, labels) else None


@dataclass(slots=True)
class _DocState:
    """What one document's pass carries from sentence to sentence (text and ents are built once: costly)."""

    doc: Doc
    text: str
    ents: tuple[SpacySpan, ...]
    entities: list[Entity]
    held: list[_Held]


def _relative_antecedent(pronoun: Token) -> SpacySpan | None:
    """ "an architect who said ...": the noun phrase a relative-pronoun source stands for."""
    if pronoun.tag_ not in ("WP", "WDT") or pronoun.head.dep_ != "relcl":
        return None
    noun = pronoun.head.head
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _build_source(state: _DocState, frame: Frame | None) -> Source:
    if frame is None:
        return Source(kind="author")
    if frame.source is None or frame.source_head is None:
        return Source(kind="unnamed")
    doc = state.doc
    s, e = frame.source
    while e - s > 1 and doc[e - 1].is_punct and doc[e - 1].text in ",;:—-":
        e -= 1  # "The company, which owns CVN, said": the appositive's comma is not the source's
    phrase = doc[s:e]
    head = doc[frame.source_head]
    span = char_span(doc, s, e)
    text = state.text[span.start : span.end]
    if e - s == 1 and head.pos_ == "PRON":
        antecedent = _relative_antecedent(head) or _resolve(head, state.held, state.ents)
        if antecedent is not None:
            return Source(
                kind="named",
                text=text,
                span=span,
                type=source_type(antecedent, antecedent.root, state.entities),
                resolved_text=antecedent.text,
                resolved_span=Span(antecedent.start_char, antecedent.end_char),
            )
        return Source(kind="named", text=text, span=span)
    state.held.append(_Held(phrase, head))
    return Source(kind="named", text=text, span=span, type=source_type(phrase, head, state.entities))


def _in_structure(sent: SpacySpan, structure: list[tuple[int, int]]) -> bool:
    return any(s < sent.end_char and sent.start_char < e for s, e in structure)


def _is_claim_sentence(sent: SpacySpan) -> bool:
    text = sent.text.strip()
    return bool(text) and not text.endswith(_QUESTION_END) and is_clause_head(sent.root)


def _cut_participle_frame(doc: Doc, head: Token, start: int, end: int) -> int:
    """ "He left, saying that C": the clause ends before the participial cue, which frames C itself."""
    for child in head.rights:
        if child.dep_ != "advcl" or child.tag_ != "VBG" or child.left_edge.i <= start:
            continue
        frame = find_frame(child)
        if frame is not None and frame.shape == "complement" and doc[child.left_edge.i - 1].text == ",":
            return min(end, child.left_edge.i - 1)
    return end


def _excluded(start: int, end: int, exclude: tuple[int, int]) -> tuple[int, int]:
    """``[start, end)`` without the frame tokens; a frame in the middle keeps the longer side."""
    ex_s, ex_e = exclude
    if ex_e <= start or ex_s >= end:
        return start, end
    left = (start, max(start, ex_s))
    right = (min(end, ex_e), end)
    return left if left[1] - left[0] > right[1] - right[0] else right


def _expletive_content(head: Token) -> Token | None:
    """The clause C of "It is possible/doubtful that C" (a predicate adjective of the modality lexicon)."""
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children):
        return None
    for child in head.children:
        if child.dep_ == "acomp" and child.lower_ in modality_lexicon().predicates:
            return _ccomp(child) or _ccomp(head)
    return None


def _ccomp(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "ccomp"), None)


_Found = list[tuple[Unit, Source, Cue | None]]


def _trailing(frames: list[Frame | None], chain: list[Token]) -> Frame | None:
    """ "A, but B, she said": a frame closing the sentence holds the clauses before it too.

    Only when the cue follows every clause of the chain; the reporting verb is
    then parsed as the last clause (or set off inside it), never as their governor.
    """
    last = frames[-1]
    if len(frames) < 2 or last is None or last.kind != "named" or last.cue[0] < chain[-1].i:
        return None
    if last.shape == "complement" and (last.content is None or last.content > last.cue[0]):
        return None
    if last.shape == "clause" and last.exclude is None:
        return None
    return last


class _SentenceClaims:
    """Claim units of one sentence with their source and cue; relative units point at their parent."""

    def __init__(self, state: _DocState) -> None:
        self.state = state
        self.doc = state.doc
        self.out: _Found = []
        self.framed: set[int] = set()  # cue tokens already used, so no frame is counted twice
        #: "Ms. Vey said." with no content: it may hold the quotation before it
        self.dangling: tuple[Source, Cue] | None = None

    def _cue(self, frame: Frame) -> Cue:
        cs, ce = frame.cue
        self.framed.update(range(cs, ce))
        span = char_span(self.doc, cs, ce)
        return Cue(self.state.text[span.start : span.end], span)

    def _add(self, units: list[Unit], source: Source, cue: Cue | None) -> None:
        base = len(self.out)
        for unit in units:
            parent = None if unit.parent is None else unit.parent + base
            self.out.append((Unit(unit.start, unit.end, unit.head, parent), source, cue))

    def complement(self, frame: Frame, depth: int = 0) -> None:
        """Content of a cue verb: each of its clauses, a nested cue taking its own clauses."""
        doc = self.doc
        source = _build_source(self.state, frame)
        cue = self._cue(frame)
        assert frame.content is not None
        node = doc[frame.content]
        if frame.content_range is not None:
            start, end = frame.content_range
            self._add(make_units(doc, [(start, end, node)], is_marked, drop_intro=False), source, cue)
            return
        if frame.content_is_np:
            self._add(make_units(doc, [(node.left_edge.i, node.right_edge.i + 1, node)], is_marked), source, cue)
            return
        heads = [node]
        verb = node.head
        if frame.cue[0] <= verb.i < frame.cue[1]:
            # '"A," she said, "and B."': the resumed quotation is a second complement of the same cue
            heads += [c for c in verb.children if c.dep_ == "ccomp" and c.i > max(node.i, verb.i)]
        for first in heads:
            chain = clause_chain(first)
            for head in chain:
                start, end = clause_range(head, chain)
                self._add(make_units(doc, [(start, end, head)], is_marked), source, cue)
                # "X said Y thinks C": the outer holder reports "Y thinks C", Y holds C
                nested = find_frame(head) if depth < 3 else None
                if nested is not None and nested.shape == "complement":
                    self.complement(nested, depth + 1)

    def clause(self, head: Token, frame: Frame | None, rng: tuple[int, int]) -> None:
        """A clause of the sentence's main line, held by the author or by a clause-level frame."""
        start, end = rng
        if frame is not None and frame.exclude is not None:
            start, end = _excluded(start, end, frame.exclude)
        end = _cut_participle_frame(self.doc, head, start, end)
        source = _build_source(self.state, frame)
        cue = self._cue(frame) if frame is not None else None
        if frame is None:
            framed = _expletive_content(head)
            if framed is not None:
                # "It is possible that C": the author's own frame; the claim is C, the frame its marker
                chain = clause_chain(framed)
                ranges = [(*clause_range(h, chain), h) for h in chain]
                self._add(make_units(self.doc, ranges, is_marked), source, None)
                return
        self._add(make_units(self.doc, [(start, end, head)], is_marked), source, cue)

    def run(self, sent: SpacySpan) -> _Found:
        chain = clause_chain(sent.root)
        frames = [find_frame(head) or parenthetical_frame(head) for head in chain]
        trailing = _trailing(frames, chain)
        spread: Frame | None = None
        for head, own in zip(chain, frames, strict=True):
            frame = own or spread
            if own is not None and own.spreads:
                spread = own
            if frame is None and trailing is not None:
                # the clause keeps its own range; only the holder comes from the end of the sentence
                self.clause(head, trailing, clause_range(head, chain))
                continue
            if frame is not None and frame.shape == "complement":
                self.complement(frame)
                continue
            dangling = dangling_frame(head) if frame is None else None
            if dangling is not None:
                self.dangling = (_build_source(self.state, dangling), self._cue(dangling))
            else:
                self.clause(head, frame, clause_range(head, chain))
        # cue verbs off the main line: "an official who said C", "..., saying that C"
        for tok in sent:
            if tok.i in self.framed or tok.pos_ not in ("VERB", "AUX") or tok.dep_ == "ROOT":
                continue
            frame = find_frame(tok)
            if frame is not None and frame.shape == "complement" and frame.kind == "named":
                self.complement(frame)
        return self.out


def _quote_open_after(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after ``text``, given whether one was open before it."""
    curly_open, curly_close = text.rfind("“"), text.rfind("”")
    if curly_open != curly_close:
        return curly_open > curly_close
    return was_open != (text.count('"') % 2 == 1)


_Held4 = tuple[Unit, Source, Cue | None, Span]


class _Quotations:
    """Quotations running over several sentences: their sentences share the holder named once.

    '"A. B," she said.': A is held by her too; '"A," she said. "B."': so is B; '"A. B." She said.'
    likewise. The state is a few indices into the claims found so far, updated once per sentence.
    """

    def __init__(self) -> None:
        self.open = False
        self.first = 0  # first claim of the open quotation
        self.closed: range = range(0)  # claims of a quotation that closed at the previous sentence's end
        self.holder: tuple[Source, Cue] | None = None  # who spoke the quotation just before, same paragraph

    @staticmethod
    def _reassign(found: list[_Held4], claims: range, holder: tuple[Source, Cue]) -> None:
        for i in claims:
            if found[i][1].kind == "author":
                found[i] = (found[i][0], *holder, found[i][3])

    def update(self, sent: SpacySpan, found: list[_Held4], base: int, dangling: tuple[Source, Cue] | None) -> None:
        """Take the sentence whose claims are ``found[base:]``."""
        text = sent.text.strip()
        opens_here = not self.open and text[:1] in ('"', "“")
        named = next(((f[1], f[2]) for f in found[base:] if f[1].kind == "named" and f[2] is not None), None)
        if self.open and named is not None:
            self._reassign(found, range(self.first, base), named)
        if dangling is not None:
            self._reassign(found, range(self.first, base) if self.open else self.closed, dangling)
        if (self.open or opens_here) and self.holder is not None:
            self._reassign(found, range(base, len(found)), self.holder)
        elif named is None or not any(q in text for q in ('"', "“", "”")):
            self.holder = None
        if named is not None and any(q in text for q in ('"', "“", "”")):
            self.holder = named
        if not self.open:
            self.first = base
        self.open = _quote_open_after(text, self.open)
        self.closed = range(self.first, len(found)) if not self.open and text.endswith(_CLOSING_QUOTES) else range(0)

    def paragraph(self) -> None:
        """A paragraph break (or a line that is no claim sentence) ends every quotation."""
        self.open, self.closed, self.holder = False, range(0), None


def _line_speaker_source(state: _DocState, speaker: LineSpeaker) -> tuple[Source, Cue]:
    s, e = speaker.source
    phrase = state.doc.char_span(s, e, alignment_mode="expand")
    kind = source_type(phrase, phrase.root, state.entities) if phrase is not None else None
    cs, ce = speaker.cue
    return Source(kind="named", text=state.text[s:e], span=Span(s, e), type=kind), Cue(state.text[cs:ce], Span(cs, ce))


def _assign_line_speakers(state: _DocState, found: list[_Held4], speakers: list[LineSpeaker]) -> set[int]:
    """The outlet's claims inside a speaker's line become the speaker's, cut to the line's content part.

    Returns the claims that are only the signature ("― Mara Olsen" parsed as a clause), to drop.
    """
    doc = state.doc
    dropped: set[int] = set()
    for speaker in speakers:
        cs, ce = speaker.content
        holder: tuple[Source, Cue] | None = None
        for i, (unit, source, _cue, sent_span) in enumerate(found):
            us, ue = doc[unit.start].idx, doc[unit.end - 1].idx + len(doc[unit.end - 1])
            if source.kind != "author" or ue <= cs or us >= ce:
                if source.kind == "author" and speaker.cue[0] <= us and ue <= speaker.source[1]:
                    dropped.add(i)
                continue
            start, end = unit.start, unit.end
            while start < end and doc[start].idx < cs:
                start += 1
            while end > start and doc[end - 1].idx >= ce:
                end -= 1
            start, end = trim(doc, start, end)
            if end <= start:
                continue
            holder = holder or _line_speaker_source(state, speaker)
            found[i] = (Unit(start, end, unit.head, unit.parent), *holder, sent_span)
    return dropped


def _rule_claims(doc: Doc) -> tuple[_DocState, list[_Held4]]:
    """The rules' claims of a document, in the order found (line speakers applied, signatures dropped)."""
    structure = [(int(s), int(e)) for s, e in (doc._.cg_structure or [])]
    state = _DocState(doc, doc.text, tuple(doc.ents), list(doc._.cg_entities or []), [])
    found: list[_Held4] = []
    quotes = _Quotations()
    for sent in doc.sents:
        check_deadline(doc, "claimgraph_claims_v1")  # off the main thread no timer can interrupt a long article
        before = doc[sent.start - 1] if sent.start > 0 else None
        if before is not None and ("\n" in before.text or "\n" in before.whitespace_):
            quotes.paragraph()
        if _in_structure(sent, structure) or not _is_claim_sentence(sent):
            quotes.paragraph()
            continue
        sent_span = Span(sent.start_char, sent.end_char)
        base = len(found)
        sentence = _SentenceClaims(state)
        for unit, source, cue in sentence.run(sent):
            parent = None if unit.parent is None else unit.parent + base
            found.append((Unit(unit.start, unit.end, unit.head, parent), source, cue, sent_span))
        quotes.update(sent, found, base, sentence.dangling)
    speakers = line_speakers(state.text)
    dropped = _assign_line_speakers(state, found, speakers) if speakers else set()
    if dropped:
        # parents are indices into found: renumber them past the dropped signatures
        new_index = {old: new for new, old in enumerate(i for i in range(len(found)) if i not in dropped)}
        found = [
            (Unit(u.start, u.end, u.head, new_index.get(u.parent) if u.parent is not None else None), src, cue, sent)
            for i, (u, src, cue, sent) in enumerate(found)
            if i not in dropped
        ]
    return state, found


def rule_marks(doc: Doc) -> list[tuple[Span, Source, Cue | None]]:
    """``(content, source, cue)`` of each rule claim: what the attribution tagger reads as features."""
    _, found = _rule_claims(doc)
    return [(char_span(doc, u.start, u.end), source, cue) for u, source, cue, _ in found]


def _tagged_source(state: _DocState, source: tuple[int, int] | None) -> Source:
    """The Source of a tagger-found source range; a pronoun is resolved like a rule source."""
    if source is None:
        return Source(kind="unnamed")
    head = (span_root(state.doc, *source) or state.doc[source[0]]).i
    # _build_source reads only the frame's source fields
    frame = Frame("clause", "named", (source[0], source[0]), TAGGED_ENTRY, source, head)
    return _build_source(state, frame)


def _self_hedge(doc: Doc, relation: TaggedRelation) -> bool:
    """ "I think C": the speaker hedging C, which keeps its holder (the rules' view; see cues.json 'self_hedges')."""
    lex = cue_lexicon()
    believes = any(
        (entry := lex.verbs.get(t.lemma_.lower())) is not None and entry.cue_class == "belief"
        for t in doc[relation.cue[0] : relation.cue[1]]
    )
    return believes and any(doc[s:e].text.lower() in lex.self_hedges for s, e in relation.sources)


def extract_claims(doc: Doc, *, tagger: bool = True) -> list[Claim]:
    """All claims of a parsed document, ids ``c1``, ``c2`` ... in text order.

    With ``tagger`` (the default) the learned attribution tagger adds the
    attributions the rules missed and extends cue spans
    (:mod:`claimgraph.extract.attr_merge`).
    """
    return extract_claims_and_attributions(doc, tagger=tagger)[0]


def extract_claims_and_attributions(doc: Doc, *, tagger: bool = True) -> tuple[list[Claim], list[Attribution]]:
    """The claims of a parsed document and its attributions (:mod:`claimgraph.extract.attr_relations`)."""
    state, found = _rule_claims(doc)
    stage2: list[CueWithSpans] = []
    quotes = cache(lambda: quotations(doc))  # merge and the reported contents both read them, when they need them
    if tagger and len(doc):
        marks = [(char_span(doc, u.start, u.end), source, cue) for u, source, cue, _ in found]
        tags = tag_doc(doc, rule_roles(doc, marks))
        relations, stage2 = stage_two(doc, tags)
        relations = [r for r in relations if not _self_hedge(doc, r)]
        if relations:
            structure = [(int(s), int(e)) for s, e in (doc._.cg_structure or [])]

            def accepts(sent: SpacySpan) -> bool:
                return not _in_structure(sent, structure) and _is_claim_sentence(sent)

            found = merge(
                doc, state.text, found, relations, lambda src: _tagged_source(state, src), is_marked, accepts, quotes
            )
    order = sorted(range(len(found)), key=lambda i: (found[i][0].start, found[i][0].end))
    ids = {old: f"c{new + 1}" for new, old in enumerate(order)}
    contents = _contents(doc, found, stage2, quotes)
    claims: list[Claim] = []
    for old in order:
        unit, source, cue, sent_span = found[old]
        span = char_span(doc, unit.start, unit.end)
        claims.append(
            Claim(
                id=ids[old],
                span=span,
                text=state.text[span.start : span.end],
                source=source,
                cue=cue,
                modality="asserted",
                certainty=None,
                sentence=sent_span,
                parent=ids.get(unit.parent) if unit.parent is not None else None,
                content=contents.get((cue.span.start, cue.span.end), ()) if cue is not None else (),
            )
        )
    attributions = build_attributions(doc, claims, stage2, lambda src: _tagged_source(state, src))
    return claims, attributions


def _contents(
    doc: Doc, found: list[_Held4], stage2: list[CueWithSpans], quotes: Callable[[], list[tuple[int, int]]]
) -> dict[tuple[int, int], tuple[Span, ...]]:
    """The reported content of each cue (by its char span): stage 2's where it gave one, else from the units."""
    units: dict[tuple[int, int], list[tuple[int, int]]] = {}
    sources: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for unit, source, cue, _ in found:
        if cue is None or source.kind == "author":
            continue
        key = (cue.span.start, cue.span.end)
        units.setdefault(key, []).append((unit.start, unit.end))
        if source.span is not None:
            sources.setdefault(key, []).append(token_range(doc, source.span))
    out: dict[tuple[int, int], tuple[Span, ...]] = {}
    for key, held in units.items():
        cue_range = token_range(doc, Span(*key))
        ranges = contents_of(cue_range, stage2) or reported_contents(
            doc, held, cue_range, sources.get(key, ()), quotes()
        )
        out[key] = tuple(char_span(doc, s, e) for s, e in ranges)
    return out


class ClaimsComponent:
    """``Doc -> Doc``: set ``doc._.cg_claims``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_claims, doc._.cg_attributions = extract_claims_and_attributions(doc)
        return doc


@Language.factory(
    "claimgraph_claims_v1", assigns=["doc._.cg_claims", "doc._.cg_attributions"], requires=["doc._.cg_entities"]
)
def make_claims(nlp: Language, name: str) -> ClaimsComponent:
    """Factory for the ``claimgraph_claims_v1`` component."""
    return ClaimsComponent()


__all__ = [
    "ClaimsComponent",
    "extract_claims",
    "extract_claims_and_attributions",
    "rule_marks",
    "source_type",
    "source_types",
]

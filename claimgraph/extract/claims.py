"""Claims component: claim units with their source and cue (``claimgraph_claims_v1``).

Per sentence (one pass over the parse): find the main clause and the clauses
coordinated with it (:mod:`claimgraph.extract.clauses`), ask
:mod:`claimgraph.extract.attribution` whether each is attributed, and turn the
content into claim units. Unattributed clauses are the outlet's own voice.
Who holds a unit is built by :mod:`claimgraph.extract.claim_sources`; holders named
outside the sentence (quotations, line speakers) by :mod:`claimgraph.extract.claim_quotes`.
Modality is left as an "asserted" placeholder for ``claimgraph_modality_v1``.

Never makes claims from structure lines (title, dateline, subheadings), from
questions, or from fragments without a finite verb.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extract.attr_context import ContextModel, context_for
from claimgraph.extract.attr_merge import CueWithSpans, contents_of, merge, stage_two
from claimgraph.extract.attr_relations import build_attributions
from claimgraph.extract.attr_tagger import TaggedRelation, rule_roles, tag_doc
from claimgraph.extract.attribution import Frame, dangling_frame, find_frame, outer_according_frame, parenthetical_frame
from claimgraph.extract.claim_quotes import Held4, Quotations, assign_line_speakers, speaker_attributions
from claimgraph.extract.claim_sources import DocState, build_source, source_type, source_types
from claimgraph.extract.clauses import (
    Unit,
    char_span,
    clause_chain,
    clause_range,
    is_clause_head,
    make_units,
    span_root,
    token_range,
)
from claimgraph.extract.content_span import quotations, reported_contents, trim_aside
from claimgraph.extract.cue_lexicon import CueEntry, cue_lexicon
from claimgraph.extract.deadline import check_deadline
from claimgraph.extract.frame_parts import is_discourse_marker
from claimgraph.extract.line_speakers import line_speakers
from claimgraph.extract.modality import is_marked, modality_lexicon
from claimgraph.model import Attribution, Claim, Cue, Source, Span

#: the entry of a frame built for a tagged source (only its source is read)
TAGGED_ENTRY = CueEntry("reporting", "report")
_QUESTION_END = ("?", '?"', "?”", "?'", "?’")


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

    def __init__(self, state: DocState) -> None:
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
        source = build_source(self.state, frame)
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
        source = build_source(self.state, frame)
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
                outer = outer_according_frame(head, frame) if own is frame else None
                if outer is not None:
                    self.clause(head, outer, clause_range(head, chain))
                self.complement(frame)
                continue
            dangling = dangling_frame(head) if frame is None else None
            if dangling is not None:
                self.dangling = (build_source(self.state, dangling), self._cue(dangling))
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


def _rule_claims(doc: Doc) -> tuple[DocState, list[Held4]]:
    """The rules' claims of a document, in the order found (line speakers applied, signatures dropped)."""
    structure = [(int(s), int(e)) for s, e in (doc._.cg_structure or [])]
    state = DocState(doc, doc.text, tuple(doc.ents), list(doc._.cg_entities or []), [])
    found: list[Held4] = []
    quotes = Quotations()
    for sent in doc.sents:
        check_deadline(doc, "claimgraph_claims_v1")  # off the main thread no timer can interrupt a long article
        before = doc[sent.start - 1] if sent.start > 0 else None
        if before is not None and ("\n" in before.text or "\n" in before.whitespace_):
            quotes.paragraph()
        if _in_structure(sent, structure) or not _is_claim_sentence(sent):
            quotes.paragraph(skipped=True)
            continue
        sent_span = Span(sent.start_char, sent.end_char)
        base = len(found)
        sentence = _SentenceClaims(state)
        for unit, source, cue in sentence.run(sent):
            parent = None if unit.parent is None else unit.parent + base
            found.append((Unit(unit.start, unit.end, unit.head, parent), source, cue, sent_span))
        quotes.update(sent, found, base, sentence.dangling)
    speakers = state.speakers = line_speakers(state.text)
    dropped = assign_line_speakers(state, found, speakers) if speakers else set()
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


def _tagged_source(state: DocState, source: tuple[int, int] | None) -> Source:
    """The Source of a tagger-found source range; a pronoun is resolved like a rule source."""
    if source is None:
        return Source(kind="unnamed")
    head = (span_root(state.doc, *source) or state.doc[source[0]]).i
    # build_source reads only the frame's source fields
    frame = Frame("clause", "named", (source[0], source[0]), TAGGED_ENTRY, source, head)
    return build_source(state, frame)


def _self_hedge(doc: Doc, relation: TaggedRelation) -> bool:
    """ "I think C": the speaker hedging C, which keeps its holder (the rules' view; see cues.json 'self_hedges')."""
    lex = cue_lexicon()
    believes = any(
        (entry := lex.verbs.get(t.lemma_.lower())) is not None and entry.cue_class == "belief"
        for t in doc[relation.cue[0] : relation.cue[1]]
    )
    return believes and any(doc[s:e].text.lower() in lex.self_hedges for s, e in relation.sources)


def extract_claims(doc: Doc, *, tagger: bool = True, context: ContextModel | None = None) -> list[Claim]:
    """All claims of a parsed document, ids ``c1``, ``c2`` ... in text order.

    With ``tagger`` (the default) the learned attribution tagger adds the
    attributions the rules missed and extends cue spans
    (:mod:`claimgraph.extract.attr_merge`). ``context`` is the tagger's context model
    (:func:`claimgraph.extract.attr_context.context_for` the pipeline that parsed ``doc``); the
    ``claimgraph_claims_v1`` component passes it, a direct call without it tags with the linear model alone.
    """
    return extract_claims_and_attributions(doc, tagger=tagger, context=context)[0]


def extract_claims_and_attributions(
    doc: Doc, *, tagger: bool = True, context: ContextModel | None = None
) -> tuple[list[Claim], list[Attribution]]:
    """The claims of a parsed document and its attributions (:mod:`claimgraph.extract.attr_relations`)."""
    state, found = _rule_claims(doc)
    stage2: list[CueWithSpans] = []
    quotes = cache(lambda: quotations(doc))  # merge and the reported contents both read them, when they need them
    if tagger and len(doc):
        marks = [(char_span(doc, u.start, u.end), source, cue) for u, source, cue, _ in found]
        tags = tag_doc(doc, rule_roles(doc, marks), context=context)
        relations, stage2 = stage_two(doc, tags)
        lex = cue_lexicon()
        relations = [r for r in relations if not _self_hedge(doc, r) and not is_discourse_marker(doc, *r.cue, lex)]
        stage2 = [c for c in stage2 if not is_discourse_marker(doc, *c[0], lex)]
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
    attributions = build_attributions(
        doc, claims, stage2, lambda src: _tagged_source(state, src), speaker_attributions(state)
    )
    return claims, attributions


def _contents(
    doc: Doc, found: list[Held4], stage2: list[CueWithSpans], quotes: Callable[[], list[tuple[int, int]]]
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
        ranges = trim_aside(doc, ranges)
        out[key] = tuple(char_span(doc, s, e) for s, e in ranges)
    return out


class ClaimsComponent:
    """``Doc -> Doc``: set ``doc._.cg_claims``; ``context`` is the attribution tagger's context model (or None)."""

    def __init__(self, context: ContextModel | None = None) -> None:
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_claims, doc._.cg_attributions = extract_claims_and_attributions(doc, context=self.context)
        return doc


@Language.factory(
    "claimgraph_claims_v1", assigns=["doc._.cg_claims", "doc._.cg_attributions"], requires=["doc._.cg_entities"]
)
def make_claims(nlp: Language, name: str) -> ClaimsComponent:
    """Factory for the ``claimgraph_claims_v1`` component (with the context model when ``nlp`` matches it)."""
    return ClaimsComponent(context_for(nlp))


# source_type(s) now live in claim_sources; they stay public here, where callers have always found them
__all__ = [
    "ClaimsComponent",
    "extract_claims",
    "extract_claims_and_attributions",
    "rule_marks",
    "source_type",
    "source_types",
]

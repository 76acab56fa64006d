"""Merge the learned tagger's relations into the rule-based claims of one document.

The rules (:mod:`claimgraph.extract.claims`) give claim units with their holder;
the tagger (:mod:`claimgraph.extract.attr_tagger`) gives PolNeAR-style relations
(cue, source, content) and finds many cues the rules miss. The merge keeps the
claim units as the rules cut them and changes only who holds them:

* a tagged relation whose cue overlaps a rule cue may extend that cue by
  auxiliaries before it or words after it ("has said in a statement"); the
  rules keep the holder;
* a tagged relation the rules did not find takes the outlet's own claims that
  lie mostly inside its content (cut to the content), and makes new units for
  content no claim covers, in sentences that may hold claims at all;
* tagged content of a known cue that runs further (a quotation over several
  sentences) takes the outlet's claims inside it as well.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extract.attr_spans import CueSpans, spans_for_cues
from claimgraph.extract.attr_tagger import CUE, TaggedRelation
from claimgraph.extract.clauses import Unit, char_span, make_units, span_root, token_range, trim
from claimgraph.extract.cue_lexicon import cue_lexicon
from claimgraph.model import Cue, Source, Span

Held = tuple[Unit, Source, Cue | None, Span]
Range = tuple[int, int]
#: builds the Source of a tagged source token range (resolving pronouns), or an unnamed one for None
SourceBuilder = Callable[[Range | None], Source]
#: whether a sentence may hold claims at all (no title, no question)
SentenceTest = Callable[[SpacySpan], bool]


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _lexical(doc: Doc, rel: TaggedRelation) -> bool:
    """Whether the cue is a cue of the rules' lexicon whose object may be a content ("called the plan ...")."""
    lex = cue_lexicon()
    lemmas = {t.lemma_.lower() for t in doc[rel.cue[0] : rel.cue[1]]}
    if lemmas & lex.addressee_verbs:
        return False  # "asked the harbour master": the person addressed is no content
    return any(lemma in lex.verbs or lemma in lex.object_verbs or lemma in lex.multiword for lemma in lemmas)


def _quoted(quotes: list[Range], unit: Unit) -> bool:
    return any(s <= unit.start and unit.end <= e for s, e in quotes)


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is headed by a verb with a subject of its own (a proposition, not a noun phrase)."""
    root = span_root(doc, start, end, skip_punct=True)
    if root is None:
        return False
    return root.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)


def cue_runs(tags: npt.NDArray[np.int64]) -> list[Range]:
    """Every cue run of a stage-1 tag sequence, token ranges (a ``B-CUE`` starts a new one)."""
    roles = (tags + 1) // 2
    out: list[Range] = []
    start = -1
    for i in range(len(tags) + 1):
        is_cue = i < len(tags) and roles[i] == CUE
        if start >= 0 and (not is_cue or tags[i] == 2 * CUE - 1):
            out.append((start, i))
            start = -1
        if is_cue and start < 0:
            start = i
    return out


#: a cue (token range) with the source and content ranges stage 2 gave it
CueWithSpans = tuple[Range, CueSpans]


def stage_two(doc: Doc, tags: npt.NDArray[np.int64]) -> tuple[list[TaggedRelation], list[CueWithSpans]]:
    """Sources and contents of stage 1's cues from the cue-conditioned model (:mod:`attr_spans`).

    Returns the relations (cue runs that got a content: what :func:`merge`
    takes) and every cue with its spans (what a claim's reported content is read
    from). Only stage 1's cues go in, all in one call: the model reads the other
    cues of the document as features and was trained with annotated cues there;
    the rules' wider notion of a cue ("knows", "thinks" inside a quotation) would
    cut contents short.
    """
    runs = cue_runs(tags)
    spans = spans_for_cues(doc, runs)
    relations = [TaggedRelation(c, src, con) for c, (src, con) in zip(runs, spans, strict=True) if con]
    return relations, list(zip(runs, spans, strict=True))


def contents_of(cue: Range, spans: list[CueWithSpans]) -> tuple[Range, ...]:
    """The content ranges stage 2 gave the cue overlapping ``cue`` (none when it gave none)."""
    return next((con for c, (_, con) in spans if con and _overlaps(c, cue)), ())


def _new_units(
    doc: Doc, start: int, end: int, sent_starts: list[int], is_marked: Callable[[Token], bool], accepts: SentenceTest
) -> list[tuple[Unit, Span]]:
    """Claim units for uncovered content, one range per accepted sentence it touches (``sent_starts``: first tokens)."""
    out: list[tuple[Unit, Span]] = []
    pos = start
    while pos < end:
        k = bisect.bisect_right(sent_starts, pos) - 1
        sent_start = sent_starts[k] if k >= 0 else 0
        sent_end = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(doc)
        stop = min(end, sent_end)
        s, e = trim(doc, pos, stop)
        if e > s and any(t.is_alpha for t in doc[s:e]) and accepts(doc[sent_start:sent_end]):
            for unit in make_units(doc, [(s, e, span_root(doc, s, e) or doc[s])], is_marked, drop_intro=False):
                out.append((unit, char_span(doc, sent_start, sent_end)))
        pos = stop
    return out


def merge(
    doc: Doc,
    text: str,
    found: list[Held],
    relations: list[TaggedRelation],
    build_source: SourceBuilder,
    is_marked: Callable[[Token], bool],
    accepts: SentenceTest,
    quotes: Callable[[], list[Range]],
) -> list[Held]:
    """``found`` with the tagged relations merged in (see the module docstring); ``text`` is ``doc.text``.

    ``quotes`` gives the document's quotations (:func:`~claimgraph.extract.content_span.quotations`),
    computed once per document by the caller, which needs them too.
    """
    cue_ranges = [token_range(doc, f[2].span) if f[2] is not None else (0, 0) for f in found]
    out = list(found)
    sent_starts: list[int] | None = None
    for rel in relations:
        cue_span = char_span(doc, *rel.cue)
        cue = Cue(text[cue_span.start : cue_span.end], cue_span)
        known = [i for i, r in enumerate(cue_ranges) if found[i][1].kind != "author" and _overlaps(r, rel.cue)]
        if known:
            for i in known:
                unit, src, rule_cue, sent = out[i]
                out[i] = (unit, src, _refined_cue(doc, cue, rule_cue, rel.cue, cue_ranges[i]), sent)
            source = out[known[0]][1]
        else:
            source = build_source(rel.sources[0] if rel.sources else None)
        covered: list[Range] = [(out[i][0].start, out[i][0].end) for i in known]
        for c_start, c_end in rel.contents:
            for i, (unit, src, _, sent) in enumerate(out):
                if src.kind != "author" or not _overlaps((unit.start, unit.end), (c_start, c_end)):
                    continue
                if doc[unit.start].sent.start != doc[rel.cue[0]].sent.start and not _quoted(quotes(), unit):
                    continue  # past the cue's sentence, content is what a quotation carries on with
                if (
                    unit.start <= rel.cue[0] < unit.end
                    and not _is_clause(doc, c_start, c_end)
                    and (c_start < rel.cue[0] or not _lexical(doc, rel))
                ):
                    # the claim's own verb with a noun-phrase content, either no cue of the lexicon ("X backed
                    # Y by sending Z") or content before it ("The mayor was praised"): an event the outlet
                    # reports, not a proposition X holds; the attribution stays
                    continue
                s, e = trim(doc, max(unit.start, c_start), min(unit.end, c_end))
                # a claim changes hands only when most of it is the content: an object noun phrase as
                # content ("X backed the plan") leaves the outlet's event claim as it is
                if 2 * (e - s) < unit.end - unit.start or not any(t.is_alpha for t in doc[s:e]):
                    continue
                out[i] = (Unit(s, e, unit.head, unit.parent), source, cue, sent)
                covered.append((s, e))
            if known:
                continue
            taken = covered + [(u.start, u.end) for u, *_ in out]
            if sent_starts is None:
                sent_starts = [i for i, v in enumerate(doc.to_array("SENT_START").tolist()) if v == 1]
            for unit, sent in _new_units(doc, c_start, c_end, sent_starts, is_marked, accepts):
                if not any(_overlaps((unit.start, unit.end), r) for r in taken):
                    out.append((unit, source, cue, sent))
                    taken.append((unit.start, unit.end))
    return out


#: what a tagged cue may add before the rule cue: "has said", "did not deny", "publicly signalled"
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})


def _refined_cue(doc: Doc, tagged: Cue, rule: Cue | None, tagged_range: Range, rule_range: Range) -> Cue | None:
    """The tagger's cue where it holds the rule cue and adds only auxiliaries before it or words after it.

    ("said" -> "has said in a statement"). The rules' conventions stay where
    the tagger would cut into the rule cue ("remind us") or add a copula
    ("concerned" -> "are concerned").
    """
    if rule is None or tagged_range[0] > rule_range[0] or tagged_range[1] < rule_range[1]:
        return rule
    if all(doc[i].pos_ == "ADV" for i in range(*rule_range)):
        return rule  # an evidential adverb ("purportedly") is the whole cue; "was" is the clause's own verb
    if any(doc[i].dep_ not in _CUE_LEFT_DEPS for i in range(tagged_range[0], rule_range[0])):
        return rule
    return tagged


__all__ = ["CueWithSpans", "Held", "contents_of", "cue_runs", "merge", "stage_two"]

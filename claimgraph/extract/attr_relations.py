"""An article's attributions: the relations (cue, source, content) beside its claims.

Claims are propositions with their holder; an attribution is the act of
reporting: who is said to have said, thought or done what. Most attributions
hold claims (every cue the claims carry is one, with the claims under it);
the cue-conditioned model (:mod:`claimgraph.extract.attr_spans`) adds those
that hold none: a question put to someone, a noun phrase as content
("questioned the integrity of the count"), a stance the outlet reports as its
own event ("the ministry backed the plan").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from claimgraph.extract.attr_merge import CueWithSpans
from claimgraph.extract.clauses import char_span
from claimgraph.model import Attribution, Claim, Cue, Source, Span

Range = tuple[int, int]


def build_attributions(
    doc: Doc,
    claims: Sequence[Claim],
    stage2: Sequence[CueWithSpans],
    source_of: Callable[[Range | None], Source],
    layout: Sequence[tuple[Cue, Source, tuple[Span, ...]]] = (),
) -> list[Attribution]:
    """Attributions of one document, ids ``a1``, ``a2`` ... in the order of their cues.

    ``stage2`` are the tagger's cues with their spans; ``source_of`` builds the
    Source of a source token range (resolving pronouns), or an unnamed one for None.
    ``layout`` are the speakers named by line layout (cue, source, content); each
    whose cue no claim carries is an attribution of its own.
    """
    held: dict[tuple[int, int], list[Claim]] = {}
    for claim in claims:
        if claim.cue is not None and claim.source.kind != "author":
            held.setdefault((claim.cue.span.start, claim.cue.span.end), []).append(claim)
    found: list[tuple[Cue, Source, tuple[Span, ...], tuple[str, ...]]] = []
    for group in held.values():
        first = group[0]
        assert first.cue is not None
        content = first.content or tuple(c.span for c in group)
        found.append((first.cue, first.source, content, tuple(c.id for c in group)))
    for (start, end), (sources, contents) in stage2:
        # a cue with neither a claim nor a source is mostly a stray verb ("pushing for", "to ask"):
        # on PolNeAR dev only 15 % of them are attributions
        if not contents or not sources:
            continue
        cue = char_span(doc, start, end)
        if any(cue.overlaps(Span(*key)) for key in held):
            continue
        # the span's own text: Doc.text would rebuild the whole article's text on every call
        source = source_of(sources[0] if sources else None)
        found.append((Cue(doc[start:end].text, cue), source, tuple(char_span(doc, *c) for c in contents), ()))
    for cue_of_line, source_of_line, content_of_line in layout:
        if not any(cue_of_line.span.overlaps(f[0].span) for f in found):
            found.append((cue_of_line, source_of_line, content_of_line, ()))
    found.sort(key=lambda f: (f[0].span.start, f[0].span.end))
    return [Attribution(f"a{i + 1}", cue, source, content, ids) for i, (cue, source, content, ids) in enumerate(found)]


__all__ = ["build_attributions"]

"""The times component: TIMEX3 expressions of the article, normalised against its publication date.

Runs :func:`claimgraph.extract.timex.find_timexes` on ``doc.text`` with
``doc._.cg_dct`` as the document creation time and stores the result in
``doc._.cg_times`` (ids ``t1``, ``t2``, ... in text order). The recogniser works
on the raw text with precompiled regular expressions, so the component costs a
small fraction of the spaCy pipeline and does not depend on its tokens.

The expression that makes up the dateline (one of ``doc._.cg_structure``'s spans:
the line holding the publication date) gets ``role="publication"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extract.timex import find_timexes, parse_dct
from claimgraph.model import Span, TimeExpr

#: An expression must cover at least this share of a structure line's visible text to be its dateline.
DATELINE_COVER = 0.5


def _publication_index(
    text: str, times: Sequence[TimeExpr], structure: Sequence[Sequence[int]], dct: str | None
) -> int:
    """Index of the expression that is the dateline, or -1."""
    dct_day = parse_dct(dct)[0]
    lines = [Span(int(s), int(e)) for s, e in structure]
    for i, t in enumerate(times):
        if t.type not in ("DATE", "TIME") or t.value is None:
            continue
        line = next((ln for ln in lines if ln.contains(t.span)), None)
        if line is None:
            continue
        visible = len(text[line.start : line.end].strip()) or 1
        same_day = dct_day is not None and t.value.startswith(dct_day.isoformat())
        if same_day or len(t.span) / visible >= DATELINE_COVER:
            return i
    return -1


def assign_times(text: str, dct: str | None, structure: Sequence[Sequence[int]] | None = None) -> list[TimeExpr]:
    """Time expressions of ``text`` with the dateline one marked ``role="publication"``."""
    times = find_timexes(text, dct)
    pub = _publication_index(text, times, structure or [], dct)
    if pub >= 0:
        times[pub] = replace(times[pub], role="publication")
    return times


class TimesComponent:
    """spaCy component: sets ``doc._.cg_times``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_times = assign_times(doc.text, doc._.cg_dct, doc._.cg_structure)
        return doc


@Language.factory("claimgraph_times_v1", assigns=["doc._.cg_times"], requires=[])
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Factory of the times component (no settings)."""
    return TimesComponent()


__all__ = ["TimesComponent", "assign_times", "make_times"]

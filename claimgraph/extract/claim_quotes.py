"""Quotations and line speakers: claims whose holder is named outside their own sentence.

A quotation running over several sentences lends its holder to all of them; a
speaker named by the layout of a line ("NAME: ...") holds the outlet's claims on it.
Both rewrite the claims found so far in place, once per sentence or once per document.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan

from claimgraph.extract.claim_sources import DocState, source_type
from claimgraph.extract.clauses import Unit, trim
from claimgraph.extract.line_speakers import LineSpeaker
from claimgraph.model import Cue, Source, Span

_CLOSING_QUOTES = ('"', "”", "'", "’")


def _quote_open_after(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after ``text``, given whether one was open before it."""
    curly_open, curly_close = text.rfind("“"), text.rfind("”")
    if curly_open != curly_close:
        return curly_open > curly_close
    return was_open != (text.count('"') % 2 == 1)


#: a claim found so far: its unit, holder, cue and sentence
Held4 = tuple[Unit, Source, Cue | None, Span]


class Quotations:
    """Quotations running over several sentences: their sentences share the holder named once.

    '"A. B," she said.': A is held by her too; '"A," she said. "B."': so is B; '"A. B." She said.'
    likewise. A cue with no content that ends its sentence with a colon ("The governor added:")
    announces what follows: the claims of the next paragraph are its holder's (block quotations
    set off without quotation marks). The state is a few indices into the claims found so far,
    updated once per sentence.
    """

    def __init__(self) -> None:
        self.open = False
        self.first = 0  # first claim of the open quotation
        self.closed: range = range(0)  # claims of a quotation that closed at the previous sentence's end
        self.holder: tuple[Source, Cue] | None = None  # who spoke the quotation just before, same paragraph
        self.announced: tuple[Source, Cue] | None = None  # "X added:" just read, its content still to come
        self.carried: tuple[Source, Cue] | None = None  # the holder of the paragraph being read, announced before it

    @staticmethod
    def _reassign(found: list[Held4], claims: range, holder: tuple[Source, Cue]) -> None:
        for i in claims:
            if found[i][1].kind == "author":
                found[i] = (found[i][0], *holder, found[i][3])

    def update(self, sent: SpacySpan, found: list[Held4], base: int, dangling: tuple[Source, Cue] | None) -> None:
        """Take the sentence whose claims are ``found[base:]``."""
        text = sent.text.strip()
        if self.announced is not None:
            self.carried, self.announced = self.announced, None
        if self.carried is not None:
            self._reassign(found, range(base, len(found)), self.carried)
        opens_here = not self.open and text[:1] in ('"', "“")
        named = next(((f[1], f[2]) for f in found[base:] if f[1].kind == "named" and f[2] is not None), None)
        if self.open and named is not None:
            self._reassign(found, range(self.first, base), named)
        if dangling is not None and text.endswith(":"):
            self.announced = dangling
        elif dangling is not None:
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

    def paragraph(self, *, skipped: bool = False) -> None:
        """A paragraph break ends every quotation, and the paragraph a colon announced.

        ``skipped``: the break is a line that is no claim sentence (a heading, a question),
        which also ends what a colon announced before it.
        """
        self.open, self.closed, self.holder = False, range(0), None
        if skipped:
            self.announced = None
        if self.announced is None:
            self.carried = None


def line_speaker_source(state: DocState, speaker: LineSpeaker) -> tuple[Source, Cue]:
    """The named source and the cue (the colon or dash) of a line speaker."""
    s, e = speaker.source
    phrase = state.doc.char_span(s, e, alignment_mode="expand")
    kind = source_type(phrase, phrase.root, state.entities) if phrase is not None else None
    cs, ce = speaker.cue
    return Source(kind="named", text=state.text[s:e], span=Span(s, e), type=kind), Cue(state.text[cs:ce], Span(cs, ce))


def assign_line_speakers(state: DocState, found: list[Held4], speakers: list[LineSpeaker]) -> set[int]:
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
            holder = holder or line_speaker_source(state, speaker)
            found[i] = (Unit(start, end, unit.head, unit.parent), *holder, sent_span)
    return dropped


_WORD = re.compile(r"[^\W\d_]{2,}")


def _reads_as_words(content: str) -> bool:
    """Three words or more, not all in capitals: what is said, not a table row ("Due: 27  35") or a
    place-by-place listing in capitals."""
    return any(c.islower() for c in content) and len(_WORD.findall(content, 0, 400)) >= 3


def speaker_attributions(state: DocState) -> list[tuple[Cue, Source, tuple[Span, ...]]]:
    """Every line speaker as a reporting act: cue, source and the line's content part.

    A line's claims are assigned to its speaker by :func:`assign_line_speakers`; this also
    covers the lines that hold no claim: a headline ("Ana Ruiz: Harbour Tolls Must Go",
    skipped as structure), a question or a fragment in a transcript.
    """
    out: list[tuple[Cue, Source, tuple[Span, ...]]] = []
    for speaker in state.speakers:
        start, end = speaker.content
        while end > start and state.text[end - 1].isspace():
            end -= 1
        if end > start and _reads_as_words(state.text[start:end]):
            source, cue = line_speaker_source(state, speaker)
            out.append((cue, source, (Span(start, end),)))
    return out


__all__ = ["Held4", "Quotations", "assign_line_speakers", "line_speaker_source", "speaker_attributions"]

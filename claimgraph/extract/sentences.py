"""Sentence boundaries from the article's layout, set before the parser runs.

A line break always ends a sentence in news text (headlines, datelines and
subheadings carry no final full stop), and each structure line (title,
dateline, subheading) is a sentence of its own. So is what a speaker says
after the label of a transcript line ("HOLM: The ferries will run in May."):
left in one sentence with the label, it is parsed as a clause hanging off the
name. The parser keeps preset boundaries and only adds its own inside the
remaining prose.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extract.line_speakers import line_speakers


def _speaker_content_starts(text: str) -> set[int]:
    """Where the words of each "NAME: ..." line begin (the label itself stays a fragment of its own)."""
    if ":" not in text:
        return set()
    return {sp.content[0] for sp in line_speakers(text) if text[sp.cue[0] : sp.cue[1]] == ":"}


class LayoutSentencizer:
    def __call__(self, doc: Doc) -> Doc:
        structure = doc._.cg_structure or []
        bounds = {s for s, _ in structure} | {e for _, e in structure} | _speaker_content_starts(doc.text)
        # a boundary may fall on the space after a structure span ("WASHINGTON (AP) —| The Senate ..."):
        # the first token at or after it starts the sentence
        idx: list[int] = doc.to_array(IDX).tolist() if bounds else []
        starts = {idx[k] for b in bounds if (k := bisect.bisect_left(idx, b)) < len(idx)}
        prev_newline = False
        for i, token in enumerate(doc):
            if i == 0:
                prev_newline = "\n" in token.text or "\n" in token.whitespace_
                continue
            if prev_newline or token.idx in starts:
                token.is_sent_start = True
            elif token.is_space and "\n" in token.text:
                # a whitespace token holding a line break belongs to the sentence before
                token.is_sent_start = False
            prev_newline = "\n" in token.text or "\n" in token.whitespace_
        return doc


@Language.factory(
    "claimgraph_sentences_v1",
    assigns=["token.is_sent_start"],
    requires=[],
)
def make_layout_sentencizer(nlp: Language, name: str) -> LayoutSentencizer:
    return LayoutSentencizer()

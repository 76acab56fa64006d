"""Roles and descriptions: titles and appositives of people, and "the allied country" for a country.

A person's roles are the title glued before the name ("Defence Minister Lena Varga") and an appositive
after or before it (", the fisheries minister,"). A country description ("the allied country") is the
country last named as a destination. Separate from finding mentions because these passes read the
words around a mention found already, not the mention itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extract.entity_lexicon import DETERMINERS, Lexicon
from claimgraph.extract.entity_mentions import Mention, clear, outward_tokens, place

_CLOSERS = frozenset({",", ";", ".", ")", "—", "–", ":", "!", "?"})


def find_roles(lex: Lexicon, doc: Doc, mentions: list[Mention], owner: list[Mention | None]) -> None:
    """Attach to each person its title before the name and its appositives after or before it."""
    for m in mentions:
        if m.label != "PERSON":
            continue
        title = _title_before(lex, doc, m.start)
        if title is not None:
            for k in range(title[0], title[1]):
                other = owner[k]
                if other is not None and other.label == "ORG" and _is_title_words(lex, doc, other):
                    clear(owner, other)  # "Defence" in "Defence Minister" is no organisation
            m.roles.append(doc[title[0] : title[1]].text)
        after = _appositive_after(lex, doc, m.end)
        before = _appositive_before(lex, doc, m)
        for role in (before, after):
            if role:
                m.roles.append(role)


def _is_title_words(lex: Lexicon, doc: Doc, m: Mention) -> bool:
    words = (doc[k].lower_ for k in range(m.start, m.end))
    return all(w in lex.role_words or w in lex.role_modifiers for w in words)


def _title_before(lex: Lexicon, doc: Doc, start: int) -> tuple[int, int] | None:
    """Title words glued before a name: "Russian Defence Minister" Andrey Belousov."""
    sent_start = doc[start].sent.start
    first = start
    i = start - 1
    while i >= sent_start and start - i <= 8:
        tok = doc[i]
        low = tok.lower_
        capitalised = (tok.is_title or tok.is_upper) and tok.pos_ in {"PROPN", "NOUN", "ADJ"}
        if low in lex.role_words or low in lex.role_modifiers or low in lex.role_connectors:
            pass
        elif not capitalised or tok.ent_type_ in {"PERSON", *lex.drop_labels}:
            break
        first = i
        i -= 1
    while first < start and doc[first].lower_ in lex.role_connectors:
        first += 1
    if first == start or not any(doc[k].lower_ in lex.role_words for k in range(first, start)):
        return None
    return first, start


def _appositive_after(lex: Lexicon, doc: Doc, end: int) -> str | None:
    """ ", Russia's defence minister," or ", responsible for arms supplies in Russia," after a name."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[end].sent.end
    j = end + 1
    while j < sent_end and j - end <= 15 and doc[j].text not in _CLOSERS and doc[j].text != "(":
        j += 1
    if j == end + 1 or j - end > 15:
        return None
    first = end + 1
    while first < j - 1 and doc[first].lower_ in DETERMINERS:
        first += 1
    phrase = doc[first:j]
    words = [t.lower_ for t in phrase]
    starter = any(tuple(words[: len(s)]) == s for s in lex.appositive_starters)
    if not starter:
        if any(t.pos_ in {"VERB", "AUX"} or t.ent_type_ == "PERSON" for t in phrase):
            return None
        if phrase.root.lower_ not in lex.role_words:
            return None
    return phrase.text


def _appositive_before(lex: Lexicon, doc: Doc, m: Mention) -> str | None:
    """ "the country's top diplomat, Olek Brand": a role noun with the name as its appositive."""
    if m.start < 2 or doc[m.start - 1].text != ",":
        return None
    noun = doc[m.start - 2]
    root = doc[m.start : m.end].root
    if noun.lower_ not in lex.role_words:
        return None
    if not ((root.dep_ == "appos" and root.head.i == noun.i) or (noun.dep_ == "appos" and noun.head.i == root.i)):
        return None
    first = noun.left_edge.i
    while first < noun.i and doc[first].lower_ in DETERMINERS:
        first += 1
    return doc[first : noun.i + 1].text


def _is_destination(lex: Lexicon, tok: Token) -> bool:
    """Where someone goes: "to/in/into X" or "visit/enter X"."""
    head = tok.head
    if tok.dep_ == "pobj":
        return head.lower_ in lex.destination_preps
    return tok.dep_ == "dobj" and head.lemma_.lower() in lex.destination_verbs


def country_descriptions(lex: Lexicon, doc: Doc, mentions: list[Mention], owner: list[Mention | None]) -> None:
    """Best effort: "arrived in the allied country" after "a visit to North Korea" is North Korea again."""
    last: str | None = None
    # A capital standing for its state ("provides to Moscow") is a recipient, never a destination.
    upcoming = iter(m for m in mentions if m.country and not m.capital)
    nxt = next(upcoming, None)
    for tok in doc:
        while nxt is not None and nxt.end <= tok.i:
            if any(_is_destination(lex, t) for t in outward_tokens(doc, nxt)):
                last = nxt.country
            nxt = next(upcoming, None)
        if tok.lower_ not in lex.description_nouns or tok.tag_ != "NN" or not _is_destination(lex, tok):
            continue
        first = tok.left_edge.i
        if last is None or doc[first].lower_ != "the" or tok.i - first > 2 or owner[first] or owner[tok.i]:
            continue
        place(owner, Mention(first, tok.i + 1, "GPE", country=last), override=False)

"""Which mentions name the same referent: parenthetical aliases, capital-for-country metonymy, merging.

"X (Y)" makes Y an alias of X; a capital stands for its state only where it acts as one ("Moscow
denied"); surnames and first names join the one full name they fit, and a company's first word
("Larkspur") the one organisation name it opens ("Larkspur Analytics"). The mentions are then merged
(union-find over their keys) into :class:`~claimgraph.model.Entity` records with name, type, aliases,
roles and kind. Separate from finding mentions because it decides identity, not extent.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extract.entity_lexicon import Lexicon
from claimgraph.extract.entity_mentions import Mention, place
from claimgraph.model import Entity
from claimgraph.model import Span as CharSpan

_STATE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_STATE_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
_LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART")


def parenthetical_aliases(lex: Lexicon, doc: Doc, mentions: list[Mention], owner: list[Mention | None]) -> None:
    """ "X (Y)": Y names X (an acronym, a second designation), unless Y is a place or a person."""
    aliases: dict[str, Mention] = {}
    for m in mentions:
        if m.label in {"PERSON", "NORP"} or m.end + 2 >= len(doc) or doc[m.end].text != "(":
            continue
        close = next((k for k in range(m.end + 2, min(len(doc), m.end + 9)) if doc[k].text == ")"), None)
        if close is None:
            continue
        inner = owner[m.end + 1]
        text = doc[m.end + 1 : close].text
        if inner is not None and (inner.start, inner.end) == (m.end + 1, close):
            if (inner.country and not m.country) or inner.label == "PERSON":
                continue
            # Acronyms are kept even when the initials differ: transliterated names ("GRAU") do not match.
            names_it = lex.is_acronym(text) or lex.initials_match(doc[m.start : m.end], text)
            if names_it or (m.weapon and inner.weapon):
                inner.alias_of = m
                aliases[text] = m
        elif close == m.end + 2 and inner is None and lex.is_acronym(text):
            place(owner, Mention(m.end + 1, close, m.label, weapon=m.weapon, alias_of=m), override=False)
            aliases[text] = m
    # Later bare uses of an acronym NER did not tag ("the TsZPO said") are mentions too.
    for tok in doc:
        target = aliases.get(tok.text)
        if target is not None and owner[tok.i] is None:
            alias = Mention(tok.i, tok.i + 1, target.label, weapon=target.weapon, alias_of=target)
            place(owner, alias, override=False)


def acts_as_state(lex: Lexicon, root: Token) -> bool:
    """Whether a capital stands for its state here ("Moscow denied", "sent Moscow", "supplies to Moscow")."""
    if root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    head = root.head
    if root.dep_ in _STATE_SUBJECT_DEPS:
        return head.lemma_.lower() in lex.state_verbs
    if root.dep_ == "poss":
        # "Moscow's decision", not "Moscow's streets"
        return head.lemma_.lower() not in lex.place_nouns and head.lower_ not in lex.place_nouns
    if root.dep_ in _STATE_OBJECT_DEPS:
        return head.lemma_.lower() in lex.state_object_verbs
    if root.dep_ == "pobj":
        prep = head
        governor = prep.head
        if prep.dep_ == "agent":
            return governor.lemma_.lower() in lex.state_verbs
        if prep.lower_ in {"to", "from"}:
            return governor.lemma_.lower() in lex.supply_words or governor.lower_ in lex.supply_words
    return False


def merge_mentions(lex: Lexicon, doc: Doc, mentions: list[Mention]) -> list[Entity]:
    """Merge mentions that name the same referent (keys, nicknames, aliases) into entities ``e1``... in text order."""
    people = _person_keys(doc, mentions)
    orgs = _organisation_keys(doc, mentions, people)
    heads = _organisation_heads(doc, mentions)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for m in mentions:
        m.key = _key(doc, m, people, orgs, heads)
        parent.setdefault(m.key, m.key)
        if m.nickname:
            nick_key = "x:" + doc[m.nickname[0] : m.nickname[1]].text.lower()
            parent.setdefault(nick_key, nick_key)
            union(m.key, nick_key)
    for m in mentions:
        if m.alias_of is not None and m.alias_of.key:  # its target may have been evicted by a later pass
            union(m.alias_of.key, m.key)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(find(m.key), []).append(m)
    ordered = sorted(groups.values(), key=lambda g: min(x.start for x in g))
    return [_entity(lex, doc, f"e{n}", group) for n, group in enumerate(ordered, 1)]


def _person_keys(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Surname / first name -> full name, when exactly one full name in the article fits."""
    fits: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start >= 2:
            full = doc[m.start : m.end].text
            for part in (doc[m.start].text, doc[m.end - 1].text):
                fits.setdefault(part, set()).add(full)
    return {part: next(iter(names)) for part, names in fits.items() if len(names) == 1}


def _organisation_keys(doc: Doc, mentions: list[Mention], people: dict[str, str]) -> dict[str, str]:
    """First word -> organisation name, when exactly one organisation of two or more words in the article
    starts with it and it names no person there: "Larkspur" for "Larkspur Analytics"."""
    fits: dict[str, set[str]] = {}
    for m in mentions:
        first = doc[m.start]
        if m.label == "ORG" and not m.country and m.end - m.start >= 2 and first.pos_ == "PROPN" and first.is_title:
            fits.setdefault(first.text, set()).add(" ".join(doc[m.start : m.end].text.split()))
    return {word: next(iter(names)) for word, names in fits.items() if len(names) == 1 and word not in people}


def _organisation_heads(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Last word -> organisation name, when exactly one organisation of two or more words in the article
    ends with it: "Forum" for "Coral Sea Producers Forum" (read only after "the", see :func:`_key`)."""
    fits: dict[str, set[str]] = {}
    for m in mentions:
        last = doc[m.end - 1]
        if m.label == "ORG" and not m.country and m.end - m.start >= 2 and last.is_title:
            fits.setdefault(last.text, set()).add(" ".join(doc[m.start : m.end].text.split()))
    return {word: next(iter(names)) for word, names in fits.items() if len(names) == 1 and word not in _OWN_NAMES}


# "the House" is a chamber of its own, not the White House
_OWN_NAMES = frozenset({"House"})


def _key(doc: Doc, m: Mention, people: dict[str, str], orgs: dict[str, str], heads: dict[str, str]) -> str:
    text = doc[m.start : m.end].text
    if m.country:
        return "country:" + m.country
    if m.end - m.start == 1 and text in heads and m.start > 0 and doc[m.start - 1].lower_ == "the":
        # "the Forum" after "the Coral Sea Producers Forum": its short form, whatever NER made of it
        m.label = "ORG"
        return "x:" + heads[text].lower()
    if m.end - m.start == 1 and text in people and m.label in {"PERSON", "ORG"}:
        m.label = "PERSON"
        return "person:" + people[text].lower()
    if m.end - m.start == 1 and text in orgs and m.label == "ORG":
        # not a PERSON: "Holm said" beside "Holm Shipping Corp" is as often the person as the company
        return "x:" + orgs[text].lower()
    if m.label == "PERSON":
        return "person:" + text.lower()
    return "x:" + " ".join(text.lower().split())


def _entity(lex: Lexicon, doc: Doc, eid: str, group: list[Mention]) -> Entity:
    group.sort(key=lambda x: x.start)
    texts = [" ".join(doc[m.start : m.end].text.split()) for m in group]  # a name wrapped over two lines is one line
    labels = [m.label for m in group]
    country = next((m.country for m in group if m.country), None)
    if country:
        etype, name = "GPE", country
    elif any(m.weapon for m in group):
        etype = "WEAPON"
        name = next((t for m, t in zip(group, texts, strict=True) if m.nickname), None) or next(
            (t for m, t in zip(group, texts, strict=True) if m.alias_of is None), texts[0]
        )
    else:
        etype = "LOC" if "LOC" in labels else max(labels, key=lambda lb: (labels.count(lb), -_rank(lb)))
        if etype == "PERSON":
            name = max(texts, key=lambda t: (len(t.split()), -texts.index(t)))
        else:
            name = next((t for m, t in zip(group, texts, strict=True) if m.alias_of is None), texts[0])
    aliases: list[str] = []
    if etype == "PERSON" and len(name.split()) >= 2 and name.split()[-1].isalpha():
        aliases.append(name.split()[-1])  # the surname is how the article and others refer back
    for m, text in zip(group, texts, strict=True):
        extra = [text]
        if m.nickname:
            extra.append(doc[m.nickname[0] : m.nickname[1]].text)
        aliases.extend(a for a in extra if a != name and a not in aliases)
    roles: list[str] = []
    for m in group:
        roles.extend(r for r in m.roles if r not in roles)
    kind = None
    if etype == "ORG":
        kind = next((k for m in group if (k := _kind(lex, doc, m)) is not None), None)
    spans = sorted({CharSpan(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in group})
    return Entity(
        id=eid,
        name=name,
        type=etype,
        aliases=tuple(aliases),
        mentions=tuple(spans),
        role=roles[0] if roles else None,
        kind=kind,
        roles=tuple(roles),
    )


def _kind(lex: Lexicon, doc: Doc, m: Mention) -> str | None:
    """Source kind of an organisation from its name or a head noun right after it ("... portal")."""
    following: list[str] = []
    k = m.end
    while k < len(doc) and k - m.end < 2 and doc[k].is_lower and doc[k].pos_ in {"NOUN", "ADJ"}:
        following.append(doc[k].lower_)
        k += 1
    return lex.org_kind(doc[m.start : m.end].text, following)


def _rank(label: str) -> int:
    return _LABEL_PRIORITY.index(label) if label in _LABEL_PRIORITY else len(_LABEL_PRIORITY)

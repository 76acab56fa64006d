"""Finding entity mentions: NER repaired, the country gazetteer, weapon designations, "<Name> region".

A Doc's mentions live in an *owner table*: one slot per token holding the :class:`Mention` that covers
it, so each pass is a linear walk over tokens and a later pass can override an earlier one (:func:`place`).
The passes here find mentions; :mod:`claimgraph.extract.entity_roles` attaches roles and descriptions
and :mod:`claimgraph.extract.entity_aliases` decides which mentions name the same referent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimgraph.extract.entity_lexicon import DETERMINERS, Lexicon
from claimgraph.extract.units import unit_lexicon

#: First token -> [(token texts, country, is_capital)], longest first (built by the component, once).
Gazetteer = dict[str, list[tuple[tuple[str, ...], str, bool]]]

_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»", "„"})
# wire copy brackets a company's ticker or full name: "<Smith Barney, Harris Upham and Co Inc>"
_BRACKETS = frozenset({"<", ">"})
# words of a company's legal form: a mention made only of them ("Co Inc") names no company by itself
_LEGAL_FORMS = frozenset(
    "co cos company corp corporation inc incorporated ltd limited plc llc lp ag sa nv bv gmbh spa &".split()
)
# the legal forms that end a company's name written in full ("Kessel Offshore Drilling Corp")
_COMPANY_ENDINGS = frozenset("co corp corporation inc incorporated ltd plc llc ag nv gmbh".split())


@dataclass(slots=True)
class Mention:
    """A mention being built: its token range and what the passes learnt about it (mutable until merged)."""

    start: int
    end: int
    label: str
    country: str | None = None  # canonical country this mention denotes (name, short form or capital)
    capital: bool = False  # a capital name: denotes the country only when it acts as a state
    weapon: bool = False
    nickname: tuple[int, int] | None = None
    alias_of: Mention | None = None
    roles: list[str] = field(default_factory=list)
    key: str = ""


def ner_mentions(lex: Lexicon, doc: Doc, owner: list[Mention | None]) -> None:
    """spaCy's NER mentions, minus dropped labels, with determiners, honorifics and a swallowed title stripped."""
    for ent in doc.ents:
        label = ent.label_
        if label in lex.drop_labels:
            continue
        start, end = ent.start, ent.end
        # NER sometimes runs on into a parenthesis ("Ministry of Fisheries (MoF"): the alias pass owns it.
        end = next((k for k in range(start + 1, end) if doc[k].text in {"(", ")"} or doc[k].is_space), end)
        while start < end - 1 and (doc[start].lower_ in DETERMINERS or doc[start].lower_ in lex.honorifics):
            start += 1
        if label == "PERSON":
            # NER sometimes swallows the title ("Minister Lena Varga"); the role pass reads it back.
            while start < end - 1 and doc[start].lower_ in lex.role_words:
                start += 1
        while end > start + 1 and (
            doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"} or doc[end - 1].text in _BRACKETS
        ):
            end -= 1
        if label == "NORP" and doc[end - 1].tag_ not in {"NNS", "NNPS"}:
            continue  # "Russian" as an adjective is no entity; "the Russians" as a group is
        if _lower_case_unit(doc, start, end):
            continue  # "cts", "dlrs vs": the small model's NER takes wire-copy units for names
        place(owner, Mention(start, end, label), override=False)


def company_tails(doc: Doc, owner: list[Mention | None]) -> None:
    """A mention made only of legal-form words ("Co Inc") ends the company before it, or is no mention.

    The small model splits "Merrill Lynch and Co Inc" into "Merrill Lynch" and "Co Inc": joined, it is
    one firm; "Co Inc" alone would make every "... and Co Inc" in a collection one entity.
    """
    for m in unique(owner):
        if not is_legal_form(doc, m.start, m.end):
            if m.label in ("ORG", "PERSON"):
                _wrapped_legal_form(doc, owner, m)  # a legal form makes the name a company's, whatever NER said
            continue
        if m.label != "ORG":
            continue
        clear(owner, m)
        link = m.start - 1
        before = owner[link - 1] if link >= 1 and doc[link].lower_ in ("and", "&") else None
        if before is not None and before.label == "ORG" and before.end == link:
            clear(owner, before)
            place(owner, Mention(before.start, m.end, "ORG"), override=True)


def company_names(doc: Doc, texts: list[str], owner: list[Mention | None]) -> None:
    """A run of proper nouns ending in a legal form ("Kessel Offshore Drilling Corp") is a company.

    The small model's NER misses such names after an all-capitals headline or tags part of them as a
    person or place ("Harlan Voss" of "Harlan Voss Group Ltd", "Japan" of "Japan Airlines Co"); the
    legal form says what the run is. Mentions inside the run give way; one reaching past it stays.
    """
    for i, text in enumerate(texts):  # the token texts: a Token object only where a legal form stands
        if not text[:1].isupper() or text.lower().rstrip(".") not in _COMPANY_ENDINGS:
            continue
        start, joined = i, False
        while start > 0:
            if _name_word(doc[start - 1]):
                start -= 1
            elif (
                start > 1
                and not joined
                and _name_word(doc[start - 2])
                and _joins_name(doc[start - 1])
                and not is_legal_form(doc, start - 2, start - 1)  # "Kessel Corp and Brisca Inc": two companies
            ):
                start -= 2  # one joint: "American Telephone and Telegraph Co", "ADVO-System Inc"
                joined = True
            else:
                break
        end = i + 1
        if is_legal_form(doc, start, end):
            continue  # "Co Inc" alone names no company (see company_tails)
        inside = list({id(o): o for o in owner[start:end] if o is not None}.values())
        if any(o.start < start or o.end > end for o in inside):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            inside[0].label = "ORG"  # NER found the name and typed it a person or a place
            continue
        place(owner, Mention(start, end, "ORG"), override=True)


def _name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper()


def _joins_name(tok: Token) -> bool:
    """ "and" or "&" inside a company's name, or a hyphen written without spaces."""
    if tok.lower_ in ("and", "&"):
        return True
    return tok.text == "-" and not tok.whitespace_ and not tok.doc[tok.i - 1].whitespace_


def is_legal_form(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is made only of legal-form words ("Co Inc", "Ltd")."""
    return all(t.lower_.rstrip(".") in _LEGAL_FORMS for t in doc[start:end])


def _wrapped_legal_form(doc: Doc, owner: list[Mention | None], m: Mention) -> None:
    """Extend ``m`` over its legal form when a line break split them ("Rollins Environmental Services\nInc")."""
    brk = m.end
    if brk >= len(doc) or not doc[brk].is_space or doc[brk].text.count("\n") != 1:
        return
    end = brk + 1
    while end < len(doc) and owner[end] is None and doc[end].text[:1].isupper() and is_legal_form(doc, end, end + 1):
        end += 1
    if end > brk + 1:
        clear(owner, m)
        place(owner, Mention(m.start, end, "ORG"), override=True)


def _lower_case_unit(doc: Doc, start: int, end: int) -> bool:
    """A mention in lower case that opens with a unit of measure or currency ("cts", "dlrs vs") is no name."""
    if any(not t.text.islower() for t in doc[start:end] if t.is_alpha):
        return False
    return doc[start].lower_ in unit_lexicon().by_surface


def repair_people(doc: Doc, owner: list[Mention | None]) -> None:
    """A mention that is (or ends with) a full name NER found elsewhere is that person ("Later Olek Brand")."""
    mentions = unique(owner)
    full_names = {
        tuple(t.text for t in doc[m.start : m.end]) for m in mentions if m.label == "PERSON" and m.end - m.start >= 2
    }
    for m in mentions:
        if m.label == "PERSON":
            continue
        words = tuple(t.text for t in doc[m.start : m.end])
        for name in full_names:
            if words[-len(name) :] == name:
                clear(owner, m)
                place(owner, Mention(m.end - len(name), m.end, "PERSON"), override=True)
                break
    # A surname NER did not tag on its own ("Hollis said") is still the person.
    surnames = {name[-1] for name in full_names}
    for tok in doc:
        if owner[tok.i] is None and tok.pos_ == "PROPN" and tok.text in surnames:
            place(owner, Mention(tok.i, tok.i + 1, "PERSON"), override=False)


def gazetteer_mentions(lex: Lexicon, table: Gazetteer, doc: Doc, texts: list[str], owner: list[Mention | None]) -> None:
    """Countries, their short forms and capitals from the gazetteer ``table``; they override NER."""
    i = 0
    n = len(doc)
    while i < n:
        entries = table.get(texts[i])
        if not entries:
            i += 1
            continue
        hit = next((e for e in entries if tuple(texts[i : i + len(e[0])]) == e[0]), None)
        if hit is None:
            i += 1
            continue
        toks, country, is_capital = hit
        end = i + len(toks)
        span = doc[i:end]
        ent_labels = {doc[k].ent_type_ for k in range(i, end)} - {""}
        if _inside_larger_ent(doc, i, end):
            i = end
            continue
        exact_ent = _ent_starts_at(doc, i) and (end == n or doc[end].ent_iob_ != "I")
        if span.text in lex.ambiguous_places and not (exact_ent and ent_labels - {"PERSON"}):
            i = end
            continue
        if span.text.replace(".", "").isupper() and not exact_ent:
            i = end  # "US" in an all-caps headline is the pronoun
            continue
        place(owner, Mention(i, end, "GPE", country=country, capital=is_capital), override=True)
        i = end


def weapon_mentions(lex: Lexicon, doc: Doc, texts: list[str], owner: list[Mention | None]) -> None:
    """Weapon designations ("KN-23") and capitalised weapon names with their quoted nicknames; they override NER."""
    designations: set[str] = set()
    for i, text in enumerate(texts):
        if not text[:1].isupper():
            continue
        is_designation = lex.is_designation(text) and doc[i].ent_type_ not in lex.time_labels
        is_caps_name = text.isupper() and text.isalpha() and len(text) >= 3 and text not in lex.acronym_stoplist
        if not (is_designation or is_caps_name) or text in lex.places:
            continue
        end, nick = _nickname(doc, i + 1)
        context = _weapon_context(lex, doc, end)
        if is_designation and not (context or nick or lex.known_prefix(text)):
            continue
        if is_caps_name and not is_designation and not context:
            continue
        designations.add(text)
        place(owner, Mention(i, end, "WEAPON", weapon=True, nickname=nick), override=True)
    nicknames = {doc[m.nickname[0] : m.nickname[1]].text for m in unique(owner) if m.nickname}
    # Later bare mentions ("the KN-23 is", "Koksan") are the same weapon whatever NER said.
    for m in unique(owner):
        text = doc[m.start : m.end].text
        if not m.weapon and (text in designations or text in nicknames):
            m.weapon, m.label = True, "WEAPON"
    for i, text in enumerate(texts):
        if owner[i] is None and text in designations:
            place(owner, Mention(i, i + 1, "WEAPON", weapon=True), override=False)


def _nickname(doc: Doc, i: int) -> tuple[int, tuple[int, int] | None]:
    """A quoted nickname right after a designation: returns (new end, nickname token span)."""
    if i < len(doc) and doc[i].text in _QUOTES:
        j = i + 1
        while j < len(doc) and j - i <= 4 and doc[j].text not in _QUOTES and doc[j].is_title:
            j += 1
        if j > i + 1 and j < len(doc) and doc[j].text in _QUOTES:
            return j + 1, (i + 1, j)
    return i, None


def _weapon_context(lex: Lexicon, doc: Doc, i: int) -> bool:
    """Whether a weapon noun follows within the same noun phrase ("(Hwasong-11A) ballistic missiles")."""
    depth = 0
    for j in range(i, min(len(doc), i + 10)):
        tok = doc[j]
        low = tok.lower_
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth = max(0, depth - 1)
        elif depth or tok.text in _QUOTES or tok.text == "-" or lex.is_designation(tok.text):
            continue
        elif low in lex.weapon_heads:
            return True
        elif not (low in lex.weapon_modifiers or tok.pos_ in {"ADJ", "PROPN"} or _in_hyphen_compound(doc, j)):
            return False
    return False


def region_mentions(lex: Lexicon, doc: Doc, texts: list[str], owner: list[Mention | None]) -> None:
    """ "<Name> region/oblast/province" is one LOC, whatever NER called the name (or if it missed it)."""
    heads = lex.region_heads
    for i in range(1, len(texts)):
        if texts[i].lower() not in heads or owner[i] is not None:
            continue
        name = owner[i - 1]
        if name is not None and not name.weapon and name.end == i:
            place(owner, Mention(name.start, i + 1, "LOC"), override=True)
        elif name is None and doc[i - 1].pos_ == "PROPN" and texts[i - 1].istitle():
            start = i - 1
            while start > 0 and owner[start - 1] is None and doc[start - 1].pos_ == "PROPN":
                start -= 1
            place(owner, Mention(start, i + 1, "LOC"), override=True)
    for m in unique(owner):
        if m.end - m.start > 1 and texts[m.end - 1].lower() in heads:
            m.label, m.country, m.capital = "LOC", None, False


# -- the owner table ---------------------------------------------------------------------
def unique(owner: list[Mention | None]) -> list[Mention]:
    """The distinct mentions of the owner table, in text order."""
    seen: dict[int, Mention] = {}
    for m in owner:
        if m is not None:
            seen.setdefault(id(m), m)
    return sorted(seen.values(), key=lambda m: m.start)


def clear(owner: list[Mention | None], m: Mention) -> None:
    """Take mention ``m`` off the tokens it still owns."""
    for k in range(m.start, m.end):
        if owner[k] is m:
            owner[k] = None


def place(owner: list[Mention | None], m: Mention, *, override: bool) -> None:
    """Put a mention on its tokens; with ``override`` it evicts whatever overlaps it."""
    overlapping = {id(o): o for o in owner[m.start : m.end] if o is not None}
    if overlapping and not override:
        return
    for o in overlapping.values():
        if o.roles and not m.roles:
            m.roles.extend(o.roles)
        clear(owner, o)
    for k in range(m.start, m.end):
        owner[k] = m


def outward_tokens(doc: Doc, m: Mention) -> list[Token]:
    """Tokens of a mention whose head lies outside it (a small model may split "Andorra la Vella")."""
    return [t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end or t.head.i == t.i]


def _in_hyphen_compound(doc: Doc, j: int) -> bool:
    """A piece of a hyphenated word the tokenizer split ("air-to-air", "self-propelled")."""
    after = j + 1 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_
    before = j > 0 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_
    return after or before


def _ent_starts_at(doc: Doc, i: int) -> bool:
    """An NER entity begins at token ``i`` (or at a "the" right before it)."""
    iob = doc[i].ent_iob_
    return iob == "B" or (iob == "I" and doc[i - 1].ent_iob_ == "B" and doc[i - 1].lower_ in DETERMINERS)


def _inside_larger_ent(doc: Doc, start: int, end: int) -> bool:
    """True when an NER entity covers [start, end) and reaches beyond it ("Moscow" in "Moscow Times")."""
    if doc[start].ent_iob_ == "I" and not _ent_starts_at(doc, start):
        return True
    return end < len(doc) and doc[end].ent_iob_ == "I"

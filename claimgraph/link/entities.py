"""Entity resolution across articles.

Per-article entities (already merged within their article: aliases, capital-for-country, short
forms) are joined across articles when they share a name key (:mod:`claimgraph.link.names`) within a
compatible type group; a surname-only PERSON joins the one full name that ends with it. A lone name NER
typed wrongly joins the one entity it names: a "person" that is only an organisation's short form
("Larkspur" of "Larkspur Analytics"), an "organisation" that is only a person's surname ("Dravik" of
"Anselm Dravik"), never where an organisation or place of that name exists. Roles are kept
with the date of the article they were seen in, so a minister's change of office stays visible.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimgraph.link.columns import Interner
from claimgraph.link.kb import KnowledgeBase
from claimgraph.link.names import folded_key, name_key, surname
from claimgraph.link.records import GlobalEntity, RoleSeen
from claimgraph.link.union_find import UnionFind
from claimgraph.model import Analysis, Entity

_TYPE_GROUP = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "org",
    "NORP": "org",
    "PERSON": "person",
    "WEAPON": "thing",
    "PRODUCT": "thing",
}


def type_group(entity_type: str) -> str:
    return _TYPE_GROUP.get(entity_type, entity_type.lower())


def _majority_type(types: Counter[str]) -> str:
    # a group merged across NER labels takes the most frequent one, preferring places and orgs on ties
    order = {"GPE": 0, "ORG": 1, "LOC": 2, "WEAPON": 3, "PERSON": 4}
    return min(types, key=lambda t: (-types[t], order.get(t, 9)))


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """What resolution needs of one article's entity (compact: mentions are counted, not kept)."""

    doc_id: str
    published: str | None
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: int

    @classmethod
    def of(cls, doc_id: str, published: str | None, entity: Entity) -> LocalEntity:
        roles = tuple(r for r in dict.fromkeys((entity.role, *entity.roles)) if r)
        return cls(doc_id, published, entity.id, entity.name, entity.type, entity.aliases, roles, len(entity.mentions))


class LocalEntityTable:
    """Every article's entities as int columns (a row each); equal (name, type, aliases) share one form.

    A million claims carry about two million per-article entities but only thousands of distinct
    names: resolution works on the forms, and a row costs five ints instead of an object.
    """

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self.published: list[str | None] = []
        self.strings = Interner()  # local entity ids ("e3") and roles repeat across articles
        self._forms: dict[tuple[str, str, tuple[str, ...]], int] = {}
        self.form_name: list[str] = []
        self.form_type: list[str] = []
        self.form_aliases: list[tuple[str, ...]] = []
        self._roles: dict[tuple[str, ...], int] = {(): 0}
        self.role_sets: list[tuple[str, ...]] = [()]
        self.doc = array("i")
        self.form = array("i")
        self.local_id = array("i")
        self.roles = array("i")
        self.mentions = array("i")

    def __len__(self) -> int:
        return len(self.doc)

    def add_document(self, doc_id: str, published: str | None) -> int:
        self.doc_ids.append(doc_id)
        self.published.append(published)
        return len(self.doc_ids) - 1

    def add(
        self,
        doc: int,
        local_id: str,
        name: str,
        etype: str,
        aliases: tuple[str, ...],
        roles: tuple[str, ...],
        mentions: int,
    ) -> int:
        """Add one article entity; returns its row."""
        sig = (name, etype, aliases)
        form = self._forms.get(sig)
        if form is None:
            form = len(self.form_name)
            self.form_name.append(name)
            self.form_type.append(etype)
            self.form_aliases.append(aliases)
            # A form without any name key resolves with nothing, not even its twins: keep those apart.
            if any(name_key(f) for f in (name, *aliases)):
                self._forms[sig] = form
        role_set = self._roles.get(roles)
        if role_set is None:
            role_set = self._roles[roles] = len(self.role_sets)
            self.role_sets.append(roles)
        self.doc.append(doc)
        self.form.append(form)
        self.local_id.append(self.strings.id(local_id))
        self.roles.append(role_set)
        self.mentions.append(mentions)
        return len(self.doc) - 1

    def add_entity(self, doc: int, entity: Entity) -> int:
        roles = tuple(r for r in dict.fromkeys((entity.role, *entity.roles)) if r)
        return self.add(doc, entity.id, entity.name, entity.type, entity.aliases, roles, len(entity.mentions))

    def name_keys(self) -> set[str]:
        """The name key of every distinct name and alias seen (what a KB dump is filtered by)."""
        return {
            k
            for name, aliases in zip(self.form_name, self.form_aliases, strict=True)
            for k in map(name_key, (name, *aliases))
            if k
        }

    def key(self, row: int) -> tuple[str, str]:
        """(doc id, entity id within that analysis) of a row."""
        return self.doc_ids[self.doc[row]], self.strings.strings[self.local_id[row]]


def resolve_entities(
    analyses: Sequence[Analysis], *, kb: KnowledgeBase | None = None
) -> tuple[list[GlobalEntity], dict[tuple[str, str], str]]:
    """Return global entities and a map (doc id, local entity id) -> global entity id."""
    table = LocalEntityTable()
    for a in analyses:
        doc = table.add_document(a.document.id, a.document.published)
        for e in a.entities:
            table.add_entity(doc, e)
    return _with_mapping(table, kb)


def resolve_local_entities(
    locals_: Sequence[LocalEntity],
) -> tuple[list[GlobalEntity], dict[tuple[str, str], str]]:
    """Resolve entities given one by one (see :func:`resolve_entities`)."""
    table = LocalEntityTable()
    docs: dict[tuple[str, str | None], int] = {}
    for e in locals_:
        doc = docs.get((e.doc_id, e.published))
        if doc is None:
            doc = docs[(e.doc_id, e.published)] = table.add_document(e.doc_id, e.published)
        table.add(doc, e.id, e.name, e.type, e.aliases, e.roles, e.mentions)
    return _with_mapping(table, None)


def _with_mapping(
    table: LocalEntityTable, kb: KnowledgeBase | None
) -> tuple[list[GlobalEntity], dict[tuple[str, str], str]]:
    entities, group = resolve_table(table, kb)
    mapping = {table.key(row): entities[int(g)].id for row, g in enumerate(group.tolist())}
    return entities, mapping


def _union_forms(table: LocalEntityTable, kb: KnowledgeBase | None) -> tuple[UnionFind, list[list[set[str]]]]:
    n = len(table.form_name)
    uf = UnionFind(n)
    kb_matches: list[list[set[str]]] = [[] for _ in range(n)]  # per form: KB ids each matching name may mean
    by_key: dict[tuple[str, str], int] = {}
    full_names: dict[str, list[int]] = defaultdict(list)  # surname key -> forms of full PERSON names
    surname_only: list[tuple[int, str]] = []
    name_keys = [name_key(name) for name in table.form_name]  # each form's own name, read once
    for idx in range(n):
        name, etype = table.form_name[idx], table.form_type[idx]
        group = type_group(etype)
        for form in (name, *table.form_aliases[idx]):
            key = name_key(form)
            if not key:
                continue
            # NER often swaps ORG/GPE/LOC/NORP on unfamiliar names, so those share one key space;
            # a person stays apart unless the user's alias table says the names are the same.
            explicit = key != folded_key(form)
            space = "any" if explicit or group != "person" else group
            other = by_key.setdefault((space, key), idx)
            if other != idx:
                uf.union(other, idx)
            if kb is not None:
                ids = kb.candidates(form, group)
                if ids:
                    kb_matches[idx].append(set(ids))
                if len(ids) == 1:
                    # a KB alias is an alias-table entry: names of one KB entity resolve together
                    other = by_key.setdefault(("kb", ids[0]), idx)
                    if other != idx:
                        uf.union(other, idx)
        if etype == "PERSON":
            last = surname(name)
            if last:
                full_names[last].append(idx)
            elif len(name_keys[idx].split()) == 1:
                surname_only.append((idx, name_keys[idx]))
    n_words = [len(key.split()) for key in name_keys]
    multi_word_org = {uf.find(i) for i in range(n) if table.form_type[i] == "ORG" and n_words[i] > 1}
    for idx, key in surname_only:
        roots = {uf.find(j) for j in full_names.get(key, [])}
        named = by_key.get(("any", key))
        if len(roots) == 1:  # only an unambiguous surname joins a full name
            uf.union(idx, roots.pop())
        elif not roots and named is not None and uf.find(named) in multi_word_org:
            # "Larkspur said" read as a person where no person of that name is known, but an
            # organisation's short form is ("Larkspur Analytics", alias "Larkspur"): NER guessed the type
            uf.union(idx, named)
    # "Dravik said" read as an organisation where no organisation or place of that name is known, but
    # one person's surname is ("Anselm Dravik"): the person
    multi_word = {uf.find(i) for i in range(n) if n_words[i] > 1}
    for idx in range(n):
        if table.form_type[idx] != "ORG" or n_words[idx] != 1 or uf.find(idx) in multi_word:
            continue
        roots = {uf.find(j) for j in full_names.get(name_keys[idx], [])}
        if len(roots) == 1:
            uf.union(idx, roots.pop())
    return uf, kb_matches


def _kb_choice(matches: list[set[str]]) -> tuple[str | None, tuple[str, ...]]:
    """(KB id, candidates): the one id every matching name allows, else no id and the candidates."""
    if not matches:
        return None, ()
    common = set.intersection(*matches)
    if len(common) == 1:
        return common.pop(), ()
    return None, tuple(sorted(common or set.union(*matches)))


def resolve_table(
    table: LocalEntityTable, kb: KnowledgeBase | None = None
) -> tuple[list[GlobalEntity], npt.NDArray[np.int64]]:
    """Global entities, and the index (into that list) of the entity each table row resolved to.

    With a knowledge base, names it lists join its aliases, and an entity gets the KB id when every
    KB-listed name of it allows exactly one id; an ambiguous name leaves the id unset and the
    candidates recorded (never a guess).
    """
    if not len(table):
        return [], np.zeros(0, dtype=np.int64)
    uf, kb_matches = _union_forms(table, kb)
    n_forms = len(table.form_name)
    roots = [uf.find(f) for f in range(n_forms)]
    # Forms are numbered in order of first appearance, so ordering groups by their smallest form
    # numbers global entities by their first mention, as resolving row by row would.
    first_form: dict[int, int] = {}
    for f, r in enumerate(roots):
        first_form.setdefault(r, f)
    number = {r: i for i, r in enumerate(sorted(first_form, key=first_form.__getitem__))}
    form_group = np.fromiter((number[r] for r in roots), dtype=np.int64, count=n_forms)
    forms = np.frombuffer(table.form, dtype=np.int32)
    row_group = form_group[forms]
    mentions = np.frombuffer(table.mentions, dtype=np.int32).astype(np.int64)
    weight = np.bincount(forms, weights=np.maximum(mentions, 1), minlength=n_forms).astype(np.int64)
    form_rows = np.bincount(forms, minlength=n_forms)
    form_mentions = np.bincount(forms, weights=mentions, minlength=n_forms).astype(np.int64)
    forms_of: list[list[int]] = [[] for _ in number]
    for f in range(n_forms):
        forms_of[int(form_group[f])].append(f)
    order = np.argsort(row_group, kind="stable")
    bounds = np.searchsorted(row_group[order], np.arange(len(number) + 1))
    strings = table.strings.strings
    result: list[GlobalEntity] = []
    for g, group_forms in enumerate(forms_of):
        gid = f"g{g + 1}"
        names: Counter[str] = Counter()
        types: Counter[str] = Counter()
        aliases: set[str] = set()
        for f in group_forms:
            names[table.form_name[f]] += int(weight[f])
            types[table.form_type[f]] += int(form_rows[f])
            aliases.update((table.form_name[f], *table.form_aliases[f]))
        members: list[tuple[str, str]] = []
        roles: list[RoleSeen] = []
        for row in order[bounds[g] : bounds[g + 1]].tolist():
            doc = table.doc[row]
            doc_id = table.doc_ids[doc]
            members.append((doc_id, strings[table.local_id[row]]))
            for r in table.role_sets[table.roles[row]]:
                roles.append(RoleSeen(role=r, seen=table.published[doc], doc_id=doc_id))
        # canonical: the most mentioned name, the longest on ties (full names over surnames)
        canonical = max(names, key=lambda s: (names[s], len(s.split()), len(s)))
        roles.sort(key=lambda r: (r.seen or "", r.role))
        kb_id, kb_candidates = _kb_choice([m for f in group_forms for m in kb_matches[f]])
        result.append(
            GlobalEntity(
                id=gid,
                name=canonical,
                type=_majority_type(types),
                aliases=tuple(sorted(aliases - {canonical}, key=lambda s: (s.casefold(), s))),
                members=tuple(members),
                roles=tuple(roles),
                mention_count=int(form_mentions[group_forms].sum()),
                kb_id=kb_id,
                kb_candidates=kb_candidates,
            )
        )
    return result, row_group

"""Entity resolution across articles.

Per-article entities (already merged within their article: aliases, capital-for-country, short
forms) are joined across articles when they share a name key (:mod:`claimgraph.link.names`) within a
compatible type group; a surname-only PERSON joins the one full name that ends with it. Roles are kept
with the date of the article they were seen in, so a minister's change of office stays visible.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from claimgraph.link.names import folded_key, name_key, surname
from claimgraph.link.records import GlobalEntity, RoleSeen
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


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


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


def resolve_entities(analyses: Sequence[Analysis]) -> tuple[list[GlobalEntity], dict[tuple[str, str], str]]:
    """Return global entities and a map (doc id, local entity id) -> global entity id."""
    return resolve_local_entities(
        [LocalEntity.of(a.document.id, a.document.published, e) for a in analyses for e in a.entities]
    )


def resolve_local_entities(
    locals_: Sequence[LocalEntity],
) -> tuple[list[GlobalEntity], dict[tuple[str, str], str]]:
    """Resolve entities given one by one (see :func:`resolve_entities`)."""
    uf = _UnionFind(len(locals_))
    by_key: dict[tuple[str, str], int] = {}
    full_names: dict[str, list[int]] = defaultdict(list)  # surname key -> indices of full PERSON names
    surname_only: list[tuple[int, str]] = []
    for idx, entity in enumerate(locals_):
        group = type_group(entity.type)
        for form in (entity.name, *entity.aliases):
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
        if entity.type == "PERSON":
            last = surname(entity.name)
            if last:
                full_names[last].append(idx)
            elif len(name_key(entity.name).split()) == 1:
                surname_only.append((idx, name_key(entity.name)))
    for idx, key in surname_only:
        roots = {uf.find(j) for j in full_names.get(key, [])}
        if len(roots) == 1:  # only an unambiguous surname joins a full name
            uf.union(idx, roots.pop())

    groups: dict[int, list[int]] = defaultdict(list)
    for idx in range(len(locals_)):
        groups[uf.find(idx)].append(idx)

    result: list[GlobalEntity] = []
    mapping: dict[tuple[str, str], str] = {}
    for n, root in enumerate(sorted(groups, key=lambda r: min(groups[r])), start=1):
        gid = f"g{n}"
        names: Counter[str] = Counter()
        forms: set[str] = set()
        types: Counter[str] = Counter()
        members: list[tuple[str, str]] = []
        roles: list[RoleSeen] = []
        mentions = 0
        for idx in groups[root]:
            entity = locals_[idx]
            names[entity.name] += entity.mentions or 1
            forms.update((entity.name, *entity.aliases))
            types[entity.type] += 1
            members.append((entity.doc_id, entity.id))
            mapping[(entity.doc_id, entity.id)] = gid
            mentions += entity.mentions
            roles.extend(RoleSeen(role=r, seen=entity.published, doc_id=entity.doc_id) for r in entity.roles)
        # canonical: the most mentioned name, the longest on ties (full names over surnames)
        canonical = max(names, key=lambda s: (names[s], len(s.split()), len(s)))
        roles.sort(key=lambda r: (r.seen or "", r.role))
        result.append(
            GlobalEntity(
                id=gid,
                name=canonical,
                type=_majority_type(types),
                aliases=tuple(sorted(forms - {canonical}, key=str.casefold)),
                members=tuple(members),
                roles=tuple(roles),
                mention_count=mentions,
            )
        )
    return result, mapping

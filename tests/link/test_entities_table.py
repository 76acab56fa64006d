"""Entity resolution over the compact table: forms shared by equal names, results as row-by-row resolution."""

from __future__ import annotations

from claimgraph.link.entities import LocalEntity, LocalEntityTable, resolve_local_entities, resolve_table


def local(
    doc: str, eid: str, name: str, etype: str = "GPE", roles: tuple[str, ...] = (), mentions: int = 1
) -> LocalEntity:
    return LocalEntity(doc, f"2025-0{int(doc[1:])}-01", eid, name, etype, (), roles, mentions)


def test_entities_table_equal_names_share_one_form() -> None:
    table = LocalEntityTable()
    for d in range(3):
        doc = table.add_document(f"d{d}", None)
        table.add(doc, "e1", "Varnia", "GPE", (), (), 2)
        table.add(doc, "e2", "Ostland", "GPE", (), (), 1)
    assert len(table) == 6
    assert table.form_name == ["Varnia", "Ostland"]
    entities, group = resolve_table(table)
    assert [e.name for e in entities] == ["Varnia", "Ostland"]
    assert group.tolist() == [0, 1, 0, 1, 0, 1]
    assert entities[0].mention_count == 6
    assert entities[0].members == (("d0", "e1"), ("d1", "e1"), ("d2", "e1"))


def test_entities_table_names_without_a_key_stay_apart() -> None:
    # "--" has no name key: two such entities must not merge just because their forms are equal
    entities, mapping = resolve_local_entities([local("d1", "e1", "--"), local("d2", "e1", "--")])
    assert len(entities) == 2
    assert mapping[("d1", "e1")] != mapping[("d2", "e1")]


def test_entities_table_members_roles_and_canonical_follow_article_order() -> None:
    entities, mapping = resolve_local_entities(
        [
            local("d1", "e1", "Belov", "PERSON", roles=("minister",)),
            local("d2", "e4", "Andrei Belov", "PERSON", roles=("governor",), mentions=3),
            local("d3", "e2", "Belov", "PERSON"),
            local("d4", "e1", "Andrey Belov", "PERSON", roles=("minister",)),
        ]
    )
    (person,) = entities
    assert person.name == "Andrei Belov"  # most mentioned
    assert person.members == (("d1", "e1"), ("d2", "e4"), ("d3", "e2"), ("d4", "e1"))
    assert [(r.role, r.seen) for r in person.roles] == [
        ("minister", "2025-01-01"),
        ("governor", "2025-02-01"),
        ("minister", "2025-04-01"),
    ]
    assert set(mapping.values()) == {"g1"}

"""Name keys: case, accents, articles, transliteration variants, and the user-extensible alias table."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.link.names import _load_aliases, name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Andrey Belov", "Andrei Belov"),
        ("Andrej Belov", "Andrei Belov"),
        ("Alexei Sorin", "Aleksey Sorin"),
        ("Dmitriy Korov", "Dmitri Korov"),
        ("Olena Zelenskiy", "Olena Zelensky"),
        ("Olena Zelenskyy", "Olena Zelenski"),
        ("the Harbour Board", "Harbour Board"),
        ("U.S.", "United States"),
        ("Zoë Müller", "zoe muller"),
    ],
)
def test_names_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_names_different_people_keep_different_keys() -> None:
    assert name_key("Andrei Belov") != name_key("Andrei Belova")
    assert name_key("Harbour Board") != name_key("Harbour Police")


def test_names_user_alias_table_extends_the_shipped_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "aliases.tsv"
    table.write_text("# invented\nRepublic of Varnia\tTessen\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_ALIASES", str(table))
    _load_aliases.cache_clear()
    try:
        assert name_key("Tessen") == name_key("Republic of Varnia")
    finally:
        monkeypatch.delenv("CLAIMGRAPH_ALIASES")
        _load_aliases.cache_clear()
    assert name_key("Tessen") != name_key("Republic of Varnia")

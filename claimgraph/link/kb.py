"""Offline knowledge-base ids (Wikidata-style) for resolved entities, from a dump the user supplies.

The file is read line by line, never whole: JSON Lines with one entity a line, or Wikidata's own
full JSON dump (one entity a line inside ``[`` ... ``]``, each line ending in a comma), optionally
gzip- or bzip2-compressed (recognised by their magic bytes). Each record is Wikidata-shaped::

    {"id": "Q423", "labels": {"en": {"value": "..."}}, "aliases": {"en": [{"value": "..."}]},
     "descriptions": {"en": {"value": "..."}}, "claims": {"P31": [{"mainsnak": {"datavalue":
     {"value": {"id": "Q5"}}}}]}}

Only English labels and aliases are read. Names are compared by the resolver's own name key
(:func:`claimgraph.link.names.name_key`), so case, accents and transliteration variants match. A
record's P31 (instance of) classes map to the resolver's type groups through a data file
(``data/kb_types.tsv``); a KB entity of a known group only matches entities of a compatible group.
When the linker passes the name keys it saw, records naming none of them are dropped as they are
read, so a full dump costs memory only for the entities the collection mentions.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from claimgraph.errors import InputNotFoundError, MalformedRecordError
from claimgraph.link.names import name_key

KB_TYPES = Path(__file__).with_name("data") / "kb_types.tsv"
# NER confuses organisations and places on unfamiliar names (the resolver pools them for the same
# reason), so a KB class only rules out a match across this line, not within it.
_POOLED = frozenset({"place", "org"})


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    label: str
    group: str | None  # resolver type group from P31; None when unknown


@lru_cache(maxsize=4)
def kb_type_groups(path: str = str(KB_TYPES)) -> dict[str, str]:
    """P31 class id -> resolver type group, from the data file."""
    table: dict[str, str] = {}
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            qid, group = line.split("\t")[:2]
            table[qid.strip()] = group.strip()
    return table


def compatible(entity_group: str, kb_group: str | None) -> bool:
    """Whether an entity of ``entity_group`` may be the KB entity of ``kb_group``."""
    if kb_group is None or kb_group == entity_group:
        return True
    return entity_group in _POOLED and kb_group in _POOLED


class KnowledgeBase:
    """KB entities by name key."""

    def __init__(self) -> None:
        self.entries: dict[str, KBEntry] = {}
        self._by_key: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, qid: str, label: str, aliases: Collection[str] = (), classes: Collection[str] = ()) -> None:
        groups = kb_type_groups()
        known = sorted({groups[c] for c in classes if c in groups})
        # several classes in different groups (a city that is also a municipality body): no constraint
        group = known[0] if len(known) == 1 else None
        self.entries[qid] = KBEntry(qid, label, group)
        for name in (label, *aliases):
            key = name_key(name)
            if key:
                ids = self._by_key.setdefault(key, [])
                if qid not in ids:
                    ids.append(qid)

    def candidates(self, name: str, entity_group: str) -> tuple[str, ...]:
        """Ids of the KB entities that ``name`` may refer to, given the entity's type group."""
        return tuple(q for q in self._by_key.get(name_key(name), ()) if compatible(entity_group, self.entries[q].group))

    @classmethod
    def read(cls, path: str | Path, *, wanted_keys: Collection[str] | None = None) -> KnowledgeBase:
        """Stream a dump (see module docstring); keep only records naming one of ``wanted_keys`` if given."""
        kb = cls()
        keep: Callable[[list[str]], bool] = (
            (lambda names: True)
            if wanted_keys is None
            else (lambda names: any(name_key(n) in wanted_keys for n in names))
        )
        for record in iter_records(path):
            parsed = _parse(record)
            if parsed is not None and keep([parsed[1], *parsed[2]]):
                kb.add(*parsed)
        return kb


def _open(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        magic = probe.read(3)
    if magic[:2] == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    if magic == b"BZh":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Entity records of a JSON Lines file or a Wikidata JSON array dump, one line at a time."""
    source = Path(path)
    if not source.is_file():
        raise InputNotFoundError(f"knowledge-base dump {source} not found; pass a JSON Lines or Wikidata JSON dump")
    with _open(source) as lines:
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if line.endswith(","):
                line = line[:-1].rstrip()
            if not line or line in ("[", "]"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecordError(
                    f"{source}:{number}: not a JSON entity record ({exc.msg}); "
                    "expected one entity a line (JSON Lines or Wikidata's JSON dump)"
                ) from None
            if isinstance(record, dict):
                yield record


def _english(value: Any) -> str | None:
    if isinstance(value, dict):
        text = value.get("value")
        return text if isinstance(text, str) and text.strip() else None
    return None


def _parse(record: dict[str, Any]) -> tuple[str, str, list[str], list[str]] | None:
    qid = record.get("id")
    label = _english((record.get("labels") or {}).get("en"))
    if not isinstance(qid, str) or label is None:
        return None
    aliases = [a for a in (_english(v) for v in (record.get("aliases") or {}).get("en") or []) if a]
    classes = []
    for statement in (record.get("claims") or {}).get("P31") or []:
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            classes.append(value["id"])
    return qid, label, aliases, classes

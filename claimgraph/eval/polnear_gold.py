"""Read PolNeAR's gold attribution relations from brat standoff (one annotator per article).

PolNeAR keeps ``DIR/text/<article>.txt`` and ``DIR/attributions/<article>_<annotator>.ann``.
A relation is one cue with its source and content fragments; the scorer in
:mod:`claimgraph.eval.polnear` compares predictions against these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import EvalDataError

Frag = tuple[int, int]
Frags = tuple[Frag, ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)(?:\t|$)")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLE_NUMBER = re.compile(r"\d+$")  # Content2, Source2: further arguments of the same role
RELATION_TYPES = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution relation: cue, source and content fragments (char offsets)."""

    cue: Frags
    sources: Frags = ()
    contents: Frags = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One PolNeAR article: its text, the .ann file read and its relations."""

    name: str
    text: str
    ann: str
    relations: tuple[Relation, ...]


def _frags(offsets: str) -> Frags:
    out: list[Frag] = []
    for part in offsets.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(sorted(out))


def parse_ann(content: str) -> tuple[Relation, ...]:
    """Relations of one brat ``.ann`` text (``T`` and ``E`` lines; other lines ignored).

    The relation's ``Cue`` argument is its cue; the ``Attribution`` trigger is used
    only when the annotation tool left no ``Cue`` argument. ``Content2``... and
    repeated ``Source`` arguments add fragments. Relations with neither cue nor
    trigger, or without content (a handful of incomplete annotations), are dropped.
    """
    spans: dict[str, tuple[str, Frags]] = {}
    events: list[str] = []
    for line in content.splitlines():
        t = _T_LINE.match(line)
        if t:
            try:
                spans[t.group(1)] = (t.group(2), _frags(t.group(3)))
            except ValueError:
                raise EvalDataError(f"malformed span offsets in brat line {line[:60]!r}") from None
            continue
        e = _E_LINE.match(line)
        if e:
            events.append(e.group(2))
    relations: list[Relation] = []
    # E lines may refer to T lines written after them, hence the second pass.
    for args in events:
        roles: dict[str, list[Frag]] = {"Cue": [], "Source": [], "Content": [], "trigger": []}
        for i, arg in enumerate(args.split()):
            role, _, tid = arg.partition(":")
            role = _ROLE_NUMBER.sub("", role)
            if tid not in spans:
                raise EvalDataError(f"brat relation {args[:60]!r} refers to {tid}, which is not defined")
            if i == 0:
                if role not in RELATION_TYPES:
                    break
                roles["trigger"].extend(spans[tid][1])
            elif role in roles:
                roles[role].extend(spans[tid][1])
        else:
            cue = roles["Cue"] or roles["trigger"]
            if cue and roles["Content"]:
                relations.append(
                    Relation(
                        cue=tuple(sorted(cue)),
                        sources=tuple(sorted(roles["Source"])),
                        contents=tuple(sorted(roles["Content"])),
                    )
                )
    return tuple(sorted(relations, key=lambda r: r.cue))


def annotator_groups(directory: Path) -> dict[str, list[Path]]:
    """The ``.ann`` files of a split grouped by article stem (``<article>_<annotator>.ann``), each sorted by name."""
    ann_dir = directory / "attributions"
    if not ann_dir.is_dir() or not (directory / "text").is_dir():
        raise EvalDataError(f"{directory}: expected the folders text/ and attributions/ of a PolNeAR split")
    groups: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        groups.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    return groups


def read_gold(directory: Path, *, limit: int | None = None) -> list[GoldArticle]:
    """Read ``directory/text`` and ``directory/attributions`` (one annotator per article, sorted by name)."""
    text_dir = directory / "text"
    first_ann = {stem: anns[0] for stem, anns in annotator_groups(directory).items()}
    articles: list[GoldArticle] = []
    for name in sorted(first_ann)[:limit]:
        txt = text_dir / f"{name}.txt"
        if not txt.is_file():
            raise EvalDataError(f"{first_ann[name]}: no text file {txt.name} in {text_dir}")
        # newline="" keeps the text byte-for-byte, so brat offsets stay valid.
        with txt.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        relations = parse_ann(first_ann[name].read_text(encoding="utf-8"))
        articles.append(GoldArticle(name=txt.name, text=text, ann=first_ann[name].name, relations=relations))
    if not articles:
        raise EvalDataError(f"{directory}: no .ann files in attributions/")
    return articles


__all__ = [
    "RELATION_TYPES",
    "Frag",
    "Frags",
    "GoldArticle",
    "Relation",
    "annotator_groups",
    "parse_ann",
    "read_gold",
]

"""Invariants every analysis must hold, whatever the input: the contract, spans, ids, references.

:func:`check_analysis` returns a list of problems (empty when the analysis is sound). It is used by
the fuzz tests and the fuzz benchmark on every generated input, and can be run on any analysis a
batch writes. It checks:

* the output contract (``claimgraph/schema/analysis.schema.json``) and that the analysis is valid
  JSON (no NaN or infinite numbers, which ``json`` would write but no JSON reader accepts);
* every span lies in ``[0, len(document.text)]`` and, where a surface text goes with it, that text
  is exactly ``document.text[start:end]``: structure lines, entity mentions, quantities, times,
  claims (content, sentence, cue, source and its resolved antecedent, modality markers) and attributions;
* ids are unique across the whole analysis;
* every reference resolves: a claim's entity / quantity / time ids, its source's entity, its parent
  claim, a quantity's ``of``, and an attribution's claims and source entity.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from claimgraph.model import Analysis, Article

JSON = dict[str, Any]


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(resources.files("claimgraph").joinpath("schema/analysis.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check_analysis(analysis: Analysis | JSON) -> list[str]:
    """Every broken invariant of ``analysis`` (an :class:`Analysis` or its ``to_dict()``), as readable lines."""
    data = analysis.to_dict() if isinstance(analysis, Analysis) else analysis
    problems = [f"contract: {_where(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]
    problems.extend(_json_problems(data))
    document = data.get("document")
    text = document.get("text") if isinstance(document, dict) else None
    if not isinstance(text, str):
        return problems or ["document.text is missing"]
    problems.extend(_span_problems(data, text))
    problems.extend(_id_problems(data))
    return problems


def _where(path: Any) -> str:
    return "/".join(str(p) for p in path) or "(root)"


def _json_problems(data: JSON) -> list[str]:
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        return [f"not valid JSON: {path} is {value!r}" for path, value in _non_finite(data, "")]
    except TypeError as exc:
        return [f"not serialisable as JSON: {exc}"]
    return []


def _non_finite(value: Any, path: str) -> Iterator[tuple[str, float]]:
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, f"{path}/{i}")


def _items(data: JSON, key: str) -> list[JSON]:
    value = data.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _span_problem(text: str, where: str, span: Any, surface: Any = None, *, has_surface: bool = False) -> str | None:
    """The problem with one span (and the surface text that must equal its slice), or None."""
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span)):
        return f"{where}: span {span!r} is not [start, end]"
    start, end = span
    if not 0 <= start <= end <= len(text):
        return f"{where}: span [{start}, {end}) is outside the text (length {len(text)})"
    if has_surface and surface != text[start:end]:
        return f"{where}: text {surface!r} differs from the slice {text[start:end]!r} at [{start}, {end})"
    return None


def _spans(data: JSON) -> Iterator[tuple[str, Any, Any, bool]]:
    """(where, span, surface text, whether a surface text must match) for every span in the analysis."""
    document = data.get("document") or {}
    for key in ("title_span", "dateline_span", "byline_span"):
        if document.get(key) is not None:
            yield f"document.{key}", document[key], None, False
    for i, sub in enumerate(_items(document, "subheadings")):
        yield f"document.subheadings[{i}]", sub.get("span"), sub.get("text"), True
    for entity in _items(data, "entities"):
        for j, mention in enumerate(entity.get("mentions") or []):
            yield f"entity {entity.get('id')} mention {j}", mention, None, False
    for kind in ("quantities", "times"):
        for item in _items(data, kind):
            yield f"{kind[:-1]} {item.get('id')}", item.get("span"), item.get("text"), True
    for claim in _items(data, "claims"):
        yield from _claim_spans(claim)
    for attribution in _items(data, "attributions"):
        yield from _attribution_spans(attribution)


def _attribution_spans(attribution: JSON) -> Iterator[tuple[str, Any, Any, bool]]:
    aid = attribution.get("id")
    cue = attribution.get("cue")
    if isinstance(cue, dict):
        yield f"attribution {aid} cue", cue.get("span"), cue.get("text"), True
    source = attribution.get("source")
    if isinstance(source, dict) and source.get("span") is not None:
        yield f"attribution {aid} source", source["span"], source.get("text"), True
    for j, fragment in enumerate(attribution.get("content") or []):
        yield f"attribution {aid} content {j}", fragment, None, False


def _claim_spans(claim: JSON) -> Iterator[tuple[str, Any, Any, bool]]:
    cid = claim.get("id")
    yield f"claim {cid}", claim.get("span"), claim.get("text"), True
    if claim.get("sentence") is not None:
        yield f"claim {cid} sentence", claim["sentence"], None, False
    cue = claim.get("cue")
    if isinstance(cue, dict):
        yield f"claim {cid} cue", cue.get("span"), cue.get("text"), True
    source = claim.get("source")
    if isinstance(source, dict):
        if source.get("span") is not None:
            yield f"claim {cid} source", source["span"], source.get("text"), True
        if source.get("resolved_span") is not None:
            yield f"claim {cid} source antecedent", source["resolved_span"], source.get("resolved_text"), True
    for j, fragment in enumerate(claim.get("content") or []):
        yield f"claim {cid} content {j}", fragment, None, False
    for j, marker in enumerate(_items(claim, "markers")):
        yield f"claim {cid} marker {j}", marker.get("span"), marker.get("text"), True


def _span_problems(data: JSON, text: str) -> list[str]:
    problems = []
    for where, span, surface, has_surface in _spans(data):
        problem = _span_problem(text, where, span, surface, has_surface=has_surface)
        if problem is not None:
            problems.append(problem)
    return problems


def _id_problems(data: JSON) -> list[str]:
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    seen: set[str] = set()
    for kind in ("entities", "quantities", "times", "claims", "attributions"):
        ids[kind] = set()
        for item in _items(data, kind):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                problems.append(f"id {item_id!r} is used twice")
            seen.add(item_id)
            ids[kind].add(item_id)
    for quantity in _items(data, "quantities"):
        if quantity.get("of") is not None and quantity["of"] not in ids["quantities"]:
            problems.append(f"quantity {quantity.get('id')}: 'of' names unknown quantity {quantity['of']!r}")
    for claim in _items(data, "claims"):
        cid = claim.get("id")
        for kind in ("entities", "quantities", "times"):
            for ref in claim.get(kind) or []:
                if ref not in ids[kind]:
                    problems.append(f"claim {cid}: {kind} reference {ref!r} does not resolve")
        source = claim.get("source")
        entity = source.get("entity") if isinstance(source, dict) else None
        if entity is not None and entity not in ids["entities"]:
            problems.append(f"claim {cid}: source entity {entity!r} does not resolve")
        if claim.get("parent") is not None and claim["parent"] not in ids["claims"]:
            problems.append(f"claim {cid}: parent {claim['parent']!r} does not resolve")
    for attribution in _items(data, "attributions"):
        for ref in attribution.get("claims") or []:
            if ref not in ids["claims"]:
                problems.append(f"attribution {attribution.get('id')}: claim {ref!r} does not resolve")
        source = attribution.get("source")
        entity = source.get("entity") if isinstance(source, dict) else None
        if entity is not None and entity not in ids["entities"]:
            problems.append(f"attribution {attribution.get('id')}: source entity {entity!r} does not resolve")
    return problems


def check_article(article: Article) -> list[str]:
    """Every broken invariant of a reader's output: its structure spans lie inside the text and match it."""
    text = article.text
    problems = []
    if not isinstance(text, str):
        return [f"article text is {type(text).__name__}, not str"]
    spans: list[tuple[str, Any, Any, bool]] = [
        (name, span.to_list(), None, False)
        for name, span in (
            ("title_span", article.title_span),
            ("dateline_span", article.dateline_span),
            ("byline_span", article.byline_span),
        )
        if span is not None
    ]
    spans.extend((f"subheading {i}", s.span.to_list(), s.text, True) for i, s in enumerate(article.subheadings))
    for where, span, surface, has_surface in spans:
        problem = _span_problem(text, where, span, surface, has_surface=has_surface)
        if problem is not None:
            problems.append(problem)
    return problems


__all__ = ["check_analysis", "check_article"]

"""Run every regex of the package against inputs built to make it backtrack; print one JSON line per pattern.

    python -m tests.fuzz.regex_probe [--limit SECONDS]

Patterns are found by walking the package: module-level compiled patterns, and the patterns held by
what each cached zero-argument builder returns (lexicon-built alternations, compiled rule tables).
Each pattern is scanned with ``finditer`` over long runs of the characters and literal pieces it
repeats, each run followed by a character that makes the match fail at the end (the classic
catastrophic-backtracking trigger). A per-pattern alarm stops a runaway scan: CPython's regex
engine checks for signals, so the probe reports it instead of hanging.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import re
import signal
from collections.abc import Iterator
from typing import Any

try:  # Python >= 3.11 moved the parser; both expose the same ``parse``.
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

import claimgraph

#: Packages whose cached builders are called to reach the regexes built from lexicons.
BUILDER_PACKAGES = ("claimgraph.extract.", "claimgraph.ingest.", "claimgraph.link.")
RUN = 50_000
SEARCH_RUN = 1_000
_CATEGORY_CHARS = {"DIGIT": "1", "WORD": "a", "SPACE": " ", "LINEBREAK": "\n"}


class _Slow(BaseException):
    pass


def _patterns_in(value: Any, where: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield where, value
        return
    if depth >= 4 or isinstance(value, str | bytes | int | float | type):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            yield from _patterns_in(item, f"{where}[{i}]", depth + 1)
    elif type(value).__module__.startswith("claimgraph."):
        # Only our own objects (compiled lexicons, rule tables); foreign objects hold no pattern of ours.
        slots = getattr(type(value), "__slots__", ())
        names = [slots] if isinstance(slots, str) else list(slots)
        names.extend(getattr(value, "__dict__", None) or {})
        for name in names:
            if hasattr(value, name):
                yield from _patterns_in(getattr(value, name), f"{where}.{name}", depth + 1)


def collect(broken: list[str]) -> dict[str, re.Pattern[str]]:
    """Every pattern reachable from the package's modules, by a readable name (first name wins).

    A module that cannot be imported is named in ``broken`` (its patterns could not be checked).
    """
    found: dict[str, re.Pattern[str]] = {}
    seen: set[tuple[str, int]] = set()
    for info in pkgutil.walk_packages(claimgraph.__path__, "claimgraph."):
        try:
            module = importlib.import_module(info.name)
        except ImportError as exc:
            broken.append(f"{info.name}: {exc}")
            continue
        for name, value in list(vars(module).items()):
            items: list[tuple[str, re.Pattern[str]]] = list(_patterns_in(value, f"{info.name}.{name}", 3))
            if isinstance(value, type) and value.__module__ == info.name:
                items.extend(_patterns_in(dict(vars(value)), f"{info.name}.{name}", 2))
            if (
                callable(value)
                and hasattr(value, "cache_info")
                and getattr(value, "__module__", None) == info.name
                and info.name.startswith(BUILDER_PACKAGES)
                and _takes_no_arguments(value)
            ):
                items.extend(_patterns_in(value(), f"{info.name}.{name}()"))
            for where, pattern in items:
                key = (pattern.pattern, pattern.flags)
                if key not in seen:
                    seen.add(key)
                    found[where] = pattern
    return found


def _takes_no_arguments(func: Any) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def _pieces(pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """The single characters a pattern can match, and its literal runs of two or more characters."""
    chars: list[str] = []
    runs: list[str] = []

    def walk(items: Any) -> None:
        run = ""
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                run += chr(arg)
                chars.append(chr(arg))
                continue
            if len(run) > 1:
                runs.append(run)
            run = ""
            if name == "IN":
                for sub_op, sub_arg in arg:
                    sub = str(sub_op)
                    if sub == "LITERAL":
                        chars.append(chr(sub_arg))
                    elif sub == "RANGE":
                        chars.extend((chr(sub_arg[0]), chr(sub_arg[1])))
                    elif sub == "CATEGORY":
                        chars.append(_CATEGORY_CHARS.get(str(sub_arg).rsplit("_", 1)[-1], "a"))
            elif name in ("NOT_LITERAL", "ANY"):
                chars.append("a")
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                walk(arg[-1])
            elif name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(arg[1])
        if len(run) > 1:
            runs.append(run)

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    unique = list(dict.fromkeys([*chars, "a", "1", " ", ".", ",", "-"]))
    return unique, list(dict.fromkeys(runs))


def adversarial_inputs(pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """(repeated unit, failing tail): long runs of what the pattern repeats, then a character it cannot match."""
    chars, runs = _pieces(pattern)
    for c in chars[:40]:
        yield c, "\x00"
        yield c.upper() + c, "!"
    few = chars[:8]
    for a in few:
        for b in few:
            if a != b:
                yield a + b, "\x00"
                yield a * 3 + b, "\x00"
    for piece in runs[:30]:
        yield piece + " ", "\x00"
        yield piece, piece[:-1]
    # Nested repetitions: groups of digits and words with separators, as figures and names are written.
    for unit in ("1,", "1.", "1 ", "a ", "A ", "a-", "a.", "A.", "11,111", "a'", "'a"):
        yield unit, "\x00"


def _expire(signum: int, frame: Any) -> None:
    raise _Slow


def probe(name: str, pattern: re.Pattern[str], limit: float) -> dict[str, Any]:
    """Scan every adversarial input; the first one that runs past ``limit`` seconds is the failure.

    Each input is tried as the components use patterns: ``match`` at the start of a 50,000-character
    run (linear for a sound pattern), and ``finditer`` over a 1,000-character run (enough to set off
    exponential backtracking, short enough that the quadratic cost of retrying ``\\s+x`` at every
    position, inherent to any such pattern, stays far below the limit).
    """
    signal.signal(signal.SIGALRM, _expire)
    for unit, tail in adversarial_inputs(pattern):
        for length, scan in ((RUN, "match"), (SEARCH_RUN, "finditer")):
            text = unit * (length // len(unit)) + tail
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                if scan == "match":
                    pattern.match(text)
                else:
                    for _ in pattern.finditer(text):
                        pass
            except _Slow:
                return {"name": name, "pattern": pattern.pattern[:300], "slow_on": f"{scan} {unit!r} x {length}"}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return {"name": name, "ok": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=5.0, help="seconds one pattern may take on one input")
    args = parser.parse_args()
    broken: list[str] = []
    for name, pattern in collect(broken).items():
        print(json.dumps(probe(name, pattern, args.limit)), flush=True)
    for module in broken:
        print(json.dumps({"name": module, "import_error": True}), flush=True)


if __name__ == "__main__":
    main()

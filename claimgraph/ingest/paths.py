"""Which files to read and in which format: extensions, sniffing, folders and globs."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.errors import InputNotFoundError, UnsupportedFormatError

SUPPORTED_FORMATS: tuple[str, ...] = ("txt", "md", "html", "json", "jsonl", "rss", "atom")

_FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "rss",
    ".atom": "atom",
}
_FORMAT_ALIASES = {"text": "txt", "htm": "html", "ndjson": "jsonl", "markdown": "md", "feed": "rss", "xml": "rss"}
_GLOB_CHARS = frozenset("*?[")


def _supported_list() -> str:
    suffixes = ", ".join(sorted(_FORMAT_BY_SUFFIX))
    return f"supported formats: {', '.join(SUPPORTED_FORMATS)} (extensions {suffixes})"


def normalise_format(fmt: str) -> str:
    """The canonical name of a format given by the user (``"HTM"`` -> ``"html"``); E013 when unknown."""
    key = fmt.strip().lower().lstrip(".")
    key = _FORMAT_ALIASES.get(key, key)
    if key not in SUPPORTED_FORMATS:
        raise UnsupportedFormatError(f"format {fmt!r} is not supported; {_supported_list()}")
    return key


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format to read ``path`` as: ``fmt`` when given, else from the extension (E013 when unknown)."""
    if fmt is not None:
        return normalise_format(fmt)
    found = _FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise UnsupportedFormatError(
            f"{path}: cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"{_supported_list()}; or force one with --input-format / fmt="
        )
    return found


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed input (stdin): html, json, jsonl, rss, atom or txt."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:1024]:
        return "html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed")):
        if b"<feed" in head:
            return "atom"
        if b"<rss" in head or b"<rdf" in head:
            return "rss"
    if head.startswith(b"{"):
        # One object per line is JSON Lines; a pretty-printed single object spans lines too,
        # so the first line decides: a complete object on it means JSON Lines.
        first_line = data.lstrip().split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    if head.startswith(b"["):
        return "json"
    return "txt"


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _walk(folder: Path, recursive: bool) -> Iterator[Path]:
    pattern = "**/*" if recursive else "*"
    found = [p for p in folder.glob(pattern) if p.is_file() and not _hidden(p, folder)]
    for path in sorted(found):
        if path.suffix.lower() in _FORMAT_BY_SUFFIX:
            yield path


def iter_paths(inputs: Iterable[str | Path], *, recursive: bool = True) -> Iterator[Path]:
    """Files to read: files as given, folders walked (sorted, hidden skipped), globs expanded.

    Inside folders and glob matches only files with a supported extension are kept; a file
    named explicitly is yielded whatever its extension, so reading it reports E013 if need be.
    Raises E010 for a path that does not exist or a glob that matches nothing.
    """
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, recursive)
        elif path.is_file():
            yield path
        elif _GLOB_CHARS & set(str(raw)):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=recursive))
            if not matches:
                raise InputNotFoundError(f"{raw}: no file matches this pattern")
            for match in matches:
                if match.is_dir():
                    yield from _walk(match, recursive)
                elif match.suffix.lower() in _FORMAT_BY_SUFFIX and not match.name.startswith("."):
                    yield match
        else:
            raise InputNotFoundError(f"{raw}: no such file or directory")

"""Bytes to text: size limit, binary sniffing, encoding detection, newline normalisation.

The order matters: the size check comes before anything touches the bytes (so a
huge file is refused at once), a UTF-16/32 byte-order mark before the binary
check (UTF-16 text is full of NUL bytes), strict UTF-8 before the slower
statistical detector.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from claimgraph.config import load_settings
from claimgraph.errors import BinaryInputError, DecodingError, EmptyInputError, InputTooLargeError

# Signatures of binary formats people feed to text tools by mistake.
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"%PDF", "PDF document"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"BZh", "bzip2 archive"),
    (b"\x7fELF", "executable"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32 (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32 (BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16 (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16 (BOM)"),
)
_SNIFF_BYTES = 8192
_PREFERRED_ON_TIE = ("cp1252", "latin_1")
# Text has almost no C0 control characters besides tab, newlines, form feed and escape.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the codec used and notes on how it was chosen."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def check_size(size: int, *, name: str, limit: int | None = None) -> None:
    """Raise E016 when ``size`` bytes exceed the configured input limit."""
    max_bytes = limit if limit is not None else load_settings().max_input_bytes
    if size > max_bytes:
        raise InputTooLargeError(
            f"{name} is {size:,} bytes, over the limit of {max_bytes:,} bytes; raise it with the "
            f"CLAIMGRAPH_MAX_INPUT_BYTES environment variable (or max_input_bytes in claimgraph.toml), "
            "or split the input"
        )


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` and drop a leading BOM; nothing else changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def binary_kind(data: bytes) -> str | None:
    """What binary file ``data`` looks like ("PNG image" ...), or ``None`` for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "file with NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL))
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return "file with many control characters"
    return None


def decode_bytes(data: bytes, *, name: str, limit: int | None = None) -> Decoded:
    """Decode input bytes to text (E011 empty, E012 binary, E016 too large, E018 undecodable)."""
    check_size(len(data), name=name, limit=limit)
    if not data.strip():
        raise EmptyInputError(f"{name} is empty; give a file or text that holds an article")
    decoded: Decoded | None = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(
                    data.decode(codec), "utf-8" if codec == "utf-8-sig" else codec, (f"encoding: {label}",)
                )
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    f"{name} starts with a {label} mark but is not valid {codec}: {exc.reason}"
                ) from None
            break
    if decoded is None:
        kind = binary_kind(data)
        if kind is not None:
            raise BinaryInputError(f"{name} looks like a binary {kind}, not text; give a .txt, .html or .jsonl file")
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _detect(data, name=name)
    text = normalise_newlines(decoded.text)
    if not text.strip():
        raise EmptyInputError(f"{name} holds only whitespace; give a file or text that holds an article")
    return Decoded(text, decoded.encoding, decoded.notes)


def _detect(data: bytes, *, name: str) -> Decoded:
    # Imported here: the detector is only needed for the rare non-UTF-8 input.
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DecodingError(
            f"{name} is neither UTF-8 nor UTF-16 and its encoding could not be detected; "
            "convert it to UTF-8 (e.g. iconv -f <encoding> -t utf-8)"
        )
    codec = best.encoding
    # Short texts often fit several legacy code pages equally well; the one most text was
    # written in wins such a tie (charset-normalizer would otherwise pick the first it tried).
    tied = {
        name
        for match in results
        if match.chaos == best.chaos and match.coherence == best.coherence
        for name in match.could_be_from_charset
    }
    codec = next((name for name in _PREFERRED_ON_TIE if name in tied), codec)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise DecodingError(f"{name} could not be decoded as detected encoding {codec}; convert it to UTF-8") from None
    return Decoded(text, codec, (f"encoding: detected {codec} (fallback)",))

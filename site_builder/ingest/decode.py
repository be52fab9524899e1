"""Turns a file's bytes into text: BOMs and CRLF accepted, legacy encodings decoded with a warning."""

from __future__ import annotations

from site_builder.model import Problem

FALLBACK_ENCODINGS = ("cp1252", "latin-1")


class BinaryFile(Exception):
    """The bytes are not text."""


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.1


def decode(data: bytes, rel: str) -> tuple[str, list[Problem]]:
    """Decode ``data``; raises :class:`BinaryFile` for binary content."""
    problems: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        return _normalise(text), problems
    if looks_binary(data):
        raise BinaryFile(rel)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        for encoding in FALLBACK_ENCODINGS:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            problems.append(
                Problem(rel, f"not valid UTF-8; decoded as {encoding}", "re-save the file as UTF-8", line=line)
            )
            break
    return _normalise(text), problems


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

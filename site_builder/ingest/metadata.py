"""Infers title, dek, author and outlet from the top lines of a cleaned article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.ingest.dates import find_dates

_BYLINE = re.compile(r"^\s*(?:by|written by|words by)\s*:?\s+(?P<name>.+?)\s*$", re.I)


@dataclass
class Header:
    title: str | None
    dek: str | None
    author: str | None
    outlet: str | None
    date_line: str | None
    consumed: set[int]  # indexes of lines used up by the header


def _is_date_line(line: str) -> bool:
    found = find_dates(line)
    return bool(found) and len(line) - (found[0].end - found[0].start) < 12


def _is_sentence(line: str) -> bool:
    return len(line.split()) > 20 or (line.endswith((".", "”", "\"")) and len(line.split()) > 12)


def parse_header(lines: list[str]) -> Header:
    """Look at the lines before the first body paragraph for the headline, byline, date."""
    header = Header(None, None, None, None, None, set())
    for i, line in enumerate(lines[:12]):
        if not line:
            continue
        m = _BYLINE.match(line)
        if m:
            header.author = " ".join(m.group("name").split())
            header.consumed.add(i)
            continue
        if header.date_line is None and _is_date_line(line):
            header.date_line = line
            header.consumed.add(i)
            continue
        if _is_sentence(line):
            break
        if header.title is None and len(line.split()) >= 3:
            header.title = line
            header.consumed.add(i)
            continue
        if header.title is not None and line == header.title:
            header.consumed.add(i)
    return header

"""Finds and resolves dates in article text.

Handles absolute dates in the usual news formats, month-and-day dates whose year is
implied by a weekday ("Wednesday, January 11" → the nearest year where Jan 11 is a
Wednesday) and weekday references ("on Sunday") resolved against a reference date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from site_builder.model import PartialDate

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thurs"),
         ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

PATTERNS = [
    # Wednesday, January 11, 2023 / January 11 / Jan. 11, 2023
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I),
    # Wednesday 11 January 2023 / 11 Jan 2023
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?", re.I),
    # 2023-01-11
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b"),
]
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    start: int
    end: int
    how: str  # "explicit", "weekday inference", "reference year"


def _month_number(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("nmonth"):
        return int(groups["nmonth"])
    return MONTHS[groups["month"].lower().rstrip(".")]


def year_from_weekday(month: int, day: int, weekday: int, near: int | None = None) -> int | None:
    """The year, nearest ``near`` (default: this year), in which month/day falls on ``weekday``."""
    centre = near or dt.date.today().year
    for offset in sorted(range(-14, 15), key=lambda o: (abs(o), o)):
        year = centre + offset
        try:
            if dt.date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def find_dates(text: str, reference_year: int | None = None) -> list[FoundDate]:
    """Every day-precision date in ``text``, in order; never invents a year."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            try:
                month = _month_number(m)
                day = int(groups["day"])
            except (KeyError, ValueError):
                continue
            how = "explicit"
            year = int(groups["year"]) if groups.get("year") else None
            if year is None and groups.get("weekday"):
                year = year_from_weekday(month, day, WEEKDAYS[groups["weekday"].lower().rstrip(".")],
                                         near=reference_year)
                how = "weekday inference"
            if year is None and reference_year is not None:
                year, how = reference_year, "reference year"
            if year is None:
                continue
            try:
                date = PartialDate(year, month, day)
            except ValueError:
                continue
            found.append(FoundDate(date, m.start(), m.end(), how))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f.start)
    return found


_ON_WEEKDAY = re.compile(r"\b(?:on|last|this past)\s+(?P<weekday>" + "|".join(
    n for n in WEEKDAYS if len(n) > 4) + r")\b", re.I)


def resolve_weekday(text: str, reference: dt.date) -> tuple[dt.date, int] | None:
    """Resolve the first "on Sunday" in ``text`` to the latest such day on or before ``reference``."""
    m = _ON_WEEKDAY.search(text)
    if not m:
        return None
    target = WEEKDAYS[m.group("weekday").lower()]
    delta = (reference.weekday() - target) % 7
    return reference - dt.timedelta(days=delta), m.start()


def parse_date_value(value: object) -> PartialDate | None:
    """A front-matter date: ISO (2024, 2024-07, 2024-07-28) or a news-style date string."""
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, int):
        return PartialDate(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return PartialDate.parse_iso(text[:10] if re.match(r"\d{4}-\d\d-\d\dT", text) else text)
    except ValueError:
        pass
    dates = find_dates(text)
    if dates:
        return dates[0].date
    m = MONTH_YEAR.search(text)
    if m:
        return PartialDate(int(m.group("year")), _month_number(m))
    raise ValueError(f"cannot read {value!r} as a date")

"""Dates as readers and machines see them: "28 July 2024" for people, ISO and RFC 3339 for feeds.

A :class:`PartialDate` is shown at its real precision, so a month-only date reads
"July 2024" and never pretends to a day.
"""

from __future__ import annotations

import calendar
from functools import lru_cache

from markupsafe import Markup, escape

from site_builder.model import PartialDate

MONTHS = list(calendar.month_name)


@lru_cache(maxsize=4096)
def human(date: PartialDate) -> str:
    """'28 July 2024', 'July 2024' or '2024'."""
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{MONTHS[date.month]} {date.year}"
    return f"{date.day} {MONTHS[date.month]} {date.year}"


@lru_cache(maxsize=4096)
def time_tag(date: PartialDate, css_class: str = "") -> Markup:
    """A ``<time>`` element whose ``datetime`` keeps the precision (valid HTML for 2024, 2024-07, 2024-07-28)."""
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return Markup(f'<time datetime="{date.iso()}"{cls}>{escape(human(date))}</time>')


def sort_key(date: PartialDate) -> tuple[int, int, int]:
    """Chronological order with a coarser date before the finer dates inside it (2024 < 2024-07 < 2024-07-01)."""
    return (date.year, date.month or 0, date.day or 0)


def month_name(month: int) -> str:
    return MONTHS[month]


def rfc3339(date: PartialDate) -> str:
    """Midnight UTC of the first day the date covers: feeds need a full timestamp."""
    return f"{date.to_date().isoformat()}T00:00:00Z"

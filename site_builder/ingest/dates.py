"""Finds and resolves dates in article text, never inventing one.

Public API (analyze may import it):

* :func:`find_dates` — day-precision dates in a text: absolute dates in the usual news
  formats ("November 26, 2024", "26 Nov 2024", "2024-11-26", "11/26/2024"), and
  month-and-day dates whose year comes from a weekday ("Wednesday, January 11" → the year
  in which January 11 is a Wednesday, narrowed by the file's other weekday dates, its
  published date and the years it mentions) or from a reference date.
* :func:`find_relative_days` — "on Sunday", "last Friday", "yesterday", "tomorrow",
  resolved against a reference day (an article's published date), backwards for reports
  and forwards for previews or sentences in the future tense.
* :func:`find_month_mentions` — month/year mentions inside sentences ("in April",
  "last month", "earlier this year", "in January 2023", "next year") resolved against a
  reference :class:`PartialDate`. Each carries ``future=True`` when the sentence points
  ahead ("America will have a new president in January", "by March", "next month"), so
  written in July 2024 "in April" is 2024-04 but "will ... in January" is 2025-01.
* :func:`parse_date_line` — a page's date line ("Updated: Nov. 26, 2024 3:45 p.m. ET",
  "Published 11/26/2024", "Tue 26 Nov 2024 10.32 GMT") → its date and whether it is an
  update stamp.
* :func:`infer_event_date` and :func:`looks_like_preview` — the day the reported event
  happened, with the source of that belief, and whether the article was written before it.

Sources named in ``DatedValue.source``: "explicit" (day, month and year written),
"weekday inference" (year from a weekday), "reference year" (month and day written, year
from the published date or another year in the file), "relative to published" ("on
Sunday", "yesterday" counted from the published day), "dateline", "footer date line",
"updated line", "front matter".

For dated mentions in one article, build its context once and reuse it:
``ctx = file_context(article_text, published_partial_date)`` then
``find_dates(sentence, context=ctx)`` and ``find_month_mentions(sentence, published)``.

Everything is regex based with patterns compiled once; month and weekday names must be
capitalised (or all caps) so that "may" and "sun" in prose are not read as dates. The
date scan only looks around digit runs (every format has a number). dateparser was not
added: it is slow on prose and would still need these rules for weekday-implied years.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from site_builder.ingest.patterns import lazy_compile, lowered
from site_builder.model import DatedValue, PartialDate

_MONTH_NAMES = [
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
]
_WEEKDAY_NAMES = [
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
]
MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
WEEKDAYS = {name: i for i, names in enumerate(_WEEKDAY_NAMES) for name in names}

# Words far outside this range are not publication years of news we can date.
MIN_YEAR = 1900


def _alternation(names: Iterable[str]) -> str:
    forms = set()
    for name in names:
        forms.update((name.capitalize(), name.upper()))
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTH_RE = rf"(?P<month>{_alternation(MONTHS)})\.?"
_FULL_WEEKDAY = _alternation(n for names in _WEEKDAY_NAMES for n in names[:1])
_WEEKDAY_RE = rf"(?:(?P<weekday>{_alternation(WEEKDAYS)})\.?,?\s+)?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:1[89]|2\d)\d\d)"

_DAY_PATTERNS = [
    # Wednesday, January 11, 2023 / January 11 / Jan. 11, 2023 / Nov. 26-27, 2024 / Nov-26-2024
    lazy_compile(rf"\b{_WEEKDAY_RE}{_MONTH_RE}(?:\s+|-){_DAY_RE}(?:\s*[-–]\s*[0-3]?\d)?\b(?!\s*[:.]\d)"
                 rf"(?:(?:,?\s+|-){_YEAR_RE}\b)?"),
    # Wednesday 11 January 2023 / 11 Jan 2023 / the 11th of January / 26-Nov-2024
    lazy_compile(rf"\b{_WEEKDAY_RE}(?:the\s+)?{_DAY_RE}(?:\s+(?:of\s+)?|-){_MONTH_RE}(?![a-z])"
                 rf"(?:(?:,?\s+|-){_YEAR_RE}\b)?"),
    # 2023-01-11, 2023/01/11, 2023.01.11, 2023-01-11T09:30:00Z
    lazy_compile(r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<nmonth>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d/])"),
    # 11/26/2024, 26/11/2024, 26.11.2024 — order decided per file (see day_first)
    lazy_compile(r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/])"),
]
_ALL_PATTERNS = tuple(enumerate(_DAY_PATTERNS))
_NAMED_PATTERNS = _ALL_PATTERNS[:2]
_NUMERIC_PATTERNS = _ALL_PATTERNS[2:]
_SHORT_NUMERIC = lazy_compile(r"(?<![\d/.])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<yy>\d\d)(?![\d/])")
MONTH_YEAR = lazy_compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?{_YEAR_RE}\b")
# Spelled "one digit, then any more" rather than "\d+": the same runs, but a pattern that
# opens with a character class lets sre skip to the next digit without trying a match at
# every position (a repeat first does not), which halves the cost of a scan of a long text.
_DIGITS = lazy_compile(r"\d\d*")
_SEPARATORS = frozenset("/.-")
_NAME_NEAR = lazy_compile(_alternation(MONTHS))
# Three digit runs joined by one separator twice: the shape inside every match of the
# numeric patterns (2 and 3), each of which is at most ten characters long.
_NUMERIC_SHAPE = lazy_compile(r"\d([/.-])\d+\1\d")

# Words before a date, in the same sentence, that point ahead of the time of writing.
# ("by" and "due to" are left out: "a visit by the minister", "due to the storm".)
_FUTURE_CUE = lazy_compile(
    r"\b(?:will|won['’]t|shall|'ll|would|to be held|scheduled|expected|expects|set to|(?:is|are) due|plans? to|"
    r"planned|intends? to|going to|upcoming|ahead of|slated|poised)\b",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    """A day-precision date found in a text, with where it stands and how its year was known."""

    date: PartialDate
    start: int
    end: int
    how: str  # "explicit", "weekday inference", "reference year", "relative to published"
    text: str = ""
    weekday: int | None = None


@dataclass(frozen=True)
class _Raw:
    """A date-shaped phrase as scanned, before its year is resolved."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    weekday: int | None
    text: str
    day_first: bool = False  # written day before month ("26 November")


@dataclass(frozen=True)
class DateContext:
    """What a file tells us about its own time, used to resolve dates without a year."""

    reference: PartialDate | None = None  # usually the published date
    year_hint: int | None = None  # latest past year the file mentions
    allowed_years: frozenset[int] | None = None  # years every weekday date of the file agrees on
    day_first: bool = False  # numeric dates read as day/month
    today: dt.date = field(default_factory=dt.date.today)


# --------------------------------------------------------------------------- raw scanning


def _month_of(groups: dict[str, str | None]) -> int:
    name = groups.get("month")
    if name:
        return MONTHS[name.lower().rstrip(".")]
    return int(groups["nmonth"] or 0)


# ``\d`` for text whose only decimal digits are 0-9: sre tests a range with a bitmap, but
# a category with a Unicode table look-up per character, which made listing the runs of a
# long article slow. Most non-ASCII text (curly quotes, dashes, accents) has no other
# digits, which one search for them (``\d`` less 0-9) makes sure of at half the cost of
# listing the runs with ``\d``.
_ASCII_DIGITS = lazy_compile(r"[0-9][0-9]*")  # not "[0-9]+": see _DIGITS
_OTHER_DIGIT = lazy_compile(r"[^\D0-9]")


def _ascii_digits_only(text: str) -> bool:
    """Whether 0-9 are the only decimal digits ``text`` holds."""
    return text.isascii() or _OTHER_DIGIT.search(text) is None


@lru_cache(maxsize=8)
def _digit_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in (_ASCII_DIGITS if _ascii_digits_only(text) else _DIGITS).finditer(text)]


def _scan(text: str, day_first: bool) -> list[_Raw]:
    return list(_scan_cached(text, day_first))


@lru_cache(maxsize=8)
def _scan_cached(text: str, day_first: bool) -> tuple[_Raw, ...]:
    """Every date-shaped phrase, found around digit runs (every date format has one).

    Running the four full patterns over a whole article is slow in Python's ``re``; a date
    always contains a day or year number, so each pattern is tried only in a small window
    around each short digit run, which is several times faster on long texts.
    """
    found: list[_Raw] = []
    taken_end = -1
    size = len(text)
    for s, e in _digit_runs(text):
        if s < taken_end or e - s not in (1, 2, 4):
            continue
        numeric = text[s - 1:s] in _SEPARATORS or text[e:e + 1] in _SEPARATORS
        if not numeric and (e - s == 4 or not _NAME_NEAR.search(text, max(0, s - 14), min(size, e + 16))):
            continue  # a plain number ("400 missiles"), not part of a date
        lo, hi = max(0, s - 32), min(size, e + 24)
        best: tuple[re.Match[str], int] | None = None
        # Only patterns that can cover this run are tried: the numeric ones (2, 3) need a
        # separator beside every number they match, the named ones (0, 1) a month name,
        # which would lie inside the window.
        if not numeric:
            patterns = _NAMED_PATTERNS
        elif _NAME_NEAR.search(text, lo, hi) is not None:
            patterns = _ALL_PATTERNS
        elif _NUMERIC_SHAPE.search(text, max(0, s - 8), min(size, e + 8)) is None:
            # A year ending a sentence ("since 1990."), a decimal ("2.5 per cent"): no numeric
            # date covers the run, as one would lie within eight characters of it.
            continue
        else:
            patterns = _NUMERIC_PATTERNS
        for index, pattern in patterns:
            m = pattern.search(text, lo, hi)
            while m is not None and m.end() <= s:
                m = pattern.search(text, m.end(), hi)
            if m is None or m.start() > s or m.start() < taken_end:
                continue
            if best is None or m.end() - m.start() > best[0].end() - best[0].start():
                best = (m, index)
        if best is None:
            continue
        m, index = best
        g = m.groupdict()
        if index == 3:
            a, b = int(g["a"]), int(g["b"])
            if a > 12 or ((day_first or g["sep"] == ".") and b <= 12):
                day, month = a, b
            else:
                month, day = a, b
        else:
            month, day = _month_of(g), int(g["day"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        weekday = WEEKDAYS[g["weekday"].lower().rstrip(".")] if g.get("weekday") else None
        year = int(g["year"]) if g.get("year") else None
        found.append(_Raw(m.start(), m.end(), month, day, year, weekday, m.group(0), index == 1))
        taken_end = m.end()
    return tuple(found)


def prefers_day_first(text: str) -> bool:
    """True when the file writes dates day-first ("26 November"), so 03/04/2024 is 3 April."""
    return any(raw.day_first for raw in _scan_cached(text, False))


def _ambiguous_order(a: int, b: int, ctx: DateContext) -> bool:
    """A numeric date such as 04/09/2023 that reads as two days, with nothing in the file to choose.

    Only day-first prose ("4 September") settles it. Month-first prose does not: pages that
    write "March 4, 2024" in an update stamp still print 04/03/2024 day-first elsewhere.
    """
    return a != b and a <= 12 and b <= 12 and not ctx.day_first


def year_hint(text: str, today: dt.date | None = None) -> int | None:
    """The latest year up to this one that the text mentions: a floor for when it was written."""
    now = (today or dt.date.today()).year
    best = None
    for s, e in _digit_runs(text):
        if e - s != 4 or (s and text[s - 1] in "$£€.,/-") or text[e:e + 1] == "%":
            continue
        year = int(text[s:e])
        if MIN_YEAR <= year <= now and (best is None or year > best):
            best = year
    return best


def weekday_years(month: int, day: int, weekday: int, lo: int, hi: int) -> list[int]:
    """Every year in [lo, hi] in which month/day falls on ``weekday``."""
    return list(_weekday_years(month, day, weekday, lo, hi))


@lru_cache(maxsize=1024)
def _weekday_years(month: int, day: int, weekday: int, lo: int, hi: int) -> tuple[int, ...]:
    years = []
    for year in range(lo, hi + 1):
        try:
            if dt.date(year, month, day).weekday() == weekday:
                years.append(year)
        except ValueError:
            continue
    return tuple(years)


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


def shared_weekday_years(text: str, today: dt.date | None = None) -> frozenset[int] | None:
    """Years in which *every* "Weekday, Month Day" of the text holds (a file's dates agree).

    "Wednesday, January 11" alone allows 2017, 2023, 2034…; with "Friday, January 13"
    elsewhere in the same file nothing changes, but "Monday, March 6" would rule years out.
    Returns None when the text has no such dates or they do not agree on any year.
    """
    now = (today or dt.date.today()).year
    sets = []
    for raw in _scan(text, False):
        if raw.weekday is not None and raw.year is None:
            sets.append(set(weekday_years(raw.month, raw.day, raw.weekday, MIN_YEAR, now + 1)))
    if not sets:
        return None
    common = set.intersection(*sets)
    return frozenset(common) if common else None


def _future_before(text: str, start: int) -> bool:
    """A future cue in the same sentence, before position ``start``."""
    left = text[max(0, start - 90):start]
    cut = max(left.rfind(". "), left.rfind("? "), left.rfind("! "), left.rfind("\n") - 1)
    if cut >= 0:
        left = left[cut + 2:]
    return bool(_FUTURE_CUE.search(left))


# --------------------------------------------------------------------------- resolving


def _pick_weekday_year(raw: _Raw, ctx: DateContext) -> int | None:
    assert raw.weekday is not None
    now = ctx.today.year
    ref = ctx.reference
    if ref is not None:
        near = weekday_years(raw.month, raw.day, raw.weekday, ref.year - 1, ref.year + 1)
        if near:
            return min(near, key=lambda y: (abs(y - ref.year), -y))
        return None
    candidates = weekday_years(raw.month, raw.day, raw.weekday, MIN_YEAR, now + 1)
    if ctx.allowed_years:
        narrowed = [y for y in candidates if y in ctx.allowed_years]
        candidates = narrowed or candidates
    if not candidates:
        return None
    past = [y for y in candidates if y <= now] or candidates
    if ctx.year_hint is not None:
        # The file mentions years up to year_hint, so it was written then or later.
        after = [y for y in past if y >= ctx.year_hint]
        if after:
            return min(after)
        return min(past, key=lambda y: (abs(y - ctx.year_hint), -y))  # type: ignore[operator]
    return max(past)


def _year_from_reference(raw: _Raw, ref: PartialDate, future: bool) -> int:
    """The year that puts month/day nearest the reference, before it unless the text looks ahead."""
    if ref.month is None:
        return ref.year
    ref_day = ref.day if ref.day is not None else (1 if future else 31)
    ref_key = (ref.month, ref_day)
    key = (raw.month, raw.day)
    if future:
        return ref.year if key >= ref_key else ref.year + 1
    return ref.year if key <= ref_key else ref.year - 1


def _resolve(raw: _Raw, text: str, ctx: DateContext) -> FoundDate | None:
    how = "explicit"
    year = raw.year
    if year is None and raw.weekday is not None:
        year, how = _pick_weekday_year(raw, ctx), "weekday inference"
    if year is None and ctx.reference is not None:
        year = _year_from_reference(raw, ctx.reference, _future_before(text, raw.start))
        how = "reference year"
    if year is None and ctx.year_hint is not None:
        year, how = ctx.year_hint, "reference year"
    if year is None:
        return None
    try:
        date = PartialDate(year, raw.month, raw.day)
    except ValueError:
        return None
    return FoundDate(date, raw.start, raw.end, how, raw.text, raw.weekday)


def find_dates(text: str, reference_year: int | None = None, *,
               context: DateContext | None = None) -> list[FoundDate]:
    """Every day-precision date in ``text``, in order; a date whose year cannot be known is left out."""
    if context is None:
        context = DateContext(reference=PartialDate(reference_year) if reference_year else None,
                              day_first=prefers_day_first(text))
    out = []
    for raw in _scan(text, context.day_first):
        resolved = _resolve(raw, text, context)
        if resolved is not None:
            out.append(resolved)
    return out


# --------------------------------------------------------------------------- relative days

# Words before a weekday that fix which one is meant, and words that name a day themselves;
# each may open a sentence, so its first letter may be a capital.
_DAY_MODIFIERS = ("on", "last", "this past", "this coming", "this", "next", "late", "early", "since", "until", "by")
_DAY_WORDS = ("yesterday", "today", "tonight", "tomorrow", "this morning", "this afternoon", "this evening")


def _either_first_case(word: str) -> str:
    return f"[{word[0].upper()}{word[0]}]{word[1:]}"


_RELATIVE_DAY = lazy_compile(
    rf"\b(?:(?P<mod>{'|'.join(map(_either_first_case, _DAY_MODIFIERS))})\s+)?"
    rf"(?P<weekday>{_FULL_WEEKDAY})(?:['’]s)?\b"
    rf"|\b(?P<word>{'|'.join(map(_either_first_case, _DAY_WORDS))})\b"
)
# What every match of _RELATIVE_DAY holds after its modifier: a weekday or a day word. Plain
# words in a plain alternation, so sre skips to a possible first letter; _RELATIVE_DAY opens
# with a word boundary, which makes sre try a match at every position of the text.
_DAY_CORE = lazy_compile("|".join([_FULL_WEEKDAY, *(w[0].upper() + w[1:] for w in _DAY_WORDS), *_DAY_WORDS]))
# The longest modifier: a match starts at most this far, plus its spaces, before its core.
_LONGEST_MODIFIER = max(map(len, _DAY_MODIFIERS))
_WORD_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "this morning": 0,
                 "this afternoon": 0, "this evening": 0}


def _relative_days(text: str) -> Iterable[re.Match[str]]:
    """``_RELATIVE_DAY.finditer(text)``, with the pattern's slow scan limited to near each core.

    The next match holds a core (:data:`_DAY_CORE`) at or after the next core found, and
    no core can start inside a modifier or the spaces after it, so the match starts no
    earlier than that core less its spaces and the longest modifier: searching from there
    finds the same leftmost match, and skipping to the core costs only a fast scan.
    """
    pos = 0
    while True:
        core = _DAY_CORE.search(text, pos)
        if core is None:
            return
        start = core.start()
        while start > pos and text[start - 1].isspace():
            start -= 1
        m = _RELATIVE_DAY.search(text, max(pos, start - _LONGEST_MODIFIER))
        if m is None:
            return
        yield m
        pos = m.end()


def find_relative_days(text: str, reference: dt.date, *, future: bool = False) -> list[FoundDate]:
    """Weekday and day words resolved against ``reference`` (the published day).

    A bare or "on" weekday is the latest such day on or before the reference in a report,
    and the next one on or after it when the sentence (or, with ``future``, the whole
    article) looks ahead; "last"/"this past" always look back, "next"/"this coming" ahead.
    Weekdays that are part of an absolute date ("Wednesday, January 11") are skipped.
    """
    absolute = [(r.start, r.end) for r in _scan(text, False)]
    out = []
    for m in _relative_days(text):
        if any(s <= m.start("weekday" if m.group("weekday") else "word") < e for s, e in absolute):
            continue
        if m.group("word"):
            offset = _WORD_OFFSETS[m.group("word").lower()]
        else:
            target = WEEKDAYS[m.group("weekday").lower()]
            mod = (m.group("mod") or "").lower()
            if mod in ("last", "this past", "since"):
                ahead = False
                strict = True
            elif mod in ("next", "this coming", "until", "by"):
                ahead, strict = True, True
            else:
                ahead = future or _future_before(text, m.start())
                strict = False
            if ahead:
                offset = (target - reference.weekday()) % 7
                if strict and offset == 0:
                    offset = 7
            else:
                offset = -((reference.weekday() - target) % 7)
                if strict and offset == 0:
                    offset = -7
        try:
            pd = PartialDate.from_date(reference + dt.timedelta(days=offset))
        except (ValueError, OverflowError):  # a reference at the very edge of the calendar
            continue
        out.append(FoundDate(pd, m.start(), m.end(), "relative to published", m.group(0)))
    return out


def resolve_weekday(text: str, reference: dt.date) -> tuple[dt.date, int] | None:
    """The first weekday reference in ``text`` resolved backwards from ``reference`` (see find_relative_days)."""
    for found in find_relative_days(text, reference):
        if found.text.lower() not in _WORD_OFFSETS:
            return found.date.to_date(), found.start
    return None


# --------------------------------------------------------------------------- month mentions


@dataclass(frozen=True)
class MonthMention:
    """A month- or year-precision time reference inside a sentence."""

    date: PartialDate
    start: int
    end: int
    text: str
    future: bool  # the sentence points ahead of the reference date
    how: str  # "explicit" (year written) or "relative to reference"


# A month name (found first, cheaply) needs a preposition before it or a year after it.
_MONTH_TAIL = lazy_compile(rf"{_MONTH_RE}(?![a-z])(?!\s+[0-3]?\d(?:st|nd|rd|th)?\b)(?:,?\s+{_YEAR_RE}\b)?")
_PREP_BEFORE = lazy_compile(
    r"\b(?P<prep>in|In|since|Since|until|Until|by|By|from|From|during|During|through|last|Last|next|Next|"
    r"this|This|early|Early|late|Late|mid-?|Mid-?|earlier in|later in|end of|beginning of|start of)\s+$"
)
_RELATIVE_PERIOD = lazy_compile(
    r"\b(?P<phrase>(?:earlier|later|late|early)\s+this\s+(?:month|year)|(?:last|this|next|past)\s+(?:month|year))\b",
    re.I,
)
_IN_YEAR = lazy_compile(
    r"\b(?P<prep>in|since|until|by|from|during|through|before|after)\s+(?P<year>(?:19|20)\d\d)\b(?![\d%-])", re.I)


_MONTH_PREFIXES = tuple(sorted({n[:3].capitalize() for n in MONTHS} | {n[:3].upper() for n in MONTHS}))


def _may_mention_time(text: str) -> bool:
    if any(prefix in text for prefix in _MONTH_PREFIXES):
        return True
    lower = text.lower()
    return "month" in lower or "year" in lower or _DIGITS.search(text) is not None


def find_month_mentions(text: str, reference: PartialDate) -> list[MonthMention]:
    """Month and year references in ``text`` resolved against ``reference`` (usually the published date).

    "in April" written in July 2024 → 2024-04 (past); "will … in January" → 2025-01 with
    ``future=True``; "last month" → 2024-06; "earlier this year" → 2024; "next year" → 2025;
    "in January 2023" → 2023-01 (explicit). A bare month needs a preposition or a year, so
    the name "April" and the verb "may" are not read as months.
    """
    out: list[MonthMention] = []
    if not _may_mention_time(text):
        return out  # the common case for a sentence: nothing to find, decided by cheap substring tests
    taken: list[tuple[int, int]] = []
    for name in _NAME_NEAR.finditer(text):
        start = name.start()
        if start and text[start - 1].isalnum():
            continue
        m = _MONTH_TAIL.match(text, start)
        if m is None:
            continue
        before = _PREP_BEFORE.search(text, max(0, start - 16), start)
        if before is None and not m.group("year"):
            continue
        if before is not None:
            start = before.start()
        month = MONTHS[m.group("month").lower().rstrip(".")]
        prep = before.group("prep").lower() if before else ""
        if m.group("year"):
            year = int(m.group("year"))
            future = year > reference.year or (year == reference.year and reference.month is not None
                                               and month > reference.month)
            how = "explicit"
        else:
            future = prep in ("next", "until", "by") or _future_before(text, start)
            if prep == "last":
                future = False
            how = "relative to reference"
            if reference.month is None:
                year = reference.year
            elif future:
                year = reference.year if month >= reference.month else reference.year + 1
            else:
                year = reference.year if month <= reference.month else reference.year - 1
            if prep == "last" and reference.month is not None and month == reference.month:
                year = reference.year - 1
        try:
            date = PartialDate(year, month)
        except ValueError:
            continue
        phrase = text[start:m.end()].rstrip(".")
        out.append(MonthMention(date, start, start + len(phrase), phrase, future, how))
        taken.append((start, m.end()))
    lower = text.lower()
    periods = _RELATIVE_PERIOD.finditer(text) if "month" in lower or "year" in lower else ()
    for m in periods:
        phrase = " ".join(m.group("phrase").lower().split())
        unit = phrase.rsplit(" ", 1)[1]
        shift = 1 if phrase.startswith("next") else -1 if phrase.startswith(("last", "past")) else 0
        future = shift > 0 or phrase.startswith("later")
        try:
            if unit == "year":
                date = PartialDate(reference.year + shift)
            elif reference.month is not None:
                index = reference.year * 12 + reference.month - 1 + shift
                date = PartialDate(index // 12, index % 12 + 1)
            else:
                continue
        except ValueError:
            continue
        out.append(MonthMention(date, m.start(), m.end(), m.group(0), future, "relative to reference"))
    years = _IN_YEAR.finditer(text) if _DIGITS.search(text) else ()
    for m in years:
        if any(s <= m.start("year") < e for s, e in taken):
            continue
        year = int(m.group("year"))
        out.append(MonthMention(PartialDate(year), m.start(), m.end(), m.group(0), year > reference.year,
                                "explicit"))
    out.sort(key=lambda mm: mm.start)
    return out


# --------------------------------------------------------------------------- date lines

_DATE_LINE_NOISE = lazy_compile(
    r"(?i)\b(?:published|updated|last updated|modified|posted|first published|originally published|date|"
    r"on|at|am|pm|a\.m\.?|p\.m\.?|et|est|edt|pt|pst|pdt|ct|cst|cdt|gmt|utc|bst|cet|cest|jst|ist|aest|hkt|sgt|"
    r"local time|time|min|mins|minute|minutes|read|reading|hours?|ago|z)\b|"
    r"T?\d{1,2}[:.]\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?|[|•·,:;/()\-–—]|\b\d+\b|\bT\b"
)
_UPDATED = lazy_compile(r"(?i)\b(?:updated|modified|last updated|edited)\b")
_WEEKDAY_WORD = lazy_compile(rf"\b(?:{_alternation(WEEKDAYS)})\.?\b")


@dataclass(frozen=True)
class DateLine:
    """The date of a page's date stamp line."""

    date: PartialDate
    updated: bool  # an update stamp rather than the first publication
    how: str


def parse_date_line(line: str, context: DateContext | None = None) -> DateLine | None:
    """The date of a line that is *only* a date stamp; see :func:`_parse_date_line`."""
    if len(line) > 90 or _DIGITS.search(line) is None:
        return None  # every date line has a number (a day or a year)
    return _parse_date_line(line, context)


@lru_cache(maxsize=4096)
def _parse_date_line(line: str, context: DateContext | None = None) -> DateLine | None:
    """The date of a line that is *only* a date stamp (plus words like "Published", times, zones).

    Returns None for a sentence that merely contains a date, so a lede such as "On July 28,
    officials met…" is never mistaken for the page's date line.
    """
    if len(line) > 90 or _has_two_plain_words(line):
        return None
    ctx = context or DateContext(day_first=prefers_day_first(line))
    raws = _scan(line, ctx.day_first)
    short = None
    if not raws:
        short = _SHORT_NUMERIC.search(line)
        if not short:
            m = MONTH_YEAR.search(line)
            if not m or _residue(line, m.start(), m.end()):
                return None
            return DateLine(PartialDate(int(m.group("year")), _month_of(m.groupdict())),
                            bool(_UPDATED.search(line)), "dateline")
    if short is not None:
        a, b, yy = int(short.group("a")), int(short.group("b")), int(short.group("yy"))
        if _residue(line, short.start(), short.end()) or _ambiguous_order(a, b, ctx):
            return None  # never guess which of two readings a page meant
        month, day = (b, a) if ctx.day_first and b <= 12 else (a, b)
        try:
            date = PartialDate(2000 + yy, month, day)
        except ValueError:
            return None
        return DateLine(date, bool(_UPDATED.search(line)), "dateline")
    raw = raws[0]
    if _residue(line, raw.start, raw.end):
        return None
    if raw.text[:1].isdigit() and not raw.text[:4].isdigit() and "." not in raw.text and not raw.day_first \
            and _ambiguous_order(raw.month, raw.day, ctx):
        return None  # 04/09/2023 is 9 April or 4 September: never guess which a page meant
    resolved = _resolve(raw, line, ctx)
    if resolved is None:
        return None
    how = "dateline" if resolved.how == "explicit" else f"dateline ({resolved.how})"
    return DateLine(resolved.date, bool(_UPDATED.search(line)), how)


# Lower-case words that a date match or _DATE_LINE_NOISE may remove (the noise pattern
# ignores case; "last", "local", "first" and "originally" start its phrases).
_MAYBE_STAMP_TEXT = (
    "published updated last modified posted first originally date on at am pm et est edt pt pst pdt ct cst cdt "
    "gmt utc bst cet cest jst ist aest hkt sgt local time min mins minute minutes read reading hour hours ago "
    "z t the of")
_MAYBE_STAMP_WORDS = frozenset(_MAYBE_STAMP_TEXT.split())


def _has_two_plain_words(line: str) -> bool:
    """Two lower-case words that neither a date nor the stamp vocabulary can hold: a sentence.

    Such a word (ASCII letters only) is never part of a date match (month and weekday names
    are capitalised; only "the" and "of" stand inside one) nor removed by the noise pattern,
    so it survives in :func:`_residue`; two of them make a residue on every path of
    :func:`_parse_date_line`, which can then answer None without scanning for dates.
    """
    count = 0
    for token in line.split():
        if token.isalpha() and token.islower() and token.isascii() and token not in _MAYBE_STAMP_WORDS:
            count += 1
            if count == 2:
                return True
    return False


def _residue(line: str, start: int, end: int) -> bool:
    """True when the line has real words besides the date and stamp vocabulary."""
    rest = line[:start] + " " + line[end:]
    rest = _DATE_LINE_NOISE.sub(" ", rest)
    rest = _WEEKDAY_WORD.sub(" ", rest)
    return len(rest.split()) > 1


def parse_date_value(value: object) -> PartialDate | None:
    """A front-matter date: ISO (2024, 2024-07, 2024-07-28, with a time) or a news-style date string."""
    if isinstance(value, dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, bool):
        raise ValueError(f"cannot read {value!r} as a date")
    if isinstance(value, int):
        return PartialDate(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return PartialDate.parse_iso(text[:10] if re.match(r"\d{4}-\d\d-\d\d[T ]", text) else text)
    except ValueError:
        pass
    line = parse_date_line(text)
    if line:
        return line.date
    dates = find_dates(text)
    if dates and dates[0].how == "explicit":
        return dates[0].date
    m = MONTH_YEAR.search(text)
    if m:
        return PartialDate(int(m.group("year")), _month_of(m.groupdict()))
    raise ValueError(f"cannot read {value!r} as a date")


# --------------------------------------------------------------------------- event date

_PREVIEW_CUE = lazy_compile(
    r"\b(?:will(?:\s+\w+ly)?\s+(?:meet|hold|host|visit|travel|sign|gather|vote|decide|announce|begin|start|open|"
    r"face|head|attend|discuss|convene|launch|take place|be held|be)|"
    r"(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|poised)\s+to|"
    r"ahead of|in advance of|(?:plans?|intends?)\s+to\s+(?:meet|hold|visit|sign)|upcoming|expects?|"
    r"to be held|(?:is|are)\s+to\s+(?:meet|hold|visit|sign)|preview|what to expect)\b",
    re.I,
)
# Headline shorthand for the future: "Biden to meet Xi", "Council to vote on budget".
_HEADLINE_FUTURE = lazy_compile(
    r"\bto (?:meet|hold|visit|sign|host|attend|travel|vote|unveil|announce|launch|open|begin|start|decide|"
    r"face|hold talks|gather|convene)\b|\b(?:expected|set|poised|likely|tipped|slated) to\b", re.I)
_REPORT_CUE = lazy_compile(
    r"\b(?:met|held|signed|agreed|announced|convened|discussed|gathered|visited|hosted|voted|decided|"
    r"launched|approved|unveiled|pledged|vowed|reaffirmed|agreed|concluded|ended|began|opened|took place|"
    r"was held|were held|killed|won|lost|attacked|struck|reached|issued|released)\b",
    re.I,
)
_ON_BEFORE = lazy_compile(r"\b[Oo]n\s*$")
_ANCHOR_BEFORE = lazy_compile(r"(?i)\b(?:since|until|till|before|after|following|ahead of|by|from)\s+(?:the\s+)?$")


_SENTENCE_BREAK = lazy_compile(r"(?<=[.!?])\s+")


def looks_like_preview(title: str, lede: str) -> bool:
    """True when an article is written before the event it reports.

    Heuristic: the headline or first two sentences carry a forward-looking cue ("will
    meet", "are expected to", "ahead of talks", "is set to", a headline's "X to meet Y")
    and the first sentence has
    no past-tense event verb ("met", "signed", "announced"). Reported speech ("said")
    is neutral, so "officials said they will meet" still counts as a preview.
    """
    sentences = _SENTENCE_BREAK.split(lede.strip(), maxsplit=2)
    first = sentences[0] if sentences else ""
    head = " ".join([title, *sentences[:2]])
    if not (_search_folded(_PREVIEW_CUE, _PREVIEW_CUE_LC, head)
            or _search_folded(_HEADLINE_FUTURE, _HEADLINE_FUTURE_LC, title)):
        return False
    # A regular past verb counts only before the forward-looking words ("will meet in the
    # shared basin" is a plan; "raised rates and said it did not expect…" is a report).
    cue = _search_folded(_PREVIEW_CUE, _PREVIEW_CUE_LC, first)
    return not (_search_folded(_REPORT_CUE, _REPORT_CUE_LC, first) or _search_folded(_REPORT_CUE, _REPORT_CUE_LC, title)
                or _past_verb(first[:cue.start()] if cue else first))


# The cue patterns for lower-cased ASCII text (see patterns.lowered): about three times
# faster on a lede than the re.I originals.
_PREVIEW_CUE_LC = lowered(_PREVIEW_CUE)
_HEADLINE_FUTURE_LC = lowered(_HEADLINE_FUTURE)
_REPORT_CUE_LC = lowered(_REPORT_CUE)


def _search_folded(pattern: re.Pattern[str], twin: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, by its lower-case ``twin`` on ASCII text, lowered.

    The match's positions are the text's (lowering ASCII keeps every character in place).
    """
    if text.isascii():
        return twin.search(text.lower())
    return pattern.search(text)


# Words ending in -ed that describe a plan rather than report that something happened.
_NOT_PAST_TEXT = ("expected scheduled planned slated poised tipped proposed anticipated rumoured rumored "
                  "delayed postponed needed concerned interested based related")
_NOT_PAST = frozenset(_NOT_PAST_TEXT.split())
_ED_WORD = lazy_compile(r"\b([a-z]{3,}ed)\b")


def _past_verb(sentence: str) -> bool:
    """A regular past-tense verb ("raised", "defended") in the sentence, not after be/to."""
    for m in _ED_WORD.finditer(sentence):
        word = m.group(1)
        if word in _NOT_PAST:
            continue
        before = sentence[max(0, m.start() - 8):m.start()].lower().split()
        if before and before[-1] in ("is", "are", "be", "been", "being", "was", "were", "to", "will", "not"):
            continue
        return True
    return False


def _today() -> dt.date:
    return _today_at(int(time.time() // 3600))


@lru_cache(maxsize=1)
def _today_at(hour: int) -> dt.date:  # the clock is read once an hour, not once a file
    return dt.date.today()


def file_context(text: str, reference: PartialDate | None, today: dt.date | None = None) -> DateContext:
    """A :class:`DateContext` built from the whole file's own dated references."""
    now = today or _today()
    return DateContext(
        reference=reference,
        year_hint=year_hint(text, now),
        allowed_years=shared_weekday_years(text, now),
        day_first=prefers_day_first(text),
        today=now,
    )


def infer_event_date(title: str, paragraphs: list[str], published: DatedValue | None, *,
                     full_text: str | None = None, today: dt.date | None = None,
                     preview: bool | None = None,
                     context: DateContext | None = None) -> tuple[DatedValue | None, bool, list[str]]:
    """The day the reported event happened, whether the article is a preview, and warnings.

    Looks at the headline and the opening paragraphs (the lede says when), preferring a
    date introduced by "on" ("On July 28, officials met…"), then any other dated mention,
    then a weekday or day word resolved against the published date. For a report, a
    candidate after the published date is skipped (it is a plan, not the event); for a
    preview only dates on or after publication count. Returns no date rather than guess.
    """
    lede = "\n".join(paragraphs[:3])[:2000]
    if preview is None:
        preview = looks_like_preview(title, "\n".join(paragraphs[:1]))
    ref = published.date if published else None
    if context is not None:
        # Built directly: dataclasses.replace costs several times as much for this frozen class.
        ctx = DateContext(reference=ref, year_hint=context.year_hint, allowed_years=context.allowed_years,
                          day_first=context.day_first, today=context.today)
    else:
        ctx = file_context(full_text if full_text is not None else "\n".join([title, *paragraphs]), ref, today)
    warnings: list[str] = []
    text = f"{title}\n{lede}"
    pub_first = ref.to_date() if ref else None
    pub_last = ref.last_date() if ref else None

    def plausible(d: PartialDate) -> bool:
        if ref is None:
            return d.year <= ctx.today.year + (1 if preview else 0)
        if preview:
            return d.last_date() >= pub_first  # type: ignore[operator]
        return d.to_date() <= pub_last  # type: ignore[operator]

    # "Three months after the March 3 signing": a date the story is measured from, not its event.
    candidates = [f for f in find_dates(text, context=ctx)
                  if plausible(f.date) and not _ANCHOR_BEFORE.search(text, max(0, f.start - 24), f.start)]
    if candidates:
        on = [f for f in candidates if _ON_BEFORE.search(text, max(0, f.start - 8), f.start)]
        best = on[0] if on else candidates[0]
        return DatedValue(best.date, best.how), preview, warnings
    if ref is not None and ref.precision == "day":
        relative = [f for f in find_relative_days(text, ref.to_date(), future=preview) if plausible(f.date)]
        if relative:
            return DatedValue(relative[0].date, "relative to published"), preview, warnings
    month_year = [m for m in MONTH_YEAR.finditer(lede[:600])]
    for m in month_year:
        date = PartialDate(int(m.group("year")), _month_of(m.groupdict()))
        if plausible(date):
            return DatedValue(date, "explicit"), preview, warnings
    return None, preview, warnings

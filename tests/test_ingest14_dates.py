"""dates._scan_cached skips numeric-only runs far from a numeric date's shape (session 14).

The skip must never lose a date: with the shape test forced to pass (every run then meets
the numeric patterns, as before), the scan finds the same phrases.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import dates

_PIECES = [*"0123456789 /.-,:aZT\n", "12", "2024", "1999", "Jan", "March", "SEPT", "May", "Monday, ", "Nov. ",
           "٣", "since ", " per cent"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


class _AlwaysShape:
    """A stand-in for _NUMERIC_SHAPE that finds the shape everywhere (no run is skipped)."""

    def search(self, *_args: Any) -> bool:
        return True


def _scan_both(text: str, day_first: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple, tuple]:
    fast = dates._scan_cached.__wrapped__(text, day_first)
    with monkeypatch.context() as m:
        m.setattr(dates, "_NUMERIC_SHAPE", _AlwaysShape())
        full = dates._scan_cached.__wrapped__(text, day_first)
    return fast, full


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans())
def test_shape_skip_loses_no_date(text: str, day_first: bool) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, full = _scan_both(text, day_first, monkeypatch)
    assert fast == full


@pytest.mark.parametrize("text", [
    "Published 2024-11-26 at noon", "on 26/11/2024.", "since 1990. Prices rose 2.5 per cent",
    "Nov-26-2024", "x 1.2.2024 y", "2024/1/5", "the 3.4-5.6 range on 11.12.2023",
])
def test_dates_beside_decimals_and_sentence_ends(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = _scan_both(text, False, monkeypatch)
    assert fast == full


def test_a_sentence_end_year_meets_no_numeric_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    class Spy:
        def __init__(self, pattern: Any) -> None:
            self.pattern = pattern

        def search(self, *args: Any) -> Any:
            calls.append(args)
            return self.pattern.search(*args)

    monkeypatch.setattr(dates, "_NUMERIC_PATTERNS", tuple((i, Spy(p)) for i, p in dates._NUMERIC_PATTERNS))
    assert dates._scan_cached.__wrapped__("It has grown since 1990. Rates rose 2.5 per cent.", False) == ()
    assert calls == []


def _opens_with_a_class(pattern: str) -> bool:
    """sre skips to a candidate start only for a pattern whose first node is a class or literal."""
    import re._constants as c  # type: ignore[import-not-found]
    import re._parser as p  # type: ignore[import-not-found]

    first_op = p.parse(pattern)[0][0]
    return first_op in (c.IN, c.LITERAL)


def test_digit_run_patterns_open_with_a_class() -> None:
    """"[0-9]+" opens with a repeat, which makes sre try a match at every position of the text."""
    assert not _opens_with_a_class(r"[0-9]+")
    assert _opens_with_a_class(dates._ASCII_DIGITS.pattern)
    assert _opens_with_a_class(dates._DIGITS.pattern)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_digit_patterns_find_maximal_runs(text: str) -> None:
    import re

    assert [m.span() for m in dates._DIGITS.finditer(text)] == [m.span() for m in re.finditer(r"\d+", text)]
    assert [m.span() for m in dates._ASCII_DIGITS.finditer(text)] == [m.span() for m in re.finditer(r"[0-9]+", text)]


_DAY_PIECES = [" ", "  ", "\n", "\u2003", "x", "on ", "On", "this ", "This past ", "This coming ", "last", "Monday",
               "MONDAY", "Sunday", "s", "'s", "’s", "today", "Tonight", "yesterday", "this morning", "Since", "by",
               ".", "Mondays", "coming ", "Until\n\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DAY_PIECES), max_size=16).map("".join))
def test_relative_days_are_the_patterns_matches(text: str) -> None:
    """dates._relative_days skips to each weekday or day word, and must find what finditer finds."""
    def found(matches: Any) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in matches]

    assert found(dates._relative_days(text)) == found(dates._RELATIVE_DAY.finditer(text))


@pytest.mark.parametrize("text", [
    "It will open this coming  Monday, and closed last\nFriday.", "Until  Sunday's vote", "Mondays, then Tuesday",
    "xToday and today", "BY MONDAY", "by\u2003Friday", "He left This past Sunday morning; this morning he spoke.",
])
def test_relative_days_keep_their_modifiers(text: str) -> None:
    assert [(m.span(), m.groupdict()) for m in dates._relative_days(text)] == \
        [(m.span(), m.groupdict()) for m in dates._RELATIVE_DAY.finditer(text)]


_CUE_TWINS = [(dates._PREVIEW_CUE, dates._PREVIEW_CUE_LC), (dates._HEADLINE_FUTURE, dates._HEADLINE_FUTURE_LC),
              (dates._REPORT_CUE, dates._REPORT_CUE_LC)]
_CUE_PIECES = ["Will", "will", "WILL", "meet", "Meet", "quickly", "are", "Expected", "to", "set", "Ahead of", "talks",
               "met", "SIGNED", "announced", "Upcoming", "expects", "X", "to be held", " ", "  ", "\n", ".", ",",
               "Is", "TO", "sign", "preview", "What to expect", "pool", "ſign"]


def test_cue_twins_are_written_in_lower_case() -> None:
    import re

    for original, twin in _CUE_TWINS:
        assert twin.pattern == original.pattern and original.flags & re.I and not twin.flags & re.I
        assert not re.search(r"(?<!\\)[A-Z]", original.pattern), original.pattern


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=12).map(" ".join))
def test_folded_search_is_the_patterns_search(text: str) -> None:
    for original, twin in _CUE_TWINS:
        a, b = original.search(text), dates._search_folded(original, twin, text)
        assert (a is None) == (b is None) and (a is None or a.span() == b.span())


def test_looks_like_preview_in_capitals_and_beyond_ascii() -> None:
    assert dates.looks_like_preview("LEADERS WILL MEET IN PARIS", "The summit opens on Monday.")
    assert not dates.looks_like_preview("Leaders MET in Paris", "They will meet again.")
    assert dates.looks_like_preview("Leaders will meet in Zürich", "The summit opens on Monday.")

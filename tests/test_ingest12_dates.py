"""dates._digit_runs reads ASCII text with ``[0-9]+`` (session 12): the runs must be ``\\d+``'s."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import dates

_ANY_DIGITS = re.compile(r"\d+")
texts = st.text(alphabet=st.sampled_from([*"0123456789 /.-,aZ\n", "٣", "१", "²", "é", "’"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_digit_runs_are_every_decimal_run(text: str) -> None:
    dates._digit_runs.cache_clear()
    assert dates._digit_runs(text) == [m.span() for m in _ANY_DIGITS.finditer(text)]


def test_ascii_and_unicode_digits() -> None:
    assert dates._digit_runs("On 5/11/2024, 300 of 1990") == [(3, 4), (5, 7), (8, 12), (14, 17), (21, 25)]
    assert dates._digit_runs("٢٠٢٤ and 7") == [(0, 4), (9, 10)]  # Arabic-Indic digits: not ASCII, still runs
    assert dates.year_hint("Since 2019, ٢٠٢٣.", __import__("datetime").date(2026, 1, 1)) == 2023


def test_other_digit_is_every_decimal_digit_but_ascii_ones() -> None:
    """``_OTHER_DIGIT`` matches exactly the characters ``\\d`` matches outside 0-9, in every plane."""
    other = dates._OTHER_DIGIT
    for code in range(0x110000):
        char = chr(code)
        assert (other.match(char) is not None) == (_ANY_DIGITS.match(char) is not None and code >= 128), hex(code)


def test_non_ascii_text_without_other_digits_uses_ascii_runs() -> None:
    assert dates._ascii_digits_only("It’s 5 — “fine” é")
    assert not dates._ascii_digits_only("٣ and 5")
    assert dates._ascii_digits_only("emoji \U0001f600 5")  # astral, but no digit
    assert not dates._ascii_digits_only("\U0001d7ce is a digit")  # mathematical bold zero
    assert dates._digit_runs("It’s 5 — ٣4") == [(5, 6), (9, 11)]

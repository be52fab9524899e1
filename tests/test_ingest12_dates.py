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

"""Rewritten hot paths of digests, dated mentions and summaries give exactly what the plain forms gave."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import mentions

_PIECES = ["in ", "during ", "within ", "x", "1", " ", "\n", ",", "-", "'", "é", "_", "may", "june", "july", "jan",
           "january", "august", "augusta", "2019", "1999", "2101", "1850", "march", "december", "dmay", "smarch",
           "in\n", "during\n", "nov", "november", "o", "october", "9"]


def _spans(pattern: object, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group()) for m in pattern.finditer(text)]  # type: ignore[attr-defined]


def test_anchor_pattern_finds_what_the_lowered_case_insensitive_one_finds_on_every_short_mix() -> None:
    plain = mentions._lowered(mentions._ANCHOR)
    for n in (1, 2, 3):
        for parts in itertools.product(_PIECES, repeat=n):
            text = "".join(parts)
            assert _spans(mentions._ANCHOR_LOWERED, text) == _spans(plain, text), text


def test_anchor_pattern_keeps_word_boundaries_and_the_year_lead() -> None:
    text = "xmay may, augusta in 2019 within 2020 during 1999 in 2101 (june) 7july august"
    assert [g for _, g in _spans(mentions._ANCHOR_LOWERED, text)] == ["may", "2019", "2020", "1999", "june", "august"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_anchor_pattern_matches_the_plain_form_on_random_mixes(text: str) -> None:
    assert _spans(mentions._ANCHOR_LOWERED, text) == _spans(mentions._lowered(mentions._ANCHOR), text)

"""Rewritten hot paths of digests, dated mentions and summaries give exactly what the plain forms gave."""

from __future__ import annotations

import itertools
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import mentions, summarize
from site_builder.ingest.patterns import lowered

_PIECES = ["in ", "during ", "within ", "x", "1", " ", "\n", ",", "-", "'", "é", "_", "may", "june", "july", "jan",
           "january", "august", "augusta", "2019", "1999", "2101", "1850", "march", "december", "dmay", "smarch",
           "in\n", "during\n", "nov", "november", "o", "october", "9"]


def _spans(pattern: object, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group()) for m in pattern.finditer(text)]  # type: ignore[attr-defined]


def test_anchor_pattern_finds_what_the_lowered_case_insensitive_one_finds_on_every_short_mix() -> None:
    plain = lowered(mentions._ANCHOR)
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
    assert _spans(mentions._ANCHOR_LOWERED, text) == _spans(lowered(mentions._ANCHOR), text)


# The clause-break pattern as first written: a plain alternation.
_PLAIN_CLAUSE_BREAK = re.compile(r";|\s—\s|,\s+(?:and|but)\s+|\s+that\s+|\s+because\s+|\s+so\s+")
_CLAUSY = [";", ",", " ", "  ", "\n", "\u2003", "—", "and", "but", "that", "because", "so", "x", "thats", "a", ", "]


def test_clause_breaks_are_those_of_the_plain_alternation_on_every_short_mix() -> None:
    for n in (1, 2, 3):
        for parts in itertools.product(_CLAUSY, repeat=n):
            text = "".join(parts)
            assert _spans(mentions._CLAUSE_BREAK, text) == _spans(_PLAIN_CLAUSE_BREAK, text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSY), max_size=16).map("".join))
def test_clause_breaks_match_the_plain_alternation_on_random_mixes(text: str) -> None:
    assert _spans(mentions._CLAUSE_BREAK, text) == _spans(_PLAIN_CLAUSE_BREAK, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=60))
def test_unique_inverse_is_numpys(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    cols, where = summarize.unique_inverse(array)
    expected_cols, expected_where = np.unique(array, return_inverse=True)
    assert cols.dtype == expected_cols.dtype and where.dtype == expected_where.dtype
    assert cols.tolist() == expected_cols.tolist() and where.tolist() == expected_where.tolist()


def test_a_sentence_that_repeats_the_headline_in_any_case_is_no_candidate() -> None:
    from site_builder.model import Article

    other = "The harbour board will meet again next week to talk about the ferry timetable."
    # "İ" lower-cases to two characters: the sentence and the lowered headline differ in length.
    for title in ("The harbour board voted on the new dock plan at last tonight.",
                  "İstanbul's harbour board voted on the new dock plan at last tonight."):
        body = [f"{title.lower()} {other}", f"{title} {other}"]
        article = Article(source="a.txt", slug="a", title=title, body=body, body_html="", content_hash="a")
        assert [c.text for c in summarize.candidates(article)] == [other, other], title

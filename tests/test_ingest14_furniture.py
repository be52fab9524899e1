"""Furniture checks on ASCII lines use lower-case twins of the re.I patterns (session 14),
and prose lines are classified without the memo."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import furniture

TWINS = [
    (furniture._PROMPT_START, furniture._PROMPT_START_LC),
    (furniture._STRONG_PROMPT, furniture._STRONG_PROMPT_LC),
    (furniture._PHOTO_CREDIT, furniture._PHOTO_CREDIT_LC),
]
_WORDS = ["Sign", "up", "SIGN IN", "subscribe", "Subscribers", "get", "the", "Our", "Listen", "to", "this", "article",
          "Photo", "photos", "by", "credit", ":", "/", "|", "[Image", "]", "(", "Don't", "miss", "don’t", "try", "30",
          "Share", "on", "Print", "story", "log", "in", "LOGIN", "We'd", "love", "cookies", " ", "  ", "-", "—"]
lines = st.lists(st.sampled_from([w for w in _WORDS if w.isascii()]), max_size=8).map(" ".join)


def test_twins_are_written_in_lower_case() -> None:
    """A capital outside an escape would match in the original (re.I) but never in lower-case text."""
    for original, twin in TWINS:
        assert twin.pattern == original.pattern and not twin.flags & re.I
        assert original.flags & re.I
        assert not re.search(r"(?<!\\)[A-Z]", original.pattern), original.pattern


@settings(max_examples=500, deadline=None)
@given(lines)
def test_twins_match_the_lowered_line_where_the_originals_match_the_line(line: str) -> None:
    assert line.isascii()
    for original, twin in TWINS:
        a, b = original.match(line), twin.match(line.lower())
        assert (a is None) == (b is None) and (a is None or a.span() == b.span())


@pytest.mark.parametrize(("line", "why"), [
    ("SIGN UP for our newsletter", "reader prompt"),
    ("Sign up for our newsletter", "reader prompt"),
    ("Listen to this article", "reader prompt"),
    ("PHOTO: Jane Doe/Reuters", "photo credit"),
    ("Photo by Jane Doe", "photo credit"),
    ("ſign up for our newsletter", "reader prompt"),  # not ASCII: the re.I pattern folds the long s
])
def test_classify_ascii_and_other_lines(line: str, why: str) -> None:
    assert furniture.classify(line, False) == why


def test_prose_lines_are_not_memoised() -> None:
    furniture._classify.cache_clear()
    prose = "The council said on Monday that the new bridge would open to traffic in the spring."
    assert furniture.classify(prose, True) is None
    assert furniture._classify.cache_info().currsize == 0
    assert furniture.classify("Advertisement", False) == "advertisement"
    assert furniture._classify.cache_info().currsize == 1

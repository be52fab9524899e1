"""Regular expressions rewritten to open with a character the regex engine can scan for
find exactly what their plain forms find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import features, names

# Text near the patterns' edges: apostrophes, letters (capital, accented), digits, joiners.
_TEXT = st.text(alphabet="aZb'’ É1_-.\tof lé", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_stray_apostrophe(text: str) -> None:
    plain = re.compile(r"'(?![a-zA-Z])|(?<![a-zA-Z])'")
    assert features._STRAY_APOSTROPHE.sub(" ", text) == plain.sub(" ", text)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_capitalised_runs(text: str) -> None:
    plain = re.compile(rf"(?<![^\W_])(?:{features._CAPWORD})"
                       rf"(?:[ \t]+(?:(?:of|de|du|von|van|al|bin|la|le)[ \t]+)?(?:{features._CAPWORD}))*")
    assert [m.span() for m in features._RUN.finditer(text)] == [m.span() for m in plain.finditer(text)]
    if text.isascii():
        assert [m.span() for m in features._RUN_ASCII.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab'’- Z1_.é", max_size=30))
def test_lower_words(text: str) -> None:
    assert names.lower_words(text) == set(names._LOWER_WORD.findall(text))


def test_runs_and_words_on_an_example() -> None:
    text = "Both Mr. O'Neill and 3Com met Bank of Japan staff in Zürich's 'old' town."
    assert [m.group() for m in features._RUN.finditer(text)] == ["Both Mr", "O'Neill", "Bank of Japan", "Zürich's"]
    assert features._ascii_words("the 'old' Neill's 'x") == ["the", "old", "Neill's", "x"]
    assert names.lower_words("the well-known 'x' Zed") == {"the", "well-known"}

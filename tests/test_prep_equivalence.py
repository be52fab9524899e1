"""The fast paths of the per-article readers give what the plain regex versions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import features as F

# Letters of both cases, the characters that end or join tokens, and some non-ASCII.
_ALPHABET = "abcXYZ'’_09 .,\t\n-\"“”é"
texts = st.text(alphabet=_ALPHABET, max_size=60)
ascii_texts = st.text(alphabet="abcdeXYZ'_09 .,\t\x1c-\"", max_size=60)


def _plain_headline_case(sentence: str, lower_words: set[str]) -> bool:
    words = F._TITLE_WORD.findall(sentence)
    if len(words) < 3:
        return False
    ordinary = sum(1 for w in words if w[0].isupper() and w.lower() in lower_words)
    return ordinary >= 2 and ordinary / len(words) >= 0.4


@given(texts)
@settings(max_examples=600, deadline=None)
def test_words_match_the_regex(text: str) -> None:
    assert F._words(text) == F._WORD.findall(text)
    assert F.content_stems(text) == F._stems_of(F._WORD.findall(F.fold(text)))


@given(ascii_texts)
@settings(max_examples=600, deadline=None)
def test_ascii_words_match_the_regex(text: str) -> None:
    assert F._ascii_words(text) == F._WORD_ASCII.findall(text)
    assert F._ascii_words(text, F._LOWER_LETTERS) == F._WORD_ASCII.findall(text.lower())


@given(st.lists(st.sampled_from(["Alpha", "alpha", "Beta", "beta", "Gamma", "Ab", "DELTA", "x1Ab", "Café",
                                 "Omega's", "iota", "3", "—", ".", "Over_lap"]), max_size=12),
       st.sets(st.sampled_from(["alpha", "beta", "gamma", "delta", "omega", "café", "over"])))
@settings(max_examples=600, deadline=None)
def test_headline_case_matches_the_plain_test(words: list[str], lower_words: set[str]) -> None:
    sentence = " ".join(words)
    assert F.is_headline_case(sentence, lower_words) == _plain_headline_case(sentence, lower_words)


def test_text_words_are_those_of_the_text() -> None:
    for text in ("Japan's PM met U.S. officials in Tokyo", "Taïwan’s “Premier” said 3 things", ""):
        found = F.text_words(text)
        assert found.words == F._WORD.findall(text)
        assert found.stems == F.content_stems(text)
        assert found.lower_words == F.lowercase_words(text)
        assert F.text_words(text) is found

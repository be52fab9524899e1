"""The comparison's furniture check after its substring pre-check (session 12)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import compare
from site_builder.analyze.compare import _FURNITURE, _FURNITURE_LOWER, _may_be_furniture, _prose

# Every phrase the furniture pattern matches, as written in it (``log-?in`` and ``cookies?`` both ways).
PHRASES = ["share this", "leave a comment", "log-in", "login", "sign up", "subscribe", "click here", "read more",
           "back to top", "all rights reserved", "cookie", "cookies", "newsletter"]


def _prose_as_before(sentence: str) -> str | None:
    """_prose as written before the pre-check: the pattern searched in every sentence."""
    words = sentence.split()
    if len(words) < compare.MIN_WORDS:
        return None
    if not sentence.rstrip("\"'”’)]").endswith((".", "!", "?", "…", ":")) and len(words) < 12:
        return None
    folded = compare._fold_once(sentence)
    if _FURNITURE_LOWER.search(folded) if sentence.isascii() else _FURNITURE.search(sentence):
        return None
    return folded


def test_every_furniture_phrase_passes_the_pre_check() -> None:
    alternatives = _FURNITURE.pattern.split("(", 1)[1].rsplit(")", 1)[0].split("|")
    assert len(alternatives) == 11  # the list above covers the pattern as it is
    for phrase in PHRASES:
        assert _FURNITURE_LOWER.search(phrase)
        assert _may_be_furniture(phrase), phrase


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["The", "minister", "said", "talks", "would", "resume", "Click", "HERE", "log",
                                 "In", "cookies", "Newsletter", "sign", "up", "blog", "catalogue", "ﬁnal",
                                 "Ünited", "read", "More", "subscribed", "unsubscribe", "12", "all", "rights",
                                 "reserved", "back", "to", "top", "share", "this", "—"]),
                min_size=4, max_size=16),
       st.sampled_from([".", "", "!", " …"]))
def test_prose_is_as_before(words: list[str], end: str) -> None:
    sentence = " ".join(words) + end
    assert _prose(sentence) == _prose_as_before(sentence)


def test_prose_drops_furniture_and_keeps_the_rest() -> None:
    base = "The minister said on Tuesday that the talks would resume next week"
    assert _prose(base + ".") == base.lower() + "."
    for phrase, (cut, case) in itertools.product(PHRASES, [(True, str.lower), (True, str.upper)]):
        assert (_prose(f"{base}, {case(phrase)} now.") is None) is cut
    assert _prose(f"{base} in the catalogue.") is not None  # "log" inside a word is no login

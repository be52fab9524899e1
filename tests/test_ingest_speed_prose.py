"""Shortcuts in sentence shape and furniture classification give the verdicts of the full rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import furniture
from site_builder.ingest.sentences import ends_like_sentence, function_ratio, is_prose, words

_WORDS = ["the", "of", "and", "to", "in", "a", "that", "is", "was", "for", "The", "A", "Mayor", "said", "council",
          "2024", "$4", "—", "(AP)", "Read", "more", "Share", "Photo:", "Getty", "Images", "cookies", "we", "use",
          "Sign", "up", "newsletter", "Subscribe", "©", "Copyright", "Daily", "Planet", "x", "E.U.", "it's"]
_ENDS = ["", ".", "!", "?", ".”", ":", "…", " ", ","]


def _reference_is_prose(line: str) -> bool:
    """The rules of ``sentences._is_prose`` without its shortcuts."""
    tokens = words(line)
    n = len(tokens)
    if n >= 25:
        return ends_like_sentence(line) or function_ratio(tokens) >= 0.08
    if n < 4:
        return False
    fr = function_ratio(tokens)
    if ends_like_sentence(line):
        if n >= 8 and fr >= 0.12:
            return True
        lower = sum(1 for t in tokens[1:] if t[0].islower())
        return lower >= 2 and fr > 0
    return n >= 16 and fr >= 0.2 and sum(1 for t in tokens[1:] if t[0].islower()) >= n // 2


_line = st.builds(lambda ws, end: " ".join(ws) + end, st.lists(st.sampled_from(_WORDS), max_size=50),
                  st.sampled_from(_ENDS))


@settings(max_examples=1000, deadline=None)
@given(_line)
def test_prose_shortcut_matches_the_rules(line: str) -> None:
    line = line.strip()
    assert is_prose(line) == _reference_is_prose(line)


def _reference_is_prompt(line: str) -> bool:
    tokens = words(line)
    if len(tokens) > 60:
        return False
    lower = line.lower()
    if "cookie" in lower and furniture._COOKIE_BANNER.search(line):
        return True
    if len(tokens) <= 20 and furniture._STRONG_PROMPT.match(line):
        return True
    if len(tokens) > 35 or not furniture._PROMPT_START.match(line):
        return False
    return bool(furniture._PROMPT_NOUN.search(lower)) or (
        len(tokens) <= 12 and bool(furniture._WEAK_PROMPT_NOUN.search(lower)))


_PROMPT_WORDS = ["Sign", "up", "for", "our", "newsletter", "we", "use", "cookies", "Subscribe", "to", "the", "inbox",
                 "app", "Follow", "us", "Listen", "this", "article", "story", "join", "conversation", "comments",
                 "account", "and", "more", "words", "here", "By", "continuing", "browse"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_PROMPT_WORDS), min_size=1, max_size=70), st.sampled_from(_ENDS))
def test_prompt_check_order_does_not_matter(ws: list[str], end: str) -> None:
    line = (" ".join(ws) + end).strip()
    assert furniture._is_prompt(line, line.lower()) == _reference_is_prompt(line)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="ab |•·-–—\t,", max_size=20))
def test_byline_segments_shortcut(line: str) -> None:
    from site_builder.ingest.metadata import _SEGMENTS, _segments

    assert _segments(line) == [s for s in _SEGMENTS.split(line) if s]


def test_agency_hints_spelled_out_are_the_list() -> None:
    for hint in furniture._AGENCY_HINTS:
        assert furniture._agency_hint_in(f"x {hint} y")
    assert not furniture._agency_hint_in("the council met on monday")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="photgeyrusknlmaic dp", max_size=30))
def test_agency_hint_check_matches_the_list(lower: str) -> None:
    assert furniture._agency_hint_in(lower) == any(h in lower for h in furniture._AGENCY_HINTS)

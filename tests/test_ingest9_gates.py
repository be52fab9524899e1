"""Furniture patterns skipped by their first character give the verdicts of trying them all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import furniture
from site_builder.ingest.furniture import clean_lines
from site_builder.ingest.patterns import lazy_compile

# Lines that each gated pattern matches, so a mark put in front is the only change.
_MATCHING = {
    "_COUNTER": ["12 comments", "1.2k shares", "comments (4)", "5 min read", ",5"],
    "_READ_TIME": ["listen 4 min", "(3 min read)", "7 minutes"],
    "_ADVERT": ["advertisement", "Story continues below advertisement", "remove ads"],
    "_TIMESTAMP": ["updated 5 minutes ago", "just now", ": 3 hours ago", "10:45 pm EST"],
    "_LINK_LABEL": ["Read more: a story", "Don't miss", "more from the desk"],
    "_END_LABEL": ["12 comments", "Leave a reply", "You may also like", "3 thoughts on this"],
}


def _non_plain_starts() -> list[str]:
    """Every character below U+3000 that is not a letter, digit, space or one of "(.,:"."""
    return [chr(c) for c in range(1, 0x3000) if not furniture._plain_start(chr(c))]


def test_gated_patterns_never_match_after_a_mark() -> None:
    starts = _non_plain_starts()
    assert "#" in starts and "-" in starts and ">" in starts and "A" not in starts and "ſ" not in starts
    for name, lines in _MATCHING.items():
        pattern = getattr(furniture, name)
        for line in lines:
            assert pattern.match(line), (name, line)
            hits = [c for c in starts if pattern.match(c + line) or pattern.match(c + " " + line)]
            assert not hits, (name, line, hits[:5])


def test_case_folded_letters_count_as_plain() -> None:
    # Under re.I "ſ" matches "s" and the Kelvin sign "k": they must not be skipped.
    assert furniture._plain_start("ſhares 12") and furniture._plain_start("\u212a")
    assert furniture._COUNTER.match("ſhares 12")


_WORDS = ["##", "#", "-", "*", ">", "—", "“", "Key", "figures:", "Read", "more", "12", "comments", "Advertisement",
          "Updated", "5", "minutes", "ago", "just", "now", "You", "may", "also", "like", "Reaction", "(3", "min",
          "read)", "Leave", "a", "reply", "Related", "stories", "www.example.com", "@desk", "###", "-30-", "·"]
_line = st.builds(" ".join, st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))


@settings(max_examples=1500, deadline=None)
@given(_line, st.booleans())
def test_classify_matches_ungated_rules(line: str, prose: bool) -> None:
    fast = furniture._classify.__wrapped__(line, prose)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furniture, "_plain_start", lambda line: True)
        full = furniture._classify.__wrapped__(line, prose)
    assert fast == full


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, min_size=1, max_size=12), st.booleans())
def test_clean_lines_matches_ungated_rules(lines: list[str], markdown: bool) -> None:
    prose = "Officials said on Monday that the council would meet again to vote on the budget next week."
    text = "\n\n".join([prose, *lines, prose, *lines])
    furniture._classify.cache_clear()
    fast = clean_lines(text, markdown=markdown)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furniture, "_plain_start", lambda line: True)
        furniture._classify.cache_clear()
        full = clean_lines(text, markdown=markdown)
    furniture._classify.cache_clear()
    assert fast == full


def test_markdown_heading_compiles_no_gated_pattern() -> None:
    """A heading is classified without compiling the patterns it cannot match (the edit's cost)."""
    fresh = {name: lazy_compile(getattr(furniture, name).pattern, getattr(furniture, name).flags) for name in _MATCHING}
    with pytest.MonkeyPatch.context() as patch:
        for name, pattern in fresh.items():
            patch.setattr(furniture, name, pattern)
        assert furniture._classify.__wrapped__("## Reaction", False) is None
        text = "Officials said on Monday that the council would meet again.\n\n## Reaction\n\n- a point\n\n> A quote."
        assert "## Reaction" in clean_lines(text, markdown=True).lines
        assert furniture._classify.__wrapped__("12 comments", False) == "counter"
    compiled = [name for name, pattern in fresh.items() if "match" in vars(pattern)]
    assert compiled == ["_COUNTER"]

"""The byline parser's shortcuts for prose lines give the verdicts of its full rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import metadata
from site_builder.ingest.dates import DateContext
from site_builder.model import PartialDate

# Words that make bylines and ledes: names, particles, roles, wires, outlets, titles, dates,
# the small words clean_outlet allows, corporate suffixes, separators and "By".
_WORDS = ["Jane", "Doe", "JANE", "DOE", "van", "de", "al", "el", "Mr.", "Dr", "Ms", "mr", "in", "from", "Tokyo",
          "By", "by", "BY", "Written", "Posted", "on", "at", "staff", "Staff", "writer", "Writer", "senior", "the",
          "The", "of", "and", "And", "&", "+", ";", ",", "|", "-", "—", "•", "Daily", "Planet", "news", "News",
          "Reuters", "reuters", "AP", "ap", "Associated", "associated", "press", "Press", "Thomson", "Kyodo",
          "Al", "Jazeera", "bbc", "BBC", "Inc", "inc", "co", "Co.", "said", "said,", "officials", "council",
          "raised", "rate", "Monday", "Nov.", "26,", "2024", "8.0", "percent", "J.", "R.", "Smith,", "Smith&Co",
          "rock-and-roll", "Sandra", "andrew", "Journal", "journal", "Herald", "Correspondent", "reporter",
          "Ünal", "çelik", "x", "Y", "St.", "st", "published", "12/03/2024", "2023-06-02", "Tuesday"]
_ENDS = ["", ".", ",", " 2024", " |", " on Nov. 26, 2024", " Associated Press"]

_line = st.builds(lambda ws, end: " ".join(ws) + end, st.lists(st.sampled_from(_WORDS), min_size=1, max_size=22),
                  st.sampled_from(_ENDS))
_CONTEXTS = [None, DateContext(reference=PartialDate(2024, 11, 26), year_hint=2024)]


@settings(max_examples=3000, deadline=None)
@given(_line, st.sampled_from(_CONTEXTS))
def test_prose_rejection_matches_full_rules(line: str, context: DateContext | None) -> None:
    fast = metadata._parse_byline.__wrapped__(line, context)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(metadata, "_no_names_possible", lambda first: False)
        full = metadata._parse_byline.__wrapped__(line, context)
    assert fast == full


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab and,;&+ \t\u00a0xAnd-", max_size=40))
def test_lead_words_match_the_name_split(text: str) -> None:
    assert metadata._lead_words(text) == metadata._NAME_SPLIT.split(text, maxsplit=1)[0].split()[:7]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="bByY 1x-|,—–•·\t", max_size=30))
def test_substring_hints_agree_with_patterns(line: str) -> None:
    if not metadata._has_by(line):
        assert metadata._DATE_BY.match(line) is None
    if any(c in line for c in ",|—–•·"):
        assert metadata._BYLINE_HINT.search(line) is not None


def test_prose_lines_take_the_shortcut() -> None:
    assert metadata._no_names_possible("Voters in Waiston chose a new mayor on Sunday, ending four years")
    assert not metadata._no_names_possible("Jane Doe, Staff Writer")
    assert not metadata._no_names_possible("Associated press reporters")


def _reference_wire_suffix(first: str) -> tuple[str | None, str]:
    """The former loop: every wire name, longest first, tested with ``endswith``."""
    lowered = first.lower()
    for key in sorted(metadata.outlets.WIRES, key=len, reverse=True):
        if lowered.endswith(" " + key) and len(first) > len(key) + 3:
            return metadata.outlets.WIRES[key], first[: -len(key)].rstrip(" ,")
    return None, first


_WIRE_TAILS = [*metadata.outlets.WIRES, "AP", "Reuters", "Associated Press", "BBC NEWS", "x", "", "news", "press"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aJ ,.İ", max_size=8), st.sampled_from(_WIRE_TAILS), st.sampled_from(["", " ", ","]))
def test_wire_suffix_matches_the_loop(head: str, tail: str, glue: str) -> None:
    first = head + glue + tail
    assert metadata._wire_suffix(first) == _reference_wire_suffix(first)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab and,;&+ xAnd-", max_size=30))
def test_name_parts_match_the_split(text: str) -> None:
    assert metadata._name_parts(text) == metadata._NAME_SPLIT.split(text)

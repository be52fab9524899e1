"""The date-line parser's shortcut for sentences gives the verdicts of its full rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import dates
from site_builder.ingest.dates import DateContext
from site_builder.model import PartialDate

# Date parts, stamp words (in every case), small words a date may hold, and prose words.
_WORDS = ["Published", "published", "Updated", "updated", "Last", "last", "updated:", "on", "On", "at", "the",
          "of", "11th", "11", "26", "Nov.", "November", "NOVEMBER", "nov", "2024", "2023-06-02", "12/03/2024",
          "3/4/24", "26.11.2024", "Wednesday,", "Wed", "wednesday", "3:45", "p.m.", "a.m.", "am", "pm", "ET",
          "et", "GMT", "T", "t", "z", "Z", "min", "read", "ago", "hours", "local", "time", "|", "-", "—",
          "officials", "met", "said", "a", "x", "council", "since", "by", "date", "Date:", "first", "originally",
          "2024-11-26T09:30:00Z", "of", "in", "May", "may"]
_CONTEXTS = [None, DateContext(reference=PartialDate(2024, 11, 26), year_hint=2024),
             DateContext(day_first=True)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.sampled_from(_CONTEXTS))
def test_sentence_shortcut_matches_full_rules(ws: list[str], context: DateContext | None) -> None:
    line = " ".join(ws)
    fast = dates._parse_date_line.__wrapped__(line, context)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates, "_has_two_plain_words", lambda line: False)
        full = dates._parse_date_line.__wrapped__(line, context)
    assert fast == full


def test_sentences_take_the_shortcut() -> None:
    assert dates._has_two_plain_words("It was the 6th launch from the site.")
    assert not dates._has_two_plain_words("Published on Nov. 26, 2024 at 3:45 p.m. ET")

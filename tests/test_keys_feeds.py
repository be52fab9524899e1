"""feed_stories (what a feed's key reads) picks exactly the stories the feed shows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from site_builder.model import DatedValue, PartialDate
from site_builder.render import feeds
from site_builder.render.pages import Renderer
from tests.test_render import config, rich_site


def test_feed_stories_are_the_dated_stories_the_feed_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = rich_site()
    template = next(s for s in site.stories if s.event_date is not None)
    # Many more stories than a feed shows, some undated (no event date, no dated member).
    for n in range(12):
        undated = n % 3 == 0
        site.stories.append(dataclasses.replace(
            template, id=f"extra-{n}", slug=f"extra-{n}",
            event_date=None if undated else DatedValue(PartialDate(2020, 1 + n % 12, 1), "story"),
            articles=[] if undated else template.articles))
    monkeypatch.setattr(feeds, "FEED_LIMIT", 5)
    r = Renderer(site, config(), tmp_path, [])
    assert any(feeds.story_dates(s) is None for s in r.stories)
    for stories in (r.stories, list(reversed(r.stories)), r.stories[:3], []):
        # What the feed shows: its first FEED_LIMIT stories that have dates, with those dates.
        expected = [(s, *d) for s in stories if (d := feeds.story_dates(s)) is not None][:5]
        assert feeds._dated(r, stories) == expected
        assert feeds.feed_stories(r, stories) == [s for s, _, _ in expected]
    assert len(feeds.feed_stories(r, r.stories)) == 5

"""The timeline's memo keys a story by what its entry reads, not by its members' content
hashes, and reuses an unchanged story's key through the story steps' prints."""

from __future__ import annotations

import copy
from typing import Any

from site_builder.analyze.timeline import build_timeline
from site_builder.model import Person, SiteConfig, SiteModel, TimelineEntry
from tests.conftest import LISBON_ANNIVERSARY, LISBON_STRIKE_ENDS, known_mentions, timeline_site


def _site() -> SiteModel:
    return timeline_site([("a.md", LISBON_STRIKE_ENDS), ("b.md", LISBON_ANNIVERSARY)],
                         people=[Person(slug="ana-costa", name="Ana Costa")])


def _run(site: SiteModel, memo: dict[str, Any] | None, prints: dict[str, bytes] | None = None,
         people_key: bytes | None = None) -> list[TimelineEntry]:
    site = copy.deepcopy(site)
    known = known_mentions(site)
    fingerprints = {source: repr(found).encode() for source, found in known.items()}
    return build_timeline(site, SiteConfig(), {}, known=known, memo=memo, fingerprints=fingerprints,
                          story_prints=prints, people_key=people_key)


def test_an_edit_the_entry_does_not_read_merges_no_year(merged_years: list[int]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    before = _run(site, memo)
    edited = copy.deepcopy(site)
    article = edited.articles[0]
    # A new closing paragraph without a date: the record (and its content hash) changes, but
    # not the entry's title, lead, matching text nor the article's mentions.
    article.body = [*article.body, "Officials said the figures were revised after publication."]
    article.content_hash = "a.md:2"
    merged_years.clear()
    after = _run(edited, memo)
    assert merged_years == []
    assert after == before == _run(edited, None)
    # An edit of what the entry reads (the article's title) merges that story's year again.
    edited.articles[0].title = "Lisbon dock strike is over"
    edited.articles[0].content_hash = "a.md:3"
    merged_years.clear()
    again = _run(edited, memo)
    assert merged_years == [2023]
    assert again == _run(edited, None)


def test_a_story_print_spares_reading_an_unchanged_story(merged_years: list[int], read_stories: list[str]) -> None:
    site = _site()
    prints = {"s0": b"print-of-s0", "s1": b"print-of-s1"}
    memo: dict[str, Any] = {}
    before = _run(site, memo, prints)
    assert sorted(read_stories) == ["s0", "s1"]
    read_stories.clear()
    merged_years.clear()
    assert _run(site, memo, prints) == before
    assert read_stories == [] and merged_years == []
    # A story whose print moved is read again (its title changed: its year is merged again).
    changed = copy.deepcopy(site)
    changed.stories[1].title = "Lisbon strike, a year on"
    after = _run(changed, memo, {**prints, "s1": b"print-of-s1, retitled"})
    assert read_stories == ["s1"] and merged_years == [2024]
    assert after == _run(changed, None)


def test_a_story_print_is_not_trusted_when_its_people_change(merged_years: list[int],
                                                              read_stories: list[str]) -> None:
    # The story steps' print does not cover the people step: a renamed person changes the
    # story's matching text, so the story is read again with the same print.
    site = _site()
    prints = {"s0": b"print-of-s0", "s1": b"print-of-s1"}
    memo: dict[str, Any] = {}
    _run(site, memo, prints)
    renamed = copy.deepcopy(site)
    renamed.people = [Person(slug="ana-costa", name="Ana M. Costa")]
    read_stories.clear()
    merged_years.clear()
    after = _run(renamed, memo, prints)
    assert sorted(read_stories) == ["s0", "s1"] and sorted(merged_years) == [2023, 2024]
    assert after == _run(renamed, None)


def test_replayed_years_take_the_editors_overrides_as_merged_ones() -> None:
    # Years replayed from the memo are kept as finished entries; the editor's overrides
    # (merge, edit, hide, add) still see the drafts a merge leaves, in the same order.
    site = _site()
    memo: dict[str, Any] = {}
    plain = _run(site, memo)
    story_entry = next(e.id for e in plain if e.story_ids == ["s0"])
    mention_entry = next(e.id for e in plain if e.kind == "mention")
    overrides = {"merge": [[story_entry, mention_entry]], "rename": {"s1": "The strike, a year on"},
                 "add": [{"date": "2023-02-10", "title": "Strike vote", "id": story_entry}]}

    def run(memo: dict[str, Any] | None) -> list[TimelineEntry]:
        copied = copy.deepcopy(site)
        known = known_mentions(copied)
        return build_timeline(copied, SiteConfig(), overrides, known=known, memo=memo)

    replayed = run(memo)
    assert replayed == run(None)
    assert [e.title for e in replayed if e.story_ids == ["s1"]] == ["The strike, a year on"]
    assert all(e.id != mention_entry for e in replayed)
    # The added entry takes the merged entry's id: both are kept, in the order a single pass gives.
    assert [e.title for e in replayed if e.id == story_entry] == ["Lisbon port strike ends", "Strike vote"]

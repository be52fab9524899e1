"""Stories on the sample corpus and the fixture events: membership, dates, titles, summaries, slugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.analyze.stories import build_stories
from site_builder.config import load_config
from site_builder.ingest import load_articles
from site_builder.model import Story

ROOT = Path(__file__).resolve().parents[1]
EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def stories_of(folder: Path) -> list[Story]:
    config = load_config(None)
    articles, _ = load_articles(folder, config)
    return build_stories(articles, config)


@pytest.fixture(scope="module")
def sample() -> list[Story]:
    return stories_of(ROOT / "content")


def _prefixes(story: Story) -> list[str]:
    return sorted(a.source[:3] for a in story.articles)


def test_sample_clusters_into_tokyo_and_washington(sample: list[Story]) -> None:
    assert sorted(_prefixes(s) for s in sample) == [["000", "001", "002", "004"], ["003"]]


def test_sample_tokyo_story_is_dated_2024_07_28(sample: list[Story]) -> None:
    tokyo = next(s for s in sample if len(s.articles) == 4)
    assert tokyo.event_date is not None and tokyo.event_date.date.iso() == "2024-07-28"
    undated = [a for a in tokyo.articles if a.event_date and a.event_date.source == "story"]
    assert undated, "members with no date of their own borrow the story date"
    assert all(a.event_date.date.iso() == "2024-07-28" for a in tokyo.articles if a.event_date)
    washington = next(s for s in sample if len(s.articles) == 1)
    assert washington.event_date is not None and washington.event_date.date.iso() == "2023-01-11"


def test_story_fields_come_from_members(sample: list[Story]) -> None:
    for story in sample:
        sources = {a.source for a in story.articles}
        assert story.title in {a.title for a in story.articles}
        assert story.canonical in sources
        assert all(a.story_id == story.id for a in story.articles)
        assert 1 <= len(story.summary) <= 3
        bodies = " ".join(p for a in story.articles for p in a.body)
        assert all(sentence in bodies for sentence in story.summary)
        assert len(set(story.summary)) == len(story.summary)


def test_slugs_unique_and_ids_stable(sample: list[Story]) -> None:
    again = stories_of(ROOT / "content")
    assert [(s.id, s.slug) for s in sample] == [(s.id, s.slug) for s in again]
    assert len({s.slug for s in sample}) == len(sample)


def test_fixture_stories_prefer_reports_and_warn_on_date_conflicts() -> None:
    stories = stories_of(EVENTS)
    assert len({s.slug for s in stories}) == len(stories)
    for story in stories:
        reports = [a for a in story.articles if not a.is_preview]
        if reports:
            assert story.canonical in {a.source for a in reports}
        for warning in story.warnings:
            assert warning.endswith(".") and "\n" not in warning
    # Newest event first, undated last.
    dated = [s.event_date.date.to_date() for s in stories if s.event_date]
    assert dated == sorted(dated, reverse=True)


def test_duplicate_titles_get_distinct_slugs(tmp_path: Path) -> None:
    body = ("The city council of Tartu voted on {day} to {what}, mayor Liis Kask said after a "
            "session that ran past midnight and drew {n} residents.")
    (tmp_path / "a.md").write_text("---\ntitle: Council vote\npublished: 2020-02-03\n---\n"
                                   + body.format(day="Monday", what="close the old bridge", n="120"))
    (tmp_path / "b.md").write_text("---\ntitle: Council vote\npublished: 2024-09-10\n---\n"
                                   + "Farmers in Kenya's Rift Valley began the maize harvest early after heavy "
                                   "rains, the agriculture ministry said, with yields expected to rise 30%.")
    stories = stories_of(tmp_path)
    assert len(stories) == 2
    assert sorted(s.slug for s in stories) == ["council-vote", "council-vote-2"]


def test_fixture_story_dates_and_borrowed_dates() -> None:
    stories = {tuple(sorted(a.source for a in s.articles)): s for s in stories_of(EVENTS)}
    by_member = {src: s for members, s in stories.items() for src in members}
    expected = {"a1_wire.txt": "2021-03-09", "a2_report.txt": "2024-05-16", "b1_wire.txt": "2023-09-04",
                "b2_wire.txt": "2023-09-06", "c1_wire.txt": "2022-11-19", "e_wire.txt": "2022-08-02"}
    for member, iso in expected.items():
        story = by_member[member]
        assert story.event_date is not None and story.event_date.date.iso() == iso, member
        # Every member now carries a date: its own or the story's.
        assert all(a.event_date is not None for a in story.articles)

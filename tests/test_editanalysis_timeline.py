"""The timeline memo's shortcuts for an edit rebuild: what they skip must not hide a change.

An article whose cached mentions hash as last time is not unpickled (its years are
remembered) unless its reference date moved; a year's stories are keyed by their
members' content hashes, titles, summaries and people rather than by their text. Each
test changes one thing those keys must see and checks the memo build against a build
without the memo, and that the change really shows in the result.
"""

from __future__ import annotations

import copy
from typing import Any

from site_builder.analyze.timeline import build_timeline, dated_mentions
from site_builder.model import DatedValue, PartialDate, SiteConfig, SiteModel, TimelineEntry, value_digest
from tests.test_timeline_memo import _site

D = PartialDate.parse_iso


class _Counting(dict):
    """``known`` that counts reads of each entry."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.reads: list[str] = []

    def __getitem__(self, source: str) -> Any:
        self.reads.append(source)
        return super().__getitem__(source)


def _build(site: SiteModel, memo: dict[str, Any] | None, known: dict[str, Any]) -> list[TimelineEntry]:
    prints = {source: value_digest(entry) for source, entry in known.items()}
    return build_timeline(copy.deepcopy(site), SiteConfig(), {}, known=known, memo=memo,
                          fingerprints=prints if memo is not None else None)


def test_unchanged_articles_are_not_read_and_a_moved_reference_is() -> None:
    site = _site()
    known = {a.source: dated_mentions(a) for a in site.articles}
    memo: dict[str, Any] = {}
    first = _build(site, memo, known)
    counting = _Counting(known)
    assert _build(site, memo, counting) == first
    assert counting.reads == []  # every year replayed, no mention list unpickled
    # b.md says "In January": resolved against its story's date, which moves a year on.
    moved = _site()
    moved.stories[1].event_date = DatedValue(D("2024-06-02"), "story")
    counting = _Counting(known)
    again = _build(moved, memo, counting)
    assert again == _build(moved, None, known)
    assert again != first
    assert "b.md" in counting.reads


def test_a_story_summary_change_is_merged_again() -> None:
    site = _site()
    known = {a.source: dated_mentions(a) for a in site.articles}
    memo: dict[str, Any] = {}
    first = _build(site, memo, known)
    # The members' records are unchanged (same content hashes): only the summary moved.
    site.stories[3].summary = ["The Faro airport opened a second terminal for low-cost airlines."]
    again = _build(site, memo, known)
    assert again == _build(site, None, known)
    assert again != first
    assert any(e.summary.startswith("The Faro airport opened a second terminal") for e in again)

"""The timeline's memo: an edit merges again only the years it touches, and the result is
always the one a build without the memo gives."""

from __future__ import annotations

import copy
import pickle
from typing import Any

from site_builder.analyze.timeline import build_timeline, dated_mentions
from site_builder.model import DatedValue, PartialDate, SiteConfig, SiteModel, TimelineEntry
from tests.conftest import (
    FARO_TERMINAL,
    LISBON_ANNIVERSARY,
    LISBON_STRIKE_ENDS,
    PORTO_TRAM,
    known_mentions,
    timeline_article,
    timeline_site,
)

D = PartialDate.parse_iso


def _site() -> SiteModel:
    """Stories in 2023 and 2024 whose articles mention past events of 2022, 2023 and 2024."""
    return timeline_site([("a.md", LISBON_STRIKE_ENDS), ("b.md", PORTO_TRAM), ("c.md", LISBON_ANNIVERSARY),
                          ("d.md", FARO_TERMINAL)])


def _run(site: SiteModel, memo: dict[str, Any] | None, known: dict[str, Any] | None = None
         ) -> list[TimelineEntry]:
    return build_timeline(copy.deepcopy(site), SiteConfig(), {}, known=known, memo=memo)


def test_an_unchanged_site_replays_every_year(merged_years: list[int]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    cold = _run(site, memo)
    assert sorted(set(merged_years)) == [2022, 2023, 2024]
    assert any(e.kind == "mention" for e in cold)
    merged_years.clear()
    assert _run(site, memo) == cold
    assert merged_years == []
    assert cold == _run(site, None)


def test_a_story_date_moving_merges_only_its_old_and_new_years(merged_years: list[int]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    before = _run(site, memo)
    moved = copy.deepcopy(site)
    story = moved.stories[3]  # 2024 → 2022
    story.event_date = DatedValue(D("2022-05-14"), "story")
    merged_years.clear()
    after = _run(moved, memo)
    assert sorted(merged_years) == [2022, 2024]
    assert after == _run(moved, None)
    # Entries of the untouched year are exactly as before; the moved story's entry moved.
    assert [e for e in after if e.date.year == 2023] == [e for e in before if e.date.year == 2023]
    assert [e.date.iso() for e in after if e.story_ids == ["s3"]] == ["2022-05-14"]
    # A date moving within its year changes that year's entries too.
    moved.stories[0].event_date = DatedValue(D("2023-02-11"), "story")
    merged_years.clear()
    again = _run(moved, memo)
    assert merged_years == [2023]
    assert [e.date.iso() for e in again if e.story_ids == ["s0"]] == ["2023-02-11"]


def test_a_new_mention_merges_only_its_year(merged_years: list[int]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    known = known_mentions(site)
    before = _run(site, memo, known)
    edited = copy.deepcopy(site)
    article = edited.articles[1]
    article.body = [*article.body, "The Porto council had opened the tram consultation in April 2021."]
    known2 = {**known, article.source: dated_mentions(article)}
    merged_years.clear()
    after = _run(edited, memo, known2)
    # The article's other mention is of 2023: that year is merged again too, the rest replayed.
    assert sorted(merged_years) == [2021, 2023]
    assert after == _run(edited, None, known2)
    new = [e for e in after if e.date.year == 2021]
    assert [e.kind for e in new] == ["mention"] and new[0].articles == ["b.md"]
    assert [e for e in after if e.date.year != 2021] == [e for e in before if e.date.year != 2021]


def test_a_stale_fingerprint_is_never_trusted_over_a_changed_reference(merged_years: list[int]) -> None:
    # A fingerprint describes the known entry; an article whose reference date moved is read
    # again, and its fresh mentions (not the fingerprint) go into the key.
    site = _site()
    loose = timeline_article("e.md", ["The Faro council met on Tuesday.",
                              "In December, the Faro council approved the harbour budget after a long debate.",
                              "In March 2023 the Faro council signed the dredging contract with a Dutch firm."],
                     "Faro council meets", "2023-06-02")
    site.articles.append(loose)
    known = known_mentions(site)
    prints = {source: source.encode() for source in known}
    memo: dict[str, Any] = {}
    before = build_timeline(copy.deepcopy(site), SiteConfig(), {}, known=known, memo=memo, fingerprints=prints)
    assert {e.date.iso() for e in before if "e.md" in e.articles} == {"2022-12", "2023-03"}
    moved = copy.deepcopy(site)
    moved.articles[-1].published = DatedValue(D("2024-01-05"), "front matter")  # December is now 2023's
    merged_years.clear()
    after = build_timeline(copy.deepcopy(moved), SiteConfig(), {}, known=known, memo=memo, fingerprints=prints)
    assert sorted(merged_years) == [2022, 2023]
    assert after == _run(moved, None)
    assert {e.date.iso() for e in after if "e.md" in e.articles} == {"2023-12", "2023-03"}


def test_the_memo_holds_only_the_current_build() -> None:
    site = _site()
    memo: dict[str, Any] = {}
    _run(site, memo)
    years = set(memo["years"])
    edited = copy.deepcopy(site)
    edited.stories[0].title = "Lisbon dock strike is over"
    _run(edited, memo)
    assert len(memo["years"]) == len(years) and memo["years"].keys() != years
    assert sum(len(pickle.loads(parts)) for _, _, parts in memo["years"].values()) == len(site.stories)

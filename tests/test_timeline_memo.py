"""The timeline's memo: an edit merges again only the years it touches, and the result is
always the one a build without the memo gives."""

from __future__ import annotations

import copy
import pickle
from typing import Any

from site_builder.analyze.timeline import build_timeline, dated_mentions
from site_builder.model import Article, DatedValue, PartialDate, SiteConfig, SiteModel, Story, TimelineEntry

D = PartialDate.parse_iso


def _article(source: str, body: list[str], title: str, published: str) -> Article:
    return Article(source=source, slug=source.split(".")[0], title=title, body=body, body_html="",
                   content_hash=f"{source}:{hash(tuple(body))}",
                   published=DatedValue(D(published), "front matter"), front_matter={})


def _site() -> SiteModel:
    """Stories in 2023 and 2024 whose articles mention past events of 2022, 2023 and 2024."""
    specs = [
        ("a.md", "2023-02-10", "Lisbon port strike ends",
         ["Dock workers in Lisbon ended their strike on Friday.",
          "The union first walked out in March 2022, when the port cut night shifts."]),
        ("b.md", "2023-06-02", "Porto council approves new tram line",
         ["The Porto council approved the tram line.",
          "In January, the Porto council rejected the first tram plan after a heated debate."]),
        ("c.md", "2024-04-20", "Lisbon port strike anniversary",
         ["A year on, dock workers marked the anniversary.",
          "Dock workers in Lisbon ended their strike on February 10, 2023 after a long dispute."]),
        ("d.md", "2024-09-01", "Faro airport opens new terminal",
         ["The Faro airport opened its new terminal.",
          "Construction began in May 2022 when the airport signed the building contract."]),
    ]
    stories, articles = [], []
    for n, (source, date, title, body) in enumerate(specs):
        article = _article(source, body, title, date)
        article.event_date = DatedValue(D(date), "front matter")
        article.story_id = f"s{n}"
        articles.append(article)
        stories.append(Story(id=f"s{n}", slug=f"story-s{n}", title=title, articles=[article],
                             event_date=DatedValue(D(date), "story"), summary=[body[0]]))
    return SiteModel(articles=articles, stories=stories)


def _known(site: SiteModel) -> dict[str, Any]:
    return {a.source: dated_mentions(a) for a in site.articles}


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
    known = _known(site)
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
    loose = _article("e.md", ["The Faro council met on Tuesday.",
                              "In December, the Faro council approved the harbour budget after a long debate.",
                              "In March 2023 the Faro council signed the dredging contract with a Dutch firm."],
                     "Faro council meets", "2023-06-02")
    site.articles.append(loose)
    known = _known(site)
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

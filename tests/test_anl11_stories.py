"""Shortcuts of the story step that must not change what it gives.

``build_stories`` orders its stories by sort keys made with them from their dates'
fields, not by :func:`stories._sort_key`: the order must be that function's. The key
of a one-member story skips the join its others take: the same bytes, so a memo made
either way replays. :func:`cluster.own_date` looks dates up by their fields: it must give
the very objects the cache of equal dates gives. ``_packed_keys`` checks its fields in
bulk: keys it cannot pack still come back as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from site_builder.analyze import cluster as cl
from site_builder.analyze.stories import _sort_key, build_stories
from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.model import Article, DatedValue, PartialDate, SiteConfig

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _articles(folder: Path) -> list[Article]:
    config = SiteConfig()
    articles, _ = collect(folder, config, BuildCache.load(None, parse_key(config))).load()
    return articles


def test_stories_come_in_sort_key_order_with_and_without_memo(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    memo: dict[str, Any] = {}
    for given in (None, memo, memo):
        stories = build_stories(_articles(folder), SiteConfig(), memo=given)
        assert len(stories) > 3
        assert [s.id for s in stories] == [s.id for s in sorted(stories, key=_sort_key)]
    # The memo made on the way (one-member stories keyed without a join) is replayed: the
    # dates of the stories are taken from it, and equal a build without it.
    assert memo["dated"]
    fresh = build_stories(_articles(folder), SiteConfig())
    again = build_stories(_articles(folder), SiteConfig(), memo=memo)
    assert again == fresh


def test_own_date_gives_the_shared_event_date() -> None:
    day = PartialDate(2024, 3, 4)
    for source in ("text", "relative", "relative weekday", "reference year", "story"):
        article = Article(source="a.md", slug="a", title="t", body=[], body_html="", content_hash="h",
                          event_date=DatedValue(PartialDate(2024, 3, 4), source))
        found = cl.own_date(article)
        if source == "story":
            assert found is None
            continue
        weak = source.startswith("relative")
        expected = cl._event_date(day, 7 if weak else 2, source != "reference year")
        assert found is expected
        assert cl.own_date(article) is found
        other = cl.own_date(article, cl.Params(date_tolerance_days=3, weak_date_tolerance_days=9))
        assert other is not None and other.tolerance == (9 if weak else 3)


def test_packed_keys_that_cannot_be_packed_are_kept() -> None:
    date = cl.EventDate(PartialDate(2024, 3, 4), 2)
    assert cl._packed_keys([]) == ""
    assert cl._packed_keys([("a.md", "h", date), ("b.md", "h", date)]) == \
        "a.md\0h\x002024,3,4,2,1\0b.md\0h\x002024,3,4,2,1"
    for odd in ([("a.md", "h\0x", None)], [("a.md", 5, None)], [("a.md", "h")], [["a.md", "h", None]]):
        assert cl._packed_keys(odd) is odd  # type: ignore[arg-type]


def test_a_renamed_article_is_not_taken_for_an_edit(tmp_path: Path) -> None:
    # Same number of articles, one under another name: the summariser's statistics are
    # made afresh (the keys' sources differ), and the stories equal a build without memo.
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    memo: dict[str, Any] = {}
    build_stories(_articles(folder), SiteConfig(), memo=memo)
    first = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))[0]
    first.rename(folder / ("zz-" + first.name))
    again = build_stories(_articles(folder), SiteConfig(), memo=memo)
    assert again == build_stories(_articles(folder), SiteConfig())
    edited = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nOfficials said more later.\n", encoding="utf-8")
    assert build_stories(_articles(folder), SiteConfig(), memo=memo) == build_stories(_articles(folder), SiteConfig())

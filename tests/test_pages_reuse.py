"""Reused feeds, data exports and sitemap (``Renderer.keyed``): every cached build equals a cold one.

An edit rebuild keeps a feed, ``digest.json``, ``timeline.json`` or the sitemap from the
previous output when its inputs are unchanged; these tests make edits that change each
of them (a story title, a topic, a feed entry, a date, an exported field) and compare
the cached build with a cold build byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.cache import BuildCache
from tests.test_build_cache import cold_tree, config, tree, write_corpus  # noqa: F401  (config: fixture)

DATA_FILES = ("feed.xml", "feed.json", "digest.json", "timeline.json", "sitemap.xml")


@pytest.fixture()
def site(tmp_path: Path, config) -> dict:  # noqa: F811
    content = tmp_path / "content"
    write_corpus(content)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, config, cache_dir=cache, search=False)
    return {"root": tmp_path, "content": content, "cache": cache, "out": out}


def rebuild_matches_cold(site: dict, config, name: str) -> None:  # noqa: F811
    build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, name)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_non_page_files_are_keyed(site: dict) -> None:
    keys = BuildCache.load(site["cache"], "").last.page_keys  # type: ignore[union-attr]
    written = {p.relative_to(site["out"]).as_posix() for p in site["out"].rglob("*") if p.is_file()}
    for name in DATA_FILES:
        if name in written:
            assert name in keys
    assert any(k.startswith("topics/") and k.endswith(".xml") for k in keys)  # topic feeds


def test_a_body_edit_keeps_the_unchanged_files_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    before = {p: (site["out"] / p).stat().st_mtime_ns for p in DATA_FILES if (site["out"] / p).exists()}
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment until March.\n", encoding="utf-8")
    rebuild_matches_cold(site, config, "cold-body")
    assert (site["out"] / "sitemap.xml").stat().st_mtime_ns == before["sitemap.xml"]  # reused in place


def test_a_retitled_story_changes_feeds_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    edit(site["content"] / "post-02.md", "council debates", "council rejects")
    rebuild_matches_cold(site, config, "cold-title")


def test_a_new_tag_changes_topic_feeds_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    edit(site["content"] / "post-03.md", "tags: [", "tags: [ferries, ")
    rebuild_matches_cold(site, config, "cold-topic")


def test_a_new_date_changes_feed_order_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    edit(site["content"] / "post-04.md", "published: 2024-0", "published: 2025-1")
    rebuild_matches_cold(site, config, "cold-date")


def test_a_new_author_changes_feed_entries_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    edit(site["content"] / "post-06.md", "author: Reporter", "author: Correspondent")
    rebuild_matches_cold(site, config, "cold-author")


def test_a_deleted_and_an_added_post_match_a_cold_build(site: dict, config) -> None:  # noqa: F811
    (site["content"] / "post-01.md").unlink()
    (site["content"] / "zz-new.md").write_text(
        "---\ntitle: Ferry timetable changes for winter\npublished: 2024-10-02\ntags: [transit]\n---\n\n"
        "The ferry operator published a winter timetable with fewer crossings on Sundays on 2024-10-05.\n",
        encoding="utf-8")
    rebuild_matches_cold(site, config, "cold-add-delete")

# Forked render workers keying these files: tests/test_build_cache.py
# (test_page_reuse_works_on_forked_render_workers).


def test_a_changed_base_url_rewrites_every_file(site: dict, config) -> None:  # noqa: F811
    import dataclasses

    other = dataclasses.replace(config, base_url="https://elsewhere.example/")
    build(site["content"], site["out"], other, cache_dir=site["cache"], search=False)
    cold = site["root"] / "cold-base"
    build(site["content"], cold, other, search=False)
    assert tree(site["out"]) == tree(cold)

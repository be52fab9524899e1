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


@pytest.mark.parametrize(("post", "old", "new"), [
    pytest.param("post-02.md", "council debates", "council rejects", id="retitled story: feeds"),
    pytest.param("post-03.md", "tags: [", "tags: [ferries, ", id="new tag: topic feeds"),
    pytest.param("post-04.md", "published: 2024-0", "published: 2025-1", id="new date: feed order"),
    pytest.param("post-06.md", "author: Reporter", "author: Correspondent", id="new author: feed entries"),
])
def test_a_front_matter_edit_matches_a_cold_build(site: dict, config, post: str, old: str,  # noqa: F811
                                                   new: str) -> None:
    edit(site["content"] / post, old, new)
    rebuild_matches_cold(site, config, "cold-edited")


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


# --- pages keyed by their inputs (Renderer.page_of): no context is built for an unchanged page ---

def html_times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_a_body_edit_rerenders_its_pages_only_and_matches_a_cold_build(site: dict, config) -> None:  # noqa: F811
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment until March.\n", encoding="utf-8")
    build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    before = html_times(site["out"])
    post.write_text(post.read_text(encoding="utf-8") + "\nA second hearing follows in April.\n", encoding="utf-8")
    result = build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, "cold-body-twice")
    after = html_times(site["out"])
    changed = {p for p in after if after[p] != before.get(p)}
    # The edited article's own page shows its body, so it is rendered again; so is its story's page.
    assert any(p.startswith("articles/") for p in changed)
    assert any(p.startswith("stories/") for p in changed)
    # Pages of other articles, and the people and topic indexes, were reused as they were.
    others = [p for p in before if p.startswith("articles/") and p not in changed]
    assert others
    assert "people/index.html" not in changed and "topics/index.html" not in changed
    assert 0 < result.reused_pages < result.pages


def test_a_body_edit_builds_no_context_for_pages_of_titles_and_unchanged_cards(
        site: dict, config, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from site_builder.render.pages import Renderer

    contexts: list[str] = []  # pages whose context was built (page() runs only on a miss for page_of pages)
    real_page = Renderer.page

    def page(self: Renderer, template: str, path: str, **kwargs: object) -> None:
        contexts.append(path)
        real_page(self, template, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "page", page)
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment until March.\n", encoding="utf-8")
    build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    built = contexts[:]  # the cold build below builds every context
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, "cold-body-contexts")
    assert any(p.startswith("articles/") for p in built)  # the edited article's page
    # Titles, dates and bylines only (navigation-level facts): reused without a context.
    assert "archive/index.html" not in built and "sources/index.html" not in built
    # Pages of cards are built again only where a card's text changed: not all of them.
    cards = [p for p in html_times(site["out"]) if p.startswith(("topics/", "people/")) and p.count("/") == 2]
    assert cards and not set(cards) <= set(built)


def test_a_changed_summary_rerenders_every_page_showing_its_card(site: dict, config) -> None:  # noqa: F811
    # A new first sentence changes the story's summary, which its cards show (home, person, topic pages).
    edit(site["content"] / "post-02.md", "The council of", "Protesters filled the hall as the council of")
    rebuild_matches_cold(site, config, "cold-summary")


def test_a_renamed_person_rerenders_the_people_pages(site: dict, config) -> None:  # noqa: F811
    post = site["content"] / "post-07.md"
    added = "\nMayor Helena Varga said the vote would stand, Helena Varga told reporters.\n"
    post.write_text(post.read_text(encoding="utf-8") + added, encoding="utf-8")
    rebuild_matches_cold(site, config, "cold-person-added")
    edit(post, "Mayor Helena Varga", "Mayor Helene Vargas")
    edit(post, ", Helena Varga told", ", Helene Vargas told")
    rebuild_matches_cold(site, config, "cold-person-renamed")




def test_page_of_asks_stored_pages_before_building_the_context(tmp_path: Path, config) -> None:  # noqa: F811
    from site_builder.model import Article, SiteModel
    from site_builder.render.pages import Renderer

    article = Article(source="a.md", slug="a", title="A", body=["Text."], body_html="<p>Text.</p>", content_hash="h")
    r = Renderer(SiteModel(articles=[article]), config, tmp_path, [])
    made: list[str] = []
    asked: list[tuple[str, str, tuple]] = []

    def stored(template: str, pages: list[tuple[str, tuple]]) -> list[str | None]:
        asked.extend((template, path, inputs) for path, inputs in pages)
        return ["<p>kept</p>" if path == "kept.html" else None for path, _ in pages]

    r.stored_pages = stored  # type: ignore[method-assign]

    def make() -> dict:
        made.append("made")
        return {"title": "T"}

    r.page_of("search.html", "kept.html", (article,), make, lastmod="2024-01-02")
    assert made == [] and (tmp_path / "kept.html").read_text(encoding="utf-8") == "<p>kept</p>"
    r.page_of("search.html", "new.html", (article,), make)
    assert made == ["made"] and "<html" in (tmp_path / "new.html").read_text(encoding="utf-8")
    assert asked == [("search.html", "kept.html", (article,)), ("search.html", "new.html", (article,))]
    assert r.sitemap == [("kept.html", "2024-01-02"), ("new.html", None)]

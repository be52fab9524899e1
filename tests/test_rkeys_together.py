"""Pages of story cards (home, topic, person and month pages) are looked up together
(``Renderer.pages_together``, ``build._PageReuse.stored_together``): when no card's text
changed, last build's keys are carried over and no spec of those pages is made; any change
falls back to keying them one by one. Every cached build still equals a cold one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.build import _PageReuse, build
from site_builder.model import SiteModel
from site_builder.render.pages import Renderer
from tests.test_build_cache import cold_tree, config, tree  # noqa: F401  (config: fixture)
from tests.test_pages_reuse import edit, site  # noqa: F401  (site: fixture)

CARD_SPECS = ("home_spec", "topic_spec", "person_spec", "month_spec")


def _count_specs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    for name in CARD_SPECS:
        real = getattr(Renderer, name)

        def spec(self: Renderer, *args: object, _real=real, _name=name) -> object:
            made.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(Renderer, name, spec)
    return made


def _cards(out_site: SiteModel) -> list[tuple[str, str | None]]:
    return [(s.id, s.summary[0] if s.summary else None) for s in out_site.stories]


def test_an_edit_that_leaves_every_card_makes_no_spec_of_the_card_pages(
        site: dict, config, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    before = build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    made = _count_specs(monkeypatch)
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment until March.\n", encoding="utf-8")
    result = build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    assert _cards(result.site) == _cards(before.site)  # the premise: no card changed
    assert made == []
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, "cold-cards-kept")


def test_a_changed_card_keys_the_card_pages_one_by_one_and_rerenders_them(
        site: dict, config, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    before = build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    made = _count_specs(monkeypatch)
    # A new first sentence: the story's summary, which its cards show, changes.
    edit(site["content"] / "post-02.md", "The council of", "Protesters filled the hall as the council of")
    result = build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    assert _cards(result.site) != _cards(before.site)
    assert set(made) == set(CARD_SPECS)
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, "cold-cards-changed")


def test_a_card_page_changed_on_disk_is_rendered_again(site: dict, config) -> None:  # noqa: F811
    person_pages = sorted((site["out"] / "people").glob("*/index.html"))
    assert person_pages
    person_pages[0].write_text("<p>changed by hand</p>", encoding="utf-8")
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment until March.\n", encoding="utf-8")
    build(site["content"], site["out"], config, cache_dir=site["cache"], search=False)
    assert tree(site["out"]) == cold_tree(site["root"], site["content"], config, "cold-card-page-touched")


@dataclass
class _Previous:
    page_keys: dict[str, str]
    manifest: dict[str, tuple[int, int]]


def _reuse(previous: _PageReuse | None, in_place: bool = True) -> _PageReuse:
    old = _Previous(dict(previous.page_keys), {p: (1, 1) for p in previous.page_keys}) if previous else None
    return _PageReuse("static", old, Path("/nonexistent"), None, in_place)  # type: ignore[arg-type]


PAGES = [("person.html", ["people/a/index.html", "people/b/index.html"]), ("topic.html", ["topics/t/index.html"])]
PATHS = [path for _, paths in PAGES for path in paths]


def _keyed_one_by_one(whole: tuple[str, ...]) -> _PageReuse:
    """A build that found nothing together, so keyed each page (its inputs: a part of ``whole``)."""
    reuse = _reuse(None)
    assert reuse.stored_together(whole, PAGES) is None
    for (template, paths) in PAGES:
        reuse.stored_pages(template, [(path, (whole,)) for path in paths])
    return reuse


def test_stored_together_carries_last_builds_keys_over_when_the_whole_is_unchanged() -> None:
    first = _keyed_one_by_one(("card a", "card b"))
    second = _reuse(first)
    found = second.stored_together(("card a", "card b"), PAGES)
    assert found is not None and len(found) == len(PATHS)
    assert {p: second.page_keys[p] for p in PATHS} == {p: first.page_keys[p] for p in PATHS}
    assert second.reused == len(PATHS) and second.placeholders == set(PATHS)
    # And a third build after that one finds them together again.
    assert _reuse(second).stored_together(("card a", "card b"), PAGES) is not None


@pytest.mark.parametrize("change", ["whole", "paths", "static key", "a page's key missing", "a page not kept"])
def test_stored_together_finds_nothing_after_any_change(change: str) -> None:
    first = _keyed_one_by_one(("card a", "card b"))
    whole, pages = ("card a", "card b"), PAGES
    second = _reuse(first)
    if change == "whole":
        whole = ("card a", "card B")
    elif change == "paths":
        pages = [("person.html", ["people/a/index.html"]), ("topic.html", ["topics/t/index.html"])]
    elif change == "static key":
        second = _PageReuse("other", _Previous(dict(first.page_keys), {p: (1, 1) for p in first.page_keys}),
                            Path("/nonexistent"), None, True)
    elif change == "a page's key missing":
        del second.old_keys["people/b/index.html"]
    else:
        del second.old_manifest["people/b/index.html"]
    assert second.stored_together(whole, pages) is None
    # Nothing recorded for the pages, which are keyed one by one next.
    assert not set(PATHS) & (set(second.page_keys) | second.placeholders)
    assert second.reused == 0 and second.rendered == 0

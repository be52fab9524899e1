"""Articles and stories of the rendered site are digested by their place and the fields the site
fingerprint leaves out (``build._ObjectDigests.cover``): every page key also hashes that
fingerprint, so a change to any field must still change the fingerprint or the digest."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from site_builder.build import _DERIVED_BODY, _Keyer, site_fingerprint
from site_builder.model import Article, Comparison, DatedValue, Fact, PartialDate, SiteModel, Story, TimelineEntry


def _site() -> SiteModel:
    articles = [Article(source=f"a{n}.md", slug=f"a{n}", title=f"Title {n}", body=[f"Body {n}."],
                        body_html=f"<p>Body {n}.</p>", content_hash=f"h{n}", dek="Dek", author="Ann", outlet="Post",
                        published=DatedValue(PartialDate(2024, 1, n + 1), "front matter"), tags=["t"],
                        topics=["topic"], story_id="s0", warnings=["w"], front_matter={"k": n})
                for n in range(2)]
    story = Story(id="s0", slug="story", title="Story", articles=list(articles),
                  event_date=DatedValue(PartialDate(2024, 1, 1), "story"), summary=["First.", "Second."],
                  canonical="a0.md", comparison=Comparison(agreed=[Fact("x", ["a0.md"])]), topics=["topic"],
                  people=["ann"], places=["Paris"], warnings=["careful"])
    return SiteModel(articles=articles, stories=[story])


def _other(value: Any) -> Any:
    """A value of the same kind that differs from ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return [*value, "x"] if not value or isinstance(value[0], str) else value[:-1]
    if isinstance(value, dict):
        return {**value, "x": 1}
    if isinstance(value, DatedValue):
        return DatedValue(PartialDate(value.date.year + 1), value.source)
    if isinstance(value, Comparison):
        return Comparison(agreed=[Fact("y", ["a1.md"])])
    if value is None:
        return "x"
    raise AssertionError(f"no other value for {value!r}")


def _state(site: SiteModel, obj: Any) -> tuple[bytes, bytes]:
    keyer = _Keyer()
    keyer.cover(site)
    return site_fingerprint(site), keyer.token(obj)


@pytest.mark.parametrize("kind", ["article", "story"])
def test_any_field_change_moves_the_fingerprint_or_the_covered_digest(kind: str) -> None:
    base = _site()
    before = _state(base, base.articles[0] if kind == "article" else base.stories[0])
    for f in dataclasses.fields(Article if kind == "article" else Story):
        if kind == "article" and f.name in _DERIVED_BODY:
            continue  # a function of content_hash and the parse key (both in every key)
        site = copy.deepcopy(base)
        obj = site.articles[0] if kind == "article" else site.stories[0]
        setattr(obj, f.name, _other(getattr(obj, f.name)))
        fingerprint, digest = _state(site, obj)
        assert fingerprint != before[0] or digest != before[1], f.name


def test_covered_digests_leave_the_navigation_fields_to_the_fingerprint() -> None:
    site = _site()
    before = _state(site, site.stories[0])
    site.articles[0].title = "Retitled"  # a navigation-level fact: the fingerprint's
    after = _state(site, site.stories[0])
    assert after[0] != before[0] and after[1] == before[1]


def test_place_in_the_site_is_part_of_a_covered_digest() -> None:
    site = _site()
    twin = copy.deepcopy(site.articles[0])
    twin.source = site.articles[1].source
    site.articles[1] = twin  # equal text fields, another place: another article
    keyer = _Keyer()
    keyer.cover(site)
    assert keyer.token(site.articles[0]) != keyer.token(site.articles[1])


def test_objects_not_of_the_covered_site_keep_digests_of_all_their_fields() -> None:
    site = _site()
    keyer = _Keyer()
    keyer.cover(site)
    stranger = copy.deepcopy(site.articles[0])
    assert keyer.token(stranger) == _Keyer().token(stranger)
    entry = TimelineEntry(id="e", date=PartialDate(2024), title="Event")
    assert keyer.token(entry) == _Keyer().token(entry)
    # And a covered one is digested otherwise than in full.
    assert keyer.token(site.articles[0]) != _Keyer().token(site.articles[0])

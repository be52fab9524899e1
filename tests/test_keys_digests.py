"""Object digests made in one pass (build._ObjectDigests.digest_all) are the ones made one by one."""

from __future__ import annotations

import threading

import pytest

from site_builder.build import _Keyer
from tests.test_render import rich_site


def test_digests_made_at_once_are_those_made_one_by_one() -> None:
    site = rich_site()
    objects = [*site.articles, *site.stories, *site.timeline]
    assert site.articles and site.stories and site.timeline
    one_by_one, at_once = _Keyer(), _Keyer()
    for keyer in (one_by_one, at_once):
        keyer.cover(site)  # covered objects (the site's own) are digested by their text fields
    expected = [one_by_one.object_digest(obj) for obj in objects]
    for part in (site.articles, site.stories, site.timeline):
        at_once.digest_all(part)
    assert [at_once._objects._digests[id(obj)] for obj in objects] == expected
    assert len(set(expected)) == len(expected)
    # Not covered (another keyer, no site): digests of every field, the same both ways too.
    plain, batch = _Keyer(), _Keyer()
    batch.digest_all(site.stories)
    assert [batch.object_digest(s) for s in site.stories] == [plain.object_digest(s) for s in site.stories]


def test_an_unpicklable_value_leaves_its_object_to_be_digested_alone() -> None:
    site = rich_site()
    story = site.stories[0]
    story.warnings = [threading.Lock()]  # type: ignore[list-item]
    keyer = _Keyer()
    keyer.digest_all(site.stories)  # does not raise: the page showing it is keyed, or rendered, on its own
    assert id(story) not in keyer._objects._digests
    with pytest.raises(TypeError):  # a lock cannot be pickled
        keyer.object_digest(story)

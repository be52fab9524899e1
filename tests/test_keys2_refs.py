"""Page keys of inputs made of articles, stories and timeline entries, by their digests
(build._ObjectDigests.refs) rather than by a pickle that calls back into Python per object."""

from __future__ import annotations

from pathlib import Path

from site_builder.build import _Keyer, _PageReuse
from tests.test_render import rich_site


def _digested(site: object) -> _Keyer:
    keyer = _Keyer()
    keyer.cover(site)  # type: ignore[arg-type]
    for part in (site.articles, site.stories, site.timeline):  # type: ignore[attr-defined]
        keyer.digest_all(part)
    return keyer


def test_refs_stand_for_digested_objects_only() -> None:
    site = rich_site()
    keyer = _digested(site)
    story, article, entry = site.stories[0], site.articles[0], site.timeline[0]
    digest = keyer.object_digest(story)
    assert digest is not None
    assert keyer.refs((story, None, [entry])) == b"o" + digest + b"n" + b"l1:o" + keyer.object_digest(entry)
    assert keyer.refs((story, [])) != keyer.refs((story, None))
    assert keyer.refs((article, story)) != keyer.refs((story, article))
    # Anything else is left to the pickle: strings, numbers, tuples, lists of other values.
    assert keyer.refs((story, "text")) is None
    assert keyer.refs((story, [1])) is None
    assert keyer.refs(((story,),)) is None
    fresh = _Keyer()  # nothing digested yet
    assert fresh.refs((story,)) is None


def _keys(site: object, pages: list[tuple[str, tuple[object, ...]]]) -> dict[str, bytes]:
    reuse = _PageReuse("0" * 64, None, Path("/nonexistent"), None, False)
    reuse.keyer = _digested(site)
    assert reuse.stored_pages("story.html", pages) == [None] * len(pages)  # nothing stored: all render
    assert reuse.fresh == {path for path, _ in pages}
    return reuse.page_keys


def test_page_keys_by_refs_follow_the_objects_values_not_their_identity() -> None:
    def pages(site: object) -> list[tuple[str, tuple[object, ...]]]:
        return [(f"s/{n}/index.html", (story, None, site.timeline[:1]))  # type: ignore[attr-defined]
                for n, story in enumerate(site.stories)] + [("x/index.html", ("plain", 1))]  # type: ignore[attr-defined]

    first, again = rich_site(), rich_site()
    keys = _keys(first, pages(first))
    assert keys == _keys(again, pages(again))  # equal values, other objects: the same keys
    assert len(set(keys.values())) == len(keys)
    edited = rich_site()
    edited.stories[1].summary = ["A different first sentence."]
    changed = _keys(edited, pages(edited))
    assert [path for path in keys if keys[path] != changed[path]] == ["s/1/index.html"]

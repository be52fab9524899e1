"""The timeline's memo tells an unchanged story by its print and the people step's key,
without reading its people again; when that key changes it falls back to the story's own
people, so a story whose people did not change is still not read again."""

from __future__ import annotations

import copy
from typing import Any

from site_builder.model import Person
from tests.test_anl_timeline import _run, _site

PRINTS = {"s0": b"p0" * 16, "s1": b"p1" * 16}


def test_same_people_key_reads_no_story(read_stories: list[str]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    first = _run(site, memo, PRINTS, b"k1")
    assert sorted(read_stories) == ["s0", "s1"]
    read_stories.clear()
    assert _run(site, memo, PRINTS, b"k1") == first
    assert read_stories == []


def test_new_people_key_reads_only_stories_whose_people_changed(read_stories: list[str]) -> None:
    site = _site()
    memo: dict[str, Any] = {}
    _run(site, memo, PRINTS, b"k1")
    # The people step ran again (its key moved) and renamed the person of both stories...
    renamed = copy.deepcopy(site)
    renamed.people = [Person(slug="ana-costa", name="Ana Maria Costa")]
    read_stories.clear()
    after = _run(renamed, memo, PRINTS, b"k2")
    assert sorted(read_stories) == ["s0", "s1"]
    assert after == _run(renamed, None, PRINTS, None)
    # ...then ran again with another key but gave one story a place only.
    placed = copy.deepcopy(renamed)
    placed.stories[1].places = ["Lisbon"]
    read_stories.clear()
    again = _run(placed, memo, PRINTS, b"k3")
    assert read_stories == ["s1"]
    assert again == _run(placed, None, PRINTS, None)

"""Story slugs reuse the previous build's slug of a title, and are exactly those made afresh."""

from __future__ import annotations

from typing import Any

import pytest

from site_builder.analyze import stories as stories_mod
from site_builder.analyze.stories import _unique_slugs
from site_builder.model import Story


def _stories(titles: list[str]) -> list[Story]:
    return [Story(id=f"s{k}", slug="", title=title, articles=[]) for k, title in enumerate(titles)]


def _slugs(titles: list[str], memo: dict[str, Any] | None) -> list[str]:
    made = _stories(titles)
    _unique_slugs(made, memo)
    return [s.slug for s in made]


def test_memo_slugs_equal_fresh_ones_and_follow_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    titles = ["Port strike ends", "Port Strike Ends!", "", "Budget vote delayed"]
    memo: dict[str, Any] = {}
    first = _slugs(titles, memo)
    assert first == _slugs(titles, None)
    assert first == ["port-strike-ends", "port-strike-ends-2", "story-s2", "budget-vote-delayed"]
    made: list[str] = []
    real = stories_mod.slugify
    monkeypatch.setattr(stories_mod, "slugify", lambda text: made.append(text) or real(text))
    # Unchanged titles are not slugified again; a new title is, and the memo keeps this build's titles only.
    titles[3] = "Budget vote passes"
    assert _slugs(titles, memo) == ["port-strike-ends", "port-strike-ends-2", "story-s2", "budget-vote-passes"]
    assert made == ["Budget vote passes"]
    assert set(memo["slugs"]) == {"Port strike ends", "Port Strike Ends!", "Budget vote passes"}

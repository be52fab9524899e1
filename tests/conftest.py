"""Shared fixtures: the repository paths, a built copy of the sample site, and a spy on the
timeline's year merges."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.analyze import timeline as timeline_mod
from site_builder.build import build
from site_builder.config import load_config
from site_builder.model import Story

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built once per test session into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    build(CONTENT, out, load_config(ROOT / "site.yaml"))
    return out


@pytest.fixture(scope="session")
def sample_digest(sample_site: Path) -> dict:
    return json.loads((sample_site / "digest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One Debian chromium per test process: Playwright's sync API allows one running instance."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def merged_years(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The years each timeline build merges (instead of replaying from the memo): its stories'
    years and the years of the mentions it is given."""
    years: list[int] = []
    real = timeline_mod._merge_year

    def spy(stories: list[Story], inputs: Any, parts: Any, mentions: dict[str, Any], own: Any) -> Any:
        found = {s.event_date.date.year for s in stories if s.event_date}
        found |= {m.date.year for ms in mentions.values() for m in ms}
        years.extend(sorted(found))
        return real(stories, inputs, parts, mentions, own)

    monkeypatch.setattr(timeline_mod, "_merge_year", spy)
    return years

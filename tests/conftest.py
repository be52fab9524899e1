"""Shared fixtures: the repository paths, a built copy of the sample site, small timeline
sites, and spies on the timeline's year merges and story reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.analyze import timeline as timeline_mod
from site_builder.build import build
from site_builder.config import load_config
from site_builder.model import Article, DatedValue, PartialDate, Person, SiteModel, Story

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
def read_stories(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stories whose entry inputs a build reads."""
    ids: list[str] = []
    real = timeline_mod._story_inputs

    def spy(story: Story, people: dict[str, str]) -> Any:
        ids.append(story.id)
        return real(story, people)

    monkeypatch.setattr(timeline_mod, "_story_inputs", spy)
    return ids


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


# Story specs for small timeline sites: (event date, title, body). Each body's second
# sentence mentions a dated past event.
LISBON_STRIKE_ENDS = ("2023-02-10", "Lisbon port strike ends",
                      ["Dock workers in Lisbon ended their strike on Friday.",
                       "The union first walked out in March 2022, when the port cut night shifts."])
PORTO_TRAM = ("2023-06-02", "Porto council approves new tram line",
              ["The Porto council approved the tram line.",
               "In January, the Porto council rejected the first tram plan after a heated debate."])
LISBON_ANNIVERSARY = ("2024-04-20", "Lisbon port strike anniversary",
                      ["A year on, dock workers marked the anniversary.",
                       "Dock workers in Lisbon ended their strike on February 10, 2023 after a long dispute."])
FARO_TERMINAL = ("2024-09-01", "Faro airport opens new terminal",
                 ["The Faro airport opened its new terminal.",
                  "Construction began in May 2022 when the airport signed the building contract."])


def timeline_article(source: str, body: list[str], title: str, published: str) -> Article:
    """An article as ingest leaves it, for the timeline: no HTML, a content hash of its body."""
    return Article(source=source, slug=source.split(".")[0], title=title, body=body, body_html="",
                   content_hash=f"{source}:{hash(tuple(body))}",
                   published=DatedValue(PartialDate.parse_iso(published), "front matter"), front_matter={})


def timeline_site(specs: list[tuple[str, tuple[str, str, list[str]]]], people: list[Person] | None = None
                  ) -> SiteModel:
    """One story of one article per ``(source, (date, title, body))``, story ids ``s0``, ``s1``…;
    every story names all of ``people``."""
    stories, articles = [], []
    for n, (source, (date, title, body)) in enumerate(specs):
        article = timeline_article(source, body, title, date)
        article.event_date = DatedValue(PartialDate.parse_iso(date), "front matter")
        article.story_id = f"s{n}"
        articles.append(article)
        stories.append(Story(id=f"s{n}", slug=f"story-s{n}", title=title, articles=[article],
                             event_date=DatedValue(PartialDate.parse_iso(date), "story"), summary=[body[0]],
                             people=[p.slug for p in people or []]))
    return SiteModel(articles=articles, stories=stories, people=list(people or []))


def known_mentions(site: SiteModel) -> dict[str, Any]:
    """Each article's dated mentions, as the prepare step gives them to the timeline."""
    return {a.source: timeline_mod.dated_mentions(a) for a in site.articles}

"""Atom, JSON Feed, per-topic feeds and the sitemap: well-formed, stable ids, dates from the stories."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.render import render_site
from tests.test_render import config, rich_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feeds") / "site"
    render_site(rich_site(), config(base_url="https://example.org/digest/"), root)
    return root


def test_atom_feed(out: Path) -> None:
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    # The undated story has no honest date, so it is not in the feed.
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Port strike ends after nine days",
                                                             "Council to vote on transit budget"]
    first = entries[0]
    assert first.findtext(f"{ATOM}published") == "2025-03-11T00:00:00Z"
    assert first.findtext(f"{ATOM}updated") == "2025-03-14T00:00:00Z"  # newest member
    assert feed.findtext(f"{ATOM}updated") == "2025-03-14T00:00:00Z"
    assert first.find(f"{ATOM}link").get("href") == "https://example.org/digest/stories/port-strike-ends/"
    assert first.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {"labour", "ports"}
    assert "Northline Wire" in first.findtext(f"{ATOM}content")


def test_entry_ids_depend_on_the_story_only(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    render_site(rich_site(), config(base_url="https://example.org/digest/"), a)
    site = rich_site()
    site.stories[0].title = "Renamed"
    site.stories[0].slug = "renamed"
    render_site(site, config(base_url="https://other.example/"), b)

    def ids(root: Path) -> list[str]:
        return [e.findtext(f"{ATOM}id") or "" for e in ET.parse(root / "feed.xml").getroot().findall(f"{ATOM}entry")]

    assert ids(a) == ids(b)
    assert len(set(ids(a))) == 2


def test_json_feed(out: Path) -> None:
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.org/digest/feed.json"
    item = feed["items"][0]
    assert item["url"] == "https://example.org/digest/stories/port-strike-ends/"
    assert item["date_published"] == "2025-03-11T00:00:00Z"
    assert item["authors"] == [{"name": "Ada Brenner"}]
    assert item["tags"] == ["Labour & unions", "Ports"]
    assert feed["items"][1]["_event_date"] == {"date": "2024-11", "label": "November 2024"}


def test_topic_feeds_hold_their_topic_only(out: Path) -> None:
    feed = ET.parse(out / "topics" / "transit" / "feed.xml").getroot()
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Council to vote on transit budget"]
    empty = ET.parse(out / "topics" / "empty" / "feed.xml").getroot()
    assert empty.findall(f"{ATOM}entry") == []
    assert empty.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"  # never the build time


def test_sitemap(out: Path) -> None:
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
            for u in ET.parse(out / "sitemap.xml").getroot()}
    assert urls["https://example.org/digest/"] is None
    assert urls["https://example.org/digest/stories/port-strike-ends/"] == "2025-03-11"
    assert "https://example.org/digest/404.html" not in urls
    assert all(u.startswith("https://example.org/digest/") for u in urls)

"""Builds the timeline of events: stories and dated past events mentioned in articles (placeholder)."""

from __future__ import annotations

from typing import Any

from site_builder.model import SiteConfig, SiteModel, TimelineEntry


def build_timeline(site: SiteModel, config: SiteConfig, overrides: dict[str, Any]) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(id=f"story-{s.id}", date=s.event_date.date, title=s.title,
                      summary=s.summary[0] if s.summary else "", story_ids=[s.id],
                      articles=[a.source for a in s.articles])
        for s in site.stories if s.event_date
    ]
    return sorted(entries, key=lambda e: (e.date, e.id))

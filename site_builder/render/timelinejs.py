"""``timeline.json`` in Knight Lab TimelineJS format, for editors who embed timelines.

Dates keep their precision (a month-only event has no ``day``), the event text links
to the story pages and quotes the evidence, and ``unique_id`` is the entry id, so an
embed's URL fragments survive rebuilds.
"""

from __future__ import annotations

from typing import Any

from site_builder.model import SiteConfig, SiteModel, Story, TimelineEntry
from site_builder.render.dates import human, sort_key
from site_builder.render.feeds import escape, quoteattr  # not xml.sax.saxutils (see feeds)
from site_builder.render.urls import Urls

GROUPS = {"story": "Stories", "mention": "Mentioned in coverage", "editor": "Added by editors"}


def _date(entry: TimelineEntry) -> dict[str, str]:
    d = entry.date
    out = {"year": str(d.year)}
    if d.month is not None:
        out["month"] = str(d.month)
    if d.day is not None:
        out["day"] = str(d.day)
    out["display_date"] = human(d)
    return out


def _text(entry: TimelineEntry, by_id: dict[str, Story], urls: Urls) -> str:
    parts = [f"<p>{escape(entry.summary)}</p>"] if entry.summary else []
    for sid in entry.story_ids:
        story = by_id.get(sid)
        if story is not None:
            parts.append(f"<p><a href={quoteattr(urls.absolute(urls.story(story.slug)))}>"
                         f"Read the story: {escape(story.title)}</a></p>")
    parts += [f"<blockquote>{escape(ev.quote)}</blockquote>" for ev in entry.evidence[:2]]
    return "".join(parts)


def timelinejs(site: SiteModel, urls: Urls, config: SiteConfig) -> dict[str, Any]:
    entries = sorted(site.timeline, key=lambda e: (sort_key(e.date), e.id))
    by_id = {s.id: s for s in site.stories}
    return {
        "title": {"text": {"headline": escape(config.title), "text": escape(config.description)}},
        "events": [
            {
                "unique_id": e.id,
                "start_date": _date(e),
                # TimelineJS renders headlines as HTML and titles come from untrusted articles.
                "text": {"headline": escape(e.title), "text": _text(e, by_id, urls)},
                "group": GROUPS.get(e.kind, e.kind),
            }
            for e in entries
        ],
    }

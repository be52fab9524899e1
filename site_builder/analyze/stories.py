"""Groups articles that report the same event into stories (placeholder: one story per article)."""

from __future__ import annotations

import hashlib

from site_builder.model import Article, SiteConfig, Story


def story_id(members: list[Article]) -> str:
    """A stable id from the members' sources, so URLs survive rebuilds."""
    key = "\n".join(sorted(a.source for a in members))
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def build_stories(articles: list[Article], config: SiteConfig) -> list[Story]:
    stories = []
    for article in articles:
        sid = story_id([article])
        article.story_id = sid
        stories.append(Story(id=sid, slug=article.slug, title=article.title, articles=[article],
                             event_date=article.event_date, summary=article.body[:1],
                             canonical=article.source))
    return stories

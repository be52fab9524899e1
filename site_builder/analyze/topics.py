"""Assigns topics to articles and stories from the taxonomy, hashtags and front matter (placeholder)."""

from __future__ import annotations

from site_builder.model import Article, SiteConfig, Story, Topic


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "topic"


def assign_topics(articles: list[Article], stories: list[Story], config: SiteConfig) -> list[Topic]:
    topics: dict[str, Topic] = {}
    for article in articles:
        for tag in article.tags:
            slug = _slug(tag)
            topic = topics.setdefault(slug, Topic(slug=slug, name=tag))
            article.topics.append(slug)
            if article.story_id and article.story_id not in topic.story_ids:
                topic.story_ids.append(article.story_id)
    for story in stories:
        story.topics = sorted({t for a in story.articles for t in a.topics})
    return sorted(topics.values(), key=lambda t: t.slug)

"""Analyze: article records → stories, topics, people and the timeline (a :class:`SiteModel`).

Each step lives in its own module; this one only fixes their order.
"""

from __future__ import annotations

from site_builder.analyze.compare import compare_stories
from site_builder.analyze.entities import build_people
from site_builder.analyze.stories import build_stories
from site_builder.analyze.timeline import build_timeline
from site_builder.analyze.topics import assign_topics
from site_builder.model import Article, Problem, SiteConfig, SiteModel


def analyze(articles: list[Article], config: SiteConfig, problems: list[Problem] | None = None,
            timeline_overrides: dict | None = None) -> SiteModel:
    site = SiteModel(articles=sorted(articles, key=lambda a: a.source), problems=list(problems or []))
    site.stories = build_stories(site.articles, config)
    site.people = build_people(site.articles, site.stories, config)
    compare_stories(site, site.people, config)
    site.topics = assign_topics(site.articles, site.stories, config)
    site.timeline = build_timeline(site, config, timeline_overrides or {})
    return site

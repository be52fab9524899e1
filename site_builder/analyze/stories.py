"""Groups articles that report the same event into stories, dated, titled and summarised.

Clustering is in ``cluster.py``, dating in ``storydate.py`` and titles and summaries
in ``summarize.py``; this module runs them and assembles the :class:`Story` records.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping

from site_builder.analyze.cluster import DEFAULT, Evidence, Params, cluster_articles
from site_builder.analyze.features import Features, collector_paused
from site_builder.analyze.storydate import apply_story_date, consensus
from site_builder.analyze.summarize import Digest, Summarizer, canonical
from site_builder.ingest.records import slugify
from site_builder.model import Article, SiteConfig, Story


def story_id(members: list[Article]) -> str:
    """A stable id from the members' sources, so URLs survive rebuilds."""
    key = "\n".join(sorted(a.source for a in members))
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def _sort_key(story: Story) -> tuple:
    # Newest event first; undated stories last; the id breaks ties so order never drifts.
    date = story.event_date.date if story.event_date else None
    return (date is None, -(date.to_date().toordinal()) if date else 0, story.id)


def _unique_slugs(stories: list[Story]) -> None:
    """Slugs from titles; a clash gets "-2", "-3" in id order, so the same corpus gives the same URLs."""
    taken: set[str] = set()
    for story in sorted(stories, key=lambda s: s.id):
        base = slugify(story.title) if story.title else f"story-{story.id}"
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        story.slug = slug
        taken.add(slug)


def _story(members: list[Article], title: str, summary: list[str]) -> Story:
    sid = story_id(members)
    date, warnings = consensus(members)
    apply_story_date(members, date)
    for a in members:
        a.story_id = sid
    return Story(id=sid, slug="", title=title, articles=members, event_date=date, summary=summary,
                 canonical=canonical(members).source, warnings=warnings)


def build_stories(articles: list[Article], config: SiteConfig, params: Params = DEFAULT,
                  features: MutableMapping[str, Features] | None = None,
                  digests: MutableMapping[str, Digest] | None = None,
                  evidence: MutableMapping[str, Evidence] | None = None) -> list[Story]:
    """One story per event; sets each article's ``story_id`` and fills in borrowed event dates.

    ``features``, ``evidence`` and ``digests`` hold what clustering and the summariser
    read from each article, where a build already has it (see ``analyze.prepare``);
    articles missing from them are read here. All are emptied once used: on 20,000
    articles they are hundreds of megabytes.
    """
    articles = sorted(articles, key=lambda a: a.source)
    if not articles:
        return []
    with collector_paused():  # many small acyclic objects
        clusters = cluster_articles(articles, params, features, evidence, consume=True)
        groups = [[articles[i] for i in group] for group in clusters]
        summarizer = Summarizer(articles, digests)
        if digests is not None:
            digests.clear()
        written = summarizer.summarise(groups)
        del summarizer
        stories = [_story(members, title, summary) for members, (title, summary) in zip(groups, written, strict=True)]
    _unique_slugs(stories)
    return sorted(stories, key=_sort_key)

"""Analyze: article records → stories, topics, people and the timeline (a :class:`SiteModel`).

Each step lives in its own module; this one only fixes their order. :func:`prepare` is
the part of the analysis that reads one article alone: a build runs it next to ingest, on
the same worker processes, and caches its result with the file's record, so an unchanged
file is never read again (issue 7: a one-file edit must not re-read every article).
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.analyze.cluster import Evidence, evidence
from site_builder.analyze.compare import compare_stories
from site_builder.analyze.entities import build_people, read_mentions
from site_builder.analyze.features import Features, collector_paused, extract
from site_builder.analyze.mentions import Mention as DatedMention
from site_builder.analyze.names import Mention
from site_builder.analyze.stories import build_stories
from site_builder.analyze.summarize import Digest, digest
from site_builder.analyze.timeline import Reference, build_timeline, dated_mentions
from site_builder.analyze.topics import assign_topics
from site_builder.model import Article, Problem, SiteConfig, SiteModel


@dataclass
class Prepared:
    """What analysis reads from one article on its own (depends on its record and the site config only)."""

    features: Features  # for clustering
    evidence: Evidence  # for clustering, made from the features
    digest: Digest  # for titles and summaries
    mentions: list[Mention]  # for people
    dated: tuple[Reference, list[DatedMention]]  # for the timeline


def prepare(article: Article, config: SiteConfig) -> Prepared:
    features = extract(article)
    return Prepared(features=features, evidence=evidence(features), digest=digest(article),
                    mentions=read_mentions(article, config), dated=dated_mentions(article))


def analyze(articles: list[Article], config: SiteConfig, problems: list[Problem] | None = None,
            timeline_overrides: dict | None = None, prepared: dict[str, Prepared] | None = None) -> SiteModel:
    """``prepared`` maps an article's source to its :func:`prepare` result, where already known.

    It is consumed (emptied): each part is let go as soon as its step is done, because on
    20,000 articles the features alone are hundreds of megabytes.
    """
    features = {s: p.features for s, p in (prepared or {}).items()}
    evidence = {s: p.evidence for s, p in (prepared or {}).items()}
    digests = {s: p.digest for s, p in (prepared or {}).items()}
    mentions = {s: p.mentions for s, p in (prepared or {}).items()}
    dated = {s: p.dated for s, p in (prepared or {}).items()}
    if prepared:
        prepared.clear()
    # Millions of small acyclic objects on top of the loaded records: with the collector on,
    # its full passes over all of them were a fifth of an edit rebuild.
    with collector_paused():
        site = SiteModel(articles=sorted(articles, key=lambda a: a.source), problems=list(problems or []))
        # build_stories empties these as it goes: the clustering inputs once clustering is done.
        site.stories = build_stories(site.articles, config, features=features, digests=digests, evidence=evidence)
        del features, evidence, digests
        site.people = build_people(site.articles, site.stories, config, mentions)
        del mentions
        compare_stories(site, site.people, config)
        site.topics = assign_topics(site.articles, site.stories, config)
        site.timeline = build_timeline(site, config, timeline_overrides or {}, known=dated)
    return site

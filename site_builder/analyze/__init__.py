"""Analyze: article records → stories, topics, people and the timeline (a :class:`SiteModel`).

Each step lives in its own module; this one only fixes their order. :func:`prepare` is
the part of the analysis that reads one article alone: a build runs it next to ingest, on
the same worker processes, and caches its result with the file's record, so an unchanged
file is never read again (issue 7: a one-file edit must not re-read every article).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any

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
from site_builder.model import Article, Person, Problem, SiteConfig, SiteModel, TimelineEntry, config_hash


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
            timeline_overrides: dict | None = None, prepared: dict[str, Prepared] | None = None,
            memo: dict[str, Any] | None = None) -> SiteModel:
    """``prepared`` maps an article's source to its :func:`prepare` result, where already known.

    It is consumed (emptied): each part is let go as soon as its step is done, because on
    20,000 articles the features alone are hundreds of megabytes.

    ``memo`` is what the previous build's analysis left there (empty the first time): a
    step whose inputs are provably the same as then is replayed from it instead of run.
    It is replaced by this build's entries, so it never grows with the history; the
    result is the same with or without it (see the section below).
    """
    previous = _take(memo, config)
    prints = _fingerprints(articles, prepared or {}, previous)
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
        site.stories = build_stories(site.articles, config, features=features, digests=digests, evidence=evidence,
                                     **({} if memo is None else {"memo": _step(previous, memo, "stories")}))
        del features, evidence, digests
        site.people = _memo_people(site, config, mentions, prints, previous, memo)
        del mentions
        compare_stories(site, site.people, config)
        site.topics = assign_topics(site.articles, site.stories, config)
        site.timeline = _memo_timeline(site, config, timeline_overrides or {}, dated, prints, previous, memo)
    if memo is not None:
        memo["parts"] = prints
    return site


# --- reuse across builds ---------------------------------------------------------------------
#
# Every article's record, and so its prepared parts, is a function of its source, its
# bytes (``content_hash``), the site config and the code: the memo is kept only while the
# last two are unchanged, and per article it holds small fingerprints (hashes of the
# pickled parts) under the content hash they were made for, so only changed files are
# hashed again. A step is replayed when the hash of exactly what it reads (those
# fingerprints and the fields of articles and stories it looks at) is the one stored
# with its outputs. Pickled bytes stand for values: equal bytes mean equal values (a
# difference that is only an order of pickling costs a replay, never a wrong result).

_Prints = dict[str, tuple[str, bytes, bytes]]  # source → (content hash, mentions print, dated print)


def _hash(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def _take(memo: dict[str, Any] | None, config: SiteConfig) -> dict[str, Any]:
    """The previous build's entries (none if made with another config); ``memo`` is emptied
    and stamped for this build. A memo kept across runs must also be dropped when the code
    changes: the build cache keeps it under the parse key, which covers both."""
    if memo is None:
        return {}
    version = config_hash(config)
    previous = dict(memo) if memo.get("version") == version else {}
    memo.clear()
    memo["version"] = version
    return previous


def _step(previous: dict[str, Any], memo: dict[str, Any], name: str) -> dict[str, Any]:
    """A step's own memo: what it left last build, to be replaced by what it leaves now."""
    mine = dict(previous.get(name, {}))
    memo[name] = mine
    return mine


def _fingerprints(articles: list[Article], prepared: dict[str, Prepared], previous: dict[str, Any]) -> _Prints:
    """Each article's prints of its mentions and dated mentions; an article without prepared
    parts is read by the steps themselves, from its content (its hash stands for them)."""
    known: _Prints = previous.get("parts", {})
    out: _Prints = {}
    for a in articles:
        old = known.get(a.source)
        part = prepared.get(a.source)
        if part is None:
            marker = f"read:{a.content_hash}".encode()
            out[a.source] = (a.content_hash, marker, marker)
        elif old is not None and old[0] == a.content_hash:
            out[a.source] = old
        else:
            out[a.source] = (a.content_hash, _hash(part.mentions), _hash(part.dated))
    return out


def _memo_people(site: SiteModel, config: SiteConfig, mentions: dict[str, list[Mention]], prints: _Prints,
                 previous: dict[str, Any], memo: dict[str, Any] | None) -> list[Person]:
    """:func:`build_people`, or its recorded effects when nothing it reads changed.

    It reads each article's mentions, story and warnings, and each story's members and
    warnings; it writes people, article and story warnings, story conflicts, people and places.
    """
    if memo is None:
        return build_people(site.articles, site.stories, config, mentions)
    key = _hash(([(a.source, prints[a.source][1], a.story_id, a.warnings) for a in site.articles],
                 [(s.id, [a.source for a in s.articles], s.warnings, s.comparison) for s in site.stories]))
    stored = previous.get("people")
    if stored is not None and stored[0] == key:
        people, by_article, by_story = pickle.loads(stored[1])
        for a in site.articles:
            a.warnings.extend(by_article.get(a.source, ()))
        for s in site.stories:
            warnings, conflicts, s.people, s.places = by_story[s.id]
            s.warnings.extend(warnings)
            s.comparison.conflicts.extend(conflicts)
    else:
        had = {a.source: len(a.warnings) for a in site.articles}
        story_had = {s.id: (len(s.warnings), len(s.comparison.conflicts)) for s in site.stories}
        people = build_people(site.articles, site.stories, config, mentions)
        by_article = {a.source: a.warnings[had[a.source]:] for a in site.articles if len(a.warnings) > had[a.source]}
        by_story = {s.id: (s.warnings[story_had[s.id][0]:], s.comparison.conflicts[story_had[s.id][1]:],
                           s.people, s.places) for s in site.stories}
        stored = (key, pickle.dumps((people, by_article, by_story), protocol=pickle.HIGHEST_PROTOCOL))
    memo["people"] = stored
    return people


def _memo_timeline(site: SiteModel, config: SiteConfig, overrides: dict, dated: dict[str, Any], prints: _Prints,
                   previous: dict[str, Any], memo: dict[str, Any] | None) -> list[TimelineEntry]:
    """:func:`build_timeline` with its memo: each year's entries are merged again only when
    something that year's merge reads changed (see there).

    An article's dated print stands for its ``dated`` entry, so unchanged articles' mentions
    are not hashed again; the editor's overrides are applied afresh every time.
    """
    if memo is None:
        return build_timeline(site, config, overrides, known=dated)
    mine = previous.get("timeline")
    mine = dict(mine) if isinstance(mine, dict) else {}
    memo["timeline"] = mine
    # An article read by the steps themselves has a marker, not a print of a ``dated`` entry.
    fingerprints = {source: p[2] for source, p in prints.items() if source in dated}
    return build_timeline(site, config, overrides, known=dated, memo=mine, fingerprints=fingerprints)

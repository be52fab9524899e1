"""Groups articles that report the same event into stories, dated, titled and summarised.

Clustering is in ``cluster.py``, dating in ``storydate.py`` and titles and summaries
in ``summarize.py``; this module runs them and assembles the :class:`Story` records.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import MutableMapping, Sequence
from typing import Any

import numpy as np

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
                  evidence: MutableMapping[str, Evidence] | None = None,
                  memo: dict[str, Any] | None = None) -> list[Story]:
    """One story per event; sets each article's ``story_id`` and fills in borrowed event dates.

    ``features``, ``evidence`` and ``digests`` hold what clustering and the summariser
    read from each article, where a build already has it (see ``analyze.prepare``);
    articles missing from them are read here. All are emptied once used: on 20,000
    articles they are hundreds of megabytes.

    ``memo`` holds the previous build's clustering state (see ``cluster.Corpus``) and its
    titles and summaries (see :func:`_summarise`); it is replaced by this build's.
    """
    articles = sorted(articles, key=lambda a: a.source)
    if not articles:
        return []
    with collector_paused():  # many small acyclic objects
        clusters = cluster_articles(articles, params, features, evidence, consume=True, memo=memo)
        groups = [[articles[i] for i in group] for group in clusters]
        summarizer = Summarizer(articles, digests)
        if digests is not None:
            digests.clear()
        written = _summarise(summarizer, articles, groups, memo)
        del summarizer
        stories = [_story(members, title, summary) for members, (title, summary) in zip(groups, written, strict=True)]
    _unique_slugs(stories)
    return sorted(stories, key=_sort_key)


def _summary_prints(summarizer: Summarizer, articles: Sequence[Article]) -> list[bytes]:
    """Per article, a print of everything a story's title and summary read about it.

    The article itself is its source and content hash (its record, digest, title, body
    and warnings are functions of them under one code and config); from the corpus, the
    IDF of each of its stems (None for stems no article's text has: they get no column)
    and the order in which its text row holds its stems (the vectorizer's order of first
    appearance across the corpus, which decides how its norm is rounded). Column numbers
    themselves are left out: they shift whenever the corpus vocabulary does.
    """
    ids_of, at, texts, idf = summarizer._ids_of, summarizer._at, summarizer.texts, summarizer.idf
    columns = len(idf)
    out = []
    for i, a in enumerate(articles):
        own = ids_of[at[i] : at[i + 1]].astype(np.int64)
        weights = np.where(own < columns, idf[np.minimum(own, columns - 1)] if columns else 0.0, np.nan)
        cols, _ = texts.row(i)
        # Where each of the row's columns is among the article's own stems: the row's order, in the article's terms.
        sorter = np.argsort(own, kind="stable")
        order = sorter[np.searchsorted(own, cols, sorter=sorter)] if len(cols) else own[:0]
        h = hashlib.blake2b(f"{a.source}\0{a.content_hash}\0".encode(), digest_size=16)
        h.update(weights.tobytes())
        h.update(np.asarray(order, dtype=np.int64).tobytes())
        out.append(h.digest())
    return out


def _summarise(summarizer: Summarizer, articles: list[Article], groups: list[list[Article]],
               memo: dict[str, Any] | None) -> list[tuple[str, list[str]]]:
    """``summarizer.summarise(groups)``, reusing the previous build's result for every story
    whose members' prints (:func:`_summary_prints`) are all as they were.

    A story's title and summary read only its members' rows, so a story is summarised
    the same alone as among others. ``memo["summaries"]`` maps a story's key to its
    pickled result and keeps only this build's stories.
    """
    if memo is None:
        return summarizer.summarise(groups)
    prints = dict(zip((a.source for a in articles), _summary_prints(summarizer, articles), strict=True))
    keys = [hashlib.blake2b(b"".join(prints[a.source] for a in members), digest_size=16).digest()
            for members in groups]
    known: dict[bytes, bytes] = memo.get("summaries", {})
    todo = [k for k, key in enumerate(keys) if key not in known]
    fresh = dict(zip(todo, summarizer.summarise([groups[k] for k in todo]), strict=True))
    written: list[tuple[str, list[str]]] = []
    kept: dict[bytes, bytes] = {}
    for k, key in enumerate(keys):
        if k in fresh:
            kept[key] = pickle.dumps(fresh[k], protocol=pickle.HIGHEST_PROTOCOL)
            written.append(fresh[k])
        else:
            kept[key] = known[key]
            written.append(pickle.loads(known[key]))
    memo["summaries"] = kept
    return written

"""Analyze: article records → stories, topics, people and the timeline (a :class:`SiteModel`).

Each step lives in its own module; this one only fixes their order. :func:`prepare` is
the part of the analysis that reads one article alone: a build runs it next to ingest, on
the same worker processes, and caches its result with the file's record, so an unchanged
file is never read again (issue 7: a one-file edit must not re-read every article).
It is cached packed (:class:`Packed`: one pickle per part), and a step unpickles an
article's part only when it reads it, so an edit rebuild never unpickles the parts that
no step running again reads (the people step replayed from the memo reads no mentions).
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import pickle
from collections import Counter
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from site_builder.analyze.cluster import Evidence, evidence
from site_builder.analyze.compare import Comparing, start_comparing
from site_builder.analyze.compare import compare_stories as compare_stories  # the step by name, for bench tools
from site_builder.analyze.entities import (
    MentionsPrint,
    build_people,
    kept_digest,
    mentions_print,
    people_key_part,
    read_mentions,
)
from site_builder.analyze.features import Features, collector_paused, extract, settle
from site_builder.analyze.mentions import Mention as DatedMention
from site_builder.analyze.names import Mention
from site_builder.analyze.stories import build_stories
from site_builder.analyze.summarize import Digest, digest
from site_builder.analyze.timeline import Reference, build_timeline, dated_mentions
from site_builder.analyze.topics import Taxonomy, article_prints, assign, assign_topics
from site_builder.cache import Flat
from site_builder.model import (
    Article,
    Person,
    Problem,
    SiteConfig,
    SiteModel,
    Story,
    TimelineEntry,
    Topic,
    config_hash,
    value_digest,
)


@dataclass
class Prepared:
    """What analysis reads from one article on its own (depends on its record and the site config only)."""

    features: Features  # for clustering
    evidence: Evidence  # for clustering, made from the features
    digest: Digest  # for titles and summaries
    mentions: list[Mention]  # for people
    dated: tuple[Reference, list[DatedMention]]  # for the timeline
    # For the people step's memo key (see entities.mentions_print): made here, on the
    # workers, because it pickles the mentions again.
    mentions_kept: bytes

    def pack(self) -> Packed:
        """Each part pickled on its own, so that a step can unpickle only what it reads."""
        return Packed(*(pickle.dumps(getattr(self, name), protocol=pickle.HIGHEST_PROTOCOL) for name in PARTS))


class Packed(NamedTuple):
    """A :class:`Prepared` as one pickle per part: what the build cache keeps with a record."""

    features: bytes
    evidence: bytes
    digest: bytes
    mentions: bytes
    dated: bytes
    mentions_kept: bytes


PARTS = Packed._fields  # the parts of a Prepared, in the order Packed holds them


def prepare(article: Article, config: SiteConfig) -> Prepared:
    features = extract(article)
    mentions = read_mentions(article, config)
    return Prepared(features=features, evidence=evidence(features), digest=digest(article), mentions=mentions,
                    dated=dated_mentions(article), mentions_kept=kept_digest(mentions))


class Parts(MutableMapping[str, Any]):
    """One part of every article's prepared results (source → part), each unpickled on first read.

    On a cold build every part is read once anyway; on an edit rebuild most are never
    read (a step replayed from the memo reads none of its parts), and unpickling them
    all was most of the time of loading the records.
    """

    def __init__(self, name: str) -> None:
        self.name = name  # which part of Prepared
        self._packed: dict[str, bytes] = {}
        self._loaded: dict[str, Any] = {}

    def packed(self, source: str) -> bytes | None:
        """The part's pickle while not yet unpickled (None once read, or if given unpacked)."""
        return self._packed.get(source)

    def __getitem__(self, source: str) -> Any:
        try:
            return self._loaded[source]
        except KeyError:
            # Kept once unpickled: a step may read a part more than once (the timeline does).
            value = self._loaded[source] = pickle.loads(self._packed.pop(source))
            return value

    def __setitem__(self, source: str, value: Any) -> None:
        self._packed.pop(source, None)
        self._loaded[source] = value

    def __delitem__(self, source: str) -> None:
        if self._packed.pop(source, None) is None:
            del self._loaded[source]

    def __contains__(self, source: object) -> bool:
        return source in self._loaded or source in self._packed

    def __iter__(self) -> Iterator[str]:
        yield from self._loaded
        yield from self._packed

    def __len__(self) -> int:
        return len(self._loaded) + len(self._packed)

    def clear(self) -> None:  # the mixin's would unpickle every part only to drop it
        self._packed.clear()
        self._loaded.clear()


def _split(prepared: dict[str, Prepared | Packed]) -> dict[str, Parts]:
    """Part name → that part of every article, taken from packed or unpacked results."""
    out = {name: Parts(name) for name in PARTS}
    packed = {source: found for source, found in prepared.items() if isinstance(found, Packed)}
    loose = {source: found for source, found in prepared.items() if not isinstance(found, Packed)}
    # One comprehension per part: a loop over every article's six parts cost 2,000 × 6 stores.
    for k, name in enumerate(PARTS):
        out[name]._packed = {source: found[k] for source, found in packed.items()}
        if loose:
            out[name]._loaded = {source: getattr(found, name) for source, found in loose.items()}
    return out


def analyze(articles: list[Article], config: SiteConfig, problems: list[Problem] | None = None,
            timeline_overrides: dict | None = None, prepared: dict[str, Prepared | Packed] | None = None,
            memo: dict[str, Any] | None = None) -> SiteModel:
    """``prepared`` maps an article's source to its :func:`prepare` result, where already known
    (as it is, or packed by :meth:`Prepared.pack`: then a part is unpickled only when a step reads it).

    It is consumed (emptied): each part is let go as soon as its step is done, because on
    20,000 articles the features alone are hundreds of megabytes.

    ``memo`` is what the previous build's analysis left there (empty the first time): a
    step whose inputs are provably the same as then is replayed from it instead of run.
    It is replaced by this build's entries, so it never grows with the history; the
    result is the same with or without it (see the section below).
    """
    previous = _take(memo, config)
    parts = _split(prepared or {})
    if prepared:
        prepared.clear()
    features, evidence, digests = parts["features"], parts["evidence"], parts["digest"]
    mentions, dated = parts["mentions"], parts["dated"]
    taxonomy = Taxonomy(config.topics, config)
    kept = parts["mentions_kept"]
    # Prints are what the memo's keys read: a build without a memo needs none.
    prints, scores = ({}, {}) if memo is None else _fingerprints(articles, mentions, dated, previous, taxonomy)
    del parts
    # Millions of small acyclic objects on top of the loaded records: with the collector on,
    # its full passes over all of them were a fifth of an edit rebuild.
    with collector_paused():
        site = SiteModel(articles=sorted(articles, key=lambda a: a.source), problems=list(problems or []))
        # build_stories empties these as it goes: the clustering inputs once clustering is done.
        site.stories = build_stories(site.articles, config, features=features, digests=digests, evidence=evidence,
                                     **({} if memo is None else {"memo": _step(previous, memo, "stories")}))
        del features, evidence, digests
        # The comparison may run on another process meanwhile: people, topics and the timeline
        # neither read what it writes nor change what it reads. Its results are applied after
        # them, as if it ran here (after the people step's conflicts).
        comparing = _memo_compare(site, previous, memo)
        try:
            site.people = _memo_people(site, config, mentions, kept, prints, previous, memo)
            del mentions, kept
            site.topics = _memo_topics(site, config, taxonomy, scores, prints, previous, memo)
            site.timeline = _memo_timeline(site, config, timeline_overrides or {}, dated, prints, previous, memo)
        except BaseException:
            comparing.cancel()
            raise
        comparing.finish()
        settle()  # what analysis made lives through rendering (0.05 s of collection on an edit)
    if memo is not None:
        memo["parts"] = Flat(prints)
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

# source → (content hash, mentions print, dated print, what the people step's key reads of the
# mentions (a MentionsPrint), what topics read of the article, what its key phrases are read from).
_Prints = dict[str, tuple[str, bytes, bytes, MentionsPrint | tuple[()] | None, bytes, bytes]]


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


# A fingerprint's MentionsPrint while not yet made: the people step makes it (see _people_prints).
_LATER: tuple[()] = ()


def _fingerprints(articles: list[Article], mentions: Parts, dated: Parts,
                  previous: dict[str, Any], taxonomy: Taxonomy) -> tuple[_Prints, dict[str, Counter[str]]]:
    """Each article's prints of its mentions, dated mentions and what topics read of it (see
    :func:`topics.article_prints`), and the taxonomy scores of the articles printed afresh.

    An article without prepared parts is read by the steps themselves, from its content
    (its hash stands for its mentions and dated mentions).
    """
    known: _Prints = previous.get("parts", {})
    out: _Prints = {}
    scores: dict[str, Counter[str]] = {}
    for a in articles:
        old = known.get(a.source)
        if old is not None and old[0] == a.content_hash and (a.source in mentions) == (old[3] is not None):
            out[a.source] = old
            continue
        tagged, scores[a.source], text = article_prints(a, taxonomy)
        if a.source not in mentions:
            marker = f"read:{a.content_hash}".encode()
            out[a.source] = (a.content_hash, marker, marker, None, tagged, text)
        else:
            # Its MentionsPrint unpickles the mentions: made at the people step, not here, or on
            # a cold build every article's mentions would be held through clustering (150 MB on
            # 20,000 articles, at the build's peak).
            out[a.source] = (a.content_hash, _part_print(mentions, a.source), _part_print(dated, a.source),
                             _LATER, tagged, text)
    return out, scores


def _part_print(parts: Parts, source: str) -> bytes:
    """:func:`value_digest` of a part, from its pickle while it is still packed (not unpickled to be pickled again)."""
    data = parts.packed(source)
    if data is None:
        return value_digest(parts[source])
    return hashlib.blake2b(data, digest_size=16).digest()


def _memo_people(site: SiteModel, config: SiteConfig, mentions: MutableMapping[str, list[Mention]], kept: Parts,
                 prints: _Prints, previous: dict[str, Any], memo: dict[str, Any] | None) -> list[Person]:
    """:func:`build_people`, or its recorded effects when nothing it reads changed.

    It reads each article's mentions, story and warnings, and each story's members and
    warnings; it writes people, article and story warnings, story conflicts, people and places.
    """
    if memo is None:
        return build_people(site.articles, site.stories, config, mentions)
    parts = _people_prints(site, prints, mentions, kept, previous, memo)
    key = value_digest(([(a.source, found, a.story_id, a.warnings) for a, found in zip(site.articles, parts,
                                                                                      strict=True)],
                 # Of a story's comparison, the people step reads (and extends) only the conflicts.
                 [(s.id, [a.source for a in s.articles], s.warnings, s.comparison.conflicts)
                  for s in site.stories]))
    stored = previous.get("people")
    if stored is not None and stored[0] == key:
        rows, by_article, by_story = pickle.loads(stored[1])
        people = [Person(*row) for row in rows]
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
        # People as rows of their fields: unpickled and made by their constructor, they load
        # in two thirds of the time the pickled dataclasses took (6,843 people of 2,000 posts).
        rows = list(map(_person_row, people))
        stored = (key, pickle.dumps((rows, by_article, by_story), protocol=pickle.HIGHEST_PROTOCOL))
    memo["people"] = stored
    return people


# A person's fields as a tuple, in the constructor's order.
_person_row = operator.attrgetter(*(f.name for f in dataclasses.fields(Person)))


def _people_prints(site: SiteModel, prints: _Prints, mentions: MutableMapping[str, list[Mention]],
                   kept: Parts, previous: dict[str, Any] | None = None,
                   memo: dict[str, Any] | None = None) -> list[bytes]:
    """Each article's mentions as the people step's key reads them (see :func:`people_key_part`);
    the :data:`MentionsPrint` of articles printed afresh is made here and kept in ``prints``.

    An article read by the steps themselves has no :data:`MentionsPrint`, and its
    surnames are unknown: then every article stands by the print of all its mentions.
    The corpus's surnames are counted (see :func:`_surname_counts`) in ``memo["surnames"]``.
    """
    for a in site.articles:
        p = prints[a.source]
        if p[3] == _LATER:
            prints[a.source] = (*p[:3], mentions_print(mentions[a.source], kept[a.source]), *p[4:])
    found = [prints[a.source] for a in site.articles]
    if any(p[3] is None for p in found):
        return [p[1] for p in found]
    counts = _surname_counts(prints, previous or {})
    if memo is not None:
        memo["surnames"] = Flat(counts)
    surnames = set(counts)
    return [people_key_part(p[3][0], p[3][1], p[1], surnames) for p in found]  # type: ignore[index]


def _surname_counts(prints: _Prints, previous: dict[str, Any]) -> dict[str, int]:
    """Per surname some article writes in a full name, how many articles do (all printed).

    Kept in the memo with the prints it counts (``parts``): an edit then counts again only
    the articles whose surnames changed, not the 37,000 surnames of 2,000 posts.
    """
    old: _Prints = previous.get("parts") or {}
    table = previous.get("surnames")
    counts: dict[str, int] = {}
    if isinstance(table, dict) and old and all(p[3] for p in old.values()):
        counts = dict(table)
        for source, p in old.items():
            now = prints.get(source)
            if now is None or now[3][2] != p[3][2]:  # type: ignore[index]
                _count(counts, p[3][2], -1)  # type: ignore[index]
        for source, p in prints.items():
            was = old.get(source)
            if was is None or was[3][2] != p[3][2]:  # type: ignore[index]
                _count(counts, p[3][2], 1)  # type: ignore[index]
        return counts
    # Each print's surnames are one string, a line each: joined, they split in one call.
    lines = [p[3][2] for p in prints.values() if p[3][2]]  # type: ignore[index]
    return dict(Counter("\n".join(lines).split("\n"))) if lines else {}


def _count(counts: dict[str, int], lines: str, step: int) -> None:
    """Adds ``step`` to the count of each surname of ``lines`` (one a line), dropping those at zero."""
    if not lines:
        return
    for name in lines.split("\n"):
        left = counts.get(name, 0) + step
        if left:
            counts[name] = left
        else:
            del counts[name]


def _memo_compare(site: SiteModel, previous: dict[str, Any], memo: dict[str, Any] | None) -> Comparing:
    """:func:`compare_stories` started (see :func:`start_comparing`), or its recorded effects
    when nothing it reads changed; either is applied by :meth:`Comparing.finish`.

    It reads the stories of two or more members (the others compare nothing): each one's
    id, canonical member and members' records (texts, titles, own event dates; each a
    function of the member's source and content hash), and, for the sentence weights, all
    of them together; it writes their comparisons' agreed facts and sentences found in
    one member only, and adds conflicts. An edit of a story with one member (most of
    them) replays it, and reads no sentence.
    """
    if memo is None:
        return start_comparing(site)
    multi = [s for s in site.stories if len(s.articles) >= 2]
    key = value_digest([(s.id, s.canonical, [(a.source, a.content_hash) for a in s.articles]) for s in multi])
    stored = previous.get("compare")
    memo["compare"] = stored  # (and its place in the memo, whichever step finishes first)
    if stored is not None and stored[0] == key:
        return _Replayed(multi, stored[1])
    return _Recorded(start_comparing(site), memo, key, multi)


class _Replayed(Comparing):
    """The comparisons recorded by an earlier build, applied as :func:`compare_stories` would."""

    def __init__(self, multi: list[Story], recorded: bytes) -> None:
        super().__init__([], None)
        self._multi = multi
        self._recorded = recorded

    def finish(self) -> None:
        for story, (agreed, only_in, conflicts) in zip(self._multi, pickle.loads(self._recorded), strict=True):
            story.comparison.agreed = agreed
            story.comparison.only_in = only_in
            story.comparison.conflicts.extend(conflicts)


class _Recorded(Comparing):
    """A comparison under way, whose effects are recorded in the memo once applied."""

    def __init__(self, running: Comparing, memo: dict[str, Any], key: bytes, multi: list[Story]) -> None:
        super().__init__([], None)
        self._running = running
        self._memo = memo
        self._key = key
        self._multi = multi

    def finish(self) -> None:
        multi = self._multi
        had = [len(s.comparison.conflicts) for s in multi]  # the people step's conflicts come first
        self._running.finish()
        self._memo["compare"] = (self._key, pickle.dumps([(s.comparison.agreed, s.comparison.only_in,
                                                           s.comparison.conflicts[n:])
                                                          for s, n in zip(multi, had, strict=True)],
                                                         protocol=pickle.HIGHEST_PROTOCOL))

    def cancel(self) -> None:
        self._running.cancel()


def _memo_topics(site: SiteModel, config: SiteConfig, taxonomy: Taxonomy, scores: dict[str, Counter[str]],
                 prints: _Prints, previous: dict[str, Any], memo: dict[str, Any] | None) -> list[Topic]:
    """:func:`assign_topics`, or its recorded effects when nothing it reads changed.

    It reads each article's tags, front matter, taxonomy scores and publication date (its
    topic print), source and story; each story's members and event date; and, only if some
    article is left without a topic, each article's key-phrase text. It writes the topics
    and each article's and story's topic slugs. So an edit that leaves those alone (most
    edits of a post's text) replays the topics, whatever else moved.
    """
    if memo is None:
        return assign_topics(site.articles, site.stories, config, taxonomy, scores)
    # A story's event date is read only as the first day it covers, for sorting.
    key = value_digest(([(a.source, prints[a.source][4], a.story_id) for a in site.articles],
                        [(s.id, [a.source for a in s.articles], s.event_date and s.event_date.date.first_day())
                         for s in site.stories]))
    stored = previous.get("topics")
    if stored is not None and stored[0] == key and (stored[1] is None or stored[1] == _texts_key(site, prints)):
        topics, by_article, by_story = pickle.loads(stored[2])
        for a in site.articles:
            a.topics = by_article[a.source]
        for st in site.stories:
            st.topics = by_story[st.id]
    else:
        topics, read_text = assign(site.articles, site.stories, config, taxonomy, scores)
        # Only an article left without a topic reads key phrases: with none, the text is no input.
        stored = (key, _texts_key(site, prints) if read_text else None,
                  pickle.dumps((topics, {a.source: a.topics for a in site.articles},
                                {st.id: st.topics for st in site.stories}), protocol=pickle.HIGHEST_PROTOCOL))
    memo["topics"] = stored
    return topics


def _texts_key(site: SiteModel, prints: _Prints) -> bytes:
    """The print of every article's key-phrase text, in order."""
    return hashlib.blake2b(b"".join(prints[a.source][5] for a in site.articles), digest_size=16).digest()


def _memo_timeline(site: SiteModel, config: SiteConfig, overrides: dict, dated: MutableMapping[str, Any],
                   prints: _Prints, previous: dict[str, Any], memo: dict[str, Any] | None) -> list[TimelineEntry]:
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
    # An article read by the steps themselves has a marker, not a print of a ``dated`` entry
    # (and no MentionsPrint: its mentions and dated entries are prepared, or not, together).
    fingerprints = {source: p[2] for source, p in prints.items() if p[3] is not None}
    # Made for this build's later steps, not kept for the next build's.
    story_prints = memo.get("stories", {}).pop("prints", None)
    # The people step's key: every story's people and places are a function of it.
    people = memo.get("people")
    return build_timeline(site, config, overrides, known=dated, memo=mine, fingerprints=fingerprints,
                          story_prints=story_prints, people_key=people[0] if people is not None else None)

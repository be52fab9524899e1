"""Groups articles that report the same event into stories, dated, titled and summarised.

Clustering is in ``cluster.py``, dating in ``storydate.py`` and titles and summaries
in ``summarize.py``; this module runs them and assembles the :class:`Story` records.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from itertools import islice
from typing import Any

import numpy as np

from site_builder.analyze.cluster import DEFAULT, Evidence, Params, _differing, cluster_articles, pack_small
from site_builder.analyze.features import Features, collector_paused
from site_builder.analyze.storydate import apply_story_date, consensus
from site_builder.analyze.summarize import Digest, Summarizer, Whole, _Unpacked, canonical, digest, idf_table
from site_builder.cache import Flat, dated_value
from site_builder.ingest.records import slugify
from site_builder.model import Article, DatedValue, SiteConfig, Story


def story_id(members: list[Article]) -> str:
    """A stable id from the members' sources, so URLs survive rebuilds."""
    key = "\n".join(sorted(a.source for a in members))
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def _sort_key(story: Story) -> tuple:
    return _order_key(story.id, None if story.event_date is None else _date_fields(story.event_date))


def _order_key(sid: str, fields: tuple[int, int | None, int | None, str] | None) -> tuple:
    """:func:`_sort_key` of a story from its id and its date as :func:`_date_fields` (or None).

    Newest event first, by the first day it covers (year, month or 1, day or 1, as
    ``PartialDate.first_day``; numbers, no date object made); undated stories last; the id
    breaks ties so order never drifts.
    """
    if fields is None:
        return (True, 0, 0, 0, sid)
    return (False, -fields[0], -(fields[1] or 1), -(fields[2] or 1), sid)


def _unique_slugs(stories: list[Story], memo: dict[str, Any] | None = None) -> None:
    """Slugs from titles; a clash gets "-2", "-3" in id order, so the same corpus gives the same URLs.

    ``memo["slugs"]`` maps the previous build's titles to their slugs (a regular
    expression each, 2,000 of them on every edit rebuild); it is replaced by this build's.
    """
    known: dict[str, str] = memo.get("slugs", {}) if memo is not None else {}
    made: dict[str, str] = {}
    taken: set[str] = set()
    for story in sorted(stories, key=lambda s: s.id):
        if story.title:
            base = made.get(story.title) or known.get(story.title) or slugify(story.title)
            made[story.title] = base
        else:
            base = f"story-{story.id}"
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        story.slug = slug
        taken.add(slug)
    if memo is not None:
        memo["slugs"] = made


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

    ``memo`` holds the previous build's clustering state (see ``cluster.Corpus``), its
    titles and summaries (see :func:`_summarise`) and its stories' dates (see
    :func:`_stories`) and its slugs (see :func:`_unique_slugs`); it is replaced by this
    build's, and ``memo["prints"]`` maps each
    story's id to a hash of all this function made of it but its slug (see :func:`_stories`).
    """
    articles = sorted(articles, key=lambda a: a.source)
    if not articles:
        return []
    with collector_paused():  # many small acyclic objects
        clusters = cluster_articles(articles, params, features, evidence, consume=True, memo=memo)
        groups = [[articles[i] for i in group] for group in clusters]
        written, summary_keys = _summarise(articles, groups, digests, memo)
        if digests is not None:
            digests.clear()
        stories, order = _stories(groups, written, summary_keys, memo)
    _unique_slugs(stories, memo)
    # (By _sort_key: the keys were made with the stories, from their dates' fields.)
    return [stories[k] for k in sorted(range(len(stories)), key=order.__getitem__)]


# A story's id, date (as _date_fields), warnings and canonical member, as the memo keeps them.
_Dated = tuple[str, tuple[int, int | None, int | None, str] | None, tuple[str, ...], str]


def _date_fields(value: DatedValue) -> tuple[int, int | None, int | None, str]:
    """A story's date as the memo keeps it (a flat dict, see :class:`cache.Flat`): as its
    fields, which pickle at a fifth of the cost of the dataclasses."""
    return value.date.year, value.date.month, value.date.day, value.source


def _stories(groups: list[list[Article]], written: list[tuple[str, list[str]]], summary_keys: list[bytes],
             memo: dict[str, Any] | None) -> tuple[list[Story], list[tuple]]:
    """The stories, dated by their members' consensus (which also dates undated members),
    and each one's :func:`_sort_key`.

    A story's id, date, warnings and canonical member read only its members' records,
    each a function of its source and content hash: ``memo["dated"]`` keeps them under a
    hash of those, so a story whose members are all as they were is not dated again.
    That hash and the key of its title and summary (``summary_keys``, see
    :func:`_summarise`) together stand for the whole story: ``memo["prints"]`` keeps
    both per story id, for later steps to tell an unchanged story without reading it.
    (Not the summary key alone: it also moves when what the summary reads of the corpus
    does, which would date a story again whose members did not change.)
    """
    known: dict[bytes, _Dated] = memo.get("dated", {}) if memo is not None else {}
    kept: dict[bytes, _Dated] = Flat()
    prints: dict[str, bytes] = {}
    stories = []
    order: list[tuple] = []
    for members, (title, summary), summary_key in zip(groups, written, summary_keys, strict=True):
        # (Most stories have one member: its fields need no generator and join.)
        text = f"{members[0].source}\0{members[0].content_hash}" if len(members) == 1 else \
            "\0".join(f"{a.source}\0{a.content_hash}" for a in members)
        key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        found = known.get(key)
        if found is None:
            date, warnings = consensus(members)
            found = (story_id(members), None if date is None else _date_fields(date), tuple(warnings),
                     canonical(members).source)
        else:
            date = None if found[1] is None else dated_value(*found[1])
        kept[key] = found
        sid, fields, warnings, canon = found
        order.append(_order_key(sid, fields))
        prints[sid] = key + summary_key
        apply_story_date(members, date)
        for a in members:
            a.story_id = sid
        stories.append(Story(id=sid, slug="", title=title, articles=members, event_date=date, summary=summary,
                             canonical=canon, warnings=list(warnings)))
    if memo is not None:
        memo["dated"] = kept
        memo["prints"] = prints
    return stories, order


# A stem's first appearance as one number: the index of the first article whose text has
# it, shifted left by this, plus the stem's place in that article's text (far fewer than 2**24 stems).
_SHIFT = 24
_NEVER = np.iinfo(np.int64).max  # the first appearance of a stem no text has


def _offsets(lengths: np.ndarray) -> np.ndarray:
    at = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=at[1:])
    return at


def _replace_rows(flat: np.ndarray, at: np.ndarray, rows: list[int], fresh: list[np.ndarray]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Rows stored end to end (row k is ``flat[at[k]:at[k + 1]]``) with the ``rows`` (ascending) replaced."""
    parts, copied = [], 0
    lengths = np.diff(at)
    for k, row in zip(rows, fresh, strict=True):
        parts += [flat[at[copied] : at[k]], row.astype(flat.dtype)]
        lengths[k] = len(row)
        copied = k + 1
    parts.append(flat[at[copied] :])
    return np.concatenate(parts), _offsets(lengths)


class _Terms:
    """The summariser's statistics of the whole corpus, kept from build to build.

    Stems are numbered in the order they were first met (``stems``); per article (in
    source order, ``keys`` its source and content hash) the numbers of its text's stems
    (``text``) and of its other stems (headline and sentence stems its text lacks,
    ``extra``), each in the order of the article's :class:`Digest`; per stem the number
    of articles whose text has it (``df``) and its first appearance (``first``, see
    ``_SHIFT``), which orders stems as the summariser's vectorizer orders them.

    A story's title and summary read, besides its members' records, exactly the IDF of
    each member stem (a function of the corpus size and the stem's document frequency,
    rounded: see ``summarize.IDF_STEP``; 0 when the stem has no column) and the relative
    first appearance of each member's text stems (the order in which its norm is summed):
    :meth:`fingerprint` hashes those per article. After an edit that keeps the set of
    articles, :meth:`advance` updates the statistics from the changed articles alone and
    names the articles whose print may have moved: those holding a stem whose rounded IDF
    or first appearance moved, far fewer than those holding a stem whose frequency moved.
    """

    def __init__(self, keys: list[tuple[str, str]], stems: list[str], text: np.ndarray, text_at: np.ndarray,
                 extra: np.ndarray, extra_at: np.ndarray, df: np.ndarray, first: np.ndarray) -> None:
        self.keys, self.stems = keys, stems
        self.text, self.text_at, self.extra, self.extra_at = text, text_at, extra, extra_at
        self.df, self.first = df, first
        self._index: dict[str, int] | None = None
        self._idf: np.ndarray | None = None

    def idf(self) -> np.ndarray:
        """Per stem, the IDF the summariser gives it (0: no column)."""
        if self._idf is None:
            self._idf = idf_table(len(self.keys))[self.df]
        return self._idf

    @classmethod
    def of(cls, summarizer: Summarizer, keys: list[tuple[str, str]]) -> _Terms:
        """The statistics of the corpus ``summarizer`` was made for (all of it)."""
        stems = list(summarizer.column) + list(summarizer._extra)  # in the order of their numbers
        ids, at, n_text = summarizer._ids_of, summarizer._at, summarizer._n_text
        lengths = np.diff(at)
        owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        place = np.arange(len(ids), dtype=np.int64) - at[owner]
        in_text = place < n_text[owner]
        text = ids[in_text]
        df = np.zeros(len(stems), dtype=np.int64)
        df[: len(summarizer.df)] = summarizer.df
        first = np.full(len(stems), _NEVER, dtype=np.int64)
        np.minimum.at(first, text, (owner[in_text] << _SHIFT) | place[in_text])
        return cls(keys, stems, text, _offsets(n_text), ids[~in_text], _offsets(lengths - n_text), df, first)

    def state(self, prints: list[bytes]) -> dict[str, Any]:
        """What the next build's :meth:`load` takes: stem numbers packed small, with this build's prints."""
        return {"keys": self.keys, "stems": " ".join(self.stems), "text": pack_small(self.text),
                "text_at": self.text_at, "extra": pack_small(self.extra), "extra_at": self.extra_at,
                "df": pack_small(self.df), "first": self.first, "prints": b"".join(prints)}

    @classmethod
    def load(cls, state: dict[str, Any]) -> tuple[_Terms, list[bytes]]:
        stems = state["stems"].split(" ") if state["stems"] else []
        prints = state["prints"]
        terms = cls(state["keys"], stems, state["text"].astype(np.int32), state["text_at"],
                    state["extra"].astype(np.int32), state["extra_at"], state["df"].astype(np.int64), state["first"])
        return terms, [prints[k : k + 16] for k in range(0, len(prints), 16)]

    def fingerprint(self, k: int, article: Article) -> bytes:
        """A hash of everything article ``k``'s part in a title or summary reads from the corpus."""
        text = self.text[self.text_at[k] : self.text_at[k + 1]]
        idf = self.idf()
        h = hashlib.blake2b(f"{article.source}\0{article.content_hash}\0".encode(), digest_size=16)
        h.update(idf[text].tobytes())
        h.update(idf[self.extra[self.extra_at[k] : self.extra_at[k + 1]]].tobytes())
        h.update(np.argsort(self.first[text], kind="stable").tobytes())
        return h.digest()

    def lookup(self, stems: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """:class:`Whole`'s lookup: per stem, its document frequency and first appearance."""
        index = self.index()
        ids = np.fromiter((index.get(t, -1) for t in stems), dtype=np.int64, count=len(stems))
        known = ids >= 0
        df = np.zeros(len(stems), dtype=np.int64)
        first = np.full(len(stems), _NEVER, dtype=np.int64)
        df[known], first[known] = self.df[ids[known]], self.first[ids[known]]
        return df, first

    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = dict(zip(self.stems, range(len(self.stems)), strict=True))  # (faster than a comprehension)
        return self._index

    def advance(self, keys: list[tuple[str, str]], articles: Sequence[Article],
                digest_of: Callable[[Article], Digest]) -> tuple[_Terms, np.ndarray] | None:
        """This build's statistics and the indexes of the articles whose print may differ
        from last build's; None when the articles are not the same ones (every IDF moves).

        Only the changed articles' stems (old and new) can change document frequency or
        first appearance; an article is printed again when it changed or has such a stem
        whose IDF or first appearance did change.
        """
        if len(keys) != len(self.keys):
            return None
        # Where the (source, content hash) keys differ, found by slices (see cluster._differing);
        # elsewhere the sources are equal too.
        changed = _differing(self.keys, keys)
        if any(keys[k][0] != self.keys[k][0] for k in changed):
            return None
        if not changed:
            return _Terms(keys, self.stems, self.text, self.text_at, self.extra, self.extra_at, self.df,
                          self.first), np.zeros(0, dtype=np.int64)
        index = self.index()  # grown in place: this object is not used again
        new_text, new_extra = [], []
        for k in changed:
            found = digest_of(articles[k])
            words = found.vocab.split(" ") if found.vocab else []
            ids = np.fromiter((index.setdefault(t, len(index)) for t in words), dtype=np.int64, count=len(words))
            n_text = _Unpacked(found).n_text
            new_text.append(ids[:n_text])
            new_extra.append(ids[n_text:])
        stems = self.stems + list(islice(index, len(self.stems), None))  # new stems are numbered after the old
        size = len(stems)
        old_text = np.concatenate([self.text[self.text_at[k] : self.text_at[k + 1]] for k in changed])
        df = np.zeros(size, dtype=np.int64)
        df[: len(self.df)] = self.df
        np.subtract.at(df, old_text, 1)
        np.add.at(df, np.concatenate(new_text), 1)
        text, text_at = _replace_rows(self.text, self.text_at, changed, new_text)
        extra, extra_at = _replace_rows(self.extra, self.extra_at, changed, new_extra)
        # A touched stem's first appearance: the earliest of its first appearance in the texts
        # that did not change (the old one, unless that was in a changed text) and its places in
        # the changed texts. Only a stem first met in a changed text is looked for again among
        # all the texts (one pass over them, which an edit in the middle of the corpus mostly skips).
        was = np.full(size, _NEVER, dtype=np.int64)
        was[: len(self.first)] = self.first
        touched = np.zeros(size, dtype=bool)
        touched[old_text] = True
        touched[np.concatenate(new_text)] = True
        is_changed = np.zeros(len(keys), dtype=bool)
        is_changed[changed] = True
        again = np.flatnonzero(touched & (was != _NEVER))
        again = again[is_changed[was[again] >> _SHIFT]]
        first = was.copy()
        first[again] = _NEVER
        for k in changed:
            ids = text[text_at[k] : text_at[k + 1]]
            np.minimum.at(first, ids, (k << _SHIFT) | np.arange(len(ids), dtype=np.int64))
        if len(again):
            rescan = np.zeros(size, dtype=bool)
            rescan[again] = True
            at = np.flatnonzero(rescan[text])
            owner = np.searchsorted(text_at, at, side="right") - 1
            np.minimum.at(first, text[at], (owner << _SHIFT) | (at - text_at[owner]))
        old_df = np.zeros(size, dtype=np.int64)
        old_df[: len(self.df)] = self.df
        idf = idf_table(len(keys))  # the corpus size is as it was
        moved = (idf[df] != idf[old_df]) | (first != was)
        dirty = is_changed.copy()
        if moved.any():  # (else only the changed texts' prints may move)
            for flat, offsets in ((text, text_at), (extra, extra_at)):
                hit = np.flatnonzero(moved[flat])
                dirty[np.searchsorted(offsets, hit, side="right") - 1] = True
        advanced = _Terms(keys, stems, text, text_at, extra, extra_at, df, first)
        advanced._index = index
        advanced._idf = idf[df]
        return advanced, np.flatnonzero(dirty)


def _summarise(articles: list[Article], groups: list[list[Article]], digests: Mapping[str, Digest] | None,
               memo: dict[str, Any] | None) -> tuple[list[tuple[str, list[str]]], list[bytes]]:
    """Each story's title and summary, reusing the previous build's for every story whose
    members' prints (see :class:`_Terms`) are all as they were; and each story's key (a
    hash of those prints, of which the title and summary are a function; empty without a memo).

    A story's title and summary read only its members' rows, so a story is summarised
    the same alone as among others: the stories that are not replayed are summarised
    by a :class:`Summarizer` of their members only, given the whole corpus's statistics.
    ``memo["summaries"]`` maps a story's key to its pickled result and keeps only this
    build's stories; ``memo["terms"]`` holds the statistics.
    """
    if memo is None:
        return Summarizer(articles, digests).summarise(groups), [b""] * len(groups)
    keys = [(a.source, a.content_hash) for a in articles]
    known_digests = digests or {}

    def digest_of(a: Article) -> Digest:
        return known_digests[a.source] if a.source in known_digests else digest(a)

    advanced = None
    if "terms" in memo:
        terms, prints = _Terms.load(memo["terms"])
        advanced = terms.advance(keys, articles, digest_of)
    summarizer: Summarizer | None = None
    if advanced is None:
        summarizer = Summarizer(articles, digests)
        terms = _Terms.of(summarizer, keys)
        prints = [terms.fingerprint(k, a) for k, a in enumerate(articles)]
    else:
        terms, dirty = advanced
        for k in dirty.tolist():
            prints[k] = terms.fingerprint(k, articles[k])
    print_of = dict(zip((a.source for a in articles), prints, strict=True))
    # (A story of one member, most of them, hashes its print alone: the same bytes, no join.)
    story_keys = [hashlib.blake2b(print_of[members[0].source] if len(members) == 1 else
                                  b"".join(print_of[a.source] for a in members), digest_size=16).digest()
                  for members in groups]
    known: dict[bytes, bytes] = memo.get("summaries", {})
    todo = [k for k, key in enumerate(story_keys) if key not in known]
    if todo and summarizer is None:
        members = sorted({a.source: a for k in todo for a in groups[k]}.values(), key=lambda a: a.source)
        summarizer = Summarizer(members, digests, corpus=Whole(len(articles), terms.lookup))
    fresh = dict(zip(todo, summarizer.summarise([groups[k] for k in todo]) if summarizer else [], strict=True))
    written: list[tuple[str, list[str]]] = []
    kept: dict[bytes, bytes] = {}
    for k, key in enumerate(story_keys):
        if k in fresh:
            kept[key] = pickle.dumps(fresh[k], protocol=pickle.HIGHEST_PROTOCOL)
            written.append(fresh[k])
        else:
            kept[key] = known[key]
            written.append(pickle.loads(known[key]))
    memo["summaries"] = kept
    memo["terms"] = terms.state(prints)
    return written, story_keys

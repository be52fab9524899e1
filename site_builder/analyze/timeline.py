"""Builds the timeline of events: every dated story, plus past events the articles mention.

Steps (see docs/topics-and-timeline.md):

1. every story with a date becomes an entry (kind ``story``);
2. every sentence that dates a past event (:mod:`site_builder.analyze.mentions`) is
   merged into the best entry it matches, or starts a new entry (kind ``mention``);
3. the editor's ``timeline.yaml`` merges, edits, hides and adds entries.

A mention matches an entry when their dates are compatible (one contains the other)
and they share enough key terms: the *match score* sums the shared terms' weights
(names and numbers 2, other content words 1) and must reach :data:`THRESHOLDS` for
the coarser of the two dates — day 3, month 4, year 6 — because a shared exact day is
already strong evidence while a shared year is weak.  Lookups go through date buckets,
so the work grows with the corpus, not with its square.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from site_builder.analyze.features import fork_map
from site_builder.analyze.mentions import Mention, find_mentions, key_terms, overlap_score, split_sentences
from site_builder.cache import Flat, memo_pickle
from site_builder.model import (
    Article,
    Evidence,
    PartialDate,
    Precision,
    Problem,
    SiteConfig,
    SiteModel,
    Story,
    TimelineEntry,
    value_digest,
)

THRESHOLDS: dict[Precision, int] = {"day": 3, "month": 4, "year": 6}
SUMMARY_CHARS = 220
MAX_POSTING = 24
_KINDS = ("story", "mention", "editor")


@dataclass(eq=False)
class _Draft:
    """An entry while it is being assembled; becomes a :class:`TimelineEntry` at the end.

    Drafts compare and hash by identity, so the index can key dictionaries by them.
    """

    date: PartialDate
    title: str
    summary: str
    kind: str
    terms: dict[str, int]
    id_terms: list[str]
    story_ids: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    titles: dict[str, int] = field(default_factory=dict)  # title → mentions giving it, in first-seen order
    id: str = ""

    def add_article(self, source: str) -> None:
        seen = _Seen.of(self, "articles", _itself)
        if source not in seen.keys:
            seen.append(source, source)

    def add_evidence(self, mention: Mention) -> None:
        self.add_article(mention.article)
        key = (mention.article, mention.sentence)
        seen = _Seen.of(self, "evidence", _quoted)
        if key not in seen.keys:
            seen.append(Evidence(quote=mention.sentence, article=mention.article), key)


def _itself(source: str) -> str:
    return source


def _quoted(evidence: Evidence) -> tuple[str, str]:
    return evidence.article, evidence.quote


class _Seen:
    """The keys of one of a draft's lists as a set, for :meth:`_Draft.add_article` and
    :meth:`_Draft.add_evidence`: a busy entry gathers hundreds of mentions, and scanning
    its lists for each one was quadratic (3.8 million evidence checks on 20,000 articles).

    Kept on the draft with the list it was made from and that list's length, and made
    again when the list was replaced or grew other than through :meth:`append`.
    """

    __slots__ = ("items", "keys", "size")

    def __init__(self, items: list[Any], keys: set[Any]) -> None:
        self.items, self.keys, self.size = items, keys, len(items)

    @staticmethod
    def of(draft: _Draft, name: str, key: Callable[[Any], Any]) -> _Seen:
        items = getattr(draft, name)
        held: _Seen | None = draft.__dict__.get("_seen_" + name)
        if held is None or held.items is not items or held.size != len(items):
            held = draft.__dict__["_seen_" + name] = _Seen(items, set(map(key, items)))
        return held

    def append(self, item: Any, key: Any) -> None:
        self.items.append(item)
        self.keys.add(key)
        self.size += 1


class _Index:
    """Entries bucketed by (year, month), month 0 holding year-only dates, and within each
    bucket by key term, so a mention is only scored against entries that share a term.

    Terms that more than :data:`MAX_POSTING` entries of one bucket share are too common to
    find candidates by (an entry that matches well shares rarer terms too); this keeps the
    work linear when thousands of entries fall in one month."""

    def __init__(self, vocabulary: set[str] | None = None) -> None:
        # Only terms some mention has are ever looked up: postings of others are never read.
        self.vocabulary = vocabulary
        self.buckets: dict[tuple[int, int], dict[str, list[_Draft]]] = {}
        self.years: dict[int, list[tuple[int, int]]] = {}
        self.home: dict[_Draft, tuple[int, int]] = {}  # the bucket each draft was filed in

    def add(self, draft: _Draft) -> None:
        key = (draft.date.year, draft.date.month or 0)
        if key not in self.buckets:
            self.buckets[key] = {}
            self.years.setdefault(key[0], []).append(key)
        self.home[draft] = key
        self.add_terms(draft, draft.terms)

    def add_terms(self, draft: _Draft, terms: dict[str, int] | list[str]) -> None:
        postings = self.buckets[self.home[draft]]
        # A posting's order is the order drafts were added, whatever the order of a draft's terms.
        for term in terms if self.vocabulary is None else self.vocabulary.intersection(terms):
            posting = postings.get(term)
            if posting is None:
                postings[term] = [draft]
            else:
                posting.append(draft)

    def candidates(self, date: PartialDate, terms: dict[str, int]) -> list[_Draft]:
        """Compatible entries that share at least a name, a number or two words through rare terms."""
        keys = self.years.get(date.year, []) if date.month is None else [(date.year, date.month), (date.year, 0)]
        partial: defaultdict[_Draft, int] = defaultdict(int)  # in the order the entries are first met
        for key in keys:
            postings = self.buckets.get(key)
            if not postings:
                continue
            for term, weight in terms.items():
                posting = postings.get(term)
                if posting is not None and len(posting) <= MAX_POSTING:
                    for draft in posting:
                        partial[draft] += weight
        return [d for d, total in partial.items() if total >= 2 and _compatible(d.date, date)]


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    """``PartialDate.compatible`` without building dates: equal where both are known."""
    return a.year == b.year and (a.month is None or b.month is None or
                                 (a.month == b.month and (a.day is None or b.day is None or a.day == b.day)))


_FINENESS: dict[Precision, int] = {"year": 0, "month": 1, "day": 2}


def _coarser(a: PartialDate, b: PartialDate) -> Precision:
    return a.precision if _FINENESS[a.precision] <= _FINENESS[b.precision] else b.precision


def _fineness(date: PartialDate) -> int:
    """``_FINENESS[date.precision]`` without the property's string."""
    return 2 if date.day is not None else 1 if date.month is not None else 0


_THRESHOLD_AT = [THRESHOLDS["year"], THRESHOLDS["month"], THRESHOLDS["day"]]  # by fineness


def match_score(mention_date: PartialDate, terms: dict[str, int], draft: _Draft) -> int | None:
    """The match score of a mention against an entry, or None when below its threshold."""
    if not _compatible(draft.date, mention_date):
        return None
    score = overlap_score(terms, draft.terms)
    return score if score >= THRESHOLDS[_coarser(mention_date, draft.date)] else None


def _one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    sentences = split_sentences(text)
    first = sentences[0][1] if sentences else text
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _top_terms(text: str, n: int = 6) -> list[str]:
    terms = key_terms(text)
    return sorted(sorted(terms, key=lambda t: (-terms[t], t))[:n])


def _wants_timeline(article: Article) -> bool:
    value = article.front_matter.get("timeline", True)
    if value is True:  # most articles say nothing
        return True
    return not (value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "off")))


def _entry_title(story: Story) -> str:
    """The title of a story's entry: a member's ``timeline_title``, else the story's."""
    custom = [str(a.front_matter["timeline_title"]).strip() for a in story.articles
              if a.front_matter.get("timeline_title")]
    return custom[0] if custom else story.title


def _story_inputs(story: Story, people: dict[str, str]) -> tuple[str, str, str, str]:
    """(entry title, story title, lead, matching text): all a story's entry reads of it
    besides its date, id and articles."""
    title = _entry_title(story)
    lead = story.summary[0] if story.summary else (story.articles[0].body[0] if story.articles[0].body else "")
    names = [people.get(p, p.replace("-", " ").title()) for p in story.people] + list(story.places)
    # Titles, leads and names say which event this is; whole bodies would match anything.
    text = " \n".join([title, story.title, *story.summary[:3], *(a.title for a in story.articles),
                       *(a.body[0] for a in story.articles if a.body), *names])
    return title, story.title, lead, text


_Parts = tuple[dict[str, int], list[str], str]  # a story entry's key terms, id terms and summary


def _story_parts(inputs: tuple[str, str, str, str]) -> _Parts:
    _, story_title, lead, text = inputs
    return key_terms(text), _top_terms(story_title), _one_line(lead) if lead else ""


def _new_story_draft(story: Story, title: str, parts: _Parts) -> _Draft:
    assert story.event_date is not None
    terms, id_terms, summary = parts
    return _Draft(date=story.event_date.date, title=title, summary=summary, kind="story", terms=terms,
                  id_terms=list(id_terms), story_ids=[story.id], articles=[a.source for a in story.articles])


def _story_draft(story: Story, people: dict[str, str]) -> _Draft:
    inputs = _story_inputs(story, people)
    return _new_story_draft(story, inputs[0], _story_parts(inputs))


def reference_dates(article: Article, story_dates: dict[str, PartialDate]) -> tuple[PartialDate | None,
                                                                                PartialDate | None]:
    """(date that resolves year-less mentions, latest date the article was written)."""
    own = story_dates.get(article.story_id or "")
    ref = own or (article.event_date.date if article.event_date else None) or \
        (article.published.date if article.published else None)
    written = article.published.date if article.published else None
    return ref, written


Reference = tuple[PartialDate | None, PartialDate | None]


def dated_mentions(article: Article) -> tuple[Reference, list[Mention]]:
    """The article's mentions read against its own dates, before any story lends it one.

    A build caches this per file version; :func:`collect_mentions` reuses it whenever the
    article's reference dates turn out the same once stories are dated (most often).
    """
    reference = reference_dates(article, {})
    return reference, find_mentions(article, *reference)


def collect_mentions(site: SiteModel,
                     known: Mapping[str, tuple[Reference, list[Mention]]] | None = None) -> list[Mention]:
    """Every mention in the corpus, ordered by date, then article, then position."""
    return _sorted_mentions(_mentions_by_article(site, known)[0])


def _mentions_by_article(site: SiteModel, known: Mapping[str, tuple[Reference, list[Mention]]] | None
                         ) -> tuple[dict[str, list[Mention]], set[str]]:
    """Each timeline article's mentions, in article order, and the sources whose ``known`` entry was reused."""
    found = _ArticleMentions(site, known)
    return {source: found[source] for source in found.order}, found.reused


# source → (print, reference (as :func:`_reference_numbers`), years)
_Remembered = dict[str, tuple[bytes, tuple[int, ...], tuple[int, ...]]]


def _date_numbers(date: PartialDate | None) -> tuple[int, int, int]:
    """(year, month or 0, day or 0), (0, 0, 0) for no date: equal exactly when the dates
    are (a year, month or day is never 0), and ordered as the dates are."""
    return (0, 0, 0) if date is None else (date.year, date.month or 0, date.day or 0)


def _reference_numbers(reference: Reference) -> tuple[int, ...]:
    """A reference as six numbers, its two dates' :func:`_date_numbers`. Kept in the memo
    so, not as dates: 2,000 articles' pairs of dates cost 10 ms to pickle and 9 ms to
    unpickle, their numbers (with the rest of the entry) 1-2 ms."""
    ref, written = reference
    return _date_numbers(ref) + _date_numbers(written)


class _ArticleMentions:
    """Each timeline article's mentions (``order``: the sources, in article order), and the
    years each has mentions in (``years``).

    An article's ``known`` entry (see :func:`dated_mentions`) is reused when it was read
    against the reference dates it has now (``reused``), else it is read again. With
    ``remembered`` (what :meth:`remember` gave last build) and ``fingerprints`` (a hash
    per ``known`` entry), an entry whose hash and reference are as remembered is not
    even unpickled until its mentions are asked for: its years are remembered too.
    """

    def __init__(self, site: SiteModel, known: Mapping[str, tuple[Reference, list[Mention]]] | None,
                 remembered: _Remembered | None = None, fingerprints: Mapping[str, bytes] | None = None) -> None:
        story_dates = {s.id: s.event_date.date for s in site.stories if s.event_date}
        self._known = known = known or {}
        remembered, fingerprints = remembered or {}, fingerprints or {}
        self.order: list[str] = []
        self.unwanted: set[str] = set()  # the sources of the articles that do not want the timeline
        self.references: dict[str, Reference] = {}
        self._numbers: dict[str, tuple[int, ...]] = {}  # of the references, where made
        self.fingerprints = fingerprints
        self.years: dict[str, tuple[int, ...]] = {}
        self._found: dict[str, list[Mention]] = {}
        self.reused: set[str] = set()
        wanted = []
        # One pass over the articles, each read once: on an edit this loop is most of the step.
        for a in site.articles:
            source = a.source
            if not _wants_timeline(a):
                self.unwanted.add(source)
                continue
            wanted.append(a)
            self.order.append(source)
            reference = self.references[source] = reference_dates(a, story_dates)
            old = remembered.get(source)
            if old is not None and source in fingerprints and old[0] == fingerprints[source]:
                numbers = _reference_numbers(reference)
                if old[1] == numbers:
                    self._numbers[source] = numbers
                    self.years[source] = old[2]
                    self.reused.add(source)
                    continue
            if source in known and known[source][0] == reference:
                self._found[source] = known[source][1]
                self.reused.add(source)
        references = self.references

        def read(article: Article) -> list[Mention]:
            return find_mentions(article, *references[article.source])

        # Per article and pure: big corpora read on forked workers, in order.
        missing = [a for a in wanted if a.source not in self.reused]
        self._found.update(zip((a.source for a in missing), fork_map(read, missing), strict=True))
        for source, mentions in self._found.items():
            self.years[source] = tuple(sorted({m.date.year for m in mentions}))

    def __getitem__(self, source: str) -> list[Mention]:
        found = self._found.get(source)
        if found is None:
            found = self._found[source] = self._known[source][1]
        return found

    def remember(self) -> _Remembered:
        """What the next build's ``remembered`` takes: the entries reused by their hash."""
        numbers = self._numbers
        return Flat({source: (self.fingerprints[source], numbers.get(source) or
                              _reference_numbers(self.references[source]), self.years[source])
                     for source in self.order if source in self.reused and source in self.fingerprints})


def _sorted_mentions(by_article: dict[str, list[Mention]]) -> list[Mention]:
    # A date's (year, month or 0, day or 0) orders and tells dates apart exactly as the
    # dates do, without calling their Python comparison methods.
    return sorted((m for found in by_article.values() for m in found),
                  key=lambda m: (m.date.year, m.date.month or 0, m.date.day or 0, m.article, m.offset))


def merge_mentions(drafts: list[_Draft], mentions: list[Mention], own_story: dict[str, str]) -> list[_Draft]:
    """Fold mentions into matching entries or new mention entries; returns all entries."""
    index = _Index(set().union(*(m.terms for m in mentions)))
    by_story: dict[str, _Draft] = {}
    for draft in drafts:
        index.add(draft)
        for sid in draft.story_ids:
            by_story[sid] = draft
    out = list(drafts)
    for mention in mentions:
        own = by_story.get(own_story.get(mention.article, ""))
        if own is not None and own.date == mention.date:
            # The article restating its own story's date: it *is* that event.
            own.add_article(mention.article)
            continue
        best: _Draft | None = None
        best_score = -1
        # match_score, for candidates already known to be compatible with the mention.
        fineness = _fineness(mention.date)
        terms = mention.terms
        for draft in index.candidates(mention.date, terms):
            # overlap_score: the shared terms come from one set intersection.
            others = draft.terms
            score = 0
            for term in terms.keys() & others.keys():
                mine, theirs = terms[term], others[term]
                score += mine if mine > theirs else theirs
            if score >= _THRESHOLD_AT[min(fineness, _fineness(draft.date))] and score > best_score:
                best, best_score = draft, score
        if best is None:
            best = _Draft(date=mention.date, title=mention.title, summary=_one_line(mention.sentence),
                          kind="mention", terms=dict(mention.terms), id_terms=_top_terms(mention.title))
            index.add(best)
            out.append(best)
        elif best.kind == "mention":
            fresh = [t for t in mention.terms if t not in best.terms]
            for term, weight in mention.terms.items():
                best.terms[term] = max(weight, best.terms.get(term, 0))
            index.add_terms(best, fresh)
            if mention.date != best.date and best.date.contains(mention.date):
                best.date = mention.date  # a finer date for the same event
        best.titles[mention.title] = best.titles.get(mention.title, 0) + 1
        best.add_evidence(mention)
    for draft in out:
        if draft.kind == "mention" and draft.titles:
            # The title most sources agree on; ties go to the earliest (max keeps the first).
            draft.title = max(draft.titles, key=draft.titles.__getitem__)
            draft.id_terms = _top_terms(draft.title)
    return out


def _assign_ids(drafts: list[_Draft], taken: set[str] | None = None) -> None:
    """Ids from the date and the title's key terms, so they survive rebuilds and new articles."""
    seen: set[str] = set(taken or ())
    for draft in sorted(drafts, key=lambda d: (d.date, d.kind, d.title, d.articles)):
        key = f"{draft.date.iso()}|{' '.join(draft.id_terms) or draft.title.lower()}"
        base = "e-" + hashlib.sha1(key.encode()).hexdigest()[:10]
        ident, n = base, 2
        while ident in seen:
            ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        draft.id = ident


# ---------------------------------------------------------------------------------------
# editor overrides


class _Editor:
    """Applies ``timeline.yaml`` to the drafts, reporting every unusable line as a Problem."""

    def __init__(self, drafts: list[_Draft], site: SiteModel, path: str) -> None:
        self.drafts = drafts
        self.site = site
        self.path = path
        self.slugs = {s.slug: s.id for s in site.stories}

    def problem(self, message: str, fix: str) -> None:
        self.site.problems.append(Problem(self.path, message, fix))

    def find(self, ref: Any) -> _Draft | None:
        """An entry by its id, or by the id or slug of a story it shows."""
        ref = str(ref).strip()
        sid = self.slugs.get(ref, ref)
        for draft in self.drafts:
            if draft.id == ref or sid in draft.story_ids:
                return draft
        self.problem(f"timeline entry {ref!r} not found",
                     "use an entry id from digest.json 'timeline', or a story id or slug")
        return None

    def merge(self, groups: Any) -> None:
        for group in _as_list(groups):
            refs = _as_list(group)
            if len(refs) < 2:
                self.problem(f"merge needs two or more entries, got {group!r}", "write '- [keep-id, other-id]'")
                continue
            keep = self.find(refs[0])
            for ref in refs[1:]:
                other = self.find(ref)
                if keep is None or other is None or other is keep:
                    continue
                for sid in other.story_ids:
                    if sid not in keep.story_ids:
                        keep.story_ids.append(sid)
                for source in other.articles:
                    keep.add_article(source)
                keep.evidence += [e for e in other.evidence if e not in keep.evidence]
                if keep.kind == "mention" and other.kind == "story":
                    keep.kind = "story"
                self.drafts.remove(other)

    def edit(self, changes: Any, rename_only: bool = False) -> None:
        if not isinstance(changes, dict):
            self.problem("'edit'/'rename' must map entry ids to changes", "write 'entry-id: New title'")
            return
        for ref, change in changes.items():
            draft = self.find(ref)
            if draft is None:
                continue
            if isinstance(change, str) or rename_only:
                draft.title = str(change).strip()
                continue
            if not isinstance(change, dict):
                self.problem(f"changes for {ref!r} must be a title or a mapping", "write 'title: …'")
                continue
            if change.get("title"):
                draft.title = str(change["title"]).strip()
            if change.get("summary") is not None:
                draft.summary = str(change["summary"]).strip()
            if change.get("date") is not None:
                date = self.date(change["date"], ref)
                if date is not None:
                    draft.date = date

    def hide(self, refs: Any) -> None:
        for ref in _as_list(refs):
            draft = self.find(ref)
            if draft is not None:
                self.drafts.remove(draft)

    def add(self, items: Any) -> None:
        for item in _as_list(items):
            if not isinstance(item, dict) or not item.get("title") or item.get("date") is None:
                self.problem(f"added entry {item!r} needs a 'date' and a 'title'",
                             "write '- {date: 2024-04-10, title: …}'")
                continue
            date = self.date(item["date"], item["title"])
            if date is None:
                continue
            story_ids = []
            for ref in _as_list(item.get("stories")):
                sid = self.slugs.get(str(ref), str(ref))
                if any(s.id == sid for s in self.site.stories):
                    story_ids.append(sid)
                else:
                    self.problem(f"added entry {item['title']!r} names unknown story {ref!r}",
                                 "use a story id or slug from digest.json")
            evidence = [Evidence(quote=str(e.get("quote", "")), article=str(e.get("article", "")))
                        for e in _as_list(item.get("evidence")) if isinstance(e, dict)]
            title = str(item["title"]).strip()
            draft = _Draft(date=date, title=title, summary=str(item.get("summary") or "").strip(), kind="editor",
                           terms={}, id_terms=_top_terms(title), story_ids=story_ids,
                           articles=[str(a) for a in _as_list(item.get("articles"))], evidence=evidence)
            if item.get("id"):
                draft.id = str(item["id"])
            self.drafts.append(draft)

    def date(self, value: Any, ref: Any) -> PartialDate | None:
        try:
            return PartialDate.parse_iso(str(value))
        except ValueError:
            self.problem(f"date {value!r} for {ref!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                         "write the date as 2024-04 or 2024-04-10")
            return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def apply_overrides(drafts: list[_Draft], site: SiteModel, overrides: dict[str, Any]) -> list[_Draft]:
    """Merge, then edit and rename, then hide, then add — so later steps see earlier results."""
    path = str(overrides.get("_path") or "timeline.yaml")
    if overrides.get("_error"):
        site.problems.append(Problem(path, str(overrides["_error"]), "fix the file; the timeline was built without it",
                                     line=overrides.get("_line")))
        return drafts
    editor = _Editor(drafts, site, path)
    known = {"merge", "edit", "rename", "hide", "add", "_path", "_line", "_error"}
    for key in overrides:
        if key not in known:
            editor.problem(f"unknown key {key!r}", "use add, rename, edit, merge or hide")
    editor.merge(overrides.get("merge"))
    if overrides.get("edit") is not None:
        editor.edit(overrides["edit"])
    if overrides.get("rename") is not None:
        editor.edit(overrides["rename"], rename_only=True)
    editor.hide(overrides.get("hide"))
    editor.add(overrides.get("add"))
    return editor.drafts


# ---------------------------------------------------------------------------------------


def build_timeline(site: SiteModel, config: SiteConfig, overrides: dict[str, Any],
                   known: Mapping[str, tuple[Reference, list[Mention]]] | None = None,
                   memo: dict[str, Any] | None = None, fingerprints: Mapping[str, bytes] | None = None,
                   story_prints: Mapping[str, bytes] | None = None,
                   people_key: bytes | None = None) -> list[TimelineEntry]:
    """The site's timeline, sorted by date then id; ``known`` holds :func:`dated_mentions` results.

    ``memo`` holds what the previous build left (empty the first time) and is refilled for
    the next: each year's merged entries under a hash of exactly what that year's merge
    reads, so an edit merges again only the years it touches, with its stories' key
    terms, so that merging a year again reads only its changed stories anew.
    ``fingerprints`` maps a source to a hash of its ``known`` entry (equal hashes, equal
    entries), so that the memo need not hash every reused mention list; ``story_prints``
    maps a story's id to a hash of all the story steps made of it (see
    ``stories.build_stories``), so that a story's inputs are not read again while it and
    its people are as they were. ``people_key`` is the people step's memo key (of which
    every story's people and places, and the people's names, are a function), so that a
    story's people are not read again while it is as it was. The result is the same with
    or without them.
    """
    people = {p.slug: p.name for p in site.people}
    remembered = (memo or {}).get("sources") if fingerprints else None
    by_article = _ArticleMentions(site, known, remembered, fingerprints)
    # Most articles want the timeline: a story is looked at member by member only when one does not.
    unwanted = by_article.unwanted
    dated = [s for s in site.stories if s.event_date and (not unwanted or any(a.source not in unwanted
                                                                              for a in s.articles))]
    own_story = {a.source: a.story_id for a in site.articles if a.story_id}
    # A mention only ever matches an entry of its own year (compatible dates share the
    # year, and a story entry never moves), and ids only collide within one date: so
    # each year is merged, and given ids, on its own, with the same result as one pass.
    stories: defaultdict[int, list[Story]] = defaultdict(list)
    for story in dated:
        stories[story.event_date.date.year].append(story)  # type: ignore[union-attr]
    sources: defaultdict[int, list[str]] = defaultdict(list)  # per year, the sources with mentions of it
    for source in by_article.order:
        for year in by_article.years[source]:
            sources[year].append(source)

    def mentions_of(year: int) -> dict[str, list[Mention]]:
        return {source: [m for m in by_article[source] if m.date.year == year] for source in sources.get(year, ())}

    # Per year: (its merged entries, the year, its stories' parts by story digest), both
    # pickled: a replayed year is never unpickled but for its entries, and its parts are
    # read only when the year is merged again (tens of thousands of small objects each
    # build would otherwise load and store again).
    old_years: dict[bytes, tuple[bytes, int, bytes]] = (memo or {}).get("years", {})
    years: dict[bytes, tuple[bytes, int, bytes]] = {}
    # Per story id, where its print is known (see story_prints): (its print with the people
    # step's key, its print with its people, its digest (see _story_digest)).
    old_seen: dict[str, tuple[bytes | None, bytes, bytes]] = (memo or {}).get("seen", {})
    seen_now: dict[str, tuple[bytes | None, bytes, bytes]] = Flat()  # hashes only: pickled flat
    # Per year: its stories and its entries in timeline order, with where each merged draft went.
    per_year: list[tuple[list[Story], list[TimelineEntry], list[int]]] = []
    reused, prints = by_article.reused, by_article.fingerprints
    for year in sorted(stories.keys() | sources.keys()):
        members = stories.get(year, [])
        if memo is None:
            inputs = [_story_inputs(s, people) for s in members]
            per_year.append((members, *_in_order(_merge_year(members, [i[0] for i in inputs],
                                                             [_story_parts(i) for i in inputs],
                                                             mentions_of(year), own_story))))
            continue
        inputs: dict[int, tuple[str, str, str, str]] = {}  # by place in members, where read
        story_keys = []
        for k, story in enumerate(members):
            # The story's print and its people (the one input the story steps do not make)
            # determine its digest: an unchanged story is not read again. Its people are a
            # function of the people step's key, so while that key is as it was the print
            # and the key alone tell (one short hash; its people are not even looked at).
            printed = None if story_prints is None else story_prints.get(story.id)
            quick = seen = found = None
            if printed is not None:
                old = old_seen.get(story.id)
                if people_key is not None:
                    quick = hashlib.blake2b(printed + people_key, digest_size=16).digest()
                    if old is not None and old[0] == quick:
                        seen, found = old[1], old[2]
                if seen is None:
                    seen = hashlib.blake2b(printed + repr(
                        (story.people, list(map(people.get, story.people)), story.places)
                    ).encode("utf-8", "surrogatepass"), digest_size=16).digest()
                    if old is not None and old[1] == seen:
                        found = old[2]
            if found is None:
                inputs[k] = _story_inputs(story, people)
                found = _story_digest(story, inputs[k])
            if seen is not None:
                seen_now[story.id] = (quick, seen, found)
            story_keys.append(found)
        key = value_digest((year, story_keys,
                       [(source, ("known", prints[source]) if source in reused and source in prints
                         else ("read", value_digest(by_article[source])), own_story.get(source))
                        for source in sorted(sources.get(year, ()))]))
        stored = old_years.get(key)
        if stored is not None:
            rows, order = pickle.loads(stored[0])
            entries = _entries(rows)
        else:
            # A story's parts are a function of its digest, which holds its date: a story
            # kept from last build is found among that year's parts, and not read again.
            old_parts: dict[bytes, _Parts] = {}
            for _, was, parts in old_years.values():
                if was == year:
                    old_parts.update(pickle.loads(parts))
            kept = {d: old_parts[d] if d in old_parts else
                    _story_parts(inputs[k] if k in inputs else _story_inputs(members[k], people))
                    for k, d in enumerate(story_keys)}
            entries, order = _in_order(_merge_year(members, [_entry_title(s) for s in members],
                                                   [kept[d] for d in story_keys], mentions_of(year), own_story))
            stored = (memo_pickle((_entry_rows(entries), order)), year,
                      pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        years[key] = stored
        per_year.append((members, entries, order))
    if memo is not None:
        memo.clear()
        memo["years"] = years
        memo["seen"] = seen_now
        if fingerprints:
            memo["sources"] = by_article.remember()
    if not overrides:
        # Each year's entries are in timeline order, and years are in order.
        return [e for _, entries, _ in per_year for e in entries]
    # The drafts in the order one pass over all years would leave: story entries, then
    # mention entries by year.
    story_drafts: dict[str, _Draft] = {}
    mention_drafts: list[_Draft] = []
    for members, entries, order in per_year:
        merged: list[_Draft] = [None] * len(order)  # type: ignore[list-item]
        for entry, place in zip(entries, order, strict=True):
            merged[place] = _draft_of(entry)
        story_drafts.update((d.story_ids[0], d) for d in merged[: len(members)])
        mention_drafts += merged[len(members) :]
    drafts = apply_overrides([story_drafts[s.id] for s in dated] + mention_drafts, site, overrides)
    _assign_ids([d for d in drafts if not d.id], {d.id for d in drafts if d.id})
    return sorted((_entry_of(d) for d in drafts), key=_timeline_order)


def _entry_of(draft: _Draft) -> TimelineEntry:
    return TimelineEntry(id=draft.id, date=draft.date, title=draft.title, summary=draft.summary,
                         story_ids=list(draft.story_ids), articles=sorted(draft.articles),
                         evidence=list(draft.evidence),
                         kind=draft.kind if draft.kind in _KINDS else "story")  # type: ignore[arg-type]


def _draft_of(entry: TimelineEntry) -> _Draft:
    """A merged draft back from its entry, for the editor's overrides. Its key terms, titles
    and id terms are left empty: merging has cleared the first two, and the third is read
    only to give ids to drafts without one, which every merged draft has."""
    return _Draft(date=entry.date, title=entry.title, summary=entry.summary, kind=entry.kind, terms={},
                  id_terms=[], story_ids=list(entry.story_ids), articles=list(entry.articles),
                  evidence=list(entry.evidence), id=entry.id)


def _timeline_order(entry: TimelineEntry) -> tuple[int, int, int, str]:
    # (year, month or 0, day or 0) orders as the dates do (see _sorted_mentions).
    return (*_date_numbers(entry.date), entry.id)


# A timeline entry's fields, in the constructor's order, its evidence as (quote, article) pairs.
_EntryRow = tuple[str, PartialDate, str, str, list[str], list[str], list[tuple[str, str]], str]


def _entry_rows(entries: list[TimelineEntry]) -> list[_EntryRow]:
    """A year's entries as the memo keeps them: rows of their fields, which load (through
    the constructors) in three quarters of the time the pickled dataclasses took, and
    every replayed year is loaded on every build (3,482 entries of 2,000 posts)."""
    return [(e.id, e.date, e.title, e.summary, e.story_ids, e.articles, [(v.quote, v.article) for v in e.evidence],
             e.kind) for e in entries]


def _entries(rows: list[_EntryRow]) -> list[TimelineEntry]:
    """The entries of :func:`_entry_rows`."""
    return [TimelineEntry(ident, date, title, summary, story_ids, articles,
                          [Evidence(quote, article) for quote, article in evidence], kind)  # type: ignore[arg-type]
            for ident, date, title, summary, story_ids, articles, evidence, kind in rows]


def _in_order(merged: list[_Draft]) -> tuple[list[TimelineEntry], list[int]]:
    """One year's merged drafts as entries in timeline order, and the place each had among the drafts."""
    made = [_entry_of(d) for d in merged]
    order = sorted(range(len(made)), key=lambda k: _timeline_order(made[k]))
    return [made[k] for k in order], order


def _merge_year(stories: list[Story], titles: list[str], parts: list[_Parts],
                mentions: dict[str, list[Mention]], own_story: dict[str, str]) -> list[_Draft]:
    """One year's entries, with ids: its stories' entries in order, then its new mention entries."""
    drafts = [_new_story_draft(s, t, p) for s, t, p in zip(stories, titles, parts, strict=True)]
    merged = merge_mentions(drafts, _sorted_mentions(mentions), own_story)
    _assign_ids(merged)
    for draft in merged:
        # Only merging reads these; dropping them keeps the memo small.
        draft.terms = {}
        draft.titles = {}
    return merged


def _story_digest(story: Story, inputs: tuple[str, str, str, str]) -> bytes:
    """A hash of what a story's entry and its merge read of it: its id, date, members'
    sources and its :func:`_story_inputs` (which hold all it reads of the members' records
    and of the story's title, summary, people and places). Not the members' content
    hashes: an edit that leaves a story's title, lead paragraphs and summary alone (most
    edits of a post's text) does not merge its year again. The repr of strings, numbers
    and lists of them tells them apart exactly, and costs a fraction of a pickle."""
    key = (story.id, _date_key(story), [a.source for a in story.articles], inputs)
    return hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _date_key(story: Story) -> tuple[int, int, int]:
    date = story.event_date.date  # type: ignore[union-attr]
    return date.year, date.month or 0, date.day or 0



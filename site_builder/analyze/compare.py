"""Compares the sources of each story: what most of them report, what only one reports, where they differ.

Method (see docs/entities.md):

1. Each member's body is split into sentences; furniture-like and very short ones are left out.
2. Sentences become TF-IDF vectors over content-word stems, with IDF counted over the
   sentences of every compared story, so words that every sentence shares weigh little.
3. Within one story, sentences of two different members are aligned when each is the
   other's best match and their cosine similarity reaches ``ALIGN_MIN`` (or when the
   similarity alone reaches ``ALIGN_STRONG``). Aligned sentences are joined into facts
   (connected components).
4. A fact that a strict majority of the members report is **agreed**; its text is the
   sentence most similar to the rest of its fact. Sentences of a member that align with
   nothing are its **only in** details, ranked by how many names and figures they hold.
5. Inside each fact, figures with the same unit ("400 Tomahawk cruise missiles" against
   "500 Tomahawk cruise missiles", "$1.7 billion" against "$2 billion") and dates ("July
   28" against "July 27", "on Sunday" against "on Saturday") that differ between members
   become **conflicts**, as do members whose own event dates disagree.

Name and role conflicts come from :mod:`site_builder.analyze.entities`, which runs first.
Sentence alignment only ever compares sentences inside one story, so the cost grows with
the size of stories, not with the square of the corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from site_builder.analyze.features import collector_paused, fork_map
from site_builder.analyze.names import fold, split_sentences
from site_builder.analyze.stopwords import ENGLISH_STOP_WORDS
from site_builder.ingest.patterns import lazy_compile, lowered
from site_builder.model import Article, Comparison, Conflict, Fact, Person, SiteConfig, SiteModel, Story

# Cosine similarity at which two mutually-best sentences count as the same fact. Set from
# the sample and the fixtures: paraphrases of one statement score 0.3–0.8, sentences that
# merely share the story's topic words score under 0.25.
ALIGN_MIN = 0.3
# Similarity at which two sentences are the same fact even if not each other's best match.
ALIGN_STRONG = 0.6
MIN_WORDS = 6  # shorter sentences are headlines, captions or furniture
MAX_AGREED = 12
MAX_ONLY = 5  # details listed per member
MAX_MEMBERS = 40  # members aligned per story; the rest are near-copies in practice
FORK_STORIES = 200  # multi-source stories; fewer are compared faster than a pool starts
IDF_SLICE = 1 << 15  # sentences whose term pairs are sorted at once (about 4 MB of pairs)
ASIDE_STORIES = 200  # multi-source stories that start_comparing compares on another process

_WORD = lazy_compile(r"[a-z0-9][a-z0-9]+(?:[.,][0-9]+)*")
# Page furniture: each phrase (a pattern) with a lower-case text that every match of it holds.
_FURNITURE_PHRASES = {
    "share this": "share this", "leave a comment": "leave a comment", "log-?in": "log", "sign up": "sign up",
    "subscribe": "subscribe", "click here": "click here", "read more": "read more", "back to top": "back to top",
    "all rights reserved": "all rights reserved", "cookies?": "cookie", "newsletter": "newsletter",
}
_FURNITURE = lazy_compile(r"\b(" + "|".join(_FURNITURE_PHRASES) + r")\b", re.I)
_FURNITURE_HELD = tuple(_FURNITURE_PHRASES.values())
_FURNITURE_LOWER = lowered(_FURNITURE)
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "mr", "ms", "mrs", "dr", "also", "would", "could"}


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ed", "ing", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    """The stem of a matched word, or "" for a stop word (a stem is never empty)."""
    return "" if word in _STOP else _stem(word)


# names.fold without its cache: sentences seldom recur, and would only push out the names
# that the entity pass looks up again and again.
_fold_once = getattr(fold, "__wrapped__", fold)


def usable_sentences(article: Article) -> list[str]:
    """The body sentences worth comparing: prose, not page furniture or headings."""
    return [sentence for sentence, _ in _usable(article)]


def _usable(article: Article) -> list[tuple[str, str]]:
    """:func:`usable_sentences`, each with its folded text (which the terms are read from)."""
    furniture = {fold(article.title).strip(), fold(article.dek or "").strip()}
    out = []
    for sentence in split_sentences(article.text):
        folded = _prose(sentence)
        if folded is not None and folded.strip() not in furniture:
            out.append((sentence, folded))
    return out


def _prose(sentence: str) -> str | None:
    """The folded text of a sentence worth comparing in any article; None for furniture and fragments.

    Only the check against the article's own title and dek is left to the caller, so the
    answer holds for every copy of the sentence.
    """
    words = sentence.split()
    if len(words) < MIN_WORDS:
        return None
    if not sentence.rstrip("\"'”’)]").endswith((".", "!", "?", "…", ":")) and len(words) < 12:
        return None
    folded = _fold_once(sentence)
    # On ASCII text the folded form is the lower-cased one, which a case-sensitive
    # search reads faster than a case-insensitive one reads the original, and which
    # needs no search at all without one of the phrases' words.
    if sentence.isascii():
        if _may_be_furniture(folded) and _FURNITURE_LOWER.search(folded):
            return None
    elif _FURNITURE.search(sentence):
        return None
    return folded


def _may_be_furniture(lower: str) -> bool:
    """Whether lower-case text holds what some :data:`_FURNITURE` phrase's every match holds.

    Most sentences hold none, and these substring tests cost a third of the search
    (of every distinct sentence compared: 216,000 on 20,000 raw articles).
    """
    return any(map(lower.__contains__, _FURNITURE_HELD))


class _WordIds(dict[str, int]):
    """Matched word → id of its term (numbered from 1 as first met), or 0 for a stop word.

    A dict that fills itself, so a sentence's words are looked up by ``map`` and the stop
    words dropped by ``filter(None, …)``, all in C; each distinct word is stemmed once per run.
    """

    def __init__(self) -> None:
        super().__init__()
        self.term_ids: dict[str, int] = {"": 0}

    def __missing__(self, word: str) -> int:
        term = _term(word)
        ident = self.term_ids.setdefault(term, len(self.term_ids))
        self[word] = ident
        return ident


class _Reader:
    """Reads the usable sentences of stories, doing each distinct sentence's work once.

    Wire copies repeat whole paragraphs (on the raw bench corpora half of the compared
    sentences are copies), and a sentence's folded text and terms do not depend on the
    article it is in; only the title and dek check does, and it stays per article.
    """

    def __init__(self, headings: Collection[str] | None = None) -> None:
        self.word_ids = _WordIds()
        # sentence → (the sentence, its stripped folded text, its term ids in order), None when
        # not prose. The sentence itself, so that every copy shares one string; the folded text
        # only where it is one of ``headings`` (None otherwise), if given: it is read only to
        # be checked against a member's title and dek, and all of them are 40 MB on 20,000
        # raw articles. Lists rather than arrays: one conversion per story is cheaper than one
        # per sentence.
        self.seen: dict[str, tuple[str, str | None, list[int]] | None] = {}
        self._headings = headings

    @property
    def width(self) -> int:
        """How many term ids there are (id 0 is no term)."""
        return len(self.word_ids.term_ids)

    def _read(self, sentence: str) -> tuple[str, str | None, list[int]] | None:
        folded = _prose(sentence)
        if folded is None:
            return None
        terms = list(filter(None, map(self.word_ids.__getitem__, _WORD.findall(folded))))
        folded = folded.strip()
        headings = self._headings
        return sentence, folded if headings is None or folded in headings else None, terms

    def story(self, members: Sequence[Article | Member]) -> list[_Sentence]:
        """The story's sentences that have terms; ``position`` counts every usable sentence of a member."""
        seen = self.seen
        sentences = []
        for m_index, article in enumerate(members):
            furniture = _headings(article)
            position = 0
            for text in split_sentences(article.text):
                read = seen[text] if text in seen else seen.setdefault(text, self._read(text))
                if read is None or read[1] in furniture:
                    continue
                if read[2]:
                    sentences.append(_Sentence(m_index, position, read[0], read[2]))
                position += 1
        return sentences


def _headings(article: Article | Member) -> set[str | None]:
    """A member's folded title and dek: its sentences that read the same are furniture.

    ``None`` is never one (see :attr:`_Reader.seen`).
    """
    return {fold(article.title).strip(), fold(article.dek or "").strip()}


class _Sentence(NamedTuple):
    """One usable sentence of a story member.

    A tuple rather than a dataclass: smaller, and it pickles about seven times faster
    should sentences ever travel between processes.
    """

    member: int
    position: int
    text: str
    terms: list[int]  # term ids (see :class:`_Reader`), in order, repeats kept


class Member(NamedTuple):
    """What the comparison reads of a story member: sent to another process instead of the article.

    An :class:`Article` has the same fields, and ``text`` made the same way, so the
    comparison in process reads the articles themselves.
    """

    source: str
    title: str
    dek: str | None
    body: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


def compare_stories(site: SiteModel, people: list[Person] | None = None, config: SiteConfig | None = None) -> None:
    """Fill ``Story.comparison`` (agreed, only_in, number and date conflicts) for every story."""
    del people, config  # names and roles are compared by the entity pass
    plans = _plans(site)
    if plans:
        _apply_all(plans, comparisons([members for _, members in plans]))


class Comparing:
    """A comparison under way (see :func:`start_comparing`)."""

    def __init__(self, plans: list[tuple[Story, list[Article]]], result: Callable[[], list[Comparison]] | None,
                 cancel: Callable[[], None] | None = None) -> None:
        self._plans = plans
        self._result = result
        self._cancel = cancel

    def finish(self) -> None:
        """Waits for the results (or makes them) and applies them; an error of the other process is raised here."""
        result, self._result, self._cancel = self._result, None, None
        if result is not None and self._plans:
            _apply_all(self._plans, result())

    def cancel(self) -> None:
        """Drops a comparison not finished (for a caller that fails before it can wait)."""
        cancel, self._result, self._cancel = self._cancel, None, None
        if cancel is not None:
            cancel()


def start_comparing(site: SiteModel) -> Comparing:
    """:func:`compare_stories`, on another process for big corpora: the caller goes on with
    steps that read no comparison and touch nothing it reads (the members' sources, titles,
    deks, bodies and event dates, and the stories' members and canonical ones), then calls
    :meth:`Comparing.finish`, which applies the results exactly where :func:`compare_stories`
    would have put them (after the conflicts already there).

    The other process is started afresh (see :mod:`~site_builder.analyze.compare_process`):
    it inherits none of this process's heap, which on a big corpus is too big to fork, and
    is sent only the members' fields it reads. Small inputs, a process that cannot be
    started, or one that would not fit in the memory limit beside this one (see
    ``features.room_for_child``) are compared here, when :meth:`Comparing.finish` is called.
    """
    plans = _plans(site)
    if len(plans) >= ASIDE_STORIES:
        from site_builder.analyze import compare_process  # only big corpora start one

        chars = sum(len(paragraph) for _, members in plans for a in members for paragraph in a.body)
        aside = None if not compare_process.fits(chars) else compare_process.start(
            [[(a.source, a.title, a.dek, a.body) for a in members] for _, members in plans])
        if aside is not None:
            return Comparing(plans, aside.result, aside.cancel)
    return Comparing(plans, lambda: comparisons([members for _, members in plans]))


def _plans(site: SiteModel) -> list[tuple[Story, list[Article]]]:
    """The stories to compare, each with its members in comparison order.

    A story of one article (most of them) compares nothing: its members are not even sorted.
    """
    return [(story, _members(story)) for story in site.stories if len(story.articles) >= 2]


def _apply_all(plans: list[tuple[Story, list[Article]]], results: list[Comparison]) -> None:
    for (story, members), result in zip(plans, results, strict=True):
        _apply(story, members, result)


def comparisons(stories: Sequence[Sequence[Article | Member]], workers: bool = True,
                release: bool = False) -> list[Comparison]:
    """The comparison of each story's members (each in comparison order, two or more), in order;
    on forked workers for many stories, unless ``workers`` is false.

    ``release`` empties ``stories`` (a list then) as it reads them, and lets each story's
    sentences go once compared: for a process that holds nothing else (see
    :mod:`~site_builder.analyze.compare_process`), whose peak memory it halves.
    """
    if not stories:
        return []
    with collector_paused():  # many small acyclic objects
        # Read here, not on forked workers: sending the sentences back cost more CPU than it
        # spread (raw articles, 2,000: 0.85 s serial, 1.8 s forked; 20,000: 11.7 s, 14.7 s)
        # and no wall time was saved; the comparison pool below inherits them instead.
        reader = _Reader({heading for members in stories for member in members for heading in _headings(member)})
        read = []
        sources = []
        for k, members in enumerate(stories):
            read.append(reader.story(members))
            sources.append([member.source for member in members])
            if release:
                stories[k] = ()  # type: ignore[index]
        idf = _idf(read, reader.width)
        del reader  # every distinct sentence's entry: not read again
        # Imported here: it imports ctypes and platform (10 ms), and most stories have one member.
        from threadpoolctl import threadpool_limits

        # The matrices are small: BLAS threads would only fight each other (and other stages).
        with threadpool_limits(1):
            if release:
                out = []
                for k, story_sources in enumerate(sources):
                    sentences, read[k] = read[k], []
                    out.append(compare_members(story_sources, sentences, idf))
                return out
            # Each story's comparison is pure, so big corpora spread them over forked workers.
            return fork_map(lambda plan: compare_members(plan[0], plan[1], idf), list(zip(sources, read, strict=True)),
                            min_items=FORK_STORIES if workers else len(read) + 1)


def _idf(read: list[list[_Sentence]], width: int) -> np.ndarray:
    """Inverse sentence frequency of each term id over all compared sentences."""
    total = sum(map(len, read))
    sentences = [sentence for story in read for sentence in story]
    if not sentences:
        return np.zeros(width)
    # Distinct (sentence, term) pairs, counted per term: one sort instead of a set per sentence.
    # By slices of sentences: the arrays of all 7 million terms of 20,000 raw articles at
    # once took 190 MB more at the peak (a sentence's pairs are all in its slice).
    df = np.zeros(width, dtype=np.intp)
    for lo in range(0, len(sentences), IDF_SLICE):
        part = sentences[lo : lo + IDF_SLICE]
        ids = np.fromiter(chain.from_iterable(sentence.terms for sentence in part), dtype=np.intp)
        rows = np.repeat(np.arange(len(part), dtype=np.intp), [len(sentence.terms) for sentence in part])
        pairs = np.sort(rows * width + ids)  # (np.unique without its index arrays is far slower)
        distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        df += np.bincount(distinct % width, minlength=width)
    # math.log, as the per-term formula has always been computed: numpy's log may round differently.
    return np.array([math.log((1 + total) / (1 + count)) + 1.0 for count in df.tolist()])


def _apply(story: Story, members: list[Article], result: Comparison) -> None:
    story.comparison.agreed = result.agreed
    story.comparison.only_in = result.only_in
    story.comparison.conflicts.extend(result.conflicts)
    story.comparison.conflicts.extend(_event_date_conflicts(members))


def _members(story: Story) -> list[Article]:
    """Members in a stable order with the canonical one first; capped for huge stories."""
    members = sorted(story.articles, key=lambda a: (a.source != story.canonical, a.source))
    return members[:MAX_MEMBERS]


def _matrix(sentences: list[_Sentence], idf: np.ndarray) -> np.ndarray:
    """Cosine similarities between the story's sentences (TF-IDF, sublinear term frequency).

    Columns are the story's own terms only, so the cost follows the story's size and not
    the corpus vocabulary.
    """
    # Columns in order of first appearance. Each (sentence, term) cell that occurs is
    # counted by one sort and written once, with the same two float operations as
    # ``(1 + math.log(count)) * idf[term]`` (logs from math.log through a small table), so
    # the matrix is bit-for-bit what a cell-by-cell loop writes; the cells that do not
    # occur (nearly all of a story's matrix) are never read or computed.
    ids = np.fromiter(chain.from_iterable(sentence.terms for sentence in sentences), dtype=np.intp)
    terms, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order), dtype=np.intp)
    width = max(1, len(terms))
    n = len(sentences)
    rows = np.repeat(np.arange(n, dtype=np.intp), [len(sentence.terms) for sentence in sentences])
    cells, counts = np.unique(rows * width + rank[inverse], return_counts=True)
    weight = np.array([0.0] + [1 + math.log(c) for c in range(1, int(counts.max()) + 1)])
    column_idf = idf[terms[order]] if len(terms) else np.zeros(1)
    matrix = np.zeros(n * width)
    matrix[cells] = weight[counts] * column_idf[cells % width]
    matrix = matrix.reshape(n, width)
    # The norms and the division stay dense: a row's sum in another order could round differently.
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    return matrix @ matrix.T


def compare_members(sources: list[str], sentences: list[_Sentence], idf: np.ndarray) -> Comparison:
    """The comparison of one story's members, given by their sources (all it reads of them):
    ``sentences`` belong to them by index, ``idf`` is by term id."""
    result = Comparison()
    if len(sources) < 2 or not sentences:
        return result
    sims = _matrix(sentences, idf)
    member_ids = sorted({sentence.member for sentence in sentences})
    member_of = np.array([sentence.member for sentence in sentences])
    groups, aligned = _facts(sims, member_of, member_ids)

    needed = max(2, len(sources) // 2 + 1)
    counts = _fact_counts(groups, sentences, member_of)
    agreed: list[tuple[tuple[int, int], list[int], list[int]]] = []
    # Every fact joins sentences of two members or more (alignment only pairs different
    # members), so each is checked for conflicts, and is agreed when enough members report it.
    for group, (members_in, may_conflict) in zip(groups, counts, strict=True):
        if may_conflict:
            result.conflicts.extend(_figure_conflicts(group, sentences, sources))
        if members_in >= needed:
            first = min((sentences[k].member, sentences[k].position) for k in group)
            agreed.append((first, group, sorted({sentences[k].member for k in group})))
    # Only the facts that make the cut need their clearest sentence: ranking ignores the text.
    agreed.sort(key=lambda item: (-len(item[2]), item[0]))
    result.agreed = [Fact(text=sentences[_clearest(group, sims, sentences)].text,
                          sources=[sources[m] for m in group_members])
                     for _, group, group_members in sorted(agreed[:MAX_AGREED], key=lambda item: item[0])]

    by_member: dict[int, list[int]] = defaultdict(list)
    for k in np.flatnonzero(~aligned).tolist():
        by_member[sentences[k].member].append(k)
    for member in member_ids:
        lonely = by_member[member]
        ranked = sorted(lonely, key=lambda k: (-_informative(sentences[k].text), sentences[k].position))[:MAX_ONLY]
        if ranked:
            result.only_in[sources[member]] = [sentences[k].text for k in sorted(ranked)]
    result.conflicts = _merge_conflicts(result.conflicts)
    return result


def _fact_counts(groups: list[list[int]], sentences: list[_Sentence],
                 member_of: np.ndarray) -> list[tuple[int, bool]]:
    """Per fact, how many members report it and whether it may hold a figure or date conflict.

    Counted for all facts at once: most facts are one wire sentence and its copies, with
    neither two different texts holding digits (which a number conflict needs, as a
    sentence counts one value per unit) nor two sentences naming dates, and a call per
    fact to rule that out cost more than the conflicts found.
    """
    if not groups:
        return []
    flat = [k for group in groups for k in group]
    index = np.array(flat, dtype=np.intp)
    fact = np.repeat(np.arange(len(groups), dtype=np.intp), [len(group) for group in groups])
    texts = [sentences[k].text for k in flat]
    text_ids: dict[str, int] = {}
    text_id = np.array([text_ids.setdefault(text, len(text_ids)) for text in texts], dtype=np.intp)
    # Read once per distinct text (ids number them in this order): most facts are copies.
    digit = np.array([_DIGIT.search(text) is not None for text in text_ids], dtype=bool)[text_id]
    dated = np.array([bool(_dates(text)) for text in text_ids], dtype=bool)[text_id]

    def distinct_per_fact(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
        width = int(values.max()) + 1
        pairs = np.sort(fact[keep] * width + values[keep])
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        return np.bincount(pairs // width, minlength=len(groups))

    everything = np.ones(len(index), dtype=bool)
    members_in = distinct_per_fact(member_of[index], everything)
    may_conflict = (distinct_per_fact(text_id, digit) >= 2) | (np.bincount(fact[dated], minlength=len(groups)) >= 2)
    return list(zip(members_in.tolist(), may_conflict.tolist(), strict=True))


def _facts(sims: np.ndarray, member_of: np.ndarray, member_ids: list[int]) -> tuple[list[list[int]], np.ndarray]:
    """Aligned sentences joined into facts, and which sentences align with any other.

    Sentence ``r`` of member ``a`` and ``c`` of a later member ``b`` align when their
    similarity reaches ``ALIGN_STRONG``, or reaches ``ALIGN_MIN`` with ``c`` the first
    best match of ``r`` among ``b``'s sentences and ``r`` the first best of ``c`` among
    ``a``'s (read down the column, as the pair's block was). Best matches are found once
    per member, for all sentences at once, rather than once per pair of members, which
    is quadratic in the members of big stories. Facts are the connected components with
    two sentences or more, each in ascending order, ordered by their first sentence.
    """
    n = len(member_of)
    slot = np.searchsorted(member_ids, member_of)
    everyone = np.arange(n)
    best_col = np.empty((n, len(member_ids)), dtype=np.intp)  # per sentence, its best match in each member
    best_row = np.empty((n, len(member_ids)), dtype=np.intp)  # the same down the columns
    # A story lists each member's sentences together (see _Reader.story): each member's
    # block is then a slice, read in place rather than copied out by index.
    runs = len(member_of) == 0 or bool(np.all(member_of[1:] >= member_of[:-1]))
    starts = np.searchsorted(member_of, member_ids) if runs else None
    for j, member in enumerate(member_ids):
        if starts is not None:
            lo = int(starts[j])
            hi = int(starts[j + 1]) if j + 1 < len(member_ids) else n
            # argmax keeps the first best, as it did on the columns picked by index.
            best_col[:, j] = sims[:, lo:hi].argmax(axis=1) + lo
            best_row[:, j] = sims[lo:hi, :].argmax(axis=0) + lo
            continue
        own = np.flatnonzero(member_of == member)  # ascending, so argmax keeps the first best as before
        best_col[:, j] = own[sims[:, own].argmax(axis=1)]
        best_row[:, j] = own[sims[own, :].argmax(axis=0)]
    later = slot[:, None] < np.arange(len(member_ids))[None, :]
    value = sims[everyone[:, None], best_col]
    mutual = best_row[best_col, slot[:, None]] == everyone[:, None]
    r, j = np.nonzero(later & (value >= ALIGN_MIN) & mutual)
    strong_r, strong_c = np.nonzero((slot[:, None] < slot[None, :]) & (sims >= ALIGN_STRONG))
    src = np.concatenate([r, strong_r])
    dst = np.concatenate([best_col[r, j], strong_c])
    # Connected components by propagating the lowest sentence index along the edges (with
    # pointer jumping): a few vectorised rounds, as facts are small and shallow.
    labels = everyone
    while len(src):
        low = np.minimum(labels[src], labels[dst])
        lowered = labels.copy()
        np.minimum.at(lowered, src, low)
        np.minimum.at(lowered, dst, low)
        lowered = lowered[lowered]
        if np.array_equal(lowered, labels):
            break
        labels = lowered
    sizes = np.bincount(labels, minlength=n)
    aligned = sizes[labels] >= 2
    # Each fact is labelled by its first sentence, so ascending labels order the facts.
    order = np.argsort(labels, kind="stable").tolist()
    groups = []
    start = 0
    for size in sizes[sizes > 0].tolist():
        if size >= 2:
            groups.append(order[start : start + size])
        start += size
    return groups, aligned


def _clearest(group: list[int], sims: np.ndarray, sentences: list[_Sentence]) -> int:
    """The sentence closest to the rest of its fact; ties go to the canonical member, then shorter text."""
    def score(k: int) -> tuple[float, int, int]:
        others = [sims[k, j] for j in group if j != k]
        return (-(sum(others) / len(others)), sentences[k].member, len(sentences[k].text))
    return min(group, key=score)


def _informative(text: str) -> float:
    words = text.split()
    names = sum(1 for w in words[1:] if w[:1].isupper())
    figures = len(_DIGITS.findall(text))  # runs of digits; none without a digit
    return names + 2 * figures + min(len(words), 40) / 20


# --- figures and dates ------------------------------------------------------------------------

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_MONTH_RE = (r"january|february|march|april|may|june|july|august|september|october|november|december"
             r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_FIGURE = lazy_compile(
    r"(?<![\w.+])(?P<cur>[$€£¥]|US\$)?\s?(?P<num>\d{1,3}(?:(?:,| )\d{3})+(?!\d)|\d+(?:\.\d+)?)(?![\d+])"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?:\s?(?P<pct>%|percent|per cent))?",
    re.I,
)
_AFTER_MONTH = lazy_compile(rf"\b(?:{_MONTH_RE})\.?\s*$", re.I)
_DIGIT = lazy_compile(r"\d")
_DIGITS = lazy_compile(r"\d+")
_UNIT_WORD = lazy_compile(r"[A-Za-z][A-Za-z'’-]*")
_UNIT_STOP = frozenset(ENGLISH_STOP_WORDS) | {"per", "cent", "percent"}
_DAY_DATE = lazy_compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b", re.I)
# Searched in lower-cased text: one pass instead of a substring search per abbreviation.
_MONTH_START = lazy_compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_WEEKDAY = lazy_compile(
    r"\b(?:on|last|this past)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # key: "$", "%", or the stem of the counted noun
    label: str  # what is counted, as written: "Tomahawk cruise missiles"
    text: str  # the figure as written: "400 Tomahawk cruise missiles"


@lru_cache(maxsize=1 << 14)
def find_figures(sentence: str) -> tuple[Figure, ...]:
    """Numbers with what they count ("400 Tomahawk cruise missiles", "$1.7 billion", "12%")."""
    return tuple(_figures(sentence))


def _figures(sentence: str) -> list[Figure]:
    out: list[Figure] = []
    if not _DIGIT.search(sentence):
        return out
    for m in _figure_matches(sentence):
        raw = m.group("num")
        if _AFTER_MONTH.search(sentence[max(0, m.start() - 12) : m.start()]):
            continue  # "July 28" is a date
        if sentence[m.end() : m.end() + 1].isalpha():
            continue  # "28th", "F35": not a quantity
        value = float(re.sub(r"[, ]", "", raw))
        scale = (m.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1.0)
        cur = m.group("cur") or ""
        if m.group("pct"):
            out.append(Figure(value, "%", "per cent", m.group().strip()))
            continue
        if cur:
            out.append(Figure(value, cur.upper().replace("US$", "$"), "amount", m.group().strip()))
            continue
        if not scale and 1900 <= value <= 2100 and "," not in raw and " " not in raw:
            continue  # a year
        label_words = []
        for w in _UNIT_WORD.finditer(sentence, m.end()):
            gap = sentence[m.end() if not label_words else label_words[-1].end() : w.start()]
            if gap.strip() or w.group().lower() in _UNIT_STOP or len(label_words) == 3:
                break
            label_words.append(w)
        if not label_words:
            continue
        # What is counted is the first plural noun ("polling stations open" → stations).
        plural = next((k for k, w in enumerate(label_words) if _singular(w.group().lower()) != w.group().lower()),
                      len(label_words) - 1)
        label_words = label_words[: plural + 1]
        label = " ".join(w.group() for w in label_words)
        unit = _singular(label_words[-1].group().lower())
        out.append(Figure(value, unit, label, f"{m.group().strip()} {label}"))
    return out


def _figure_matches(sentence: str) -> Iterator[re.Match[str]]:
    """``_FIGURE.finditer(sentence)``, without trying the pattern at every character.

    A figure starts at most four characters (a currency, "US$", one space) before its
    first digit, so each search starts that far before the next digit: no match can
    begin earlier, and the one found is the one ``finditer`` would find.
    """
    pos = 0
    while (digit := _DIGIT.search(sentence, pos)) is not None:
        m = _FIGURE.search(sentence, max(pos, digit.start() - 4))
        if m is None:
            return
        yield m
        pos = m.end()


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 14)
def _dates(sentence: str) -> tuple[tuple[str, str], ...]:
    """Day dates and weekdays a sentence names, as (kind, "key|as written"); wire copies repeat sentences."""
    out = []
    lower = sentence.lower()
    # Every month name starts with one of the twelve abbreviations; in ASCII text, which
    # has no letters that only match under case folding, a sentence without any has no date.
    if _DIGIT.search(sentence) and (not sentence.isascii() or _MONTH_START.search(lower)):
        out = [("day", f"{m.group('month')[:3].lower()} {int(m.group('day'))}|{m.group()}")
               for m in _DAY_DATE.finditer(sentence)]
    if "day" in lower:
        out += [("weekday", f"{m.group('weekday').lower()}|{m.group('weekday')}")
                for m in _WEEKDAY.finditer(sentence)]
    return tuple(out)


def _figure_conflicts(group: list[int], sentences: list[_Sentence], sources: list[str]) -> list[Conflict]:
    """Figures of one unit, or dates, that differ between members reporting the same fact."""
    conflicts: list[Conflict] = []
    # Either conflict needs two sentences that hold figures, or two that hold dates; most
    # facts have neither, and are done with here.
    # A number conflict needs two values of one unit, and a sentence counts at most one
    # value per unit, so it needs two different texts with digits: most facts are one
    # wire sentence and its copies, whose figures need not be read at all.
    if sum(1 for text in {sentences[k].text for k in group} if _DIGIT.search(text)) >= 2:
        with_figures = [(k, figures) for k in group if (figures := find_figures(sentences[k].text))]
        if len(with_figures) >= 2:
            conflicts.extend(_number_conflicts(with_figures, sentences, sources))
    with_dates = [(k, dates) for k in group if (dates := _dates(sentences[k].text))]
    if len(with_dates) < 2:
        return conflicts
    for kind in ("day", "weekday"):
        found: dict[str, set[int]] = defaultdict(set)
        shown: dict[str, str] = {}
        for k, dates in with_dates:
            for what, value in dates:
                if what == kind:
                    key, text = value.split("|", 1)
                    found[key].add(sentences[k].member)
                    shown.setdefault(key, text)
        if len(found) >= 2 and len(set().union(*found.values())) >= 2:
            variants = {shown[key]: sorted(sources[m] for m in found[key]) for key in sorted(found)}
            conflicts.append(Conflict(kind="date", subject="date of the event" if kind == "day" else "day of the week",
                                      variants=variants, note="Sources reporting the same fact give different dates."))
    return conflicts


def _number_conflicts(with_figures: list[tuple[int, tuple[Figure, ...]]], sentences: list[_Sentence],
                      sources: list[str]) -> list[Conflict]:
    conflicts = []
    by_unit: dict[str, dict[float, dict[str, set[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for k, figures in with_figures:
        sentence = sentences[k]
        units = Counter(f.unit for f in figures)
        for figure in figures:
            if units[figure.unit] > 1:
                continue  # two amounts of one unit in a sentence: cannot tell which matches which
            by_unit[figure.unit][figure.value][figure.text].add(sentence.member)
            labels[figure.unit][figure.label] += 1
    for unit, values in by_unit.items():
        if len(values) < 2:
            continue
        members_by_value = {v: set().union(*texts.values()) for v, texts in values.items()}
        if len(set().union(*members_by_value.values())) < 2:
            continue
        variants: dict[str, list[str]] = {}
        for value in sorted(values):
            text = max(values[value], key=lambda t: (len(values[value][t]), len(t)))
            variants[text] = sorted(sources[m] for m in members_by_value[value])
        subject = labels[unit].most_common(1)[0][0]
        conflicts.append(Conflict(kind="number", subject=subject, variants=variants,
                                  note="Sources reporting the same fact give different figures."))
    return conflicts


def _merge_conflicts(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per kind and set of variants, even when several facts repeat it."""
    out: dict[tuple[str, str, tuple[str, ...]], Conflict] = {}
    for conflict in conflicts:
        key = (conflict.kind, conflict.subject, tuple(sorted(conflict.variants)))
        if key in out:
            for variant, srcs in conflict.variants.items():
                out[key].variants[variant] = sorted(set(out[key].variants[variant]) | set(srcs))
        else:
            out[key] = conflict
    return list(out.values())


def _event_date_conflicts(members: list[Article]) -> list[Conflict]:
    """Members whose own event dates (from their text, not from the story) disagree."""
    dates: dict[str, list[str]] = defaultdict(list)
    for article in members:
        value = article.event_date
        if value is None or value.source == "story" or value.date.precision != "day":
            continue
        dates[value.date.iso()].append(article.source)
    if len(dates) < 2:
        return []
    return [Conflict(kind="date", subject="event date", variants={d: sorted(s) for d, s in sorted(dates.items())},
                     note="Members date the event differently.")]

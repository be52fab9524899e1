"""A story's headline, extractive summary and canonical member.

All three compare text against the story's centroid: the mean TF-IDF vector of its
members (IDF over the whole corpus, so words every story shares count little, rounded to
a multiple of :data:`IDF_STEP` so that an edit need not summarise again every story that
shares a word with it).

* Title: the member headline closest to the centroid; previews and headlines that
  ingest had to invent from a file name are discounted.
* Summary: sentences picked by maximal marginal relevance (close to the centroid,
  far from the sentences already picked), then shown in reading order.
* Canonical: the fullest, most original report: not a preview, longest, then
  earliest published.

TF-IDF is computed here with numpy instead of scikit-learn's ``TfidfVectorizer``:
importing ``sklearn.feature_extraction.text`` takes about 1.5 s per process (it pulls
in scipy.stats; without it ``import site_builder.analyze`` went from 2.7 s to 1.0 s
wall, 2.0 s to 0.7 s CPU), twice the whole one-file-rebuild budget; and calling
``transform`` once per story spent most of the summariser's time (about 6 s CPU on
2,000 posts) in input validation and sparse indexing. The arithmetic is that of
``TfidfVectorizer(analyzer=identity, sublinear_tf=True)`` step for step (columns in
sorted term order, tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, rows scaled
to unit length with the squares added in the vectorizer's order), and the centroid
repeats scipy's operation order, so that with ``idf_step=0`` titles and summaries come
out bit for bit as the vectorizer and scipy made them. Builds round the IDF to the
nearest multiple of :data:`IDF_STEP` (1/32), which changes about one summary in a
hundred (0.4–1.2 % of the sentences on the benchmark corpora, no title) and lets an edit
that adds common words to one article re-summarise a few dozen stories on average instead
of the thousand or more that hold one of those words. Terms are counted by their exact
strings, not with ``features.term_ids`` and ``cluster``'s float32 count matrix: a CRC
collision would merge two words, and both the column order and float64 are part of
getting the same bits.

Every article, headline and candidate sentence is vectorised once, a few thousand at a
time rather than per story; each story then works on slices of those rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice, repeat
from typing import NamedTuple, TypeVar

import numpy as np

from site_builder.analyze.features import (
    article_text,
    content_stems,
    fork_map,
    is_headline_case,
    split_sentences,
    text_words,
)
from site_builder.model import Article

PREVIEW_DISCOUNT = 0.8  # a preview's headline names what was expected, not what happened
MMR_LAMBDA = 0.5  # relevance against redundancy: copies of one event repeat their lede a lot
NEAR_REPEAT = 0.6  # a sentence this close to one already picked says the same thing
MIN_WORDS, MAX_WORDS = 8, 60  # shorter lines are furniture or fragments; longer ones run-ons


# "BERLIN —", "MILLBROOK, Ohio (Wire) —": where the wire filed from, not part of the sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s*[A-Z][A-Za-z.]+)?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+")

# IDF is rounded to a multiple of this (a power of two, so every multiple is exact). An
# edit moves the document frequency of each stem it adds to or drops from an article by
# one, which moves that stem's IDF by about 1 / df: unrounded, every story with a member
# holding the stem (for a common one, most stories) must be summarised again; rounded, the
# IDF lands on another multiple for about one such edit in df × step, and then every story
# holding the stem is, so on average an edit re-summarises about 1 / step (32) stories per
# common stem it adds or drops. The run.py benchmark's edit (two common stems, each
# missing from about a third of the articles) re-summarises 20–30 of 2,000 stories on
# average (most edits one, a few 1,200; ``bench/bench_summ.py``), against 740–780
# unrounded; halving the step doubles that, doubling it about doubles how many summaries
# differ from unrounded IDF's. A weight moves by at most step / 2: 1.6 % of the lowest IDF, 1.
IDF_STEP = 1 / 32

BATCH = 4000  # articles (or sentences) handled in one pass: bounds memory on big corpora

T = TypeVar("T")
_EMPTY_COLS = np.zeros(0, dtype=np.int64)
_EMPTY_VALS = np.zeros(0, dtype=np.float64)


class Rows(NamedTuple):
    """Sparse rows as CSR arrays: row i is ``cols[indptr[i]:indptr[i + 1]]``, ``vals`` alike."""

    indptr: np.ndarray
    cols: np.ndarray
    vals: np.ndarray

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.cols[lo:hi], self.vals[lo:hi]


class Centre(NamedTuple):
    """A story centroid: its non-zero columns in ascending order and their values."""

    cols: np.ndarray
    vals: np.ndarray

    def at(self, cols: np.ndarray) -> np.ndarray:
        """The centroid's values in ``cols`` (sorted), zero where it has none."""
        out = np.zeros(len(cols))
        if len(self.cols) and len(cols):
            pos = np.minimum(np.searchsorted(self.cols, cols), len(self.cols) - 1)
            hit = self.cols[pos] == cols
            out[hit] = self.vals[pos[hit]]
        return out


class Candidate(NamedTuple):
    """A sentence that may go in a summary."""

    key: str  # its content stems joined by spaces: sentences with the same key say the same thing
    text: str  # as shown: without the dateline
    dateline: bool  # whether a dateline was cut off (then ``text`` has stems of its own)
    paragraph: int = -1  # the index in the article's body of the paragraph it is from

    def stems(self) -> list[str]:
        """What is vectorised: the stems of ``text``."""
        return content_stems(self.text) if self.dateline else self.key.split()


class Sentences(NamedTuple):
    """Candidate sentences of some articles and their TF-IDF rows."""

    rows: Rows
    # source → its candidates' keys (which sentences say the same thing), texts, and the row of the first
    of: dict[str, tuple[list[bytes], list[str], int]]


class Digest(NamedTuple):
    """What the summariser reads from one article, packed small.

    A build makes it on the parse workers and caches it with the article's record (see
    ``analyze.prepare``), so an edit rebuild reads no unchanged article again; and it is
    held for every article at once, so it is a few flat values rather than lists of
    strings (held as Python objects, every article's sentences took peak memory at 20,000
    articles from 1.4 to 2.7 GB). Stems are numbered within the article, by ``vocab``.
    """

    vocab: str  # distinct stems, space-separated: the text's in order of first appearance, then any others
    ints: bytes  # int16 values (int32 if ``wide``), laid out as :func:`digest` writes and :class:`_Unpacked` reads
    texts: str  # the candidate sentences not found verbatim in the body, end to end (the rest are cut from it)
    wide: bool = False


class _Unpacked:
    """A :class:`Digest`'s ints: the counts of the text's stems, the headline's stems, and per
    candidate sentence the stems that are vectorised, its key's stems, its text's length and
    where in the body the text is (paragraph and offset; paragraph -1: in ``texts``)."""

    __slots__ = ("counts", "key_ids", "key_lengths", "n_text", "n_vocab", "paragraphs", "starts", "text_lengths",
                 "title", "vector_ids", "vector_lengths")

    def __init__(self, found: Digest) -> None:
        values = np.frombuffer(found.ints, dtype=np.int32 if found.wide else np.int16)
        self.n_text, self.n_vocab, n_title, n_cands = values[:4].tolist()
        at = 4
        parts = []
        for size in (self.n_text, n_title, n_cands, n_cands, n_cands, n_cands, n_cands):
            parts.append(values[at : at + size])
            at += size
        (self.counts, self.title, self.vector_lengths, self.key_lengths, self.text_lengths, self.paragraphs,
         self.starts) = parts
        n_vector = int(self.vector_lengths.sum())
        self.vector_ids = values[at : at + n_vector]
        self.key_ids = values[at + n_vector :]  # only of sentences whose key differs (key length ≥ 0)


def sequential_row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Each row's sum, added left to right as a plain C loop does.

    ``np.add.reduceat`` and ``np.sum`` add in pairs, which rounds differently; the
    vectorizer's row norms were summed left to right.
    """
    lengths = np.diff(indptr)
    sums = np.zeros(len(lengths))
    if not len(values):
        return sums
    longest_first = np.argsort(-lengths, kind="stable")
    starts = indptr[:-1][longest_first]
    ascending = lengths[longest_first][::-1]
    acc = np.zeros(len(lengths))
    # Column k of every row at once; the rows still that long are a prefix of longest_first.
    for k in range(int(ascending[-1])):
        live = len(ascending) - int(np.searchsorted(ascending, k, side="right"))
        acc[:live] += values[starts[:live] + k]
    sums[longest_first] = acc
    return sums


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` of a 1-d array: its distinct values in
    ascending order, and where each value is among them.

    The same sort, without np.unique's wrappers and checks: a story's few hundred ids
    took it 30-60 µs, this 12-25 µs, once or twice per story. (Asked for the inverse,
    np.unique sorts too; without, numpy 2.4 hashes, 3× slower on a few hundred ids.)
    """
    order = values.argsort()
    ordered = values[order]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(ordered), dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def sequential_sum(values: np.ndarray) -> float:
    """Left-to-right sum: scipy's sparse products add this way."""
    return float(np.cumsum(values)[-1]) if len(values) else 0.0


def candidates(article: Article) -> list[Candidate]:
    """The article's sentences that a summary may use, in reading order.

    8–60 words, not the headline, not in headline case, not a question; sentences that
    repeat an earlier one of the same story are dropped later, per story.
    """
    title = article.title.strip().lower()
    ordinary: set[str] | None = None
    out: list[Candidate] = []
    for p, para in enumerate(article.body):
        for sentence in split_sentences(para):
            if not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS or sentence.endswith("?"):
                continue
            # Lower-casing ASCII keeps the length: only a sentence as long as the headline is lowered.
            if (len(sentence) == len(title) or not sentence.isascii()) and sentence.lower() == title:
                continue
            if ordinary is None:
                ordinary = text_words(article_text(article)).lower_words
            if is_headline_case(sentence, ordinary):
                continue
            text = _DATELINE.sub("", sentence, count=1)
            out.append(Candidate(" ".join(content_stems(sentence)), text, text != sentence, p))
    return out


def digest(article: Article) -> Digest:
    """The article's text stems with their counts, its headline's stems and its candidate
    sentences (:func:`candidates`), packed as :class:`Digest` describes."""
    text = text_words(article_text(article)).stems
    counted = Counter(text)  # keys in order of first appearance
    title = content_stems(article.title)
    cands = candidates(article)
    vectors = [c.stems() for c in cands]
    keys = [c.key.split() if c.dateline else None for c in cands]
    # Every stem numbered in order of first appearance: the text's, then the others'. The
    # headline and the sentences are cut from the text, so others are rare: looked for first.
    index = dict(zip(counted, range(len(counted)), strict=True))
    others = list(chain(title, chain.from_iterable(vectors), chain.from_iterable(k for k in keys if k is not None)))
    if not all(map(index.__contains__, others)):
        for stem in others:
            index.setdefault(stem, len(index))
    # A key equal to the vectorised stems (no dateline cut, or one of stop words) is not stored twice.
    keys = [None if k is None or k == v else k for k, v in zip(keys, vectors, strict=True)]
    # Texts are cut from the body when found there verbatim (any occurrence is the same
    # string); sentences split_sentences glued together over other whitespace are kept.
    starts = [article.body[c.paragraph].find(c.text) if c.paragraph >= 0 else -1 for c in cands]
    paragraphs = [c.paragraph if at >= 0 else -1 for c, at in zip(cands, starts, strict=True)]
    header = [len(counted), len(index), len(title), len(cands)]
    values = np.fromiter(chain(header, counted.values(), map(index.__getitem__, title),
                               map(len, vectors), (-1 if k is None else len(k) for k in keys),
                               (len(c.text) for c in cands), paragraphs, starts,
                               map(index.__getitem__, chain.from_iterable(vectors)),
                               map(index.__getitem__, chain.from_iterable(k for k in keys if k is not None))),
                         dtype=np.int64)
    wide = bool(values.min() < -(2**15) or values.max() >= 2**15)  # int16 holds nearly every article
    kept = "".join(c.text for c, p in zip(cands, paragraphs, strict=True) if p < 0)
    return Digest(" ".join(index), values.astype(np.int32 if wide else np.int16).tobytes(), kept, wide)


def _reports(members: Sequence[Article]) -> list[Article]:
    """Previews say what was expected; they are summarised only when no member reports the event."""
    return [a for a in members if not a.is_preview] or list(members)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _count(ids: np.ndarray, lengths: list[int]) -> Rows:
    """Per-doc counts of term ids, from the docs' ids end to end (-1 marks a term to skip).

    Each row lists its ids in ascending order.
    """
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    known = ids >= 0
    keys, counts = np.unique((owner[known] << 32) | ids[known], return_counts=True)
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys >> 32, minlength=len(lengths)), out=indptr[1:])
    return Rows(indptr, keys & 0xFFFFFFFF, counts.astype(np.float64))


def _stack(parts: list[Rows]) -> Rows:
    """Rows of several batches, one after another."""
    if not parts:
        return Rows(np.zeros(1, dtype=np.int64), _EMPTY_COLS, _EMPTY_VALS)
    offsets = np.cumsum([0] + [int(p.indptr[-1]) for p in parts[:-1]])
    indptr = np.concatenate([parts[0].indptr[:1]] + [p.indptr[1:] + o for p, o in zip(parts, offsets, strict=True)])
    return Rows(indptr, np.concatenate([p.cols for p in parts]), np.concatenate([p.vals for p in parts]))


def idf_table(size: int, step: float | None = None) -> np.ndarray:
    """The IDF the summariser gives a stem, by its document frequency in a corpus of ``size``
    articles: entry ``df`` is ``ln((1 + size) / (1 + df)) + 1`` (smooth IDF, as if one more
    document held every term once) rounded to the nearest multiple of ``step``
    (:data:`IDF_STEP` when None; 0 leaves it unrounded); entry 0, a stem no text has
    (so no column), is 0.

    Made for every frequency at once, so that whichever articles a caller looks up, a
    frequency gets the same bits (see :data:`IDF_STEP` for why they are rounded).
    """
    step = IDF_STEP if step is None else step
    df = np.arange(1, size + 2, dtype=np.float64)
    idf = np.full(size + 1, float(size + 1))
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    if step:
        np.rint(idf / step, out=idf)
        idf *= step
    idf[0] = 0.0
    return idf


class Whole(NamedTuple):
    """The corpus a :class:`Summarizer` of only some of its articles belongs to."""

    size: int  # how many articles it has
    # Per stem: how many articles' texts have it, and a number that orders stems as the
    # corpus's order of first appearance does (stems no text has: any number).
    lookup: Callable[[list[str]], tuple[np.ndarray, np.ndarray]]


class Summarizer:
    """Holds the corpus IDF and the articles' text and headline vectors."""

    def __init__(self, articles: Sequence[Article], digests: Mapping[str, Digest] | None = None,
                 corpus: Whole | None = None, idf_step: float | None = None) -> None:
        """``digests`` holds :func:`digest` results a build already has; the others are made here.

        With ``corpus`` the articles are some of a larger corpus, which ``corpus`` describes:
        their titles and summaries then come out exactly as a Summarizer of all of it makes them.
        ``idf_step`` is :func:`idf_table`'s (0: the vectorizer's IDF, unrounded).
        """
        self.row = {a.source: i for i, a in enumerate(articles)}
        known = digests or {}
        missing = [a for a in articles if a.source not in known]
        fresh = dict(zip((a.source for a in missing), fork_map(digest, missing), strict=True))
        self._digests = [known[a.source] if a.source in known else fresh[a.source] for a in articles]
        del fresh
        # The vectorizer numbers terms by first appearance, stores each article's terms in
        # that order and then renumbers columns alphabetically without re-sorting rows:
        # the order in which a row's squares are added up for its norm.
        appearance: dict[str, int] = {}
        whole_df: dict[str, int] = {}
        if corpus is not None:
            # The whole corpus's columns (stems some text has) and order of first appearance,
            # cut to these articles' stems: no more is read, and only relative order counts.
            stems = list(dict.fromkeys(chain.from_iterable(d.vocab.split(" ") for d in self._digests if d.vocab)))
            df, first = corpus.lookup(stems)
            has = np.flatnonzero(df > 0)
            appearance = {stems[k]: rank for rank, k in enumerate(has[np.argsort(first[has], kind="stable")].tolist())}
            whole_df = dict(zip(stems, df.tolist(), strict=True))
        parts = []
        # Every article's stems as corpus ids, end to end (``self._at`` marks where each
        # article's start): appearance numbers until the vocabulary is complete, columns after.
        local: list[np.ndarray] = []
        extras: list[tuple[int, list[str]]] = []  # (where, stems) of stems outside an article's text
        title_at: list[np.ndarray] = []  # where each headline stem is in the above
        title_lengths: list[int] = []
        n_text: list[int] = []
        at = 0
        for batch in _batches(self._digests, BATCH):
            unpacked = [_Unpacked(d) for d in batch]
            words = [d.vocab.split(" ") for d in batch]
            texts = [w[: u.n_text] for w, u in zip(words, unpacked, strict=True)]
            for term in dict.fromkeys(chain.from_iterable(texts)):
                appearance.setdefault(term, len(appearance))
            ids = np.fromiter(map(appearance.__getitem__, chain.from_iterable(texts)), dtype=np.int64,
                              count=sum(u.n_text for u in unpacked))
            counts = np.concatenate([u.counts for u in unpacked]) if unpacked else _EMPTY_VALS
            lengths = [u.n_text for u in unpacked]
            owner = np.repeat(np.arange(len(batch), dtype=np.int64), lengths)
            order = np.argsort((owner << 32) | ids, kind="stable")
            indptr = np.zeros(len(batch) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
            parts.append(Rows(indptr, ids[order], counts[order].astype(np.float64)))
            start = 0
            for w, u in zip(words, unpacked, strict=True):
                mine = ids[start : start + u.n_text]
                if u.n_vocab > u.n_text:
                    extras.append((at + u.n_text, w[u.n_text : u.n_vocab]))
                    mine = np.concatenate([mine, np.full(u.n_vocab - u.n_text, -1, dtype=np.int64)])
                local.append(mine)
                title_at.append(u.title.astype(np.int64) + at)
                title_lengths.append(len(u.title))
                n_text.append(u.n_text)
                start += u.n_text
                at += u.n_vocab
        counts = _stack(parts)
        self.column = {t: i for i, t in enumerate(sorted(appearance))}
        column_of = np.fromiter(map(self.column.__getitem__, appearance), dtype=np.int64, count=len(appearance))
        del appearance
        counts = Rows(counts.indptr, column_of[counts.cols], counts.vals)
        self._at = np.zeros(len(local) + 1, dtype=np.int64)
        np.cumsum([len(x) for x in local], out=self._at[1:])
        ids = np.concatenate(local) if local else _EMPTY_COLS
        del local
        known_ids = ids >= 0
        ids[known_ids] = column_of[ids[known_ids]]
        # Stems no text has are numbered after the columns: they tell sentences apart, no more.
        self._extra: dict[str, int] = {}
        for where, stems in extras:
            ids[where : where + len(stems)] = self._ids(stems)
        self._ids_of = ids.astype(np.int32)
        self._n_text = np.array(n_text, dtype=np.int64)  # each article's text stems come first in its ids
        if corpus is None:
            self.df = np.bincount(counts.cols, minlength=len(self.column))
        else:
            self.df = np.fromiter(map(whole_df.__getitem__, self.column), dtype=np.int64, count=len(self.column))
        self.idf = idf_table(len(articles) if corpus is None else corpus.size, idf_step)[self.df]
        self.texts = self._weigh(counts)
        title_ids = self._ids_of[np.concatenate(title_at)] if title_at else _EMPTY_COLS
        self.titles = self._weigh(self._count_known(title_ids, title_lengths))

    def _ids(self, stems: list[str]) -> np.ndarray:
        """Corpus ids of stems: their columns, or numbers after the columns for stems no text has."""
        out = np.fromiter(map(self.column.get, stems, repeat(-1)), dtype=np.int64, count=len(stems))
        for k in np.flatnonzero(out < 0).tolist():
            out[k] = self._extra.setdefault(stems[k], len(self.column) + len(self._extra))
        return out

    def _count_known(self, ids: np.ndarray, lengths: list[int]) -> Rows:
        """:func:`_count` of corpus ids, stems without a column left out."""
        ids = ids.astype(np.int64)
        ids[ids >= len(self.column)] = -1
        return _count(ids, lengths)

    def _weigh(self, counts: Rows) -> Rows:
        """Sublinear tf times idf, each row scaled to unit length."""
        vals = np.log(counts.vals)
        vals += 1.0
        vals *= self.idf[counts.cols]
        norms = np.sqrt(sequential_row_sums(vals * vals, counts.indptr))
        norms[norms == 0] = 1.0  # empty rows have no values to scale
        vals /= np.repeat(norms, np.diff(counts.indptr))
        return Rows(counts.indptr, counts.cols, vals)

    def vectors(self, docs: Iterable[list[str]]) -> Rows:
        """TF-IDF rows of stem lists, columns ascending; terms the corpus lacks are ignored."""
        parts = []
        for batch in _batches(docs, BATCH):
            flat = list(chain.from_iterable(batch))
            ids = np.fromiter(map(self.column.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
            parts.append(_count(ids, [len(d) for d in batch]))
        return self._weigh(_stack(parts))

    def _member_rows(self, members: Sequence[Article], seen: Rows,
                     stems_of: Callable[[Article], list[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The members' rows of ``seen``; if any member is new to the corpus, all are vectorised afresh."""
        if all(a.source in self.row for a in members):
            return [seen.row(self.row[a.source]) for a in members]
        fresh = self.vectors(stems_of(a) for a in members)
        return [fresh.row(i) for i in range(len(members))]

    def centroid(self, members: Sequence[Article]) -> Centre:
        """The members' preview-discounted mean vector, L2-normalised.

        Written as scipy computed ``weights @ rows``, then ``c / sqrt(sum(c * c))``: each
        column summed over the members in order, the squares summed in column order,
        division by multiplying with the reciprocal.
        """
        rows = self._member_rows(members, self.texts, lambda a: content_stems(article_text(a)))
        weights = [0.5 if a.is_preview else 1.0 for a in members]
        if len(rows) == 1:
            order = np.argsort(rows[0][0], kind="stable")
            cols, vals = rows[0][0][order], rows[0][1][order] * weights[0]
        elif rows:
            all_cols = np.concatenate([c for c, _ in rows])
            products = np.concatenate([v * w for (_, v), w in zip(rows, weights, strict=True)])
            cols, where = unique_inverse(all_cols)
            vals = np.bincount(where, weights=products, minlength=len(cols))  # adds in member order
        if not rows or not len(cols):
            return Centre(_EMPTY_COLS, _EMPTY_VALS)
        # scipy sorts the squares by column before numpy adds them up (pairwise).
        norm = float(np.sqrt(np.sum(vals * vals)))
        return Centre(cols, vals * (1 / norm))

    def title(self, members: Sequence[Article], centre: Centre | None = None) -> str:
        if len(members) == 1:
            return members[0].title  # the only candidate, whatever it scores
        centre = self.centroid(members) if centre is None else centre
        ordered = sorted(members, key=lambda a: a.source)
        rows = self._member_rows(ordered, self.titles, lambda a: content_stems(a.title))
        best: tuple[float, str] | None = None
        for a, (cols, vals) in zip(ordered, rows, strict=True):
            sim = sequential_sum(vals * centre.at(cols))
            score = sim * (PREVIEW_DISCOUNT if a.is_preview else 1.0)
            if any("no headline" in w for w in a.warnings):
                score *= 0.5
            if best is None or score > best[0]:
                best = (score, a.title)
        return best[1] if best else ""

    def _read(self, articles: Sequence[Article]) -> Sentences:
        """The articles' candidate sentences, vectorised in one pass."""
        ids: list[np.ndarray] = []
        lengths: list[np.ndarray] = []
        of: dict[str, tuple[list[bytes], list[str], int]] = {}
        first = 0
        for a in articles:
            i = self.row.get(a.source)
            if i is None:  # new to the corpus
                found = digest(a)
                own = self._ids(found.vocab.split(" ")[: _Unpacked(found).n_vocab]).astype(np.int32)
            else:
                found, own = self._digests[i], self._ids_of[self._at[i] : self._at[i + 1]]
            u = _Unpacked(found)
            vector = own[u.vector_ids]
            key = own[u.key_ids]
            ids.append(vector)
            lengths.append(u.vector_lengths)
            # A sentence's key: its stems as corpus ids, which are equal exactly when the stems
            # are; cut from the ids' bytes (4 a stem), cheaper than from the arrays.
            vector_bytes, key_bytes = vector.tobytes(), key.tobytes()
            keys, texts = [], []
            v = k = t = 0
            for vn, kn, tn, p, at in zip(u.vector_lengths.tolist(), u.key_lengths.tolist(), u.text_lengths.tolist(),
                                         u.paragraphs.tolist(), u.starts.tolist(), strict=True):
                if kn < 0:
                    keys.append(vector_bytes[4 * v : 4 * (v + vn)])
                else:
                    keys.append(key_bytes[4 * k : 4 * (k + kn)])
                    k += kn
                v += vn
                if p >= 0:
                    texts.append(a.body[p][at : at + tn])
                else:
                    texts.append(found.texts[t : t + tn])
                    t += tn
            of[a.source] = (keys, texts, first)
            first += len(keys)
        flat = np.concatenate(ids) if ids else _EMPTY_COLS
        rows = self._weigh(self._count_known(flat, np.concatenate(lengths).tolist() if lengths else []))
        return Sentences(rows, of)

    def summarise(self, stories: Sequence[Sequence[Article]]) -> list[tuple[str, list[str]]]:
        """Title and summary of each story (a list of member articles).

        Sentences are read and vectorised for a few thousand articles at a time, so that
        memory stays bounded on big corpora while each batch is one vectorising pass.
        """
        out: list[tuple[str, list[str]]] = []
        start = 0
        while start < len(stories):
            end, size = start, 0
            while end < len(stories) and size < BATCH:
                size += len(stories[end])
                end += 1
            batch = stories[start:end]
            sentences = self._read([a for members in batch for a in _reports(members)])
            for members in batch:
                centre = self.centroid(members)
                out.append((self.title(members, centre), self._summary(members, centre, sentences)))
            start = end
        return out

    def summary(self, members: Sequence[Article], k: int = 3, centre: Centre | None = None) -> list[str]:
        centre = self.centroid(members) if centre is None else centre
        return self._summary(members, centre, self._read(_reports(members)), k)

    def _summary(self, members: Sequence[Article], centre: Centre, sentences: Sentences, k: int = 3) -> list[str]:
        pool: list[tuple[int, str, str]] = []  # (position, source, sentence)
        picked: list[int] = []  # the pool's rows in sentences.rows
        seen: set[bytes] = set()
        for a in sorted(_reports(members), key=lambda a: a.source):
            keys, texts, first = sentences.of[a.source]
            # Each key's first sentence, in order (seen.add returns None); positions count kept ones.
            kept = [k for k, key in enumerate(keys) if key not in seen and not seen.add(key)]
            source = a.source
            pool += [(position, source, texts[k]) for position, k in enumerate(kept)]
            picked += [first + k for k in kept]
        if not pool:
            return [p for a in members for p in a.body][:1]
        if k < 1:
            return []
        # The pool's entries gathered at once: each row's slice of the batch's arrays.
        rows = sentences.rows
        starts = rows.indptr[picked]
        lengths = rows.indptr[np.add(picked, 1)] - starts
        at = np.arange(int(lengths.sum())) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        used, vals = rows.cols[at], rows.vals[at]
        # Only the columns these sentences use can score: work densely on those alone.
        cols, where = unique_inverse(used)
        vecs = np.zeros((len(pool), len(cols)))
        vecs[np.repeat(np.arange(len(pool)), lengths), where] = vals
        centre_cols = centre.at(cols)
        norms = np.sqrt(np.add.reduce(vecs * vecs, axis=1))  # np.linalg.norm's arithmetic, without its checks
        norms[norms == 0] = 1.0
        vecs /= norms[:, None]
        # News puts the gist first: a small lead bonus breaks near-ties toward early sentences.
        relevance = vecs @ centre_cols
        relevance += 0.05 / (1.0 + np.fromiter((pos for pos, _, _ in pool), dtype=np.float64, count=len(pool)))
        weighed = MMR_LAMBDA * relevance
        chosen = [int(weighed.argmax())]  # nothing to be redundant with yet
        while len(chosen) < min(k, len(pool)):
            redundancy = (vecs @ vecs[chosen].T).max(axis=1)
            mmr = weighed - (1 - MMR_LAMBDA) * redundancy
            mmr[chosen] = -np.inf
            best = int(mmr.argmax())
            if redundancy[best] > NEAR_REPEAT or relevance[best] <= 0:
                break  # only near-repeats or unrelated lines are left
            chosen.append(best)
        return [pool[i][2] for i in sorted(chosen, key=lambda i: (pool[i][0], pool[i][1]))]


def canonical(members: Sequence[Article]) -> Article:
    """The fullest, most original member: a report before a preview, longest, earliest published."""

    def key(a: Article) -> tuple:
        published = a.published.date.to_date().toordinal() if a.published else 10**7
        return (a.is_preview, -len(article_text(a).split()), published, a.source)

    return members[0] if len(members) == 1 else min(members, key=key)

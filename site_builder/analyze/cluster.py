"""Groups articles that report the same real-world event (the method is in docs/clustering.md).

Every article becomes one sparse vector made of five L2-normalised blocks — content-word
stems, word 3-gram shingles, proper-noun keys, figures and quoted-speech shingles — each
weighted by corpus IDF and scaled by the square root of its share of the score. The dot
product of two such vectors is then exactly the weighted sum of the five cosine
similarities, so one sparse matrix product gives both the candidate pairs (blocking:
each article keeps only its nearest neighbours) and their scores.

Pairs are then adjusted for event dates (known dates more than two days apart veto the
pair) and places (two articles set in different places lose score), and linked in
order of decreasing score by a union-find that refuses merges whose clusters hold
conflicting dates or whose average cross-similarity is too low, so that chains of
weak links cannot glue distinct events together.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from site_builder.analyze.features import Features, extract_all, term_ids
from site_builder.model import Article, PartialDate, SiteConfig

if TYPE_CHECKING:
    # scipy.sparse is imported where it is used: importing it costs about 0.12 s, which
    # an edit rebuild need not pay. Only a cold build's similarity product (and pruning)
    # use it; every step an edit runs is written with numpy alone, adding and ordering
    # exactly as scipy does (see _Rows), so that scores come out bit for bit the same.
    import scipy.sparse as sp


class _Rows(NamedTuple):
    """A sparse matrix in scipy's CSR layout: row ``k``'s values and column numbers are
    ``data[indptr[k]:indptr[k + 1]]`` and ``indices[...]``, in their stored order.

    The functions below that make one (_weigh, _join, _splice, _take, _products) give
    the arrays scipy's operations give, values, order and explicit zeros alike: stored
    order decides how later sums round and which of tied neighbours are kept.
    """

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return int(self.indptr[-1])


def _csr(m: _Rows | sp.csr_matrix) -> sp.csr_matrix:
    """``m`` as a scipy matrix (the same arrays), for the cold build's similarity product."""
    import scipy.sparse as sp

    return sp.csr_matrix((m.data, m.indices, m.indptr), shape=m.shape)


def _take(m: _Rows, rows: np.ndarray) -> _Rows:
    """``m[rows]``: the rows in the order given, each as stored."""
    indptr = m.indptr.astype(np.int64)
    starts = indptr[rows]
    lengths = indptr[np.asarray(rows) + 1] - starts
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    at = np.arange(ptr[-1], dtype=np.int64) + np.repeat(starts - ptr[:-1], lengths)
    return _Rows(m.data[at], m.indices[at], ptr, (len(rows), m.shape[1]))


def _pointers(rows: np.ndarray, n: int) -> np.ndarray:
    """Row pointers of ``n`` rows for entries stored row after row, ``rows`` being theirs."""
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr


def _row_sums(m: _Rows) -> np.ndarray:
    """``m.sum(axis=1)`` as scipy adds it: ``np.add.reduceat`` over the non-empty rows, in the data's type."""
    sums = np.zeros(m.shape[0], dtype=m.data.dtype)
    full = np.flatnonzero(np.diff(m.indptr))
    if len(full):
        sums[full] = np.add.reduceat(m.data, m.indptr[full])
    return sums


def _products(a: _Rows, b: _Rows, cells: int = 1 << 22) -> _Rows:
    """``a @ b.T`` as scipy computes it (``a @ b.T.tocsr()``, its ``csr_matmat``).

    For each row of ``a``, its entries are read in stored order and each is multiplied
    (in float32) with the entries of ``b`` in its column, in row order; each product is
    added, left to right from zero, to its output column; the row's columns come out
    in the reverse of the order they were first reached in, and those summing to
    exactly zero are left out. ``np.add.at`` adds in that order; it works on dense rows,
    so ``a`` is taken a band of rows at a time, up to ``cells`` output cells a band.
    """
    n_b = b.shape[0]
    a_indptr = a.indptr.astype(np.int64)
    # Only a's entries in a column b has make products, and only those columns of b are read:
    # the larger matrix's entries are sifted by a mask of the smaller's columns (one
    # pass over its entries); the smaller's are all taken (an entry of a whose column b
    # lacks reaches no product). An edit multiplies a few rows with all 2,000.
    if a.nnz > b.nnz:
        in_b = np.zeros(b.shape[1], dtype=bool)
        in_b[b.indices] = True
        useful = np.flatnonzero(in_b[a.indices])
        picked = np.arange(b.nnz, dtype=np.int64)
        picked_rows = _rows_of(b)
    else:
        in_a = np.zeros(b.shape[1], dtype=bool)
        in_a[a.indices] = True
        useful = np.arange(a.nnz, dtype=np.int64)
        picked = np.flatnonzero(in_a[b.indices])
        # (picked ascends: the rows of its entries are searched in order, which is fast.)
        picked_rows = np.searchsorted(b.indptr, picked, side="right") - 1
    # b's entries column by column, each column's in row order (what b.T.tocsr() holds):
    # sorting column·2³² + place-in-picked keys is a few times faster than a stable argsort.
    keys = np.sort((b.indices[picked].astype(np.int64) << 32) | np.arange(len(picked), dtype=np.int64))
    place = keys & 0xFFFFFFFF
    b_rows = picked_rows[place]
    b_values = b.data[picked[place]]
    # Per column, where its entries start among the sorted ones and how many there are: set
    # for the columns b has alone, in arrays zeroed lazily (a column b lacks reaches nothing).
    sorted_columns = keys >> 32
    heads = np.flatnonzero(np.diff(sorted_columns, prepend=-1))
    column_at = np.zeros(b.shape[1], dtype=np.int64)
    count = np.zeros(b.shape[1], dtype=np.int64)
    column_at[sorted_columns[heads]] = heads
    count[sorted_columns[heads]] = np.diff(heads, append=len(keys))
    useful_row = np.searchsorted(a_indptr, useful, side="right") - 1
    band = max(1, cells // max(n_b, 1))
    data, indices, lengths = [], [], []
    for lo in range(0, a.shape[0], band):
        hi = min(lo + band, a.shape[0])
        first_entry, last_entry = np.searchsorted(useful, a_indptr[[lo, hi]]).tolist()
        entries = useful[first_entry:last_entry]
        columns = a.indices[entries]
        reach = count[columns]  # per entry, how many products it makes
        total = int(reach.sum())
        at = np.repeat(column_at[columns] - (np.cumsum(reach) - reach), reach) + np.arange(total, dtype=np.int64)
        cell = np.repeat((useful_row[first_entry:last_entry] - lo) * n_b, reach) + b_rows[at]
        sums = np.zeros((hi - lo) * n_b, dtype=a.data.dtype)
        np.add.at(sums, cell, np.repeat(a.data[entries], reach) * b_values[at])
        first = np.full(len(sums), total, dtype=np.int64)
        np.minimum.at(first, cell, np.arange(total, dtype=np.int64))
        reached = np.flatnonzero(first < total)
        # By row, then by first product, latest first: one sort of row·2³² + (total − first)
        # keys (every cell has its own first product, which names the cell).
        if total < 1 << 32:
            order = np.sort(((reached // n_b) << 32) | (total - first[reached]))
            out = cell[total - (order & 0xFFFFFFFF)]
        else:
            out = reached[np.lexsort((-first[reached], reached // n_b))]
        out = out[sums[out] != 0]
        data.append(sums[out])
        indices.append((out % n_b).astype(np.int32))
        lengths.append(np.bincount(out // n_b, minlength=hi - lo))
    indptr = np.zeros(a.shape[0] + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=indptr[1:])
    dtype = a.data.dtype
    return _Rows(np.concatenate(data) if data else np.zeros(0, dtype=dtype),
                 np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32), indptr, (a.shape[0], n_b))


@dataclass(frozen=True)
class Params:
    """Weights and thresholds; the reasoning behind each value is in docs/clustering.md."""

    w_stems: float = 0.40
    w_shingles: float = 0.15
    w_entities: float = 0.25
    w_figures: float = 0.08
    w_quotes: float = 0.12
    link: float = 0.30  # a pair at or above this score may join two clusters
    average: float = 0.26  # ... if the clusters' mean cross-score is at least this
    date_tolerance_days: int = 2  # known event dates further apart than this never merge ...
    weak_date_tolerance_days: int = 7  # ... unless one was resolved from a bare weekday ("on Thursday")
    date_bonus: float = 0.05  # same known day: a little extra confidence
    place_penalty: float = 0.12  # each article is set somewhere the other never mentions
    neighbours: int = 20  # candidate pairs per article (the blocking) ...
    prune_from: int = 5000  # above this many articles neighbours are found on each article's
    prune_terms: int = 100  # ... heaviest terms only (below it, on the full vectors)
    max_df_floor: int = 50  # terms in more than max(floor, fraction·n) articles are dropped ...
    max_df_fraction: float = 0.05  # ... as topic words and boilerplate
    background: int = 20  # IDF counts this many extra, empty articles (see _weighted_block)
    chunk: int = 2000  # rows per block of the similarity product (bounds memory)


DEFAULT = Params()


def _count_matrix(arrays: Sequence[np.ndarray]) -> tuple[_Rows, np.ndarray]:
    """Term counts from per-article arrays of term ids, one column per distinct id, in
    canonical form (each row's columns sorted, no duplicates), and the ids of the columns
    (sorted, so a column's number is its id's rank)."""
    n = len(arrays)
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=n)
    ids = np.concatenate(arrays).astype(np.int64, copy=False) if n else np.zeros(0, dtype=np.int64)
    if len(ids) and ids.min() >= 0 and ids.max() < 1 << 32:
        # CRC-32 ids: one sort of (row, id) keys gives each row's distinct ids, sorted, with
        # their counts; the ids of those alone are then ranked into columns. Faster than
        # ranking every id and then sorting and merging each row.
        keys, counts = np.unique(np.repeat(np.arange(n, dtype=np.int64) << 32, lengths) | ids, return_counts=True)
        used, columns = _ranks(keys & 0xFFFFFFFF)
        return _Rows(counts.astype(np.float32), columns.astype(np.int32), _pointers(keys >> 32, n),
                     (n, max(len(used), 1))), used
    import scipy.sparse as sp

    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    used, columns = np.unique(ids, return_inverse=True)
    counts = sp.csr_matrix((np.ones(len(ids), dtype=np.float32), columns.ravel().astype(np.int32), indptr),
                           shape=(len(arrays), max(len(used), 1)))
    counts.sum_duplicates()
    return _Rows(counts.data, counts.indices, counts.indptr, counts.shape), used


def _ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` of integers in [0, 2**32): the sorted distinct
    values and each value's place among them.

    One sort of value·2³² + position keys (a plain sort, several times faster than the
    argsort ``np.unique`` runs on random values: 0.21 against 0.52 s for 4.7 million).
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.sort((values.astype(np.uint64) << np.uint64(32)) | np.arange(len(values), dtype=np.uint64))
    ordered = (keys >> np.uint64(32)).astype(np.int64)
    head = np.empty(len(ordered), dtype=bool)
    head[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=head[1:])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[(keys & np.uint64(0xFFFFFFFF)).astype(np.int64)] = np.cumsum(head) - 1
    return ordered[head], inverse


def _idf(df: np.ndarray, n: int, params: Params) -> np.ndarray:
    """Per column, the IDF of a term found in ``df`` of ``n`` articles; 0 for terms in too many.

    Plain log IDF (no +1) gives a term found in every article a weight of zero: words
    that every article shares say nothing about which event an article reports.
    """
    cap = max(params.max_df_floor, params.max_df_fraction * n)
    idf = np.log((1.0 + n + params.background) / (1.0 + df)).astype(np.float32)
    idf[df > cap] = 0.0
    return idf


def _weigh(counts: _Rows, idf: np.ndarray, sublinear: bool) -> _Rows:
    """The rows of ``counts`` (canonical: each row's columns ascending) IDF-weighted and
    normalised; ``counts`` is left as it was.

    Every step reads one row alone, so a row comes out the same whichever rows are
    weighed with it: an edit re-weighs only the rows whose terms' IDF moved.

    Written as scipy computed it: weights without the zeros, norms from the squares
    without zeros (``multiply`` leaves them out) summed by :func:`_row_sums`, and each row
    scaled by the product with a diagonal matrix, which gives its entries in reverse order.
    """
    n = counts.shape[0]
    tf = (1.0 + np.log(counts.data)) if sublinear else np.ones_like(counts.data)
    data = (tf * idf[counts.indices]).astype(np.float32)
    kept = data != 0
    data, indices, rows = data[kept], counts.indices[kept], _rows_of(counts)[kept]
    ptr = _pointers(rows, n)
    squares = data * data
    nonzero = squares != 0
    if nonzero.all():  # (squares underflow to zero only for weights under about 1e-23)
        norms = np.sqrt(_row_sums(_Rows(squares, indices, ptr, counts.shape)))
    else:
        norms = np.sqrt(_row_sums(_Rows(squares[nonzero], indices[nonzero], _pointers(rows[nonzero], n),
                                        counts.shape)))
    norms[norms == 0] = 1.0
    scaled = (1.0 / norms)[rows] * data
    # Each row reversed: rows stay in order, and within a row the last entry comes first
    # (place q of row r takes entry start + end - 1 - q).
    reverse = (ptr[:-1] + ptr[1:] - 1)[rows] - np.arange(len(rows), dtype=np.int64)
    scaled, indices = scaled[reverse], indices[reverse]
    if (scaled != 0).all():
        return _Rows(scaled, indices, ptr, counts.shape)
    kept = scaled != 0
    return _Rows(scaled[kept], indices[kept], _pointers(rows[kept], n), counts.shape)


# A block's term counts, the ids of its columns, and per column the document frequency and IDF
# (None after an update, which works out the IDF of the terms it reads alone).
_Block = tuple[_Rows, np.ndarray, np.ndarray, np.ndarray | None]


def _weighted_block(docs: Sequence[np.ndarray], sublinear: bool, params: Params
                    ) -> tuple[_Rows, _Block]:
    """IDF-weighted, row-normalised block (terms in too many articles are dropped), with
    what it was made from."""
    counts, used = _count_matrix(docs)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    if counts.nnz == 0:
        return counts, (counts, used, df, np.zeros(len(df), dtype=np.float32))
    idf = _idf(df, counts.shape[0], params)
    return _weigh(counts, idf, sublinear), (counts, used, df, idf)


def _with_year(date: PartialDate, year: int) -> PartialDate | None:
    try:
        return PartialDate(year, date.month, date.day)
    except ValueError:  # 29 February
        return None


@dataclass(frozen=True)
class EventDate:
    """An article's own event date, how many days either way it may be off, and whether
    its year was read from the text or only guessed (from a publication date or a weekday)."""

    date: PartialDate
    tolerance: int
    year_known: bool = True
    first: int = field(init=False, repr=False, compare=False)  # ordinals of the span covered,
    last: int = field(init=False, repr=False, compare=False)  # cached: pairs are compared often

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", self.date.to_date().toordinal())
        object.__setattr__(self, "last", self.date.last_date().toordinal())

    def __reduce__(self) -> tuple[Any, tuple[PartialDate, int, bool]]:
        # Unpickled (from the analysis memo) through the cache of equal values, not as a
        # class and a state dict: a fifth of the cost, and one object a distinct value.
        return _event_date, (self.date, self.tolerance, self.year_known)

    def gap(self, other: EventDate) -> int:
        """Days between two event dates; a guessed year is moved next to the other date's year."""
        if (self.year_known and other.year_known) or self.date.month is None or other.date.month is None:
            return max(0, other.first - self.last, self.first - other.last)
        guessed, anchor = (self, other) if not self.year_known else (other, self)
        spans = _moved_spans(guessed.date, anchor.date.year)
        if not spans:  # 29 February and no leap year near
            return max(0, other.first - self.last, self.first - other.last)
        return min(max(0, anchor.first - last, first - anchor.last) for first, last in spans)


@lru_cache(maxsize=65536)
def _moved_spans(date: PartialDate, year: int) -> tuple[tuple[int, int], ...]:
    """First and last day ordinals of ``date`` moved to each of the years around ``year`` it exists in.

    Cached: a corpus has few distinct dates but compares them in many pairs.
    """
    return tuple((moved.to_date().toordinal(), moved.last_date().toordinal())
                 for y in (year - 1, year, year + 1) if (moved := _with_year(date, y)) is not None)


def dates_conflict(a: Iterable[EventDate], b: Iterable[EventDate]) -> bool:
    """True when some date in ``a`` and some date in ``b`` are further apart than both allow."""
    bs = list(b)
    return any(x.gap(y) > max(x.tolerance, y.tolerance) for x in a for y in bs)


class Evidence(NamedTuple):
    """What clustering reads from an article's :class:`Features` besides its stem and shingle
    ids: made once per article (a build caches it, see ``analyze.prepare``), not per build."""

    ids: np.ndarray  # term ids (uint32) of its entity mentions, then its figures, then its quotes
    entities: int  # how many of ``ids`` are entity mentions
    figures: int  # ... and figures
    places: frozenset[str]  # the main places (see _main_places)


def evidence(features: Features) -> Evidence:
    entities = term_ids(features.entities.elements())
    figures = term_ids(features.figures)
    ids = np.concatenate([entities, figures, term_ids(features.quotes)]).astype(np.uint32)  # CRC-32s fit
    return Evidence(ids, len(entities), len(figures), frozenset(_main_places(features)))


def _block_docs(features: Sequence[Features], found: Sequence[Evidence]) -> list[list[np.ndarray]]:
    """The term ids of each block (stems, shingles, entities, figures, quotes), per article."""
    return [
        [f.stem_ids for f in features],
        [f.shingle_ids for f in features],
        [e.ids[: e.entities] for e in found],
        [e.ids[e.entities : e.entities + e.figures] for e in found],
        [e.ids[e.entities + e.figures :] for e in found],
    ]


_SUBLINEAR = (True, False, True, False, False)  # per block: whether repeats count logarithmically


def _join(blocks: Sequence[_Rows], params: Params) -> _Rows:
    """The weighted blocks side by side, each scaled by the square root of its share
    (as ``sp.hstack`` of the scaled blocks: each row its blocks' rows one after another)."""
    p = params
    weights = (p.w_stems, p.w_shingles, p.w_entities, p.w_figures, p.w_quotes)
    n = blocks[0].shape[0]
    offsets = np.cumsum([0] + [m.shape[1] for m in blocks])
    lengths = [np.diff(m.indptr.astype(np.int64)) for m in blocks]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.sum(lengths, axis=0), out=indptr[1:])
    data = np.empty(int(indptr[-1]), dtype=np.float32)
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    before = indptr[:-1].copy()  # where each row's entries of the next block go
    for w, m, length, offset in zip(weights, blocks, lengths, offsets[:-1].tolist(), strict=True):
        at = np.repeat(before - m.indptr[:-1].astype(np.int64), length) + np.arange(len(m.data), dtype=np.int64)
        data[at] = (m.data * math.sqrt(w)).astype(np.float32, copy=False)
        indices[at] = m.indices + offset
        before += length
    return _Rows(data, indices, indptr, (n, int(offsets[-1])))


def _splice(old: _Rows, rows: np.ndarray, fresh: _Rows, table: np.ndarray | None, columns: int,
            data_type: Any = None, index_type: Any = None) -> _Rows:
    """``old`` with its column numbers mapped through ``table`` (None: kept) and its rows
    ``rows`` (sorted) replaced by those of ``fresh`` (already in the new numbering); values
    and column numbers in the types given (default: ``old``'s), cast as they are copied."""
    n = old.shape[0]
    data_type = old.data.dtype if data_type is None else np.dtype(data_type)
    index_type = old.indices.dtype if index_type is None else np.dtype(index_type)
    was = old.indptr.astype(np.int64)
    lengths = np.diff(was)
    lengths[rows] = np.diff(fresh.indptr)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    # Renumbered in the result's type: the old matrix's are most of the result.
    mapped = old.indices if table is None else table.astype(index_type, copy=False)[old.indices]
    data, indices = [], []
    copied = 0  # the first old row not yet copied
    for k, r in enumerate([*rows.tolist(), n]):
        data.append(old.data[was[copied] : was[r]])  # unchanged rows copied..r-1 in one piece
        indices.append(mapped[was[copied] : was[r]])
        if r < n:
            data.append(fresh.data[fresh.indptr[k] : fresh.indptr[k + 1]])
            indices.append(fresh.indices[fresh.indptr[k] : fresh.indptr[k + 1]])
        copied = r + 1
    # (Unsafe casting: counts of a float type are whole numbers, cast to an integer type they fit.)
    return _Rows(np.concatenate(data, dtype=data_type, casting="unsafe"), np.concatenate(indices, dtype=index_type),
                 indptr, (n, columns))


def _renumbered(old_used: np.ndarray, gone_at: np.ndarray, fresh_used: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """A block's column ids after an update: ``old_used`` (sorted ids) without the columns
    ``gone_at`` (sorted, distinct) and with the ids of ``fresh_used`` (sorted) it lacks.

    Returns the ids, ``np.searchsorted(ids, old_used)`` (None when the ids are the old
    ones), where the new ids went among them, and ``gone_at``. That table is worked out
    from the few columns that come and go (an old column moves down one place for each
    gone before it and up one for each new id below it) instead of by searching the
    hundreds of thousands of old ids.
    """
    kept = np.delete(old_used, gone_at) if len(gone_at) else old_used
    at = np.minimum(np.searchsorted(kept, fresh_used), max(len(kept) - 1, 0))
    new = fresh_used[kept[at] != fresh_used] if len(kept) else fresh_used
    if not len(new) and not len(gone_at):
        return old_used, None, np.zeros(0, dtype=np.int64), gone_at
    places = np.searchsorted(kept, new)
    used = np.insert(kept, places, new) if len(new) else kept
    shift = np.zeros(len(old_used) + 1, dtype=np.int64)
    shift[gone_at + 1] -= 1
    # (A new id may be a gone one back: it is below the old ids after it alone, hence "right".)
    np.add.at(shift, np.searchsorted(old_used, new, side="right"), 1)
    table = np.arange(len(old_used), dtype=np.int64) + np.cumsum(shift[:-1])
    return used, table, places + np.arange(len(new), dtype=np.int64), gone_at


def pack_small(values: np.ndarray) -> np.ndarray:
    """``values`` (integers, or floats holding small whole numbers such as counts) in the
    smallest unsigned integer type that holds them exactly; ``astype`` gives them back."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if not len(values) or (values.min() >= 0 and values.max() <= np.iinfo(kind).max
                               and (values.dtype.kind in "iu" or (values == np.floor(values)).all())):
            return values.astype(kind, copy=False)
    return values


def _packed_keys(keys: list[Any] | None) -> str | list[Any] | None:
    """Corpus keys of the usual shape, (source, content hash, own date or None), as one
    string of three fields a key, split at NUL (which no path holds); others as they are.

    The memo is loaded and stored on every edit rebuild, and 2,000 keys as tuples of
    dates were 14,000 small objects to unpickle and pickle again.
    """
    if keys is None:
        return None
    if not all(type(key) is tuple and len(key) == 3 for key in keys):
        return keys
    # Articles giving the same date share one EventDate (see _event_date): each is written once.
    codes: dict[int, str] = {}
    fields: list[str] = []
    for source, content, date in keys:
        if date is None:
            code = "-"
        elif type(date) is EventDate:
            code = codes.get(id(date))
            if code is None:
                day = date.date
                code = codes[id(date)] = \
                    f"{day.year},{day.month or 0},{day.day or 0},{date.tolerance},{int(date.year_known)}"
        else:
            return keys
        fields += (source, content, code)
    if not all(isinstance(field, str) for field in fields[::3]) or \
            not all(isinstance(field, str) for field in fields[1::3]):
        return keys
    joined = "\0".join(fields)
    # A NUL in a source or content hash would split it: then the keys are kept as they are.
    return joined if joined.count("\0") == max(len(fields) - 1, 0) else keys


def _differing(old: list[Any], new: list[Any], span: int = 96) -> list[int]:
    """The places where two equally long lists differ.

    Slices are compared first (a list comparison runs in C and stops at the first
    difference): an edit changes a few of thousands of fields, and a Python loop over
    every pair was most of the time of telling which rows changed.
    """
    out: list[int] = []
    for start in range(0, len(old), span):
        end = start + span
        if old[start:end] != new[start:end]:
            out += [i for i in range(start, min(end, len(old))) if old[i] != new[i]]
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-d array: ``np.unique(values)``, which with no
    option imports ``numpy.ma`` (10-14 ms, on every edit rebuild) to ask whether the array is masked."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _rows_of(m: _Rows | sp.csr_matrix) -> np.ndarray:
    """The row of each stored entry."""
    return np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr))


@dataclass
class Corpus:
    """The vectors and side information clustering needs, built once per corpus.

    Neither the features nor the evidence are kept (only each article's entity keys):
    their term ids are not needed once the matrix is made, and on 20,000 articles they
    are hundreds of megabytes.

    With ``keys`` (per article, what its row is a function of: source, content hash and
    own date) the corpus can leave a :meth:`state` for the next build; given that as
    ``previous``, an edit that keeps the set of articles re-weighs and re-compares only
    the rows it affects (see :meth:`_update`), with exactly the cold result.
    """

    features: InitVar[Sequence[Features]]
    dates: list[EventDate | None]
    params: Params = DEFAULT
    known: InitVar[Sequence[Evidence] | None] = None  # each article's evidence(), where already made
    keys: list[Any] | None = None
    previous: InitVar[dict[str, Any] | None] = None
    matrix: _Rows = field(init=False)

    def __post_init__(self, features: Sequence[Features], known: Sequence[Evidence] | None,
                      previous: dict[str, Any] | None) -> None:
        found = known if known is not None else [evidence(f) for f in features]
        # Incremental state: the count blocks (per block, counts and column ids), the
        # previous neighbour lists and pair scores, and the rows this build changed.
        self._blocks: list[_Block] | None = None
        self._above: tuple[np.ndarray, ...] | None = None
        self._scored: tuple[np.ndarray, ...] | None = None
        self._affected: np.ndarray | None = None
        self._changed = np.zeros(0, dtype=np.int64)  # the rows whose key changed (see _update)
        self._previous: dict[str, Any] | None = None
        # Per row, whether its columns strictly increase (see _sorted_rows): made when first
        # needed, or by an update from the previous build's for the rows it kept.
        self._sorted_rows: np.ndarray | None = None
        self._keep = self.keys is not None and len(features) <= self.params.prune_from
        if not (self._keep and previous and self._update(previous, features, found)):
            blocks = [_weighted_block(docs, sub, self.params)
                      for docs, sub in zip(_block_docs(features, found), _SUBLINEAR, strict=True)]
            if self._keep:
                self._blocks = [made for _, made in blocks]
            # Not kept once joined: with the matrix they would hold every vector twice.
            self.matrix = _join([weighted for weighted, _ in blocks], self.params)
            del blocks
        # Main places: an update keeps last build's for the rows it did not change (a row's
        # places are a function of its key), so it reads no other article's evidence.
        old_places = self._previous.get("places") if self._previous is not None else None
        if old_places is not None and len(old_places) == len(found):
            self._places = list(old_places)
            for k in self._changed.tolist():
                self._places[k] = found[k].places
        else:
            self._places = [e.places for e in found]
        # Entity keys, looked up by _elsewhere and _mentioned. An update reads them for the
        # few pairs it scores again, so it takes them from the features when asked (most
        # are never unpickled); a cold build has read every article's features already.
        self._mentions: Sequence[Counter[str]] = \
            _Lazy(len(features), lambda k: features[k].entities) if self._previous is not None \
            else [f.entities for f in features]
        self._kinds: list[EventDate] = []  # see _date_arrays
        self._dates: dict[str, np.ndarray] | None = \
            None if self._previous is None else self._updated_dates(self._previous)
        self._place_index: _PlaceIndex | None = None  # see _mentioned

    def state(self) -> dict[str, Any] | None:
        """What the next build's corpus reuses (None when it keeps nothing: no keys, or more
        articles than ``prune_from``, whose pruned blocking is not made incremental)."""
        if not self._keep or self._blocks is None or self._above is None or self._scored is None:
            return None
        m = self.matrix
        # Counts, column numbers, term ids and frequencies are stored in the smallest type
        # that holds them exactly, and IDF not at all (it is a function of the frequencies):
        # the memo is read and written on every edit rebuild.
        return {"params": self.params, "keys": self._packed,
                "matrix": (m.data, m.indices, m.indptr, m.shape),
                "blocks": [(pack_small(c.data), pack_small(c.indices), c.indptr, c.shape, pack_small(used),
                            pack_small(df)) for c, used, df, _ in self._blocks],
                "above": self._above, "scored": self._scored, "places": self._places, "sorted": self._sorted_rows,
                "dates": self._kept_dates()}

    def _kept_dates(self) -> tuple[dict[str, np.ndarray], list[EventDate]] | None:
        """The date arrays and their kinds for the next build, only the kinds in use (renumbered
        in order): kinds an update adds would otherwise pile up from build to build."""
        if self._dates is None:
            return None
        kind = self._dates["kind"]
        used = _distinct(kind[kind >= 0])
        number = np.full(len(self._kinds) + 1, -1, dtype=np.int64)  # the last stands for -1
        number[used] = np.arange(len(used), dtype=np.int64)
        arrays = dict(self._dates)
        arrays["kind"] = number[kind]
        return arrays, [self._kinds[k] for k in used.tolist()]

    def _update(self, previous: dict[str, Any], features: Sequence[Features], found: Sequence[Evidence]) -> bool:
        """Makes the matrix from ``previous`` (an earlier corpus's :meth:`state`) when only
        some articles' contents changed; False (nothing done) when that cannot be exact.

        A row is a function of its article's term counts and of the IDF of its terms,
        which depends on the number of articles and on each term's document frequency:
        with the same articles, only terms of changed articles change frequency, and
        only rows holding a term whose float32 IDF moved (or a changed article's row)
        are weighed again. Column numbers are ranks of term ids, so the others rows'
        columns are renumbered in order, which keeps their stored order and sums.
        """
        n = len(features)
        changed = self._changed_keys(previous.get("keys"), n) if previous.get("params") == self.params else None
        if changed is None:
            return False
        docs = _block_docs([features[k] for k in changed.tolist()], [found[k] for k in changed.tolist()])
        blocks: list[_Block] = []
        tables: list[np.ndarray | None] = []
        affected = np.zeros(n, dtype=bool)
        affected[changed] = True
        for (data, indices, indptr, shape, old_used, old_df), block in zip(previous["blocks"], docs, strict=True):
            # Counts and columns as stored (packed small): _splice casts them as it copies them.
            old = _Rows(data, indices, indptr, shape)
            old_used, old_df = old_used.astype(np.int64), old_df.astype(np.int64)
            if old.nnz == 0:
                return False
            fresh, fresh_used = _count_matrix(block)
            left = _take(old, changed).indices.astype(np.int64)  # the changed rows' old terms (each once per row)
            rest = old_df.copy()
            np.add.at(rest, left, -1)
            used, table, new_at, gone_at = _renumbered(old_used, _distinct(left[rest[left] == 0]), fresh_used)
            cols = np.searchsorted(used, fresh_used)[fresh.indices].astype(np.int32)
            fresh = _Rows(fresh.data, cols, fresh.indptr, (len(changed), max(len(used), 1)))
            # Counts stay in their stored type when the fresh ones fit it (whole numbers, as all
            # counts are): only the rows weighed again are cast, and state() packs them as they are.
            kind = old.data.dtype
            fits = kind.kind == "u" and (not len(fresh.data) or fresh.data.max() <= np.iinfo(kind).max)
            counts = _splice(old, changed, fresh, table, max(len(used), 1), kind if fits else np.float32, np.int32)
            if counts.nnz == 0:
                return False
            if table is None:
                df = rest
            else:
                # The old columns kept, in order, around the new ones (which start from zero): a
                # gone column's count is zero, as the new numbering leaves it out.
                df = np.zeros(counts.shape[1], dtype=rest.dtype)
                old_place = np.ones(len(used), dtype=bool)
                old_place[new_at] = False
                df[: len(used)][old_place] = np.delete(rest, gone_at) if len(gone_at) else rest
            np.add.at(df, cols, 1)
            # Only the changed rows' terms (old and new) change frequency; those in both builds
            # may move their IDF (a term in one build only is in changed rows alone). IDF is
            # a function of each term's frequency alone, so it is worked out for these terms
            # only here, and below for the terms of the rows weighed again (not for every
            # term of the corpus: hundreds of thousands of shingles).
            terms = _distinct(np.concatenate([cols, left if table is None else table[left]]))
            terms = terms[terms < len(used)]
            at = np.minimum(np.searchsorted(old_used, used[terms]), len(old_used) - 1)
            both = old_used[at] == used[terms]
            moved = np.zeros(counts.shape[1], dtype=bool)
            moved[terms[both]] = _idf(df[terms[both]], n, self.params) != _idf(old_df[at[both]], shape[0],
                                                                               self.params)
            if moved.any():
                affected[_rows_of(counts)[moved[counts.indices]]] = True
            blocks.append((counts, used, df, None))
            tables.append(table)
        rows = np.flatnonzero(affected)
        offsets = np.cumsum([0] + [b[0].shape[1] for b in blocks])
        if len(rows):
            fresh_rows = _join([self._reweighed(_take(counts, rows), df, n, sub) for (counts, _, df, _), sub
                                in zip(blocks, _SUBLINEAR, strict=True)], self.params)
        else:
            fresh_rows = _Rows(np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64),
                               (0, int(offsets[-1])))
        # The old matrix's columns: each block's, renumbered, after the new widths of the blocks before it.
        data, indices, indptr, shape = previous["matrix"]
        widths = [b[3][1] for b in previous["blocks"]]
        table = None if all(t is None for t in tables) else np.concatenate(
            [offset + (np.arange(width) if t is None else t)
             for offset, t, width in zip(offsets.tolist()[:-1], tables, widths, strict=True)])
        self.matrix = _splice(_Rows(data, indices, indptr, shape), rows, fresh_rows, table, int(offsets[-1]))
        # A kept row keeps its entries in order and its columns are renumbered in order, so
        # whether they strictly increase is as before: only the rows weighed again are looked at.
        old_sorted = previous.get("sorted")
        if isinstance(old_sorted, np.ndarray) and len(old_sorted) == n:
            flags = old_sorted.astype(bool)
            if len(rows):
                flags[rows] = _sorted_rows(_take(self.matrix, rows))
            self._sorted_rows = flags
        self._blocks = blocks
        self._changed = changed
        self._affected = rows
        self._previous = previous
        return True

    def _reweighed(self, counts: _Rows, df: np.ndarray, n: int, sublinear: bool) -> _Rows:
        """:func:`_weigh` of ``counts`` (some rows of a block whose columns have frequencies
        ``df`` in ``n`` articles), with the IDF of the terms these rows hold alone."""
        idf = np.zeros(len(df), dtype=np.float32)
        idf[counts.indices] = _idf(df[counts.indices], n, self.params)
        # Counts kept in a small integer type are weighed as the float32 counts they stand for.
        return _weigh(counts._replace(data=counts.data.astype(np.float32, copy=False)), idf, sublinear)

    @cached_property
    def _packed(self) -> str | list[Any] | None:
        """:func:`_packed_keys` of this corpus's keys, made once: an update compares them and
        :meth:`state` stores them."""
        return _packed_keys(self.keys)

    def _changed_keys(self, old_keys: str | list[Any] | None, n: int) -> np.ndarray | None:
        """The rows whose key differs from ``old_keys`` (an earlier :meth:`state`'s), or None
        when the articles are not the same ones in the same order."""
        keys = self.keys
        if old_keys is None or keys is None or len(keys) != n:
            return None
        if isinstance(old_keys, str):
            packed = self._packed
            if not isinstance(packed, str):
                return None
            old, new = old_keys.split("\0"), packed.split("\0")
            if len(old) != len(new) or old[::3] != new[::3]:
                return None
            return np.array(sorted({i // 3 for i in _differing(old, new)}), dtype=np.int64)
        if len(old_keys) != n or any(a[0] != b[0] for a, b in zip(old_keys, keys, strict=True)):
            return None
        return np.array([k for k in range(n) if old_keys[k] != keys[k]], dtype=np.int64)

    def __len__(self) -> int:
        return self.matrix.shape[0]

    @property
    def updated(self) -> bool:
        """Whether the matrix was made from the previous build's state (see :meth:`_update`);
        then the features are read again later, for the pairs scored anew."""
        return self._previous is not None

    def adjust(self, i: int, j: int, score: float) -> float | None:
        """The pair score after date and place evidence; None when the dates forbid the pair."""
        p = self.params
        di, dj = self.dates[i], self.dates[j]
        if di is not None and dj is not None:
            gap = di.gap(dj)
            if gap > max(di.tolerance, dj.tolerance):
                return None
            if di.date.precision == "day" and dj.date.precision == "day" and gap == 0:
                score += p.date_bonus
        pi, pj = self._places[i], self._places[j]
        if pi and pj and self._elsewhere(i, j):
            score -= p.place_penalty
        return score

    def _elsewhere(self, i: int, j: int) -> bool:
        """Whether each of the two articles is set in places the other never mentions."""
        mi, mj = self._mentions[i], self._mentions[j]
        return not any(k in mj for k in self._places[i]) and not any(k in mi for k in self._places[j])

    def _pruned(self) -> sp.csr_matrix:
        """Each article's vector cut to its heaviest entries: its rarest, most telling terms.

        Frequent terms have small weights, so they are the ones cut, and they are also
        what makes a similarity product dense; the cut keeps blocking near-linear.
        """
        import scipy.sparse as sp

        m = self.matrix
        keep = self.params.prune_terms
        lengths = np.diff(m.indptr).astype(np.int64)
        long = lengths > keep
        # Rows short enough are kept whole; the others keep their ``keep`` heaviest entries
        # in the order argpartition leaves them (that order decides how the product adds up).
        out_lengths = np.where(long, keep, lengths)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(out_lengths, out=indptr[1:])
        starts = m.indptr[:-1].astype(np.int64)
        source = np.arange(indptr[-1], dtype=np.int64) + np.repeat(starts - indptr[:-1], out_lengths)
        for rows, picked in _top_entries(m.data, starts, lengths, long, keep):
            source[indptr[rows][:, None] + np.arange(keep)] = picked
        return sp.csr_matrix((m.data[source], m.indices[source], indptr), shape=m.shape)

    def candidates(self) -> list[tuple[float, int, int]]:
        """Scored candidate pairs (score, i, j) with i < j, from each article's nearest neighbours.

        Up to ``prune_from`` articles the product of the full vectors is computed, which is
        exact. Beyond, neighbours are found on pruned vectors, whose product
        under-estimates the score (on the synthetic corpus by at most half for pairs
        that link), so neighbours down to 0.35 × the link threshold are kept; either way
        the kept pairs are then scored exactly on the full vectors.
        """
        p = self.params
        n = len(self)
        if self._previous is not None and self._affected is not None:
            above = self._near_again(self._previous["above"], self._affected)
        else:
            pruned = self._pruned() if n > p.prune_from else _csr(self.matrix)
            pt = pruned.T.tocsr()  # converted once, not per block
            floor = p.link * (0.35 if n > p.prune_from else 0.5)
            parts = []
            for start in range(0, n, p.chunk):
                part = self._near((pruned[start : start + p.chunk] @ pt).tocsr(),
                                  np.arange(start, min(start + p.chunk, n), dtype=np.int64), floor)
                # Only the kept neighbours are read below when no state is left for the next
                # build: the others go block by block (at 20,000 articles 9.4 million entries,
                # 200 MB, and as much again to join them, against 0.4 million kept).
                parts.append(part if self._keep else tuple(x[part[3]] for x in part))
            above = tuple(np.concatenate(x) for x in zip(*parts, strict=True)) if parts else \
                (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32),
                 np.zeros(0, dtype=bool))
        i, j, _, kept = above
        i, j = i[kept], j[kept]
        codes = _distinct(np.minimum(i, j) * n + np.maximum(i, j))  # pairs as i·n + j with i < j
        left, right = np.divmod(codes, max(n, 1))
        if self._sorted_rows is None:
            self._sorted_rows = _sorted_rows(self.matrix)
        # Each pair is summed in the order chosen for its run of 10,000 (see pair_dots).
        forward = np.zeros(len(codes), dtype=bool)
        for lo in range(0, len(codes), 10000):
            forward[lo : lo + 10000] = bool(self._sorted_rows[left[lo : lo + 10000]].all()
                                            and self._sorted_rows[right[lo : lo + 10000]].all())
        scores = np.full(len(codes), np.nan)
        todo = np.ones(len(codes), dtype=bool)
        if self._previous is not None and self._affected is not None:
            # A pair of unchanged rows keeps its score, if summed in the same order.
            old_codes, old_scores, old_forward = self._previous["scored"]
            at = np.minimum(np.searchsorted(old_codes, codes), max(len(old_codes) - 1, 0))
            hit = old_codes[at] == codes if len(old_codes) else np.zeros(len(codes), dtype=bool)
            moved = np.zeros(n, dtype=bool)
            moved[self._affected] = True
            reuse = hit & ~moved[left] & ~moved[right] & (old_forward[at] == forward)
            scores[reuse] = old_scores[at[reuse]]
            todo = ~reuse
        for way in (True, False):
            these = np.flatnonzero(todo & (forward == way))
            # A pair's score reads that pair alone (and its order, fixed above): they are scored
            # by right row, so that pair_dots spreads each right row once, not once a run it
            # is in (at 20,000 articles that was 112,000 spreads for 20,000 rows).
            these = these[np.argsort(right[these], kind="stable")]
            for lo in range(0, len(these), 10000):
                part = these[lo : lo + 10000]
                scores[part] = self._scores(left[part], right[part], way)
        if self._keep:
            self._above, self._scored = above, (codes, scores, forward)
        valid = ~np.isnan(scores)
        scores, left, right = scores[valid], left[valid], right[valid]
        order = np.lexsort((right, left, -scores))
        return list(zip(scores[order].tolist(), left[order].tolist(), right[order].tolist(), strict=True))

    def _near(self, block: _Rows | sp.csr_matrix, rows: np.ndarray, floor: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The neighbours of ``rows`` from their product with all rows, ``block``: every entry
        at or above ``floor`` off the diagonal as (row, column, value, kept), in stored order;
        a row with more than ``neighbours`` of them keeps its best (``kept``)."""
        p = self.params
        # Few of the block's entries pass the floor: rows are looked up for those alone.
        sel = np.flatnonzero(block.data >= floor)
        local = np.searchsorted(block.indptr, sel, side="right") - 1
        off_diagonal = block.indices[sel] != rows[local]
        sel, local = sel[off_diagonal], local[off_diagonal]
        many = np.bincount(local, minlength=block.shape[0])
        crowded = many > p.neighbours
        # Rows with few enough neighbours keep them all; the others keep their best.
        in_crowded = crowded[local]
        kept = ~in_crowded
        if crowded.any():
            # The entries of each crowded row, in stored order, one after another.
            where = np.flatnonzero(in_crowded)
            counts = many[crowded]
            firsts = np.zeros(len(counts), dtype=np.int64)
            np.cumsum(counts[:-1], out=firsts[1:])
            values = block.data[sel[where]]
            for _, picked in _top_entries(values, firsts, counts, np.ones(len(counts), dtype=bool), p.neighbours):
                kept[where[picked.ravel()]] = True
        return rows[local], block.indices[sel].astype(np.int64), block.data[sel], kept

    def _near_again(self, above: tuple[np.ndarray, ...], affected: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_near` of every row, from the previous build's (``above``) when only the
        rows ``affected`` changed (no pruning: at most ``prune_from`` articles).

        An unchanged row's products with unchanged rows are summed as before (a product
        entry adds its terms in the order of the left row's entries), and keep their
        relative stored order; its products with the changed rows are computed on their
        own, summed in the same order. A row whose neighbours changed and that has more
        than ``neighbours`` of them is compared with all rows again, since which of them
        it keeps depends on the stored order of the whole row.
        """
        p, n, m = self.params, len(self), self.matrix
        floor = p.link * 0.5
        old_i, old_j, old_v, old_kept = above
        moved = np.zeros(n, dtype=bool)
        moved[affected] = True
        still = ~moved[old_i] & ~moved[old_j]
        touched = np.zeros(n, dtype=bool)
        touched[old_i[~moved[old_i] & moved[old_j]]] = True
        if len(affected):
            cross = _products(m, _take(m, affected))  # every row against the changed rows
            sel = np.flatnonzero(cross.data >= floor)
            new_i = _rows_of(cross)[sel]
            new_j, new_v = affected[cross.indices[sel]], cross.data[sel]
            fresh = ~moved[new_i]
            new_i, new_j, new_v = new_i[fresh], new_j[fresh], new_v[fresh]
        else:
            new_i = new_j = np.zeros(0, dtype=np.int64)
            new_v = np.zeros(0, dtype=m.data.dtype)
        touched[new_i] = True
        many = np.bincount(old_i[still], minlength=n) + np.bincount(new_i, minlength=n)
        again = moved | (touched & (many > p.neighbours))
        redo = np.flatnonzero(again)
        parts = []
        if len(redo):
            parts.append(self._near(_products(_take(m, redo), m), redo, floor))
        keep_old = still & ~again[old_i]
        parts.append((old_i[keep_old], old_j[keep_old], old_v[keep_old], old_kept[keep_old] | touched[old_i[keep_old]]))
        keep_new = ~again[new_i]
        parts.append((new_i[keep_new], new_j[keep_new], new_v[keep_new], np.ones(int(keep_new.sum()), dtype=bool)))
        return tuple(np.concatenate(x) for x in zip(*parts, strict=True))  # type: ignore[return-value]

    def adjust_all(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`adjust` of many pairs' raw scores at once: (scores, left, right) without vetoed pairs.

        Array arithmetic in float64 adds as :meth:`adjust` does in Python floats; only
        pairs with a guessed year or with places on both sides take a Python step.
        """
        if self._sorted_rows is None:
            self._sorted_rows = _sorted_rows(self.matrix)
        # The summation order is chosen on all the pairs asked about (see pair_dots).
        forward = bool(self._sorted_rows[left].all() and self._sorted_rows[right].all())
        scores = self._scores(left, right, forward)
        keep = ~np.isnan(scores)
        return scores[keep], left[keep], right[keep]

    def _scores(self, left: np.ndarray, right: np.ndarray, forward: bool) -> np.ndarray:
        """:meth:`adjust_all`'s scores, NaN for vetoed pairs, each summed in the order ``forward``."""
        p = self.params
        d = self._date_arrays()
        out = np.full(len(left), np.nan)
        both = d["dated"][left] & d["dated"][right]
        plain = both & ((d["known"][left] & d["known"][right]) | ~d["month"][left] | ~d["month"][right])
        gap = np.maximum(0, np.maximum(d["first"][right] - d["last"][left], d["first"][left] - d["last"][right]))
        odd = np.flatnonzero(both & ~plain)
        if len(odd):
            gap[odd] = self._guessed_gaps(left[odd], right[odd], gap[odd])
        veto = both & (gap > np.maximum(d["tolerance"][left], d["tolerance"][right]))
        keep = ~veto
        left, right, gap = left[keep], right[keep], gap[keep]
        scores = self.pair_scores(left, right, forward).astype(np.float64)
        both = both[keep]
        scores[both & d["day"][left] & d["day"][right] & (gap == 0)] += p.date_bonus
        placed = np.flatnonzero(d["placed"][left] & d["placed"][right])
        if len(placed):
            a, b = left[placed], right[placed]
            scores[placed[~self._mentioned(a, b) & ~self._mentioned(b, a)]] -= p.place_penalty
        out[keep] = scores
        return out

    def _guessed_gaps(self, left: np.ndarray, right: np.ndarray, plain: np.ndarray) -> np.ndarray:
        """:meth:`EventDate.gap` of dated pairs with a month on both sides and a guessed year on
        at least one; ``plain`` is their gap as if both years were known.

        The guessed date (the left one when both are) is moved next to the other's year:
        its spans depend only on that date and that year, which few pairs do not share, so
        each distinct (date, year) is moved once and the pairs' gaps are array arithmetic.
        """
        d, reps = self._date_arrays(), self._kinds
        guessed_left = ~d["known"][left]
        guessed = np.where(guessed_left, left, right)
        anchor = np.where(guessed_left, right, left)
        years = d["year"][anchor]
        low = int(years.min())
        codes, inverse = np.unique(d["kind"][guessed] * (int(years.max()) - low + 1) + (years - low),
                                   return_inverse=True)
        inverse = inverse.ravel()
        kinds = d["kind"][guessed][np.unique(inverse, return_index=True)[1]]
        firsts = np.zeros((len(codes), 3), dtype=np.int64)
        lasts = np.zeros((len(codes), 3), dtype=np.int64)
        valid = np.zeros((len(codes), 3), dtype=bool)
        for u, (kind, year) in enumerate(zip(kinds.tolist(), (codes % (int(years.max()) - low + 1) + low).tolist(),
                                             strict=True)):
            for s, (first, last) in enumerate(_moved_spans(reps[kind].date, year)):
                firsts[u, s], lasts[u, s], valid[u, s] = first, last, True
        f, la, ok = firsts[inverse], lasts[inverse], valid[inverse]
        first_a, last_a = d["first"][anchor][:, None], d["last"][anchor][:, None]
        each = np.maximum(0, np.maximum(first_a - la, f - last_a))
        moved = np.where(ok, each, np.iinfo(np.int64).max).min(axis=1)
        return np.where(ok.any(axis=1), moved, plain)  # 29 February and no leap year near: as if known

    def _mentioned(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Per pair, whether article ``b[k]`` mentions one of the main places of article ``a[k]``
        (the vectorised half of :meth:`_elsewhere`)."""
        if self._place_index is None:
            self._place_index = _PlaceIndex(self._places, len(self))
        index = self._place_index
        ptr, ids, size = index.ptr, index.ids, index.size
        mentions = index.codes_of(b, self._mentions)
        lengths = ptr[a + 1] - ptr[a]
        owner = np.repeat(np.arange(len(a)), lengths)
        at = np.arange(len(owner), dtype=np.int64) + np.repeat(ptr[a] - (np.cumsum(lengths) - lengths), lengths)
        wanted = b[owner] * size + ids[at]
        pos = np.minimum(np.searchsorted(mentions, wanted), max(len(mentions) - 1, 0))
        hit = mentions[pos] == wanted if len(mentions) else np.zeros(len(wanted), dtype=bool)
        return np.bincount(owner[hit], minlength=len(a)) > 0

    def _date_arrays(self) -> dict[str, np.ndarray]:
        """Per article: has a date, first and last day ordinals, tolerance, year known, has a
        month, known to the day, has main places (made when first needed, or by an update)."""
        if self._dates is None:
            self._kinds = []
            self._dates = _date_rows(self.dates, self._places, {}, self._kinds)
        return self._dates

    def _updated_dates(self, previous: dict[str, Any]) -> dict[str, np.ndarray] | None:
        """The previous build's date arrays (see :meth:`state`) with the changed rows worked
        out again (a row's date and places are a function of its key); None without them."""
        prior = previous.get("dates")
        if prior is None or len(prior[0]["dated"]) != len(self.dates):
            return None
        arrays, kinds = prior
        self._kinds = list(kinds)
        kind_of = {(d.date, d.year_known): k for k, d in enumerate(self._kinds)}
        rows = self._changed
        fresh = _date_rows([self.dates[k] for k in rows.tolist()], [self._places[k] for k in rows.tolist()],
                           kind_of, self._kinds)
        dates = {name: values.copy() for name, values in arrays.items()}
        for name, values in fresh.items():
            dates[name][rows] = values
        return dates

    def pair_scores(self, left: Sequence[int], right: Sequence[int], forward: bool | None = None) -> np.ndarray:
        """Raw scores of the pairs (left[k], right[k]); linear in the rows' entries."""
        if self._sorted_rows is None:
            self._sorted_rows = _sorted_rows(self.matrix)
        return pair_dots(self.matrix, left, right, self._sorted_rows, forward)

    def mean_score(self, a: list[int], b: list[int], known: dict[tuple[int, int], float],
                   cap: int = 25) -> float:
        """Mean adjusted score between two clusters (a vetoed pair counts as 0)."""
        pairs = [(min(i, j), max(i, j)) for i in a[:cap] for j in b[:cap]]
        missing = [p for p in pairs if p not in known]
        if missing:
            raw = self.pair_scores([i for i, _ in missing], [j for _, j in missing])
            for (i, j), v in zip(missing, raw.tolist(), strict=True):
                adjusted = self.adjust(i, j, v)
                known[(i, j)] = adjusted if adjusted is not None else 0.0
        return sum(known[p] for p in pairs) / len(pairs)


def pair_dots(m: _Rows | sp.csr_matrix, left: Sequence[int] | np.ndarray, right: Sequence[int] | np.ndarray,
              sorted_rows: np.ndarray | None = None, forward: bool | None = None) -> np.ndarray:
    """Float32 dot products of rows ``left[k]`` and ``right[k]`` of ``m``, bit for bit as
    ``m[left].multiply(m[right]).sum(axis=1)`` computes them, at about a third of the cost.

    That expression copies both rows of every pair and merges them; here each right row
    is spread once into a lookup of column → position, and only the left rows are read.
    scipy's merge visits the shared columns in the left row's stored order when every
    row involved has sorted column indices, else (the general case: matrix products
    leave them unsorted) in the reverse of it, and adds the float32 products one by one;
    the left rows are read in that order, so the products come out in it, and are added
    by the same scipy sum.
    ``sorted_rows`` is ``_sorted_rows(m)``, for callers that ask many times; ``forward``,
    when given, is that order as decided for a larger set of pairs these are taken from.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    n = len(left)
    if n == 0:
        return np.zeros(0, dtype=m.data.dtype)
    if forward is None:
        if sorted_rows is None:
            sorted_rows = _sorted_rows(m)
        forward = bool(sorted_rows[left].all() and sorted_rows[right].all())
    order = np.argsort(right, kind="stable")
    left, right = left[order], right[order]
    indptr = m.indptr.astype(np.int64)
    starts = indptr[left]
    lengths = indptr[left + 1] - starts
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    # Every entry of every left row, pair after pair, each row in the order scipy visits it:
    # its shared entries then come out in that order, with no sort.
    step = np.arange(ptr[-1], dtype=np.int64) - np.repeat(ptr[:-1], lengths)
    entries = np.repeat(starts, lengths) + (step if forward else np.repeat(lengths - 1, lengths) - step)
    columns = m.indices[entries]
    where = np.empty(len(entries), dtype=np.int32)  # position of the column in the right row, or -1
    lookup = np.full(m.shape[1], -1, dtype=np.int32)
    firsts = np.flatnonzero(np.diff(right, prepend=-1))
    ends = np.append(firsts[1:], n)
    for j, lo, hi in zip(right[firsts].tolist(), ptr[firsts].tolist(), ptr[ends].tolist(), strict=True):
        own = m.indices[indptr[j] : indptr[j + 1]]
        lookup[own] = np.arange(len(own), dtype=np.int32)
        where[lo:hi] = lookup[columns[lo:hi]]
        lookup[own] = -1
    shared = np.flatnonzero(where >= 0)
    pair = np.repeat(np.arange(n), lengths)[shared]
    products = m.data[entries[shared]] * m.data[indptr[right[pair]] + where[shared]]
    rows = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair, minlength=n), out=rows[1:])
    sums = _row_sums(_Rows(products, columns[shared], rows, (n, m.shape[1])))
    out = np.empty(n, dtype=sums.dtype)
    out[order] = sums
    return out


def _top_entries(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, rows: np.ndarray,
                 k: int) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """For the selected ``rows`` (a mask; each longer than ``k``), the positions in ``data`` of
    their ``k`` largest values: (row numbers, positions one row per line), a group at a time.

    Exactly what ``start + np.argpartition(-row, k)[:k]`` gives row by row, ties and order
    included: rows of one length are partitioned together along the second axis, which runs
    the same selection on each line as it runs on one row alone.
    """
    chosen = np.flatnonzero(rows)
    if not len(chosen):
        return
    by_length = chosen[np.argsort(lengths[chosen], kind="stable")]
    sizes = lengths[by_length]
    cuts = np.flatnonzero(np.diff(sizes)) + 1
    for group in np.split(by_length, cuts):
        size = int(lengths[group[0]])
        where = starts[group][:, None] + np.arange(size)
        top = np.argpartition(-data[where], k, axis=1)[:, :k]
        yield group, np.take_along_axis(where, top, axis=1)


def _sorted_rows(m: _Rows | sp.csr_matrix) -> np.ndarray:
    """Per row, whether its column indices strictly increase (scipy's canonical format)."""
    n, indices = m.shape[0], m.indices
    indptr = np.asarray(m.indptr, dtype=np.int64)
    out = np.ones(n, dtype=bool)
    if len(indices) < 2:
        return out
    # A step between two entries of one row that does not rise unsorts that row; a step
    # from one row into the next does not count. Booleans and one reduction per row: on
    # 20,000 articles a row number per entry and its comparisons were 150 MB at the peak.
    falls = indices[1:] <= indices[:-1]
    cuts = indptr[1:-1]
    falls[cuts[(cuts > 0) & (cuts < len(indices))] - 1] = False
    full = np.flatnonzero(np.diff(indptr) > 1)  # rows with a step of their own
    if len(full):
        out[full] = ~np.logical_or.reduceat(falls, indptr[full])
    return out


class _Lazy(Sequence[Any]):
    """``make(k)`` for k in range(n), each made on first read and kept."""

    def __init__(self, n: int, make: Callable[[int], Any]) -> None:
        self._n, self._make = n, make
        self._made: dict[int, Any] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k: int) -> Any:  # type: ignore[override]
        try:
            return self._made[k]
        except KeyError:
            if not 0 <= k < self._n:
                raise IndexError(k) from None
            value = self._made[k] = self._make(k)
            return value

    def __iter__(self) -> Iterator[Any]:
        return (self[k] for k in range(self._n))

    def forget(self) -> None:
        """Drops the values made so far (they are made again if asked for)."""
        self._made.clear()


class _PlaceIndex:
    """Each article's main places as numbers (row pointers ``ptr`` and ``ids``), and the
    sorted codes ``article · size + id`` of the places the articles asked about so far mention.

    Only keys that are someone's main place get a number: no other mention is ever looked
    up. An article's codes are made the first time it is asked about, so an edit rebuild,
    which scores few pairs again, reads few articles' entity keys.
    """

    def __init__(self, places: Sequence[frozenset[str]], n: int) -> None:
        number: dict[str, int] = {}
        for found in places:
            for key in sorted(found):
                number.setdefault(key, len(number))
        self.number = number
        self.size = max(len(number), 1)
        self.ptr = np.zeros(len(places) + 1, dtype=np.int64)
        np.cumsum([len(found) for found in places], out=self.ptr[1:])
        self.ids = np.array([number[key] for found in places for key in found], dtype=np.int64)
        self.codes = np.zeros(0, dtype=np.int64)
        self._coded = np.zeros(n, dtype=bool)

    def codes_of(self, articles: np.ndarray, mentions: Sequence[Counter[str]]) -> np.ndarray:
        """The codes, with those of ``articles`` among them."""
        new = _distinct(articles[~self._coded[articles]])
        if len(new):
            number, size = self.number, self.size
            codes = [k * size + number[key] for k in new.tolist() for key in (mentions[k].keys() & number.keys())]
            self.codes = _distinct(np.concatenate([self.codes, np.array(codes, dtype=np.int64)]))  # np.union1d
            self._coded[new] = True
        return self.codes


def _main_places(features: Features) -> set[str]:
    """The place(s) an article is mostly set in, when it says so ("in Tokyo", a dateline)."""
    if not features.places:
        return set()
    top = max(features.places.values())
    return {k for k, v in features.places.items() if v == top}


def _date_rows(dates: Sequence[EventDate | None], places: Sequence[Any],
               kind_of: dict[tuple[PartialDate, bool], int], kinds: list[EventDate]) -> dict[str, np.ndarray]:
    """:meth:`Corpus._date_arrays` of these rows; ``kind_of`` and ``kinds`` (one EventDate a
    kind) are extended with the kinds first met here."""
    # Each article's kind of date: an index into ``kinds``, one per distinct (date, year
    # known) pair, all :meth:`EventDate.gap` reads (-1: no date). Numbers only tell kinds
    # apart: which kind has which number changes no result.
    kind = np.full(len(dates), -1, dtype=np.int64)
    for k, d in enumerate(dates):
        if d is not None:
            kind[k] = kind_of.setdefault((d.date, d.year_known), len(kind_of))
            if kind[k] == len(kinds):
                kinds.append(d)
    return {
        "dated": np.array([d is not None for d in dates], dtype=bool),
        "first": np.array([d.first if d else 0 for d in dates], dtype=np.int64),
        "last": np.array([d.last if d else 0 for d in dates], dtype=np.int64),
        "tolerance": np.array([d.tolerance if d else 0 for d in dates], dtype=np.int64),
        "known": np.array([bool(d and d.year_known) for d in dates], dtype=bool),
        "month": np.array([bool(d and d.date.month is not None) for d in dates], dtype=bool),
        "day": np.array([bool(d and d.date.precision == "day") for d in dates], dtype=bool),
        "placed": np.array([bool(pl) for pl in places], dtype=bool),
        "kind": kind,
        "year": np.array([d.date.year if d else 0 for d in dates], dtype=np.int64),
    }


def cluster(corpus: Corpus) -> list[list[int]]:
    """Clusters of article indexes, each sorted, ordered by their first member."""
    n = len(corpus)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    dates: dict[int, list[EventDate]] = {i: [d] for i, d in enumerate(corpus.dates) if d is not None}
    p = corpus.params

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    candidates = corpus.candidates()
    # The candidates' scores by pair, for mean_score: made when a merge first needs them
    # (an edit that links no cluster of two or more never does).
    known: dict[tuple[int, int], float] | None = None
    for score, i, j in candidates:
        if score < p.link:
            break
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if dates_conflict(dates.get(ri, []), dates.get(rj, [])):
            continue
        if len(members[ri]) > 1 or len(members[rj]) > 1:
            if known is None:
                known = {(a, b): value for value, a, b in candidates}
            if corpus.mean_score(members[ri], members[rj], known) < p.average:
                continue
        if len(members[ri]) < len(members[rj]) or (len(members[ri]) == len(members[rj]) and rj < ri):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri] = sorted(members[ri] + members.pop(rj))
        dates[ri] = dates.get(ri, []) + dates.pop(rj, [])
    # (Each cluster's members are kept sorted.)
    return sorted(members.values(), key=operator.itemgetter(0))


# Date sources that resolve a bare weekday name against the publication date: the
# direction (last Thursday or next Thursday?) is a guess, so they may be a week out.
WEAK_DATE_SOURCES = frozenset({"relative"})
# Sources whose year is borrowed (from the publication date, another year in the text or
# the nearest year where a weekday fits) rather than written next to the day.
GUESSED_YEAR_SOURCES = frozenset({"reference year", "weekday inference"})


def own_date(article: Article, params: Params = DEFAULT) -> EventDate | None:
    """The event date an article gives itself (not one borrowed from its story)."""
    found = article.event_date
    if found is None or found.source == "story":
        return None
    # Every build asks once per article: looked up by the date's fields (hashed in C), not by
    # the date (whose dataclass hash is Python code) through _event_date's cache.
    day = found.date
    key = (day.year, day.month, day.day, found.source, params.weak_date_tolerance_days, params.date_tolerance_days)
    made = _OWN_DATES.get(key)
    if made is None:
        if len(_OWN_DATES) >= 65536:
            _OWN_DATES.clear()
        weak = found.source in WEAK_DATE_SOURCES or found.source.startswith("relative")
        made = _OWN_DATES[key] = _event_date(day, params.weak_date_tolerance_days if weak
                                             else params.date_tolerance_days, found.source not in GUESSED_YEAR_SOURCES)
    return made


# own_date's results by (year, month, day, source, weak and plain tolerance).
_OWN_DATES: dict[tuple[int, int | None, int | None, str, int, int], EventDate] = {}


@lru_cache(maxsize=65536)
def _event_date(date: PartialDate, tolerance: int, year_known: bool) -> EventDate:
    """One (immutable) EventDate for the many articles that give the same date: every
    build makes one per article, and making one works out the days it spans."""
    return EventDate(date, tolerance, year_known=year_known)


def cluster_articles(articles: Sequence[Article], params: Params = DEFAULT,
                     known: MutableMapping[str, Features] | None = None,
                     known_evidence: MutableMapping[str, Evidence] | None = None,
                     consume: bool = False, memo: dict[str, Any] | None = None) -> list[list[int]]:
    """Clusters of indexes into ``articles``: one list per event.

    ``known`` maps an article's source to its :func:`features.extract` result where a
    build already has it (cached per file version), ``known_evidence`` to its
    :func:`evidence`, made from those features; the others are made here. With
    ``consume`` both are emptied once the vectors are made, so that what only the
    vectors needed is freed before the similarity search.

    ``memo`` carries the corpus state between builds (see :class:`Corpus`): what the
    previous build left there is reused where provably unchanged, then replaced.
    """
    known = {} if known is None else known
    known_evidence = {} if known_evidence is None else known_evidence
    missing = [a for a in articles if a.source not in known]
    fresh = dict(zip((a.source for a in missing), extract_all(missing), strict=True))
    sources = [a.source for a in articles]

    def feature(k: int) -> Features:
        source = sources[k]
        return known[source] if source in known else fresh[source]

    # Read when asked: an update of the previous build's state reads the changed articles'
    # features alone (and a few more articles' entity keys), not every cached one.
    features = _Lazy(len(articles), feature)
    def evidence_of(k: int) -> Evidence:
        source = sources[k]
        return known_evidence[source] if source in known and source in known_evidence else evidence(features[k])

    found = _Lazy(len(articles), evidence_of)
    dates = [own_date(a, params) for a in articles]
    keys = None if memo is None else [(a.source, a.content_hash, d) for a, d in zip(articles, dates, strict=True)]
    corpus = Corpus(features, dates, params, found, keys=keys, previous=None if memo is None else memo.get("corpus"))
    # What the corpus keeps of them it has taken: let the rest go before the similarity search.
    features.forget()
    found.forget()
    if consume and not corpus.updated:
        known.clear()
        known_evidence.clear()
    groups = cluster(corpus)
    if consume:
        known.clear()
        known_evidence.clear()
    if memo is not None:
        memo["corpus"] = corpus.state()
    return groups


def pairwise_scores(predicted: Sequence[Sequence[str]], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against ``truth`` (item → event id)."""
    # Counted from cluster sizes rather than by visiting pairs, so 20,000 items stay cheap.
    label: dict[str, int] = {}
    for k, group in enumerate(predicted):
        for item in group:
            label[item] = k
    cells: Counter[tuple[str, int]] = Counter()
    pred_sizes: Counter[int] = Counter()
    true_sizes: Counter[str] = Counter()
    for n, item in enumerate(sorted(truth)):
        k = label.get(item, -1 - n)  # an item missing from the clustering stands alone
        cells[(truth[item], k)] += 1
        pred_sizes[k] += 1
        true_sizes[truth[item]] += 1

    def pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    tp = pairs(cells.values())
    fp = pairs(pred_sizes.values()) - tp
    fn = pairs(true_sizes.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": float(tp + fn)}




def evaluate_folder(content: Path, truth_file: Path, params: Params = DEFAULT) -> dict[str, float]:
    """Pairwise precision, recall and F1 of clustering a folder against its ``truth.yaml``.

    Used by the fixture test and the benchmark, so both report the same figures.
    """
    import yaml  # only here: a build that reads no YAML need not import it

    from site_builder.ingest import load_articles  # analyze may read ingest; imported late to keep startup light

    truth = {str(k): str(v) for k, v in (yaml.safe_load(truth_file.read_text(encoding="utf-8")) or {}).items()}
    articles, _ = load_articles(content, SiteConfig())
    articles = sorted((a for a in articles if a.source in truth), key=lambda a: a.source)
    groups = cluster_articles(articles, params)
    return pairwise_scores([[articles[i].source for i in g] for g in groups], truth)

"""The array versions of clustering's per-row and per-pair steps agree with the plain Python ones."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import scipy.sparse as sp

from site_builder.analyze.cluster import Corpus, EventDate, Params, _top_entries
from site_builder.model import PartialDate


def _bare_corpus(dates: list[EventDate | None], places: list[frozenset[str]],
                 mentions: list[Counter[str]]) -> Corpus:
    """A Corpus with only what the date and place steps read (no vectors needed)."""
    corpus = Corpus.__new__(Corpus)
    corpus.dates, corpus.params = dates, Params()
    corpus.matrix = sp.csr_matrix((len(dates), 1), dtype=np.float32)
    corpus._places, corpus._mentions = places, mentions
    corpus._sorted_rows, corpus._dates, corpus._kinds, corpus._place_index = None, None, [], None
    return corpus


def test_top_entries_match_argpartition_row_by_row_ties_included() -> None:
    rng = np.random.default_rng(7)
    lengths = rng.integers(1, 60, size=300)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    data = rng.integers(0, 4, size=int(lengths.sum())).astype(np.float32)  # many ties
    k = 10
    seen = set()
    for rows, picked in _top_entries(data, starts, lengths, lengths > k, k):
        for r, got in zip(rows.tolist(), picked, strict=True):
            row = data[starts[r] : starts[r] + lengths[r]]
            assert got.tolist() == (starts[r] + np.argpartition(-row, k)[:k]).tolist()
            seen.add(r)
    assert seen == set(np.flatnonzero(lengths > k).tolist())


def test_guessed_year_gaps_match_event_date_gap() -> None:
    days = [PartialDate(2023, 2, 28), PartialDate(2024, 2, 29), PartialDate(2023, 12, 31), PartialDate(2024, 1, 1),
            PartialDate(2022, 6, None), PartialDate(2024, 3, 3), PartialDate(2021, 2, 28)]
    dates = [EventDate(d, t, known) for d, t, known in itertools.product(days, (2, 7), (True, False))]
    corpus = _bare_corpus(dates, [frozenset()] * len(dates), [Counter()] * len(dates))
    pairs = [(i, j) for i in range(len(dates)) for j in range(i + 1, len(dates))
             if not (dates[i].year_known and dates[j].year_known)]
    left, right = (np.array(x, dtype=np.int64) for x in zip(*pairs, strict=True))
    d = corpus._date_arrays()
    plain = np.maximum(0, np.maximum(d["first"][right] - d["last"][left], d["first"][left] - d["last"][right]))
    got = corpus._guessed_gaps(left, right, plain)
    assert got.tolist() == [dates[i].gap(dates[j]) for i, j in pairs]


def test_place_penalty_matches_elsewhere() -> None:
    rng = np.random.default_rng(3)
    keys = [f"place-{k}" for k in range(6)]
    places = [frozenset(rng.choice(keys, size=rng.integers(0, 3), replace=False).tolist()) for _ in range(40)]
    mentions = [Counter(rng.choice([*keys, "other"], size=rng.integers(0, 5)).tolist()) for _ in range(40)]
    corpus = _bare_corpus([None] * 40, places, mentions)
    pairs = [(i, j) for i in range(40) for j in range(i + 1, 40) if places[i] and places[j]]
    a, b = (np.array(x, dtype=np.int64) for x in zip(*pairs, strict=True))
    got = ~corpus._mentioned(a, b) & ~corpus._mentioned(b, a)
    assert got.tolist() == [corpus._elsewhere(i, j) for i, j in pairs]

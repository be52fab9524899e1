"""Story clustering's faster paths give exactly what the plain expressions they replace give.

``_ranks`` must be ``np.unique(values, return_inverse=True)`` for any integers below 2**32
(high bits set, repeats, one value, none). Candidate pairs are scored grouped by right row
instead of in runs of 10,000 in pair order: a pair's score must not depend on which
pairs it is scored with, nor on their order.
"""

from __future__ import annotations

import numpy as np
import pytest

from site_builder.analyze import cluster as cl


@pytest.mark.parametrize("seed", range(8))
def test_ranks_match_unique_with_inverse(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 3000))
    pool = rng.integers(0, 1 << 32, size=max(1, size // 3), dtype=np.uint64).astype(np.int64)
    pool[: min(3, len(pool))] = [0, (1 << 32) - 1, 1 << 31][: min(3, len(pool))]
    values = pool[rng.integers(0, len(pool), size=size)]
    used, inverse = cl._ranks(values)
    want_used, want_inverse = np.unique(values, return_inverse=True)
    assert used.dtype == want_used.dtype
    assert np.array_equal(used, want_used)
    assert np.array_equal(inverse, want_inverse.ravel())


def test_ranks_of_one_value_and_of_none() -> None:
    used, inverse = cl._ranks(np.array([7, 7, 7], dtype=np.int64))
    assert used.tolist() == [7] and inverse.tolist() == [0, 0, 0]
    used, inverse = cl._ranks(np.zeros(0, dtype=np.int64))
    assert len(used) == 0 and len(inverse) == 0


def test_count_matrix_of_crc_ids_as_scipy_sums_them() -> None:
    import scipy.sparse as sp

    rng = np.random.default_rng(3)
    pool = rng.integers(0, 1 << 32, size=50, dtype=np.uint64).astype(np.uint32)
    docs = [pool[rng.integers(0, 50, size=int(rng.integers(0, 30)))] for _ in range(40)]
    counts, used = cl._count_matrix(docs)
    ids = np.concatenate(docs).astype(np.int64)
    want_used, columns = np.unique(ids, return_inverse=True)
    indptr = np.cumsum([0] + [len(d) for d in docs])
    want = sp.csr_matrix((np.ones(len(ids), dtype=np.float32), columns.ravel(), indptr),
                         shape=(len(docs), len(want_used)))
    want.sum_duplicates()
    assert np.array_equal(used, want_used)
    assert np.array_equal(counts.indptr, want.indptr)
    assert np.array_equal(counts.indices, want.indices)
    assert np.array_equal(counts.data, want.data)


def _corpus(seed: int, n: int = 60) -> cl.Corpus:
    """A corpus of random vectors (rows unsorted, as products leave them), some dated and placed."""
    import scipy.sparse as sp

    from site_builder.model import PartialDate

    rng = np.random.default_rng(seed)
    m = sp.random(n, 90, density=0.15, format="csr", dtype=np.float32, random_state=rng)
    m = sp.csr_matrix(sp.diags(rng.random(n).astype(np.float32) + 0.5) @ m, dtype=np.float32)
    corpus = cl.Corpus.__new__(cl.Corpus)
    corpus.params = cl.DEFAULT
    corpus.matrix = cl._Rows(m.data, m.indices, m.indptr, m.shape)
    corpus.dates = [None if k % 3 else cl._event_date(PartialDate(2024, 5, 1 + k % 9), 2, k % 2 == 0)
                    for k in range(n)]
    corpus._places = [frozenset({f"p{k % 4}"}) if k % 5 == 0 else frozenset() for k in range(n)]
    from collections import Counter
    corpus._mentions = [Counter({f"p{(k + 1) % 4}": 1}) for k in range(n)]
    corpus._sorted_rows = None
    corpus._dates = None
    corpus._kinds = []
    corpus._place_index = None
    return corpus


@pytest.mark.parametrize("seed", range(4))
def test_a_pairs_score_does_not_depend_on_the_pairs_scored_with_it(seed: int) -> None:
    corpus = _corpus(seed)
    n = len(corpus)
    rng = np.random.default_rng(seed + 100)
    codes = np.unique(rng.integers(0, n * n, size=400))
    left, right = np.divmod(codes, n)
    keep = left != right
    left, right = np.minimum(left, right)[keep], np.maximum(left, right)[keep]
    for forward in (True, False):
        together = corpus._scores(left, right, forward)
        alone = np.array([corpus._scores(left[k : k + 1], right[k : k + 1], forward)[0] for k in range(len(left))])
        by_right = np.argsort(right, kind="stable")
        shuffled = np.empty(len(left))
        shuffled[by_right] = corpus._scores(left[by_right], right[by_right], forward)
        assert np.array_equal(together, alone, equal_nan=True)
        assert np.array_equal(together, shuffled, equal_nan=True)


def _plain_sorted_rows(m: cl._Rows) -> np.ndarray:
    row = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    falls = (np.diff(m.indices.astype(np.int64)) <= 0) & (row[1:] == row[:-1])
    return np.bincount(row[1:][falls], minlength=m.shape[0]) == 0


@pytest.mark.parametrize("seed", range(10))
def test_sorted_rows_match_a_row_by_row_check(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    lengths = rng.integers(0, 4, size=n) * rng.integers(0, 2, size=n)  # empty, one-entry and longer rows
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int32)
    indices = np.concatenate([np.sort(rng.choice(30, size=k, replace=False)) if rng.random() < 0.5
                              else rng.choice(30, size=k, replace=False) for k in lengths] + [np.zeros(0, int)])
    m = cl._Rows(np.ones(len(indices), dtype=np.float32), indices.astype(np.int32), indptr, (n, 30))
    got = cl._sorted_rows(m)
    assert np.array_equal(got, _plain_sorted_rows(m))
    assert np.array_equal(got, [bool(np.all(np.diff(indices[indptr[r] : indptr[r + 1]]) > 0)) for r in range(n)])


@pytest.mark.parametrize("seed", range(3))
def test_candidates_are_the_same_whether_or_not_a_state_is_kept(seed: int) -> None:
    found = []
    for keep in (True, False):
        corpus = _corpus(seed, n=80)
        corpus.params = cl.Params(chunk=7, link=0.05, neighbours=3)  # several blocks, crowded rows
        corpus._keep, corpus._previous, corpus._affected = keep, None, None
        corpus._above = corpus._scored = None
        found.append(corpus.candidates())
        if keep:
            assert len(corpus._above[0]) > int(corpus._above[3].sum())  # some neighbours were left out
    assert found[0] == found[1] and found[0]

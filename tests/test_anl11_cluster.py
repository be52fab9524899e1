"""The edit path's clustering helpers give the arrays of the plain expressions they replace.

``_products`` sifts whichever matrix has more entries by the other's columns and orders
each row's columns by one sort of keys: both ways round, and with matrices sharing no
column or holding no entry, it must still give scipy's product bit for bit.
``_renumbered`` works out the old columns' new numbers from the columns that come and go;
it must give ``np.searchsorted`` of the new ids, and the ids ``np.union1d`` would.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from site_builder.analyze import cluster as cl
from tests.test_editanalysis_csr import _same


def _rows(m: sp.csr_matrix) -> cl._Rows:
    return cl._Rows(m.data, m.indices, m.indptr, m.shape)


def _random(rng: np.random.Generator, n: int, width: int, density: float) -> sp.csr_matrix:
    m = sp.random(n, width, density=density, format="csr", dtype=np.float32, random_state=rng)
    m.data = rng.integers(-3, 4, size=m.nnz).astype(np.float32) / 4  # ties, zeros, cancelling sums
    m = sp.csr_matrix(sp.diags(rng.random(n).astype(np.float32)) @ m, dtype=np.float32)  # unsorted rows
    m.eliminate_zeros()
    return m


@pytest.mark.parametrize("seed", range(6))
def test_products_match_scipy_whichever_side_is_larger(seed: int) -> None:
    rng = np.random.default_rng(seed)
    big = _random(rng, 120, 70, 0.2)
    few = big[np.sort(rng.choice(120, size=1 + seed, replace=False))]
    for a, b in ((big, few), (few, big), (few, few)):
        _same(cl._products(_rows(a), _rows(b)), (a @ b.T.tocsr()).tocsr())
    # Bands of a few rows at a time give the same.
    _same(cl._products(_rows(big), _rows(few), cells=3 * few.shape[0]), (big @ few.T.tocsr()).tocsr())


def test_products_of_matrices_with_no_shared_column_or_no_entry() -> None:
    rng = np.random.default_rng(9)
    left = _random(rng, 30, 40, 0.2)
    left = sp.csr_matrix(left.multiply(np.arange(40) < 20), dtype=np.float32)  # columns 0-19 only
    right = _random(rng, 7, 40, 0.3)
    right = sp.csr_matrix(right.multiply(np.arange(40) >= 20), dtype=np.float32)  # columns 20-39 only
    left.eliminate_zeros()
    right.eliminate_zeros()
    empty = sp.csr_matrix((5, 40), dtype=np.float32)
    for a, b in ((left, right), (right, left), (left, empty), (empty, left), (empty, empty)):
        _same(cl._products(_rows(a), _rows(b)), (a @ b.T.tocsr()).tocsr())


@pytest.mark.parametrize("seed", range(20))
def test_renumbered_matches_a_search_of_the_new_ids(seed: int) -> None:
    rng = np.random.default_rng(seed)
    old_used = np.unique(rng.integers(0, 400, size=int(rng.integers(1, 80)))).astype(np.int64)
    gone_at = np.unique(rng.choice(len(old_used), size=int(rng.integers(0, min(5, len(old_used)) + 1)),
                                   replace=False)).astype(np.int64)
    if seed % 4 == 0:
        gone_at = np.zeros(0, dtype=np.int64)
    fresh_used = np.unique(rng.integers(0, 420, size=int(rng.integers(0, 12)))).astype(np.int64)
    if seed % 5 == 0:  # only ids it has already
        fresh_used = old_used[: len(old_used) // 2]
    used, table, new_at, gone = cl._renumbered(old_used, gone_at, fresh_used)
    expected = np.union1d(np.delete(old_used, gone_at), fresh_used)
    assert used.tolist() == expected.tolist()
    assert gone.tolist() == gone_at.tolist()
    if table is None:
        assert used is old_used and not len(gone_at)
    else:
        assert table.tolist() == np.searchsorted(used, old_used).tolist()
    fresh_only = np.setdiff1d(fresh_used, np.delete(old_used, gone_at))
    assert used[new_at].tolist() == fresh_only.tolist()


def test_renumbered_when_an_edited_articles_own_term_goes_and_comes_back() -> None:
    # An edited article keeps a term no other article has: it is gone from the old counts
    # and new in the fresh ones, and must keep its place (the search lands on it).
    old_used = np.array([10, 20, 30, 40], dtype=np.int64)
    used, table, new_at, _ = cl._renumbered(old_used, np.array([1], dtype=np.int64),
                                            np.array([5, 20, 35], dtype=np.int64))
    assert used.tolist() == [5, 10, 20, 30, 35, 40]
    assert table is not None and table.tolist() == [1, 2, 3, 5]
    assert new_at.tolist() == [0, 2, 4]

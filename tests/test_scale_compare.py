"""The story matrix of the source comparison, written only where terms occur, against a cell-by-cell reference."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import compare


def _reference(sentences: list[compare._Sentence], idf: np.ndarray) -> np.ndarray:
    """Cosine similarities from a matrix filled one cell at a time (columns in order of first appearance)."""
    columns: dict[int, int] = {}
    for sentence in sentences:
        for term in sentence.terms:
            columns.setdefault(term, len(columns))
    matrix = np.zeros((len(sentences), max(1, len(columns))))
    for row, sentence in enumerate(sentences):
        for term in set(sentence.terms):
            matrix[row, columns[term]] = (1 + math.log(sentence.terms.count(term))) * idf[term]
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    return matrix @ matrix.T


_TERMS = st.lists(st.integers(1, 12), min_size=1, max_size=15)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TERMS, min_size=1, max_size=12), st.lists(st.floats(0.5, 4.0), min_size=13, max_size=13))
def test_matrix_is_bit_for_bit_the_cell_by_cell_one(terms: list[list[int]], weights: list[float]) -> None:
    idf = np.array([0.0, *weights[1:]])
    sentences = [compare._Sentence(k % 3, k, f"sentence {k}", ids) for k, ids in enumerate(terms)]
    assert np.array_equal(compare._matrix(sentences, idf), _reference(sentences, idf))


def test_repeated_terms_weigh_sublinearly() -> None:
    idf = np.ones(4)
    once = compare._Sentence(0, 0, "a", [1, 2])
    twice = compare._Sentence(1, 0, "b", [1, 1, 2])
    sims = compare._matrix([once, twice], idf)
    # (1, 1) against (1 + log 2, 1): similar, but not the same direction.
    expected = (1 + math.log(2) + 1) / (math.sqrt(2) * math.sqrt((1 + math.log(2)) ** 2 + 1))
    assert math.isclose(sims[0, 1], expected)
    assert sims[0, 1] < 1.0

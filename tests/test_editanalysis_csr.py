"""Clustering's sparse steps written with numpy give scipy's arrays bit for bit, and an
edit rebuild's analysis no longer imports scipy.

The weighing, joining, row taking, products and row sums of ``cluster.py`` replace scipy
calls; each is compared here with the scipy expression it stands for, on the fixture
corpus's real count blocks and on random matrices with repeated values and empty rows
(values, column order and row pointers alike: stored order decides later sums and ties).
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from site_builder.analyze import cluster as cl
from site_builder.analyze.features import extract
from site_builder.ingest import load_articles
from site_builder.model import SiteConfig

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "fixtures" / "events"


def _same(rows: cl._Rows, m: sp.csr_matrix) -> None:
    assert rows.shape == m.shape
    assert rows.data.dtype == m.data.dtype
    assert rows.data.tobytes() == m.data.tobytes()
    assert rows.indices.astype(np.int64).tolist() == m.indices.astype(np.int64).tolist()
    assert rows.indptr.astype(np.int64).tolist() == m.indptr.astype(np.int64).tolist()


def _rows(m: sp.csr_matrix) -> cl._Rows:
    return cl._Rows(m.data, m.indices, m.indptr, m.shape)


def _scipy_weigh(counts: sp.csr_matrix, idf: np.ndarray, sublinear: bool) -> sp.csr_matrix:
    """What ``_weigh`` computed with scipy."""
    weighted = counts.copy()
    tf = (1.0 + np.log(counts.data)) if sublinear else np.ones_like(counts.data)
    weighted.data = (tf * idf[counts.indices]).astype(np.float32)
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted, dtype=np.float32)


@pytest.fixture(scope="module")
def blocks() -> list[tuple[cl._Rows, np.ndarray]]:
    """The fixture corpus's five count blocks, each with its IDF."""
    articles, _ = load_articles(EVENTS, SiteConfig())
    features = [extract(a) for a in sorted(articles, key=lambda a: a.source)]
    out = []
    for docs in cl._block_docs(features, [cl.evidence(f) for f in features]):
        counts, _ = cl._count_matrix(docs)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        out.append((counts, cl._idf(df, counts.shape[0], cl.DEFAULT)))
    return out


def test_weigh_and_join_match_scipy(blocks: list[tuple[cl._Rows, np.ndarray]]) -> None:
    weighted = []
    for (counts, idf), sublinear in zip(blocks, cl._SUBLINEAR, strict=True):
        expected = _scipy_weigh(cl._csr(counts), idf, sublinear)
        got = cl._weigh(counts, idf, sublinear)
        _same(got, expected)
        weighted.append(expected)
    # The rows come out reversed (a diagonal product's order): not scipy's sorted format.
    assert not cl._sorted_rows(cl._weigh(*blocks[0], True)).all()
    p = cl.DEFAULT
    shares = (p.w_stems, p.w_shingles, p.w_entities, p.w_figures, p.w_quotes)
    expected = sp.hstack([math.sqrt(w) * m for w, m in zip(shares, weighted, strict=True)], format="csr",
                         dtype=np.float32)
    _same(cl._join([_rows(m) for m in weighted], p), expected)


def test_take_and_products_match_scipy(blocks: list[tuple[cl._Rows, np.ndarray]]) -> None:
    m = _scipy_weigh(cl._csr(blocks[1][0]), blocks[1][1], False)  # shingles: many shared columns
    rows = _rows(m)
    rng = np.random.default_rng(5)
    picked = np.sort(rng.choice(m.shape[0], size=m.shape[0] // 3, replace=False))
    _same(cl._take(rows, picked), m[picked])
    _same(cl._products(rows, cl._take(rows, picked)), (m @ m[picked].T.tocsr()).tocsr())
    _same(cl._products(cl._take(rows, picked), rows), (m[picked] @ m.T.tocsr()).tocsr())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_products_and_row_sums_match_scipy_on_random_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = sp.random(80, 50, density=0.15, format="csr", dtype=np.float32, random_state=rng)
    m.data = rng.integers(-3, 4, size=m.nnz).astype(np.float32) / 4  # ties, exact zeros and cancelling sums
    m = sp.csr_matrix(sp.diags(rng.random(80).astype(np.float32)) @ m, dtype=np.float32)  # unsorted rows
    m.data[m.indptr[3] : m.indptr[4]] = 0  # an empty row
    m.eliminate_zeros()
    assert m.indptr[3] == m.indptr[4] and (m.data == 0).sum() == 0
    other = m[rng.permutation(80)[:30]]
    _same(cl._products(_rows(m), _rows(other)), (m @ other.T.tocsr()).tocsr())
    sums = np.asarray(m.sum(axis=1)).ravel()
    assert cl._row_sums(_rows(m)).tobytes() == sums.tobytes()


def test_an_edit_rebuild_does_not_import_scipy(tmp_path: Path) -> None:
    """A cold build uses scipy for its similarity product; the rebuild after a one-file edit,
    whose clustering is an update of the previous state, runs without it."""
    content = tmp_path / "content"
    content.mkdir()
    for path in sorted(EVENTS.glob("*.md")):
        (content / path.name).write_bytes(path.read_bytes())
    target = sorted(content.glob("*.md"))[len(list(content.glob("*.md"))) // 2]
    script = f"""
import sys
from pathlib import Path
from site_builder.build import build
from site_builder.model import SiteConfig
content, out, cache = Path({str(content)!r}), Path({str(tmp_path / "out")!r}), Path({str(tmp_path / "cache")!r})
build(content, out, SiteConfig(), cache_dir=cache, search=False)
print("cold", "scipy" in sys.modules)
"""
    edit = f"""
import sys
from pathlib import Path
from site_builder.build import build
from site_builder.model import SiteConfig
content, out, cache = Path({str(content)!r}), Path({str(tmp_path / "out")!r}), Path({str(tmp_path / "cache")!r})
result = build(content, out, SiteConfig(), cache_dir=cache, search=False)
print("edit", "scipy" in sys.modules, result.parsed_files)
"""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.split() == ["cold", "True"]
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more paragraph about the talks.\n",
                      encoding="utf-8")
    again = subprocess.run([sys.executable, "-c", edit], capture_output=True, text=True, env=env, check=True)
    assert again.stdout.split() == ["edit", "False", "1"]


def test_an_update_keeps_unchanged_rows_places_and_reads_a_changed_rows_anew(tmp_path: Path) -> None:
    """The corpus state remembers each article's main places; an update takes the changed
    articles' from their evidence, so an article moved to another city is placed there."""
    folder = tmp_path / "events"
    folder.mkdir()
    for path in sorted(EVENTS.glob("*.md")):
        (folder / path.name).write_bytes(path.read_bytes())

    def corpus(previous: dict[str, object] | None) -> cl.Corpus:
        articles = sorted(load_articles(folder, SiteConfig())[0], key=lambda a: a.source)
        features = [extract(a) for a in articles]
        dates = [cl.own_date(a) for a in articles]
        keys = [(a.source, a.content_hash, d) for a, d in zip(articles, dates, strict=True)]
        return cl.Corpus(features, dates, known=[cl.evidence(f) for f in features], keys=keys, previous=previous)

    old = corpus(None)
    cl.cluster(old)
    state = old.state()
    assert state is not None
    target = sorted(folder.glob("*.md"))[2]
    target.write_text(target.read_text(encoding="utf-8")
                      + "\nOfficials met in Nairobi on Monday. " * 6,
                      encoding="utf-8")
    warm, cold = corpus(state), corpus(None)
    assert warm.updated
    assert warm._places == cold._places
    assert warm._places != old._places
    assert cl.cluster(warm) == cl.cluster(cold)

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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from site_builder.analyze.features import Features, extract
from site_builder.model import Article, PartialDate


@dataclass(frozen=True)
class Params:
    """Weights and thresholds; the reasoning behind each value is in docs/clustering.md."""

    w_stems: float = 0.40
    w_shingles: float = 0.15
    w_entities: float = 0.25
    w_figures: float = 0.08
    w_quotes: float = 0.12
    link: float = 0.30  # a pair at or above this score may join two clusters
    average: float = 0.22  # ... if the clusters' mean cross-score is at least this
    date_tolerance_days: int = 2  # known event dates further apart than this never merge
    date_bonus: float = 0.05  # same known day: a little extra confidence
    place_penalty: float = 0.12  # each article is set somewhere the other never mentions
    neighbours: int = 20  # candidate pairs per article (the blocking)
    max_df_floor: int = 50  # terms in more than max(floor, fraction·n) articles are dropped ...
    max_df_fraction: float = 0.05  # ... as topic words and boilerplate
    background: int = 20  # IDF counts this many extra, empty articles (see _weighted_block)
    chunk: int = 2000  # rows per block of the similarity product (bounds memory)


DEFAULT = Params()
_N_FEATURES = 2**21


def _hasher() -> HashingVectorizer:
    return HashingVectorizer(analyzer=lambda tokens: tokens, n_features=_N_FEATURES, alternate_sign=False,
                             norm=None, dtype=np.float32)


def _weighted_block(docs: Sequence[Iterable[str]], sublinear: bool, params: Params) -> sp.csr_matrix:
    """IDF-weighted, row-normalised block; terms in too many articles are dropped.

    Plain log IDF (no +1) gives a term found in every article a weight of zero: words
    that every article shares say nothing about which event an article reports.
    """
    counts = _hasher().transform([list(d) for d in docs]).tocsr()
    n = counts.shape[0]
    if counts.nnz == 0:
        return counts
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    cap = max(params.max_df_floor, params.max_df_fraction * n)
    idf = np.log((1.0 + n + params.background) / (1.0 + df)).astype(np.float32)
    idf[df > cap] = 0.0
    data = counts.data
    counts.data = (1.0 + np.log(data)) if sublinear else np.ones_like(data)
    weighted = counts.multiply(idf[np.newaxis, :]).tocsr()
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted, dtype=np.float32)


def _date_gap(a: PartialDate, b: PartialDate) -> int:
    """Days between the spans two partial dates cover (0 when they overlap)."""
    if a.last_date() < b.to_date():
        return (b.to_date() - a.last_date()).days
    if b.last_date() < a.to_date():
        return (a.to_date() - b.last_date()).days
    return 0


def dates_conflict(a: Iterable[PartialDate], b: Iterable[PartialDate], tolerance: int) -> bool:
    bs = list(b)
    return any(_date_gap(x, y) > tolerance for x in a for y in bs)


@dataclass
class Corpus:
    """The vectors and side information clustering needs, built once per corpus."""

    features: list[Features]
    dates: list[PartialDate | None]
    params: Params = DEFAULT
    matrix: sp.csr_matrix = field(init=False)

    def __post_init__(self) -> None:
        p = self.params
        blocks = [
            (p.w_stems, _weighted_block([f.stems for f in self.features], True, p)),
            (p.w_shingles, _weighted_block([f.shingles for f in self.features], False, p)),
            (p.w_entities, _weighted_block([list(f.entities.elements()) for f in self.features], True, p)),
            (p.w_figures, _weighted_block([f.figures for f in self.features], False, p)),
            (p.w_quotes, _weighted_block([f.quotes for f in self.features], False, p)),
        ]
        self.matrix = sp.hstack([math.sqrt(w) * m for w, m in blocks], format="csr", dtype=np.float32)
        self._places = [_main_places(f) for f in self.features]
        self._mentions = [set(f.entities) for f in self.features]

    def __len__(self) -> int:
        return len(self.features)

    def adjust(self, i: int, j: int, score: float) -> float | None:
        """The pair score after date and place evidence; None when the dates forbid the pair."""
        p = self.params
        di, dj = self.dates[i], self.dates[j]
        if di is not None and dj is not None:
            gap = _date_gap(di, dj)
            if gap > p.date_tolerance_days:
                return None
            if di.precision == "day" and dj.precision == "day" and gap == 0:
                score += p.date_bonus
        pi, pj = self._places[i], self._places[j]
        if pi and pj and not (pi & self._mentions[j]) and not (pj & self._mentions[i]):
            score -= p.place_penalty
        return score

    def candidates(self) -> list[tuple[float, int, int]]:
        """Scored candidate pairs (score, i, j) with i < j, from each article's nearest neighbours."""
        p = self.params
        m = self.matrix
        mt = m.T.tocsc()
        floor = p.link * 0.5
        pairs: dict[tuple[int, int], float] = {}
        for start in range(0, m.shape[0], p.chunk):
            block = (m[start : start + p.chunk] @ mt).tocsr()
            for r in range(block.shape[0]):
                i = start + r
                lo, hi = block.indptr[r], block.indptr[r + 1]
                cols = block.indices[lo:hi]
                vals = block.data[lo:hi]
                keep = (vals >= floor) & (cols != i)
                cols, vals = cols[keep], vals[keep]
                if len(cols) > p.neighbours:
                    top = np.argpartition(-vals, p.neighbours)[: p.neighbours]
                    cols, vals = cols[top], vals[top]
                for j, v in zip(cols.tolist(), vals.tolist(), strict=True):
                    key = (i, j) if i < j else (j, i)
                    pairs[key] = v
        out = []
        for (i, j), v in pairs.items():
            score = self.adjust(i, j, v)
            if score is not None:
                out.append((score, i, j))
        out.sort(key=lambda t: (-t[0], t[1], t[2]))
        return out

    def mean_score(self, a: list[int], b: list[int], cap: int = 25) -> float:
        a, b = a[:cap], b[:cap]
        block = (self.matrix[a] @ self.matrix[b].T).toarray()
        total = 0.0
        for x, i in enumerate(a):
            for y, j in enumerate(b):
                adjusted = self.adjust(i, j, float(block[x, y]))
                total += adjusted if adjusted is not None else 0.0
        return total / (len(a) * len(b))


def _main_places(features: Features) -> set[str]:
    """The place(s) an article is mostly set in, when it says so ("in Tokyo", a dateline)."""
    if not features.places:
        return set()
    top = max(features.places.values())
    return {k for k, v in features.places.items() if v == top}


def cluster(corpus: Corpus) -> list[list[int]]:
    """Clusters of article indexes, each sorted, ordered by their first member."""
    n = len(corpus)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    dates: dict[int, list[PartialDate]] = {i: [d] for i, d in enumerate(corpus.dates) if d is not None}
    p = corpus.params

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for score, i, j in corpus.candidates():
        if score < p.link:
            break
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if dates_conflict(dates.get(ri, []), dates.get(rj, []), p.date_tolerance_days):
            continue
        if (len(members[ri]) > 1 or len(members[rj]) > 1) and \
                corpus.mean_score(members[ri], members[rj]) < p.average:
            continue
        if len(members[ri]) < len(members[rj]) or (len(members[ri]) == len(members[rj]) and rj < ri):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri] = sorted(members[ri] + members.pop(rj))
        dates[ri] = dates.get(ri, []) + dates.pop(rj, [])
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def own_date(article: Article) -> PartialDate | None:
    """The event date an article gives itself (not one borrowed from its story)."""
    if article.event_date is None or article.event_date.source == "story":
        return None
    return article.event_date.date


def cluster_articles(articles: Sequence[Article], params: Params = DEFAULT) -> list[list[int]]:
    """Clusters of indexes into ``articles``: one list per event."""
    corpus = Corpus([extract(a) for a in articles], [own_date(a) for a in articles], params)
    return cluster(corpus)


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


__all__ = ["DEFAULT", "Corpus", "Params", "cluster", "cluster_articles", "dates_conflict", "own_date",
           "pairwise_scores"]

"""A story's headline, extractive summary and canonical member.

All three compare text against the story's centroid: the mean TF-IDF vector of its
members (IDF over the whole corpus, so words every story shares count little).

* Title: the member headline closest to the centroid; previews and headlines that
  ingest had to invent from a file name are discounted.
* Summary: sentences picked by maximal marginal relevance (close to the centroid,
  far from the sentences already picked), then shown in reading order.
* Canonical: the fullest, most original report: not a preview, longest, then
  earliest published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from site_builder.analyze.features import (
    article_text,
    content_stems,
    is_headline_case,
    lowercase_words,
    split_sentences,
)
from site_builder.model import Article

PREVIEW_DISCOUNT = 0.8  # a preview's headline names what was expected, not what happened
MMR_LAMBDA = 0.5  # relevance against redundancy: copies of one event repeat their lede a lot
NEAR_REPEAT = 0.6  # a sentence this close to one already picked says the same thing
MIN_WORDS, MAX_WORDS = 8, 60  # shorter lines are furniture or fragments; longer ones run-ons


# "BERLIN —", "MILLBROOK, Ohio (Wire) —": where the wire filed from, not part of the sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s*[A-Z][A-Za-z.]+)?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+")


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _title(article: Article) -> str:
    return article.title


class Summarizer:
    """Holds the corpus IDF so every story is summarised against the same background.

    Vectors stay sparse: a dense row is as wide as the corpus vocabulary, which made
    each story's cost grow with the corpus. Members' texts and titles are vectorised
    once, up front, in two batched calls.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        docs = [content_stems(article_text(a)) for a in articles]
        if not any(docs):
            docs = [["empty"]]
        self.texts = self.vectorizer.fit_transform(docs).tocsr()
        self.titles = self._vectors([a.title for a in articles])
        self.row = {a.source: i for i, a in enumerate(articles)}

    def _vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform([content_stems(t) for t in texts]).tocsr()

    def _rows(self, matrix: sparse.csr_matrix, members: Sequence[Article],
              text_of: Callable[[Article], str]) -> sparse.csr_matrix:
        """The members' rows of ``matrix``; members unseen at fit time are vectorised from ``text_of``."""
        if all(a.source in self.row for a in members):
            return matrix[[self.row[a.source] for a in members]]
        return self._vectors([text_of(a) for a in members])

    def centroid(self, members: Sequence[Article]) -> sparse.csr_matrix:
        """The members' preview-discounted mean vector, L2-normalised, as a 1×V sparse row."""
        vecs = self._rows(self.texts, members, article_text)
        weights = sparse.csr_matrix(np.array([[0.5 if a.is_preview else 1.0 for a in members]]))
        centre = (weights @ vecs).tocsr()
        norm = float(np.sqrt(centre.multiply(centre).sum()))
        return centre / norm if norm else centre

    def title(self, members: Sequence[Article], centre: sparse.csr_matrix | None = None) -> str:
        centre = self.centroid(members) if centre is None else centre
        ordered = sorted(members, key=lambda a: a.source)
        sims = (self._rows(self.titles, ordered, _title) @ centre.T).toarray().ravel()
        best: tuple[float, str] | None = None
        for a, sim in zip(ordered, sims, strict=True):
            score = float(sim) * (PREVIEW_DISCOUNT if a.is_preview else 1.0)
            if any("no headline" in w for w in a.warnings):
                score *= 0.5
            if best is None or score > best[0]:
                best = (score, a.title)
        return best[1] if best else ""

    def summary(self, members: Sequence[Article], k: int = 3,
                centre: sparse.csr_matrix | None = None) -> list[str]:
        centre = self.centroid(members) if centre is None else centre
        pool: list[tuple[int, str, str]] = []  # (position, source, sentence)
        seen: set[str] = set()
        # Previews say what was expected; use them only when no member reports the event.
        reports = [a for a in members if not a.is_preview] or list(members)
        for a in sorted(reports, key=lambda a: a.source):
            titles = {a.title.strip().lower()}
            ordinary = lowercase_words(article_text(a))
            position = 0
            for para in a.body:
                for sentence in split_sentences(para):
                    words = len(sentence.split())
                    key = " ".join(content_stems(sentence))
                    if not (MIN_WORDS <= words <= MAX_WORDS) or key in seen or sentence.lower() in titles \
                            or is_headline_case(sentence, ordinary) or sentence.endswith("?"):
                        continue
                    seen.add(key)
                    pool.append((position, a.source, _DATELINE.sub("", sentence, count=1)))
                    position += 1
        if not pool:
            return [p for a in members for p in a.body][:1]
        matrix = self._vectors([s for _, _, s in pool])
        # Only the columns these sentences use can score: work densely on those alone.
        cols = np.unique(matrix.indices)
        vecs = matrix[:, cols].toarray()
        centre_cols = centre[:, cols].toarray().ravel()
        norms = np.linalg.norm(vecs, axis=1)
        norms[norms == 0] = 1.0
        vecs = vecs / norms[:, None]
        # News puts the gist first: a small lead bonus breaks near-ties toward early sentences.
        relevance = vecs @ centre_cols + np.array([0.05 / (1 + pos) for pos, _, _ in pool])
        chosen: list[int] = []
        while len(chosen) < min(k, len(pool)):
            redundancy = (vecs @ vecs[chosen].T).max(axis=1) if chosen else np.zeros(len(pool))
            mmr = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
            mmr[chosen] = -np.inf
            best = int(np.argmax(mmr))
            if chosen and (redundancy[best] > NEAR_REPEAT or relevance[best] <= 0):
                break  # only near-repeats or unrelated lines are left
            chosen.append(best)
        return [pool[i][2] for i in sorted(chosen, key=lambda i: (pool[i][0], pool[i][1]))]


def canonical(members: Sequence[Article]) -> Article:
    """The fullest, most original member: a report before a preview, longest, earliest published."""

    def key(a: Article) -> tuple:
        published = a.published.date.to_date().toordinal() if a.published else 10**7
        return (a.is_preview, -len(article_text(a).split()), published, a.source)

    return min(members, key=key)

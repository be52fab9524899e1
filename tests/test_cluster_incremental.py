"""Clustering with the previous build's corpus state (``memo=``) gives exactly the cold result.

Edits that move an article to another story, remove one and add one are replayed on the
fixture events; after each, the stories built with the memo must equal those built
without it, and the incremental path must really have been taken where it applies.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from site_builder.analyze import cluster as cluster_mod
from site_builder.analyze.cluster import Corpus, cluster_articles, evidence, own_date
from site_builder.analyze.features import extract
from site_builder.analyze.stories import build_stories
from site_builder.ingest import load_articles
from site_builder.model import Article, SiteConfig

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def _articles(folder: Path) -> list[Article]:
    articles, _ = load_articles(folder, SiteConfig())
    return sorted(articles, key=lambda a: a.source)


def _groups(folder: Path, memo: dict[str, Any] | None) -> list[list[str]]:
    articles = _articles(folder)
    return [[articles[i].source for i in g] for g in cluster_articles(articles, memo=memo)]


def _stories(folder: Path, memo: dict[str, Any] | None) -> list[tuple[str, list[str], str, list[str]]]:
    stories = build_stories(_articles(folder), SiteConfig(), memo=memo)
    return [(s.id, [a.source for a in s.articles], s.title, s.summary) for s in stories]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "events"
    shutil.copytree(EVENTS, copy)
    return copy


def _story_of(groups: list[list[str]], name: str) -> list[str]:
    return next(g for g in groups if name in g)


def test_moved_article_same_as_cold_and_incremental(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo: dict[str, Any] = {}
    before = _groups(folder, memo)
    big = sorted((g for g in before if len(g) > 1), key=len, reverse=True)
    mover, target = big[0][0], big[1][0]
    # The mover's file now tells the other story's event (a lightly changed copy).
    text = (folder / target).read_text(encoding="utf-8")
    (folder / mover).write_text(text.replace(" the ", " a ", 1) + "\nEditors added this line.\n", encoding="utf-8")
    updates: list[bool] = []
    original = Corpus._update

    def spy(self: Corpus, *args: Any) -> bool:
        updates.append(original(self, *args))
        return updates[-1]

    monkeypatch.setattr(Corpus, "_update", spy)
    after = _groups(folder, memo)
    assert updates == [True], "an edit that keeps the set of articles is handled incrementally"
    assert after == _groups(folder, None)
    assert target in _story_of(after, mover) and target not in _story_of(before, mover)


@pytest.mark.parametrize("change", ["move", "remove", "add", "none"])
def test_stories_with_memo_equal_stories_without(folder: Path, change: str) -> None:
    memo: dict[str, Any] = {}
    first = _stories(folder, memo)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    if change == "move":
        files[0].write_text(files[-1].read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    elif change == "remove":
        files[len(files) // 2].unlink()
    elif change == "add":
        shutil.copy(files[3], folder / ("zz-copy-" + files[3].name))
    again = _stories(folder, memo)
    assert again == _stories(folder, None)
    if change == "none":
        assert again == first
    else:
        assert again != first
    # And once more from the memo this build left.
    assert _stories(folder, memo) == again


def test_edit_moving_idf_reweighs_other_rows_bit_for_bit(folder: Path) -> None:
    """An edit changes the document frequency of terms other articles hold: their rows are
    weighed again, and the whole matrix, the neighbour lists and the scores are the cold ones."""
    def corpus(previous: dict[str, Any] | None) -> Corpus:
        articles = _articles(folder)
        features = [extract(a) for a in articles]
        dates = [own_date(a) for a in articles]
        keys = [(a.source, a.content_hash, d) for a, d in zip(articles, dates, strict=True)]
        return Corpus(features, dates, known=[evidence(f) for f in features], keys=keys, previous=previous)

    old = corpus(None)
    cluster_mod.cluster(old)
    state = old.state()
    assert state is not None
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    # Words the other fixture articles use (their IDF moves), none of them new.
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n" + files[5].read_text(encoding="utf-8")[-400:],
                        encoding="utf-8")
    warm, cold = corpus(state), corpus(None)
    assert warm._affected is not None and len(warm._affected) > 1
    for a, b in ((warm.matrix.data, cold.matrix.data), (warm.matrix.indices, cold.matrix.indices),
                 (warm.matrix.indptr, cold.matrix.indptr)):
        assert np.array_equal(a, b)
    assert warm.candidates() == cold.candidates()
    assert cluster_mod.cluster(warm) == cluster_mod.cluster(cold)
    ws, cs = warm.state(), cold.state()
    assert ws is not None and cs is not None
    for a, b in zip(ws["scored"], cs["scored"], strict=True):
        assert np.array_equal(a, b, equal_nan=True)
    as_set = [set(zip(*(x.tolist() for x in s["above"]), strict=True)) for s in (ws, cs)]
    assert as_set[0] == as_set[1]

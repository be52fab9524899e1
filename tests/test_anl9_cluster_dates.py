"""An update of the clustering state takes the previous build's date arrays and works out
the changed rows alone; the arrays must tell every row's date exactly as a cold corpus's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from site_builder.analyze import cluster as cluster_mod
from site_builder.analyze.cluster import Corpus, cluster_articles
from site_builder.ingest import load_articles
from site_builder.model import Article, SiteConfig

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def _articles(folder: Path) -> list[Article]:
    articles, _ = load_articles(folder, SiteConfig())
    return sorted(articles, key=lambda a: a.source)


def _dates(corpus: Corpus) -> dict[str, Any]:
    """The date arrays, with each row's kind given as its date (kind numbers only tell kinds apart)."""
    d = dict(corpus._date_arrays())
    kinds = corpus._kinds
    d["kind"] = [None if k < 0 else (kinds[k].date, kinds[k].year_known) for k in d["kind"].tolist()]
    return d


def test_updated_date_arrays_equal_cold_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    made: list[Corpus] = []
    real = Corpus.__post_init__

    def spy(self: Corpus, *args: Any) -> None:
        real(self, *args)
        made.append(self)

    monkeypatch.setattr(Corpus, "__post_init__", spy)
    memo: dict[str, Any] = {}
    cluster_articles(_articles(folder), memo=memo)
    assert memo["corpus"]["dates"] is not None
    # One article now gives a date no other article gives, in another year.
    target = sorted(folder.glob("*.md"))[3]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("---\n", "---\nevent_date: 2019-11-17\n", 1), encoding="utf-8")
    edited = _articles(folder)
    row = [a.source for a in edited].index(target.name)
    assert cluster_mod.own_date(edited[row]).date.year == 2019  # type: ignore[union-attr]
    made.clear()
    updated = cluster_articles(edited, memo=memo)
    assert made[0].updated and made[0]._dates is not None and made[0]._changed.tolist() == [row]
    got = _dates(made[0])
    made.clear()
    cold = cluster_articles(_articles(folder))
    assert not made[0].updated
    want = _dates(made[0])
    assert updated == cold
    assert got.keys() == want.keys()
    for name in want:
        assert np.array_equal(np.asarray(got[name], dtype=object), np.asarray(want[name], dtype=object)), name
    # The kinds kept for the next build are the ones in use only.
    kept, kinds = memo["corpus"]["dates"]
    assert sorted(set(kept["kind"].tolist()) - {-1}) == list(range(len(kinds)))

"""What a clustering update takes from the previous build's state instead of recomputing it
is what recomputing it gives (the corpus state's row order flags and packed keys)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from site_builder.analyze import cluster as cluster_mod
from site_builder.analyze.cluster import Corpus, _sorted_rows, evidence, own_date
from site_builder.analyze.features import extract
from site_builder.ingest import load_articles
from site_builder.model import PartialDate, SiteConfig

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "events"
    shutil.copytree(EVENTS, copy)
    return copy


def _corpus(folder: Path, previous: dict[str, Any] | None) -> Corpus:
    articles = sorted(load_articles(folder, SiteConfig())[0], key=lambda a: a.source)
    features = [extract(a) for a in articles]
    dates = [own_date(a) for a in articles]
    keys = [(a.source, a.content_hash, d) for a, d in zip(articles, dates, strict=True)]
    return Corpus(features, dates, known=[evidence(f) for f in features], keys=keys, previous=previous)


@pytest.mark.parametrize("edit", ["new words", "words of another article"])
def test_an_update_keeps_the_row_order_flags_of_the_rows_it_keeps(folder: Path, edit: str) -> None:
    old = _corpus(folder, None)
    cluster_mod.cluster(old)
    state = old.state()
    assert state is not None and state["sorted"] is not None
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    added = "Zorblatt quintessentially overfrobnicated 4,812 widgets." if edit == "new words" \
        else files[5].read_text(encoding="utf-8")[-400:]
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n" + added + "\n", encoding="utf-8")
    warm, cold = _corpus(folder, state), _corpus(folder, None)
    assert warm.updated
    assert warm._sorted_rows is not None  # taken from the state, not recomputed on first use
    assert np.array_equal(warm._sorted_rows, _sorted_rows(warm.matrix))
    assert np.array_equal(warm._sorted_rows, _sorted_rows(cold.matrix))
    assert warm.candidates() == cold.candidates()
    ws, cs = warm.state(), cold.state()
    assert ws is not None and cs is not None
    assert ws["keys"] == cs["keys"] and np.array_equal(ws["sorted"], cs["sorted"])


def test_a_state_without_row_order_flags_still_updates(folder: Path) -> None:
    old = _corpus(folder, None)
    cluster_mod.cluster(old)
    state = old.state()
    assert state is not None
    state["sorted"] = None  # as a state made before the flags were kept
    first = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    warm, cold = _corpus(folder, state), _corpus(folder, None)
    assert warm.updated and warm._sorted_rows is None
    assert warm.candidates() == cold.candidates()


def test_date_arrays_hold_each_articles_date_as_read_one_by_one(folder: Path) -> None:
    corpus = _corpus(folder, None)
    dates = corpus.dates
    # Some articles of every kind: undated, guessed year, month only.
    month = own_date(sorted(load_articles(folder, SiteConfig())[0], key=lambda a: a.source)[0])
    dates[:3] = [None, cluster_mod.EventDate(PartialDate(2024, 2), 3, year_known=False), month]
    got = corpus._date_arrays()
    expected = {
        "dated": [d is not None for d in dates],
        "first": [d.first if d else 0 for d in dates],
        "last": [d.last if d else 0 for d in dates],
        "tolerance": [d.tolerance if d else 0 for d in dates],
        "known": [bool(d and d.year_known) for d in dates],
        "month": [bool(d and d.date.month is not None) for d in dates],
        "day": [bool(d and d.date.precision == "day") for d in dates],
        "year": [d.date.year if d else 0 for d in dates],
    }
    for name, values in expected.items():
        assert got[name].tolist() == values, name
        assert got[name].dtype == (bool if isinstance(values[0], bool) else np.int64), name
    kinds = got["kind"].tolist()
    assert kinds[0] == -1
    for k, d in enumerate(dates):
        if d is not None:
            rep = corpus._kinds[kinds[k]]
            assert (rep.date, rep.year_known) == (d.date, d.year_known)

"""A cold build's titles, summaries and timeline years on forked workers: the same results
(and timeline memo) as in process, and no pool where the work is small (an edit)."""

from __future__ import annotations

import copy
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from site_builder.analyze import analyze, dated_mentions
from site_builder.analyze import features as features_mod
from site_builder.analyze import summarize as summarize_mod
from site_builder.analyze import timeline as timeline_mod
from site_builder.analyze.summarize import Summarizer
from site_builder.analyze.timeline import _balanced_runs, build_timeline
from site_builder.config import load_config
from site_builder.ingest import load_articles
from site_builder.model import Article, SiteConfig, SiteModel

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"

needs_fork = pytest.mark.skipif(not features_mod.can_fork(), reason="no forked pool here")


@pytest.fixture(scope="module")
def events() -> list[Article]:
    articles, _ = load_articles(EVENTS, load_config(None))
    return sorted(articles, key=lambda a: a.source)


@pytest.fixture(scope="module")
def site(events: list[Article]) -> SiteModel:
    return analyze(copy.deepcopy(events), SiteConfig())


class _Spy:
    """Stands in for a module's ``fork_map``: counts the calls that ran on other processes."""

    def __init__(self) -> None:
        self.forked = 0

    def __call__(self, func: Callable[[Any], Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        found = features_mod.fork_map(lambda x: (os.getpid(), func(x)), items, **kwargs)
        pids = {pid for pid, _ in found}
        if pids - {os.getpid()}:
            assert os.getpid() not in pids
            self.forked += 1
        return [result for _, result in found]


def _stories(events: list[Article]) -> list[list[Article]]:
    # Stories of one to four members, some previews among them.
    sizes = [1, 3, 2, 4, 1, 1, 2]
    out, at = [], 0
    while at < len(events):
        size = sizes[len(out) % len(sizes)]
        out.append(events[at : at + size])
        at += size
    return out


@needs_fork
def test_summaries_on_workers_are_those_made_here(events: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    stories = _stories(events)
    summarizer = Summarizer(events)
    here = summarizer.summarise(stories)
    assert len(stories) < summarize_mod.FORK_STORIES  # a small site is summarised here
    spy = _Spy()
    monkeypatch.setattr(summarize_mod, "fork_map", spy)
    monkeypatch.setattr(summarize_mod, "FORK_STORIES", 2)
    assert summarizer.summarise(stories) == here
    assert spy.forked == 1
    assert summarizer.summarise(stories[:1]) == here[:1]  # one story: nothing to share out
    assert spy.forked == 1


def test_small_summaries_fork_nothing(events: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    summarizer = Summarizer(events)
    spy = _Spy()
    monkeypatch.setattr(summarize_mod, "fork_map", spy)
    summarizer.summarise(_stories(events))
    assert spy.forked == 0


def _years(memo: dict[str, Any]) -> list[tuple[bytes, int, list[bytes], Any]]:
    """The memo's years, each entry pickled on its own (a pool may share strings differently)."""
    return [(key, year, [pickle.dumps(d) for d in pickle.loads(entries)], pickle.loads(parts))
            for key, (entries, year, parts) in memo["years"].items()]


@needs_fork
@pytest.mark.parametrize("with_memo", [False, True])
def test_timeline_years_on_workers_are_those_merged_here(site: SiteModel, with_memo: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    known = {a.source: dated_mentions(a) for a in site.articles}

    def run() -> tuple[list[Any], dict[str, Any] | None]:
        memo: dict[str, Any] | None = {} if with_memo else None
        return build_timeline(copy.deepcopy(site), SiteConfig(), {}, known=known, memo=memo), memo

    here, memo_here = run()
    years = {e.date.year for e in here}
    assert len(years) >= 2
    spy = _Spy()
    monkeypatch.setattr(timeline_mod, "fork_map", spy)
    monkeypatch.setattr(timeline_mod, "FORK_WORK", 0)
    there, memo_there = run()
    assert spy.forked == 1
    assert there == here
    if with_memo:
        assert memo_here is not None and memo_there is not None
        assert _years(memo_there) == _years(memo_here)
        assert list(memo_there["years"]) == list(memo_here["years"])  # in year order, as one pass


def test_an_edit_merges_its_years_here(site: SiteModel, monkeypatch: pytest.MonkeyPatch) -> None:
    known = {a.source: dated_mentions(a) for a in site.articles}
    memo: dict[str, Any] = {}
    build_timeline(copy.deepcopy(site), SiteConfig(), {}, known=known, memo=memo)
    merged: list[int] = []
    real = timeline_mod._merge_year

    def spy_merge(stories: list[Any], *args: Any) -> Any:
        merged.append(len(stories))
        return real(stories, *args)

    spy = _Spy()
    monkeypatch.setattr(timeline_mod, "fork_map", spy)
    monkeypatch.setattr(timeline_mod, "_merge_year", spy_merge)
    edited = copy.deepcopy(site)
    story = next(s for s in edited.stories if s.event_date)
    story.title += " (updated)"
    build_timeline(edited, SiteConfig(), {}, known=known, memo=memo)
    assert merged == [sum(1 for s in edited.stories if s.event_date and s.event_date.date.year
                          == story.event_date.date.year)]  # type: ignore[union-attr]
    assert spy.forked == 0


def test_balanced_runs_deal_every_year_once() -> None:
    costs = [5, 900, 40, 40, 300, 0, 12, 610, 7, 70]
    runs = _balanced_runs(costs, 4)
    assert sorted(k for run in runs for k in run) == list(range(len(costs)))
    assert all(run == sorted(run) for run in runs)
    loads = sorted(sum(costs[k] for k in run) for run in runs)
    assert loads[-1] == 900  # the costliest year alone, the rest shared out
    assert loads == [174, 300, 610, 900]
    assert _balanced_runs([3, 1], 8) == [[0], [1]]
    assert _balanced_runs([], 8) == []

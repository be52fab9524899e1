"""Times a cold build's titles and summaries and its timeline, in process against forked.

    .venv/bin/python bench/bench_coldana.py CORPUS [--out DIR] [--config FILE] [--repeat N]

A cold build runs with :meth:`Summarizer.summarise` and ``timeline.build_timeline``
wrapped: each call is run ``--repeat`` times with its own forking off (its threshold out
of reach; other steps fork as they would) and as the build runs it, and the results (and
the timeline's memo entries) are compared. Per variant, best of the repeats: wall, CPU
(forked workers included), and for the forked run this process's CPU plus the busiest
worker's, which is what the wall comes to when the second core is idle (a shared machine
seldom has one).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import cpu_seconds

import site_builder.analyze as analyze_pkg
import site_builder.analyze.features as features_mod
import site_builder.analyze.summarize as summarize_mod
import site_builder.analyze.timeline as timeline_mod
import site_builder.build as build_mod
from site_builder.analyze.summarize import Summarizer
from site_builder.config import load_config


def _own_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


class _WorkerClock:
    """Stands in for a module's ``fork_map``: adds up the CPU each worker spends on its items."""

    def __init__(self, module: Any) -> None:
        self.real = module.fork_map
        self.per_worker: dict[int, float] = {}
        module.fork_map = self

    def __call__(self, func: Callable[[Any], Any], items: Any, **kwargs: Any) -> list[Any]:
        def clocked(x: Any) -> tuple[int, float, Any]:
            start = time.process_time()
            result = func(x)
            return os.getpid(), time.process_time() - start, result

        found = self.real(clocked, items, **kwargs)
        for pid, cpu, _ in found:
            if pid != os.getpid():
                self.per_worker[pid] = self.per_worker.get(pid, 0.0) + cpu
        return [result for _, _, result in found]

    def busiest(self) -> float:
        """The CPU of the busiest worker since the last call (0 if none ran)."""
        busiest = max(self.per_worker.values(), default=0.0)
        self.per_worker.clear()
        return busiest


def _timed(run: Callable[[], Any], repeat: int, clock: _WorkerClock) -> tuple[list[float], Any]:
    """Best (wall, CPU, this process's CPU + busiest worker's) of ``repeat`` runs, and the result."""
    best = [float("inf")] * 3
    result = None
    for _ in range(repeat):
        clock.busiest()
        wall, cpu, own = time.perf_counter(), cpu_seconds(), _own_cpu()
        result = run()
        figures = [time.perf_counter() - wall, cpu_seconds() - cpu, _own_cpu() - own + clock.busiest()]
        best = [min(a, b) for a, b in zip(best, figures, strict=True)]
    return best, result


def _serial(module: Any, threshold: str, run: Callable[[], Any]) -> Any:
    """``run()`` with ``module``'s fork threshold out of reach."""
    held = getattr(module, threshold)
    setattr(module, threshold, 1 << 60)
    try:
        return run()
    finally:
        setattr(module, threshold, held)


def _entries(memo: dict[str, Any] | None) -> Any:
    """The timeline memo's years, each entry pickled on its own (a pool may share strings differently)."""
    if memo is None:
        return None
    return [(key, year, [pickle.dumps(d) for d in pickle.loads(entries)], pickle.loads(parts))
            for key, (entries, year, parts) in memo["years"].items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/site-builder-coldana/out"))
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out: Path = args.out.resolve()
    cache = out.with_name(out.name + ".cache")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    rows: list[tuple[str, list[float], list[float], bool]] = []
    clocks = {"summarise": _WorkerClock(summarize_mod), "timeline": _WorkerClock(timeline_mod)}
    summarise = Summarizer.summarise

    def summarise_both(self: Summarizer, stories: Any) -> Any:
        def run() -> Any:
            return summarise(self, stories)

        serial = _timed(lambda: _serial(summarize_mod, "FORK_STORIES", run), args.repeat, clocks["summarise"])
        forked = _timed(run, args.repeat, clocks["summarise"])
        rows.append((f"summarise {len(stories)} stories", serial[0], forked[0], serial[1] == forked[1]))
        return forked[1]

    timeline = analyze_pkg.build_timeline

    def timeline_both(*a: Any, **k: Any) -> Any:
        memo = k.get("memo")
        memo_in = dict(memo) if memo is not None else None

        def run() -> tuple[Any, Any]:
            if memo is not None and memo_in is not None:
                memo.clear()
                memo.update(memo_in)
            return timeline(*a, **k), _entries(memo)

        serial = _timed(lambda: _serial(timeline_mod, "FORK_WORK", run), args.repeat, clocks["timeline"])
        forked = _timed(run, args.repeat, clocks["timeline"])
        rows.append(("build_timeline", serial[0], forked[0], serial[1] == forked[1]))
        return forked[1][0]

    Summarizer.summarise = summarise_both  # type: ignore[method-assign]
    analyze_pkg.build_timeline = timeline_both
    build_mod.build(args.corpus, out, load_config(args.config), cache_dir=cache, search=False)
    # What a pool costs here, after the build: forking this process for no work.
    pool = _timed(lambda: features_mod.fork_map(lambda x: x, list(range(8)), min_items=1), args.repeat,
                  clocks["summarise"])
    rows.append(("pool of no work", [0.0, 0.0, 0.0], pool[0], True))
    print(f"{'step':24s} {'in process: wall':>16s} {'cpu':>6s}   {'forked: wall':>12s} {'cpu':>6s} "
          f"{'idle-core wall':>14s}  same")
    for name, serial, forked, same in rows:
        print(f"{name:24s} {serial[0]:16.3f} {serial[1]:6.3f}   {forked[0]:12.3f} {forked[1]:6.3f} "
              f"{forked[2]:14.3f}  {same}")


if __name__ == "__main__":
    main()

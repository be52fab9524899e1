"""Times the per-story and per-year work of a cold build's analysis, serial against forked.

    .venv/bin/python bench/bench_coldana.py CORPUS [--out DIR] [--config FILE] [--repeat N]

A cold build runs with :meth:`Summarizer.summarise` and ``timeline.build_timeline``
wrapped: each call is run ``--repeat`` times with its own forking off and as the build runs
it (forking where it pays), and the results (and the timeline's memo) are compared; wall and CPU
(forked workers included) are printed per variant, best of the repeats.
"""

from __future__ import annotations

import argparse
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
from site_builder.model import value_digest


def _timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        result = run()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - wall), min(best_cpu, cpu_seconds() - cpu)
    return best_wall, best_cpu, result


def _serial(module: Any, threshold: str, run: Callable[[], Any]) -> Any:
    """``run()`` with ``module``'s fork threshold out of reach (other steps fork as they would)."""
    held = getattr(module, threshold)
    setattr(module, threshold, 1 << 60)
    try:
        return run()
    finally:
        setattr(module, threshold, held)


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
    rows: list[tuple[str, float, float, float, float, bool]] = []

    summarise = Summarizer.summarise

    def summarise_both(self: Summarizer, stories: Any) -> Any:
        serial = _timed(lambda: _serial(summarize_mod, "FORK_STORIES", lambda: summarise(self, stories)), args.repeat)
        forked = _timed(lambda: summarise(self, stories), args.repeat)
        rows.append((f"summarise {len(stories)} stories", *serial[:2], *forked[:2], serial[2] == forked[2]))
        return forked[2]

    timeline = analyze_pkg.build_timeline

    def timeline_both(*a: Any, **k: Any) -> Any:
        memo = k.get("memo")
        memo_in = dict(memo) if memo is not None else None

        def run() -> tuple[Any, Any]:
            if memo is not None:
                memo.clear()
                memo.update(memo_in)
            return timeline(*a, **k), dict(memo) if memo is not None else None

        serial = _timed(lambda: _serial(timeline_mod, "FORK_WORK", run), args.repeat)
        forked = _timed(run, args.repeat)
        same = serial[2][0] == forked[2][0] and value_digest(serial[2][1]) == value_digest(forked[2][1])
        rows.append(("build_timeline", *serial[:2], *forked[:2], same))
        if not same:
            print("build_timeline: serial and forked runs differ")
        return forked[2][0]

    Summarizer.summarise = summarise_both  # type: ignore[method-assign]
    analyze_pkg.build_timeline = timeline_both
    build_mod.build(args.corpus, out, load_config(args.config), cache_dir=cache, search=False)
    # What a pool costs here, after the build: forking this process and collecting nothing.
    rows.append(("fork_map of no work", 0.0, 0.0,
                 *_timed(lambda: features_mod.fork_map(lambda x: x, list(range(8)), min_items=1), args.repeat)[:2],
                 True))
    print(f"{'step':28s} {'serial wall':>11s} {'cpu':>6s} {'forked wall':>11s} {'cpu':>6s}  same")
    for name, sw, sc, fw, fc, same in rows:
        print(f"{name:28s} {sw:11.3f} {sc:6.3f} {fw:11.3f} {fc:6.3f}  {same}")


if __name__ == "__main__":
    main()

"""CPU time of loading the records and of each analysis step on a one-file-edit rebuild, repeated.

    .venv/bin/python bench/bench_prepared.py CORPUS --work DIR [--config FILE] [--reps 5]

A cold build of a copy of ``CORPUS`` warms a cache in ``DIR``; then one file of the copy
gets a new paragraph, and each repetition runs what an edit rebuild runs before
rendering (collect, load the records, analysis with the memo) against that same cache,
which is only read, so every repetition sees the same edit. Reports the median CPU
seconds per stage (this process only: nothing here forks for a one-file edit).

With ``--cold`` the corpus is parsed once, without a cache, and each repetition loads
those same records and analyses them with an empty memo, as a cold build does.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import edited, middle_file

import site_builder.analyze as analyze_pkg
import site_builder.build as build_mod
from site_builder import cache as cache_mod
from site_builder.config import load_config

STEPS = ["build_stories", "build_people", "compare_stories", "assign_topics", "build_timeline"]


def _timed(rows: dict[str, float]) -> Callable[[], None]:
    """Wraps the analysis steps so each call adds its CPU time to ``rows``; returns the undo."""
    saved = {name: getattr(analyze_pkg, name) for name in STEPS}
    for name, func in saved.items():
        def timed(*args: Any, _func: Callable[..., Any] = func, _name: str = name, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return _func(*args, **kwargs)
            finally:
                rows[_name] = rows.get(_name, 0.0) + time.process_time() - start
        setattr(analyze_pkg, name, timed)

    def undo() -> None:
        for name, func in saved.items():
            setattr(analyze_pkg, name, func)
    return undo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--again", action="store_true", help="reuse the edited copy and cache a former run left")
    parser.add_argument("--cold", action="store_true", help="time loading and analysing freshly parsed records")
    args = parser.parse_args()
    config = load_config(args.config)
    work: Path = args.work.resolve()
    content, out, cache_dir = work / "corpus", work / "out", work / "cache"
    pkey = build_mod.parse_key(config)
    if args.cold:
        collected = build_mod.collect(args.corpus.resolve(), config, cache_mod.BuildCache.load(None, pkey))
        runs = [_cold(collected, config) for _ in range(args.reps)]  # load() leaves the records as they were
        _report(runs)
        return
    if not (args.again and cache_dir.is_dir()):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(args.corpus, content)
        build_mod.build(content, out, config, cache_dir=cache_dir, search=False)
        target = middle_file(content)
        target.write_bytes(edited(target.read_bytes(), "prepared-parts benchmark"))
    runs: list[dict[str, float]] = []
    for _ in range(args.reps):
        rows: dict[str, float] = {}
        undo = _timed(rows)
        try:
            collected = build_mod.collect(content, config, cache_mod.BuildCache.load(cache_dir, pkey))
            start = time.process_time()
            articles, problems = collected.load()
            rows["load records"] = time.process_time() - start
            memo = cache_mod.load_memo(cache_dir, pkey)
            start = time.process_time()
            build_mod.run_analysis(articles, problems, config, collected.prepared, memo=memo)
            rows["analysis, all steps"] = time.process_time() - start
        finally:
            undo()
        rows["load + analysis"] = rows["load records"] + rows["analysis, all steps"]
        runs.append(rows)
    _report(runs)


def _cold(collected: build_mod.Collected, config: Any) -> dict[str, float]:
    rows: dict[str, float] = {}
    undo = _timed(rows)
    try:
        start = time.process_time()
        articles, problems = collected.load()
        rows["load records"] = time.process_time() - start
        start = time.process_time()
        build_mod.run_analysis(articles, problems, config, collected.prepared, memo={})
        rows["analysis, all steps"] = time.process_time() - start
    finally:
        undo()
    rows["load + analysis"] = rows["load records"] + rows["analysis, all steps"]
    return rows


def _report(runs: list[dict[str, float]]) -> None:
    print(f"{'stage':24s} {'median cpu s':>12s}   (each of {len(runs)} runs)")
    for name in ["load records", *STEPS, "analysis, all steps", "load + analysis"]:
        values = [r.get(name, 0.0) for r in runs]
        print(f"{name:24s} {statistics.median(values):12.3f}   " + " ".join(f"{v:.3f}" for v in values))


if __name__ == "__main__":
    main()

"""Per-step CPU time of the analysis and the memo's I/O in one-file-edit rebuilds, in process.

    PYTHONPATH=. .venv/bin/python bench/bench_anl2.py CORPUS --out DIR [--config FILE] [--repeat N]

Like ``bench/stages.py --edit --revision``, but with the cyclic collector off and BLAS on
one thread (as the CLI runs a build), several edit rebuilds in a row (the middle file gets
run.py's update note, then its original bytes back, and so on), and the steps ``analyze``
runs named one by one, memo load and save included. Prints each step's median and minimum
CPU milliseconds over the rebuilds.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import edited, middle_file, scratch_corpus

import site_builder.analyze as analyze_pkg
import site_builder.analyze.stories as stories_mod
import site_builder.build as build_mod
import site_builder.cache as cache_mod
from site_builder.config import load_config

# (module, attribute, row name): the steps timed, outermost first
STEPS = [(cache_mod, "load_memo", "load_memo"), (build_mod, "run_analysis", "run_analysis"),
         (analyze_pkg, "build_stories", "  stories (clustering + summaries)"),
         (stories_mod, "cluster_articles", "    clustering"),
         (analyze_pkg, "_memo_people", "  people"), (analyze_pkg, "compare_stories", "  compare"),
         (analyze_pkg, "_memo_topics", "  topics"), (analyze_pkg, "_memo_timeline", "  timeline"),
         (cache_mod, "save_memo", "save_memo")]


def wrap(rows: dict[str, list[float]], owner: Any, attr: str, name: str) -> None:
    func: Callable[..., Any] = getattr(owner, attr)

    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            rows.setdefault(name, []).append(time.process_time() - cpu)

    setattr(owner, attr, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    config = load_config(args.config) if args.config else load_config(None)
    out = args.out.resolve()
    cache = out.with_name("out.cache")
    content = scratch_corpus(args.corpus, out)
    gc.disable()
    build_mod.build(content, out, config, cache_dir=cache, search=False)
    target = middle_file(content)
    original = target.read_bytes()
    rows: dict[str, list[float]] = {}
    for owner, attr, name in STEPS:
        wrap(rows, owner, attr, name)
    total: list[float] = []
    try:
        for i in range(args.repeat + 1):
            target.write_bytes(edited(original, "bench", True) if i % 2 == 0 else original)
            cpu = time.process_time()
            build_mod.build(content, out, config, cache_dir=cache, search=False)
            total.append(time.process_time() - cpu)
    finally:
        target.write_bytes(original)
    rows["whole build"] = total
    print(f"{'step':40} {'median ms':>10} {'min ms':>8}   (CPU, {args.repeat} edit rebuilds)")
    for name, times in rows.items():
        times = times[1:]  # the first rebuild warms imports and caches
        print(f"{name:40} {statistics.median(times) * 1000:10.1f} {min(times) * 1000:8.1f}")


if __name__ == "__main__":
    main()

"""Times one build stage by stage: wall and CPU seconds (forked workers included) and memory.

    .venv/bin/python bench/stages.py CORPUS [--out DIR] [--config FILE] [--edit [--revision]]

Without ``--edit`` the build is cold (the output and cache folders are emptied first).
With ``--edit`` the corpus is copied beside the output folder once, a cold build warms the
cache, and then one file of the copy gets a new paragraph and the timed build is the
rebuild; the copy is restored afterwards. The stages are the functions ``build`` calls
(record loading, each analysis step, rendering), wrapped for the run. Used for the
stage tables in ``bench/README.md``; ``run.py`` gives the end-to-end figures.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import cpu_seconds, edited, middle_file, remove_settled, scratch_corpus

import site_builder.analyze as analyze_pkg
import site_builder.build as build_mod
import site_builder.render as render_pkg
from site_builder.config import load_config

ANALYSIS_STEPS = ["build_stories", "build_people", "compare_stories", "assign_topics", "build_timeline"]


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Timer:
    """Wraps functions so that each call adds its wall and CPU time to a named row."""

    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = {}  # name → [wall, cpu, resident MB after]

    def wrap(self, owner: Any, attr: str, name: str | None = None) -> None:
        func: Callable[..., Any] = getattr(owner, attr)
        row = name or attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), cpu_seconds()
            try:
                return func(*args, **kwargs)
            finally:
                done = self.rows.setdefault(row, [0.0, 0.0, 0.0])
                done[0] += time.perf_counter() - wall
                done[1] += cpu_seconds() - cpu
                done[2] = resident_mb()

        setattr(owner, attr, timed)


def edit_one(folder: Path, revision: bool = False) -> tuple[Path, bytes]:
    target = middle_file(folder)
    original = target.read_bytes()
    target.write_bytes(edited(original, "edit benchmark", revision))
    return target, original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/site-builder-stages/out"))
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--edit", action="store_true", help="time a one-file-edit rebuild instead of a cold build")
    parser.add_argument("--revision", action="store_true", help="with --edit: append run.py's update note")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    cache = out.with_name(out.name + ".cache")
    config = load_config(args.config)
    content = args.corpus.resolve()
    if args.edit:
        content = scratch_corpus(args.corpus, out)
        build_mod.build(content, out, config, cache_dir=cache, search=False)  # warms the cache
    else:
        remove_settled(out, cache)

    timer = Timer()
    timer.wrap(build_mod, "collect", "collect (read, parse + prepare)")
    timer.wrap(build_mod.Collected, "load", "load records")
    for step in ANALYSIS_STEPS:
        timer.wrap(analyze_pkg, step)
    timer.wrap(build_mod, "run_analysis", "analysis, all steps")
    timer.wrap(render_pkg, "render_site", "render")
    changed = edit_one(content, args.revision) if args.edit else None
    wall, cpu = time.perf_counter(), cpu_seconds()
    try:
        result = build_mod.build(content, out, config, cache_dir=cache, search=False)
    finally:
        if changed is not None:
            changed[0].write_bytes(changed[1])
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"{'stage':34s} {'wall s':>8s} {'cpu s':>8s} {'RSS after':>10s}")
    for name, (w, c, rss) in timer.rows.items():
        print(f"{name:34s} {w:8.2f} {c:8.2f} {rss:8.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'whole build':34s} {wall:8.2f} {cpu:8.2f}   peak RSS {peak:.0f} MB (this process)")
    print(f"{result.articles} articles, {result.stories} stories, {result.pages} pages, "
          f"{result.reused_pages} reused, {result.parsed_files} parsed")


if __name__ == "__main__":
    main()

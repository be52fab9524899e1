"""CPU time of rendering in a one-file-edit rebuild, in this process (one render worker).

    .venv/bin/python bench/bench_pages.py CORPUS --out DIR [--config FILE] [--repeat N] [--profile FILE]

The corpus is copied beside ``--out`` once and a build warms the cache. Each repeat
appends a paragraph to one file of the copy, rebuilds, and reports the CPU seconds of
``render_site`` (render workers set to 1, so all of it is in this process); the file is
then restored and the site rebuilt untimed. ``--profile`` writes a cProfile of
``render_site`` in the last edit rebuild.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import statistics
import time
from pathlib import Path
from typing import Any

from benchlib import edited, middle_file, scratch_corpus

import site_builder.build as build_mod
import site_builder.render as render_pkg
from site_builder.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    out: Path = args.out.resolve()
    content = scratch_corpus(args.corpus, out)
    cache = out.with_name(out.name + ".cache")
    config = dataclasses.replace(load_config(args.config), render_workers=1)
    build_mod.build(content, out, config, cache_dir=cache, search=False)  # warms the cache

    original_render = render_pkg.render_site
    times: list[float] = []
    profiler: cProfile.Profile | None = None

    def timed(*a: Any, **k: Any) -> Any:
        nonlocal profiler
        k["workers"] = 1
        profiler = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profiler is not None:
            profiler.enable()
        try:
            return original_render(*a, **k)
        finally:
            if profiler is not None:
                profiler.disable()
            times.append(time.process_time() - start)

    target = middle_file(content)
    original = target.read_bytes()
    render_pkg.render_site = timed  # type: ignore[assignment]
    try:
        for _ in range(args.repeat):
            target.write_bytes(edited(original, "render benchmark"))
            result = build_mod.build(content, out, config, cache_dir=cache, search=False)
            print(f"render {times[-1]:.3f} s CPU, {result.reused_pages} reused of {result.pages} pages")
            target.write_bytes(original)
            render_pkg.render_site = original_render  # type: ignore[assignment]
            build_mod.build(content, out, config, cache_dir=cache, search=False)
            render_pkg.render_site = timed  # type: ignore[assignment]
    finally:
        target.write_bytes(original)
        render_pkg.render_site = original_render  # type: ignore[assignment]
    print(f"edit rebuild render CPU median {statistics.median(times):.3f} s (min {min(times):.3f}) "
          f"over {len(times)} runs")
    if args.profile and profiler is not None:
        profiler.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()

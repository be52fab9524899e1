"""CPU of the one-file edit's analysis and cache steps, in one process (imports done first).

Appends ``bench/run.py``'s sentence ("Update N: the figures above were revised after
publication, at T.") to the middle post of a scratch copy of a corpus, rebuilds with the
cache in a fresh process (as the CLI does), and reports the CPU seconds each wrapped step
took; then restores the post and rebuilds again (untimed). The first run makes the scratch copy and a cold build.

    PYTHONPATH=. python bench/bench_edrest.py CORPUS --work /tmp/edrest --config site.yaml --repeat 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import site_builder.analyze as analyze
import site_builder.analyze.cluster as cluster
import site_builder.analyze.stories
import site_builder.analyze.timeline
import site_builder.analyze.topics
import site_builder.build as build
import site_builder.cache as cache_mod
import site_builder.render
from site_builder.config import load_config

spent: dict[str, float] = defaultdict(float)


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return wrapper


def _wrap() -> None:
    analyze._memo_topics = _timed("topics", analyze._memo_topics)
    analyze._memo_people = _timed("people (key + replay)", analyze._memo_people)
    analyze._fingerprints = _timed("fingerprints", analyze._fingerprints)
    site_builder.analyze.stories.cluster_articles = _timed("clustering", cluster.cluster_articles)
    cache_mod.load_memo = _timed("memo load", cache_mod.load_memo)
    cache_mod.save_memo = _timed("memo save", cache_mod.save_memo)
    load = cache_mod.BuildCache.load.__func__  # type: ignore[attr-defined]
    cache_mod.BuildCache.load = classmethod(_timed("index load", load))  # type: ignore[method-assign,assignment]
    cache_mod.BuildCache.save = _timed("index save", cache_mod.BuildCache.save)  # type: ignore[method-assign]
    analyze.analyze = _timed("analyze (all)", analyze.analyze)
    analyze.build_stories = _timed("build_stories (all)", analyze.build_stories)
    analyze.build_timeline = _timed("timeline", analyze.build_timeline)


def _edit_once(corpus: Path, out: Path, cache: Path, config_path: Path, n: int) -> None:
    """One timed edit rebuild in this (fresh) process; prints the steps' CPU as JSON."""
    config = load_config(config_path)
    files = sorted(corpus.iterdir())
    target = files[len(files) // 2]
    original = target.read_bytes()
    _wrap()
    try:
        target.write_bytes(original + b"\n\nUpdate %d: the figures above were revised after publication, at %d.\n"
                           % (n, time.time()))
        start = time.process_time()
        build.build(corpus, out, config, cache_dir=cache, search=False)
        spent["build (all)"] = time.process_time() - start
    finally:
        target.write_bytes(original)
    print(json.dumps(spent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpus, out, cache = args.work / "corpus", args.work / "out", args.work / "cache"
    if args.child:
        _edit_once(corpus, out, cache, args.config, args.child)
        return
    if not corpus.exists():
        shutil.copytree(args.corpus, corpus)
    config = load_config(args.config)

    def rebuild() -> None:
        build.build(corpus, out, config, cache_dir=cache, search=False)

    rebuild()  # warm (cold the first time)
    rounds: list[dict[str, float]] = []
    for n in range(args.repeat):
        # Each edit in a fresh process, as the CLI runs it (a warm process allocates less).
        child = subprocess.run([sys.executable, __file__, str(args.corpus), "--work", str(args.work),
                                "--config", str(args.config), "--child", str(n + 1)],
                               check=True, capture_output=True, text=True)
        rounds.append(json.loads(child.stdout.strip().splitlines()[-1]))
        rebuild()  # back to the original post
    for name in sorted({k for r in rounds for k in r}):
        values = [r.get(name, 0.0) for r in rounds]
        print(f"{name:24s} median {statistics.median(values):.3f} s  min {min(values):.3f}  "
              f"({', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()

"""CPU time of the build cache's record handling on a one-file-edit rebuild, step by step.

    .venv/bin/python bench/bench_records.py CORPUS --cache DIR [--config FILE] [--repeat N]

The corpus is copied beside ``--cache`` once and its records are parsed into the cache
(no analysis, no rendering). Each repeat appends a paragraph to one file, then times
what a build does with the cache: load the index, collect (stat, read and parse the
edited file), save the records, load every record (``Collected.load``), save the
index, and restores the file. Prints the minimum CPU seconds of each step.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchlib import scratch_corpus

from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cache_dir: Path = args.cache.resolve()
    content = scratch_corpus(args.corpus, cache_dir)
    config = load_config(args.config)
    pkey = parse_key(config)
    warm = BuildCache.load(cache_dir, pkey)
    collected = collect(content, config, warm)
    warm.save(collected.records, warm.last)
    target = sorted(p for p in content.rglob("*") if p.is_file() and p.suffix in (".md", ".txt"))[0]
    original = target.read_bytes()
    steps: dict[str, list[float]] = {}

    def timed(name: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        result = func(*args, **kwargs)
        steps.setdefault(name, []).append(time.process_time() - start)
        return result

    for i in range(args.repeat):
        target.write_bytes(original + f"\n\nA paragraph added for the records benchmark ({i}).\n".encode())
        try:
            cache = timed("load index", BuildCache.load, cache_dir, pkey)
            got = timed("collect (1 file parsed)", collect, content, config, cache)
            timed("save records", cache.save_records, got.records)
            timed("load records", got.load, release=True)
            timed("save index", cache.save, got.records, cache.last)
        finally:
            target.write_bytes(original)
    for name, times in steps.items():
        print(f"{name:28s} min {min(times):.3f}  median {sorted(times)[len(times) // 2]:.3f} s CPU")


if __name__ == "__main__":
    main()

"""CPU time of ``compare_stories`` on a collected corpus, and a digest of the comparisons it made.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_compare.py CORPUS [--config FILE] [--repeat N]
        [--serial] [--profile]

Uses the clustered state that ``bench/bench_people.py`` caches (run it once on the corpus
first). People are not needed: names and roles are compared by the entity pass. Each
repeat starts from a fresh unpickled state; ``--serial`` keeps every story on this
process (so ``--profile`` sees all of the work).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
import time
from pathlib import Path

from benchlib import cpu_seconds

from site_builder.analyze import compare
from site_builder.model import SiteModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench/people-data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serial", action="store_true", help="no forked workers")
    parser.add_argument("--profile", action="store_true", help="print a cProfile (use with --serial)")
    args = parser.parse_args()
    state = (args.data / f"{args.corpus.name}-people-state.pkl").read_bytes()
    if args.serial:
        compare.FORK_STORIES = 1 << 30
    for _ in range(args.repeat):
        articles, stories, _mentions = pickle.loads(state)
        site = SiteModel(articles=articles, stories=stories, people=[])
        profiler = cProfile.Profile()
        start, wall = cpu_seconds(), time.perf_counter()
        if args.profile:
            profiler.enable()
        compare.compare_stories(site)
        if args.profile:
            profiler.disable()
        cpu, wall = cpu_seconds() - start, time.perf_counter() - wall
        digest = hashlib.sha1(repr([(s.id, s.comparison) for s in stories]).encode()).hexdigest()[:16]
        print(f"compare_stories cpu {cpu:.3f} wall {wall:.3f}  digest {digest}", flush=True)
        if args.profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()

"""CPU time of ``build_people`` and ``compare_stories`` on a collected, clustered corpus.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_scale.py CORPUS [--config FILE] [--data DIR]
        [--repeat N] [--serial] [--profile people|compare] [--only people|compare]

Records and prepared parts are collected once (as ``bench/bench_analysis.py`` does, packed
parts included) and stories are built once; both are pickled under ``--data``. Each repeat
starts from that pickle and times the two corpus-wide steps that follow clustering. The
digest hashes what they made (as ``bench/bench_people.py`` does), so two versions of the
code can be compared on the same inputs. ``--serial`` keeps every story's comparison on
this process (so ``--profile compare`` sees all of the work).
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import time
from pathlib import Path
from typing import Any

from bench_analysis import _collect
from bench_people import _digest, _profiled
from benchlib import cpu_seconds

from site_builder.analyze import _split, compare
from site_builder.analyze.entities import build_people
from site_builder.analyze.stories import build_stories
from site_builder.config import load_config
from site_builder.model import SiteModel


def _state(payload: bytes, config: Any, data: Path, name: str) -> bytes:
    """Pickle of (articles, stories, mentions) after clustering, made once per corpus."""
    path = data / f"{name}-scale-state.pkl"
    if path.exists():
        return path.read_bytes()
    articles, _problems, prepared, _rel, _blob = pickle.loads(payload)
    articles = sorted(articles, key=lambda a: a.source)
    parts = _split(prepared)
    mentions = {source: parts["mentions"][source] for source in list(parts["mentions"])}
    stories = build_stories(articles, config, features=parts["features"], digests=parts["digest"],
                            evidence=parts["evidence"])
    state = pickle.dumps((articles, stories, mentions), protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(state)
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench/scale-data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serial", action="store_true", help="no forked workers for the comparison")
    parser.add_argument("--profile", choices=["people", "compare"], default=None, help="print a cProfile of this step")
    parser.add_argument("--only", choices=["people", "compare"], default=None, help="time this step alone")
    args = parser.parse_args()
    config = load_config(args.config)
    payload = _collect(args.corpus, config, args.data).read_bytes()
    state = _state(payload, config, args.data, args.corpus.name)
    del payload
    if args.serial:
        compare.FORK_STORIES = 1 << 30
    for _ in range(args.repeat):
        articles, stories, mentions = pickle.loads(state)
        profiler = cProfile.Profile()
        people: list[Any] = []
        t_people = t_compare = w_compare = 0.0
        if args.only != "compare":
            start = cpu_seconds()
            with _profiled(profiler, args.profile == "people"):
                people = build_people(articles, stories, config, mentions)
            t_people = cpu_seconds() - start
        if args.only != "people":
            start, wall = cpu_seconds(), time.perf_counter()
            with _profiled(profiler, args.profile == "compare"):
                compare.compare_stories(SiteModel(articles=articles, stories=stories, people=people), people, config)
            t_compare, w_compare = cpu_seconds() - start, time.perf_counter() - wall
        print(f"build_people {t_people:.3f}  compare_stories {t_compare:.3f} (wall {w_compare:.3f})  "
              f"({len(people)} people)  digest {_digest(people, articles, stories, [])}", flush=True)
        if args.profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()

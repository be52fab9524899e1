"""CPU time of people, comparison and topics on a clustered corpus, and a digest of what they made.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_people.py CORPUS [--config FILE] [--data DIR] [--repeat N]
        [--only people|compare|topics ...] [--serial] [--profile people|compare|topics]

Records and prepared parts are collected once (as ``bench/bench_analysis.py`` does, packed
parts included) and stories are built once; both are pickled under ``--data``. Each
repeat starts from that pickle and times ``build_people``, ``compare_stories`` (CPU with
its forked workers, and wall) and ``assign_topics``, or only the steps named by
``--only`` (the comparison needs no people: names and roles are compared by the entity
pass). The printed digest hashes people, article and story warnings, comparisons and
conflicts, story people/places and topics, so two versions of the code can be compared on
the same inputs. ``--serial`` keeps every story's comparison on this process (so
``--profile compare`` sees all of the work).
"""

from __future__ import annotations

import cProfile
import hashlib
import pickle
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_analysis import _collect, corpus_parser
from benchlib import cpu_seconds

from site_builder.analyze import _split, compare
from site_builder.analyze.entities import build_people
from site_builder.analyze.stories import build_stories
from site_builder.analyze.topics import assign_topics
from site_builder.config import load_config
from site_builder.model import SiteModel

STEPS = ("people", "compare", "topics")


def _stories_state(collected: Path, config: Any) -> bytes:
    """Pickle of (articles, stories, mentions) after clustering, made once per collected corpus."""
    # Named after the collected pickle, whose name already keys the corpus and the config.
    path = collected.with_name(collected.stem + "-stories.pkl")
    if path.exists():
        return path.read_bytes()
    articles, _problems, prepared, _rel, _blob = pickle.loads(collected.read_bytes())
    articles = sorted(articles, key=lambda a: a.source)
    parts = _split(prepared)
    mentions = {source: parts["mentions"][source] for source in list(parts["mentions"])}
    stories = build_stories(articles, config, features=parts["features"], digests=parts["digest"],
                            evidence=parts["evidence"])
    state = pickle.dumps((articles, stories, mentions), protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(state)
    return state


def _digest(people: Any, articles: Any, stories: Any, topics: Any) -> str:
    view = (people, [(a.source, a.warnings, a.topics) for a in articles],
            [(s.id, s.warnings, s.comparison, s.people, s.places, s.topics) for s in stories], topics)
    # repr, not pickle: pickled bytes also record which equal strings are one object.
    return hashlib.sha1(repr(view).encode()).hexdigest()[:16]


@contextmanager
def _profiled(profiler: cProfile.Profile, on: bool) -> Iterator[None]:
    if on:
        profiler.enable()
    try:
        yield
    finally:
        if on:
            profiler.disable()


def main() -> None:
    parser = corpus_parser(__doc__, "people-data", 3)
    parser.add_argument("--only", choices=STEPS, nargs="+", default=list(STEPS), help="time these steps alone")
    parser.add_argument("--serial", action="store_true", help="no forked workers for the comparison")
    parser.add_argument("--profile", choices=STEPS, default=None, help="print a cProfile of this step")
    args = parser.parse_args()
    config = load_config(args.config)
    state = _stories_state(_collect(args.corpus, config, args.data), config)
    if args.serial:
        compare.FORK_STORIES = 1 << 30
    for _ in range(args.repeat):
        articles, stories, mentions = pickle.loads(state)
        profiler = cProfile.Profile()
        people: list[Any] = []
        topics: list[Any] = []
        timings: list[str] = []
        if "people" in args.only:
            start = cpu_seconds()
            with _profiled(profiler, args.profile == "people"):
                people = build_people(articles, stories, config, mentions)
            timings.append(f"build_people {cpu_seconds() - start:.3f}")
        if "compare" in args.only:
            start, wall = cpu_seconds(), time.perf_counter()
            with _profiled(profiler, args.profile == "compare"):
                compare.compare_stories(SiteModel(articles=articles, stories=stories, people=people), people, config)
            timings.append(f"compare_stories {cpu_seconds() - start:.3f} (wall {time.perf_counter() - wall:.3f})")
        if "topics" in args.only:
            start = cpu_seconds()
            with _profiled(profiler, args.profile == "topics"):
                topics = assign_topics(articles, stories, config)
            timings.append(f"assign_topics {cpu_seconds() - start:.3f}")
        print("  ".join(timings) + f"  ({len(people)} people)  digest {_digest(people, articles, stories, topics)}",
              flush=True)
        if args.profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()

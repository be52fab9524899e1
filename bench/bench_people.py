"""CPU time of the people, comparison and topic steps on a collected corpus, and a digest of what they made.

    .venv/bin/python bench/bench_people.py CORPUS [--config FILE] [--data DIR] [--repeat N] [--profile]

Records and prepared parts are collected once (as ``bench/bench_analysis.py`` does) and
stories are built once; each repeat then starts from a pickle of that state and times
``build_people``, ``compare_stories`` and ``assign_topics``. The printed digest hashes
people, article and story warnings, conflicts, story people/places and topics, so two
versions of the code can be compared on the same inputs.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_analysis import _collect
from benchlib import cpu_seconds

from site_builder.analyze.compare import compare_stories
from site_builder.analyze.entities import build_people
from site_builder.analyze.stories import build_stories
from site_builder.analyze.topics import assign_topics
from site_builder.config import load_config
from site_builder.model import SiteModel


def _stories_state(payload: bytes, config: Any, data: Path, name: str) -> bytes:
    """Pickle of (articles, stories, mentions) after clustering, made once per corpus."""
    path = data / f"{name}-people-state.pkl"
    if path.exists():
        return path.read_bytes()
    articles, _problems, prepared, _rel, _blob = pickle.loads(payload)
    articles = sorted(articles, key=lambda a: a.source)
    features = {s: p.features for s, p in prepared.items()}
    evidence = {s: p.evidence for s, p in prepared.items()}
    digests = {s: p.digest for s, p in prepared.items()}
    mentions = {s: p.mentions for s, p in prepared.items()}
    stories = build_stories(articles, config, features=features, digests=digests, evidence=evidence)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench/people-data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=["people", "compare", "topics"], default=None,
                        help="print a cProfile of this step")
    args = parser.parse_args()
    config = load_config(args.config)
    payload = _collect(args.corpus, config, args.data).read_bytes()
    state = _stories_state(payload, config, args.data, args.corpus.name)
    del payload
    for _ in range(args.repeat):
        articles, stories, mentions = pickle.loads(state)
        profiler = cProfile.Profile()
        start = cpu_seconds()
        with _profiled(profiler, args.profile == "people"):
            people = build_people(articles, stories, config, mentions)
        t_people = cpu_seconds() - start
        start = cpu_seconds()
        site = SiteModel(articles=articles, stories=stories, people=people)
        with _profiled(profiler, args.profile == "compare"):
            compare_stories(site, people, config)
        t_compare = cpu_seconds() - start
        start = cpu_seconds()
        with _profiled(profiler, args.profile == "topics"):
            topics = assign_topics(articles, stories, config)
        t_topics = cpu_seconds() - start
        print(f"build_people {t_people:.3f}  compare_stories {t_compare:.3f}  assign_topics {t_topics:.3f}  "
              f"({len(people)} people)  digest {_digest(people, articles, stories, topics)}")
        if args.profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

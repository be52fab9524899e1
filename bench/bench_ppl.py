"""CPU time of the people step, phase by phase, on a clustered corpus, with mentions packed as a build holds them.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_ppl.py CORPUS [--config FILE] [--data DIR] [--repeat N]
        [--profile FILE]

Uses ``bench_people.py``'s pickle of (articles, stories, mentions) after clustering. Each
repeat packs every article's mentions into a :class:`site_builder.analyze.Parts` (as a
build's cache gives them), then times ``build_people`` whole (unpickling included) and
each of its phases, with the collector paused as ``analyze`` runs it, and prints the
digest ``bench_people.py`` prints (two versions of the code must agree on it).
``--profile`` writes a cProfile of the last repeat.
"""

from __future__ import annotations

import cProfile
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_analysis import _collect, corpus_parser
from bench_people import _digest, _stories_state
from benchlib import cpu_seconds

import site_builder.analyze.entities as ent
from site_builder.analyze import Parts
from site_builder.analyze.features import collector_paused, settle
from site_builder.config import load_config

PHASES = ["_group_full_names", "_merge_misspelt_surnames", "_resolve_surnames", "_make_people", "_apply_flags",
          "_fill_stories"]


def _wrap(rows: dict[str, float]) -> None:
    for name in PHASES:
        func: Callable[..., Any] = getattr(ent, name)

        def timed(*args: Any, _func: Callable[..., Any] = func, _name: str = name, **kwargs: Any) -> Any:
            start = cpu_seconds()
            try:
                return _func(*args, **kwargs)
            finally:
                rows[_name] = rows.get(_name, 0.0) + cpu_seconds() - start
        setattr(ent, name, timed)


def main() -> None:
    parser = corpus_parser(__doc__, "people-data", 3)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    config = load_config(args.config)
    state = _stories_state(_collect(args.corpus, config, args.data), config)
    rows: dict[str, float] = {}
    _wrap(rows)
    for n in range(args.repeat):
        articles, stories, mentions = pickle.loads(state)
        packed = Parts("mentions")
        for source, found in mentions.items():
            packed._packed[source] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
        del mentions
        rows.clear()
        profiler = cProfile.Profile() if args.profile and n == args.repeat - 1 else None
        start, wall = cpu_seconds(), time.perf_counter()
        if profiler:
            profiler.enable()
        with collector_paused():  # as in ``analyze``, which pauses it around every step
            people = ent.build_people(articles, stories, config, packed)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        total, wall = cpu_seconds() - start, time.perf_counter() - wall
        settle()
        phases = "  ".join(f"{k.strip('_')} {v:.3f}" for k, v in rows.items())
        print(f"build_people {total:.3f} (wall {wall:.3f})  {phases}  ({len(people)} people)  "
              f"digest {_digest(people, articles, stories, [])}", flush=True)


if __name__ == "__main__":
    main()

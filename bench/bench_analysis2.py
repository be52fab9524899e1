"""Wall and CPU time (forked workers included) of each analysis step, with and without forking.

    .venv/bin/python bench/bench_analysis2.py CORPUS [--config FILE] [--serial MODULE ...] [--repeat N]

Uses the pickle ``bench/bench_analysis.py`` makes. ``--serial compare timeline`` runs
``fork_map`` serially in those analysis modules only; ``--serial all`` everywhere.
"""

from __future__ import annotations

import argparse
import importlib
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_analysis as ba

import site_builder.analyze as analyze_pkg
from site_builder.config import load_config

MODULES = ["compare", "timeline", "topics", "entities", "keyphrases", "summarize"]


def _serial(func: Callable[[Any], Any], items: Sequence[Any], *args: Any, **kwargs: Any) -> list[Any]:
    return [func(x) for x in items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench/analysis-data"))
    parser.add_argument("--serial", nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    config = load_config(args.config)
    payload = ba._collect(args.corpus, config, args.data).read_bytes()
    names = MODULES if "all" in args.serial else args.serial
    for name in names:
        importlib.import_module(f"site_builder.analyze.{name}").fork_map = _serial
    for _ in range(args.repeat):
        cpu: dict[str, float] = {}
        wall: dict[str, float] = {}
        saved = {name: getattr(analyze_pkg, name) for name in ba.STEPS}
        for name, func in saved.items():
            def timed(*a: Any, _func: Callable[..., Any] = func, _name: str = name,
                      cpu: dict[str, float] = cpu, wall: dict[str, float] = wall, **k: Any) -> Any:
                c, w = ba.cpu_seconds(), time.perf_counter()
                try:
                    return _func(*a, **k)
                finally:
                    cpu[_name] = cpu.get(_name, 0.0) + ba.cpu_seconds() - c
                    wall[_name] = wall.get(_name, 0.0) + time.perf_counter() - w
            setattr(analyze_pkg, name, timed)
        articles, problems, prepared, _, _ = pickle.loads(payload)
        c, w = ba.cpu_seconds(), time.perf_counter()
        analyze_pkg.analyze(articles, config, problems, prepared=prepared)
        cpu["all"], wall["all"] = ba.cpu_seconds() - c, time.perf_counter() - w
        for name, func in saved.items():
            setattr(analyze_pkg, name, func)
        print(f"serial={','.join(names) or '-'}  " + "  ".join(
            f"{k.replace('build_', '').replace('_stories', '').replace('assign_', '')} {cpu[k]:.2f}/{wall[k]:.2f}"
            for k in cpu) + "   (cpu/wall s)")


if __name__ == "__main__":
    main()

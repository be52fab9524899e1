"""CPU and wall time of each analysis step, cold and with the memo of a previous build after a one-file edit.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_analysis.py CORPUS [--config FILE] [--data DIR] [--repeat N]
        [--cold-only] [--serial MODULE ... | all]

Records and their prepared parts are collected once (parse + prepare, no cache) and
pickled under ``--data``, so later runs start from the pickle. The edit appends one
paragraph to the middle file, as ``bench/stages.py --edit`` does, and re-parses that
file alone. Printed: per step CPU / wall seconds (CPU with forked workers) of a cold
``analyze``, then of ``analyze`` with the memo the cold run left, on the edited corpus;
and whether that gives the same site as a fresh analysis. ``--serial compare timeline``
runs ``fork_map`` serially in those analysis modules only; ``--serial all`` everywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import pickle
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchlib import cpu_seconds

import site_builder.analyze as analyze_pkg
from site_builder.config import load_config

STEPS = ["build_stories", "build_people", "compare_stories", "assign_topics", "build_timeline"]
FORKING = ["compare", "entities", "keyphrases", "summarize", "timeline"]  # analysis modules that call fork_map


def _collect(corpus: Path, config: Any, data: Path) -> Path:
    """Pickle of (articles, problems, prepared, edited file's blob) for ``corpus``, made once."""
    from site_builder.build import _parse_blob, collect, parse_key
    from site_builder.cache import BuildCache

    key = hashlib.sha1(f"{corpus.resolve()}:{config}".encode()).hexdigest()[:12]
    path = data / f"{corpus.name}-{key}.pkl"
    if path.exists():
        return path
    data.mkdir(parents=True, exist_ok=True)
    collected = collect(corpus, config, BuildCache.load(None, parse_key(config)))
    articles, problems = collected.load()
    files = sorted(collected.order)
    rel = files[len(files) // 2]
    original = (corpus / rel).read_bytes()
    edited = original + b"\n\nA paragraph added for the edit benchmark, with a few new words in it.\n"
    blob = _parse_blob(rel, edited, config, hashlib.sha256(edited).hexdigest())
    path.write_bytes(pickle.dumps((articles, problems, collected.prepared, rel, blob),
                                  protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _timed(rows: dict[str, list[float]]) -> Callable[[], None]:
    """Wraps the steps ``analyze`` calls so each adds its [CPU, wall] seconds to ``rows``; returns the undo."""
    saved = {name: getattr(analyze_pkg, name) for name in STEPS}
    for name, func in saved.items():
        def timed(*args: Any, _func: Callable[..., Any] = func, _name: str = name, **kwargs: Any) -> Any:
            cpu, wall = cpu_seconds(), time.perf_counter()
            try:
                return _func(*args, **kwargs)
            finally:
                row = rows.setdefault(_name, [0.0, 0.0])
                row[0] += cpu_seconds() - cpu
                row[1] += time.perf_counter() - wall
        setattr(analyze_pkg, name, timed)

    def undo() -> None:
        for name, func in saved.items():
            setattr(analyze_pkg, name, func)
    return undo


def _serial(func: Callable[[Any], Any], items: Sequence[Any], *args: Any, **kwargs: Any) -> list[Any]:
    """``fork_map`` without the fork."""
    return [func(x) for x in items]


def _run(payload: bytes, config: Any, memo: dict[str, Any] | None,
         edit: bool) -> tuple[Any, dict[str, list[float]]]:
    articles, problems, prepared, rel, blob = pickle.loads(payload)
    if edit:
        article, _, fresh = pickle.loads(blob)
        articles = [article if a.source == rel else a for a in articles]
        prepared[rel] = fresh
    rows: dict[str, list[float]] = {}
    undo = _timed(rows)
    cpu, wall = cpu_seconds(), time.perf_counter()
    try:
        site = analyze_pkg.analyze(articles, config, problems, prepared=prepared, memo=memo)
    finally:
        undo()
    rows["analyze (all)"] = [cpu_seconds() - cpu, time.perf_counter() - wall]
    return site, rows


def _line(rows: dict[str, list[float]]) -> str:
    return "  ".join(f"{k} {cpu:.2f}/{wall:.2f}" for k, (cpu, wall) in rows.items()) + "   (cpu/wall s)"


def corpus_parser(doc: str, data: str, repeat: int) -> argparse.ArgumentParser:
    """The arguments the analysis benchmarks share: a corpus, its config, where its parsed
    records are kept between runs (``data``, under /tmp/site-builder-bench) and how many runs."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench") / data)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser


def main() -> None:
    parser = corpus_parser(__doc__, "analysis-data", 1)
    parser.add_argument("--cold-only", action="store_true")
    parser.add_argument("--serial", nargs="*", default=[], choices=[*FORKING, "all"],
                        help="run fork_map serially in these analysis modules (all: everywhere)")
    args = parser.parse_args()
    config = load_config(args.config)
    payload = _collect(args.corpus, config, args.data).read_bytes()
    for name in FORKING if "all" in args.serial else args.serial:
        importlib.import_module(f"site_builder.analyze.{name}").fork_map = _serial
    for _ in range(args.repeat):
        memo: dict[str, Any] = {}
        _, cold = _run(payload, config, memo, edit=False)
        print("cold:      " + _line(cold))
        if args.cold_only:
            continue
        size = len(pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
        warm_site, warm = _run(payload, config, memo, edit=True)
        print("edit+memo: " + _line(warm) + f"  (memo {size / 1e6:.1f} MB)")
        fresh_site, _ = _run(payload, config, None, edit=True)
        same = warm_site == fresh_site
        print(f"memo result identical to a fresh analysis: {same}")


if __name__ == "__main__":
    main()

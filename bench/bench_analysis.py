"""CPU time of each analysis step, cold and with the memo of a previous build after a one-file edit.

    .venv/bin/python bench/bench_analysis.py CORPUS [--config FILE] [--data DIR] [--repeat N]

Records and their prepared parts are collected once (parse + prepare, no cache) and
pickled under ``--data``, so later runs start from the pickle. The edit appends one
paragraph to the middle file, as ``bench/stages.py --edit`` does, and re-parses that
file alone. Printed: per step CPU seconds of a cold ``analyze``, then of ``analyze``
with the memo the cold run left, on the edited corpus; and whether both give the same site.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import cpu_seconds

import site_builder.analyze as analyze_pkg
from site_builder.config import load_config

STEPS = ["build_stories", "build_people", "compare_stories", "assign_topics", "build_timeline"]


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


def _timed(rows: dict[str, float]) -> Callable[[], None]:
    """Wraps the steps ``analyze`` calls so each adds its CPU time to ``rows``; returns the undo."""
    saved = {name: getattr(analyze_pkg, name) for name in STEPS}
    for name, func in saved.items():
        def timed(*args: Any, _func: Callable[..., Any] = func, _name: str = name, **kwargs: Any) -> Any:
            start = cpu_seconds()
            try:
                return _func(*args, **kwargs)
            finally:
                rows[_name] = rows.get(_name, 0.0) + cpu_seconds() - start
        setattr(analyze_pkg, name, timed)

    def undo() -> None:
        for name, func in saved.items():
            setattr(analyze_pkg, name, func)
    return undo


def _run(payload: bytes, config: Any, memo: dict[str, Any] | None, edit: bool) -> tuple[Any, dict[str, float]]:
    articles, problems, prepared, rel, blob = pickle.loads(payload)
    if edit:
        article, _, fresh = pickle.loads(blob)
        articles = [article if a.source == rel else a for a in articles]
        prepared[rel] = fresh
    rows: dict[str, float] = {}
    undo = _timed(rows)
    start = cpu_seconds()
    try:
        site = analyze_pkg.analyze(articles, config, problems, prepared=prepared, memo=memo)
    finally:
        undo()
    rows["analyze (all)"] = cpu_seconds() - start
    return site, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("/tmp/site-builder-bench/analysis-data"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cold-only", action="store_true")
    args = parser.parse_args()
    config = load_config(args.config)
    payload = _collect(args.corpus, config, args.data).read_bytes()
    for _ in range(args.repeat):
        memo: dict[str, Any] = {}
        _, cold = _run(payload, config, memo, edit=False)
        print("cold:      " + "  ".join(f"{k} {v:.2f}" for k, v in cold.items()))
        if args.cold_only:
            continue
        size = len(pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
        warm_site, warm = _run(payload, config, memo, edit=True)
        print("edit+memo: " + "  ".join(f"{k} {v:.2f}" for k, v in warm.items()) + f"  (memo {size / 1e6:.1f} MB)")
        fresh_site, _ = _run(payload, config, None, edit=True)
        same = warm_site == fresh_site
        print(f"memo result identical to a fresh analysis: {same}")


if __name__ == "__main__":
    main()

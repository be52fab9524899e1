"""CPU cost of each stage of reading one article (parse, then each part of ``analyze.prepare``), in ms an article.

    PYTHONPATH=.:bench .venv/bin/python bench/bench_prep.py CORPUS [N] [--config FILE] [--repeat R]
        [--stage STAGE ...] [--profile STAGE] [--sort KEY] [--lines L]

Stages: ``parse`` (file bytes → record, :func:`site_builder.build.parse_bytes`), ``extract``
(clustering features and their evidence), ``digest`` (for titles and summaries),
``read_mentions`` (person names), ``dated_mentions`` (for the timeline) and
``prepare+pack`` (all four as a build's parse worker runs them, pickled part by part).
Each stage runs in a fresh process of its own, on the first N files of CORPUS (sorted),
which are parsed first (untimed, except for the parse stage itself, which follows one
warm-up parse: a build imports the parsers before it forks its workers). So pass 1 starts
with the per-process caches cold, as in a build, and is the honest figure; the best of
``--repeat`` passes shows them warm with the same lines, which a build never sees.
Each line ends with a SHA-256 of the stage's pickled output, so a speed-up can be checked
for identical output in seconds before the full ``check_same`` run (children run with
``PYTHONHASHSEED=0`` unless it is set: sets pickle in hash order). ``--profile STAGE``
prints a cProfile of that stage's first pass.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_builder.analyze import prepare
from site_builder.analyze.cluster import evidence
from site_builder.analyze.entities import read_mentions
from site_builder.analyze.features import extract
from site_builder.analyze.summarize import digest
from site_builder.analyze.timeline import dated_mentions
from site_builder.build import parse_bytes
from site_builder.config import load_config
from site_builder.model import Article, SiteConfig

STAGES = ("parse", "extract", "digest", "read_mentions", "dated_mentions", "prepare+pack")


def _features(article: Article) -> tuple[Any, Any]:
    features = extract(article)
    return features, evidence(features)


def _readers(config: SiteConfig) -> dict[str, Callable[[Article], Any]]:
    """Stage name → what it does with one parsed article."""
    return {
        "extract": _features,
        "digest": digest,
        "read_mentions": lambda a: read_mentions(a, config),
        "dated_mentions": dated_mentions,
        "prepare+pack": lambda a: prepare(a, config).pack(),
    }


def run_stage(stage: str, corpus: Path, n: int, config: SiteConfig, repeat: int,
              profile: cProfile.Profile | None) -> str:
    """One report line: the stage's CPU ms an article on its first and best pass, and its output's hash."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file())[:n]
    items = [(f.relative_to(corpus).as_posix(), f.read_bytes()) for f in files]
    hashes = [hashlib.sha256(data).hexdigest() for _, data in items]
    if stage == "parse":
        parse_bytes(b"---\ntitle: Warm-up\n---\n\nOne *short* paragraph.\n", "warm-up.md", config, "0")
        parse_bytes(b"Warm-up\n\nOne short paragraph.\n", "warm-up.txt", config, "0")
        inputs: list[Any] = list(zip(items, hashes, strict=True))

        def work(item: Any) -> Any:
            (rel, data), sha = item
            return parse_bytes(data, rel, config, sha)
    else:
        parsed = [parse_bytes(data, rel, config, h)[0] for (rel, data), h in zip(items, hashes, strict=True)]
        inputs = [a for a in parsed if a is not None]
        work = _readers(config)[stage]
    times: list[float] = []
    fingerprint = ""
    for attempt in range(repeat):
        on = profile is not None and attempt == 0
        start = time.process_time()
        if on:
            profile.enable()
        out = [work(x) for x in inputs]
        if on:
            profile.disable()
        times.append((time.process_time() - start) * 1000 / max(len(inputs), 1))
        if attempt == 0:
            fingerprint = hashlib.sha256(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()[:16]
    return (f"{stage:15s} first {times[0]:7.3f}  best {min(times):7.3f} ms/article  "
            f"({len(inputs)} {'files' if stage == 'parse' else 'articles'})  sha256 {fingerprint}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=400)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="passes per stage (first and best reported)")
    parser.add_argument("--stage", choices=STAGES, nargs="+", default=list(STAGES), help="only these stages")
    parser.add_argument("--profile", choices=STAGES, default=None, help="print a cProfile of this stage's pass 1")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    parser.add_argument("--lines", type=int, default=40, help="lines of --profile to print")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # a child: run in this process
    args = parser.parse_args()
    if not args.here:
        env = {"PYTHONHASHSEED": "0", **os.environ}
        for stage in args.stage:
            # A fresh process a stage: per-process caches start cold, as in a build's worker.
            cmd = [sys.executable, __file__, *sys.argv[1:], "--stage", stage, "--here"]
            subprocess.run(cmd, check=True, env=env)
        return
    config = load_config(args.config)
    for stage in args.stage:
        profile = cProfile.Profile() if args.profile == stage else None
        print(run_stage(stage, args.corpus, args.n, config, args.repeat, profile), flush=True)
        if profile is not None:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()

"""Per-stage CPU of reading one article (parse + each part of ``analyze.prepare``), in ms an article.

Usage: bench_prepcpu2.py CORPUS N [STAGE]. Without STAGE, each stage is timed in a fresh
process of its own (per-corpus caches start cold, as in a build), on the same N
articles, which are parsed first; the parse stage is that first parse.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from site_builder.analyze import prepare
from site_builder.analyze.cluster import evidence
from site_builder.analyze.entities import read_mentions
from site_builder.analyze.features import extract
from site_builder.analyze.summarize import digest
from site_builder.analyze.timeline import dated_mentions
from site_builder.build import parse_bytes
from site_builder.config import load_config

STAGES = ("parse", "extract", "digest", "read_mentions", "dated_mentions", "prepare+pack")


def main() -> None:
    corpus, n = Path(sys.argv[1]), int(sys.argv[2])
    if len(sys.argv) <= 3:
        for stage in STAGES:
            subprocess.run([sys.executable, __file__, str(corpus), str(n), stage], check=True, env=os.environ)
        return
    stage = sys.argv[3]
    config = load_config(Path("/tmp/bench-w/bench-site.yaml"))
    items = [(f.name, f.read_bytes()) for f in sorted(corpus.iterdir())[:n]]
    digests = [hashlib.sha256(d).hexdigest() for _, d in items]
    t = time.process_time()
    articles = [parse_bytes(d, rel, config, h)[0] for (rel, d), h in zip(items, digests, strict=True)]
    parse_time = time.process_time() - t
    articles = [a for a in articles if a is not None]
    runs: dict[str, Callable[[], object]] = {
        "extract": lambda: [evidence(extract(a)) for a in articles],
        "digest": lambda: [digest(a) for a in articles],
        "read_mentions": lambda: [read_mentions(a, config) for a in articles],
        "dated_mentions": lambda: [dated_mentions(a) for a in articles],
        "prepare+pack": lambda: [prepare(a, config).pack() for a in articles],
    }
    if stage == "parse":
        spent = parse_time
    else:
        t = time.process_time()
        runs[stage]()
        spent = time.process_time() - t
    print(f"{stage:15s} {spent / len(items) * 1000:6.3f} ms/article")


if __name__ == "__main__":
    main()

"""CPU cost of ingest alone (file bytes → Article record), and a fingerprint of its records.

Usage::

    PYTHONPATH=. python bench/bench_ingest.py CORPUS [N] [--repeat R] [--config site.yaml] [--profile]

Parses the first N files of CORPUS (sorted) with :func:`site_builder.build.parse_bytes`,
in one process and in file order, as one parse worker does, after one warm-up parse (the
build imports the parsers before it forks its workers). Pass 1 is the honest figure; a
repeat shows the memos warm with the same lines, which a build never sees. Prints CPU ms
per file for each pass and a SHA-256 of the pickled records and problems, so a speed-up can be
checked for identical output in seconds before the full ``check_same`` run. Run it
with a fixed ``PYTHONHASHSEED``: sets inside the records pickle in hash order.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
import time
from pathlib import Path

from site_builder.build import parse_bytes
from site_builder.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=400)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--config", type=Path, default=Path("/tmp/site-builder-bench/bench-site.yaml"))
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the first pass")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()

    config = load_config(args.config)
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())[: args.n]
    items = [(f.relative_to(args.corpus).as_posix(), f.read_bytes()) for f in files]
    digests = [hashlib.sha256(data).hexdigest() for _, data in items]
    fingerprint = hashlib.sha256()
    parse_bytes(b"---\ntitle: Warm-up\n---\n\nOne *short* paragraph.\n", "warm-up.md", config, "0")
    parse_bytes(b"Warm-up\n\nOne short paragraph.\n", "warm-up.txt", config, "0")
    for attempt in range(args.repeat):
        profile = cProfile.Profile() if args.profile and attempt == 0 else None
        results = []
        start = time.process_time()
        if profile:
            profile.enable()
        for (rel, data), digest in zip(items, digests, strict=True):
            results.append(parse_bytes(data, rel, config, digest))
        if profile:
            profile.disable()
        cpu = time.process_time() - start
        if attempt == 0:
            for result in results:
                fingerprint.update(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"pass {attempt + 1}: {cpu * 1000 / len(items):.3f} ms CPU per file ({len(items)} files)")
        if profile:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
    print("records sha256", fingerprint.hexdigest()[:16])


if __name__ == "__main__":
    main()

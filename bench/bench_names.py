"""CPU time of person-name mention finding (``names.find_mentions``) per article.

    .venv/bin/python bench/bench_names.py CORPUS [N] [--config FILE] [--repeat R] [--digest]

Parses the first ``N`` files of ``CORPUS`` (not timed), then reads every article's names
``R`` times with :func:`find_mentions` and prints the CPU milliseconds per article: once
with the module's token caches emptied first ("cold", as a fresh worker process starts)
and the best of the warm repeats. No sentence cache is shared between articles, so
recurring sentences are read each time. ``--digest`` prints a hash of every mention
found, to compare two versions of the code on the same input.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import site_builder.analyze.names as names
from site_builder.analyze.entities import lexicon_for
from site_builder.build import parse_bytes
from site_builder.config import load_config


def _clear_caches(lexicon: names.Lexicon) -> None:
    getattr(lexicon, "plans", {}).clear()  # run readings, where the module keeps them
    for cached in ("_one_token", "_token", "_CHUNK_TOKENS", "_bare", "fold"):
        if hasattr(names, cached):
            getattr(names, cached).cache_clear()


def _digest(texts: list[str], lexicon: names.Lexicon) -> str:
    h = hashlib.sha256()
    for text in texts:
        for m in names.find_mentions(text, lexicon, names.lower_words(text), {}):
            h.update(repr((m.surface, m.parts, m.kind, m.honorific, m.roles, m.evidence, m.known,
                           m.sentence_start, m.plural_role)).encode())
        h.update(b"\0")
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=400)
    parser.add_argument("--config", type=Path, default=Path("/tmp/site-builder-bench/bench-site.yaml"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--digest", action="store_true")
    args = parser.parse_args()
    config = load_config(args.config)
    texts = []
    for path in sorted(p for p in args.corpus.rglob("*") if p.is_file())[: args.n]:
        data = path.read_bytes()
        article, _ = parse_bytes(data, path.name, config, hashlib.sha256(data).hexdigest())
        if article is not None:
            texts.append(article.text)
    lexicon = lexicon_for(config)
    if args.digest:
        print("digest", _digest(texts, lexicon))
    times = []
    for r in range(args.repeat + 1):
        if r == 0:
            _clear_caches(lexicon)
        start = time.process_time()
        for text in texts:
            names.find_mentions(text, lexicon, names.lower_words(text), {})
        times.append((time.process_time() - start) / max(len(texts), 1) * 1000)
    print(f"{len(texts)} articles: cold {times[0]:.3f} ms/article, warm best {min(times[1:]):.3f} "
          f"(all {' '.join(f'{t:.3f}' for t in times[1:])})")


if __name__ == "__main__":
    main()

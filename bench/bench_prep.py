"""Times the per-article "prepare" readers: ``features.extract``, ``summarize.digest`` and
``timeline.dated_mentions`` (which runs ``mentions.find_mentions``).

Files are parsed first (not timed); then every article is read by the three in turn, as
``analyze.prepare`` does, and the CPU seconds of this process are reported per reader,
for the first (cold memo) pass and the best of the repeats. A hash of the pickled results
is printed too, so two versions of the code can be checked for identical output on the
same inputs.

Usage: ``python bench/bench_prep.py CORPUS_DIR [N] [REPEATS] [CONFIG]`` (defaults: all
files, 3 repeats, ``site.yaml``).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from site_builder.analyze.features import extract  # noqa: E402
from site_builder.analyze.summarize import digest  # noqa: E402
from site_builder.analyze.timeline import dated_mentions  # noqa: E402
from site_builder.build import parse_bytes  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.model import Article  # noqa: E402


def load(corpus: Path, n: int | None, config_path: Path) -> list[Article]:
    config = load_config(config_path)
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:n]
    articles = []
    for f in files:
        data = f.read_bytes()
        article, _ = parse_bytes(data, f.name, config, hashlib.sha256(data).hexdigest())
        if article is not None:
            articles.append(article)
    return articles


def _pass(readers: dict[str, Callable[[Article], Any]], articles: list[Article]) -> tuple[dict[str, float],
                                                                                          dict[str, list[Any]]]:
    """One pass over the articles, each read by every reader in turn as ``analyze.prepare`` does."""
    spent = dict.fromkeys(readers, 0.0)
    out: dict[str, list[Any]] = {name: [] for name in readers}
    clock = time.process_time
    for a in articles:
        for name, func in readers.items():
            t0 = clock()
            found = func(a)
            spent[name] += clock() - t0
            out[name].append(found)
    return spent, out


def main(argv: list[str]) -> None:
    corpus = Path(argv[0])
    n = int(argv[1]) if len(argv) > 1 else None
    repeats = int(argv[2]) if len(argv) > 2 else 3
    config = Path(argv[3]) if len(argv) > 3 else ROOT / "site.yaml"
    articles = load(corpus, n, config)
    readers: dict[str, Callable[[Article], Any]] = {"extract": extract, "digest": digest, "dated": dated_mentions}
    first, out = _pass(readers, articles)
    best = dict(first)
    for _ in range(repeats - 1):
        spent, _ = _pass(readers, articles)
        best = {name: min(best[name], spent[name]) for name in readers}
    for name in readers:
        h = hashlib.sha256(pickle.dumps(out[name], protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()[:16]
        print(f"{name:8s} first {first[name] * 1000 / len(articles):6.3f} ms/article  "
              f"best {best[name] * 1000 / len(articles):6.3f} ms/article  hash {h}")
    print(f"{'sum':8s} first {sum(first.values()) * 1000 / len(articles):6.3f} ms/article  "
          f"best {sum(best.values()) * 1000 / len(articles):6.3f} ms/article  ({len(articles)} articles)")


if __name__ == "__main__":
    main(sys.argv[1:])

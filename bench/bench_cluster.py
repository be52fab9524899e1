"""Times story clustering on synthetic raw corpora and scores it against their known events.

The corpus comes from ``bench/make_corpus.py --raw`` (several outlet versions of each
invented event, with page furniture, weekday phrases and number drift) written to a
temporary folder. Ingest is timed on its own; the clustering figure covers feature
extraction, vectors, candidate search and linking (``cluster_articles``). The fixture
set's pairwise scores are printed too.

Usage: ``python bench/bench_cluster.py [N ...]`` (default: 2000 20000).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import generate  # noqa: E402

from site_builder.analyze.cluster import cluster_articles, evaluate_folder, pairwise_scores  # noqa: E402
from site_builder.ingest import load_articles  # noqa: E402
from site_builder.model import SiteConfig  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "events"


def run(n: int, seed: int = 20240728) -> dict[str, float]:
    """Generate, ingest and cluster ``n`` raw articles; timings in seconds plus pairwise scores."""
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        events: list[list[str]] = []
        generate(n, Path(tmp), raw=True, seed=seed, events=events)
        truth = {name: str(k) for k, members in enumerate(events) for name in members}
        start = time.perf_counter()
        articles, _ = load_articles(Path(tmp), SiteConfig())
        ingest = time.perf_counter() - start
    articles.sort(key=lambda a: a.source)
    start, cpu_start, before = time.perf_counter(), time.process_time(), os.times()
    groups = cluster_articles(articles)
    seconds = time.perf_counter() - start
    after = os.times()
    # CPU seconds (this process and its feature workers) stay meaningful on a busy machine.
    cpu = time.process_time() - cpu_start + (after.children_user - before.children_user) \
        + (after.children_system - before.children_system)
    scores = pairwise_scores([[articles[i].source for i in g] for g in groups], truth)
    return {"n": float(len(articles)), "events": float(len(events)), "ingest": ingest, "cluster": seconds, "cpu": cpu,
            "stories": float(len(groups)), **scores}


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [2000, 20000]
    fx = evaluate_folder(FIXTURES, FIXTURES / "truth.yaml")
    print(f"fixtures ({FIXTURES.relative_to(ROOT)}): precision {fx['precision']:.3f} recall {fx['recall']:.3f} "
          f"F1 {fx['f1']:.3f}")
    for n in sizes:
        r = run(n)
        print(f"N={int(r['n'])}: cluster {r['cluster']:.1f}s wall, {r['cpu']:.1f}s CPU (ingest {r['ingest']:.1f}s), "
              f"{int(r['stories'])} stories for {int(r['events'])} events, "
              f"pairwise precision {r['precision']:.3f} recall {r['recall']:.3f} F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

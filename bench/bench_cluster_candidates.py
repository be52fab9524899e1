"""CPU time of clustering's candidate generation and linking, from a pickled :class:`Corpus`.

    .venv/bin/python bench/bench_cluster_candidates.py DATA.pkl [--corpus OUT.pkl] [--repeat N] [--save RESULT.pkl]

``DATA.pkl`` is a pickle written by ``bench/bench_analysis.py`` (records and prepared
parts); the clustering corpus made from it is pickled once to ``--corpus`` so later runs
start from there. Printed: CPU seconds of ``Corpus.candidates`` and of ``cluster``, min
over the repeats. ``--save`` keeps (candidates, clusters) to compare two versions.
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path

from site_builder.analyze import _split
from site_builder.analyze.cluster import DEFAULT, Corpus, cluster, own_date


def _corpus(data: Path, out: Path) -> Corpus:
    if out.exists():
        return pickle.loads(out.read_bytes())
    articles, _, prepared, _, _ = pickle.loads(data.read_bytes())
    articles = sorted(articles, key=lambda a: a.source)
    parts = _split(prepared)  # the cached parts are packed: unpickled here, on first read
    features, evidence = parts["features"], parts["evidence"]
    corpus = Corpus([features[a.source] for a in articles], [own_date(a, DEFAULT) for a in articles],
                    DEFAULT, [evidence[a.source] for a in articles])
    out.write_bytes(pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL))
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", type=Path, default=None)
    args = parser.parse_args()
    payload = pickle.dumps(_corpus(args.data, args.corpus), protocol=pickle.HIGHEST_PROTOCOL)
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        corpus = pickle.loads(payload)
        start = time.process_time()
        pairs = corpus.candidates()
        mid = time.process_time()
        corpus = pickle.loads(payload)
        groups = cluster(corpus)
        end = time.process_time()
        for name, value in (("candidates", mid - start), ("cluster (all)", end - mid)):
            best[name] = min(best.get(name, value), value)
    print(f"{len(pairs)} pairs, {len(groups)} clusters; " + "  ".join(f"{k} {v:.3f}" for k, v in best.items()))
    if args.save:
        args.save.write_bytes(pickle.dumps((pairs, groups), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()

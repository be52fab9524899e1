"""How many stories an edit summarises again, and how much rounding the IDF changes summaries.

    .venv/bin/python bench/bench_summ.py CORPUS [--config FILE] [--steps 0,1/32] [--corpora 40] [--targets 10]

For each IDF step (``summarize.IDF_STEP``; 0 is unrounded) it prints:

* over ``--corpora`` random sub-corpora of CORPUS (up to 5 % of the articles left out, so
  that document frequencies and the corpus size vary) and ``--targets`` random articles
  of each, how many stories ``bench/run.py``'s edit (a paragraph "Update 1: the figures
  above were revised after publication, at T." appended to one article) summarises
  again: the stories holding an article whose print (``stories._Terms.fingerprint``)
  moved. The stories are CORPUS's, kept fixed;
* how many of CORPUS's stories get another title or summary than with unrounded IDF.

Stories are clustered once; only the summariser's statistics are run per edit, so the
counts are exactly what an edit rebuild's ``_summarise`` would summarise again.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from fractions import Fraction
from pathlib import Path

import numpy as np

from site_builder.analyze import summarize
from site_builder.analyze.stories import _Terms, build_stories
from site_builder.analyze.summarize import Summarizer, digest
from site_builder.config import load_config
from site_builder.ingest import load_articles
from site_builder.model import Article

EDIT = "Update 1: the figures above were revised after publication, at 1700000000."


def resummarised(articles: list[Article], groups: list[list[str]], targets: list[int],
                 digests: dict[str, summarize.Digest]) -> list[int]:
    """Per target, how many stories the edit of that article (alone) summarises again."""
    index = {a.source: k for k, a in enumerate(articles)}
    story_of = {index[s]: g for g, members in enumerate(groups) for s in members if s in index}
    keys = [(a.source, a.content_hash) for a in articles]
    terms = _Terms.of(Summarizer(articles, digests), keys)
    prints = [terms.fingerprint(k, a) for k, a in enumerate(articles)]
    out = []
    for t in targets:
        edited = dataclasses.replace(articles[t], body=[*articles[t].body, EDIT],
                                     content_hash=articles[t].content_hash + "+")
        now = [*articles[:t], edited, *articles[t + 1 :]]
        advanced = terms.advance([*keys[:t], (edited.source, edited.content_hash), *keys[t + 1 :]], now,
                                 lambda a, edited=edited: digest(a) if a is edited else digests[a.source])
        assert advanced is not None
        after, dirty = advanced
        moved = {k for k in dirty.tolist() if after.fingerprint(k, now[k]) != prints[k]}
        out.append(len({story_of[k] for k in moved}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--steps", default="0,1/32", help="IDF steps, comma-separated (fractions allowed)")
    parser.add_argument("--corpora", type=int, default=40)
    parser.add_argument("--targets", type=int, default=10)
    args = parser.parse_args()
    steps = [float(Fraction(s)) for s in args.steps.split(",")]
    config = load_config(args.config)
    articles, _ = load_articles(args.corpus, config)
    articles.sort(key=lambda a: a.source)
    groups = [[a.source for a in s.articles]
              for s in build_stories([dataclasses.replace(a) for a in articles], config)]
    digests = {a.source: digest(a) for a in articles}
    by_source = {a.source: a for a in articles}
    stories = [[by_source[s] for s in g] for g in groups]
    print(f"{args.corpus.name}: {len(articles)} articles, {len(stories)} stories")
    exact = Summarizer(articles, digests, idf_step=0).summarise(stories)
    rnd = random.Random(3)
    samples = []
    for _ in range(args.corpora):
        left_out = set(rnd.sample(range(len(articles)), rnd.randrange(len(articles) // 20 + 1)))
        part = [a for k, a in enumerate(articles) if k not in left_out]
        samples.append((part, rnd.sample(range(len(part)), min(args.targets, len(part)))))
    for step in steps:
        summarize.IDF_STEP = step
        counts = np.array([c for part, targets in samples for c in resummarised(part, groups, targets, digests)])
        got = Summarizer(articles, digests).summarise(stories)
        titles = sum(a[0] != b[0] for a, b in zip(exact, got, strict=True))
        summaries = sum(a[1] != b[1] for a, b in zip(exact, got, strict=True))
        swapped = sum(len(set(a[1]) - set(b[1])) for a, b in zip(exact, got, strict=True))
        print(f"step {step:.5f}: re-summarised per edit mean {counts.mean():.1f}, median {np.median(counts):.0f}, "
              f"max {counts.max()}, {np.count_nonzero(counts > 1)} of {len(counts)} edits more than one; "
              f"vs unrounded: {titles} titles, {summaries} summaries, "
              f"{swapped} of {sum(len(e[1]) for e in exact)} sentences differ")


if __name__ == "__main__":
    main()

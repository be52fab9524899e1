"""Times the entity pass (people, places, name/role checks) and the source comparison.

Reads a corpus written by ``bench/make_corpus.py --raw --manifest M.json``, turns each
file into an article (title = first line, paragraphs = blank-line blocks; ingest is
timed elsewhere) and the manifest's true event groups into stories, then times
``index_entities`` and ``compare_stories`` on the first N articles for each N given.

Usage: ``python bench/bench_entities.py CORPUS_DIR MANIFEST.json [N ...]`` (default N: 2000 20000).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from site_builder.analyze.compare import compare_stories
from site_builder.analyze.entities import index_entities
from site_builder.model import Article, SiteConfig, SiteModel, Story


def load(path: Path) -> Article:
    title, _, rest = path.read_text(encoding="utf-8").partition("\n")
    body = [p.strip() for p in rest.split("\n\n") if p.strip()]
    return Article(source=path.name, slug=path.stem, title=title.strip(), body=body, body_html="",
                   content_hash=path.name)


def run(folder: Path, groups: list[list[str]], n: int) -> None:
    names = sorted(p.name for p in folder.glob("*.txt"))[:n]
    keep = set(names)
    articles = {name: load(folder / name) for name in names}
    stories = []
    grouped: set[str] = set()
    for k, group in enumerate(groups):
        members = [articles[g] for g in group if g in keep]
        if not members:
            continue
        for a in members:
            a.story_id = f"e{k}"
            grouped.add(a.source)
        stories.append(Story(id=f"e{k}", slug=f"e{k}", title=members[0].title, articles=members,
                             canonical=members[0].source))
    for name in names:
        if name not in grouped:
            articles[name].story_id = name
            stories.append(Story(id=name, slug=name, title=articles[name].title, articles=[articles[name]],
                                 canonical=name))
    site = SiteModel(articles=list(articles.values()), stories=stories)
    wall, cpu = time.perf_counter(), time.process_time()
    index = index_entities(site.articles, site.stories, SiteConfig())
    entities = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    compare_stories(site, index.people, SiteConfig())
    compare = (time.perf_counter() - wall, time.process_time() - cpu)
    flagged = sum(1 for a in site.articles if a.warnings)
    print(f"{n:>6} articles, {len(stories):>5} stories: entities {entities[0]:6.2f} s ({entities[1]:.2f} s CPU), "
          f"compare {compare[0]:6.2f} s ({compare[1]:.2f} s CPU), {len(index.people)} people, "
          f"{flagged} articles flagged")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    folder, manifest = Path(argv[0]), Path(argv[1])
    groups = json.loads(manifest.read_text(encoding="utf-8"))
    for n in [int(x) for x in argv[2:]] or [2000, 20000]:
        run(folder, groups, n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

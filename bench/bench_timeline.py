"""Times topics and the timeline (``assign_topics`` + ``build_timeline``) on a synthetic corpus.

The corpus comes from ``bench/make_corpus.py --raw``; stories are one per article (the
clustering stage is timed by ``bench_cluster.py``), dated by the article's event date,
so the figure covers taxonomy scoring, key phrases, mention finding and merging only
(CPU seconds of this process, so other work on the machine does not inflate it).
The sample's taxonomy from ``site.yaml`` is used. Prints articles, entries, mention
entries and seconds. Usage: ``python bench/bench_timeline.py [N ...]`` (default: 20000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import generate  # noqa: E402

from site_builder.analyze.timeline import build_timeline  # noqa: E402
from site_builder.analyze.topics import assign_topics  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.ingest import load_articles  # noqa: E402
from site_builder.model import SiteModel, Story  # noqa: E402


def run(n: int) -> None:
    config = load_config(ROOT / "site.yaml")
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        generate(n, Path(tmp), raw=True)
        articles, _ = load_articles(Path(tmp), config)
    stories = []
    for a in articles:
        a.story_id = f"s{len(stories)}"
        stories.append(Story(id=a.story_id, slug=a.story_id, title=a.title, articles=[a],
                             event_date=a.event_date or a.published, summary=a.body[:1]))
    site = SiteModel(articles=articles, stories=stories)
    # CPU time of this process: wall time on a shared machine measures the neighbours.
    start = time.process_time()
    site.topics = assign_topics(articles, stories, config)
    topics = time.process_time() - start
    site.timeline = build_timeline(site, config, {})
    total = time.process_time() - start
    mentions = sum(1 for e in site.timeline if e.kind == "mention")
    automatic = sum(1 for t in site.topics if t.automatic)
    print(f"{len(articles)} articles: topics {topics:.2f}s ({len(site.topics)} topics, {automatic} automatic), "
          f"timeline {total - topics:.2f}s ({len(site.timeline)} entries, {mentions} from mentions), "
          f"total {total:.2f}s")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [20000]:
        run(size)

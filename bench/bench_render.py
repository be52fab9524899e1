"""Render speed: a synthetic site model of N stories (default 2,000) rendered to a temp folder.

Times only ``render_site`` (pages, feeds, sitemap, exports; no search index), as the
median of a few runs, and prints pages written and seconds; CPU includes the forked
render workers. Target: about a second for 2,000 stories. ``--model`` renders a real
site instead: a pickle of ``(SiteModel, SiteConfig)`` as a build hands them to
``render_site`` (patch ``site_builder.render.render_site`` in a build to dump one);
``--reuse`` renders inside the build's page-reuse layer (a cold build: every page keyed
and rendered), as ``build()`` does. Usage:
``python bench/bench_render.py [--stories N | --model PICKLE] [--reuse] [--runs R] [--workers W] [--dir D]``.
"""

from __future__ import annotations

import argparse
import contextlib
import pickle
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import cpu_seconds

from site_builder.model import (
    Article,
    Comparison,
    Conflict,
    DatedValue,
    Evidence,
    Fact,
    PartialDate,
    Person,
    SiteConfig,
    SiteModel,
    Story,
    TimelineEntry,
    Topic,
)
from site_builder.render import render_site

WORDS = [
    "harbour", "council", "minister", "budget", "strike", "vote", "treaty", "coast", "guard", "missile",
    "port", "union", "talks", "summit", "election", "court", "ruling", "agreement", "delegation", "tariff",
    "grain", "river", "bridge", "museum", "festival",
]


def synthetic(n_stories: int, seed: int = 7) -> SiteModel:
    rng = random.Random(seed)
    outlets = [f"Outlet {i}" for i in range(40)] + [None]
    topics = [Topic(f"topic-{i}", f"Topic {i}") for i in range(30)]
    people = [Person(f"person-{i}", f"Person {i}", roles={"minister": []}) for i in range(300)]
    articles: list[Article] = []
    stories: list[Story] = []
    timeline: list[TimelineEntry] = []
    for s in range(n_stories):
        date = PartialDate(2015 + s % 10, 1 + s % 12, 1 + s % 28)
        members = []
        for m in range(rng.choice([1, 1, 2, 3, 4])):
            body = [" ".join(rng.choices(WORDS, k=40)).capitalize() + "." for _ in range(8)]
            a = Article(source=f"s{s}_{m}.txt", slug=f"s{s}-{m}", title=f"Story {s} source {m}", body=body,
                        body_html="".join(f"<p>{p}</p>" for p in body), content_hash=f"{s}-{m}",
                        outlet=rng.choice(outlets), author=f"Writer {m}",
                        published=DatedValue(date, "front matter"), story_id=f"id{s}")
            members.append(a)
        sid = f"id{s}"
        story_topics = [t.slug for t in rng.sample(topics, 2)]
        story_people = [p.slug for p in rng.sample(people, 2)]
        for a in members:
            a.topics = story_topics
        for t in topics:
            if t.slug in story_topics:
                t.story_ids.append(sid)
        for p in people:
            if p.slug in story_people:
                p.story_ids.append(sid)
                p.roles["minister"].append(members[0].source)
        cmp = Comparison(agreed=[Fact(members[0].body[0], [a.source for a in members])],
                         only_in={members[-1].source: members[-1].body[1:3]},
                         conflicts=[Conflict("number", "turnout", {"8,400": [members[0].source]})])
        stories.append(Story(id=sid, slug=f"story-{s}", title=f"Story {s}: " + " ".join(rng.choices(WORDS, k=6)),
                             articles=members, event_date=DatedValue(date, "consensus"),
                             summary=members[0].body[:2], canonical=members[0].source, comparison=cmp,
                             topics=story_topics, people=story_people, places=["Somewhere"]))
        articles += members
        timeline.append(TimelineEntry(f"t{s}", date, stories[-1].title, summary=members[0].body[0],
                                      story_ids=[sid], articles=[a.source for a in members],
                                      evidence=[Evidence(members[0].body[1], members[0].source)]))
    return SiteModel(articles=articles, stories=stories, topics=topics, people=people, timeline=timeline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where to write (e.g. /dev/shm to leave the disk out)")
    parser.add_argument("--workers", type=int, default=2, help="render processes (1: serial)")
    parser.add_argument("--model", default=None, help="a pickled (SiteModel, SiteConfig) to render instead")
    parser.add_argument("--reuse", action="store_true", help="render inside build's page-reuse layer (cold)")
    args = parser.parse_args()
    if args.model:
        with open(args.model, "rb") as f:
            site, config = pickle.load(f)  # a file you made yourself: pickle runs code from it
    else:
        site = synthetic(args.stories)
        config = SiteConfig(title="Bench", base_url="https://example.org/bench/")
    times, cpu, pages = [], [], 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            reuse: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
            if args.reuse:
                from site_builder.build import _PageReuse

                reuse = _PageReuse("bench", None, Path(tmp) / "old", None, in_place=False).installed()
            start, start_cpu = time.perf_counter(), cpu_seconds()
            with reuse:
                written = render_site(site, config, Path(tmp) / "out", workers=args.workers)
            times.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - start_cpu)
            pages = sum(1 for p in written if p.endswith(".html"))
    reused = " in the page-reuse layer" if args.reuse else ""
    print(f"render ({args.workers} workers{reused}): {len(site.stories)} stories, {len(site.articles)} articles, "
          f"{pages} pages, "
          f"{len(written)} files: median {statistics.median(times):.2f}s wall, "
          f"{statistics.median(cpu):.2f}s CPU (wall runs: " + ", ".join(f"{t:.2f}" for t in times) + ")")


if __name__ == "__main__":
    main()

"""Render: a :class:`SiteModel` → the files of the static site, written under a folder.

Templates come from the top-level ``templates/`` folder; a site may put its own
templates in front of them to override any file. Pages are in :mod:`.pages`, feeds
in :mod:`.feeds`, crawler files in :mod:`.sitemap`, data exports in :mod:`.digest` and
:mod:`.timelinejs`; search indexing (:mod:`.search`) runs afterwards, from the build.

Every file is written by a job (:meth:`Renderer.page_jobs` and the feeds and data
files below); on a big site the jobs run on two forked processes writing into the same
folder, and what each job records (its written paths and sitemap entries) is put back
in job order, so the result is the same as a serial run, file for file and list for list.
"""

from __future__ import annotations

import bisect
import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from site_builder.model import SiteConfig, SiteModel

if TYPE_CHECKING:
    from site_builder.render.pages import BUILTIN_TEMPLATES, Renderer, make_environment

__all__ = ["BUILTIN_TEMPLATES", "Renderer", "WorkerState", "make_environment", "render_site"]


def __getattr__(name: str) -> Any:
    # The page machinery (jinja2, markdown, nh3) loads on first use, not with the package:
    # a rebuild in which nothing changed imports render.search only, and must stay fast.
    if name in ("BUILTIN_TEMPLATES", "Renderer", "make_environment"):
        from site_builder.render import pages

        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

PARALLEL_MIN_JOBS = 600  # below this, forking workers costs more than it saves
WORKERS = 2
FORK_FIRST_CHECK = 0.4  # CPU run here before forking is considered (the first pages make most object digests)
FORK_PROBE_SECONDS = 0.15  # CPU run here between later checks
FORK_WORTH_SECONDS = 2.0  # projected CPU left above which the remaining jobs are forked
CLOCK_EVERY = 16  # jobs between readings of the CPU clock (a system call) while forking is considered


class WorkerState(Protocol):
    """State a caller keeps while pages render (the build's page reuse), carried back from workers."""

    def take(self) -> Any:
        """What was gathered since the last call (picklable), starting afresh."""

    def merge(self, taken: Any) -> None:
        """Add what :meth:`take` returned in a worker."""


def render_site(
    site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path] | None = None, *,
    workers: int = WORKERS, state: WorkerState | None = None, bytecode_cache: Path | None = None,
) -> list[str]:
    """Write the whole site into ``out_dir``; returns the written paths (relative to it).

    ``workers`` > 1 renders a big site on that many forked processes (where the OS can
    fork); ``state`` is gathered from them after each job. ``bytecode_cache``, a folder
    kept between builds, holds the compiled templates (checked against their source).
    """
    with _frozen_if_big(site):
        return _render(site, config, out_dir, template_dirs, workers, state, bytecode_cache)


def _frozen_if_big(site: SiteModel) -> contextlib.AbstractContextManager[None]:
    """The analysed site left out of garbage collections while a big site renders.

    Indexing the site and keying its pages (which a rebuild does for every page before any
    job runs) allocate enough to set off full collections, each walking every object of
    the site (issue 7: they were half of an edit's render). A small site is cheap to walk,
    and spared importing the analysis helpers.
    """
    if len(site.articles) + len(site.stories) + len(site.people) < PARALLEL_MIN_JOBS:
        return contextlib.nullcontext()
    from site_builder.analyze.features import frozen

    return frozen()


def _render(site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path] | None, workers: int,
            state: WorkerState | None, bytecode_cache: Path | None) -> list[str]:
    from site_builder.render.digest import records_json
    from site_builder.render.feeds import atom_feed, json_feed
    from site_builder.render.pages import Renderer
    from site_builder.render.sitemap import robots_txt, sitemap_xml
    from site_builder.render.timelinejs import timelinejs

    r = Renderer(site, config, out_dir, template_dirs or [], bytecode_cache)
    jobs: list[Callable[[], None]] = r.page_jobs()
    jobs.append(partial(_site_feed, r, "atom", r.urls.atom,
                        lambda stories: atom_feed(r, stories, r.urls.atom, config.title)))
    jobs.append(partial(_site_feed, r, "json", r.urls.json_feed, partial(json_feed, r)))
    jobs += [partial(_topic_feed, r, topic.slug, topic.name) for topic in site.topics]
    # The sitemap lists every page, so it is written last, by this process, in its place.
    sitemap_at = len(jobs)
    jobs.append(lambda: r.keyed("sitemap", r.urls.sitemap, {"pages": r.sitemap},
                                lambda: sitemap_xml(r.urls, r.sitemap)))
    jobs.append(lambda: r.write("robots.txt", robots_txt(r.urls)))
    jobs.append(partial(_digest, r))
    # Timeline entries are the only input not among the site's navigation-level facts
    # (story titles and slugs, which it links to, are; see Renderer.keyed).
    jobs.append(lambda: r.keyed("timeline.json", "timeline.json", {"timeline": site.timeline},
                                lambda: records_json(timelinejs(site, r.urls, config))))
    # GitHub Pages would otherwise run Jekyll, which hides folders such as _pagefind.
    jobs.append(lambda: r.write(".nojekyll", ""))
    if config.domain.strip():
        jobs.append(lambda: r.write("CNAME", config.domain.strip() + "\n"))
    jobs.append(r.copy_static)
    # Files are created by a helper process while the next pages render (see Renderer.writing_behind),
    # unless the pages may go to forked workers (see _run).
    with r.writing_behind():
        _run(r, jobs, {sitemap_at}, workers, state)
    return r.written


def _site_feed(r: Renderer, kind: str, path: str, make: Callable[[list[Any]], str]) -> None:
    from site_builder.render.feeds import feed_stories

    # A feed shows its first dated stories only: an edit elsewhere leaves it as it was.
    stories = feed_stories(r, r.stories)
    r.keyed(f"feed:{kind}", path, {"stories": stories}, lambda: make(r.stories))


def _topic_feed(r: Renderer, slug: str, name: str) -> None:
    from site_builder.render.feeds import atom_feed, feed_stories

    path = r.urls.topic_feed(slug)
    title = f"{name} · {r.config.title}"
    self_page = r.urls.topic(slug)
    stories = r.topic_stories[slug]
    r.keyed("feed:atom", path, {"stories": feed_stories(r, stories), "title": title, "self_page": self_page},
            lambda: atom_feed(r, stories, path, title, self_page=self_page))


def _digest(r: Renderer) -> None:
    from site_builder.render.digest import digest_json_parts

    # Keyed by the exported values that are not among the site's navigation-level facts
    # (see Renderer.keyed): an article's warnings, a story's summary, comparison,
    # warnings and canonical member, the timeline. Every other field it exports (titles, slugs, dates, sources,
    # topics, people...) is such a fact. So a body edit that changes none of them leaves
    # the file as it was, and an unchanged file costs neither building the data nor hashing it.
    site = r.site
    inputs = {"warnings": [a.warnings for a in site.articles],
              "stories": [(s.summary, s.comparison, s.warnings, s.canonical) for s in site.stories],
              "timeline": site.timeline}
    # In pieces: the export of a big site is the largest file by far (59 MB on 20,000 articles).
    r.keyed("digest.json", "digest.json", inputs, lambda: digest_json_parts(site, r.urls, r.config))


# (written paths, sitemap entries, worker state) of one job
Record = tuple[list[str], list[tuple[str, str | None]], Any]


def _run(r: Renderer, jobs: list[Callable[[], None]], last: set[int], workers: int,
         state: WorkerState | None) -> None:
    """Run ``jobs`` in order, or spread over forked workers; ``last`` run here after all the others."""
    if len(jobs) < PARALLEL_MIN_JOBS:
        for job in jobs:
            job()
        return
    # Loaded only for big sites, where a build has imported analysis anyway.
    from site_builder.analyze.features import can_fork, fork_map, frozen, room_to_fork

    may_fork = workers >= 2 and can_fork() and room_to_fork(workers)
    if may_fork:
        # The writer is for a render confined to one core: where workers may take the pages,
        # files are written here, as the choice to fork projects the cost of the jobs left from
        # this process's CPU time, which a writer would lower (measured on raw-2000: a render
        # not forked), and a writer would stop at the fork anyway.
        r.finish_writes()

    def run(i: int) -> Record:
        if state is not None:
            state.take()  # drop what the worker inherited or the previous job left
        written, sitemap = len(r.written), len(r.sitemap)
        jobs[i]()
        return r.written[written:], r.sitemap[sitemap:], state.take() if state is not None else None

    early = [i for i in range(len(jobs)) if i not in last]
    base = len(r.written)
    ends: list[int] = []  # len(r.written) after each job run here, in order
    # Jobs run here until their cost shows forking pays: on a rebuild most pages are
    # reused and cost microseconds, and two workers would each make the same object
    # digests and copy the heap for less work than that costs (issue 7: an edit rendered
    # in 1.0 s on two workers, 0.7 s of CPU in one process). Jobs keep their order either way.
    done, start, check_at, probe = 0, time.process_time(), FORK_FIRST_CHECK, 1
    records: dict[int, Record] = {}  # of the jobs not run here
    # Frozen (again, inside render_site's block for big sites: this also freezes what the
    # renderer's setup made, its indexes and page specs): rendering allocates enough to set
    # off full collections, and each would walk every object of the analysed site (a few
    # hundred ms apiece on thousands of articles), and forked workers would copy what they touch.
    with frozen():
        while done < len(early):
            if may_fork and done >= probe:
                probe = done + CLOCK_EVERY
                spent = time.process_time() - start
                if spent >= check_at:
                    check_at = spent + FORK_PROBE_SECONDS
                    if spent / done * (len(early) - done) > FORK_WORTH_SECONDS:
                        break
            jobs[early[done]]()  # its sitemap entries are in place already
            ends.append(len(r.written))
            done += 1
        rest = early[done:]
        # What the jobs run here gathered, taken now: run() empties the state first thing,
        # which would drop it if fork_map fell back to running here.
        gathered = state.take() if state is not None else None
        if rest:
            r.preload_templates()  # compile once here, not once per worker
            records.update(zip(rest, fork_map(run, rest, min_items=2, workers=workers), strict=True))
    local = r.written[base:]
    r.written.clear()
    if state is not None:
        state.merge(gathered)
    for i in rest:
        r.sitemap.extend(records[i][1])
        if state is not None:
            state.merge(records[i][2])
    for i in sorted(last):
        before = len(r.written)
        jobs[i]()
        records[i] = (r.written[before:], [], None)
    # Every job's paths in job order: the runs of jobs done here, with the others between them.
    written: list[str] = []
    taken = 0
    for i in sorted(records):
        here = bisect.bisect_left(early, i, 0, done)  # jobs run here before job i
        upto = ends[here - 1] - base if here else 0
        written += local[taken:upto]
        written += records[i][0]
        taken = upto
    written += local[taken:]
    r.written[:] = written


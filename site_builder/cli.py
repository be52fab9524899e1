"""The ``site-builder`` command line; the only module that knows about arguments and exit codes.

Exit codes: 0 success; 1 problems found with ``--strict`` (or errors found by ``check``);
2 the command could not run (bad configuration, missing folder, refused overwrite).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from site_builder.build import DEFAULT_CACHE_DIR, BuildError, BuildResult
from site_builder.build import build as run_build
from site_builder.config import DEFAULT_NAME, ConfigError, load_config
from site_builder.model import SiteConfig


class _Err:
    """stderr through rich, created on first use: a no-change rebuild prints nothing there,
    and importing rich.console costs it 25–130 ms."""

    _console = None

    def print(self, *args: object, **kwargs: object) -> None:
        if self._console is None:
            from rich.console import Console

            _Err._console = Console(stderr=True, highlight=False, soft_wrap=True)
        self._console.print(*args, **kwargs)  # type: ignore[union-attr]


err = _Err()

STAGE_LABELS = {"parse": "Reading articles", "analyze": "Analysing stories", "render": "Rendering pages",
                "search": "Indexing for search"}


def _config(config_path: Path | None, base_url: str | None = None) -> SiteConfig:
    try:
        return load_config(config_path or Path(DEFAULT_NAME), base_url)
    except ConfigError as exc:
        err.print(str(exc), markup=False)
        sys.exit(2)


def _content_dir(content: Path) -> None:
    if not content.is_dir():
        err.print(f"{content}: content folder not found — create it or pass --content DIR", markup=False)
        sys.exit(2)


def show_progress() -> bool:
    """A progress bar only for a person watching: a terminal, and not under CI."""
    return sys.stdout.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[object]:
    """Yield a build ``progress`` callback drawing a rich bar, or None when disabled."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # No refresh thread: the build forks worker processes only while no other thread
    # runs (a lock held at fork time would deadlock a child), so an auto-refreshing bar
    # would keep every terminal build on one core. The bar redraws when the build reports.
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), transient=True, auto_refresh=False)
    tasks: dict[str, object] = {}
    drawn = 0.0

    def update(stage: str, done: int, total: int | None) -> None:
        nonlocal drawn
        new = stage not in tasks
        if new:
            tasks[stage] = bar.add_task(STAGE_LABELS.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]
        now = time.monotonic()
        if new or now - drawn >= 0.1:
            drawn = now
            bar.refresh()

    with bar:
        yield update


def summary_line(result: BuildResult, output: Path) -> str:
    extra = ""
    if result.skipped:
        extra = " (nothing changed)"
    elif result.reused_pages:
        extra = f" ({result.reused_pages} pages reused)"
    return (f"Built {result.articles} articles, {result.stories} stories, {result.pages} pages, "
            f"{len(result.problems)} warnings, {result.flags} editorial flags "
            f"in {result.seconds:.2f}s{extra} → {output}")


class _NeverRaised(Exception):
    """Stands in for an error that the chosen options cannot cause."""


def _cache_dir(cache_dir: Path | None, no_cache: bool) -> Path | None:
    return None if no_cache else (cache_dir or DEFAULT_CACHE_DIR)


@click.group()
@click.version_option(package_name="site_builder")
def main() -> None:
    """Turn a folder of news articles into a static HTML digest."""
    _batch_collector()
    _one_blas_thread()


# Young objects the cyclic collector lets pile up before it runs (Python's default is 700).
YOUNG_GENERATION = 10_000


def _batch_collector() -> None:
    """Run the cyclic garbage collector less often: a command is a short batch job.

    Importing the pipeline and loading the cache make a few hundred thousand objects that
    live for the whole run, and with Python's defaults each burst of them set off over 300
    collections, two of them full: about 0.09 s of a 1.2 s one-file-edit rebuild, for no
    garbage. At 10,000 young objects it is 18 collections and about 0.035 s; the extra
    young garbage held between collections is a few megabytes at most.
    """
    gc.set_threshold(YOUNG_GENERATION, 10, 10)


def _one_blas_thread() -> None:
    """Start numpy's BLAS with one thread, unless the user chose a number.

    Set before the pipeline imports numpy (analysis imports it on first use), as OpenBLAS
    reads it only then. The products the analysis asks of BLAS are small (a story's
    sentences against its centre): a second thread never paid for itself, and starting
    it made importing numpy cost 0.24 s of CPU instead of 0.10 (0.13 s instead of 0.10 s
    wall) on every command, a one-file edit included; on a 2-core machine its spinning
    also took a core from the parse and render workers.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


content_option = click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help="Folder of article files.")
config_option = click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                             help=f"Site configuration (default: {DEFAULT_NAME} if present).")
cache_option = click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
                            help=f"Incremental-build cache (default: {DEFAULT_CACHE_DIR}).")
no_cache_option = click.option("--no-cache", is_flag=True, help="Build everything from scratch; leave the cache alone.")


@main.command()
@content_option
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder the site is written to (replaced atomically).")
@config_option
@click.option("--base-url", default=None, help="Absolute URL the site will be served from.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file has a problem.")
@cache_option
@no_cache_option
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index (faster local builds).")
def build(content: Path, output: Path, config_path: Path | None, base_url: str | None, strict: bool,
          cache_dir: Path | None, no_cache: bool, no_search: bool) -> None:
    """Build the site."""
    # Only a search build can fail to index, and importing the indexer (subprocess with it)
    # is a few percent of a rebuild in which nothing changed.
    search_error: type[Exception] = _NeverRaised
    if not no_search:
        from site_builder.render.search import SearchIndexError as search_error

    config = _config(config_path, base_url)
    _content_dir(content)
    try:
        with progress_bar(show_progress()) as progress:
            result = run_build(content, output, config, cache_dir=_cache_dir(cache_dir, no_cache),
                               progress=progress, search=not no_search)  # type: ignore[arg-type]
    except BuildError as exc:
        err.print(f"{output}: {exc} — choose other folders", markup=False)
        sys.exit(2)
    except search_error as exc:
        err.print(f"{output}: {exc}", markup=False)
        sys.exit(1)
    for problem in result.problems:
        err.print(problem.format(), markup=False)
    click.echo(summary_line(result, output))
    if strict and result.problems:
        sys.exit(1)


@main.command()
@content_option
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder the site is built into and served from.")
@config_option
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--base-url", default=None, help="Override the configured base URL.")
@cache_option
def serve(content: Path, output: Path, config_path: Path | None, port: int, base_url: str | None,
          cache_dir: Path | None) -> None:
    """Build, serve on 127.0.0.1, and rebuild and reload the browser on every change."""
    from site_builder.serve import DevServer

    _config(config_path, base_url)  # a broken configuration at start-up is reported plainly
    _content_dir(content)
    try:
        server = DevServer(content, output, config_path or Path(DEFAULT_NAME), port=port,
                           cache_dir=_cache_dir(cache_dir, False), base_url=base_url,
                           log=lambda line: err.print(line, markup=False))
    except OSError as exc:
        err.print(f"127.0.0.1:{port}: cannot listen ({exc.strerror}) — pass another --port", markup=False)
        sys.exit(2)
    server.start()
    click.echo(f"Serving {output} at {server.url} — watching {content} for changes (Ctrl-C to stop)")
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@main.command()
@content_option
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON instead of a table.")
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too, not only on errors.")
@cache_option
def check(content: Path, config_path: Path | None, as_json: bool, strict: bool, cache_dir: Path | None) -> None:
    """Report what was inferred for every file and every problem; exit 1 when there are errors."""
    from site_builder.report import make_report, print_report

    config = _config(config_path)
    _content_dir(content)
    report = make_report(content, config, _cache_dir(cache_dir, False))
    if as_json:
        click.echo(report.to_json(), nl=False)
    else:
        # Piped output is read by people in a pager or a CI log: do not squeeze it to 80 columns.
        from rich.console import Console

        print_report(report, Console(highlight=False, width=None if sys.stdout.isatty() else 200))
    if report.errors or (strict and report.problems):
        sys.exit(1)


@main.command()
@click.argument("headline")
@content_option
def new(headline: str, content: Path) -> None:
    """Create content/<slug>.md with a front-matter skeleton (never overwrites)."""
    from site_builder.scaffold import ScaffoldError, new_article

    try:
        path = new_article(content, headline)
    except ScaffoldError as exc:
        err.print(str(exc), markup=False)
        sys.exit(2)
    click.echo(f"Created {path}")


def run() -> NoReturn:
    """The ``site-builder`` program: :func:`main`, then leave without tearing the interpreter down.

    Freeing the objects of a build one by one at exit (the records, the analysed site, the
    page keys) took about 90 ms of a 0.8 s one-file-edit rebuild on 2,000 posts (issue 7),
    memory the OS takes back at once. As mypy's ``hard_exit`` does: atexit handlers still
    run and the standard streams are flushed, then the process ends with the command's
    exit code. :func:`main` itself exits normally, for callers that catch ``SystemExit``.
    """
    try:
        main()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _leave(code: object) -> NoReturn:
    if threading.active_count() != 1:  # none should be left; if one is, let it finish as usual
        sys.exit(code)  # type: ignore[arg-type]
    atexit._run_exitfuncs()
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, and exit code 1, as Python does
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (site-builder build | head): Python exits 120
            status = status or 120
    os._exit(status)


if __name__ == "__main__":  # python -m site_builder.cli, as the site-builder script does
    run()

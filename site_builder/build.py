"""Wires ingest → analyze → render, and writes ``output/`` atomically.

The new site is rendered into a temporary folder beside the output folder and swapped
in at the end, so a failed or killed build leaves the previous site whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.analyze import analyze
from site_builder.ingest import load_articles
from site_builder.model import Problem, SiteConfig, SiteModel
from site_builder.render import render_site


@dataclass
class BuildResult:
    site: SiteModel
    pages: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` using renames, never leaving it half-written."""
    if not output.exists():
        os.replace(staging, output)
        return
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.replace(output, old)
    try:
        os.replace(staging, output)
    except OSError:
        os.replace(old, output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build(content: Path, output: Path, config: SiteConfig, template_dirs: list[Path] | None = None) -> BuildResult:
    start = time.perf_counter()
    content = content.resolve()
    output = output.resolve()
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise ValueError("the output folder must not contain, or be inside, the content folder")
    articles, problems = load_articles(content, config)
    site = analyze(articles, config, problems)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
    try:
        written = render_site(site, config, staging, template_dirs)
        staging.chmod(0o755)
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = sum(1 for p in written if p.endswith(".html"))
    return BuildResult(site=site, pages=pages, seconds=time.perf_counter() - start, problems=site.problems)

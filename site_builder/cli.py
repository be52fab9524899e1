"""The ``site-builder`` command line; the only module that knows about arguments and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from site_builder.build import build as run_build
from site_builder.config import DEFAULT_NAME, ConfigError, load_config

err = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group()
@click.version_option(package_name="site_builder")
def main() -> None:
    """Turn a folder of news articles into a static HTML digest."""


@main.command()
@click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"), show_default=True,
              help="Folder of article files.")
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder the site is written to (replaced atomically).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help=f"Site configuration (default: {DEFAULT_NAME} if present).")
@click.option("--base-url", default=None, help="Absolute URL the site will be served from.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file has a problem.")
def build(content: Path, output: Path, config_path: Path | None, base_url: str | None, strict: bool) -> None:
    """Build the site."""
    try:
        config = load_config(config_path or Path(DEFAULT_NAME), base_url)
    except ConfigError as exc:
        err.print(str(exc), markup=False)
        sys.exit(2)
    if not content.is_dir():
        err.print(f"{content}: content folder not found — create it or pass --content DIR", markup=False)
        sys.exit(2)
    result = run_build(content, output, config)
    for problem in result.problems:
        err.print(problem.format(), markup=False)
    site = result.site
    click.echo(
        f"Built {len(site.articles)} articles, {len(site.stories)} stories, {result.pages} pages, "
        f"{len(result.problems)} warnings in {result.seconds:.2f}s → {output}"
    )
    if strict and result.problems:
        sys.exit(1)

"""Importing the build pipeline leaves out modules that only some runs need."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from site_builder.analyze.features import fork_map


def _imported_after(code: str, names: list[str]) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(n for n in {names!r} if n in sys.modules))"
    return subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()


def test_pipeline_imports_no_process_pool_or_http() -> None:
    code = ("import site_builder.cli, site_builder.analyze, site_builder.render.pages, "
            "site_builder.render.feeds, site_builder.render.sitemap")
    assert _imported_after(code, ["multiprocessing", "socket", "http.client", "xml.sax", "urllib.request"]) == []


def test_small_fork_map_imports_no_multiprocessing() -> None:
    code = "from site_builder.analyze.features import fork_map\nassert fork_map(abs, [-1, 2]) == [1, 2]"
    assert _imported_after(code, ["multiprocessing"]) == []


@pytest.mark.forks  # run outside xdist: its worker threads make fork_map refuse to fork
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="fork_map runs serially on one core")
def test_big_fork_map_still_forks() -> None:
    """multiprocessing, now imported inside fork_map, still runs big inputs on workers."""
    found = fork_map(lambda i: (abs(i), os.getpid()), list(range(-300, 300)), min_items=10)
    assert [value for value, _ in found] == [abs(i) for i in range(-300, 300)]
    assert {pid for _, pid in found} - {os.getpid()}

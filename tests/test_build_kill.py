"""A build killed with SIGKILL part-way leaves the previous site whole.

The build runs in a subprocess whose render (or whose in-place commit) is slowed down
by a wrapper installed before the CLI starts; the test waits for a marker file that
says the build is inside the dangerous stretch, kills it, and compares output/ with the
previous site byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from site_builder.build import build, recover_interrupted
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import write_corpus

SLOW_RENDER = """
import sys, time, pathlib
MARKER = pathlib.Path(sys.argv[1])
import site_builder.render as render
real = render.render_site
def slow(site, config, out_dir, *args, **kwargs):
    written = real(site, config, out_dir, *args, **kwargs)
    MARKER.write_text("rendered")
    time.sleep(60)
    return written
render.render_site = slow
"""

SLOW_COMMIT = """
import os, sys, time, pathlib
MARKER = pathlib.Path(sys.argv[1])
import site_builder.build as b
real = os.replace
state = {"n": 0}
def slow_replace(src, dst):
    result = real(src, dst)
    # A staged file moved into output/ (the build cache also writes through os.replace).
    if ".tmp-" in str(src) and "/output/" in str(dst):
        state["n"] += 1
        if state["n"] == 1:
            MARKER.write_text("committing")
            time.sleep(60)
    return result
b.os.replace = slow_replace
"""

RUN_CLI = """
from site_builder.cli import main
sys.argv = ["site-builder", "build", *sys.argv[2:]]
main()
"""


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def kill_when_marked(script: str, marker: Path, args: list[str], cwd: Path) -> None:
    code = textwrap.dedent(script) + textwrap.dedent(RUN_CLI)
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(marker), *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            if proc.poll() is not None:
                pytest.fail(f"the build ended before the marker: {proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the build never reached the marker")
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture()
def site(tmp_path: Path) -> dict:
    content = tmp_path / "content"
    write_corpus(content, 6)
    out = tmp_path / "output"
    config = load_config(ROOT / "site.yaml")
    build(content, out, config, cache_dir=tmp_path / "cache", search=False)
    (content / "post-02.md").write_text(
        "---\ntitle: A rewritten story that must not appear half-built\npublished: 2024-05-05\n---\n\n"
        "This version of the article replaces the old one entirely.\n", encoding="utf-8")
    return {"root": tmp_path, "content": content, "out": out, "before": tree(out), "config": config}


def _args(site: dict) -> list[str]:
    return ["--content", str(site["content"]), "--output", str(site["out"]), "--config", str(ROOT / "site.yaml"),
            "--cache-dir", str(site["root"] / "cache"), "--no-search"]


def test_kill_during_render_leaves_previous_site(site: dict) -> None:
    kill_when_marked(SLOW_RENDER, site["root"] / "marker", _args(site), site["root"])
    assert tree(site["out"]) == site["before"]
    leftovers = list(site["root"].glob(".output.*"))
    assert leftovers  # the killed build's staging folder, which the next build removes
    result = build(site["content"], site["out"], site["config"], cache_dir=site["root"] / "cache", search=False)
    assert not list(site["root"].glob(".output.*"))
    assert result.articles == 8
    assert "must not appear half-built" in (site["out"] / "digest.json").read_text(encoding="utf-8")


def test_kill_during_in_place_commit_is_rolled_back(site: dict) -> None:
    kill_when_marked(SLOW_COMMIT, site["root"] / "marker", _args(site), site["root"])
    assert list(site["root"].glob(".output.journal-*")), "the commit was not interrupted"
    recover_interrupted(site["out"])
    assert tree(site["out"]) == site["before"]
    assert not list(site["root"].glob(".output.*"))

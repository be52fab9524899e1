"""Side jobs of a build on a forked child (site_builder.background), and the output check that uses one."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from site_builder import background
from site_builder.background import in_background
from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import cold_tree, tree, write_corpus


@pytest.mark.forks
def test_a_job_runs_in_a_child_and_its_result_comes_back() -> None:
    pending = in_background(lambda: (os.getpid(), [1, "two", {3: 4.0}]), None)
    pid, value = pending.result()
    assert pid != os.getpid() and value == [1, "two", {3: 4.0}]
    assert pending.result() == (pid, value)  # asked again: the same answer, the child long reaped


@pytest.mark.forks
def test_a_child_that_dies_or_raises_gives_the_failed_value() -> None:
    assert in_background(lambda: os._exit(3), "failed").result() == "failed"

    def broken() -> int:
        raise RuntimeError("boom")

    assert in_background(broken, -1).result() == -1


@pytest.mark.forks
def test_a_job_no_longer_needed_is_stopped(tmp_path: Path) -> None:
    marker = tmp_path / "finished"
    pending = in_background(lambda: (time.sleep(30), marker.touch()), None)
    child = pending._pid
    assert child
    pending.cancel()
    with pytest.raises(ChildProcessError):  # reaped already: no zombie is left
        os.waitpid(child, os.WNOHANG)
    assert not marker.exists()


def test_with_other_threads_the_job_runs_here_and_only_when_asked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        calls: list[int] = []
        pending = in_background(lambda: calls.append(os.getpid()) or "here", None)
        assert calls == []  # not run yet: a result nobody asks for costs nothing
        assert pending.result() == "here" and calls == [os.getpid()]
        unused = in_background(lambda: calls.append(0), None)
        unused.cancel()
        assert calls == [os.getpid()]
    finally:
        stop.set()
        other.join()


@pytest.mark.forks
def test_an_edit_checks_the_old_output_on_a_child_and_still_sees_tampering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(ROOT / "site.yaml")
    children: list[int] = []
    started = background.Pending.__init__

    def counted(self: background.Pending, job, failed) -> None:  # type: ignore[no-untyped-def]
        started(self, job, failed)
        children.append(self._pid)

    monkeypatch.setattr(background.Pending, "__init__", counted)
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_corpus(content)
    build(content, out, config, cache_dir=cache, search=False)
    post = content / "post-03.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    edited = build(content, out, config, cache_dir=cache, search=False)
    assert children and all(children)  # the check ran on a child
    assert edited.reused_pages > edited.pages // 2
    assert tree(out) == cold_tree(tmp_path, content, config, "cold-1")
    # A page changed behind the build's back: the child's check says so, and the page is made again.
    (out / "index.html").write_text("tampered", encoding="utf-8")
    post.write_text(post.read_text(encoding="utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
    build(content, out, config, cache_dir=cache, search=False)
    assert tree(out) == cold_tree(tmp_path, content, config, "cold-2")
    assert (out / "index.html").read_text(encoding="utf-8") != "tampered"


"""Files created by a helper process while pages render (Renderer.writing_behind): the same files in
the same order, errors raised in the build, nothing left running when render_site returns."""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.render import pages, render_site
from site_builder.render.pages import Renderer, _FileWriter
from tests.test_render import config, rich_site, tree_bytes


@pytest.fixture
def writers(monkeypatch: pytest.MonkeyPatch) -> list[_FileWriter]:
    """Every file through a writer (none written here first), each writer started kept in the list."""
    started: list[_FileWriter] = []
    real_init = _FileWriter.__init__

    def init(self: _FileWriter) -> None:
        real_init(self)
        started.append(self)

    monkeypatch.setattr(_FileWriter, "__init__", init)
    monkeypatch.setattr(pages, "WRITE_HERE_FIRST", 0)
    return started


def test_a_site_written_behind_is_the_site_written_here(tmp_path: Path, writers: list[_FileWriter],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Small batches: many writes into the pipe, several files in each.
    monkeypatch.setattr(pages, "_WRITER_BATCH", 3000)
    behind = render_site(rich_site(), config(), tmp_path / "behind", workers=1)
    assert writers, "no writer was started: the test would not test it"
    monkeypatch.setattr(pages, "WRITE_HERE_FIRST", 10**9)
    here = render_site(rich_site(), config(), tmp_path / "here", workers=1)
    assert len(writers) == 1
    assert behind == here  # the same paths, in the same order
    assert tree_bytes(tmp_path / "behind") == tree_bytes(tmp_path / "here")


def test_the_last_write_of_a_path_wins_and_the_first_files_are_written_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "WRITE_HERE_FIRST", 2)
    r = Renderer(rich_site(), config(), tmp_path, [])
    with r.writing_behind():
        r.write("a/one.html", "first")
        r.write("a/two.html", "second")
        assert (tmp_path / "a" / "two.html").read_text() == "second"  # written at the call
        assert r._writer is None
        for n in range(50):
            r.write("b/same.html", f"version {n} é")
            r.write(f"c/{n}/index.html", str(n))
        assert r._writer is not None
    assert r._writer is None
    assert (tmp_path / "b" / "same.html").read_text(encoding="utf-8") == "version 49 é"
    assert all((tmp_path / "c" / str(n) / "index.html").read_text() == str(n) for n in range(50))
    assert r.written[:3] == ["a/one.html", "a/two.html", "b/same.html"] and len(r.written) == 102


def test_a_path_outside_the_folder_still_raises_at_the_call(tmp_path: Path, writers: list[_FileWriter]) -> None:
    r = Renderer(rich_site(), config(), tmp_path / "out", [])
    with pytest.raises(ValueError, match="outside the output folder"), r.writing_behind():
        r.write("fine.html", "x")
        r.write("../escape.html", "x")
    assert writers and writers[0]._process.returncode is not None
    assert not (tmp_path / "escape.html").exists()


def test_an_error_of_the_writer_is_raised_by_render_site(tmp_path: Path, writers: list[_FileWriter]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stories").write_text("a file where the story pages' folder goes")
    with pytest.raises(OSError) as raised:
        render_site(rich_site(), config(), out, workers=1)
    assert raised.value.errno in (errno.EEXIST, errno.ENOTDIR)
    assert "stories" in str(raised.value.filename)
    assert writers and all(w._process.returncode is not None for w in writers)


def test_an_error_of_the_writer_stops_the_writes_that_follow(tmp_path: Path, writers: list[_FileWriter],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "_WRITER_BATCH", 1)  # every file sent at once
    (tmp_path / "blocked").write_text("")
    r = Renderer(rich_site(), config(), tmp_path, [])
    with pytest.raises(OSError), r.writing_behind():  # the error comes at a later write
        r.write("blocked/page.html", "x")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the writer has stopped: a write soon finds it gone
            r.write("later.html", "y" * 100_000)
    assert writers[0]._process.returncode == 1


def test_a_file_in_pieces_reaches_disk_before_its_last_piece_is_made(tmp_path: Path, writers: list[_FileWriter],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "_BATCH_CHARS", 100)
    monkeypatch.setattr(pages, "_WRITER_BATCH", 1)
    r = Renderer(rich_site(), config(), tmp_path, [])
    on_disk_midway: list[int] = []

    def pieces() -> Iterator[str]:
        for n in range(50):
            if n == 40:  # the writer runs on its own: wait (a while at most) for the early batches
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline and _size(tmp_path / "big.json") < 300:
                    time.sleep(0.01)
                on_disk_midway.append(_size(tmp_path / "big.json"))
            yield f"piece {n:03d} é\n"

    with r.writing_behind():
        r.write("big.json", pieces())
    assert (tmp_path / "big.json").read_text(encoding="utf-8") == "".join(f"piece {n:03d} é\n" for n in range(50))
    assert on_disk_midway[0] >= 300  # earlier batches were written, not held until the end
    assert r.written == ["big.json"]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_nothing_runs_on_after_render_site(tmp_path: Path, writers: list[_FileWriter]) -> None:
    threads = threading.active_count()
    render_site(rich_site(), config(), tmp_path / "out", workers=1)
    assert writers
    assert all(w._process.returncode == 0 for w in writers)  # exited, and reaped
    assert threading.active_count() == threads  # no thread either (a fork needs there be none)


def test_an_error_in_a_page_stops_the_writer_before_render_site_raises(
        tmp_path: Path, writers: list[_FileWriter], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Renderer) -> None:
        raise RuntimeError("a template failed")

    monkeypatch.setattr(Renderer, "search_page", broken)
    with pytest.raises(RuntimeError, match="a template failed"):
        render_site(rich_site(), config(), tmp_path / "out", workers=1)
    # The build removes the folder next: no writer may still be writing into it.
    assert writers and all(w._process.returncode is not None for w in writers)


@pytest.mark.forks
def test_a_render_that_may_fork_starts_no_writer(tmp_path: Path, writers: list[_FileWriter],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder import render
    from site_builder.analyze import features

    assert features.can_fork(), "run the 'forks' tests in a plain process (make test does)"
    serial = render_site(rich_site(), config(), tmp_path / "serial", workers=1)
    assert len(writers) == 1
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)
    monkeypatch.setattr(render, "FORK_FIRST_CHECK", 0.0)
    monkeypatch.setattr(render, "FORK_WORTH_SECONDS", 0.0)
    real_fork_map = features.fork_map
    forks: list[int] = []

    def fork_map(*args: object, **kwargs: object) -> list[object]:
        forks.append(len(writers))
        return real_fork_map(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(features, "fork_map", fork_map)
    forked = render_site(rich_site(), config(), tmp_path / "forked", workers=2)
    # Forked (one job run here, the rest in workers), and no writer for them to inherit.
    assert forks == [1] and len(writers) == 1
    assert forked == serial
    assert tree_bytes(tmp_path / "serial") == tree_bytes(tmp_path / "forked")


def test_a_big_render_kept_on_one_core_writes_behind(tmp_path: Path, writers: list[_FileWriter],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder import render
    from site_builder.analyze import features

    serial = render_site(rich_site(), config(), tmp_path / "serial", workers=1)
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)
    monkeypatch.setattr(render, "FORK_FIRST_CHECK", 0.0)
    monkeypatch.setattr(render, "FORK_WORTH_SECONDS", 0.0)
    monkeypatch.setattr(features, "room_to_fork", lambda workers: False)  # the memory guard refuses
    one_core = render_site(rich_site(), config(), tmp_path / "one-core", workers=2)
    assert len(writers) == 2 and all(w._process.returncode == 0 for w in writers)
    assert one_core == serial
    assert tree_bytes(tmp_path / "serial") == tree_bytes(tmp_path / "one-core")


@pytest.mark.forks
def test_a_child_forked_while_a_writer_runs_writes_its_files_itself(tmp_path: Path,
                                                                   writers: list[_FileWriter]) -> None:
    import os

    r = Renderer(rich_site(), config(), tmp_path, [])
    with r.writing_behind():
        r.write("parent/before.html", "p")
        assert r._writer is not None
        pid = os.fork()
        if pid == 0:  # the child: its file must be on disk when it exits
            code = 1
            try:
                r.write("child/page.html", "c")
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert (tmp_path / "child" / "page.html").read_text() == "c"  # written by the child itself
        r.write("parent/after.html", "q")
    assert (tmp_path / "parent" / "before.html").read_text() == "p"
    assert (tmp_path / "parent" / "after.html").read_text() == "q"
    assert writers[0]._process.returncode == 0


def test_no_writer_where_it_cannot_run(tmp_path: Path, writers: list[_FileWriter],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    here = render_site(rich_site(), config(), tmp_path / "here", workers=1)
    monkeypatch.setattr(pages, "WRITER_POSSIBLE", False)  # not POSIX
    without = render_site(rich_site(), config(), tmp_path / "without", workers=1)
    assert len(writers) == 1  # the first render's only
    assert without == here
    assert tree_bytes(tmp_path / "here") == tree_bytes(tmp_path / "without")

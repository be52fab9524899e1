"""The story comparison run on a child process gives exactly the comparisons made in process.

The child is started for big corpora only (``compare.ASIDE_STORIES``); these tests lower
that bar to one story so the fixture corpora take it, and check the fallback (no child
could be started) and that an error in the child is raised, not waited on forever.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import site_builder.analyze as analyze_pkg
from site_builder.analyze import compare, compare_process, features
from site_builder.model import Comparison, SiteModel
from tests.test_anl11_people import _analyse

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _comparisons(site: SiteModel) -> list[tuple[str, Comparison]]:
    return [(s.id, s.comparison) for s in site.stories]


def _spy_start(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the children started (by their pid), still starting them."""
    started: list[int] = []
    real = compare_process.start

    def spy(stories: list[list[compare_process.Sent]]) -> compare_process.Aside | None:
        aside = real(stories)
        if aside is not None:
            started.append(aside._process.pid)
        return aside

    monkeypatch.setattr(compare_process, "start", spy)
    return started


@pytest.mark.parametrize("corpus", ["compare", "events"])
def test_child_process_gives_the_in_process_comparisons(corpus: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / corpus
    shutil.copytree(FIXTURES / corpus, folder)
    serial = _analyse(folder, None)
    serial_memo: dict[str, Any] = {}
    _analyse(folder, serial_memo)
    assert any(s.comparison.agreed or s.comparison.only_in for s in serial.stories)
    monkeypatch.setattr(compare, "ASIDE_STORIES", 1)
    started = _spy_start(monkeypatch)
    aside = _analyse(folder, None)
    assert len(started) == 1
    assert _comparisons(aside) == _comparisons(serial)
    assert aside == serial
    # With the memo: the same, and the stored comparisons replay to the same site.
    memo: dict[str, Any] = {}
    assert _analyse(folder, memo) == serial
    assert len(started) == 2
    # What the memo keeps of the comparison is the serial run's.
    assert memo["compare"][0] == serial_memo["compare"][0]
    assert pickle.loads(memo["compare"][1]) == pickle.loads(serial_memo["compare"][1])
    assert _analyse(folder, memo) == serial  # replayed: no child
    assert len(started) == 2


def test_no_child_then_compared_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(FIXTURES / "compare", folder)
    serial = _analyse(folder, None)
    assert any(s.comparison.agreed for s in serial.stories)
    monkeypatch.setattr(compare, "ASIDE_STORIES", 1)
    tried: list[int] = []

    def no_child(stories: list[list[compare_process.Sent]]) -> None:
        tried.append(len(stories))

    monkeypatch.setattr(compare_process, "start", no_child)
    assert _analyse(folder, None) == serial
    assert tried


def test_a_child_that_cannot_start_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("no such interpreter")

    monkeypatch.setattr(compare_process.subprocess, "Popen", fail)
    assert compare_process.start([[("a", "A", None, ["x"]), ("b", "B", None, ["y"])]]) is None


def test_error_in_the_child_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    # A member whose body is not a list of strings: the child fails while comparing.
    aside = compare_process.start([[("a", "A", None, [1, 2]), ("b", "B", None, ["y"])]])  # type: ignore[list-item]
    assert aside is not None
    with pytest.raises(RuntimeError, match="comparison process failed"):
        aside.result()


def test_a_child_that_dies_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compare_process, "_RUN", "import os; os._exit(3)")
    aside = compare_process.start([])
    if aside is None:  # died before its input was written: the caller compares in process
        return
    with pytest.raises(RuntimeError, match="exit status 3"):
        aside.result()


@pytest.mark.parametrize("step", ["_memo_people", "_memo_timeline"])  # the first and last steps beside the child
def test_analysis_error_stops_the_child(step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(FIXTURES / "compare", folder)
    monkeypatch.setattr(compare, "ASIDE_STORIES", 1)
    started = _spy_start(monkeypatch)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise ValueError(f"{step} failed")

    monkeypatch.setattr(analyze_pkg, step, boom)
    with pytest.raises(ValueError, match=f"{step} failed"):
        _analyse(folder, None)
    assert len(started) == 1  # started before the step: people runs beside it too
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # reaped


def test_a_child_that_would_not_fit_in_memory_is_not_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(FIXTURES / "compare", folder)
    monkeypatch.setattr(compare, "ASIDE_STORIES", 1)
    started = _spy_start(monkeypatch)
    found = []
    for limit in (None, 1 << 20):  # no limit, then a megabyte: less than this process alone
        site = _analyse(folder, None)
        for story in site.stories:
            story.comparison = Comparison()
        before = len(started)
        monkeypatch.setattr(features, "_MEMORY_LIMIT", limit)  # as the build's set_memory_limit
        compare.start_comparing(site).finish()
        found.append((len(started) - before, _comparisons(site)))
    assert [n for n, _ in found] == [1, 0]
    assert found[0][1] == found[1][1]


def test_fits_leaves_room_for_the_steps_run_beside_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    resident = 400 << 20
    monkeypatch.setattr(features, "_resident_bytes", lambda: resident)
    child = compare_process.CHILD_BASE + compare_process.CHILD_PER_CHAR * 1000
    # Room for this process as it is now and the child, but not for its growth beside the child.
    monkeypatch.setattr(features, "_MEMORY_LIMIT", int(resident + child))
    assert not compare_process.fits(1000)
    monkeypatch.setattr(features, "_MEMORY_LIMIT", int(resident * compare_process.BESIDE_GROWTH + child) + 1)
    assert compare_process.fits(1000)
    monkeypatch.setattr(features, "_MEMORY_LIMIT", None)
    assert compare_process.fits(1000)

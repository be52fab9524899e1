"""The in-place commit's journal (build.commit_in_place): backups lie flat, and a commit that
fails, or a journal left by a killed build (either layout), is rolled back to the old site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from site_builder import build as build_mod
from site_builder.build import commit_in_place, manifest_of, recover_interrupted


def _site(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


OLD = {"index.html": "home", "stories/a/index.html": "story a", "stories/b/index.html": "story b"}


def test_a_failed_commit_leaves_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, staging = tmp_path / "out", tmp_path / "staging"
    _site(out, OLD)
    _site(staging, {"stories/a/index.html": "story a, edited", "stories/c/index.html": "story c"})
    real_replace, moved = os.replace, []

    def failing_replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if Path(src).is_relative_to(staging):  # a page moving into the site
            if moved:  # the second page: the first is in place already
                raise OSError(28, "No space left on device")
            moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(build_mod.os, "replace", failing_replace)
    with pytest.raises(OSError):
        commit_in_place(staging, out, manifest_of(out), ["index.html", "stories/a/index.html", "stories/c/index.html"])
    assert moved, "the commit failed before it changed anything"
    assert _tree(out) == OLD
    assert not list(tmp_path.glob(".out.journal-*"))


def test_a_commit_replaces_adds_and_removes(tmp_path: Path) -> None:
    out, staging = tmp_path / "out", tmp_path / "staging"
    _site(out, OLD)
    _site(staging, {"stories/a/index.html": "story a, edited", "stories/c/index.html": "story c"})
    commit_in_place(staging, out, manifest_of(out), ["index.html", "stories/a/index.html", "stories/c/index.html"])
    assert _tree(out) == {"index.html": "home", "stories/a/index.html": "story a, edited",
                          "stories/c/index.html": "story c"}
    assert not list(tmp_path.glob(".out.journal-*"))


@pytest.mark.parametrize("flat", [True, False])
def test_a_journal_left_by_a_killed_build_is_rolled_back(tmp_path: Path, flat: bool) -> None:
    """The journal of a commit killed half way, in this layout and in the older one (old/<path>)."""
    out = tmp_path / "out"
    _site(out, {"index.html": "home", "stories/a/index.html": "story a, edited", "stories/c/index.html": "story c"})
    journal = tmp_path / ".out.journal-999999999"  # no such process
    replaced = ["stories/a/index.html", "stories/b/index.html"]
    for n, rel in enumerate(replaced):
        backup = journal / f"{n}.old" if flat else journal / "old" / rel
        backup.parent.mkdir(parents=True, exist_ok=True)
        backup.write_text(OLD[rel], encoding="utf-8")
    plan = {"added": ["stories/c/index.html"], "replaced": replaced, **({"flat": True} if flat else {})}
    (journal / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    recover_interrupted(out)
    assert _tree(out) == OLD
    assert not journal.exists()

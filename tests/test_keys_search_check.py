"""A search build checks the old output (build.unchanged_since) only where it can use the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import site_builder.build as build_mod
from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import tree, write_corpus


def test_search_builds_check_the_old_output_only_to_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The search index is not what this is about (and needs Pagefind): a build without it.
    monkeypatch.setattr(build_mod, "_index_search", lambda folder: None)
    checks: list[Path] = []
    original = build_mod.unchanged_since

    def counted(folder: Path, last: Any) -> bool:
        checks.append(folder)
        return original(folder, last)

    monkeypatch.setattr(build_mod, "unchanged_since", counted)
    # Counted here, in this process: the check runs here, as wherever forking is unsafe, not
    # on a child (site_builder.background), which would count in its own copy of the list.
    monkeypatch.setattr("site_builder.background.threading.active_count", lambda: 2)
    config = load_config(ROOT / "site.yaml")
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_corpus(content, 8)
    build(content, out, config, cache_dir=cache, search=True)
    assert checks == []  # no last build to compare with

    # Nothing changed: checked, and skipped.
    assert build(content, out, config, cache_dir=cache, search=True).skipped
    assert len(checks) == 1

    # An edit: a search build writes a whole new tree, so the old one is not checked ...
    post = content / "post-03.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    result = build(content, out, config, cache_dir=cache, search=True)
    assert not result.skipped and result.reused_pages > 0  # unchanged pages still come from the old output
    assert len(checks) == 1
    cold = tmp_path / "cold"
    build(content, cold, config, search=True)
    assert tree(out) == tree(cold)

    # ... and a build without search, which updates the old tree in place, checks it first.
    post.write_text(post.read_text(encoding="utf-8") + "\nAnother closing paragraph.\n", encoding="utf-8")
    assert not build(content, out, config, cache_dir=cache, search=False).skipped
    assert len(checks) == 2
    # A search build after it (another key) writes a whole new tree again, unchecked.
    assert not build(content, out, config, cache_dir=cache, search=True).skipped
    assert len(checks) == 2
    # With the same key, the check still notices a file touched behind the build's back.
    (out / "index.html").write_text("tampered", encoding="utf-8")
    assert not build(content, out, config, cache_dir=cache, search=True).skipped
    assert len(checks) == 3
    cold = tmp_path / "cold-2"
    build(content, cold, config, search=True)
    assert tree(out) == tree(cold)

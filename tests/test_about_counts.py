"""The about page's counts follow the site, timeline entries included, on a cached rebuild."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import cold_tree, tree, write_corpus


def _timeline_count(out: Path) -> int:
    found = re.search(r"(\d+) timeline entr", (out / "about" / "index.html").read_text(encoding="utf-8"))
    assert found
    return int(found.group(1))


def test_a_new_past_event_updates_the_about_pages_timeline_count(tmp_path: Path) -> None:
    config = load_config(ROOT / "site.yaml")
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_corpus(content)
    build(content, out, config, cache_dir=cache, search=False)
    before = _timeline_count(out)
    # A past event that only adds a timeline entry: no title, date or topic of any story moves.
    post = content / "post-03.md"
    post.write_text(post.read_text(encoding="utf-8")
                    + "\nA similar plan was rejected by the council in April 2019.\n",
                    encoding="utf-8")
    rebuilt = build(content, out, config, cache_dir=cache, search=False)
    assert rebuilt.reused_pages > 0
    assert _timeline_count(out) == before + 1
    assert tree(out) == cold_tree(tmp_path, content, config, "cold")

"""In-place edit rebuilds record the output as it is: folders, files, and what the next build skips."""

from __future__ import annotations

from pathlib import Path

from site_builder.build import build, snapshot
from site_builder.cache import BuildCache
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import tree, write_corpus


def test_in_place_rebuilds_record_every_folder_as_it_is(tmp_path: Path) -> None:
    config = load_config(ROOT / "site.yaml")
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_corpus(content, 8)
    build(content, out, config, cache_dir=cache, search=False)

    def recorded() -> tuple[dict, dict]:
        last = BuildCache.load(cache, "").last
        assert last is not None and last.folders is not None
        return last.manifest, last.folders

    post = content / "post-03.md"
    # An edit (pages change in place), a new article (new folders), a removal (folders go).
    steps = [lambda: post.write_text(post.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                                     encoding="utf-8"),
             lambda: (content / "post-99.md").write_text(
                 "---\ntitle: Lighthouse keepers strike in Kelmarsh\npublished: 2024-03-04\n---\n\n"
                 "Lighthouse keepers in Kelmarsh stopped work on Monday over pay.\n", encoding="utf-8"),
             lambda: (content / "post-99.md").unlink()]
    for step in steps:
        step()
        result = build(content, out, config, cache_dir=cache, search=False)
        assert not result.skipped
        assert recorded() == snapshot(out)
        assert build(content, out, config, cache_dir=cache, search=False).skipped
        cold = tmp_path / f"cold-{len(list(tmp_path.iterdir()))}"
        build(content, cold, config, search=False)
        assert tree(out) == tree(cold)

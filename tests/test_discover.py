"""Finding content files: which files count, in what order, with the stat the cache keys on."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.ingest.discover import discover


def test_discover_lists_article_files_sorted_with_their_stat(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".drafts").mkdir()
    files = {"b/second.md": "## Two\n", "a.txt": "One\n", "c.markdown": "Three\n"}
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("no", encoding="utf-8")
    (tmp_path / ".drafts" / "draft.md").write_text("no", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "big.txt").write_text("x" * 100, encoding="utf-8")

    found, problems = discover(tmp_path, max_bytes=50)

    assert [f.rel for f in found] == ["a.txt", "b/second.md", "c.markdown"]
    assert [p.path for p in problems] == ["big.txt"] and "over the 50-byte limit" in problems[0].message
    for source in found:
        st = os.stat(tmp_path / source.rel)
        assert (source.size, source.mtime_ns) == (st.st_size, st.st_mtime_ns)
        assert source.path == (tmp_path / source.rel).resolve()
        assert source.path.read_text(encoding="utf-8") == files[source.rel]

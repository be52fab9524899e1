"""The fixed costs of a rebuild: the output check by stat, the mapped records file and deferred imports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.build import snapshot, unchanged_since
from site_builder.cache import BLOBS_NAME, BuildCache, LastBuild, Record
from site_builder.cli import main
from site_builder.render import search as search_mod
from site_builder.render.search import SearchIndexError
from tests.conftest import FIXTURES, ROOT


def _site(root: Path) -> LastBuild:
    for rel in ("index.html", "articles/a/index.html", "articles/b/index.html", "feed.xml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"<p>{rel}</p>\n", encoding="utf-8")
    manifest, folders = snapshot(root)
    return LastBuild(key="k", output=str(root), manifest=manifest, page_keys={}, summary={}, folders=folders)


def _back_in_time(path: Path) -> None:
    """Give ``path`` an mtime other than the recorded one, as any later write would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))


def test_an_untouched_output_is_recognised(tmp_path: Path) -> None:
    last = _site(tmp_path / "out")
    assert unchanged_since(tmp_path / "out", last)


def test_a_same_size_rewrite_in_place_is_seen(tmp_path: Path) -> None:
    out = tmp_path / "out"
    last = _site(out)
    page = out / "articles" / "a" / "index.html"
    with open(page, "r+b") as fh:  # in place: the folder's mtime does not move
        fh.write(b"<P>")
    _back_in_time(page)
    assert page.stat().st_size == last.manifest["articles/a/index.html"][0]
    assert not unchanged_since(out, last)


def test_a_file_added_removed_or_replaced_by_a_link_is_seen(tmp_path: Path) -> None:
    out = tmp_path / "out"
    last = _site(out)
    (out / "articles" / "b" / "extra.html").write_text("x", encoding="utf-8")
    assert not unchanged_since(out, last)

    last = _site(out / ".." / "out2")
    (tmp_path / "out2" / "feed.xml").unlink()
    assert not unchanged_since(tmp_path / "out2", last)

    last = _site(tmp_path / "out3")
    page = tmp_path / "out3" / "articles" / "a" / "index.html"
    twin = tmp_path / "twin.html"
    twin.write_bytes(page.read_bytes())
    st = page.stat()
    page.unlink()
    page.symlink_to(twin)
    os.utime(page.parent, ns=(st.st_atime_ns, last.folders["articles/a"]))  # hide the folder change
    os.utime(twin, ns=(st.st_atime_ns, st.st_mtime_ns))  # the target looks exactly like the page
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)
    assert not unchanged_since(tmp_path / "out3", last)  # a link is not the file that was written


def test_a_missing_output_folder_is_not_unchanged(tmp_path: Path) -> None:
    last = _site(tmp_path / "out")
    (tmp_path / "out").rename(tmp_path / "moved")
    assert not unchanged_since(tmp_path / "out", last)


def _cache_with(cache_dir: Path, blobs: dict[str, bytes]) -> BuildCache:
    cache = BuildCache.load(cache_dir, "key")
    records = {rel: Record(f"h-{rel}", blob) for rel, blob in blobs.items()}
    assert cache.save(records, None) is None
    return BuildCache.load(cache_dir, "key")


def test_records_read_stay_valid_when_another_build_replaces_the_file(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    reader = _cache_with(cache_dir, {"a.md": b"A" * 5000, "b.md": b"B" * 7000})
    view = reader.blob("a.md", "h-a.md")
    assert view is not None and bytes(view) == b"A" * 5000
    # Another build compacts the file: a new file under a new token is renamed over it.
    other = BuildCache.load(cache_dir, "key")
    other._rewrite({"b.md": Record("h-b.md", b"b" * 9000)})
    assert bytes(view) == b"A" * 5000  # the old mapping still shows the old file
    reader.drop_data()
    assert reader.blob("a.md", "h-a.md") is None and reader.warning is None  # other generation: a miss
    assert BuildCache.load(cache_dir, "key").blob("b.md", "h-b.md") == b"b" * 9000


def test_an_empty_or_cut_records_file_is_reported_not_fatal(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _cache_with(cache_dir, {"a.md": b"A" * 5000})
    for damaged in (b"", b"site-builder"):
        (cache_dir / BLOBS_NAME).write_bytes(damaged)
        again = BuildCache.load(cache_dir, "key")
        assert again.blob("a.md", "h-a.md") is None
        assert again.warning is not None and "corrupt" in again.warning.message


def _one_post(tmp_path: Path) -> list[str]:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "hostile" / "good-article.md", content / "good.md")
    return ["build", "--content", str(content), "--output", str(tmp_path / "out"), "--config",
            str(tmp_path / "none.yaml"), "--cache-dir", str(tmp_path / "cache")]


def test_a_search_build_that_cannot_index_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(site_dir: Path) -> None:
        raise SearchIndexError("search indexing failed (no pagefind) — reinstall pagefind[bin]")

    monkeypatch.setattr(search_mod, "index_site", broken)
    result = CliRunner().invoke(main, _one_post(tmp_path))
    assert result.exit_code == 1
    assert "no pagefind" in result.output
    assert not (tmp_path / "out").exists()  # the old site (none here) is left as it was


def test_a_rebuild_in_which_nothing_changed_imports_only_what_it_uses(tmp_path: Path) -> None:
    args = [*_one_post(tmp_path), "--no-search"]
    assert CliRunner().invoke(main, args).exit_code == 0
    # A fresh interpreter, as for an editor's next command.
    probe = ("import sys\nfrom site_builder.cli import main\n"
             f"try:\n    main({args!r})\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
             "print('imported:', *sorted(m for m in sys.modules if m.split('.')[0] in "
             "('shutil', 'tempfile', 'ctypes', 'secrets', 'subprocess', 'jinja2', 'numpy') "
             "or m.startswith(('site_builder.render', 'site_builder.analyze'))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert "nothing changed" in done.stdout
    assert done.stdout.splitlines()[-1] == "imported:"  # none of them

"""The fixed costs of a rebuild: the output check by stat and the mapped records file stay exact."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.build import snapshot, unchanged_since
from site_builder.cache import BLOBS_NAME, BuildCache, LastBuild, Record


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


"""The append-only records file: an edit writes one record, and no crash or damage changes a byte.

Each build-level test compares the cached build with a cold build of the same content.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.build import build, parse_key
from site_builder.cache import BLOBS_NAME, FILE_NAME, BuildCache, Record
from site_builder.config import load_config
from tests.conftest import ROOT
from tests.test_build_cache import tree, write_corpus

CONFIG = load_config(ROOT / "site.yaml")


def _edit(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _cold(tmp_path: Path, content: Path, name: str) -> dict[str, str]:
    build(content, tmp_path / name, CONFIG, search=False)
    return tree(tmp_path / name)


def test_an_edit_appends_one_record_and_leaves_the_others_alone(tmp_path: Path) -> None:
    content, cache, out = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    write_corpus(content)
    build(content, out, CONFIG, cache_dir=cache, search=False)
    before = (cache / BLOBS_NAME).read_bytes()
    _edit(content / "post-04.md", "The clerk added a late amendment on parking.")
    result = build(content, out, CONFIG, cache_dir=cache, search=False)
    after = (cache / BLOBS_NAME).read_bytes()
    assert result.parsed_files == 1
    assert after.startswith(before) and len(after) - len(before) < len(before) // 4
    assert not any("cache" in p.message for p in result.problems)
    assert tree(out) == _cold(tmp_path, content, "cold")


def test_mostly_dead_records_are_compacted_under_a_new_token(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = BuildCache.load(cache_dir, "key")
    blob = bytes(range(256)) * 8
    records = {"a.md": Record("h1", blob, (1, 2), 3), "b.md": Record("h2", b"b" * 600_000, (4, 5), 6)}
    assert cache.save(records, None) is None
    token = cache.token
    for i in range(3):  # b.md rewritten three times: its old copies are dead
        records["b.md"] = Record(f"h2-{i}", bytes([i]) * 600_000, (4, 5), 6)
        assert cache.save(records, None) is None
    size = (cache_dir / BLOBS_NAME).stat().st_size
    assert cache.token != token and size < 2 * (len(blob) + 600_000)
    again = BuildCache.load(cache_dir, "key")
    assert again.blob("a.md", "h1") == blob
    assert again.blob("b.md", "h2-2") == bytes([2]) * 600_000
    assert again.blob("b.md", "h2") is None and again.warning is None


def test_an_index_older_than_the_records_file_only_misses(tmp_path: Path) -> None:
    """A build stopped after rewriting the records but before saving the index."""
    cache_dir = tmp_path / "cache"
    cache = BuildCache.load(cache_dir, "key")
    assert cache.save({"a.md": Record("h1", b"blob-a", (1, 2), 3)}, None) is None
    old_index = (cache_dir / FILE_NAME).read_bytes()
    other = BuildCache.load(tmp_path / "elsewhere", "key")
    assert other.save({"a.md": Record("h1", b"blob-X", (1, 2), 3)}, None) is None
    (tmp_path / "elsewhere" / BLOBS_NAME).replace(cache_dir / BLOBS_NAME)  # another generation
    (cache_dir / FILE_NAME).write_bytes(old_index)
    again = BuildCache.load(cache_dir, "key")
    assert again.blob("a.md", "h1") is None and again.warning is None


def test_records_appended_by_a_stopped_build_do_not_disturb_the_saved_index(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = BuildCache.load(cache_dir, "key")
    records = {"a.md": Record("h1", b"blob-a", (1, 2), 3)}
    assert cache.save(records, None) is None
    stopped = BuildCache.load(cache_dir, "key")
    assert stopped.save_records({"a.md": Record("h9", b"blob-new", (1, 2), 3)}) is None  # no save() after
    with open(cache_dir / BLOBS_NAME, "ab") as fh:
        fh.write(b"half an entry")  # and one cut short
    again = BuildCache.load(cache_dir, "key")
    assert again.blob("a.md", "h1") == b"blob-a" and again.warning is None
    assert again.save({"a.md": Record("h2", b"blob-b", (1, 2), 3)}, None) is None
    assert BuildCache.load(cache_dir, "key").blob("a.md", "h2") == b"blob-b"


def test_a_damaged_record_is_reported_and_parsed_again(tmp_path: Path) -> None:
    content, cache, out = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    write_corpus(content)
    build(content, out, CONFIG, cache_dir=cache, search=False)
    index = BuildCache.load(cache, parse_key(CONFIG)).records
    data = bytearray((cache / BLOBS_NAME).read_bytes())
    offset, length = index["post-06.md"].at or (0, 0)
    data[offset + length // 2 : offset + length] = b"\xff" * (length - length // 2)  # a pickle cut short
    offset, length = index["post-07.md"].at or (0, 0)
    data[offset : offset + 5] = b"xxxxx"  # not the entry the index says
    (cache / BLOBS_NAME).write_bytes(bytes(data))
    _edit(content / "post-01.md", "A correction was added.")
    result = build(content, out, CONFIG, cache_dir=cache, search=False)
    assert any(BLOBS_NAME in p.format() and "corrupt" in p.message for p in result.problems)
    assert result.parsed_files == 1  # the damaged ones are parsed again while loading
    assert tree(out) == _cold(tmp_path, content, "cold")
    _edit(content / "post-02.md", "Another correction.")
    result = build(content, out, CONFIG, cache_dir=cache, search=False)
    assert not any("cache" in p.message for p in result.problems)  # the next save put them back
    assert tree(out) == _cold(tmp_path, content, "cold2")

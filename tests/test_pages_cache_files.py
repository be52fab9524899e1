"""The cache's files as a build reads them back: a memo mapped copy-on-write, an index of plain values."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from site_builder.cache import FILE_NAME, BuildCache, LastBuild, Record, load_memo, save_memo


def test_a_loaded_memo_array_changed_in_place_leaves_the_file_and_survives_a_new_save(tmp_path: Path) -> None:
    save_memo(tmp_path, "pk", {"state": np.arange(4096, dtype=np.int64)})
    first = load_memo(tmp_path, "pk")["state"]
    first[0] = -1  # a step may change a replayed array in place
    assert load_memo(tmp_path, "pk")["state"][0] == 0  # the write stayed in this process's copy
    # The next memo is saved while arrays of the old file are still in use (the build does so).
    save_memo(tmp_path, "pk", {"state": first * 2})
    assert first[0] == -1 and first[4095] == 4095
    assert load_memo(tmp_path, "pk")["state"].tolist()[:2] == [-2, 2]


def test_the_index_gives_back_each_record_and_the_page_keys(tmp_path: Path) -> None:
    cache = BuildCache.load(tmp_path, "pk")
    records = {"a.md": Record("h1", b"blob-a", (10, 20), 30), "b.md": Record("h2", b"blob-b", None, 0)}
    last = LastBuild(key="k", output="/out", manifest={"index.html": (5, 6)}, page_keys={"index.html": b"\1" * 32},
                     summary={"pages": 1}, folders={"": 7})
    assert cache.save(records, last) is None
    again = BuildCache.load(tmp_path, "pk")
    assert again.warning is None and again.last == last
    assert {rel: (r.content_hash, r.stat, r.checked_ns) for rel, r in again.records.items()} == {
        "a.md": ("h1", (10, 20), 30), "b.md": ("h2", None, 0)}
    # Each record says where its pickle lies, and the records file gives it back.
    assert [bytes(again.blob(rel, r.content_hash) or b"") for rel, r in again.records.items()] == [b"blob-a", b"blob-b"]


def test_an_index_with_malformed_records_is_discarded_with_a_warning(tmp_path: Path) -> None:
    BuildCache.load(tmp_path, "pk").save({"a.md": Record("h1", b"blob", (1, 2), 3)}, None)
    path = tmp_path / FILE_NAME
    stored = pickle.loads(path.read_bytes())
    stored["records"] = {"a.md": ("h1", (1, 2))}  # not the four fields a record is kept as
    path.write_bytes(pickle.dumps(stored))
    cache = BuildCache.load(tmp_path, "pk")
    assert cache.records == {} and cache.warning is not None and "corrupt" in cache.warning.message

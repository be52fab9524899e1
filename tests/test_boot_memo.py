"""The analysis memo's file: arrays kept out of the pickle stream, and anything unreadable ignored."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from site_builder.cache import FORMAT, MEMO_NAME, load_memo, save_memo


def _memo() -> dict:
    return {
        "version": "v1",
        "stories": {"corpus": {"matrix": (np.arange(10, dtype=np.float32), np.arange(3, dtype=np.int32),
                                          np.array([0, 3], dtype=np.int64), (1, 10)),
                               "keys": "a\0b\0-"},
                    "summaries": {b"k": b"pickled"}},
        "people": (b"key", b"value"),
        "odd": np.arange(20, dtype=np.uint8)[::3],  # not contiguous: pickled in the stream
    }


def test_a_saved_memo_loads_back_equal_with_writable_arrays(tmp_path: Path) -> None:
    memo = _memo()
    assert save_memo(tmp_path, "pk", memo) is None
    loaded = load_memo(tmp_path, "pk")
    assert set(loaded) == set(memo)
    data, indices, indptr, shape = loaded["stories"]["corpus"]["matrix"]
    assert data.dtype == np.float32 and data.tolist() == list(range(10))
    assert indices.tolist() == [0, 1, 2] and indptr.tolist() == [0, 3] and shape == (1, 10)
    assert loaded["odd"].tolist() == list(range(0, 20, 3))
    assert loaded["stories"]["summaries"] == {b"k": b"pickled"} and loaded["people"] == (b"key", b"value")
    # Steps may change a replayed array in place, as they could with arrays from a plain pickle.
    data[0] = 5.0
    assert data[0] == 5.0
    # Each array lies aligned in the file's bytes, so numpy reads it in place.
    assert all(a.flags.aligned for a in (data, indices, indptr))


def test_the_memo_is_saved_again_over_an_earlier_one(tmp_path: Path) -> None:
    save_memo(tmp_path, "pk", _memo())
    save_memo(tmp_path, "pk", {"version": "v2"})
    assert load_memo(tmp_path, "pk") == {"version": "v2"}
    assert [p.name for p in tmp_path.iterdir()] == [MEMO_NAME]  # no temporary file left behind


@pytest.mark.parametrize("damage", ["truncated", "longer", "plain pickle", "garbage", "missing"])
def test_an_unusable_memo_file_gives_an_empty_memo(tmp_path: Path, damage: str) -> None:
    save_memo(tmp_path, "pk", _memo())
    path = tmp_path / MEMO_NAME
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:-7])
    elif damage == "longer":
        path.write_bytes(data + b"\0")
    elif damage == "plain pickle":  # the layout of earlier versions
        path.write_bytes(pickle.dumps({"format": FORMAT, "parse_key": "pk", "memo": _memo()}))
    elif damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle")
    else:
        path.unlink()
    assert load_memo(tmp_path, "pk") == {}


def test_a_memo_made_under_another_parse_key_is_not_used(tmp_path: Path) -> None:
    save_memo(tmp_path, "pk", _memo())
    assert load_memo(tmp_path, "other") == {}
    assert load_memo(tmp_path, "pk") != {}

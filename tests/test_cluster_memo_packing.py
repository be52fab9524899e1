"""The clustering state kept in the memo is packed small and unpacks to exactly what it was."""

from __future__ import annotations

import numpy as np

from site_builder.analyze.cluster import pack_small


def test_packed_is_small_and_exact() -> None:
    counts = np.array([1, 3, 200, 7], dtype=np.float32)
    assert pack_small(counts).dtype == np.uint8
    assert np.array_equal(pack_small(counts).astype(np.float32), counts)
    columns = np.array([0, 70000, 5], dtype=np.int32)
    assert pack_small(columns).dtype == np.uint32
    assert np.array_equal(pack_small(columns).astype(np.int32), columns)
    ids = np.array([2**32 - 1, 0, 12345], dtype=np.int64)  # CRC-32 term ids
    assert pack_small(ids).dtype == np.uint32 and np.array_equal(pack_small(ids).astype(np.int64), ids)
    assert pack_small(np.array([300, 2], dtype=np.int64)).dtype == np.uint16


def test_packed_keeps_what_no_small_type_holds() -> None:
    fractions = np.array([0.5, 2.0], dtype=np.float32)
    assert pack_small(fractions) is fractions
    negative = np.array([-1, 4], dtype=np.int64)
    assert pack_small(negative) is negative
    huge = np.array([2**40], dtype=np.int64)
    assert pack_small(huge) is huge
    assert len(pack_small(np.zeros(0, dtype=np.float32))) == 0

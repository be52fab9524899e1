"""Parse workers take many small chunks, in order, covering every file once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from site_builder.build import PARSE_CHUNK_MIN, PARSE_CHUNKS_PER_WORKER, parse_chunks


@given(st.integers(min_value=0, max_value=30_000), st.integers(min_value=1, max_value=8))
def test_chunks_cover_every_item_once_in_order(n: int, workers: int) -> None:
    items = list(range(n))
    chunks = parse_chunks(items, workers)
    assert [x for chunk in chunks for x in chunk] == items
    assert all(chunks)
    # Small enough that the last chunk cannot hold a worker back long, big enough to send cheaply.
    assert len(chunks) <= workers * PARSE_CHUNKS_PER_WORKER
    assert all(len(chunk) >= PARSE_CHUNK_MIN for chunk in chunks[:-1])


def test_a_big_corpus_is_cut_into_many_chunks_per_worker() -> None:
    chunks = parse_chunks(list(range(2000)), 2)
    assert len(chunks) == 2 * PARSE_CHUNKS_PER_WORKER
    assert max(map(len, chunks)) <= 2000 // 16

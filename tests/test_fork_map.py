"""fork_map: the forked worker pool the analyze stages share must give the serial result."""

from __future__ import annotations

import os

import pytest

from site_builder.analyze import features
from site_builder.analyze.features import _WORD, STOP_WORDS, content_stems, fold, fork_map, stem


def test_fork_map_keeps_order_and_values_of_a_closure() -> None:
    offset = 7
    items = list(range(103))
    out = fork_map(lambda x: (x * x + offset, os.getpid()), items, min_items=10)
    assert [v for v, _ in out] == [x * x + offset for x in items]


@pytest.mark.forks
def test_fork_map_really_forks_where_it_can() -> None:
    assert features.can_fork(), "run the 'forks' tests in a plain process (make test does)"
    out = fork_map(lambda x: (x + 1, os.getpid()), list(range(103)), min_items=10)
    assert [v for v, _ in out] == list(range(1, 104))
    # The work really left this process, so the parallel path is the one tested.
    assert {pid for _, pid in out} - {os.getpid()}


def test_fork_map_small_input_stays_in_process() -> None:
    out = fork_map(lambda x: os.getpid(), [1, 2, 3], min_items=10)
    assert out == [os.getpid()] * 3


def test_fork_map_propagates_worker_errors() -> None:
    def boom(x: int) -> int:
        if x == 50:
            raise ValueError("bad item")
        return x

    with pytest.raises(ValueError, match="bad item"):
        fork_map(boom, list(range(80)), min_items=10)
    # The failed job is cleared, so the next call runs normally.
    assert fork_map(lambda x: x + 1, list(range(20)), min_items=10) == list(range(1, 21))


@pytest.mark.parametrize("text", [
    "The ministers' meeting on Tuesday: planned talks, planning, missiles & a missile.",
    "Taïwan’s Premier said — “we’ll see” — as TAIWAN studies 3 studies of studied parties.",
    "", "a I x", "Ééé ÀÀ l'été d’or",
])
def test_content_stems_matches_the_word_by_word_definition(text: str) -> None:
    expected = [stem(w) for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS]
    assert content_stems(text) == expected
    assert content_stems(text) == expected  # second call reads the memo


def test_extract_all_on_workers_matches_the_serial_run() -> None:
    from site_builder.analyze.features import extract, extract_all
    from site_builder.model import Article

    texts = ["Crane collapse in Valparaiso kills 14, says Elena Vargas of Terminal Pacifico.",
             "“Every crane has been inspected,” the port said on Tuesday, citing $62 million in repairs.",
             "", "Minister Ana Silva visited Lisbon. ENERGY prices rose 4.5% in Portugal."]
    articles = [Article(source=f"a{i}.txt", slug=f"a{i}", title=f"Title {i}", body=[t, texts[(i + 1) % 4]],
                        body_html="", content_hash=str(i)) for i, t in enumerate(texts * 9)]
    serial = [extract(a) for a in articles]
    forked = extract_all(articles, parallel_from=2)
    assert len(forked) == len(serial)
    for a, b in zip(forked, serial, strict=True):
        assert a.stem_ids.dtype == b.stem_ids.dtype and a.stem_ids.tolist() == b.stem_ids.tolist()
        assert a.shingle_ids.tolist() == b.shingle_ids.tolist()
        for name in ("entities", "places", "figures", "quotes", "words"):
            assert getattr(a, name) == getattr(b, name)


def test_fork_map_stays_in_process_when_forking_would_pass_the_memory_limit() -> None:
    """A limit smaller than this process keeps the work here; lifting it allows forking again."""
    try:
        features.set_memory_limit(1)
        assert not features.room_to_fork(2)
        out = fork_map(lambda x: (x * 2, os.getpid()), list(range(103)), min_items=10)
        assert out == [(x * 2, os.getpid()) for x in range(103)]
        features.set_memory_limit(1 << 50)
        assert features.room_to_fork(2)
    finally:
        features.set_memory_limit(None)
    assert features.room_to_fork(8)


def test_memory_limit_is_a_positive_setting_that_leaves_the_cache_key_alone(tmp_path) -> None:
    from site_builder.cache import config_hash
    from site_builder.config import ConfigError, load_config

    (tmp_path / "low.yaml").write_text("memory_limit_mb: 800\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("memory_limit_mb: 0\n", encoding="utf-8")
    low = load_config(tmp_path / "low.yaml")
    assert low.memory_limit_mb == 800
    assert config_hash(low) == config_hash(load_config(None))
    with pytest.raises(ConfigError, match="memory_limit_mb"):
        load_config(tmp_path / "bad.yaml")

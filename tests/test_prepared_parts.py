"""Prepared parts cached packed: unpickled lazily they equal the eager ones, and an edit
rebuild unpickles no part that no step running again reads."""

from __future__ import annotations

import pickle
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import site_builder.analyze as analyze_pkg
from site_builder.analyze import PARTS, Packed, Parts, Prepared, analyze, prepare
from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.ingest import load_articles
from site_builder.model import SiteConfig, SiteModel

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _same_part(name: str, a: Any, b: Any) -> bool:
    if name == "features":  # holds arrays, which a dataclass == cannot compare
        return (np.array_equal(a.stem_ids, b.stem_ids) and a.stem_ids.dtype == b.stem_ids.dtype
                and np.array_equal(a.shingle_ids, b.shingle_ids) and a.shingle_ids.dtype == b.shingle_ids.dtype
                and (a.entities, a.places, a.figures, a.quotes, a.words)
                == (b.entities, b.places, b.figures, b.quotes, b.words))
    if name == "evidence":
        return np.array_equal(a.ids, b.ids) and a[1:] == b[1:]
    return bool(a == b)


def test_packed_parts_load_back_equal() -> None:
    config = SiteConfig()
    articles, _ = load_articles(FIXTURES / "events", config)
    eager = {a.source: prepare(a, config) for a in articles}
    packed = {source: pickle.loads(pickle.dumps(p.pack())) for source, p in eager.items()}
    assert all(isinstance(p, Packed) for p in packed.values())
    parts = analyze_pkg._split(dict(packed))
    for name in PARTS:
        mapping = parts[name]
        assert len(mapping) == len(eager) and set(mapping) == set(eager)
        for source, prepared in eager.items():
            assert mapping.packed(source) is not None
            lazy = mapping[source]
            assert mapping.packed(source) is None  # unpickled once, then kept
            assert mapping[source] is lazy
            assert _same_part(name, lazy, getattr(prepared, name)), (name, source)
    # Features' entities stay a Counter (clustering and people count with it).
    assert all(type(parts["features"][s].entities) is Counter for s in eager)


def test_parts_mapping_operations() -> None:
    parts = Parts("digest")
    parts._packed["a"] = pickle.dumps([1, 2])
    parts["b"] = "eager"
    assert "a" in parts and "b" in parts and "c" not in parts and len(parts) == 2
    assert sorted(parts) == ["a", "b"] and parts.get("c") is None
    with pytest.raises(KeyError):
        parts["c"]
    del parts["a"]
    assert "a" not in parts and parts.packed("a") is None
    parts._packed["a"] = b"not read: clear must not unpickle"
    parts.clear()
    assert len(parts) == 0 and not parts


def _analyse(folder: Path, memo: dict[str, Any] | None, eager: bool = False) -> SiteModel:
    config = SiteConfig()
    collected = collect(folder, config, BuildCache.load(None, parse_key(config)))
    articles, problems = collected.load()
    prepared: dict[str, Any] = dict(collected.prepared)
    assert prepared and all(isinstance(p, Packed) for p in prepared.values())
    if eager:
        prepared = {s: Prepared(*(pickle.loads(data) for data in p)) for s, p in prepared.items()}
    return analyze(articles, config, problems, prepared=prepared, memo=memo)


def test_packed_and_eager_prepared_give_the_same_site(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    assert _analyse(folder, None) == _analyse(folder, None, eager=True)
    # A memo left by one form replays for the other (prints of the same parts may differ,
    # as pickles of equal values can: that costs a step run again, never a wrong result).
    memo: dict[str, Any] = {}
    assert _analyse(folder, memo) == _analyse(folder, memo, eager=True) == _analyse(folder, memo)


def test_edit_unpickles_only_the_parts_its_steps_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    memo: dict[str, Any] = {}
    cold = _analyse(folder, memo)
    target = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))[0]
    # A paragraph without names: the people step's inputs stay the same, so it is replayed.
    target.write_text(target.read_text(encoding="utf-8") + "\n\nit was reviewed again on the same day.\n",
                      encoding="utf-8")

    unpickled: dict[str, set[str]] = {name: set() for name in PARTS}
    original = Parts.__getitem__

    def spy(self: Parts, source: str) -> Any:
        if self.packed(source) is not None:
            unpickled[self.name].add(source)
        return original(self, source)

    people_runs: list[int] = []
    build_people = analyze_pkg.build_people

    def counted(*args: Any, **kwargs: Any) -> Any:
        people_runs.append(1)
        return build_people(*args, **kwargs)

    split = analyze_pkg._split
    still_packed: dict[str, int] = {}

    def splitting(prepared: dict[str, Any]) -> dict[str, Parts]:
        out = split(prepared)
        still_packed.update((name, len(parts._packed)) for name, parts in out.items())
        return out

    monkeypatch.setattr(Parts, "__getitem__", spy)
    monkeypatch.setattr(analyze_pkg, "build_people", counted)
    monkeypatch.setattr(analyze_pkg, "_split", splitting)
    edited = _analyse(folder, memo)
    assert not people_runs  # replayed from the memo
    # Every article's mentions reached the analysis packed, and only the edited one's were
    # unpickled (for its part of the people step's key: its loose words and surnames).
    assert still_packed["mentions"] == len(cold.articles)
    assert unpickled["mentions"] == {target.name}
    # The summariser reads the digests of the changed article's story, not of every article.
    assert target.name in unpickled["digest"]
    assert len(unpickled["digest"]) < len(cold.articles)
    monkeypatch.undo()
    assert edited == _analyse(folder, None)


def test_compact_pickles_load_back_equal() -> None:
    from site_builder.analyze.features import Features
    from site_builder.analyze.mentions import Mention as DatedMention
    from site_builder.model import PartialDate

    dated = DatedMention(PartialDate(2011, 3, None), "A title", "In March 2011 the plan failed.", "a.md", 17,
                         {"plan": 1, "failed": 2})
    data = pickle.dumps([dated, dated], protocol=pickle.HIGHEST_PROTOCOL)
    loaded = pickle.loads(data)
    assert loaded == [dated, dated] and loaded[0] is loaded[1]
    assert len(pickle.dumps(dated, protocol=pickle.HIGHEST_PROTOCOL)) < len(
        pickle.dumps(dated.__dict__, protocol=pickle.HIGHEST_PROTOCOL))
    ids = np.array([0, 7, 0xFFFFFFFF], dtype=np.int64)
    found = pickle.loads(pickle.dumps(Features(stem_ids=ids, shingle_ids=ids[:0])))
    assert found.stem_ids.dtype == np.int64 and found.stem_ids.tolist() == ids.tolist()
    assert found.shingle_ids.dtype == np.int64 and found.shingle_ids.size == 0
    found.stem_ids[0] = 5  # the loaded ids are the features' own, writable

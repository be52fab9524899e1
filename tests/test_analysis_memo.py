"""analyze() with the previous build's memo gives the same site as a fresh analysis, edit after edit."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from site_builder.analyze import analyze
from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.model import SiteConfig, SiteModel

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _analyse(folder: Path, memo: dict[str, Any] | None, overrides: dict | None = None) -> SiteModel:
    config = SiteConfig()
    collected = collect(folder, config, BuildCache.load(None, parse_key(config)))
    articles, problems = collected.load()
    return analyze(articles, config, problems, timeline_overrides=overrides, prepared=collected.prepared, memo=memo)


def _same(folder: Path, memo: dict[str, Any], overrides: dict | None = None) -> None:
    with_memo = _analyse(folder, memo, overrides)
    fresh = _analyse(folder, None, overrides)
    assert with_memo == fresh


def _first(folder: Path) -> Path:
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))[0]


@pytest.mark.parametrize("name", ["events", "compare", "timeline"])
def test_memo_matches_fresh_analysis_through_edits(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / name, folder)
    memo: dict[str, Any] = {}
    _same(folder, memo)  # cold: fills the memo
    assert memo and "parts" in memo
    _same(folder, memo)  # nothing changed: everything replayed
    target = _first(folder)
    # A paragraph appended, then a typo fixed, then a name added: each a new version of one file.
    target.write_text(target.read_text(encoding="utf-8") + "\n\nThe council met again on Tuesday to review it.\n",
                      encoding="utf-8")
    _same(folder, memo)
    target.write_text(target.read_text(encoding="utf-8").replace("council", "counsil"), encoding="utf-8")
    _same(folder, memo)
    target.write_text(target.read_text(encoding="utf-8") + "\n\nMayor Jane Okafor said the work would go on.\n",
                      encoding="utf-8")
    _same(folder, memo)
    # One new article (a copy under another name joins a story), then one removed.
    shutil.copy(target, folder / ("zz_copy" + target.suffix))
    _same(folder, memo)
    (folder / ("zz_copy" + target.suffix)).unlink()
    _same(folder, memo)
    _first(folder).unlink()
    _same(folder, memo)


def test_memo_keeps_only_this_builds_entries(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    memo: dict[str, Any] = {}
    _analyse(folder, memo)
    stories = len(memo["stories"]["summaries"])
    for k in range(3):
        target = _first(folder)
        target.write_text(target.read_text(encoding="utf-8") + f"\n\nUpdate {k}: officials said more later.\n",
                          encoding="utf-8")
        _analyse(folder, memo)
    assert len(memo["stories"]["summaries"]) == stories
    assert set(memo["parts"]) == {p.name for p in folder.iterdir() if p.suffix in (".md", ".txt")}


def test_memo_from_other_config_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    memo: dict[str, Any] = {"version": "other", "people": (b"x", b"not a pickle")}
    _same(folder, memo)
    assert memo["version"] != "other"


def test_memo_with_timeline_overrides(tmp_path: Path) -> None:
    folder = tmp_path / "timeline"
    shutil.copytree(FIXTURES / "timeline", folder)
    memo: dict[str, Any] = {}
    overrides = {"add": [{"date": "2024-04-10", "title": "An added entry"}], "hide": ["no-such-entry"]}
    _same(folder, memo, overrides)
    _same(folder, memo, overrides)
    _same(folder, memo, {})


def _count_calls(monkeypatch: pytest.MonkeyPatch, step: str) -> list[int]:
    """Calls of an analysis step (as ``analyze`` calls it) from now on, one entry each."""
    import site_builder.analyze as analyze_pkg

    calls: list[int] = []
    real = getattr(analyze_pkg, step)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze_pkg, step, counted)
    return calls


def test_topics_are_replayed_until_what_they_read_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    calls = _count_calls(monkeypatch, "assign")
    memo: dict[str, Any] = {}
    _analyse(folder, memo)
    assert len(calls) == 1
    replayed = _analyse(folder, memo)  # nothing changed: no topic is scored again
    assert len(calls) == 1
    assert replayed == _analyse(folder, None)
    target = _first(folder)
    # A new hashtag is something topics read: they are assigned again.
    target.write_text(target.read_text(encoding="utf-8") + "\n\n#Harbour\n", encoding="utf-8")
    before = len(calls)
    edited = _analyse(folder, memo)
    assert len(calls) == before + 1
    assert edited == _analyse(folder, None)


def test_people_replayed_when_an_edit_adds_only_words_naming_nobody(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    fresh = _analyse(folder, None)
    calls = _count_calls(monkeypatch, "build_people")
    memo: dict[str, Any] = {}
    _analyse(folder, memo)
    assert len(calls) == 1
    target = _first(folder)
    # "Update" opens a sentence, so it is read as a one-word name, but it names nobody.
    target.write_text(target.read_text(encoding="utf-8") + "\n\nUpdate 2: the figures above were revised.\n",
                      encoding="utf-8")
    replayed = _analyse(folder, memo)
    assert len(calls) == 1
    assert replayed == _analyse(folder, None)
    # The same kind of word, but the surname of someone a full name in the corpus writes:
    # it may now join that person, so the people step runs again.
    named = [p for p in fresh.people if len(p.name.split()) > 1 and p.name.split()[-1].isalpha()]
    surname = named[0].name.split()[-1]
    other = next(p for p in sorted(folder.iterdir()) if surname not in p.read_text(encoding="utf-8"))
    other.write_text(other.read_text(encoding="utf-8") + f"\n\nLater that day {surname} left early.\n",
                     encoding="utf-8")
    before = len(calls)
    again = _analyse(folder, memo)
    assert len(calls) == before + 1
    assert again == _analyse(folder, None)

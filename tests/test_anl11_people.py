"""The people step's surname counts, kept in the memo and updated by an edit, are a recount's.

The people step's key reads the set of every surname the corpus writes in a full name;
``memo["surnames"]`` counts, per surname, the articles that write it, and an edit
rebuild updates the counts from the articles whose surnames changed. After any edit
(a name added, one removed, an article added or deleted) they must equal a count made
from scratch, and the analysis must be the fresh one.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from site_builder.analyze import _surname_counts, analyze
from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.model import SiteConfig, SiteModel

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _analyse(folder: Path, memo: dict[str, Any] | None) -> SiteModel:
    config = SiteConfig()
    collected = collect(folder, config, BuildCache.load(None, parse_key(config)))
    articles, problems = collected.load()
    return analyze(articles, config, problems, prepared=collected.prepared, memo=memo)


def _recount(memo: dict[str, Any]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for p in memo["parts"].values():
        if p[3][2]:
            counts.update(p[3][2].split("\n"))
    return dict(counts)


def _check(folder: Path, memo: dict[str, Any]) -> None:
    with_memo = _analyse(folder, memo)
    assert with_memo == _analyse(folder, None)
    assert dict(memo["surnames"]) == _recount(memo)


def test_surname_counts_follow_edits(tmp_path: Path) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(FIXTURES / "compare", folder)
    memo: dict[str, Any] = {}
    _check(folder, memo)
    assert memo["surnames"]
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    target = files[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n\nMayor Jane Qwertyson said the work would go on.\n", encoding="utf-8")
    _check(folder, memo)
    assert "qwertyson" in {name.lower() for name in memo["surnames"]}
    target.write_text(text, encoding="utf-8")  # the name gone again
    _check(folder, memo)
    assert "qwertyson" not in {name.lower() for name in memo["surnames"]}
    shutil.copy(files[1], folder / ("zz_copy" + files[1].suffix))  # an article more
    _check(folder, memo)
    (folder / ("zz_copy" + files[1].suffix)).unlink()
    files[2].unlink()  # and two fewer
    _check(folder, memo)


def test_surname_counts_without_a_table_or_with_unprinted_articles_are_counted_afresh() -> None:
    prints = {"a": ("h", b"", b"", (b"k", "", "Lee\nOkafor"), b"", b""),
              "b": ("h", b"", b"", (b"k", "", "Okafor"), b"", b"")}
    assert _surname_counts(prints, {}) == {"Lee": 1, "Okafor": 2}
    # A table whose prints are not all known is not trusted.
    old = {"a": ("h", b"", b"", None, b"", b"")}
    assert _surname_counts(prints, {"parts": old, "surnames": {"Zed": 5}}) == {"Lee": 1, "Okafor": 2}
    # A table with its prints: only the changed article is counted again.
    previous = {"parts": {"a": prints["a"], "b": ("h", b"", b"", (b"k", "", "Okafor\nZed"), b"", b"")},
                "surnames": {"Lee": 1, "Okafor": 2, "Zed": 1}}
    assert _surname_counts(prints, previous) == {"Lee": 1, "Okafor": 2}

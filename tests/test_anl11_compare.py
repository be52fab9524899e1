"""The comparison step replayed from the memo gives the comparisons of a fresh analysis.

While no story of two or more members changed (same members, same contents), the
comparisons are replayed and no sentence is read; an edit of such a member compares
them all again. Either way the site equals one analysed without a memo.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import site_builder.analyze as analyze_pkg
from tests.test_anl11_people import _analyse

FIXTURES = Path(__file__).resolve().parent / "fixtures"



def test_comparisons_replay_until_a_compared_story_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(FIXTURES / "compare", folder)
    # One article more, alone in its story: editing it leaves every compared story as it was.
    (folder / "zz-alone.md").write_text("---\ntitle: Beekeepers count their hives\npublished: 2024-02-02\n---\n\n"
                                        "The beekeepers of the valley counted their hives again this spring.\n",
                                        encoding="utf-8")
    calls: list[int] = []
    real = analyze_pkg.start_comparing
    monkeypatch.setattr(analyze_pkg, "start_comparing", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    memo: dict[str, Any] = {}
    site = _analyse(folder, memo)
    multi = [s for s in site.stories if len(s.articles) >= 2]
    assert multi and any(s.comparison.agreed or s.comparison.only_in or s.comparison.conflicts for s in multi)
    assert len(calls) == 1
    alone = folder / "zz-alone.md"
    alone.write_text(alone.read_text(encoding="utf-8") + "\nThey found more than last year.\n", encoding="utf-8")
    replayed = _analyse(folder, memo)
    assert len(calls) == 1  # replayed, not compared
    assert replayed == _analyse(folder, None)
    assert len(calls) == 2  # (the build without memo compares)
    # A member of a compared story edited: everything is compared again.
    member = folder / multi[0].articles[0].source
    member.write_text(member.read_text(encoding="utf-8") + "\n\nOfficials said 40 people attended.\n",
                      encoding="utf-8")
    again = _analyse(folder, memo)
    assert len(calls) == 3
    assert again == _analyse(folder, None)
    # And once more unchanged: replayed again, still equal.
    assert _analyse(folder, memo) == _analyse(folder, None)
    assert len(calls) == 5

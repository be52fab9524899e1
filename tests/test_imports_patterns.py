"""Patterns compiled on first use (``lazy_compile``) behave as ``re.compile`` and cost nothing at import."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from site_builder.ingest.patterns import lazy_compile, lowered

TEXT = "On Jan. 5, 2024 Ms. Smith met 3 ministers; on 6 February they left.\nNext line: café 12,000"


@pytest.mark.parametrize(("source", "flags"), [
    (r"\b(?P<month>jan|feb)\w*\.?", re.I), (r"\d+", 0), (r"(?m)^\w+", 0), (r"[^\W\d_]+", re.ASCII),
    (r"\s+", 0),
])
def test_answers_as_re_compile(source: str, flags: int) -> None:
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    assert lazy.pattern == eager.pattern
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in eager.finditer(TEXT)]
    assert lazy.findall(TEXT) == eager.findall(TEXT)
    assert lazy.split(TEXT) == eager.split(TEXT)
    assert lazy.sub("#", TEXT) == eager.sub("#", TEXT)
    assert lazy.subn("#", TEXT, 2) == eager.subn("#", TEXT, 2)
    for pos in (0, 3, 20):
        for method in ("match", "search", "fullmatch"):
            got, want = getattr(lazy, method)(TEXT, pos), getattr(eager, method)(TEXT, pos)
            assert (got and got.span()) == (want and want.span())
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (eager.flags, eager.groups, eager.groupindex)


def test_compiles_on_first_use_only() -> None:
    broken = lazy_compile(r"(unclosed")
    assert broken.pattern == "(unclosed"  # readable without compiling
    with pytest.raises(re.error):
        broken.search("x")
    ok = lazy_compile(r"a+")
    assert "search" not in vars(ok)
    assert ok.search("baa").group() == "aa"
    assert vars(ok)["search"].__self__.pattern == "a+"  # later calls skip __getattr__
    with pytest.raises(AttributeError):
        ok.no_such_method  # noqa: B018


def test_twins_keep_the_flags_they_had() -> None:
    """``lowered`` and ``_ascii_twin`` no longer read their pattern's flags; their results equal the old ones."""
    from site_builder.analyze import features, mentions

    for pattern in [*mentions._DATE_PATTERNS, mentions._ANCHOR]:
        assert lowered(pattern).flags == pattern.flags & ~re.IGNORECASE
    for plain, twin in ((features._WORD, features._WORD_ASCII), (features._LOWER_WORD, features._LOWER_WORD_ASCII),
                        (features._TITLE_WORD, features._TITLE_WORD_ASCII), (features._RUN, features._RUN_ASCII)):
        assert twin.flags == (plain.flags & ~re.UNICODE) | re.ASCII


def test_importing_the_pipeline_compiles_none_of_them() -> None:
    code = """
import sys
import site_builder.analyze, site_builder.cli, site_builder.render.feeds, site_builder.render.pages
from site_builder.ingest.patterns import _LazyPattern
lazy = compiled = 0
for name, module in list(sys.modules.items()):
    if name.startswith("site_builder"):
        for value in vars(module).values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, _LazyPattern):
                    lazy += 1
                    compiled += "search" in vars(item)
print(lazy, compiled)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    lazy, compiled = map(int, out.split())
    assert lazy > 150
    assert compiled == 0

"""The front-matter fast paths (session 12) give what PyYAML's safe constructor gives.

``_plain_mapping`` builds string/list-of-string mappings itself, and a short block without
an alias skips the alias-expansion count; both must leave every result and problem as the
generic path makes them.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.ingest import frontmatter
from site_builder.ingest.frontmatter import split_front_matter

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.dates().map(dt.date.isoformat), st.sampled_from(["yes", "~", "0x1F", "1_000", "<<"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3), max_leaves=8)
keys = st.sampled_from(["title", "date", "tags", "slug", "published", "<<", "1", "true"]) | st.text(min_size=1,
                                                                                                   max_size=10)


def _generic(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple:
    """split_front_matter with the fast paths off: the constructor and the alias count always run.

    The fixture is only used through its own context here, so it is safe across examples.
    """
    with monkeypatch.context() as m:
        m.setattr(frontmatter, "_plain_mapping", lambda node: None)
        m.setattr(frontmatter, "_SHORT_BLOCK", -1)
        return split_front_matter(text, "a.md")


def _same(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    fast = split_front_matter(text, "a.md")
    assert repr(fast) == repr(_generic(monkeypatch, text))


@FAST
@given(st.dictionaries(keys, values, max_size=8), st.booleans())
def test_fast_mapping_is_the_constructors(monkeypatch: pytest.MonkeyPatch, meta: dict, flow: bool) -> None:
    _same(monkeypatch, "---\n" + yaml.safe_dump(meta, allow_unicode=True, default_flow_style=flow) + "---\nBody\n")


@FAST
@given(st.lists(st.sampled_from(["title: T", "title: U", "tags: [a, b]", "tags:\n  - x\n  - 2", "a: &x [1]",
                                 "b: *x", "<<: {c: 1}", "d: !!str 5", "e: 2024-02-30", "f:", "? g", "- h",
                                 "i: {j: k}", "slug: ../x", "date: 'March 5, 2024'", "k: [l, [m]]"]),
                max_size=6))
def test_hand_written_blocks_match(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    _same(monkeypatch, "---\n" + "\n".join(lines) + "\n---\nBody\n")


def test_fast_path_is_taken_for_plain_front_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(frontmatter, "_expanded_size", lambda *a: calls.append(a) or 1)
    meta, _, problems = split_front_matter('---\ntitle: "A"\ndate: 2024-04-30\ntags: [x, y]\n---\nBody\n', "a.md")
    assert meta == {"title": "A", "date": "2024-04-30", "tags": ["x", "y"]} and not problems
    assert not calls  # a short block without aliases is not counted


def test_aliases_still_counted_and_shared() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcd", "bcde", strict=True)) + "---\nBody\n"
    meta, _, problems = split_front_matter(bomb, "a.md")
    assert meta == {} and "too large" in problems[0].message
    meta, _, _ = split_front_matter("---\na: &x [1, 2]\nb: *x\n---\nBody\n", "a.md")
    assert meta["a"] is meta["b"]  # the constructor's shared object, as before

"""Property tests: front matter and front-matter dates never crash ingest, and every problem
they cause is a one-line, located, fixable message."""

from __future__ import annotations

import datetime as dt
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import parse_bytes
from site_builder.ingest.decode import BinaryFile, decode
from site_builder.ingest.frontmatter import date_problem, split_front_matter
from site_builder.model import PartialDate, SiteConfig

CONFIG = SiteConfig()
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINE = re.compile(r"^[^\n]+ — [^\n]+$")

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.dates().map(dt.date.isoformat),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3), max_leaves=8)
keys = st.sampled_from(["title", "dek", "author", "outlet", "published", "date", "event_date", "tags", "slug",
                        "topics", "updated"]) | st.text(min_size=1, max_size=12)


@FAST
@given(st.dictionaries(keys, values, max_size=8), st.text(max_size=200))
def test_any_yaml_mapping_parses_without_crashing(meta: dict, body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    parsed, _, problems = split_front_matter(text, "a.md")
    for problem in problems:
        assert LINE.match(problem.format()), problem.format()
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1
    if "slug" in parsed and parsed["slug"] not in (None, ""):
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", str(parsed["slug"])) and ".." not in str(parsed["slug"])
    article, more = parse_bytes(text.encode("utf-8"), "a.md", CONFIG, "digest")
    for problem in more:
        assert LINE.match(problem.format()), problem.format()
    if article is not None:
        assert "/" not in article.slug and ".." not in article.slug


@FAST
@given(st.text(max_size=300))
def test_arbitrary_front_matter_text_never_crashes(block: str) -> None:
    text = f"---\n{block}\n---\nBody line one.\n"
    _, _, problems = split_front_matter(text, "b.md")
    for problem in problems:
        assert LINE.match(problem.format())
        assert problem.line is None or problem.line >= 1


@FAST
@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_iso_dates_are_valid_exactly_when_the_calendar_says_so(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date(year, month, day)
        real = True
    except ValueError:
        real = False
    assert (date_problem(text) is None) == real
    meta, _, problems = split_front_matter(f"---\ntitle: T\npublished: {text}\n---\nBody.\n", "c.md")
    if real:
        assert meta["published"] == text and problems == []
    else:
        assert "published" not in meta
        (problem,) = problems
        assert problem.line == 3 and problem.severity == "error"


@FAST
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_valid_front_matter_dates_reach_the_article(day: dt.date) -> None:
    text = f"---\ntitle: Dated\npublished: {day.isoformat()}\n---\n\nSomething happened on that day in town.\n"
    article, problems = parse_bytes(text.encode(), "d.md", CONFIG, "x")
    assert article is not None and article.published is not None
    assert article.published.date == PartialDate.from_date(day)
    assert not [p for p in problems if "date" in p.message]


@FAST
@given(st.binary(max_size=400))
def test_decode_never_crashes_and_never_loses_text(data: bytes) -> None:
    try:
        text, problems = decode(data, "e.txt")
    except BinaryFile:
        return
    assert "\r" not in text
    for problem in problems:
        assert LINE.match(problem.format())

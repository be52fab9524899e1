"""Cheaper rendering with the same bytes (issue 7, session 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.model import Evidence, PartialDate, Person, TimelineEntry
from site_builder.render.digest import _dumper
from site_builder.render.pages import Renderer
from tests.test_render import config, rich_site

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(json_values, max_size=6))
def test_export_encoder_writes_what_json_encode_writes(values: list[object]) -> None:
    # One encoder for many values: each value's text is what a fresh JSONEncoder would write.
    dump = _dumper()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for value in values:
        assert dump(value) == encode(value)


def test_export_encoder_keeps_unicode_and_separators() -> None:
    dump = _dumper()
    assert dump({"title": "Café “quoted” — ok", "n": [1, 2.5, None]}) == \
        '{"title": "Café “quoted” — ok", "n": [1, 2.5, null]}'
    # the same nested value twice: the circular-reference marks are cleared between values
    shared = [1, [2]]
    assert dump([shared, shared]) == "[[1, [2]], [1, [2]]]"
    assert dump(shared) == "[1, [2]]"


def _hostile_renderer(tmp_path: Path) -> Renderer:
    site = rich_site()
    harbour = site.stories[0]
    harbour.title = "Port <strike> & “ends” " + "after a very long dispute " * 4
    site.articles[1].story_id = "s-gone"  # a story the site does not have
    site.people.append(Person("a-b", "A & <B>", roles={"<chair>": ["x"], "b & c": [], "d": [], "e": []},
                              story_ids=["s-harbour", "s-budget"]))
    site.people.append(Person("nobody", "No Stories"))
    site.timeline += [
        TimelineEntry("t-<ed>", PartialDate(2025), "Editors' <note>", summary="x " * 300, kind="editor",
                      story_ids=["s-missing", "s-harbour", "s-budget", "s-gone"],
                      articles=["harbour_wire.txt", "not-a-source.txt"],
                      evidence=[Evidence(f"quote {n} <q>", "harbour_wire.txt" if n % 2 else "nowhere.txt")
                                for n in range(5)]),
        TimelineEntry("t-two", PartialDate(2025, 1, 2), "Two & stories", story_ids=["s-budget", "s-harbour"]),
    ]
    return Renderer(site, config(), tmp_path, [])


OLD_COVERAGE = """{% for a in articles %}<a href="{{ a | article_url(page_path) }}">{{ a.outlet or (a.title | truncate(60)) }}</a>{{ " · " if not loop.last }}{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("path", ["index.html", "people/x/index.html"])
def test_card_helpers_write_what_the_card_loop_wrote(tmp_path: Path, path: str) -> None:
    r = _hostile_renderer(tmp_path)
    articles = list(r.site.articles)
    articles[0].outlet = "<Wire> & co"
    articles[2].title = "A very long title about the port deal & what it means for <everyone> involved " * 2
    for n in range(len(articles) + 1):
        some = articles[:n]
        old = r.env.from_string(OLD_COVERAGE).render(articles=some, page_path=path)
        assert str(r.coverage_links(some, path)) == old
        unnamed = r.env.from_string("{{ articles | rejectattr('outlet') | list | length }}").render(articles=some)
        assert str(r.unnamed_count(some)) == unnamed

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


# The template loops the page helpers replaced, as they were: each helper must give their text.
OLD_TIMELINE_LOOP = """{% for e in entries %}
    <li class="tl-entry tl-{{ e.kind }}" id="{{ e.id }}" data-kind="{{ e.kind }}">
      <p class="tl-date">{{ e.date | time_tag }}{% if e.kind == 'mention' %} <span class="badge">Mentioned in coverage</span>{% elif e.kind == 'editor' %} <span class="badge">Added by editors</span>{% endif %}</p>
      <h3 class="tl-title">{% if e.story_ids and e.story_ids[0] in r.story_by_id %}<a href="{{ r.story_by_id[e.story_ids[0]] | story_url(page_path) }}">{{ e.title }}</a>{% else %}{{ e.title }}{% endif %}</h3>
      {% if e.summary %}<p class="tl-summary">{{ e.summary | truncate(240) }}</p>{% endif %}
      {% set arts = e.articles | known_sources %}
      {% if arts %}<p class="tl-sources">Sources: {{ arts | source_links(page_path) }}</p>{% endif %}
      {% if e.story_ids | length > 1 %}<p class="tl-stories">Stories: {% for sid in e.story_ids if sid in r.story_by_id %}<a href="{{ r.story_by_id[sid] | story_url(page_path) }}">{{ r.story_by_id[sid].title }}</a>{{ "; " if not loop.last }}{% endfor %}</p>{% endif %}
      {% for ev in e.evidence[:3] %}
      <blockquote class="tl-evidence"><p>“{{ ev.quote }}”</p>{% if ev.article in r.article_by_source %}<footer>— {{ ev.article | source_link(page_path) }}</footer>{% endif %}</blockquote>
      {% endfor %}
    </li>
  {% endfor %}
"""  # noqa: E501
OLD_SOURCES_LOOP = """{% for a in articles %}
    <li>{{ a | source_item(page_path) }}{% if a.story_id in r.story_by_id %}{% set s = r.story_by_id[a.story_id] %} · story: <a href="{{ s | story_url(page_path) }}">{{ s.title | truncate(70) }}</a>{% endif %}</span></li>
  {% endfor %}
"""  # noqa: E501
OLD_PEOPLE_LOOP = """{% for p in people %}
  {% set n = r.person_stories[p.slug] | length %}
  <li><a href="{{ p | person_url(page_path) }}">{{ p.name }}</a> <span class="count">{{ n }} stor{{ 'y' if n == 1 else 'ies' }}</span>{% if p.roles %}<br><span class="muted">{{ (p.roles | list)[:3] | join('; ') }}</span>{% endif %}</li>
{% endfor %}
"""  # noqa: E501


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


@pytest.mark.parametrize("path", ["timeline/index.html", "sources/index.html", "404.html"])
def test_page_helpers_write_what_the_template_loops_wrote(tmp_path: Path, path: str) -> None:
    r = _hostile_renderer(tmp_path)
    site = r.site

    def old(source: str, **values: object) -> str:
        return r.env.from_string(source).render(r=r, page_path=path, **values)

    entries = sorted(site.timeline, key=lambda e: e.id)
    assert str(r.timeline_entries(entries, path)) == old(OLD_TIMELINE_LOOP, entries=entries)
    assert str(r.source_rows(site.articles, path)) == old(OLD_SOURCES_LOOP, articles=site.articles)
    assert str(r.people_rows(site.people, path)) == old(OLD_PEOPLE_LOOP, people=site.people)


def test_listing_pages_show_every_row(tmp_path: Path) -> None:
    r = _hostile_renderer(tmp_path)
    r.render_pages()
    people = (tmp_path / "people/index.html").read_text()
    assert "A &amp; &lt;B&gt;</a> <span class=\"count\">2 stories</span>" in people
    assert '&lt;chair&gt;; b &amp; c; d</span>' in people and "No Stories</a> <span class=\"count\">0 stories" in people
    timeline = (tmp_path / "timeline/index.html").read_text()
    assert timeline.count('<blockquote class="tl-evidence">') == 1 + 3  # at most three quotes an event
    assert "Added by editors" in timeline and 'id="t-&lt;ed&gt;"' in timeline


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

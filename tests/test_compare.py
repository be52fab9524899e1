"""Source comparison per story: agreed facts, details only one source has, and conflicts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import compare
from site_builder.analyze.compare import compare_stories, find_figures, usable_sentences
from site_builder.analyze.entities import build_people
from site_builder.model import Article, SiteConfig, SiteModel, Story
from tests.test_entities import load, stories_of

FERRY = ["ferry_courier.txt", "ferry_wire.txt", "ferry_ledger.txt"]


@pytest.fixture
def ferry() -> Story:
    articles = [load(n) for n in FERRY]
    (story,) = stories_of([articles])
    site = SiteModel(articles=articles, stories=[story])
    site.people = build_people(articles, site.stories, SiteConfig())
    compare_stories(site, site.people, SiteConfig())
    return story


def test_agreed_facts_in_a_three_source_story(ferry: Story) -> None:
    agreed = ferry.comparison.agreed
    by_topic = {
        "contract": [f for f in agreed if "Kestrel Yards" in f.text and "12 electric ferries" in f.text],
        "service": [f for f in agreed if "enter service in 2027" in f.text],
        "passengers": [f for f in agreed if "400 passengers" in f.text],
        "jobs": [f for f in agreed if "1,500 jobs" in f.text],
    }
    assert all(len(facts) == 1 for facts in by_topic.values()), by_topic
    assert set(by_topic["contract"][0].sources) == set(FERRY)
    assert set(by_topic["service"][0].sources) == set(FERRY)
    assert set(by_topic["passengers"][0].sources) == {"ferry_courier.txt", "ferry_wire.txt"}
    assert set(by_topic["jobs"][0].sources) == {"ferry_courier.txt", "ferry_ledger.txt"}


def test_only_in_lists_unshared_details(ferry: Story) -> None:
    only = ferry.comparison.only_in
    assert any("since 1998" in s for s in only["ferry_wire.txt"])
    assert any("charging stations" in s for s in only["ferry_ledger.txt"])
    everything = [s for sentences in only.values() for s in sentences]
    assert not [s for s in everything if "400 passengers" in s or "enter service in 2027" in s]
    assert not [s for s in everything if "Share this" in s or "Back To Top" in s]


def test_number_conflict_between_aligned_sentences(ferry: Story) -> None:
    numbers = [c for c in ferry.comparison.conflicts if c.kind == "number"]
    assert len(numbers) == 1
    (conflict,) = numbers
    assert sorted(conflict.variants) == ["$2.4 billion", "$2.9 billion"]
    assert conflict.variants["$2.9 billion"] == ["ferry_wire.txt"]
    assert conflict.variants["$2.4 billion"] == ["ferry_courier.txt", "ferry_ledger.txt"]


def test_date_conflict_between_aligned_sentences(ferry: Story) -> None:
    (conflict,) = [c for c in ferry.comparison.conflicts if c.kind == "date"]
    assert conflict.variants == {"Tuesday": ["ferry_courier.txt", "ferry_wire.txt"], "Wednesday": ["ferry_ledger.txt"]}


def test_agreeing_figures_are_not_conflicts() -> None:
    a, b = load("ferry_courier.txt"), load("ferry_wire.txt")
    b.body = [p.replace("$2.9 billion", "$2.4 billion") for p in b.body]
    (story,) = stories_of([[a, b]])
    compare_stories(SiteModel(articles=[a, b], stories=[story]))
    assert [c for c in story.comparison.conflicts if c.kind == "number"] == []


def test_single_member_story_gets_no_comparison() -> None:
    article = load("ferry_wire.txt")
    (story,) = stories_of([[article]])
    compare_stories(SiteModel(articles=[article], stories=[story]))
    assert story.comparison.agreed == [] and story.comparison.conflicts == [] and story.comparison.only_in == {}


def test_unrelated_members_share_no_facts() -> None:
    a, b = load("ferry_courier.txt"), load("people_squad.txt")
    (story,) = stories_of([[a, b]])
    compare_stories(SiteModel(articles=[a, b], stories=[story]))
    assert story.comparison.agreed == []
    assert set(story.comparison.only_in) == {a.source, b.source}


def test_sample_tokyo_story_agrees_on_the_meeting(sample_digest: dict) -> None:
    (source,) = [a["source"] for a in sample_digest["articles"] if a["source"].startswith("002")]
    (story,) = [s for s in sample_digest["stories"] if source in s["articles"]]
    if len(story["articles"]) < 2:
        pytest.skip("the Tokyo story has not been clustered in this tree")
    agreed = story["comparison"]["agreed"]
    assert any("East China Sea" in f["text"] and len(f["sources"]) >= 3 for f in agreed)
    assert not [c for c in story["comparison"]["conflicts"] if c["kind"] == "number"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Japan agreed to buy 400 Tomahawk cruise missiles at a cost of $1.7 billion in January.",
     [(400, "missile"), (1.7e9, "$")]),
    ("On July 28, officials met in a 2+2 dialogue in 2024.", []),
    ("No marines will be added to the more than 25 000 marines in Japan.", [(25000, "marine")]),
    ("Turnout rose to 61.5 percent, with 1,204 polling stations open.", [(61.5, "%"), (1204, "station")]),
    ("Profits fell by €3bn this year.", [(3e9, "€")]),
])
def test_find_figures(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(f.value, f.unit) for f in find_figures(text)] == expected


def test_usable_sentences_skip_furniture() -> None:
    article = Article(source="x.txt", slug="x", title="A headline here", body_html="", content_hash="x", body=[
        "A headline here", "Share this article on your favourite network please", "Back To Top",
        "The council approved the new harbour budget on Monday after a long debate.",
    ])
    assert usable_sentences(article) == ["The council approved the new harbour budget on Monday after a long debate."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["$", "€", "1", "7", ",", ".", " ", "000", "billion", "percent", "%", "July", "28",
                                 "missiles", "the", "2+2", "m", "bn", "a"]), max_size=25).map("".join))
def test_find_figures_never_fails(text: str) -> None:
    for figure in find_figures(text):
        assert figure.value >= 0 and figure.unit


_PIECES = ["$", "US$", "us$", "€", "1", "7", "28", "2024", ",", ".", " ", "  ", "000", "billion", "%", "July",
           "jul.", "Sept", "Monday", "on", "last", "F", "-", "+", "x", "É", "ſep", "day", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_figure_search_starts_near_digits_like_finditer(text: str) -> None:
    # The fast scan must find exactly the matches a scan from every position finds.
    assert [m.span() for m in compare._figure_matches(text)] == [m.span() for m in compare._FIGURE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_dates_skip_only_sentences_without_a_month(text: str) -> None:
    days = [("day", f"{m.group('month')[:3].lower()} {int(m.group('day'))}|{m.group()}")
            for m in compare._DAY_DATE.finditer(text)]
    weekdays = [("weekday", f"{m.group('weekday').lower()}|{m.group('weekday')}")
                for m in compare._WEEKDAY.finditer(text)]
    assert compare._dates.__wrapped__(text) == tuple(days + weekdays)


def test_alignment_of_shuffled_members_is_the_same_as_in_order() -> None:
    # Members whose sentences are not listed side by side are aligned the same way.
    articles = [load(n) for n in FERRY]
    reader = compare._Reader()
    sentences = reader.story(articles)
    idf = np.ones(reader.width)
    sources = [a.source for a in articles]
    expected = compare.compare_members(sources, sentences, idf)
    shuffled = sorted(sentences, key=lambda s: (s.position, s.member))
    assert compare.compare_members(sources, shuffled, idf).agreed == expected.agreed

"""The timeline: story entries, merged mentions, editor overrides, ids and the sample's events."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import analyze
from site_builder.analyze.timeline import THRESHOLDS, _compatible, build_timeline
from site_builder.config import load_config, load_timeline_overrides
from site_builder.ingest import load_articles
from site_builder.model import Article, DatedValue, PartialDate, SiteConfig, SiteModel, Story, TimelineEntry
from tests.conftest import CONTENT, FIXTURES, ROOT

D = PartialDate.parse_iso


def art(source: str, *body: str, title: str = "Untitled", published: str | None = None,
        story: str | None = None, **front: object) -> Article:
    return Article(source=source, slug=source.split(".")[0], title=title, body=list(body), body_html="",
                   content_hash=source, published=DatedValue(D(published), "front matter") if published else None,
                   story_id=story, front_matter=dict(front))


def story(sid: str, date: str | None, *members: Article, title: str = "", summary: str = "") -> Story:
    for a in members:
        a.story_id = sid
    return Story(id=sid, slug=f"story-{sid}", title=title or members[0].title, articles=list(members),
                 event_date=DatedValue(D(date), "story") if date else None,
                 summary=[summary or (members[0].body[0] if members[0].body else "")])


def site_of(*stories: Story, extra: list[Article] | None = None) -> SiteModel:
    articles = [a for s in stories for a in s.articles] + list(extra or [])
    return SiteModel(articles=sorted(articles, key=lambda a: a.source), stories=list(stories))


def timeline(site: SiteModel, overrides: dict | None = None) -> list[TimelineEntry]:
    return build_timeline(site, SiteConfig(), overrides or {})


SUMMIT = story("s1", "2025-03-03",
               art("summit.md", "Portugal and Morocco signed the fisheries accord in Lisbon on Monday.",
                   title="Portugal and Morocco sign fisheries accord in Lisbon", published="2025-03-03"))


def followup(text: str, source: str = "later.md", published: str = "2025-06-10") -> Story:
    return story("s2", published, art(source, text, title="Quota row", published=published))


# --- story entries ---------------------------------------------------------------------

def test_every_dated_story_is_an_entry_and_undated_ones_are_not() -> None:
    undated = story("s9", None, art("x.md", "Nothing dated here.", title="Undated"))
    entries = timeline(site_of(SUMMIT, undated))
    assert [(e.kind, e.date.iso(), e.story_ids) for e in entries] == [("story", "2025-03-03", ["s1"])]
    assert entries[0].title == "Portugal and Morocco sign fisheries accord in Lisbon"
    assert entries[0].articles == ["summit.md"]


def test_front_matter_can_hide_a_story_or_rename_its_entry() -> None:
    hidden = story("h", "2025-01-05", art("h.md", "A minor item.", title="Minor", timeline=False))
    renamed = story("r", "2025-02-07", art("r.md", "The port reopened.", title="Port news",
                                            timeline_title="Port of Sines reopens"))
    entries = timeline(site_of(hidden, renamed))
    assert [e.title for e in entries] == ["Port of Sines reopens"]


# --- mentions --------------------------------------------------------------------------

def test_a_follow_up_naming_the_same_day_and_place_merges_into_the_story() -> None:
    later = followup("Three months after the March 3 signing of the fisheries accord in Lisbon, the two "
                     "governments argued over quotas.")
    entries = timeline(site_of(SUMMIT, later))
    march = [e for e in entries if e.date.year == 2025 and e.date.month == 3]
    assert len(march) == 1 and march[0].kind == "story" and march[0].story_ids == ["s1"]
    assert "later.md" in march[0].articles
    assert [ev.article for ev in march[0].evidence] == ["later.md"]


def test_a_same_day_mention_of_another_event_stays_apart() -> None:
    later = followup("On March 3, a cargo ship ran aground near Rotterdam, blocking the Maas channel.")
    entries = timeline(site_of(SUMMIT, later))
    march = [e for e in entries if e.date == D("2025-03-03")]
    assert sorted(e.kind for e in march) == ["mention", "story"]


def test_mentions_of_one_event_in_two_articles_become_one_entry() -> None:
    a = story("a", "2025-06-10", art("a.md", "In February, Morocco's parliament approved the draft accord "
                                     "after a long debate.", title="A", published="2025-06-10"))
    b = story("b", "2025-03-03", art("b.md", "In February, the Moroccan parliament approved a draft of the "
                                     "fisheries accord.", title="B", published="2025-03-03"))
    entries = [e for e in timeline(site_of(a, b)) if e.kind == "mention"]
    assert len(entries) == 1
    (feb,) = entries
    assert feb.date == D("2025-02") and feb.articles == ["a.md", "b.md"]
    assert sorted(ev.article for ev in feb.evidence) == ["a.md", "b.md"]
    assert "parliament approved" in feb.title


def test_a_finer_date_refines_a_merged_mention() -> None:
    a = story("a", "2025-06-10", art("a.md", "In February, Morocco's parliament approved the fisheries accord.",
                                     title="A"))
    b = story("b", "2025-06-11", art("b.md", "On February 12, Morocco's parliament approved the fisheries "
                                     "accord.", title="B"))
    (feb,) = [e for e in timeline(site_of(a, b)) if e.kind == "mention"]
    assert feb.date == D("2025-02-12")


def test_an_article_restating_its_own_date_adds_no_entry() -> None:
    own = story("o", "2025-07-28", art("o.md", "On July 28, officials from Chile and Peru met in Lima to sign "
                                       "a water treaty.", title="Chile and Peru sign water treaty"))
    entries = timeline(site_of(own))
    assert [e.kind for e in entries] == ["story"] and entries[0].evidence == []


def test_front_matter_timeline_false_also_drops_mentions() -> None:
    quiet = story("q", "2025-06-10", art("q.md", "In February, Morocco's parliament approved the accord.",
                                         title="Q", timeline=False))
    assert timeline(site_of(quiet)) == []


def test_thresholds_grow_as_dates_get_coarser() -> None:
    assert THRESHOLDS["day"] < THRESHOLDS["month"] < THRESHOLDS["year"]


# --- ids and order ---------------------------------------------------------------------

def test_entries_are_sorted_and_ids_are_stable_and_unique() -> None:
    def build() -> list[TimelineEntry]:
        a = story("a", "2025-06-10", art("a.md", "In February, Ghana's cabinet approved the cocoa levy.",
                                         title="Cocoa levy row"))
        b = story("b", "2025-01-20", art("b.md", "Ghana's cocoa board cut prices.", title="Cocoa prices"))
        return timeline(site_of(a, b))

    first, second = build(), build()
    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == len(first)
    assert [(e.date, e.id) for e in first] == sorted((e.date, e.id) for e in first)


# --- editor overrides ------------------------------------------------------------------

def _two() -> SiteModel:
    other = story("s3", "2025-04-14", art("flood.md", "Floods cut off Sueca.", title="Floods in Sueca"))
    return site_of(SUMMIT, other)


def test_editors_can_rename_edit_hide_merge_and_add() -> None:
    site = _two()
    overrides = {
        "rename": {"story-s1": "Fisheries accord signed"},
        "edit": {"s3": {"summary": "Rain fell.", "date": "2025-04"}},
        "add": [{"date": "2024-11-05", "title": "Talks open", "stories": ["s1"], "summary": "First round."}],
    }
    entries = build_timeline(site, SiteConfig(), overrides)
    by_title = {e.title: e for e in entries}
    assert by_title["Fisheries accord signed"].story_ids == ["s1"]
    assert by_title["Floods in Sueca"].date == D("2025-04") and by_title["Floods in Sueca"].summary == "Rain fell."
    added = by_title["Talks open"]
    assert added.kind == "editor" and added.story_ids == ["s1"] and added.date == D("2024-11-05")
    assert entries[0] is added  # sorted by date
    assert site.problems == []

    merged = build_timeline(_two(), SiteConfig(), {"merge": [["s1", "story-s3"]]})
    assert len(merged) == 1 and merged[0].story_ids == ["s1", "s3"]
    assert build_timeline(_two(), SiteConfig(), {"hide": ["s3"]})[0].story_ids == ["s1"]


def test_bad_override_lines_become_problems_and_the_rest_still_applies() -> None:
    site = _two()
    entries = build_timeline(site, SiteConfig(), {
        "_path": "timeline.yaml", "hide": ["no-such-entry"], "add": [{"title": "No date"}, {"date": "soon",
                                                                                            "title": "x"}],
        "rename": {"s3": "Valencia floods"}, "colour": "red"})
    assert [e.title for e in entries][-1] == "Valencia floods"
    lines = [p.format() for p in site.problems]
    assert len(lines) == 4
    assert all(line.startswith("timeline.yaml: ") and " — " in line for line in lines)


def test_an_unreadable_timeline_file_is_one_problem_and_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text("hide: [a\nrename: {", encoding="utf-8")
    overrides = load_timeline_overrides(path)
    site = _two()
    entries = build_timeline(site, SiteConfig(), overrides)
    assert len(entries) == 2
    (problem,) = site.problems
    assert problem.path == str(path) and problem.line is not None and "invalid YAML" in problem.message


def test_timeline_file_loader(tmp_path: Path) -> None:
    assert load_timeline_overrides(tmp_path / "missing.yaml") == {}
    path = tmp_path / "timeline.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_timeline_overrides(path) == {}
    path.write_text("- just a list\n", encoding="utf-8")
    assert "_error" in load_timeline_overrides(path)
    path.write_text("hide: [e-123]\n", encoding="utf-8")
    assert load_timeline_overrides(path) == {"hide": ["e-123"], "_path": str(path)}


def test_the_example_file_is_valid_and_all_commented_out() -> None:
    example = ROOT / "timeline.example.yaml"
    assert example.is_file()
    assert load_timeline_overrides(example) == {}  # all comments: copying it as is changes nothing
    # Prose lines start "## "; the example's YAML lines start "# " and must parse once uncommented.
    lines = example.read_text(encoding="utf-8").splitlines()
    body = "\n".join(line[2:] for line in lines if line.startswith("# ") or line == "#")
    data = yaml.safe_load(body)
    assert set(data) == {"add", "rename", "edit", "merge", "hide"}
    entries = build_timeline(_two(), SiteConfig(), data)  # refs to unknown entries are problems, not crashes
    assert entries


# --- end to end ------------------------------------------------------------------------

def analysed(folder: Path, config: SiteConfig) -> SiteModel:
    articles, problems = load_articles(folder, config)
    return analyze(articles, config, problems)


@pytest.fixture(scope="module")
def sample() -> SiteModel:
    return analysed(CONTENT, load_config(ROOT / "site.yaml"))


def test_sample_timeline_holds_the_three_alliance_events_in_order(sample: SiteModel) -> None:
    entries = sample.timeline
    washington = [e for e in entries if e.date.iso() in ("2023-01", "2023-01-11")]
    kishida = [e for e in entries if e.date.iso() == "2024-04" and "Kishida" in f"{e.title} {e.summary}"]
    tokyo = [e for e in entries if e.date.iso() == "2024-07-28"]
    assert len(washington) == 1 and len(kishida) == 1 and len(tokyo) == 1
    assert entries.index(washington[0]) < entries.index(kishida[0]) < entries.index(tokyo[0])
    assert any(e.evidence and e.evidence[0].article.startswith("002") for e in kishida)
    assert tokyo[0].kind == "story" and tokyo[0].story_ids
    tokyo_story = sample.story(tokyo[0].story_ids[0])
    assert {a.source[:3] for a in tokyo_story.articles} >= {"001", "002"}


def test_sample_tomahawk_purchase_is_one_entry_citing_both_files(sample: SiteModel) -> None:
    tomahawk = [e for e in sample.timeline if "Tomahawk" in e.title]
    assert len(tomahawk) == 1
    (entry,) = tomahawk
    assert entry.date == D("2024-01")
    assert sorted(a[:3] for a in entry.articles) == ["001", "002"]
    assert sorted(ev.article[:3] for ev in entry.evidence) == ["001", "002"]


def test_sample_future_leader_change_is_not_an_event(sample: SiteModel) -> None:
    assert not [e for e in sample.timeline if e.date.year >= 2025]


def test_fixture_corpus_each_event_appears_once_with_its_date() -> None:
    site = analysed(FIXTURES / "timeline", SiteConfig())
    by_date: dict[str, list[TimelineEntry]] = {}
    for entry in site.timeline:
        by_date.setdefault(entry.date.iso(), []).append(entry)
    for date, sources in (("2025-03-03", {"fisheries-signing-wire.md", "fisheries-signing-daily.txt"}),
                          ("2025-04-14", {"valencia-floods-a.md", "valencia-floods-b.txt"}),
                          ("2025-05-20", {"lyon-rail-strike-a.md", "lyon-rail-strike-b.txt"})):
        (entry,) = by_date[date]
        assert entry.kind == "story" and sources <= set(entry.articles)
    (feb,) = by_date["2025-02"]  # the parliament vote, mentioned in two articles
    assert feb.kind == "mention" and {"fisheries-followup.md", "fisheries-signing-wire.md"} <= set(feb.articles)
    assert not [d for d in by_date if d.startswith("2026")]  # "a joint review … will take place in January"
    assert all(e.title and e.summary for e in site.timeline)


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(2023, 2024), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28)),
       st.tuples(st.integers(2023, 2024), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28)))
def test_fast_compatibility_agrees_with_the_model(a: tuple, b: tuple) -> None:
    def make(t: tuple) -> PartialDate:
        year, month, day = t
        return PartialDate(year, month, day if month else None)

    x, y = make(a), make(b)
    assert _compatible(x, y) == x.compatible(y)


def test_build_reads_timeline_yaml_beside_site_yaml(tmp_path: Path) -> None:
    import json
    import shutil

    from site_builder.build import build

    content = tmp_path / "content"
    content.mkdir()
    for name in ("valencia-floods-a.md", "valencia-floods-b.txt", "lyon-rail-strike-a.md"):
        shutil.copy(FIXTURES / "timeline" / name, content / name)
    (tmp_path / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(
        "add:\n  - {date: 2025-01-02, title: Budget vote}\nhide: [nothing-like-this]\n", encoding="utf-8")
    result = build(content, tmp_path / "out", load_config(tmp_path / "site.yaml"), search=False)
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    titles = [e["title"] for e in digest["timeline"]]
    assert titles[0] == "Budget vote"
    assert [p.message for p in result.problems if "nothing-like-this" in p.message]
    assert not (content / "timeline.yaml").exists()


_DATES = st.builds(lambda y, m, d: PartialDate(y, m, d if m else None), st.integers(2019, 2021),
                   st.one_of(st.none(), st.integers(1, 12)), st.one_of(st.none(), st.integers(1, 28)))


@settings(max_examples=200, deadline=None)
@given(st.lists(_DATES, max_size=12))
def test_mention_order_key_sorts_like_dates(dates: list[PartialDate]) -> None:
    # collect_mentions sorts on (year, month or 0, day or 0) instead of the dates themselves.
    keyed = sorted(range(len(dates)), key=lambda i: (dates[i].year, dates[i].month or 0, dates[i].day or 0, i))
    assert keyed == sorted(range(len(dates)), key=lambda i: (dates[i], i))


@settings(max_examples=200, deadline=None)
@given(_DATES, _DATES, st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 2)),
       st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 2)))
def test_inline_match_score_is_match_score(a: PartialDate, b: PartialDate, mine: dict[str, int],
                                           theirs: dict[str, int]) -> None:
    # merge_mentions scores compatible candidates inline; it must agree with match_score.
    from site_builder.analyze import timeline
    draft = timeline._Draft(date=b, title="", summary="", kind="mention", terms=theirs, id_terms=[])
    expected = timeline.match_score(a, mine, draft)
    if not _compatible(a, b):
        assert expected is None
        return
    score = sum(max(mine[t], theirs[t]) for t in mine.keys() & theirs.keys())
    threshold = timeline._THRESHOLD_AT[min(timeline._fineness(a), timeline._fineness(b))]
    assert expected == (score if score >= threshold else None)

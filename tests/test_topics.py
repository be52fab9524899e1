"""Topics: taxonomy scoring, front matter, hashtags, automatic key-phrase topics, story order."""

from __future__ import annotations

from site_builder.analyze.keyphrases import candidates, rank_keyphrases
from site_builder.analyze.topics import THRESHOLD, assign_topics
from site_builder.config import load_config
from site_builder.model import Article, DatedValue, KnownEntity, PartialDate, SiteConfig, Story, TopicRule
from tests.conftest import ROOT


def art(source: str, title: str, *body: str, dek: str | None = None, hashtags: list[str] | None = None,
        **front: object) -> Article:
    """An article; keyword arguments are its front matter (``tags=`` as written by an editor)."""
    return Article(source=source, slug=source, title=title, body=list(body), body_html="", content_hash=source,
                   dek=dek, tags=list(hashtags or []), front_matter=dict(front))


def stories_for(*articles: Article, dates: dict[str, str] | None = None) -> list[Story]:
    out = []
    for a in articles:
        a.story_id = f"s-{a.source}"
        date = (dates or {}).get(a.source)
        out.append(Story(id=a.story_id, slug=a.source, title=a.title, articles=[a],
                         event_date=DatedValue(PartialDate.parse_iso(date), "story") if date else None))
    return out


RULES = [
    TopicRule(name="Rail", slug="rail", keywords=["train", "trains", "railway", "SNCF"]),
    TopicRule(name="Floods", slug="floods", keywords=["flood", "floods", "flooding", "river burst"]),
    TopicRule(name="US politics", slug="us-politics", keywords=["US", "Congress"]),
]
CONFIG = SiteConfig(topics=RULES)


def topics_of(*articles: Article, config: SiteConfig = CONFIG) -> dict[str, list[str]]:
    assign_topics(list(articles), stories_for(*articles), config)
    return {a.source: a.topics for a in articles}


def test_a_headline_hit_is_enough_but_one_body_hit_is_not() -> None:
    got = topics_of(
        art("a", "Trains halted in Lyon", "Commuters waited."),
        art("b", "Commuters wait", "A train was late."),
        art("c", "Commuters wait", "A train was late. The railway blamed signals. More trains were cut."),
        art("d", "Commuters wait", "Nothing.", dek="Railway strike spreads"),
    )
    assert got["a"][0] == "rail" and got["c"][0] == "rail"
    assert "rail" not in got["b"]
    assert "rail" not in got["d"]  # a dek hit counts 2 < 3
    assert THRESHOLD == 3


def test_one_repeated_body_word_is_capped() -> None:
    got = topics_of(art("a", "Weather", "flood " * 40, "The train was on time."))
    assert got["a"] == ["floods"]  # capped at 3, still enough alone; the single train mention is not


def test_capital_keywords_match_only_in_capitals() -> None:
    got = topics_of(art("a", "Let us talk", "Tell us more, said the host; us and them."),
                    art("b", "US Congress debates aid", "Lawmakers met."))
    assert "us-politics" not in got["a"]
    assert got["b"] == ["us-politics"]


def test_front_matter_topics_are_authoritative_and_tags_add() -> None:
    got = topics_of(art("a", "Trains halted", "Floods everywhere, flooding, floods.", topics=["Floods", "Heat"]),
                    art("b", "Trains halted", "Words.", tags=["Climate desk"]))
    assert got["a"] == ["floods", "heat"]  # not rail, despite the headline
    assert set(got["b"]) == {"rail", "climate-desk"}


def test_hashtags_name_taxonomy_topics_or_need_two_articles() -> None:
    got = topics_of(art("a", "Storm", "Rain.", hashtags=["Floods", "Strengthen"]),
                    art("b", "Storm two", "Rain.", hashtags=["StormSeason"]),
                    art("c", "Storm three", "Rain.", hashtags=["StormSeason"]))
    assert got["a"][0] == "floods" and "strengthen" not in got["a"]
    assert got["b"] == got["c"] == ["storm-season"]


def test_entity_keywords_bring_their_gazetteer_aliases() -> None:
    config = SiteConfig(topics=[TopicRule(name="Kenya", slug="kenya", keywords=["Amina Odhiambo"])],
                        entities=[KnownEntity(name="Amina Odhiambo", aliases=["President Odhiambo"])])
    got = topics_of(art("a", "President Odhiambo visits Brazil", "Trade talks."), config=config)
    assert got["a"] == ["kenya"]


def test_articles_without_a_match_get_a_shared_automatic_topic() -> None:
    a = art("a", "Lighthouse keepers strike at Cabo Roca", "Lighthouse keepers at Cabo Roca walked out.")
    b = art("b", "Cabo Roca lighthouse dark for a week", "The Cabo Roca lighthouse stayed dark.")
    c = art("c", "Trains halted", "Trains.")
    topics = assign_topics([a, b, c], stories_for(a, b, c), CONFIG)
    assert a.topics == b.topics and a.topics
    (auto,) = [t for t in topics if t.slug == a.topics[0]]
    assert auto.automatic and "cabo roca" in auto.name.lower()
    assert all(x.topics for x in (a, b, c))


def test_even_an_empty_article_gets_a_topic() -> None:
    a = art("a", "", "")
    assign_topics([a], stories_for(a), SiteConfig())
    assert a.topics


def test_story_topics_are_the_union_and_topic_stories_run_newest_first() -> None:
    old = art("old", "Trains halted", "x")
    new = art("new", "Trains and floods", "x")
    undated = art("undated", "Train news", "x")
    stories = stories_for(old, new, undated, dates={"old": "2024-01-02", "new": "2024-05"})
    topics = {t.slug: t for t in assign_topics([old, new, undated], stories, CONFIG)}
    assert topics["rail"].story_ids == ["s-new", "s-old", "s-undated"]
    assert stories[1].topics == ["floods", "rail"] or set(stories[1].topics) == {"floods", "rail"}
    assert "floods" in topics and topics["floods"].story_ids == ["s-new"]


def test_assigning_twice_gives_the_same_result() -> None:
    a = art("a", "Trains halted", "x", hashtags=["Floods"])
    stories = stories_for(a)
    assign_topics([a], stories, CONFIG)
    first = list(a.topics)
    assign_topics([a], stories, CONFIG)
    assert a.topics == first


def test_keyphrase_candidates_prefer_names_and_noun_pairs() -> None:
    counts, _ = candidates("Port of Sines reopens", "The Port of Sines reopened after the dock strike. "
                               "Dock workers signed a new wage deal.")
    assert counts["port of sine"] >= 4  # title (3) + body
    assert "dock strike" in counts and "dock worker" in counts
    assert not any(k.endswith("reopened") for k in counts)
    ranked = rank_keyphrases([art("x", "Port of Sines reopens", "The Port of Sines reopened.")],
                             {"g": [art("x", "Port of Sines reopens", "The Port of Sines reopened.")]}, top=1)
    assert ranked["g"][0].text == "Port of Sines"


def test_sample_taxonomy_gives_every_sample_article_a_topic(sample_digest: dict) -> None:
    config = load_config(ROOT / "site.yaml")
    assert {t.slug for t in config.topics} >= {"alliance-diplomacy", "china-and-the-seas", "missiles-and-arms",
                                               "taiwan", "north-korea", "us-politics", "okinawa"}
    for article in sample_digest["articles"]:
        assert article["topics"], article["source"]
    assert not any(t["automatic"] for t in sample_digest["topics"])
    by_slug = {t["slug"]: t for t in sample_digest["topics"]}
    assert by_slug["taiwan"]["stories"] == [a["story"] for a in sample_digest["articles"]
                                            if a["source"].startswith("003")]


def test_an_unmatched_article_takes_its_story_mates_topics() -> None:
    a = art("a", "Trains halted in Lyon", "Drivers walked out.")
    b = art("b", "Commuters stranded", "Nobody could get to work.")
    a.story_id = b.story_id = "s"
    story = Story(id="s", slug="s", title="Strike", articles=[a, b])
    topics = assign_topics([a, b], [story], CONFIG)
    assert a.topics == b.topics == ["rail"] and story.topics == ["rail"]
    assert not any(t.automatic for t in topics)

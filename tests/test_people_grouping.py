"""Grouping and resolution of names in the entity pass: repeated one-word names, misspelt surnames."""

from __future__ import annotations

from site_builder.analyze.entities import EntityIndex, index_entities
from site_builder.model import Article, SiteConfig, Story


def article(source: str, *paragraphs: str) -> Article:
    return Article(source=source, slug=source.removesuffix(".txt"), title=source, body=list(paragraphs),
                   body_html="", content_hash=source)


def stories_of(groups: list[list[Article]]) -> list[Story]:
    """One story per group, its articles marked as members."""
    stories = []
    for k, members in enumerate(groups):
        for a in members:
            a.story_id = f"s{k}"
        stories.append(Story(id=f"s{k}", slug=f"s{k}", title=members[0].title, articles=members,
                             canonical=members[0].source))
    return stories


def index(groups: list[list[Article]]) -> EntityIndex:
    return index_entities([a for members in groups for a in members], stories_of(groups), SiteConfig())


def slugs_of(found: EntityIndex, source: str, surface: str) -> list[str | None]:
    return [found.person_of.get((source, k)) for k, m in enumerate(found.mentions[source]) if m.surface == surface]


def test_repeated_one_word_names_all_join_the_full_name() -> None:
    a = article("a.txt", "Xi Jinping said on Monday that talks would go on.",
                "Mr. Xi said the talks went well. Later Mr. Xi added that more work was needed, and Mr. Xi smiled.")
    found = index([[a]])
    (full,) = slugs_of(found, "a.txt", "Xi Jinping")
    assert full is not None
    assert slugs_of(found, "a.txt", "Xi") == [full, full, full]
    assert len(found.people) == 1


def test_misspelt_surname_joins_the_majority_and_is_flagged() -> None:
    b = article("b.txt", "Secretary of State Antony Blinken said the visit was useful.", "Blinken met officials.")
    c = article("c.txt", "Secretary of State Antony Blinkin said the visit mattered.", "Blinkin met officials again.")
    d = article("d.txt", "Secretary of State Antony Blinken spoke on Tuesday.", "Blinken later left for Seoul.")
    found = index([[b, c, d]])
    (person,) = found.people
    assert person.name == "Antony Blinken"
    assert {"Antony Blinkin", "Blinkin"} <= set(person.aliases)
    assert slugs_of(found, "c.txt", "Blinkin") == [person.slug]
    assert c.warnings and "Blinken" in c.warnings[0]
    assert not b.warnings and not d.warnings


def test_near_surnames_with_unrelated_given_names_stay_apart() -> None:
    e = article("e.txt", "Minister Mary Smyth said the budget would pass.")
    f = article("f.txt", "Minister John Smith said the budget would fail.")
    found = index([[e], [f]])
    assert sorted(p.name for p in found.people) == ["John Smith", "Mary Smyth"]
    assert not e.warnings and not f.warnings

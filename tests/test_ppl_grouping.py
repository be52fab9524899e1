"""The people step's shortcuts give what the plain rules give: name parsing, close given names,
the shown role, and story disagreements."""

from __future__ import annotations

import random

import pytest

from site_builder.analyze.entities import _close_given_names, _given_keys, index_entities
from site_builder.analyze.names import PersonName, parse_name
from site_builder.model import Article, SiteConfig
from tests.test_people_grouping import article, stories_of


@pytest.mark.parametrize(("parts", "expected"), [
    ((), None),
    (("Austin",), ("", (), "Austin", "")),
    (("Lloyd", "J.", "Austin", "III"), ("Lloyd", ("J.",), "Austin", "III")),
    (("John", "Jr."), ("", (), "John", "Jr.")),  # a suffix needs a name before it
    (("Jr.",), ("", (), "Jr.", "")),
    (("Blinken's",), ("", (), "Blinken", "")),
    (("Ana", "de", "Souza’s", "Jr"), ("Ana", (), "de Souza", "Jr")),
    (("Ursula", "von", "der", "Leyen"), ("Ursula", (), "von der Leyen", "")),
    (("von", "Leyen"), ("", (), "von Leyen", "")),
    (("de", "la"), ("", (), "de la", "")),
    (("’s",), ("", (), "", "")),
])
def test_parse_name_splits_given_names_particles_and_suffixes(parts: tuple[str, ...],
                                                               expected: tuple | None) -> None:
    name = parse_name(parts)
    if expected is None:
        assert name is None
        return
    assert isinstance(name, PersonName)
    assert (name.first, name.middles, name.last, name.suffix) == expected
    assert type(name.middles) is tuple


def test_close_given_names_are_exactly_those_sharing_a_key() -> None:
    rng = random.Random(7)
    # A small alphabet, so that many names are one edit apart; short forms included.
    names = {"".join(rng.choice("abe") for _ in range(rng.randint(2, 5))) for _ in range(300)}
    names |= {"anthony", "antony", "tony", "joe", "joseph", "jo.e", "joe's"}
    close = _close_given_names([*names, "tony"])  # repeats are one name
    assert set(close) == names
    for a in names:
        expected = {b for b in names if b != a and _given_keys(a) & _given_keys(b)}
        assert close[a] == expected, a
    assert {"antony", "anthony"} <= close["tony"]


@pytest.mark.parametrize(("first", "second", "shown"), [("a.txt", "b.txt", "defense secretary"),
                                                         ("b.txt", "a.txt", "secretary of defense")])
def test_a_role_is_shown_as_written_most_the_first_written_among_equals(first: str, second: str,
                                                                        shown: str) -> None:
    a = article(first, "Defense Secretary Lloyd Austin said the plan would work.")
    b = article(second, "Secretary of Defense Lloyd Austin said the plan was sound.")
    c = article("c.txt", "Lloyd Austin, the secretary of defense, spoke on Friday.")
    (person,) = index_entities([a, b], stories_of([[a], [b]]), SiteConfig()).people
    assert person.roles == {shown: ["a.txt", "b.txt"]}
    a, b = (article(x.source, *x.body) for x in (a, b))
    (person,) = index_entities([a, b, c], stories_of([[a], [b], [c]]), SiteConfig()).people
    assert person.roles == {"secretary of defense": ["a.txt", "b.txt", "c.txt"]}


def story_conflicts(groups: list[list[Article]]) -> list[tuple[str, str, str]]:
    stories = stories_of(groups)
    index_entities([a for members in groups for a in members], stories, SiteConfig())
    return [(s.id, c.kind, c.note) for s in stories for c in s.comparison.conflicts]


def test_a_story_whose_members_spell_a_name_differently_lists_it() -> None:
    def members() -> list[Article]:
        return [article("a.txt", "Minister Mary Kowalski said the budget would pass.", "Kowalski spoke."),
                article("b.txt", "Minister Mary Kowalsky said the budget would pass.", "Kowalsky spoke.")]

    together = story_conflicts([members()])
    assert ("s0", "name", "The sources of this story spell the name differently.") in together
    apart = story_conflicts([[m] for m in members()])
    assert not any(note.startswith("The sources of this story") for _, _, note in apart)

"""One-word names resolved through a near spelling of a surname met in the same story (session 12:
the roots of a story's full names are gathered for that story only when first needed)."""

from __future__ import annotations

from tests.test_people_grouping import article, index, slugs_of


def test_one_word_near_spelling_joins_the_person_of_its_story_only() -> None:
    a = article("a.txt", "Minister Antony Blinken said the talks would go on.")
    b = article("b.txt", "Blinkin said the talks went well.")
    c = article("c.txt", "Minister Mary Jones said the budget would pass.")
    d = article("d.txt", "Blinkin said the budget went well.")
    found = index([[a, b], [c, d]])
    (blinken,) = slugs_of(found, "a.txt", "Antony Blinken")
    assert blinken is not None
    # Same story as the full name: the misspelt one-word name is that person.
    assert slugs_of(found, "b.txt", "Blinkin") == [blinken]
    # Another story, whose own people have no such surname: not joined to Blinken.
    (other,) = slugs_of(found, "d.txt", "Blinkin")
    assert other != blinken

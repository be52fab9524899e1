"""Per-article readers made cheaper (issue 7) find exactly what their plain forms find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import features, mentions

# ASCII text near the pattern's edges: capitals, lower case, digits, underscore, apostrophes.
_ASCII_TEXT = st.text(alphabet="AbZcd_1' .-\t", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_ASCII_TEXT)
def test_capital_title_words(text: str) -> None:
    plain = re.compile(r"\b[A-Z][a-zA-Z]{3,}\b", re.ASCII)
    assert features._CAPITAL_TITLE_WORD_ASCII.findall(text) == plain.findall(text)
    # And they are the ASCII title words that open with a capital, which is what it stands for.
    assert plain.findall(text) == [w for w in features._TITLE_WORD_ASCII.findall(text) if w[0].isupper()]


# What may stand before a capitalised run: the prepositions (any case, also inside longer
# words), blanks, a line break and a non-ASCII letter that case-folds to an ASCII one.
_BEFORE = st.lists(st.sampled_from(["in", "IN", "At", "visited", "visiting", "near", "outside", "x", "ſ", "K",
                                    " ", " ", "\t", "\n", ",", "é"]), max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_BEFORE)
def test_place_preposition_found_in_the_tail(before: str) -> None:
    before = before[-12:]
    if before[-1:] not in (" ", "\t"):
        before += " "
    tail = max(0, len(before.rstrip(" \t")) - 8)
    assert bool(features._PLACE_PREP.search(before, tail)) == bool(features._PLACE_PREP.search(before))


def test_place_preposition_examples() -> None:
    entities, places = features._entities(["Talks were held in Tokyo.", "Officials visiting Seoul said so.",
                                           "A margin Berlin. The cabin Paris"], set())
    assert places == {"tokyo": 1, "seoul": 1}
    assert entities["berlin"] == 1


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["the", "prime", "minister", "Fumio", "Kishida", ",", " ", "said", "President",
                                 "Biden", "of", "Japan"]), max_size=12).map(" ".join))
def test_simplify_names_without_a_comma_is_unchanged(text: str) -> None:
    plain = text
    if mentions._ROLE_COMMA.search(text):
        plain = mentions._APPOSITIVE.sub(lambda m: m.group("name") + " ", plain)
        plain = mentions._APPOSITIVE_AFTER.sub(lambda m: m.group("name") + " ", plain)
    assert mentions._simplify_names(text) == plain

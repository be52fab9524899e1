"""features.extract made cheaper (issue 7) gives exactly what its plain forms give."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import features
from site_builder.analyze.features import (
    _CAPITAL_WORD,
    _NOT_NAMES,
    _PLACE_PREP,
    _RUN,
    _RUN_ASCII,
    _opens_sentence,
    _run_keys,
    is_headline_case,
)


def _plain_name_runs(paragraph: str) -> list[tuple[bool, list[str], str]]:
    """Capitalised runs as the plain loop found them: (opens a sentence, words, text before)."""
    runs: list[tuple[bool, list[str], str]] = []
    for m in (_RUN_ASCII if paragraph.isascii() else _RUN).finditer(paragraph):
        start = m.start()
        before = paragraph[max(0, start - 12) : start]
        at_start = _opens_sentence(paragraph[max(0, start - 8) : start], start <= 8)
        current: list[str] = []
        for word in m.group().split():
            if word.isupper() and len(word.replace(".", "")) > 5:
                if current:
                    runs.append((at_start, current, before))
                current, at_start, before = [], False, ""
                continue
            current.append(word)
        if current:
            runs.append((at_start, current, before))
    return runs


def _plain_entities(paragraphs: list[str], lower_words: set[str], title: str = "") -> tuple[Counter[str], Counter[str]]:
    """features._entities as it was before runs were cached by their text."""
    entities: Counter[str] = Counter()
    places: Counter[str] = Counter()
    runs = [_plain_name_runs(p) for p in paragraphs if not is_headline_case(p, lower_words)]
    inner = {w.lower() for sentence_runs in runs for at_start, run, _ in sentence_runs
             for k, w in enumerate(run) if k or not at_start}
    if title and not is_headline_case(title, lower_words):
        inner |= {w.lower() for w in _CAPITAL_WORD.findall(title)} - lower_words
    for sentence_runs in runs:
        for at_start, run, before in sentence_runs:
            first = run[0].lower()
            if at_start and (first in lower_words or first in _NOT_NAMES or (len(run) == 1 and first not in inner)):
                run = run[1:]
                before = "x"
            keys = _run_keys(tuple(run))
            if not keys:
                continue
            entities.update(keys)
            if before[-1:] in (" ", "\t") and _PLACE_PREP.search(before):
                places[keys[0]] += 1
    return entities, places


# Pieces of news text near the rules' edges: sentence ends and abbreviations, quotes and
# dashes, shouted words, joiners, prepositions (also inside words and in odd case), role
# words, lower-case twins of capitalised words, non-ASCII capitals and case-folding letters.
_PIECES = ["Tokyo", "TOKYO", "Japan", "Bank", "of", "The", "the", "Mr.", "U.S.", "Dr.", "In", "in", "at", "At",
           "visiting", "VISITING", "near", "outside", "margin", "Berlin", "Paris", "BREAKING", "ENERGY", "NATO",
           "CEO", "Minister", "Prime", "Fumio", "Kishida", "bank", "japan", "J.", "Austin", "III", "O'Brien",
           "Étienne", "Łódź", "İstanbul", "ıN", "ſ", "Kelvin", "al", "von", "de", ".", ",", ";", ":", "!", "?", "…",
           "—", "-", "\"", "“", "”", "'", "(", ")", " ", " ", " ", "  ", "\t", "\n", "\u00a0", "2024", "x"]
_PARAGRAPH = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_SPACED = st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_PARAGRAPH, _SPACED), max_size=4), _SPACED,
       st.sets(st.sampled_from(["bank", "japan", "the", "margin", "energy", "tokyo", "minister"])))
def test_entities_as_the_plain_loop(paragraphs: list[str], title: str, lower_words: set[str]) -> None:
    found = features._entities(paragraphs, lower_words, title)
    plain = _plain_entities(paragraphs, lower_words, title)
    assert found == plain
    # Same first-seen order too: cluster reads the keys in it.
    assert [list(c.items()) for c in found] == [list(c.items()) for c in plain]


def test_entities_the_same_from_the_run_cache() -> None:
    paragraphs = ["Prime Minister Fumio Kishida met BREAKING ENERGY Joe Biden in Tokyo.",
                  "The Bank of Japan said. Japan visited Paris", "In Berlin the talks ended."]
    features._RUN_INFO.clear()
    cold = features._entities(paragraphs, {"bank"}, "Talks in Tokyo")
    assert features._RUN_INFO  # learned
    assert features._entities(paragraphs, {"bank"}, "Talks in Tokyo") == cold == \
        _plain_entities(paragraphs, {"bank"}, "Talks in Tokyo")
    assert cold[1] == {"tokyo": 1, "paris": 1}
    assert cold[0]["fumio kishida"] == 1 and cold[0]["joe biden"] == 1 and "breaking" not in cold[0]


_BEFORE = st.lists(st.sampled_from(["in", "IN", "iN", "At", "visited", "visiting", "near", "outside", "x", "_", "1",
                                    "ſ", "K", "ı", "İ", "é", " ", " ", "\t", "\n", ",", "."]), max_size=10).map("".join)


@settings(max_examples=5000, deadline=None)
@given(_BEFORE, st.sampled_from(["Tokyo", "Łódź"]))
def test_place_preposition_test_as_the_regex(before: str, name: str) -> None:
    paragraph = before + name
    start = len(before)
    window = paragraph[max(0, start - 12) : start]
    plain = window[-1:] in (" ", "\t") and bool(_PLACE_PREP.search(window))
    assert features._after_place_prep(paragraph, start) == plain


_PLAIN_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s?%|\s?per\s?cent|\s?percent)?",
    re.I,
)


def _plain_figures(text: str) -> list[str]:
    """features._figures as it was: every match of the plain pattern, read afresh."""
    out: list[str] = []
    for m in _PLAIN_NUMBER.finditer(text):
        start = m.start()
        if start and text[start - 1] in ".,":
            continue
        num, scale, pct_text = m.group("num", "scale", "pct")
        try:
            value = float(num.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", ""))
        except ValueError:
            continue
        currency = not features._CURRENCY.isdisjoint(text[max(0, start - 2) : start])
        scale = (scale or "").lower()
        if scale in ("m", "k") and not currency:
            scale = ""
        value *= features._SCALES.get(scale, 1.0)
        pct = bool(pct_text)
        if not pct and not currency and not scale and value.is_integer() and (1900 <= value <= 2100 or value < 10):
            continue
        out.append(f"{value:.6g}" + ("%" if pct else ""))
    return out


_NUMBER_TEXT = st.lists(st.sampled_from(["1", "2", "0", "9", "19", "2024", "٣", "١٢", "²", " ", ",", ".", "$", "€",
                                         "\u00a0", "\u202f", "%", " per cent", "percent", " million", "bn", "m",
                                         "k", "K", "x", "v", "\x1c", "Thousand"]), max_size=25).map("".join)


@settings(max_examples=5000, deadline=None)
@given(_NUMBER_TEXT)
def test_figures_as_the_plain_pattern(text: str) -> None:
    for pattern in (features._NUMBER, features._NUMBER_ASCII if text.isascii() else features._NUMBER):
        assert [m.groupdict() | {"span": m.span()} for m in pattern.finditer(text)] == \
            [m.groupdict() | {"span": m.span()} for m in _PLAIN_NUMBER.finditer(text)]
    assert features._figures(text) == _plain_figures(text)
    assert features._figures(text) == _plain_figures(text)  # again, from the labels kept


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0",
                                         "a", "B", "1", ".", "é", "x"]), max_size=30))
def test_word_count_as_split(text: str) -> None:
    assert features._word_count(text) == len(text.split())

"""The dated-mention reader's per-sentence memory and quick tests give what reading afresh gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import mentions as M
from site_builder.model import Article, PartialDate


def _article(source: str, *body: str) -> Article:
    return Article(source=source, slug=source, title="Harbour news", body_html="", content_hash="", body=list(body))


def _fresh() -> None:
    M._SPANS.clear()
    M._EVENTS.clear()


def _read(article: Article, reference: PartialDate) -> list[tuple]:
    return [(m.date, m.title, m.sentence, m.article, m.offset, m.terms) for m in M.find_mentions(article, reference)]


SHARED = "In March the harbour board signed a dredging contract with Ostrava Marine for $4 million."
OTHER = "The council approved the new ferry terminal in 2019, officials said."


def test_a_sentence_read_before_is_resolved_against_each_article_s_own_date() -> None:
    early = _article("a.md", SHARED, "Nothing dated here.")
    late = _article("b.md", "A first paragraph.", SHARED)
    july, next_february = PartialDate(2024, 7), PartialDate(2025, 2)
    _fresh()
    alone = _read(late, next_february)
    _fresh()
    _read(early, july)  # the sentence is now known, read against another date
    assert _read(late, next_february) == alone
    (mention,) = M.find_mentions(late, next_february)
    assert mention.date == PartialDate(2025, 3) and mention.article == "b.md"
    (first,) = M.find_mentions(early, july)
    assert first.date == PartialDate(2024, 3)
    # Each mention has its own terms: the kept reading is not handed out to be changed.
    first.terms["changed"] = 9
    assert "changed" not in M.find_mentions(early, july)[0].terms


def test_years_are_found_in_bodies_that_name_no_month() -> None:
    _fresh()
    found = M.find_mentions(_article("c.md", "Intro without dates.", OTHER), PartialDate(2024, 7))
    assert [m.date for m in found] == [PartialDate(2019)]
    assert M.find_mentions(_article("d.md", "In 2019 nothing was built."), PartialDate(2024, 7)) == []


def _clean_spaces_by_regex(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return re.sub(r",\s*,", ",", text).strip(" ,;:")


@given(st.text(alphabet="ab ,.;:\t\n\xa0\x1c\u2009—", max_size=20))
@settings(max_examples=800, deadline=None)
def test_clean_spaces_matches_the_regexes(text: str) -> None:
    assert M._clean_spaces(text) == _clean_spaces_by_regex(text)


@given(st.lists(st.sampled_from(["in", "March", "may", "2019", "during", "1998", "May", "Rome", ",", "."]),
                max_size=8),
       st.lists(st.sampled_from(["in", "June", "20", "19", "text", "x", "2021"]), max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_body_s_quick_anchor_test_matches_each_paragraph_s(first: list[str], second: list[str]) -> None:
    body = [" ".join(first), " ".join(second)]
    article = _article("e.md", *body)
    reference = PartialDate(2024, 7)
    _fresh()
    got = _read(article, reference)
    # Each paragraph read as an article of its own tests only itself.
    alone = []
    offset = 0
    for paragraph in body:
        for m in _read(_article("e.md", paragraph), reference):
            alone.append((*m[:4], m[4] + offset, m[5]))
        offset += len(paragraph) + 2
    assert got == alone

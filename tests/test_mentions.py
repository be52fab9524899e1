"""Mentioned past events: date phrases, their resolution, titles and what is skipped."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.mentions import (
    find_date_phrases,
    find_mentions,
    key_terms,
    make_title,
    overlap_score,
    split_sentences,
)
from site_builder.model import Article, PartialDate

JULY = PartialDate(2024, 7, 28)


def article(*paragraphs: str, source: str = "a.txt") -> Article:
    return Article(source=source, slug=source, title="T", body=list(paragraphs), body_html="", content_hash="x")


def dates(sentence: str, reference: PartialDate | None = JULY) -> list[str]:
    return [p.date.iso() for p in find_date_phrases(sentence, reference)]


def mentions(text: str, reference: PartialDate | None = JULY, written: PartialDate | None = None) -> list:
    return find_mentions(article(text), reference, written)


def test_sentences_do_not_split_at_initials_or_titles() -> None:
    text = "Gen. Ana R. Costa met Mr. Lee in the U.S. capital. They spoke for an hour. Then left."
    assert [s for _, s in split_sentences(text)] == [
        "Gen. Ana R. Costa met Mr. Lee in the U.S. capital.", "They spoke for an hour.", "Then left."]


def test_month_names_resolve_to_the_latest_past_month() -> None:
    assert dates("In April, the council voted.") == ["2024-04"]
    assert dates("The plant closed in October.") == ["2023-10"]  # after July: last year's October
    assert dates("It opened in July.") == ["2024-07"]
    assert dates("It opened in March 2019.") == ["2019-03"]
    assert dates("She resigned during 2021.") == ["2021"]


def test_days_keep_day_precision_and_weekdays_fix_the_year() -> None:
    assert dates("They met on July 2.") == ["2024-07-02"]
    assert dates("They met on August 3.") == ["2023-08-03"]  # not yet August 3 in 2024
    assert dates("They met on Friday, January 13.") == ["2023-01-13"]  # a Friday in 2023
    assert dates("They met on 9 March 2022.") == ["2022-03-09"]


def test_bare_may_and_unprefixed_months_are_not_dates() -> None:
    assert dates("Officials may approve it soon.") == []
    assert dates("April Jones, the mayor, agreed.") == []


def test_habitual_spans_and_deadlines_are_not_events() -> None:
    assert dates("Every April the farmers flood the fields.") == []
    assert dates("Talks have run since March.") == []
    assert dates("The port stays shut until October.") == []
    assert dates("It must be done by January.") == []


def test_no_reference_means_no_year_less_dates() -> None:
    assert dates("In April, the council voted.", reference=None) == []
    assert dates("In April 2021, the council voted.", reference=None) == ["2021-04"]


def test_future_references_are_skipped() -> None:
    assert mentions("America will have a new leader in January.") == []
    assert mentions("The ministry plans to open the bridge in October.") == []
    assert mentions("Voters are expected to decide in November.") == []


def test_dates_after_the_article_was_written_are_skipped() -> None:
    assert mentions("The crew finished the tunnel in December 2024.", reference=JULY) == []
    # Past-tense copy may be written a few days after the date it reports.
    found = mentions("The envoy met the premier on August 2.", reference=PartialDate(2024, 7, 28),
                     written=PartialDate(2024, 8, 5))
    assert [m.date.iso() for m in found] == ["2024-08-02"]


def test_event_noun_phrase_becomes_the_title_with_the_name_not_the_role() -> None:
    (m,) = mentions("During an official visit to Brazil by the Kenyan president, Amina Odhiambo, in March, "
                    "the two governments agreed on coffee tariffs.")
    assert m.date == PartialDate(2024, 3)
    assert m.title == "Official visit to Brazil by Amina Odhiambo"


def test_clause_titles_drop_the_date_fillers_and_trailing_detail() -> None:
    (m,) = mentions("In fact, Norway signed a contract with Poland to buy 12 coastal patrol boats at a cost of "
                    "$400 million in February.")
    assert m.title == "Norway signed a contract with Poland to buy 12 coastal patrol boats"
    assert m.date == PartialDate(2024, 2)
    assert m.sentence.startswith("In fact, Norway signed")


def test_appositive_roles_and_relative_clauses_are_trimmed() -> None:
    (m,) = mentions("Chile's foreign minister, Tomás Reyes, who had just landed, met the Peruvian envoy, "
                    "Lucía Paredes, on July 3.")
    assert m.title.startswith("Tomás Reyes met")
    assert "Lucía Paredes" in m.title


def test_states_are_not_events() -> None:
    assert mentions("In 2019, the Lisbon shipyard had 300 workers.") == []
    assert mentions("In March, Ana Lima was in Oslo.") == []
    assert [m.date.iso() for m in mentions("In March, Ana Lima was elected mayor of Oslo.")] == ["2024-03"]


def test_vague_mentions_are_skipped() -> None:
    assert mentions("He left in May.") == []
    assert mentions("It happened in March.") == []
    assert mentions("They said so in April.") == []


def test_titles_for_assorted_sentence_shapes() -> None:
    titles = {m.title: m.date.iso() for m in mentions(
        "The senator, who announced her candidacy in February, has since raised $4 million. "
        "In early March, protesters blocked the main highway into the capital for three days. "
        "Back in 2019, the two countries signed a memorandum on energy cooperation. "
        "Following the election in November, the new government took office. "
        "In December, the central bank raised interest rates by half a point, its third increase in a year.")}
    assert titles == {
        "The senator announced her candidacy": "2024-02",
        "Protesters blocked the main highway into the capital for three days": "2024-03",
        "The two countries signed a memorandum on energy cooperation": "2019",
        "The new government took office": "2023-11",
        "The central bank raised interest rates by half a point": "2023-12",
    }


def test_only_the_first_dated_event_of_a_sentence_counts() -> None:
    found = mentions("In March, Ghana signed the accord it had drafted in January.")
    assert [m.date.iso() for m in found] == ["2024-03"]


def test_key_terms_weigh_names_and_numbers_and_ignore_years() -> None:
    terms = key_terms("In 2023 Japan agreed to buy 400 Tomahawk missiles, officials said.")
    assert terms["tomahawk"] == 2 and terms["400"] == 2 and terms["missile"] == 1
    assert "2023" not in terms and "said" not in terms and "officials" not in terms


def test_synonyms_fold_so_meetings_and_talks_match() -> None:
    a = key_terms("the Lisbon talks on fisheries")
    b = key_terms("the meeting in Lisbon about fisheries")
    assert overlap_score(a, b) == 2 + 1 + 1  # Lisbon (a name), meet, fishery


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["In April", " May", " on July 28", " in 2021", " every March", " Friday, ",
                                  " January 13", " signed", " Japan", " will", " the", ", ", ". ", " He", " 400",
                                  " visit by the prime minister, Ana Lima,", " in December", " met"]),
                max_size=25).map("".join))
def test_phrase_finder_never_crashes_and_never_dates_the_future(text: str) -> None:
    for phrase in find_date_phrases(text, JULY):
        assert text[phrase.start : phrase.end]
    for m in mentions(text):
        assert m.date.to_date() <= dt.date(2024, 8, 11)  # the reference plus the writing grace
        assert m.title and m.sentence


def test_make_title_refuses_pronoun_subjects() -> None:
    sentence = "She visited Oslo in June."
    (phrase,) = find_date_phrases(sentence, JULY)
    assert make_title(sentence, phrase) is None


def test_a_date_inside_a_quotation_is_not_an_event() -> None:
    quoted = article('"What was a drawing on a table in 2021 is now a contract," the minister said.')
    told = article("In 2021 the two ministers commissioned a feasibility study for the pipeline.")
    assert find_mentions(quoted, PartialDate(2024, 5, 16)) == []
    assert [m.date for m in find_mentions(told, PartialDate(2024, 5, 16))] == [PartialDate(2021)]


_DATEISH = st.lists(st.sampled_from(["In ", "in ", "during ", "May ", "MARCH ", "March", "early ", "Thursday, ",
                                     "the ", "5th ", "of ", "2019", "1999-", "June 3, ", "last ", "Sept. ", ",",
                                     ".", " ", "\x1c", "back in ", "Mid-", "said"]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(_DATEISH)
def test_lowered_patterns_find_what_the_case_insensitive_ones_find(text: str) -> None:
    from site_builder.analyze import mentions as m

    assert [(x.span(), x.group().lower()) for x in m._anchors(text)] == \
        [(x.span(), x.group().lower()) for x in m._ANCHOR.finditer(text)]
    for plain, lowered in zip(m._DATE_PATTERNS, m._DATE_PATTERNS_LOWERED, strict=True):
        expected = [(x.span(), {k: (v or "").lower() for k, v in x.groupdict().items()}) for x in plain.finditer(text)]
        found = [(x.span(), {k: v or "" for k, v in x.groupdict().items()}) for x in lowered.finditer(text.lower())]
        assert found == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["The ", "Fed ", "fed ", "Reyes's ", "$5 million ", "2024 ", "400 ", "talks. ",
                                 "Talks, ", "signed ", "Summit ", "of ", "a ", "May ", "x. "]),
                max_size=10).map("".join))
def test_key_terms_match_the_token_by_token_definition(text: str) -> None:
    from site_builder.analyze import mentions as m

    expected: dict[str, int] = {}
    for i, raw in enumerate(m._WORD.findall(text)):
        raw = raw.rstrip(".,")
        found = m._term(raw) if raw else None
        if found is None:
            continue
        term, weight = found
        if i == 0 and weight == 2 and not raw[0].isdigit() and raw[0] != "$":
            term, weight = m.normalise(raw), 1
            if term in m._STOP:
                continue
        if weight > expected.get(term, 0):
            expected[term] = weight
    assert list(key_terms(text).items()) == list(expected.items())

"""Date finding and resolution: absolute formats, weekday inference, relative days, month mentions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest.dates import (
    DateContext,
    find_dates,
    find_month_mentions,
    find_relative_days,
    infer_event_date,
    looks_like_preview,
    parse_date_line,
    parse_date_value,
    shared_weekday_years,
)
from site_builder.model import DatedValue, PartialDate

TODAY = dt.date(2026, 11, 22)


def iso(found: list) -> list[str]:
    return [f.date.iso() for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("November 26, 2024", "2024-11-26"),
    ("Nov. 26, 2024", "2024-11-26"),
    ("26 Nov 2024", "2024-11-26"),
    ("Tue 26 Nov 2024 10.32 GMT", "2024-11-26"),
    ("the 26th of November, 2024", "2024-11-26"),
    ("2024-11-26", "2024-11-26"),
    ("2024-11-26T10:00:00Z", "2024-11-26"),
    ("11/26/2024", "2024-11-26"),
    ("26/11/2024", "2024-11-26"),
    ("26.11.2024", "2024-11-26"),
    ("NOVEMBER 26, 2024", "2024-11-26"),
    ("26-Nov-2024", "2024-11-26"),
    ("Nov-26-2024", "2024-11-26"),
    ("2024.11.26", "2024-11-26"),
    ("Tuesday, 26th November, 2024", "2024-11-26"),
    ("November 26th, 2024", "2024-11-26"),
])
def test_absolute_formats(text: str, expected: str) -> None:
    assert iso(find_dates(text)) == [expected]


def test_month_and_weekday_names_must_look_like_names() -> None:
    assert find_dates("they may 5 times ask", reference_year=2024) == []
    assert find_dates("Sun 5 stars") == []


def test_day_first_files_read_ambiguous_numbers_day_first() -> None:
    ctx = DateContext(day_first=True)
    assert iso(find_dates("03/04/2024", context=ctx)) == ["2024-04-03"]
    assert iso(find_dates("03/04/2024", context=DateContext())) == ["2024-03-04"]


def test_weekday_implies_year() -> None:
    ctx = DateContext(today=TODAY)
    found = find_dates("On Wednesday, January 11, officials met.", context=ctx)
    assert iso(found) == ["2023-01-11"] and found[0].how == "weekday inference"


def test_weekday_narrowed_by_years_the_file_mentions() -> None:
    ctx = DateContext(year_hint=2016, today=TODAY)
    assert iso(find_dates("Wednesday, January 11", context=ctx)) == ["2017-01-11"]


def test_weekday_dates_in_one_file_must_agree() -> None:
    years = shared_weekday_years("Monday, March 6 … Thursday, March 9 … Friday, January 13", TODAY)
    assert years is not None and 2023 in years and 2017 in years
    assert all(dt.date(y, 3, 6).weekday() == 0 and dt.date(y, 1, 13).weekday() == 4 for y in years)
    assert shared_weekday_years("Monday, March 6 and Monday, March 7", TODAY) is None


def test_weekday_near_published_year() -> None:
    ctx = DateContext(reference=PartialDate(2023, 1, 15), today=TODAY)
    assert iso(find_dates("Wednesday, January 11", context=ctx)) == ["2023-01-11"]


def test_no_year_and_no_reference_means_no_date() -> None:
    assert find_dates("On July 28, officials met.") == []


def test_month_day_takes_reference_year_before_reference() -> None:
    ctx = DateContext(reference=PartialDate(2024, 11, 26))
    assert iso(find_dates("On July 28, officials met.", context=ctx)) == ["2024-07-28"]
    ctx = DateContext(reference=PartialDate(2025, 1, 5))
    assert iso(find_dates("On December 28, officials met.", context=ctx)) == ["2024-12-28"]
    assert iso(find_dates("Officials will meet on January 20.", context=ctx)) == ["2025-01-20"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials met on Sunday.", "2024-07-28"),
    ("Officials met Sunday in Tokyo.", "2024-07-28"),
    ("Officials met last Monday.", "2024-07-22"),
    ("They will meet on Friday.", "2024-08-02"),
    ("They meet next Monday.", "2024-08-05"),
    ("Officials said yesterday that the talks had ended.", "2024-07-28"),
    ("The ministry said today that talks would go on.", "2024-07-29"),
])
def test_relative_days_against_published(text: str, expected: str) -> None:
    published = dt.date(2024, 7, 29)  # a Monday
    assert iso(find_relative_days(text, published))[:1] == [expected]


def test_relative_days_skip_weekdays_inside_absolute_dates() -> None:
    assert find_relative_days("On Wednesday, January 11, 2023, they met.", dt.date(2023, 1, 12)) == []


def test_preview_resolves_forward() -> None:
    assert iso(find_relative_days("Leaders gather on Sunday.", dt.date(2024, 7, 24), future=True)) == ["2024-07-28"]


@pytest.mark.parametrize(("line", "expected", "updated"), [
    ("November 26, 2024", "2024-11-26", False),
    ("Updated: Nov. 26, 2024 3:45 p.m. ET", "2024-11-26", True),
    ("Published 11/26/2024", "2024-11-26", False),
    ("Published 11/26/24", "2024-11-26", False),
    ("Tue 26 Nov 2024 10.32 GMT", "2024-11-26", False),
    ("Posted on 2024-11-26T08:00:00Z", "2024-11-26", False),
    ("Last updated March 2024", "2024-03", True),
    ("Nov 26, 2024 | 5 min read", "2024-11-26", False),
])
def test_date_lines(line: str, expected: str, updated: bool) -> None:
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.date.iso() == expected and parsed.updated is updated


@pytest.mark.parametrize("line", [
    "On July 28, officials from the United States and Japan met in Tokyo.",
    "US and Japan strengthen their relationship against China",
    "The 2+2 dialogue",
    "Wednesday",
])
def test_sentences_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_month_mentions_resolve_against_reference() -> None:
    ref = PartialDate(2024, 7, 28)
    text = ("During a state visit in April, the leaders announced upgrades. In January, Japan signed a deal. "
            "America will have a new leader in January. Prices rose last month and earlier this year, "
            "and will rise again next year. The plan dates from March 2019.")
    found = {(m.text, m.date.iso(), m.future) for m in find_month_mentions(text, ref)}
    assert ("in April", "2024-04", False) in found
    assert ("In January", "2024-01", False) in found
    assert ("in January", "2025-01", True) in found
    assert ("last month", "2024-06", False) in found
    assert ("earlier this year", "2024", False) in found
    assert ("next year", "2025", True) in found
    assert ("from March 2019", "2019-03", False) in found
    visit = find_month_mentions("During a state visit by the prime minister, in April, leaders met.", ref)
    assert [(m.date.iso(), m.future) for m in visit] == [("2024-04", False)]


def test_month_mentions_need_a_preposition_or_year() -> None:
    ref = PartialDate(2024, 7, 28)
    assert find_month_mentions("April Ryan said she may run.", ref) == []


def test_preview_heuristic() -> None:
    assert looks_like_preview("Leaders to meet on Friday ahead of summit", "The leaders will meet on Friday.")
    assert looks_like_preview("", "Ministers are expected to sign the deal on Sunday, officials said.")
    assert not looks_like_preview("Ministers met on Sunday", "Ministers met on Sunday and signed a deal.")
    assert looks_like_preview("Council to vote on budget", "The council votes on Thursday on the spending plan.")
    assert not looks_like_preview("Officials met to sign deal", "Officials signed the deal on Monday.")
    assert looks_like_preview("Bank expected to lift rates on Wednesday", "Economists expect a quarter-point rise.")
    assert not looks_like_preview("Bank lifts rates", "The bank raised rates on Wednesday and said it did not "
                                  "expect to raise them again.")
    assert looks_like_preview("", "Leaders will meet on Friday to settle how much each may draw from the shared basin.")
    assert not looks_like_preview("Minister defends budget", "The minister defended her budget on Thursday against "
                                  "critics who cited optimistic growth forecasts.")
    assert not looks_like_preview("Officials convene", "Officials convened on Sunday to announce steps that will "
                                  "include joint forces.")


def test_event_date_prefers_on_date_over_published() -> None:
    published = DatedValue(PartialDate(2024, 11, 26), "dateline")
    event, preview, _ = infer_event_date("Talks in Tokyo", ["On July 28, officials met in Tokyo."], published,
                                         today=TODAY)
    assert event is not None and event.date.iso() == "2024-07-28" and not preview


def test_a_date_the_story_is_measured_from_is_not_its_event() -> None:
    published = DatedValue(PartialDate(2025, 6, 10), "front matter")
    event, _, _ = infer_event_date("Quota row", ["Three months after the March 3 signing of the accord, officials "
                                                 "are at odds."], published, today=TODAY)
    assert event is None
    event, _, _ = infer_event_date("Talks", ["Since January 5, talks have stalled; on March 3 they resumed."],
                                   published, today=TODAY)
    assert event is not None and event.date.iso() == "2025-03-03"


def test_event_date_never_invented() -> None:
    event, _, _ = infer_event_date("Officials met", ["On Sunday, officials met in Tokyo."], None, today=TODAY)
    assert event is None


def test_event_date_for_preview_is_ahead() -> None:
    published = DatedValue(PartialDate(2024, 3, 11), "dateline")
    event, preview, _ = infer_event_date("Leaders to meet on Friday", ["Leaders will meet on Friday in Vienna."],
                                         published, today=TODAY)
    assert preview and event is not None and event.date.iso() == "2024-03-15"
    assert event.source == "relative to published"


def test_parse_date_value() -> None:
    assert parse_date_value("2024-07") == PartialDate(2024, 7)
    assert parse_date_value("2024-07-28T10:00:00") == PartialDate(2024, 7, 28)
    assert parse_date_value("July 28, 2024") == PartialDate(2024, 7, 28)
    assert parse_date_value(dt.date(2024, 7, 28)) == PartialDate(2024, 7, 28)
    with pytest.raises(ValueError):
        parse_date_value("sometime soon")


@settings(deadline=None)
@given(st.text(max_size=300))
def test_date_functions_never_crash(text: str) -> None:
    ref = PartialDate(2024, 7, 28)
    find_dates(text, reference_year=2024)
    find_relative_days(text, dt.date(2024, 7, 28))
    find_month_mentions(text, ref)
    parse_date_line(text[:90])
    infer_event_date(text[:40], [text], DatedValue(ref, "dateline"))


@settings(deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_formatted_dates_round_trip(date: dt.date) -> None:
    for fmt in ("%B %d, %Y", "%d %b %Y", "%Y-%m-%d", "%A, %B %d, %Y"):
        assert iso(find_dates(date.strftime(fmt))) == [date.isoformat()]


def test_calendar_edges_do_not_crash() -> None:
    assert find_relative_days("It ends tomorrow.", dt.date(9999, 12, 31)) == []
    assert find_relative_days("It began yesterday.", dt.date(1, 1, 1)) == []
    edge = DatedValue(PartialDate(9999, 12, 31), "front matter")
    infer_event_date("Next year", ["It will end tomorrow, next Monday or next year."], edge, today=TODAY)
    find_month_mentions("next month and next year", PartialDate(9999, 12))


def test_an_ambiguous_numeric_date_line_is_read_only_with_evidence_of_the_order() -> None:
    from site_builder.ingest.dates import file_context

    assert parse_date_line("Posted: 04/09/2023") is None  # 9 April or 4 September: no guess
    month_name_first = file_context("Updated April 3, 2023 at 9:59 pm", None)
    european = file_context("Officials met on 3 April in Lyon.", None)
    assert parse_date_line("Posted: 04/09/2023", month_name_first) is None  # such pages mix orders
    assert parse_date_line("Posted: 04/09/2023", european).date == PartialDate(2023, 9, 4)
    # One reading only: a day over 12, the same number twice, ISO order.
    assert parse_date_line("Published: 11/26/2024").date == PartialDate(2024, 11, 26)
    assert parse_date_line("Published: 26/11/2024").date == PartialDate(2024, 11, 26)
    assert parse_date_line("12/12/2024").date == PartialDate(2024, 12, 12)
    assert parse_date_line("2024-07-08").date == PartialDate(2024, 7, 8)

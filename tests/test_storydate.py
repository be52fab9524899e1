"""Story dates: weighted consensus of members' own event dates, with warnings on conflicts."""

from __future__ import annotations

from site_builder.analyze.storydate import apply_story_date, consensus
from site_builder.model import Article, DatedValue, PartialDate


def art(source: str, date: str | None, how: str = "explicit", preview: bool = False) -> Article:
    return Article(source=source, slug=source, title=source, body=["x"], body_html="", content_hash=source,
                   is_preview=preview, event_date=DatedValue(PartialDate.parse_iso(date), how) if date else None)


def test_no_dates_no_story_date() -> None:
    assert consensus([art("a", None), art("b", None)]) == (None, [])


def test_explicit_date_beats_weekday_inference() -> None:
    date, warnings = consensus([art("a", "2024-07-28", "explicit"), art("b", "2024-07-21", "relative to published")])
    assert date is not None and date.date.iso() == "2024-07-28"
    assert len(warnings) == 1 and warnings[0].startswith("b ") and "2024-07-21" in warnings[0]


def test_report_beats_preview() -> None:
    date, warnings = consensus([art("p", "2023-05-23", preview=True), art("r", "2023-05-24")])
    assert date is not None and date.date.iso() == "2023-05-24"
    assert "preview" in warnings[0]


def test_precision_is_kept_when_coarser_dates_agree() -> None:
    date, warnings = consensus([art("a", "2024-07"), art("b", "2024-07-28", "reference year"), art("c", "2024")])
    assert date is not None and date.date.iso() == "2024-07-28"
    assert warnings == []


def test_falls_back_to_month_when_days_split() -> None:
    date, warnings = consensus([art("a", "2024-07-10"), art("b", "2024-07-20")])
    assert date is not None and date.date.iso() == "2024-07"
    assert len(warnings) == 1 and "a says 2024-07-10" in warnings[0] and "b says 2024-07-20" in warnings[0]


def test_no_majority_gives_no_date_and_one_warning() -> None:
    date, warnings = consensus([art("a", "2021-03-01"), art("b", "2024-05-01")])
    assert date is None
    assert len(warnings) == 1 and "a says 2021-03-01" in warnings[0]


def test_borrowed_story_dates_do_not_vote() -> None:
    date, _ = consensus([art("a", "2024-07-28"), art("b", "2020-01-01", "story")])
    assert date is not None and date.date.iso() == "2024-07-28"


def test_members_without_dates_take_the_story_date() -> None:
    members = [art("a", "2024-07-28"), art("b", None)]
    date, _ = consensus(members)
    apply_story_date(members, date)
    assert members[1].event_date == DatedValue(PartialDate(2024, 7, 28), "story")
    assert members[0].event_date.source == "explicit"

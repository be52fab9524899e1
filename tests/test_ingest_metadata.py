"""Header roles: headline, dek, byline, date line and brand line; outlets from solid signals only."""

from __future__ import annotations

import pytest

from site_builder.ingest import outlets, parse_text
from site_builder.ingest.furniture import NAV_CATEGORIES, clean_lines
from site_builder.ingest.metadata import as_person_name, credit_authors, parse_byline, parse_header
from site_builder.model import SiteConfig

LEDE = ("Thousands of workers at three copper mines walked off the job on Tuesday, demanding that operators "
        "share water from a mountain reservoir with farming towns downstream.")


def header_of(text: str):
    cleaned = clean_lines(text)
    return parse_header(cleaned.lines, cleaned.repeated)


@pytest.mark.parametrize(("line", "authors"), [
    ("By: Benjamin  He", ["Benjamin He"]),
    ("By:\u00a0Benjamin\u00a0 He", ["Benjamin He"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("BY JANE O’NEILL", ["Jane O’Neill"]),
    ("Benjamin He | Reporter", ["Benjamin He"]),
    ("Written by Kim Lee", ["Kim Lee"]),
    ("Jane Doe, Staff Writer", ["Jane Doe"]),
    ("By Ana María García, Maria Lopez and J. R. Smith", ["Ana María García", "Maria Lopez", "J. R. Smith"]),
    ("Posted on 14 February 2023 by Sam Carter", ["Sam Carter"]),
    ("November 26, 2024 | By Jane Doe", ["Jane Doe"]),
    ("By JANE DOE Associated Press", ["Jane Doe"]),
])
def test_bylines(line: str, authors: list[str]) -> None:
    byline = parse_byline(line)
    assert byline is not None and byline.authors == authors


@pytest.mark.parametrize("line", [
    "By the time officials met, the deal was done", "By Land and Sea", "Japan, US Agree to Talks",
    "By Sunday, the two sides had agreed", "Staff Writer", "World News",
])
def test_not_bylines(line: str) -> None:
    byline = parse_byline(line)
    assert byline is None or not byline.authors


def test_bylines_without_a_person() -> None:
    posted = parse_byline("Posted by admin on November 26, 2024")
    assert posted is not None and posted.authors == [] and posted.date is not None
    assert posted.date.date.iso() == "2024-11-26"
    staff = parse_byline("By Staff Reporter")
    assert staff is not None and staff.authors == []


def test_byline_outlet_and_date() -> None:
    byline = parse_byline("By Jane Doe, The Daily Planet | Nov. 26, 2024")
    assert byline is not None and byline.outlet == "The Daily Planet"
    assert byline.date is not None and byline.date.date.iso() == "2024-11-26"
    wire = parse_byline("By REUTERS")
    assert wire is not None and wire.outlet == "Reuters" and wire.authors == []


def test_person_names() -> None:
    assert as_person_name("BENJAMIN HE") == "Benjamin He"
    assert as_person_name("Ludwig van Beethoven") == "Ludwig van Beethoven"
    assert as_person_name("Asia Pacific") is None
    assert as_person_name("the minister") is None
    assert credit_authors("Reporting by Kiyoshi Tanaka in Tokyo; Editing by Ed Davies") == ["Kiyoshi Tanaka"]


def test_repeated_headline_preferred_over_labels_and_brand_line() -> None:
    header = header_of("\n\n".join(["November 26, 2024", "Bridge talks collapse in Vienna", "News The Journal 2024",
                                     "Bridge talks collapse in Vienna", "By: Benjamin  He", LEDE]))
    assert header.title == "Bridge talks collapse in Vienna"
    assert header.author == "Benjamin He"
    assert header.outlet == "The Journal"
    assert header.published is not None and header.published.date.iso() == "2024-11-26"


def test_category_label_is_not_the_title() -> None:
    header = header_of("World\nCopper miners strike over water rights\n" + LEDE)
    assert header.title == "Copper miners strike over water rights"


def test_tagline_above_headline_loses_to_headline_sharing_words_with_lede() -> None:
    header = header_of("Independent analysis for busy professionals\n\nCopper miners strike over water\n\n"
                       "By Maria Lopez\n\n" + LEDE)
    assert header.title == "Copper miners strike over water"


def test_dek_between_headline_and_variant_or_byline() -> None:
    dek = "A promo description of the article. It explains what readers will find inside this piece."
    header = header_of("\n".join(["Copper strike spreads to third mine", dek, "Copper Strike Spreads To Third Mine",
                                  LEDE]))
    assert header.dek == dek
    header = header_of("\n".join(["Copper strike spreads", "Workers want a share of the reservoir water",
                                  "By Maria Lopez", LEDE]))
    assert header.dek == "Workers want a share of the reservoir water"


def test_lede_is_never_the_dek() -> None:
    header = header_of("Copper strike spreads\n" + LEDE + "\n" + LEDE.replace("Tuesday", "Wednesday"))
    assert header.dek is None


def test_bare_name_beside_date_is_author() -> None:
    header = header_of("Copper strike spreads\nMaria Lopez\nMarch 5, 2025\n" + LEDE)
    assert header.author == "Maria Lopez"


def test_update_stamp_is_not_the_published_date() -> None:
    header = header_of("Copper strike spreads\nUpdated: Sept. 9, 2022 3:45 p.m. ET\nPublished Sept. 8, 2022\n" + LEDE)
    assert header.published is not None and header.published.date.iso() == "2022-09-08"
    assert header.updated is not None and header.updated.date.iso() == "2022-09-09"


@pytest.mark.parametrize(("function", "line", "expected"), [
    (outlets.from_copyright, "© 2024 The Daily Planet. All rights reserved.", "The Daily Planet"),
    (outlets.from_copyright, "Copyright © The Harbour Herald 2021 | Privacy", "The Harbour Herald"),
    (outlets.from_source_line, "Source: Reuters", "Reuters"),
    (outlets.from_wire_dateline, "TOKYO (Reuters) - Japan said on Monday…", "Reuters"),
    (outlets.from_wire_dateline, "KYIV, Ukraine (AP) — Residents began…", "Associated Press"),
    (outlets.from_origin, "This article originally appeared in The Conversation.", "The Conversation"),
])
def test_outlet_signals(function, line: str, expected: str) -> None:
    assert function(line) == expected


def test_weak_outlet_signals_are_ignored() -> None:
    assert outlets.from_brand_line("The Fall of Kabul", NAV_CATEGORIES) is None
    assert outlets.from_brand_line("News The Journal 2024", NAV_CATEGORIES) == "The Journal"
    assert outlets.from_wire_dateline("WASHINGTON (Update 2) - …") is None
    assert outlets.clean_outlet("officials said") is None


def test_capitals_label_above_headline_is_dropped() -> None:
    header = header_of("WORLD BRIEFS\nQuake injures four in the north\n" + LEDE)
    assert header.title == "Quake injures four in the north"


def test_site_tagline_names_the_outlet_and_is_not_the_title() -> None:
    header = header_of("Ocean Notes — a blog about the sea\nMenu\n\nWhat the copper strike means for water\n\n" + LEDE)
    assert header.title == "What the copper strike means for water"
    assert header.outlet == "Ocean Notes"


def test_a_may_date_line_is_a_date_not_chrome() -> None:
    header = header_of("May 24, 2023\nCopper strike spreads to third mine\n" + LEDE)
    assert header.published is not None and header.published.date.iso() == "2023-05-24"


def test_key_points_after_the_headline_are_story() -> None:
    cleaned = clean_lines("Storm closes ports\nKey points\n- Ferries cancelled\n- Red warning\n" + LEDE)
    header = parse_header(cleaned.lines, cleaned.repeated)
    kept = [line for i, line in enumerate(cleaned.lines) if i not in header.consumed]
    assert "- Ferries cancelled" in kept and "- Red warning" in kept


def test_masthead_with_motto_and_capitals_name() -> None:
    header = header_of("THE MILLBROOK GAZETTE\nServing Millbrook since 1892\nLOCAL\n"
                       "Library reopens after flood repairs\nPosted Thursday, October 3, 2024 10:15 am\n"
                       "By Dana Whitfield\n" + LEDE)
    assert header.title == "Library reopens after flood repairs"
    assert header.outlet == "The Millbrook Gazette"
    assert header.author == "Dana Whitfield"
    assert header.published is not None and header.published.date.iso() == "2024-10-03"


@pytest.mark.parametrize("line", ["Serving Millbrook since 1892", "Est. 1892", "Founded in 1901",
                                  "Your source for local news"])
def test_mottos(line: str) -> None:
    assert outlets.is_motto(line)


@pytest.mark.parametrize("line", ["Worst flood since 1998 hits the valley", "Serving soldiers face new rules"])
def test_headlines_are_not_mottos(line: str) -> None:
    assert not outlets.is_motto(line)


@pytest.mark.parametrize("line", [
    "Samuel Guze, the chief executive, stated the defence would appeal.",
    "Mira Tal, the foreign minister, told reporters on Monday that the talks would resume.",
    "Ken Abe, a defence ministry spokesman, said the drills were routine!",
])
def test_a_lead_sentence_that_opens_with_a_name_and_role_is_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize("line", [
    "Jane Doe, Staff Writer.", "Jane Doe, senior correspondent in Tokyo.", "Jane Doe | Reporter | The Daily Planet",
])
def test_bylines_ending_in_a_full_stop_still_read(line: str) -> None:
    byline = parse_byline(line)
    assert byline is not None and byline.authors == ["Jane Doe"]


def test_a_quoted_lead_sentence_stays_in_the_body_and_is_not_the_author() -> None:
    text = ("Harbour Firm Loses Appeal Over Dock Contract\n"
            "Samuel Guze, the chief executive, stated the defence would appeal.\n"
            "The regional court in Port Velmora on Tuesday rejected the harbour operator's appeal against the "
            "award of the dock contract to a rival bidder, ending a two-year dispute.\n"
            "The operator has 30 days to take the case to the supreme court.\n")
    article, _ = parse_text(text, "harbour.txt", SiteConfig())
    assert article is not None
    assert article.author != "Samuel Guze"
    assert any(p.startswith("Samuel Guze, the chief executive") for p in article.body)

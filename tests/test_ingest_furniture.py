"""Furniture removal: chrome goes, every prose line stays."""

from __future__ import annotations

import pytest

from site_builder.ingest.furniture import (
    classify,
    clean_lines,
    hashtags_of,
    is_category_label,
    is_nav_row,
    unwrap,
)
from site_builder.ingest.sentences import is_prose, normalise_line, split_sentences

STORY = (
    "The council voted on Tuesday to close the old bridge to heavy lorries, citing cracks found during an "
    "inspection in the spring."
)


@pytest.mark.parametrize("line", [
    "Share", "Back To Top", "Leave a comment", "Share This Post On", "0", "12 Comments", "1.2K shares",
    "5 min read", "Advertisement", "Story continues below advertisement", "Facebook Twitter LinkedIn Email",
    "You need to login to leave a comment. Log-in", "Read more: Bridge repairs to cost millions",
    "RELATED: Why the ferry fares went up", "Photo: Jane Smith/Getty Images",
    "© 2024 The Daily Planet. All rights reserved.", "Copyright 2019 The Associated Press",
    "Sign up for our morning newsletter and get the news in your inbox.",
    "We use cookies to give you the best experience. By continuing you agree to our cookie policy.",
    "Skip to main content", "https://example.com/news/123", "Updated 2 hours ago", "10:42 AM",
    "Home > World > Asia", "News World Business Sport Culture Travel", "FOR IMMEDIATE RELEASE",
])
def test_furniture_lines_are_classified(line: str) -> None:
    assert classify(normalise_line(line)) is not None


@pytest.mark.parametrize("line", [
    STORY,
    "He declined to comment.",
    "More than 300 people were evacuated from the valley overnight.",
    "“We will not back down,” she said.",
    "Share prices fell 4% after the announcement, the exchange said.",
    "Read the full statement below, the ministry said in a post that was later deleted.",
    "What happens next",
    "The photo shows the minister leaving the building after the meeting ended late on Friday.",
])
def test_story_lines_are_kept(line: str) -> None:
    assert classify(normalise_line(line)) is None


def test_hashtag_rows_become_tags_and_nav_rows_do_not() -> None:
    assert hashtags_of("#Japan #Strengthen #Military #Ties") == ["Japan", "Strengthen", "Military", "Ties"]
    assert hashtags_of("#TrendingNews Blog Business Entertainment Environment Health") is None
    assert is_nav_row("#TrendingNews Blog Business Entertainment Environment Health Lifestyle News World News")
    assert not is_nav_row("Japan Approves Record Defense Budget Amid China Tensions")
    assert is_category_label("World")
    assert is_category_label("ASIA PACIFIC")
    assert not is_category_label("Storm Helga")


def test_clean_lines_keeps_story_and_collects_tags() -> None:
    text = "\n".join([
        "Menu", "World", "Bridge closed to lorries", "", STORY, "", "Advertisement", "",
        "Engineers will return next month.", "", "#Bridges #Transport", "Share", "Back to top",
    ])
    cleaned = clean_lines(text)
    kept = [line for line in cleaned.lines if line]
    assert STORY in kept and "Engineers will return next month." in kept
    assert "Advertisement" not in kept and "Share" not in kept and "Back to top" not in kept
    assert cleaned.hashtags == ["Bridges", "Transport"]


def test_related_block_runs_until_prose() -> None:
    text = "\n".join([
        "Headline here", STORY, "Related stories", "Ferry fares rise again", "Council delays bike lanes",
        "Officials said the closure would last at least a year while repairs are designed and funded.",
    ])
    kept = [line for line in clean_lines(text).lines if line]
    assert "Ferry fares rise again" not in kept and "Council delays bike lanes" not in kept
    assert kept[-1].startswith("Officials said")


def test_footer_chrome_dropped_and_credit_becomes_author_hint() -> None:
    text = "\n".join([STORY, "", "(Reporting by Ana Ruiz in Lima; Editing by Tom Reed)", "Privacy Policy",
                      "Posted in Politics, Transport", "About Us"])
    cleaned = clean_lines(text)
    assert [line for line in cleaned.lines if line] == [STORY]
    assert cleaned.author_hints and "Ana Ruiz" in cleaned.author_hints[0]
    assert cleaned.tags == ["Politics", "Transport"]


def test_copyright_line_and_its_wrapped_continuation_go_and_leave_an_outlet() -> None:
    text = (f"{STORY}\n\nCopyright 2019 The Riverside Gazette. All rights reserved. This material\n"
            "may not be republished.")
    cleaned = clean_lines(text)
    assert [line for line in cleaned.lines if line] == [STORY]
    assert cleaned.outlet_hints == ["The Riverside Gazette"]


def test_repeated_short_lines_dropped_below_the_top() -> None:
    body = [STORY.replace("Tuesday", day) for day in ("Monday", "Wednesday", "Thursday", "Friday")]
    text = "\n".join(["Budget passes", "Budget passes", STORY, "Print", *body, "Key figures", STORY, "Key figures"])
    cleaned = clean_lines(text)
    assert cleaned.lines.count("Budget passes") == 2  # top copies stay for metadata to pick the headline
    assert "budget passes" in cleaned.repeated
    assert "Print" not in cleaned.lines and "Key figures" not in cleaned.lines


def test_normalise_fixes_odd_spaces() -> None:
    assert normalise_line("By:\u00a0Benjamin\u00a0 He\u200b ") == "By: Benjamin He"
    assert normalise_line("\tTabs\tand  doubles ") == "Tabs and doubles"


def test_prose_shape() -> None:
    assert is_prose(STORY)
    assert not is_prose("US and Japan strengthen their relationship against China")
    assert not is_prose("November 26, 2024")
    assert split_sentences("Mr. Austin met Mr. Kihara in the U.S. capital. They agreed. Then they left.") == [
        "Mr. Austin met Mr. Kihara in the U.S. capital.", "They agreed.", "Then they left."]


def test_markdown_code_blocks_are_untouched() -> None:
    text = "Intro line that is long enough to be a sentence of prose in this test.\n\n```\nShare\n0\n```\n"
    cleaned = clean_lines(text, markdown=True)
    assert "Share" in cleaned.lines and "0" in cleaned.lines


def test_inline_photo_credit_is_cut_from_a_paragraph_but_a_caption_goes_whole() -> None:
    paragraph = ("Officials met in Tokyo on Sunday to sign the agreement. The deal covers missiles and radar "
                 "systems for the next decade.")
    text = f"{paragraph} (Photo: Jane Smith/Reuters)\nOfficials arrive at the ministry. (AP Photo/Eugene Kim)"
    assert [line for line in clean_lines(text).lines if line] == [paragraph]


def test_an_editor_credit_is_not_an_author_hint() -> None:
    cleaned = clean_lines(f"{STORY}\nEditing by Tom Reed")
    assert cleaned.author_hints == [] and "Editing by Tom Reed" in cleaned.removed


@pytest.mark.parametrize("line", [
    "Listen to this story. Enjoy more audio and podcasts on iOS or Android.",
    "Last updated: 2 days ago", "Image source, Getty Images", "Continue reading the main story",
    "This article is more than 2 years old",
])
def test_more_furniture(line: str) -> None:
    assert classify(normalise_line(line)) is not None


def test_comment_section_after_the_story_is_cut_even_when_it_is_prose() -> None:
    comment = "I have lived here forty years and nobody ever asked us what we wanted for this bridge."
    text = "\n".join([STORY, STORY.replace("Tuesday", "Monday"), "3 thoughts on “Bridge closed”", "Mark_T",
                      comment, "Reply"])
    kept = [line for line in clean_lines(text).lines if line]
    assert kept == [STORY, STORY.replace("Tuesday", "Monday")]


def test_story_sentences_that_mention_chrome_words_stay() -> None:
    for line in [
        "The authority said that websites would stop using cookies that track your browsing, after a complaint.",
        "A photo by a local resident, shared widely online, showed queues at the harbour.",
        "Registered voters must follow the new rules, the commission said on Monday.",
        "You have to understand, she said, that the share of renters has doubled.",
    ]:
        assert classify(normalise_line(line)) is None, line


def test_markdown_keeps_short_closing_lines() -> None:
    text = f"{STORY}\n\n- Quieter trains\n- Faster stops\n"
    assert "- Quieter trains" in clean_lines(text, markdown=True).lines
    assert "- Quieter trains" not in clean_lines(text).lines


def test_unwrap_joins_wrapped_paragraphs_only() -> None:
    lines = ["A long headline about the valley night bus service and its return",
             "By Ines Duarte",
             "",
             "The regional transport board on Wednesday restored night buses to four valley",
             "towns, two years after the service was cut to save money during the pandemic.",
             "",
             "- Route N1: Alba to the central station",
             "- Route N2: Corvo and Pinhal via the hospital"]
    out, _ = unwrap(lines, [False] * len(lines))
    assert out[:2] == lines[:2]
    assert out[3].startswith("The regional transport board") and out[3].endswith("pandemic.")
    assert out[-2:] == lines[-2:]

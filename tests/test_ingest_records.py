"""Whole files → Article records: the sample corpus, messy fixtures of many layouts, and fuzzing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.ingest import load_articles, parse_text
from site_builder.ingest.decode import BinaryFile, decode
from site_builder.ingest.sentences import normalise_line, split_sentences
from site_builder.model import Article, SiteConfig
from tests.conftest import CONTENT, FIXTURES

RAW = FIXTURES / "raw"
CONFIG = SiteConfig()


def load(path: Path) -> Article:
    text, _ = decode(path.read_bytes(), path.name)
    article, problems = parse_text(text, path.name, CONFIG)
    assert article is not None, [p.format() for p in problems]
    return article


def sample(prefix: str) -> Article:
    (path,) = sorted(CONTENT.glob(f"{prefix}_*"))
    return load(path)


def flat(text: str) -> str:
    return " ".join(normalise_line(text).split())


def date(value) -> str | None:
    return value.date.iso() if value else None


# ----------------------------------------------------------------------------- the sample corpus

def test_sample_titles_as_printed() -> None:
    assert sample("000").title == "On Sunday, U.S. and Japanese Officials Met to Strengthen Military Ties"
    assert sample("001").title == "US-Japanese Military Bond Discussed Over 2+2 Dialogue in Tokyo"
    assert sample("002").title == "US and Japan Strengthen Military Ties"
    assert sample("003").title == "US and Japan strengthen their relationship against China"
    assert sample("004").title == "Strengthening U.S.-Japan Military Alliance in Response to Regional Threats"


def test_sample_metadata() -> None:
    a001 = sample("001")
    assert a001.author == "Benjamin He"
    assert date(a001.published) == "2024-11-26"
    assert date(a001.event_date) == "2024-07-28"
    assert a001.event_date.source == "reference year"  # type: ignore[union-attr]  # month/day written, year borrowed
    assert sample("003").event_date.date.iso() == "2023-01-11"  # type: ignore[union-attr]
    assert sample("003").event_date.source == "weekday inference"  # type: ignore[union-attr]
    assert sample("000").published is None
    assert sample("000").event_date is None  # "On Sunday" with nothing to anchor it
    assert sample("002").tags == ["Japan", "Strengthen", "Military", "Ties"]


def test_sample_dek_is_the_promo_line_not_reporting() -> None:
    a004 = sample("004")
    assert a004.dek is not None and a004.dek.startswith("Explore the importance")
    assert not any("Amid Regional Threats" in p for p in a004.body)  # the second headline variant
    assert a004.body[0].startswith("The top diplomatic and defense officials")
    for prefix in ("000", "001", "002", "003"):
        assert sample(prefix).dek is None


FURNITURE = ["Back To Top", "Leave a comment", "You need to login", "Share This Post On", "#TrendingNews",
             "#Japan", "News The Journal 2024"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sample_furniture_is_gone(prefix: str) -> None:
    article = sample(prefix)
    everything = "\n".join([article.title, article.dek or "", *article.body])
    for phrase in FURNITURE:
        assert phrase not in everything
    assert article.body[-1] not in ("0", "Share")
    assert not any(p.strip() in ("0", "Share") for p in article.body)
    # The headline is not repeated as a body paragraph.
    assert all(p != article.title for p in article.body)


BOILERPLATE = ("rights reserved", "may not be published", "cookies", "sign up")


def story_sentences(raw: str) -> list[str]:
    """Sentences of every line that is plainly reporting: long and ending like a sentence (or very long)."""
    out = []
    for line in raw.splitlines():
        line = flat(line)
        n = len(line.split())
        if n >= 25 or (n >= 10 and re.search(r"[.!?][”\"’')]*$", line)):
            out.extend(split_sentences(line))
    return out


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.txt")) + sorted(RAW.glob("*")), ids=lambda p: p.name)
def test_every_story_sentence_survives(path: Path) -> None:
    article = load(path)
    kept = flat(" ".join([article.dek or "", *article.body]))
    sentences = story_sentences(decode(path.read_bytes(), path.name)[0])
    assert sentences
    furniture = [g.lower() for g in GONE.get(path.name, [])]
    for sentence in sentences:
        if any(b in sentence.lower() for b in (*BOILERPLATE, *furniture)):
            continue  # the fixtures' furniture that happens to be sentence-shaped
        assert sentence in kept, sentence


# ----------------------------------------------------------------------------- messy fixtures

EXPECTED = {
    "wire_copy.txt": dict(title="Peru's copper miners strike over water rights as talks stall", author="Maria Lopez",
                          outlet="Reuters", published="2025-03-05", event="2025-03-04", dek=None),
    "blog_with_nav.txt": dict(title="City council bans single-use plastic bags from next spring",
                              author="Sam Carter", published="2023-02-14", event="2023-02-12",
                              tags=["Environment", "Plastic", "CityCouncil"]),
    "newspaper_byline.txt": dict(title="School district approves four-day week for rural campuses",
                                 dek="The change, which starts in January, is meant to help schools keep teachers "
                                     "who commute long distances.",
                                 author="Priya Natarajan and Owen Fitzgerald", outlet="The Riverside Gazette",
                                 published="2022-09-08", event="2022-09-07"),
    "liveblog.txt": dict(title="Storm Helga: ferries cancelled and thousands without power", published="2024-05-18",
                         event="2024-05-18", author=None),
    "press_release.txt": dict(title="Northwind Energy Cooperative opens 40-megawatt solar farm in Harlan County",
                              outlet="Northwind Energy Cooperative", event="2021-06-03", published=None),
    "crlf_preview.txt": dict(title="Regional leaders to meet on Friday ahead of water-sharing summit",
                             author="Tomasz Nowak", published="2024-03-11", event="2024-03-15", preview=True),
    "undated_cookie.txt": dict(title="Harbour workers end three-day strike after pay deal", published=None,
                               event=None, author=None, outlet=None),
    "weekday_narrowing.txt": dict(title="Arts festival returns with record crowds", event="2023-03-06",
                                  published=None),
    "markdown_front_matter.md": dict(title="Rail operator orders 30 new hydrogen trains", author="Hannah Becker",
                                     outlet="The Transit Review", published="2023-10-02", tags=["rail", "hydrogen"]),
    "allcaps_byline_nbsp.txt": dict(title="Grid operator warns of tight winter supply", author="Jane O’Neill",
                                    published="2023-10-02", event="2023-10-02"),
    "hard_wrapped_ap.txt": dict(title="Flooded villages begin cleanup as river falls", outlet="Associated Press",
                                published=None, event=None),
    "title_suffix_comments.txt": dict(title="Ferry fares to rise 8% from April", outlet="The Harbour Herald",
                                      author="Jane Doe", dek=None),
    "lede_first_byline.txt": dict(title="Volcano alert raised as tremors intensify", dek=None,
                                  author="Ana Ruiz and Kofi Mensah"),
    "standfirst_and_place_byline.txt": dict(
        title="Tokyo and Washington agree joint command for forces in Japan", author="Justin Crane",
        dek="Move seen as most significant upgrade to alliance in decades amid worries over China",
        published="2024-11-26"),
    "updated_stamp_only.txt": dict(title="Japan and US agree to deepen defense ties", author="Maya Lin", outlet="CNN",
                                   published="2024-11-26", event="2024-11-26"),
    "name_then_outlet_line.txt": dict(title="Storm closes schools across the north", author="Jane Doe",
                                      outlet="BBC News", published=None),
    "newsletter_post.txt": dict(title="The quiet collapse of the local newspaper", author="Sam Porter",
                                dek="What we lose when nobody covers the council meeting", published="2024-11-26"),
    "wrapped_front_matter.md": dict(title="Night buses return to the valley towns", author="Ines Duarte",
                                    published="2023-05-04", event="2023-05-03", dek=None),
    "portal_with_rails.txt": dict(title="Dockworkers in three ports vote to strike over automation plans",
                                  author="Lena Fischer", published="2025-05-13", event="2025-05-13", dek=None),
    "masthead_motto.txt": dict(title="Library reopens after flood repairs", author="Dana Whitfield",
                               outlet="The Millbrook Gazette", published="2024-10-03", event="2024-10-02"),
    "pipe_nav_numeric_date.txt": dict(title="Philippines, Japan seal defense access deal", author="Ana Cruz",
                                      outlet="The Manila Courier", published=None, event=None,
                                      tags=["Philippines", "Japan", "Defense"], dek=None),
    "no_headline.txt": dict(title="The central bank held its benchmark rate at 4.5 percent on Wednesday, "
                                  "saying inflation…", published=None, event=None),
}

GONE = {
    "wire_copy.txt": ["Skip to main content", "Exclusive news", "3 min read", "Advertisement", "Reporting by",
                      "Our Standards", "Linkedin"],
    "blog_with_nav.txt": ["Home | About", "Menu", "5 Comments", "#Environment", "Share this", "Like this",
                          "Loading", "Recycling rates fall", "Leave a Reply", "Required fields"],
    "newspaper_byline.txt": ["Local News", "Advertisement", "Story continues", "Photo:", "©", "Privacy Policy"],
    "liveblog.txt": ["LIVE", "Listen to this article", "Updated 2 hours ago", "10:42 AM", "Sign up"],
    "press_release.txt": ["FOR IMMEDIATE RELEASE", "Source:", "###", "Media contact"],
    "crlf_preview.txt": ["Share This Article", "12 Comments", "\r"],
    "undated_cookie.txt": ["cookies", "Don't miss", "Back to top"],
    "weekday_narrowing.txt": ["Opinion", "Read more"],
    "markdown_front_matter.md": ["World\n"],
    "allcaps_byline_nbsp.txt": ["ENERGY", "BY JANE", "Share", "2023-10-02T"],
    "hard_wrapped_ap.txt": ["Copyright", "may not be published"],
    "title_suffix_comments.txt": ["| The Harbour", "Senior Correspondent", "3 Comments", "outrageous", "Island Mum",
                                  "Another increase", "Who is checking", "Reply"],
    "lede_first_byline.txt": ["By Ana", "You may also like", "Volcano tourism", "The island that moved",
                              "Why earthquakes"],
    "no_headline.txt": [],
    "pipe_nav_numeric_date.txt": ["HOME |", "Published:", "Tags:", "12 Comments", "newsletter", "©"],
    "portal_with_rails.txt": ["Skip to content", "Sign in", "Mail", "3 min read", "Story continues", "Advertisement",
                              "Recommended Stories", "Shipping rates", "Retailers warn", "portfolio", "Privacy"],
    "masthead_motto.txt": ["GAZETTE", "Serving", "Subscribe", "LOCAL", "Posted", "dwhitfield@", "Comments",
                           "log in"],
    "wrapped_front_matter.md": ["---", "title:"],
    "standfirst_and_place_byline.txt": ["more than 2 years old", "Justin Crane", "GMT", "Share", "Explore more",
                                        "Reuse this content", "US foreign policy"],
    "updated_stamp_only.txt": ["Asia\n", "By Maya", "Updated", "Link Copied", "Ad Feedback"],
    "name_then_outlet_line.txt": ["2 hours ago", "Save", "Jane Doe", "Edinburgh", "Related topics", "Weather"],
    "newsletter_post.txt": ["Sam Porter", "Paid", "\n12\n", "Subscribe", "Type your email"],
}


def test_there_are_enough_fixtures() -> None:
    assert len(list(RAW.iterdir())) >= 8
    assert set(EXPECTED) == {p.name for p in RAW.iterdir()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata(name: str) -> None:
    article = load(RAW / name)
    want = EXPECTED[name]
    assert article.title == want["title"]
    for key in ("author", "outlet", "dek"):
        if key in want:
            assert getattr(article, key) == want[key], key
    if "published" in want:
        assert date(article.published) == want["published"]
    if "event" in want:
        assert date(article.event_date) == want["event"]
    if "tags" in want:
        assert article.tags == want["tags"]
    assert article.is_preview is want.get("preview", False)


@pytest.mark.parametrize("name", sorted(GONE))
def test_fixture_furniture_is_gone(name: str) -> None:
    article = load(RAW / name)
    text = "\n".join([article.title, article.dek or "", *article.body]) + "\n"
    for phrase in GONE[name]:
        assert phrase not in text, phrase


def test_hard_wrapped_paragraphs_are_joined_and_one_line_paragraphs_are_not() -> None:
    wrapped = load(RAW / "hard_wrapped_ap.txt")
    assert wrapped.body[0].startswith("KYIV, Ukraine (AP) -- Residents") and wrapped.body[0].endswith("said.")
    assert len(sample("002").body) == 12  # one paragraph per line when the file has no blank lines


def test_front_matter_wins() -> None:
    text = "---\ntitle: Given title\nauthor: Front Author\npublished: 2020-01-02\n---\nOther headline\n" \
           "By Someone Else\nMarch 3, 2021\n\nThe body of the story is here and it is long enough to be prose."
    article, problems = parse_text(text, "a.md", CONFIG)
    assert article is not None and not problems
    assert (article.title, article.author, date(article.published)) == ("Given title", "Front Author", "2020-01-02")


# ----------------------------------------------------------------------------- never crash

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_parse_text_never_crashes(text: str) -> None:
    article, problems = parse_text(text, "fuzz.txt", CONFIG)
    assert article is not None or problems
    if article is not None:
        assert article.title and isinstance(article.body, list)


LINES = st.sampled_from([
    "Share", "0", "By: Jane  Doe", "November 26, 2024", "World", "#A #B", "On Sunday, they met.", "---",
    "title: x", "Updated: Nov. 26, 2024 3:45 p.m. ET", "Back To Top", "", "\u00a0", "© 2024 The Paper",
    "Officials met on Wednesday, January 11, to discuss the plan in detail with their counterparts today.",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=30), st.sampled_from(["a.txt", "b.md"]))
def test_parse_text_never_crashes_on_news_like_lines(lines: list[str], name: str) -> None:
    parse_text("\n".join(lines), name, CONFIG)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_then_parse_never_crashes(data: bytes) -> None:
    try:
        text, _ = decode(data, "fuzz.txt")
    except BinaryFile:
        return
    parse_text(text, "fuzz.txt", CONFIG)


def test_wrapped_markdown_keeps_its_first_line_and_its_list() -> None:
    article = load(RAW / "wrapped_front_matter.md")
    assert article.body[0].startswith("The regional transport board on Wednesday restored night buses to four valley "
                                      "towns, two years after")
    assert "- Route N1: Alba to the central station" in article.body[-1]


def test_byline_and_date_stamp_after_the_lede_are_metadata() -> None:
    lede = ("Scientists raised the alert level for the volcano to orange on Monday after recording more than "
            "300 small earthquakes beneath it in a single day.")
    text = f"Volcano alert raised\n\n{lede}\n\nBy Ana Ruiz\n\nPublished: 12 May 2025\n\nVillages were told to prepare."
    article, _ = parse_text(text, "late.txt", CONFIG)
    assert article is not None and article.author == "Ana Ruiz"
    assert date(article.published) == "2025-05-12" and date(article.event_date) == "2025-05-12"
    assert article.body == [lede, "Villages were told to prepare."]


def test_wire_sign_off_below_the_story_names_the_outlet() -> None:
    text = ("Harbour strike ends\n\nDock workers returned to work on Sunday after accepting a pay offer worth "
            "7 percent over two years, their union said.\n\n— Associated Press\n")
    article, _ = parse_text(text, "signoff.txt", CONFIG)
    assert article is not None and article.outlet == "Associated Press"
    assert all("Associated Press" not in p for p in article.body)


def test_copies_with_one_headline_get_distinct_slugs_without_warnings(tmp_path: Path) -> None:
    story = "Port strike ends after pay deal\n\nDock workers returned on Friday after a three-day strike over pay.\n"
    for name in ("b-copy.txt", "a-copy.txt", "c-copy.txt"):
        (tmp_path / name).write_text(story, encoding="utf-8")
    articles, problems = load_articles(tmp_path, SiteConfig())
    slugs = {a.source: a.slug for a in articles}
    assert slugs == {"a-copy.txt": "port-strike-ends-after-pay-deal", "b-copy.txt": "port-strike-ends-after-pay-deal-2",
                     "c-copy.txt": "port-strike-ends-after-pay-deal-3"}
    assert not [p for p in problems if "slug" in p.message]

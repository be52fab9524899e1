"""Property tests: story sentences survive whatever chrome surrounds them, and chrome goes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import parse_text
from site_builder.ingest.sentences import normalise_line
from site_builder.model import SiteConfig

CONFIG = SiteConfig()

NAMES = ["Ana Ruiz", "Kofi Mensah", "Li Wei", "Maria Lopez", "Tomasz Nowak", "Priya Natarajan"]
PLACES = ["Lima", "Accra", "Vienna", "Osaka", "Gdansk", "Pune"]
SUBJECTS = ["The ministry", "Local officials", "The union", "Police", "The regional council", "Engineers"]
VERBS = ["said", "confirmed", "warned", "announced", "reported"]
CLAUSES = [
    "that {n} workers had been affected by the closure of the main road into {p}",
    "that repairs to the bridge in {p} would cost about {n} million dollars",
    "that talks with {name} would continue next week despite the disagreement",
    "that {n} families had been moved to temporary shelters outside {p}",
    "that the new rules would apply to every port in the region from the start of next year",
]

TOP_CHROME = ["Skip to main content", "Menu", "Home | World | Business | Sport", "Share", "0", "World",
              "Subscribe", "Listen to this article", "5 min read", "Advertisement"]
BOTTOM_CHROME = ["Share", "Back To Top", "Leave a comment", "You need to login to leave a comment. Log-in",
                 "Share This Post On", "12 Comments", "#News #Region #Ports", "Related stories",
                 "© 2024 The Daily Planet. All rights reserved.",
                 "Sign up for our newsletter to get the news in your inbox.",
                 "Read more: Port strike enters third week", "Photo: Jane Smith/Getty Images"]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    clause = draw(st.sampled_from(CLAUSES)).format(n=draw(st.integers(2, 900)), p=draw(st.sampled_from(PLACES)),
                                                   name=draw(st.sampled_from(NAMES)))
    return f"{draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(VERBS))} on Tuesday {clause}."


@st.composite
def article(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    paragraphs = [" ".join(draw(st.lists(sentence(), min_size=1, max_size=3)))
                  for _ in range(draw(st.integers(2, 6)))]
    top = draw(st.lists(st.sampled_from(TOP_CHROME), max_size=4, unique=True))
    bottom = draw(st.lists(st.sampled_from(BOTTOM_CHROME), max_size=5, unique=True))
    headline = f"{draw(st.sampled_from(SUBJECTS))} warn of delays in {draw(st.sampled_from(PLACES))}"
    blank = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    lines = [*top, headline, f"By {draw(st.sampled_from(NAMES))}", *paragraphs, *bottom]
    return blank.join(lines).replace("\r\n", "\n"), paragraphs, top + bottom


@settings(max_examples=120, deadline=None)
@given(article())
def test_story_survives_and_chrome_goes(case: tuple[str, list[str], list[str]]) -> None:
    text, paragraphs, chrome = case
    parsed, _ = parse_text(text, "p.txt", CONFIG)
    assert parsed is not None
    body = "\n".join(parsed.body)
    for paragraph in paragraphs:
        assert paragraph in body
    kept = {normalise_line(p) for p in parsed.body} | {parsed.title, parsed.dek or ""}
    for line in chrome:
        assert line not in kept, line
    assert parsed.author in NAMES
    assert parsed.title.endswith(tuple(PLACES))

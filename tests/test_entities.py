"""People, places and the corpus-wide name/role checks: on the sample and on invented fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.entities import build_people, index_entities, read_mentions
from site_builder.analyze.names import (
    Lexicon,
    edit_distance,
    find_mentions,
    lower_words,
    normalise_role,
    roles_compatible,
    split_sentences,
)
from site_builder.model import Article, KnownEntity, SiteConfig, Story

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"
LEXICON = Lexicon()


def load(name: str) -> Article:
    """A fixture file as an article: first line the title, blank-line separated paragraphs."""
    title, _, rest = (FIXTURES / name).read_text(encoding="utf-8").partition("\n")
    body = [p.strip() for p in rest.split("\n\n") if p.strip()]
    return Article(source=name, slug=name.removesuffix(".txt"), title=title.strip(), body=body,
                   body_html="", content_hash=name)


def stories_of(groups: list[list[Article]]) -> list[Story]:
    stories = []
    for k, members in enumerate(groups):
        sid = f"s{k}"
        for a in members:
            a.story_id = sid
        stories.append(Story(id=sid, slug=sid, title=members[0].title, articles=members,
                             canonical=members[0].source))
    return stories


def mentions(text: str) -> dict[str, list[str]]:
    return {m.surface: m.roles for m in find_mentions(text, LEXICON, lower_words(text)) if m.kind == "name"}


# --- sample corpus (end to end through the build) ---------------------------------------------


def person(digest: dict, surname: str) -> dict:
    (found,) = [p for p in digest["people"] if p["name"].split()[-1] in (surname, f"{surname}III")
                or surname in p["name"].split()]
    return found


def test_sample_groups_austin_variants(sample_digest: dict) -> None:
    austin = person(sample_digest, "Austin")
    assert austin["name"] == "Lloyd J. Austin III"
    assert {"Lloyd Austin", "Austin"} <= set(austin["aliases"])
    assert set(austin["roles"]["defense secretary"]) == {a["source"] for a in sample_digest["articles"]}


def test_sample_groups_blinken_variants(sample_digest: dict) -> None:
    blinken = person(sample_digest, "Blinken")
    assert blinken["name"] == "Antony J. Blinken"
    assert {"Antony J. Blinkin", "Anthony Blinken", "Blinken"} <= set(blinken["aliases"])
    assert not [p for p in sample_digest["people"] if "Blinkin" in p["name"] or "Anthony" in p["name"]]


def _article(digest: dict, prefix: str) -> dict:
    (found,) = [a for a in digest["articles"] if a["source"].startswith(prefix)]
    return found


def _story_of(digest: dict, prefix: str) -> dict:
    source = _article(digest, prefix)["source"]
    (found,) = [s for s in digest["stories"] if source in s["articles"]]
    return found


def test_sample_flags_blinkin_on_article_and_story(sample_digest: dict) -> None:
    assert any("Blinkin" in w and "Blinken" in w for w in _article(sample_digest, "000")["warnings"])
    story = _story_of(sample_digest, "000")
    assert any("Blinkin" in w for w in story["warnings"])
    (conflict,) = [c for c in story["comparison"]["conflicts"] if c["kind"] == "name" and "Blinkin" in c["variants"]]
    assert conflict["subject"] == "Antony J. Blinken"
    assert conflict["variants"]["Blinkin"] == [_article(sample_digest, "000")["source"]]


def test_sample_flags_austins_role_in_003(sample_digest: dict) -> None:
    warnings = _article(sample_digest, "003")["warnings"]
    assert any("Austin" in w and "secretary of state" in w and "defense secretary" in w for w in warnings)
    story = _story_of(sample_digest, "003")
    roles = [c for c in story["comparison"]["conflicts"] if c["kind"] == "role"]
    assert [c["subject"] for c in roles] == ["Lloyd J. Austin III"]
    assert _article(sample_digest, "003")["source"] in roles[0]["variants"]["secretary of state"]


def test_sample_flags_anthony_in_003(sample_digest: dict) -> None:
    assert any("Anthony Blinken" in w and "Antony" in w for w in _article(sample_digest, "003")["warnings"])
    story = _story_of(sample_digest, "003")
    assert any(c["kind"] == "name" and "Anthony" in c["variants"] for c in story["comparison"]["conflicts"])


def test_sample_articles_that_agree_are_not_flagged(sample_digest: dict) -> None:
    for prefix in ("001", "002", "004"):
        flagged = [w for w in _article(sample_digest, prefix)["warnings"] if "check the spelling" in w
                   or "check the role" in w]
        assert flagged == []


def test_sample_people_are_people(sample_digest: dict) -> None:
    names = {p["name"] for p in sample_digest["people"]}
    assert {"Kamala Harris", "Fumio Kishida", "Jake Sullivan", "Yasukazu Hamada", "Yoko Kamikawa"} <= names
    assert not names & {"Tokyo", "Japan", "Patriot", "Tomahawk", "Korean", "Officials", "East China Sea"}


# --- grouping and checks on invented fixtures -------------------------------------------------

PEOPLE = ["people_budget_monday.txt", "people_budget_debate.txt", "people_budget_profile.txt",
          "people_squad.txt", "people_friendly.txt", "people_training.txt"]


@pytest.fixture
def people_corpus() -> tuple[list[Article], list[Story]]:
    articles = [load(n) for n in PEOPLE]
    by = {a.source: a for a in articles}
    stories = stories_of([[by[n]] for n in PEOPLE])
    return articles, stories


def test_shared_surname_is_two_people(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    people = {p.name: p for p in build_people(articles, stories, SiteConfig())}
    assert "Maria Lindqvist" in people and "Erik Lindqvist" in people
    maria, erik = people["Maria Lindqvist"], people["Erik Lindqvist"]
    assert "finance minister" in maria.roles and "coach" not in " ".join(maria.roles)
    assert any("coach" in role for role in erik.roles)
    # "Ms. Lindqvist" and "Lindqvist said" resolve inside their own article.
    assert set(maria.story_ids) == {"s0", "s1", "s2"}
    assert set(erik.story_ids) == {"s3", "s4", "s5"}
    assert maria.slug != erik.slug


def test_near_surnames_with_other_given_names_stay_apart(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    names = {p.name for p in build_people(articles, stories, SiteConfig())}
    assert {"Karl Hansen", "Lena Hanson"} <= names


def test_misspelt_surname_joins_majority_and_is_flagged(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    people = {p.name: p for p in build_people(articles, stories, SiteConfig())}
    assert "Erik Lindqvst" in people["Erik Lindqvist"].aliases
    training = next(a for a in articles if a.source == "people_training.txt")
    assert any("Lindqvst" in w and "Lindqvist" in w for w in training.warnings)
    assert any(c.kind == "name" and "Lindqvst" in c.variants for c in stories[5].comparison.conflicts)
    squad = next(a for a in articles if a.source == "people_squad.txt")
    assert not [w for w in squad.warnings if "check the" in w]


def test_minority_role_is_flagged(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    build_people(articles, stories, SiteConfig())
    profile = next(a for a in articles if a.source == "people_budget_profile.txt")
    assert any("foreign minister" in w and "finance minister" in w for w in profile.warnings)
    assert [c.kind for c in stories[2].comparison.conflicts] == ["role"]
    monday = next(a for a in articles if a.source == "people_budget_monday.txt")
    assert not [w for w in monday.warnings if "check the role" in w]


def test_gazetteer_role_is_the_reference(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    config = SiteConfig(entities=[KnownEntity(name="Maria Lindqvist", kind="person", role="foreign minister")])
    build_people(articles, stories, config)
    monday = next(a for a in articles if a.source == "people_budget_monday.txt")
    profile = next(a for a in articles if a.source == "people_budget_profile.txt")
    assert any("gazetteer" in w and "finance minister" in w for w in monday.warnings)
    assert not [w for w in profile.warnings if "check the role" in w]


def test_story_people_and_places(people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    index = index_entities(articles, stories, SiteConfig())
    slugs = {p.name: p.slug for p in index.people}
    assert stories[0].people[0] == slugs["Maria Lindqvist"]
    assert slugs["Karl Hansen"] in stories[0].people
    assert stories[0].places == [] or "Velmar" not in stories[0].places  # unknown towns are not guessed
    config = SiteConfig(entities=[KnownEntity(name="Velmar", kind="place", aliases=["Velmar City"])])
    index_entities(articles, stories, config)
    assert "Velmar" in stories[0].places


# --- name and role reading --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The U.S. defense secretary, Lloyd J. Austin III, arrived on Monday.",
    "Defense Secretary Lloyd J. Austin III arrived on Monday.",
    "Lloyd J. Austin III, the defense secretary, arrived on Monday.",
    "Lloyd J. Austin III (U.S. defense secretary) arrived on Monday.",
    "Officials said Secretary of Defense Lloyd J. Austin III arrived on Monday.",
])
def test_roles_in_apposition_and_titles(text: str) -> None:
    found = mentions(text)
    (role,) = found["Lloyd J. Austin III"]
    assert normalise_role(role, LEXICON).key == "defense secretary"


def test_sentence_openers_and_honorifics_are_peeled() -> None:
    found = mentions("Both Mr. Austin and Ms. Harris spoke. Regarding China, Kamala Harris said little.")
    assert "Austin" in found and "Harris" in found and "Kamala Harris" in found
    assert not [name for name in found if name.startswith(("Both", "Regarding", "Mr"))]


def test_lists_do_not_lend_roles_across_names() -> None:
    found = mentions("The U.S. secretary of state, Antony J. Blinken, and the U.S. defense secretary, "
                     "Lloyd J. Austin III, were in Tokyo.")
    assert [normalise_role(r, LEXICON).key for r in found["Antony J. Blinken"]] == ["state secretary"]
    assert [normalise_role(r, LEXICON).key for r in found["Lloyd J. Austin III"]] == ["defense secretary"]


def test_role_normalisation() -> None:
    def key(raw: str) -> str:
        return normalise_role(raw, LEXICON).key
    assert key("U.S. Secretary of Defense") == key("the United States defence secretary") == "defense secretary"
    assert key("Japanese Minister of Defense") == key("defence minister")
    assert normalise_role("United States Secretary of State", LEXICON).display == "secretary of state"
    assert normalise_role("former president", LEXICON).past
    president, vice = normalise_role("president", LEXICON), normalise_role("vice president", LEXICON)
    assert not roles_compatible(president, vice)
    assert roles_compatible(normalise_role("secretary", LEXICON), normalise_role("defense secretary", LEXICON))
    assert not roles_compatible(normalise_role("secretary of state", LEXICON),
                                normalise_role("defense secretary", LEXICON))


def test_split_sentences_keeps_abbreviations() -> None:
    assert split_sentences("Mr. Austin met Antony J. Blinken in the U.S. capital. They spoke.") == [
        "Mr. Austin met Antony J. Blinken in the U.S. capital.", "They spoke."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("AaBbJjMr. ,()’'-\nSsXé0")) | st.sampled_from(
    ["Mr. ", "Secretary ", "the ", "said ", ", the defense secretary,", "Lloyd ", "Austin", "Tokyo", "(", ")"]),
    max_size=40).map("".join))
def test_find_mentions_never_fails_and_quotes_the_text(text: str) -> None:
    for m in find_mentions(text, LEXICON, lower_words(text)):
        for part in m.parts:
            assert part in text or part.removesuffix("'s") in text


@given(st.text(alphabet="abcde", max_size=8), st.text(alphabet="abcde", max_size=8))
def test_edit_distance_is_symmetric_and_bounded(a: str, b: str) -> None:
    d = edit_distance(a, b, limit=10)
    assert d == edit_distance(b, a, limit=10)
    assert (d == 0) == (a == b)
    assert d <= max(len(a), len(b))


def _inline(source: str, text: str) -> Article:
    return Article(source=source, slug=source, title="t", body=[text], body_html="", content_hash=source)


def test_story_members_that_disagree_without_a_majority_are_listed() -> None:
    a = _inline("a.txt", "Mayor Karl Hansen opened the new bridge on Monday. Hansen said it was late.")
    b = _inline("b.txt", "Karl Hanssen, the deputy mayor, opened the new bridge on Monday. Hanssen said it was late.")
    (story,) = stories_of([[a, b]])
    people = build_people([a, b], [story], SiteConfig())
    assert len([p for p in people if p.name.startswith("Karl")]) == 1  # one edit apart, same given name
    kinds = {c.kind: c for c in story.comparison.conflicts}
    assert kinds["name"].variants == {"Hansen": ["a.txt"], "Hanssen": ["b.txt"]}
    assert kinds["role"].variants == {"deputy mayor": ["b.txt"], "mayor": ["a.txt"]}
    assert a.warnings == [] and b.warnings == []  # one source against one: no majority to flag against


def test_one_letter_given_names_in_unrelated_articles_stay_apart() -> None:
    a = _inline("a.txt", "Mary Dalton, the head teacher, said the school would reopen. Ms. Dalton thanked parents.")
    b = _inline("b.txt", "Mark Dalton, a fisherman, said the harbour was silting up. Mr. Dalton wants dredging.")
    c = _inline("c.txt", "Mark Dalton, a fisherman, repeated his call for dredging on Friday.")
    people = build_people([a, b, c], stories_of([[a], [b], [c]]), SiteConfig())
    assert {"Mary Dalton", "Mark Dalton"} <= {p.name for p in people}
    assert a.warnings == []


def test_particles_possessive_owners_and_codes() -> None:
    found = mentions("Ursula von der Leyen, the commission president, spoke. Jake Sullivan, President Biden’s "
                     "national security adviser, agreed. Sen. Chuck Schumer, D-N.Y., said nothing.")
    assert found["Ursula von der Leyen"] == ["president"]
    assert found["Jake Sullivan"] == ["national security adviser"]
    assert "D-N.Y." not in found and found["Chuck Schumer"] == ["Sen."]


def test_mentions_read_earlier_are_used_instead_of_reading_again(
        people_corpus: tuple[list[Article], list[Story]]) -> None:
    articles, stories = people_corpus
    config = SiteConfig()
    fresh = [(p.name, p.slug) for p in build_people(articles, stories, config)]
    known = {a.source: read_mentions(a, config) for a in articles}
    assert [(p.name, p.slug) for p in build_people(articles, stories, config, known)] == fresh
    # Proof they are used: articles said to mention nobody give nobody, and the one
    # article left out of ``known`` is read as usual.
    empty = {a.source: [] for a in articles}
    assert build_people(articles, stories, config, empty) == []
    partial = {**empty}
    del partial[articles[0].source]
    alone = {p.name for p in build_people(articles, stories, config, partial)}
    assert alone and alone <= {name for name, _ in fresh}

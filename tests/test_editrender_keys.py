"""Page keys of model objects (build._Keyer, build.site_fingerprint): written by their fields
through pickle's dispatch table, yet any change of a value a page shows changes the key."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from site_builder.build import _Keyer, site_fingerprint
from site_builder.model import (
    Article,
    Comparison,
    DatedValue,
    Evidence,
    Fact,
    PartialDate,
    SiteModel,
    Story,
    TimelineEntry,
)


def _article(source: str = "a.md", **changes: object) -> Article:
    article = Article(source=source, slug=source[:-3], title="Vote held", body=["Text."], body_html="<p>Text.</p>",
                      content_hash="h-" + source, published=DatedValue(PartialDate(2024, 3, 1), "front matter"),
                      story_id="s1", tags=["vote"])
    return dataclasses.replace(article, **changes)


def _story(*articles: Article) -> Story:
    return Story(id="s1", slug="vote", title="Vote held", articles=list(articles),
                 event_date=DatedValue(PartialDate(2024, 3, 1), "story"), summary=["The vote was held."],
                 comparison=Comparison(agreed=[Fact("The vote was held.", ["a.md"])]))


def _entry(**changes: object) -> TimelineEntry:
    entry = TimelineEntry(id="e1", date=PartialDate(2024, 3), title="Vote", story_ids=["s1"],
                          evidence=[Evidence("the vote", "a.md")])
    return dataclasses.replace(entry, **changes)


def test_a_change_deep_inside_a_story_changes_its_page_key() -> None:
    base = _story(_article())
    key = _Keyer().token((base, None, [_entry()]))
    variants = []
    for change in ("date", "fact", "member", "member date", "entry", "evidence"):
        story, entry = copy.deepcopy(base), _entry()
        if change == "date":
            story.event_date = DatedValue(PartialDate(2024, 3, 2), "story")
        elif change == "fact":
            story.comparison.agreed[0].sources.append("b.md")
        elif change == "member":
            story.articles[0].warnings.append("date conflict")
        elif change == "member date":
            story.articles[0].published = DatedValue(PartialDate(2024, 3, 1), "dateline")
        elif change == "entry":
            entry = _entry(date=PartialDate(2024, 4))
        else:
            entry = _entry(evidence=[Evidence("the vote", "b.md")])
        variants.append(_Keyer().token((story, None, [entry])))
    assert key not in variants
    assert len(set(variants)) == len(variants)
    assert _Keyer().token((copy.deepcopy(base), None, [_entry()])) == key  # equal copies key alike


def test_an_articles_body_counts_through_its_content_hash() -> None:
    """A body is a function of the file's bytes: the digest leaves it out, never the hash."""
    keyer = _Keyer()
    assert keyer.token(_article(body=["Other."])) == _Keyer().token(_article())
    assert keyer.token(_article(content_hash="h-other")) != _Keyer().token(_article())


@dataclass
class Other:
    """Fields like Fact's, in a class outside the model."""

    text: str
    sources: list[str]


def test_model_classes_with_equal_fields_key_apart() -> None:
    """The class is part of the bytes: two model classes, or a model class and another
    dataclass of the same fields, never give the same key."""
    assert _Keyer().token(Fact("x", ["a"])) != _Keyer().token(Other("x", ["a"]))
    assert _Keyer().token(Evidence("x", "a")) != _Keyer().token(("x", "a"))


def test_the_site_fingerprint_follows_navigation_facts_only() -> None:
    site = SiteModel(articles=[_article()], stories=[_story(_article())])
    before = site_fingerprint(site)
    site.stories[0].summary = ["Another summary."]  # text: shown only by pages that receive the story
    assert site_fingerprint(site) == before
    site.articles[0].published = DatedValue(PartialDate(2024, 3, 2), "front matter")
    assert site_fingerprint(site) != before
    site.articles[0].published = DatedValue(PartialDate(2024, 3, 1), "front matter")
    assert site_fingerprint(site) == before
    site.stories[0].event_date = None
    assert site_fingerprint(site) != before

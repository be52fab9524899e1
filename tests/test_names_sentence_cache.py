"""The sentence cache of ``names.find_mentions`` gives what reading each sentence afresh gives.

A cached sentence is looked up by its text alone and keeps one reading per (opener,
heading) answer, both of which depend on the article's lower-case words: articles that
share sentences but not vocabularies must still get their own readings.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import entities, names
from site_builder.analyze.names import Lexicon, find_mentions, sentence_entry
from site_builder.model import SiteConfig
from tests.test_names_plan import VOCAB, fields, reference_find, texts

LEXICON = Lexicon([("Lloyd Austin", "person", [], "")])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts(), VOCAB), min_size=2, max_size=8), st.data())
def test_shared_cache_matches_reading_afresh(articles: list[tuple[str, set[str]]], data: st.DataObject) -> None:
    cache: dict[str, list] = {}
    # Articles also reread earlier texts with other vocabularies, so sentences recur.
    for text, vocab in articles + [(t, data.draw(VOCAB)) for t, _ in articles]:
        assert fields(find_mentions(text, LEXICON, vocab, cache)) == fields(reference_find(text, LEXICON, vocab))


def test_one_sentence_read_per_vocabulary() -> None:
    cache: dict[str, list] = {}
    text = "Update Austin said so. Update Austin Strengthening Alliance Amid Threats Update Here."
    # "update" written in lower case: an opener, not a name; the second sentence a heading.
    plain = [m.surface for m in find_mentions(text, LEXICON, {"update", "here"}, cache)]
    named = [m.surface for m in find_mentions(text, LEXICON, set(), cache)]
    assert plain == ["Austin"]
    assert named == ["Update Austin", "Update Austin Strengthening Alliance Amid Threats Update Here"]
    assert plain == [m.surface for m in find_mentions(text, LEXICON, {"update", "here"}, cache)]


def test_sentence_entry_of_a_blank_sentence() -> None:
    assert sentence_entry([])[0] is None
    assert sentence_entry(["Update", "Austin", "said", "so."])[:2] == ["update", None]


def test_read_cache_is_kept_across_articles_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    config = SiteConfig()
    first = SimpleNamespace(text="Lloyd Austin met officials. He said so. They left.")
    second = SimpleNamespace(text="Lloyd Austin spoke. Austin left.")
    entities._READ_CACHES.clear()
    entities.read_mentions(first, config)
    entities.read_mentions(second, config)
    (cache,) = entities._READ_CACHES.values()
    assert {"He said so.", "Austin left."} <= cache.keys()
    # Over the bound, the cache starts afresh before the next article.
    monkeypatch.setattr(entities, "MAX_READ_SENTENCES", 3)
    again = entities.read_mentions(first, config)
    (cache,) = entities._READ_CACHES.values()
    assert "Austin left." not in cache and "He said so." in cache
    assert fields(again) == fields(reference_find(first.text, entities.lexicon_for(config),
                                                  names.lower_words(first.text)))

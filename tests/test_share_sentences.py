"""``features.split_sentences`` takes the sentences ``names.split_sentences`` already cut.

names.split_sentences keeps, for the last text it read, the lines in which no
abbreviation joined two pieces (``unjoined_sentences``); features.split_sentences returns
those instead of cutting the paragraph again. That is only right if both cut at the same
end marks and every abbreviation features joins at is one names joins at too: random
texts built from both modules' abbreviations, closing quotes and odd whitespace, and the
articles of the fixtures, must split exactly as features splits them on its own.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import features, names
from site_builder.config import SiteConfig
from site_builder.ingest import parse_text

# Abbreviations of both lists (and some of neither), initials, closing quotes after a full
# stop, digits and capitals after an end mark, and whitespace other than a plain space.
_PIECES = ["Mr.", "Mrs.", "Dr.", "U.S.", "U.K.", "U.S.A.", "Sept.", "Sep.", "Mar.", "Jun.", "Capt.", "Sgt.",
           "Adm.", "Rev.", "Inc.", "Co.", "St.", "Gen.", "No.", "etc.", "vs.", "J.", "A.", "Mr.\"", "Dr.)",
           "U.S.'", "said.", "it.", "end.)", "\"Yes.\"", "'No.'", "(Reuters)", "Austin", "Tokyo", "the", "talks",
           "missile", "BERLIN", "”", "’", "'", "\"", "(", "[", "?", "!", "…", "—", "3.5", "2024.", "7", "x",
           "\n", "\n\n", "  ", "\t", "\r", "\u2028", "\x1c", "\xa0"]


def _texts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join)


def _own_split(paragraph: str) -> list[str]:
    """features.split_sentences with nothing cut by names before it."""
    kept = names._UNJOINED
    names._UNJOINED = {}
    try:
        return features.split_sentences(paragraph)
    finally:
        names._UNJOINED = kept


def _shared_splits(text: str, paragraphs: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """(paragraph, shared split, own split) of each paragraph, after names has read ``text``."""
    names.split_sentences(text)
    return [(p, features.split_sentences(p), _own_split(p)) for p in paragraphs]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_texts(), min_size=1, max_size=5))
def test_shared_split_is_the_own_split(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    # Both the article's paragraphs and the lines names cut are asked for.
    asked = paragraphs + [line for p in paragraphs for line in p.split("\n")]
    for p, shared, own in _shared_splits(text, asked):
        assert shared == own, p


def test_shared_split_is_used() -> None:
    """The shared path is taken (a line without abbreviations) and skipped (a line with one)."""
    text = "Austin met Kishida. They agreed.\n\nMr. Austin left. \"Yes,\" he said."
    names.split_sentences(text)
    assert names.unjoined_sentences("Austin met Kishida. They agreed.") == ["Austin met Kishida.", "They agreed."]
    assert names.unjoined_sentences("Mr. Austin left. \"Yes,\" he said.") is None
    assert features.split_sentences("Mr. Austin left. \"Yes,\" he said.") == ["Mr. Austin left.",
                                                                            "\"Yes,\" he said."]
    # A copy each time: a caller changing its list does not change the next caller's.
    names.unjoined_sentences("Austin met Kishida. They agreed.").append("x")  # type: ignore[union-attr]
    assert features.split_sentences("Austin met Kishida. They agreed.") == ["Austin met Kishida.", "They agreed."]


def test_names_abbreviations_join_where_features_does_not() -> None:
    """The direction that matters: names joins at more abbreviations, so its unjoined lines are few."""
    assert features.split_sentences("He met Capt. Smith. It rained.") == ["He met Capt.", "Smith.", "It rained."]
    assert names.split_sentences("He met Capt. Smith. It rained.") == ["He met Capt. Smith.", "It rained."]
    assert names.unjoined_sentences("He met Capt. Smith. It rained.") is None


def _features_abbreviations() -> list[str]:
    """Every word features.split_sentences joins after, read from its pattern."""
    pattern = features._ABBREV.pattern
    assert pattern.startswith("\\b(?:") and pattern.endswith(")\\.$"), pattern
    out = []
    for alternative in pattern[len("\\b(?:") : -len(")\\.$")].split("|"):
        if alternative == "[A-Z]":
            out.extend("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        else:
            assert re.fullmatch(r"(?:[A-Za-z]|\\\.)+", alternative), alternative
            out.append(alternative.replace("\\.", "."))
    return out


def test_every_features_abbreviation_joins_in_names() -> None:
    """An abbreviation only features knew would make a line names left unjoined split otherwise."""
    words = _features_abbreviations()
    assert "Sept" in words and "U.S" in words and "Q" in words
    for word in words:
        text = f"They met {word}. Austin there. It rained."
        assert features.split_sentences(text)[0] != "They met " + word + ".", word  # features joins here
        names.split_sentences(text)
        assert names.unjoined_sentences(text) is None, word


_FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("path", sorted(p for p in _FIXTURES.rglob("*") if p.suffix in (".txt", ".md")),
                         ids=lambda p: str(p.relative_to(_FIXTURES)))
def test_fixture_articles_split_the_same(path: Path) -> None:
    raw = path.read_text(encoding="utf-8", errors="replace")
    article, _ = parse_text(raw, path.name, SiteConfig(), "0" * 64)
    texts = [article.body] if article is not None else []
    texts.append([p for p in raw.split("\n\n") if p.strip()])
    for body in texts:
        for p, shared, own in _shared_splits("\n\n".join(body), body):
            assert shared == own, p


_ROOT = Path(__file__).resolve().parents[1]


def _make_corpus() -> object:
    """bench/make_corpus.py, the generator of the timing corpora (a script folder, not a package)."""
    if "make_corpus" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_corpus", _ROOT / "bench" / "make_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_corpus"] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["make_corpus"]


@pytest.mark.parametrize("raw", [False, True], ids=["md", "raw"])
def test_corpus_articles_split_the_same(raw: bool, tmp_path: Path) -> None:
    """The sample site and a generated bench corpus (the text the timings are taken on)."""
    paths = _make_corpus().generate(150, tmp_path, raw=raw)  # type: ignore[attr-defined]
    paths += sorted((_ROOT / "content").rglob("*.md"))
    served = 0
    for path in paths:
        article, _ = parse_text(path.read_text(encoding="utf-8"), path.name, SiteConfig(), "0" * 64)
        if article is None:
            continue
        for p, shared, own in _shared_splits(article.text, article.body):
            assert shared == own, p
            served += names.unjoined_sentences(p.strip()) is not None
    assert served > 1000  # the shared path is the one taken

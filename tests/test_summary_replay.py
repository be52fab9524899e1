"""Replaying titles, summaries and story dates from the previous build is exact.

A Summarizer of a few articles given the whole corpus's statistics must summarise them
as a Summarizer of the whole corpus does; the statistics brought forward after an edit
must print every article as fresh ones do, and every article they leave unprinted must
print as before; and stories built with the memo must equal those built without it,
dating again only the stories whose members changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from site_builder.analyze import stories as stories_mod
from site_builder.analyze import summarize
from site_builder.analyze.stories import _Terms, build_stories
from site_builder.analyze.summarize import Summarizer, Whole, digest, idf_table
from site_builder.ingest import load_articles
from site_builder.model import Article, SiteConfig

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def _articles(folder: Path) -> list[Article]:
    articles, _ = load_articles(folder, SiteConfig())
    return sorted(articles, key=lambda a: a.source)


def _keys(articles: list[Article]) -> list[tuple[str, str]]:
    return [(a.source, a.content_hash) for a in articles]


def _terms(articles: list[Article]) -> _Terms:
    return _Terms.of(Summarizer(articles), _keys(articles))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "events"
    shutil.copytree(EVENTS, copy)
    return copy


def test_summarizer_of_some_articles_matches_the_whole_corpus() -> None:
    articles = _articles(EVENTS)
    whole = Summarizer(articles)
    terms = _Terms.of(whole, _keys(articles))
    groups = [s.articles for s in build_stories(_articles(EVENTS), SiteConfig())]
    by_source = {a.source: a for a in articles}
    differs_alone = 0
    for group in groups:
        members = [by_source[a.source] for a in group]
        part = Summarizer(members, corpus=Whole(len(articles), terms.lookup))
        assert part.summarise([members]) == whole.summarise([members])
        differs_alone += Summarizer(members).summarise([members]) != whole.summarise([members])
    # Without the corpus statistics some story reads differently: the comparison can fail.
    assert differs_alone > 0
    # Several stories at once, in one pass, as an edit rebuild summarises them.
    several = [[by_source[a.source] for a in g] for g in groups[::3]]
    members = sorted({a.source: a for g in several for a in g}.values(), key=lambda a: a.source)
    assert Summarizer(members, corpus=Whole(len(articles), terms.lookup)).summarise(several) == \
        whole.summarise(several)


def _edit(folder: Path, step: str) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    if step == "append":  # new words, and more articles holding some known ones
        with files[len(files) // 2].open("a", encoding="utf-8") as f:
            f.write("\nA paragraph about the harbour committee and the zeppelin, said Maria Lopez.\n")
    elif step == "prepend":  # the first article now holds words it lacked: first appearances move
        last = files[-1].read_text(encoding="utf-8").split("\n\n")[-1]
        first = files[0].read_text(encoding="utf-8")
        head, sep, body = first.partition("\n---\n") if first.startswith("---") else ("", "", first)
        files[0].write_text(head + sep + last + "\n\n" + body, encoding="utf-8")
    elif step == "truncate":  # words leave the corpus
        text = files[len(files) // 3].read_text(encoding="utf-8")
        files[len(files) // 3].write_text(text[:300], encoding="utf-8")


@pytest.mark.parametrize("steps", [["append"], ["prepend"], ["truncate"], ["append", "prepend", "truncate"]])
def test_advanced_terms_print_as_fresh_ones(folder: Path, steps: list[str]) -> None:
    articles = _articles(folder)
    terms = _terms(articles)
    for step in steps:
        before = [terms.fingerprint(k, a) for k, a in enumerate(articles)]
        _edit(folder, step)
        articles = _articles(folder)
        advanced = terms.advance(_keys(articles), articles, digest)
        assert advanced is not None
        terms, dirty = advanced
        fresh = _terms(articles)
        after = [fresh.fingerprint(k, a) for k, a in enumerate(articles)]
        assert [terms.fingerprint(k, a) for k, a in enumerate(articles)] == after
        # Every article left out of ``dirty`` prints as it did.
        left = set(range(len(articles))) - set(dirty.tolist())
        assert all(before[k] == after[k] for k in left)
        changed = {k for k, a in enumerate(articles) if before[k] != after[k]}
        assert changed and changed <= set(dirty.tolist())
        assert len(dirty) < len(articles)
        assert (terms.df == fresh.lookup(terms.stems)[0]).all()


def test_advance_refuses_another_set_of_articles(folder: Path) -> None:
    articles = _articles(folder)
    terms = _terms(articles)
    (folder / sorted(a.source for a in articles)[2]).unlink()
    assert terms.advance(_keys(_articles(folder)), _articles(folder), digest) is None


def test_state_round_trip_keeps_terms_and_prints(folder: Path) -> None:
    articles = _articles(folder)
    terms = _terms(articles)
    prints = [terms.fingerprint(k, a) for k, a in enumerate(articles)]
    loaded, again = _Terms.load(terms.state(prints))
    assert again == prints
    assert [loaded.fingerprint(k, a) for k, a in enumerate(articles)] == prints


def _stories(folder: Path, memo: dict[str, Any] | None) -> list[tuple]:
    return [(s.id, [a.source for a in s.articles], s.title, s.summary, s.event_date, s.warnings, s.canonical,
             [(a.event_date, a.story_id) for a in s.articles])
            for s in build_stories(_articles(folder), SiteConfig(), memo=memo)]


def test_only_changed_stories_are_dated_and_summarised_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo: dict[str, Any] = {}
    _stories(folder, memo)
    dated: list[int] = []
    summarised: list[int] = []
    consensus, summarise = stories_mod.consensus, Summarizer.summarise
    monkeypatch.setattr(stories_mod, "consensus", lambda members: dated.append(len(members)) or consensus(members))
    monkeypatch.setattr(Summarizer, "summarise",
                        lambda self, groups: summarised.append(len(groups)) or summarise(self, groups))
    assert _stories(folder, memo) == _stories(folder, None)
    assert len(dated) == len(_stories(folder, None))  # the build without memo dates every story
    dated.clear()
    summarised.clear()
    _stories(folder, memo)  # nothing changed
    assert dated == [] and summarised in ([], [0])
    _edit(folder, "append")
    with_memo = _stories(folder, memo)
    assert len(dated) == 1, "only the edited article's story is dated again"
    dated.clear()
    assert with_memo == _stories(folder, None)


def _harbour_posts(folder: Path, n: int, m: int) -> None:
    """``n`` posts each in words of its own (so each is a story), the first ``m`` also near the harbour."""
    syllables = ["zor", "mib", "tak", "vel", "dun", "pra", "gos", "lir", "quen", "baf", "hul", "sem"]

    def word(i: int, j: int) -> str:
        k = i * 7 + j
        return syllables[k % 12] + syllables[(k // 12) % 12] + syllables[(k // 144 + j) % 12]

    for i in range(n):
        w = [word(i, j) for j in range(6)]
        harbour = " near the harbour" if i < m else ""
        (folder / f"post-{i:03d}.md").write_text(
            f"---\ntitle: The {w[0]} and the {w[1]}\n---\n\nThe {w[0]} met the {w[1]} and the {w[2]} "
            f"on a long day{harbour}, said the {w[3]} of the {w[4]} and the {w[5]}.\n", encoding="utf-8")


@pytest.mark.parametrize("step", [summarize.IDF_STEP, 0])
def test_an_edit_moving_a_stems_frequency_but_not_its_rounded_idf_replays_the_other_stories(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: float) -> None:
    """Adding a common stem to one more article moves its IDF by a little: rounded, mostly not
    at all, and then no other story holding it is summarised again; unrounded, all are."""
    n = 120
    table = idf_table(n)
    m = next(d for d in range(n // 3, n - 1) if table[d] == table[d + 1])
    _harbour_posts(tmp_path, n, m)
    monkeypatch.setattr(summarize, "IDF_STEP", step)
    memo: dict[str, Any] = {}
    assert len(_stories(tmp_path, memo)) == n
    summarised: list[int] = []
    summarise = Summarizer.summarise
    monkeypatch.setattr(Summarizer, "summarise",
                        lambda self, groups: summarised.append(len(groups)) or summarise(self, groups))
    edited = tmp_path / f"post-{n - 1:03d}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe harbour was quiet.\n", encoding="utf-8")
    assert _stories(tmp_path, memo) == _stories(tmp_path, None)
    # The edited story; unrounded, also the m stories that held the harbour already.
    assert summarised[0] == (1 if step else m + 1)

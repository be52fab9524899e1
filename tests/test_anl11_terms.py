"""The summariser's statistics brought forward after an edit hold every stem's first
appearance and document frequency as statistics made afresh do.

:meth:`stories._Terms.advance` looks a touched stem's first appearance up among all the
texts only when it was first met in a changed text; otherwise it takes the earlier of the
old one and the stem's places in the changed texts. Edits that add words at the start
of the corpus, in its middle and at its end, and that remove the words first met in a
text, must all give the fresh statistics.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.analyze.stories import _Terms
from site_builder.analyze.summarize import Summarizer, digest
from site_builder.ingest import load_articles
from site_builder.model import Article, SiteConfig

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"


def _articles(folder: Path) -> list[Article]:
    articles, _ = load_articles(folder, SiteConfig())
    return sorted(articles, key=lambda a: a.source)


def _terms(articles: list[Article]) -> _Terms:
    return _Terms.of(Summarizer(articles), [(a.source, a.content_hash) for a in articles])


def _edit(files: list[Path], step: str) -> None:
    if step == "first-gets-words":  # first appearances move to the first text
        last = files[-1].read_text(encoding="utf-8").split("\n\n")[-1]
        files[0].write_text(files[0].read_text(encoding="utf-8") + "\n\n" + last + "\n", encoding="utf-8")
    elif step == "first-loses-words":  # stems first met in the first text move on, or leave
        text = files[0].read_text(encoding="utf-8")
        files[0].write_text(text[:200], encoding="utf-8")
    elif step == "middle":
        with files[len(files) // 2].open("a", encoding="utf-8") as f:
            f.write("\n\nThe harbour committee met the zeppelin crew, said Maria Lopez.\n")
    elif step == "last":
        with files[-1].open("a", encoding="utf-8") as f:
            f.write("\n\nQuixotic xylophones reached the harbour on Tuesday.\n")


@pytest.mark.parametrize("steps", [["first-gets-words"], ["first-loses-words"], ["middle"], ["last"],
                                   ["middle", "first-loses-words", "first-gets-words", "last"]])
def test_advanced_first_appearances_and_frequencies_are_fresh(tmp_path: Path, steps: list[str]) -> None:
    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    articles = _articles(folder)
    terms = _terms(articles)
    for step in steps:
        _edit(files, step)
        articles = _articles(folder)
        advanced = terms.advance([(a.source, a.content_hash) for a in articles], articles, digest)
        assert advanced is not None
        terms, _ = advanced
        df, first = _terms(articles).lookup(terms.stems)
        assert terms.df.tolist() == df.tolist(), step
        assert terms.first.tolist() == first.tolist(), step

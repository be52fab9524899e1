"""Topics with the analysis memo: replayed while what they read is unchanged, and always equal to a fresh run.

The memo keys topics by each article's topic print (tags, front matter, taxonomy scores,
publication date) and, only when some article found no topic otherwise, by the text its
key phrases come from; these tests edit exactly those inputs, and the text around them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import site_builder.analyze as analyze_pkg
from site_builder.analyze import analyze
from site_builder.analyze.keyphrases import OPENING_CHARS
from site_builder.build import collect, parse_key
from site_builder.cache import BuildCache
from site_builder.model import SiteConfig, SiteModel, TopicRule

CONFIG = SiteConfig(topics=[
    TopicRule(name="Rail", slug="rail", keywords=["train", "railway", "SNCF"]),
    TopicRule(name="Floods", slug="floods", keywords=["flood", "flooding"]),
])
# Each post's own vocabulary, past its opening (so the posts make stories of their own).
WORDS = {
    "a": "drivers union pay offer overtime signal depot timetable carriage platform",
    "b": "rainfall levee pump sandbag evacuation shelter meadow embankment gauge",
    "c": "quay berth container tonnage stevedore gantry lifting tender shipyard",
    "d": "vessel cargo dock pilot tugboat mooring ballast hull anchorage",
    "e": "pastry sourdough oven flour baker croissant loaf judges ribbon",
}


def _filler(name: str) -> str:
    words = WORDS[name].split()
    return " ".join(f"The {w} mattered to the {words[(i + 3) % len(words)]} here." for i, w in enumerate(words * 3))


FILLER = {name: _filler(name) for name in WORDS}


def _post(title: str, body: str, tags: str = "", date: str = "2024-03-04") -> str:
    front = f"---\ntitle: {title}\ndate: {date}\n" + (f"tags: [{tags}]\n" if tags else "") + "---\n\n"
    return front + body + "\n"


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.md").write_text(_post("Train strike halts railway", f"The train drivers walked out. {FILLER['a']}"))
    (folder / "b.md").write_text(_post("River flooding closes roads", f"Flooding spread overnight. {FILLER['b']}"))
    (folder / "c.md").write_text(_post("Harbour crane contract signed",
                                       f"The harbour crane deal was signed. {FILLER['c']}", tags="Harbour, PortNews"))
    (folder / "d.md").write_text(_post("Second harbour crane arrives", f"Another harbour crane came in. {FILLER['d']}",
                                       tags="PortNews", date="2024-05-06"))
    (folder / "e.md").write_text(_post("Bakery wins award",
                                       f"The bakery on Mill Lane won a regional award. {FILLER['e']}"))


def _analyse(folder: Path, memo: dict[str, Any] | None) -> SiteModel:
    collected = collect(folder, CONFIG, BuildCache.load(None, parse_key(CONFIG)))
    articles, problems = collected.load()
    return analyze(articles, CONFIG, problems, prepared=collected.prepared, memo=memo)


def _topics(site: SiteModel) -> tuple[Any, ...]:
    return (site.topics, [(a.source, a.topics) for a in site.articles], [(s.id, s.topics) for s in site.stories])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the memo path's runs of the topics step (a replay does not run it)."""
    calls: list[int] = []
    real = analyze_pkg.assign

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze_pkg, "assign", wrapper)
    return calls


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_topics_replayed_or_rerun_exactly_through_edits(tmp_path: Path, counted: list[int]) -> None:
    folder = tmp_path / "site"
    _write_corpus(folder)
    memo: dict[str, Any] = {}

    def check(rerun: bool) -> SiteModel:
        before = len(counted)
        site = _analyse(folder, memo)
        assert _topics(site) == _topics(_analyse(folder, None))
        assert len(counted) == before + rerun, "topics rerun" if not rerun else "topics replayed"
        return site

    site = check(rerun=True)  # cold
    assert {t.slug for t in site.topics} >= {"rail", "floods", "port-news", "harbour"}
    assert any(t.automatic for t in site.topics)  # the bakery post finds no topic but by key phrases
    check(rerun=False)  # nothing changed
    assert len(FILLER["a"]) > OPENING_CHARS
    # Text far past the opening and free of keywords: neither the scores nor the key phrases move.
    _edit(folder / "a.md", FILLER["a"], FILLER["a"] + "\n\nA later paragraph about the committee.")
    check(rerun=False)
    # A keyword in the body of b: its scores move.
    _edit(folder / "b.md", FILLER["b"], FILLER["b"] + "\n\nA train was stranded by the flooding.")
    site = check(rerun=True)
    # A tag added: d joins the "harbour" topic.
    _edit(folder / "d.md", "tags: [PortNews]", "tags: [PortNews, Harbour]")
    site = check(rerun=True)
    assert "harbour" in next(a for a in site.articles if a.source.endswith("d.md")).topics
    # The opening of an article: key phrases are read from it while some article has no topic.
    _edit(folder / "c.md", "The harbour crane deal", "The harbour crane purchase")
    check(rerun=True)
    # The publication date orders a topic's stories.
    _edit(folder / "d.md", "date: 2024-05-06", "date: 2024-01-02")
    check(rerun=True)
    # A front-matter topic replaces the taxonomy's choice.
    _edit(folder / "e.md", "date: 2024-03-04", "date: 2024-03-04\ntopics: [Food]")
    site = check(rerun=True)
    assert not any(t.automatic for t in site.topics)  # now every article has a topic of its own
    # With no article left without a topic, the opening no longer matters.
    _edit(folder / "c.md", "The harbour crane purchase", "The harbour crane order")
    check(rerun=False)
    # An article added, then removed.
    (folder / "f.md").write_text(_post("Railway bridge reopens", f"The railway bridge reopened. {FILLER['a']}"))
    check(rerun=True)
    (folder / "f.md").unlink()
    check(rerun=True)


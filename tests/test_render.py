"""The renderer on a hand-built site model: every page type, empty lists, escaping, links, determinism.

The model is written here rather than produced by analyze, so these tests pin the
renderer's behaviour whatever the analysis stages currently return.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.model import (
    Article,
    Comparison,
    Conflict,
    DatedValue,
    Evidence,
    Fact,
    PartialDate,
    Person,
    SiteConfig,
    SiteModel,
    Story,
    TimelineEntry,
    Topic,
)
from site_builder.render import render_site
from site_builder.render.dates import human
from site_builder.render.urls import Urls


def _article(source: str, title: str, body: list[str], *, outlet: str | None = None, author: str | None = None,
             published: str | None = None, event: str | None = None, story: str | None = None,
             warnings: list[str] | None = None, preview: bool = False) -> Article:
    return Article(
        source=source, slug=source.rsplit(".", 1)[0].replace("_", "-"), title=title, body=body,
        body_html="".join(f"<p>{html.escape(p)}</p>" for p in body), content_hash=source,
        author=author, outlet=outlet,
        published=DatedValue(PartialDate.parse_iso(published), "front matter") if published else None,
        event_date=DatedValue(PartialDate.parse_iso(event), "dateline") if event else None,
        story_id=story, warnings=warnings or [], is_preview=preview,
    )


def rich_site() -> SiteModel:
    """Three stories over two years, one undated and one known only to the month, with every kind of data."""
    harbour = [
        _article("harbour_wire.txt", "Port strike ends after 9-day stoppage",
                 ["ROTTERDAM — Dock workers voted on Tuesday to end a nine-day strike.",
                  "The union said 8,400 members took part. Share"],
                 outlet="Northline Wire", author="Ada Brenner", published="2025-03-11", event="2025-03-11",
                 story="s-harbour"),
        _article("harbour_daily.md", "Dockers back deal, ending strike <script>alert(1)</script>",
                 ["Workers at the port accepted a 6% raise, union chair Pieter de Wit said.",
                  "About 8,000 members voted."],
                 outlet="The Harbour Daily", published="2025-03-12", story="s-harbour",
                 warnings=["gives the turnout as 8,000 where other sources say 8,400"]),
        _article("harbour_blog.txt", "What the port deal means", ["A deal was reached after nine days."],
                 published="2025-03-14", story="s-harbour"),
    ]
    budget = [
        _article("budget_preview.txt", "Council to vote on transit budget",
                 ["The city council will vote next week on the transit budget."],
                 outlet="Metro Ledger", author="Sam Ortiz", published="2024-11", event="2024-11",
                 story="s-budget", preview=True),
    ]
    undated = [_article("orphan.txt", "Letters: on bicycle lanes", ["Readers write about lanes."],
                        story="s-letters")]
    undated[0].front_matter = {"url": "https://www.citypaper.example/letters/lanes"}
    articles = harbour + budget + undated
    stories = [
        Story(id="s-harbour", slug="port-strike-ends", title="Port strike ends after nine days", articles=harbour,
              event_date=DatedValue(PartialDate(2025, 3, 11), "consensus"),
              summary=["Dock workers voted to end a nine-day strike.", "The union reported a 6% raise."],
              canonical="harbour_wire.txt",
              comparison=Comparison(
                  agreed=[Fact("The strike lasted nine days.", ["harbour_wire.txt", "harbour_blog.txt"])],
                  only_in={"harbour_daily.md": ["Workers accepted a 6% raise."]},
                  conflicts=[Conflict("number", "union members voting",
                                      {"8,400": ["harbour_wire.txt"], "8,000": ["harbour_daily.md"]})],
              ),
              topics=["labour", "ports"], people=["pieter-de-wit"], places=["Rotterdam"],
              warnings=["sources disagree on turnout: 8,400 vs 8,000"]),
        Story(id="s-budget", slug="transit-budget-vote", title="Council to vote on transit budget", articles=budget,
              event_date=DatedValue(PartialDate(2024, 11), "consensus"), summary=["A vote is due."],
              canonical="budget_preview.txt", topics=["transit"]),
        Story(id="s-letters", slug="letters-bicycle-lanes", title="Letters: on bicycle lanes", articles=undated),
    ]
    for s in stories:
        for a in s.articles:
            a.topics = list(s.topics)
    topics = [
        Topic("labour", "Labour & unions", "Strikes and pay.", story_ids=["s-harbour"]),
        Topic("ports", "Ports", story_ids=["s-harbour"]),
        Topic("transit", "Transit", story_ids=["s-budget"], automatic=True),
        Topic("empty", "Empty topic"),
    ]
    people = [Person("pieter-de-wit", "Pieter de Wit", aliases=["P. de Wit"],
                     roles={"union chair": ["harbour_daily.md"]}, story_ids=["s-harbour"])]
    timeline = [
        TimelineEntry("t-2019", PartialDate(2019, 6), "First port strike in a decade",
                      summary="Workers walked out for two days.", articles=["harbour_blog.txt"],
                      evidence=[Evidence("In June 2019 workers walked out for two days.", "harbour_blog.txt")],
                      kind="mention"),
        TimelineEntry("t-budget", PartialDate(2024, 11), "Council to vote on transit budget", story_ids=["s-budget"],
                      articles=["budget_preview.txt"]),
        TimelineEntry("t-harbour", PartialDate(2025, 3, 11), "Port strike ends", summary="A deal ends the strike.",
                      story_ids=["s-harbour"], articles=[a.source for a in harbour]),
    ]
    return SiteModel(articles=articles, stories=stories, topics=topics, people=people, timeline=timeline)


def config(**kw: object) -> SiteConfig:
    base = {"title": "Harbour & City Digest", "description": "News from the port.", "per_page": 2,
            "about": "We read **everything**.\n\n<script>alert('x')</script>"}
    base.update(kw)
    return SiteConfig(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rich") / "site"
    render_site(rich_site(), config(), out)
    return out


@pytest.fixture(scope="module")
def built_pretty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pretty") / "site"
    render_site(rich_site(), config(base_url="https://example.org/digest/", domain="news.example.org"), out)
    return out


def read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        if d.get("id"):
            self.ids.add(d["id"] or "")
        for key in ("href", "src"):
            value = d.get(key)
            if value and not (tag == "link" and d.get("rel") == "canonical") and tag != "meta":
                self.links.append(value)


def broken_links(root: Path, base_path: str = "") -> list[str]:
    """Every internal href/src (relative or under ``base_path``) must name a file, and its #id must exist."""
    parsed: dict[Path, Links] = {}

    def parse(p: Path) -> Links:
        if p not in parsed:
            parser = Links()
            parser.feed(p.read_text(encoding="utf-8"))
            parsed[p] = parser
        return parsed[p]

    broken = []
    for page in sorted(root.rglob("*.html")):
        for link in parse(page).links:
            url, frag = urldefrag(link)
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if url.startswith("/"):
                if not base_path or not url.startswith(base_path):
                    broken.append(f"{page.relative_to(root)} → {link}")
                    continue
                target = root / unquote(url[len(base_path):])
            elif url == "":
                target = page
            else:
                target = (page.parent / unquote(url)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(root)} → {link}")
            elif frag and target.suffix == ".html" and frag not in parse(target).ids:
                broken.append(f"{page.relative_to(root)} → {link} (no #{frag})")
    return broken


def test_every_page_type_is_written(built: Path) -> None:
    for path in ["index.html", "page/2/index.html", "stories/port-strike-ends/index.html",
                 "articles/harbour-wire/index.html", "topics/index.html", "topics/labour/index.html",
                 "topics/empty/index.html", "people/index.html", "people/pieter-de-wit/index.html",
                 "archive/index.html", "2025/03/index.html", "2024/11/index.html", "timeline/index.html",
                 "sources/index.html", "about/index.html", "search/index.html", "404.html",
                 "feed.xml", "feed.json", "topics/labour/feed.xml", "sitemap.xml", "robots.txt",
                 "digest.json", "timeline.json", ".nojekyll", "assets/style.css", "assets/timeline.js"]:
        assert (built / path).is_file(), path
    assert not (built / "CNAME").exists()


def test_no_broken_internal_links_local_build(built: Path) -> None:
    assert broken_links(built) == []


def test_no_broken_internal_links_under_subpath(built_pretty: Path) -> None:
    assert broken_links(built_pretty, "/digest/") == []
    # Pretty links: directories, never index.html, except the 404 page which is root-absolute.
    index = read(built_pretty, "index.html")
    assert 'href="stories/port-strike-ends/"' in index
    assert 'href="/digest/assets/style.css"' in read(built_pretty, "404.html")


def test_local_build_links_name_index_html(built: Path) -> None:
    story = read(built, "stories/port-strike-ends/index.html")
    assert 'href="../../articles/harbour-wire/index.html"' in story
    assert 'href="../../index.html"' in story


def test_home_lists_latest_first_and_paginates(built: Path) -> None:
    first = read(built, "index.html")
    assert first.index("Port strike ends after nine days") < first.index("Council to vote on transit budget")
    assert "Letters: on bicycle lanes" not in first  # per_page=2: the undated story is on page 2
    assert "Letters: on bicycle lanes" in read(built, "page/2/index.html")
    assert 'rel="next"' in first and 'aria-label="Pages of stories"' in first
    # Card details: date in <time>, source count, outlets, topics, developing badge.
    assert '<time datetime="2025-03-11">11 March 2025</time>' in first
    assert "3 sources: Northline Wire, The Harbour Daily and 1 without a named outlet" in first
    assert "Labour &amp; unions" in first
    assert first.count("Developing") == 1  # the harbour story has three distinct publication dates


def test_month_precision_is_kept(built: Path) -> None:
    assert '<time datetime="2024-11">November 2024</time>' in read(built, "index.html")
    assert human(PartialDate(2024)) == "2024"


def test_story_page_shows_comparison_sources_warnings(built: Path) -> None:
    page = read(built, "stories/port-strike-ends/index.html")
    for text in ["Agreed", "The strike lasted nine days.", "Only in <a", "The Harbour Daily</a>",
                 "Workers accepted a 6% raise.", "Conflicts", "“8,400” in", "“8,000” in",
                 "Notes for editors", "sources disagree on turnout", "gives the turnout as 8,000",
                 "Ada Brenner", "Outlet not named", "Fullest account", "Pieter de Wit", "Rotterdam",
                 "ROTTERDAM — Dock workers voted", 'href="../../timeline/index.html#t-harbour"']:
        assert text in page, text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_story_without_comparison_or_people_renders(built: Path) -> None:
    page = read(built, "stories/letters-bicycle-lanes/index.html")
    assert "single source" in page
    assert "Date not known" in page
    assert "People and places" not in page


def test_article_page(built: Path) -> None:
    page = read(built, "articles/harbour-daily/index.html")
    assert "Other coverage of this event" in page
    assert "Port strike ends after 9-day stoppage" in page and "What the port deal means" in page
    assert 'href="../../stories/port-strike-ends/index.html"' in page
    assert "gives the turnout as 8,000" in page
    preview = read(built, "articles/budget-preview/index.html")
    assert "written before the event" in preview
    assert "No other source covers this event yet." in preview


def test_topics_people_archive_sources(built: Path) -> None:
    topics = read(built, "topics/index.html")
    assert topics.index("Labour &amp; unions") < topics.index("Empty topic")
    assert "1 story" in topics and "0 stories" in topics and "Automatic" in topics
    assert "No stories in this topic yet." in read(built, "topics/empty/index.html")
    labour = read(built, "topics/labour/index.html")
    assert 'id="m-2025-03"' in labour and "March 2025" in labour
    person = read(built, "people/pieter-de-wit/index.html")
    assert "union chair" in person and "P. de Wit" in person and "Port strike ends" in person
    archive = read(built, "archive/index.html")
    assert "2025/03/index.html" in archive and "Undated" in archive
    assert "Port strike ends" in read(built, "2025/03/index.html")
    sources = read(built, "sources/index.html")
    assert sources.index("Northline Wire") < sources.index("Outlet not named")  # unnamed group last
    assert "What the port deal means" in sources and "Letters: on bicycle lanes" in sources
    assert "Outlet not named (citypaper.example)" in sources  # grouped by the site it came from


def test_timeline_page(built: Path) -> None:
    page = read(built, "timeline/index.html")
    assert page.index('id="year-2019"') < page.index('id="year-2024"') < page.index('id="year-2025"')
    assert '<time datetime="2019-06">June 2019</time>' in page
    assert "Mentioned in coverage" in page
    assert "In June 2019 workers walked out for two days." in page
    assert 'href="../stories/port-strike-ends/index.html"' in page
    assert "assets/timeline.js" in page


def test_about_markdown_is_sanitised(built: Path) -> None:
    page = read(built, "about/index.html")
    assert "<strong>everything</strong>" in page
    assert 'Events from <time datetime="2024-11">November 2024</time> to <time datetime="2025-03-11">' in page
    assert "alert('x')" not in page


def test_navigation_marks_current_section(built: Path) -> None:
    assert 'href="../index.html" aria-current="page">Timeline' not in read(built, "timeline/index.html")
    assert 'aria-current="page">Timeline</a>' in read(built, "timeline/index.html")
    assert 'aria-current="page">Topics</a>' in read(built, "topics/labour/index.html")


def test_meta_tags_with_base_url(built_pretty: Path) -> None:
    page = read(built_pretty, "stories/port-strike-ends/index.html")
    assert '<link rel="canonical" href="https://example.org/digest/stories/port-strike-ends/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta property="article:published_time" content="2025-03-11">' in page
    assert read(built_pretty, "CNAME") == "news.example.org\n"
    assert "Sitemap: https://example.org/digest/sitemap.xml" in read(built_pretty, "robots.txt")


def test_empty_site_renders(tmp_path: Path) -> None:
    written = render_site(SiteModel(articles=[]), SiteConfig(), tmp_path / "out")
    assert "index.html" in written and "timeline/index.html" in written
    assert "No stories yet" in read(tmp_path / "out", "index.html")
    assert broken_links(tmp_path / "out") == []
    assert json.loads(read(tmp_path / "out", "feed.json"))["items"] == []


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    render_site(rich_site(), config(), a)
    render_site(rich_site(), config(), b)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


class _Counting:
    """A stand-in for the build's page reuse state: counts the pages each process wrote."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.merged = 0

    def take(self) -> list[str]:
        taken, self.pages = self.pages, []
        return taken

    def merge(self, taken: list[str]) -> None:
        self.merged += 1
        self.pages.extend(taken)


@pytest.mark.forks
def test_forked_workers_give_the_serial_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder import render
    from site_builder.analyze.features import can_fork
    from site_builder.render.pages import Renderer

    assert can_fork(), "run the 'forks' tests in a plain process (make test does)"
    a, b = tmp_path / "serial", tmp_path / "forked"
    serial = render_site(rich_site(), config(), a, workers=1)
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)
    # Fork after the first job: that one runs here, the rest in workers.
    monkeypatch.setattr(render, "FORK_FIRST_CHECK", 0.0)
    monkeypatch.setattr(render, "FORK_WORTH_SECONDS", 0.0)
    state = _Counting()
    real_write = Renderer.write

    def write(self: Renderer, path: str, text: str) -> None:
        state.pages.append(path)
        real_write(self, path, text)

    monkeypatch.setattr(Renderer, "write", write)
    forked = render_site(rich_site(), config(), b, workers=2, state=state)
    assert forked == serial  # the same files, listed in the same order
    assert tree_bytes(a) == tree_bytes(b)
    # Each file written through Renderer.write is counted once: in a worker, carried back, or
    # (the sitemap, which needs every page) here after the workers.
    assert state.merged > 1 and sorted(state.pages) == sorted(p for p in serial if not p.startswith("assets/"))


def test_cheap_pages_are_not_forked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs whose projected cost is below the threshold all run here (a rebuild reusing most pages)."""
    from site_builder import render
    from site_builder.analyze import features

    serial = render_site(rich_site(), config(), tmp_path / "serial", workers=1)
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)
    monkeypatch.setattr(render, "FORK_FIRST_CHECK", 0.0)
    monkeypatch.setattr(render, "FORK_WORTH_SECONDS", 1e9)

    def no_fork(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("forked although the projected work was below the threshold")

    monkeypatch.setattr(features, "fork_map", no_fork)
    state = _Counting()
    kept = render_site(rich_site(), config(), tmp_path / "kept", workers=2, state=state)
    assert kept == serial
    assert tree_bytes(tmp_path / "serial") == tree_bytes(tmp_path / "kept")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_refuses_to_write_outside_output(tmp_path: Path) -> None:
    site = rich_site()
    site.stories[0].slug = "../../escape"
    with pytest.raises(ValueError, match="outside the output folder"):
        render_site(site, config(), tmp_path / "out")
    assert not (tmp_path / "escape").exists()


def test_digest_keeps_keys_and_adds_fields(built: Path) -> None:
    data = json.loads(read(built, "digest.json"))
    story = next(s for s in data["stories"] if s["id"] == "s-harbour")
    for key in ["id", "title", "event_date", "summary", "articles", "canonical", "url", "topics", "warnings",
                "comparison"]:
        assert key in story
    assert story["comparison"]["conflicts"][0]["variants"] == {"8,400": ["harbour_wire.txt"],
                                                                "8,000": ["harbour_daily.md"]}
    entry = next(e for e in data["timeline"] if e["id"] == "t-2019")
    assert entry["date"] == "2019-06" and entry["evidence"][0]["article"] == "harbour_blog.txt"


def test_timelinejs_keeps_precision(built: Path) -> None:
    data = json.loads(read(built, "timeline.json"))
    events = {e["unique_id"]: e for e in data["events"]}
    assert events["t-2019"]["start_date"] == {"year": "2019", "month": "6", "display_date": "June 2019"}
    assert events["t-harbour"]["start_date"]["day"] == "11"
    assert "Read the story" in events["t-harbour"]["text"]["text"]
    assert events["t-2019"]["group"] == "Mentioned in coverage"


@pytest.mark.parametrize(("target", "current", "pretty", "expected"), [
    ("index.html", "index.html", False, "index.html"),
    ("index.html", "index.html", True, "./"),
    ("stories/a/index.html", "index.html", True, "stories/a/"),
    ("index.html", "stories/a/index.html", True, "../../"),
    ("assets/style.css", "2024/07/index.html", False, "../../assets/style.css"),
    ("feed.xml", "404.html", True, "feed.xml"),
])
def test_relative_urls(target: str, current: str, pretty: bool, expected: str) -> None:
    urls = Urls("https://example.org/x/" if pretty else "")
    assert urls.relative(target, current) == expected


def test_html_has_no_remote_assets(built_pretty: Path) -> None:
    for page in built_pretty.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//(?!example\.org/digest/)', text), page


_segment = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)


def _page_path(parts: list[str]) -> str:
    return "/".join([*parts, "index.html"])


@pytest.mark.parametrize("pretty", [False, True])
def test_relative_links_resolve_to_their_target(pretty: bool) -> None:
    """Property: from any page, a link resolved against the page's URL lands on the target."""
    urls = Urls("https://example.org/sub/" if pretty else "")

    @settings(max_examples=200, deadline=None)
    @given(st.lists(_segment, max_size=3), st.lists(_segment, max_size=3))
    def check(current_parts: list[str], target_parts: list[str]) -> None:
        current, target = _page_path(current_parts), _page_path(target_parts)
        link = urls.relative(target, current)
        page_url = "https://example.org/sub/" + current
        resolved = urlsplit(urljoin(page_url, link)).path
        expected = "/sub/" + (target[: -len("index.html")] if pretty else target)
        assert resolved == expected

    check()


def test_month_pages_link_their_neighbours(built: Path) -> None:
    newest = read(built, "2025/03/index.html")
    assert 'rel="next" href="../../2024/11/index.html"' in newest and 'rel="prev"' not in newest
    assert 'rel="prev" href="../../2025/03/index.html"' in read(built, "2024/11/index.html")
    archive = read(built, "archive/index.html")
    assert archive.index("March 2025") < archive.index("Port strike ends after nine days") < archive.index("2024")


def test_card_headings_follow_the_page_outline(built: Path) -> None:
    assert '<h2 class="card-title">' in read(built, "index.html")
    topic = read(built, "topics/labour/index.html")  # month headings are h2, so cards are h3
    assert '<h3 class="card-title">' in topic and '<h2 class="card-title">' not in topic
    assert re.search(r'<h3 class="card-title">.*?</h3>', topic, re.S)
    assert '<h3 class="card-title">' in read(built, "people/pieter-de-wit/index.html")


def test_dangling_references_render_without_broken_links(tmp_path: Path) -> None:
    """Analysis output that points at missing things must not crash a build or produce dead links."""
    site = rich_site()
    site.stories.append(Story(id="s-empty", slug="empty-story", title="A story with no members", articles=[],
                              topics=["no-such-topic"], people=["nobody"],
                              comparison=Comparison(only_in={"gone.txt": ["A sentence."]},
                                                    conflicts=[Conflict("name", "X", {"Y": ["gone.txt"]})])))
    site.timeline.append(TimelineEntry("t-ghost", PartialDate(2020), "Ghost event", story_ids=["s-missing"],
                                       articles=["gone.txt"], evidence=[Evidence("Quoted.", "gone.txt")]))
    site.people.append(Person("loner", "Lone Person"))
    out = tmp_path / "out"
    render_site(site, config(), out)
    assert broken_links(out) == []
    page = read(out, "stories/empty-story/index.html")
    assert "Only in gone.txt" in page
    timeline = read(out, "timeline/index.html")
    assert "Ghost event" in timeline and '<time datetime="2020">2020</time>' in timeline
    assert "No stories." in read(out, "people/loner/index.html")


def test_story_sources_in_publication_order(built: Path) -> None:
    page = read(built, "stories/port-strike-ends/index.html")
    section = page.split('id="sources-h"', 1)[1]
    assert section.index("2025-03-11") < section.index("2025-03-12") < section.index("2025-03-14")


def test_timelinejs_escapes_untrusted_headlines(tmp_path: Path) -> None:
    site = rich_site()
    site.timeline[0].title = '<img src=x onerror="alert(1)">Talks'
    render_site(site, config(), tmp_path / "out")
    data = json.loads(read(tmp_path / "out", "timeline.json"))
    headlines = [e["text"]["headline"] for e in data["events"]]
    assert "&lt;img src=x onerror=\"alert(1)\"&gt;Talks" in headlines
    assert not any("<img" in h for h in headlines)


def test_bytecode_cache_gives_the_same_site(tmp_path: Path, built: Path) -> None:
    cache = tmp_path / "cache" / "jinja"  # created on first use
    first, again = tmp_path / "first", tmp_path / "again"
    written = render_site(rich_site(), config(), first, bytecode_cache=cache)
    stored = sorted(p.name for p in cache.iterdir())
    assert stored and len(stored) >= 10
    assert render_site(rich_site(), config(), again, bytecode_cache=cache) == written
    assert sorted(p.name for p in cache.iterdir()) == stored  # loaded, not stored again
    assert tree_bytes(first) == tree_bytes(built) == tree_bytes(again)


def test_bytecode_cache_never_serves_a_changed_template(tmp_path: Path) -> None:
    cache, theme = tmp_path / "jinja", tmp_path / "theme"
    theme.mkdir()
    render_site(rich_site(), config(), tmp_path / "plain", bytecode_cache=cache)
    # An override in front of the built-in template: another file, so another entry.
    (theme / "search.html").write_text('{% extends "base.html" %}{% block main %}<p>first</p>{% endblock %}')
    render_site(rich_site(), config(), tmp_path / "a", [theme], bytecode_cache=cache)
    assert "<p>first</p>" in read(tmp_path / "a", "search/index.html")
    # The same file edited: same entry, new source checksum.
    (theme / "search.html").write_text('{% extends "base.html" %}{% block main %}<p>second</p>{% endblock %}')
    render_site(rich_site(), config(), tmp_path / "b", [theme], bytecode_cache=cache)
    page = read(tmp_path / "b", "search/index.html")
    assert "<p>second</p>" in page and "first" not in page
    # And without the override, the built-in template again.
    render_site(rich_site(), config(), tmp_path / "c", bytecode_cache=cache)
    assert tree_bytes(tmp_path / "c") == tree_bytes(tmp_path / "plain")


def test_bytecode_cache_keys_on_the_environment(tmp_path: Path) -> None:
    from site_builder.render.pages import TemplateCodeCache, make_environment

    plain = make_environment([tmp_path])
    other = make_environment([tmp_path])
    assert TemplateCodeCache.environment_key(plain) == TemplateCodeCache.environment_key(other)
    other.trim_blocks = False
    assert TemplateCodeCache.environment_key(plain) != TemplateCodeCache.environment_key(other)
    other = make_environment([tmp_path])
    other.filters["extra"] = str
    assert TemplateCodeCache.environment_key(plain) != TemplateCodeCache.environment_key(other)


def test_unusable_bytecode_cache_only_costs_compiling(tmp_path: Path, built: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    render_site(rich_site(), config(), tmp_path / "out", bytecode_cache=blocked / "jinja")
    assert tree_bytes(tmp_path / "out") == tree_bytes(built)
    # A damaged entry is compiled again and replaced.
    cache = tmp_path / "jinja"
    render_site(rich_site(), config(), tmp_path / "first", bytecode_cache=cache)
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:40])
    render_site(rich_site(), config(), tmp_path / "again", bytecode_cache=cache)
    assert tree_bytes(tmp_path / "again") == tree_bytes(built)

"""The published sample site as a reader's browser sees it, under a subpath, over HTTP.

Every page loads cleanly, search finds a story by a word from its body, the timeline
and home page fit a phone and a desktop, axe-core and vnu find nothing serious, and
no internal link is broken; a build for another host loads nothing from elsewhere.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE, ROOT, VNU, Served, have_java, need, run_cli
from tests.test_render import broken_links

pytestmark = pytest.mark.browser


class Visitor:
    """One browser page reused across navigations, collecting what went wrong on each."""

    def __init__(self, browser, **context_options) -> None:
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        page = self.page
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request) -> None:
        # ERR_ABORTED is our own next navigation cancelling a late request (the favicon), not a fault.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"failed request: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def visit(self, url: str):
        self.problems = []
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


def open_page(browser, url: str, **context_options):  # -> (context, page, problems)
    v = Visitor(browser, **context_options)
    v.visit(url)
    return v.context, v.page, v.problems


def page_type(path: str) -> str:
    """A page's type from its URL path, e.g. 'stories/x/' → 'stories', '2024/07/' → 'month'."""
    first = path.split("/", 1)[0]
    if not path:
        return "home"
    if first.isdigit():
        return "month"
    if path.count("/") >= 2 and first in {"stories", "articles", "topics", "people", "page"}:
        return first + "/*"
    return first


def one_per_type(served: Served) -> list[str]:
    chosen: dict[str, str] = {}
    for path in served.pages():
        chosen.setdefault(page_type(path), path)
    return list(chosen.values())


def test_every_page_type_exists(served: Served) -> None:
    types = {page_type(p) for p in served.pages()}
    for expected in ["home", "stories/*", "articles/*", "topics", "people", "archive", "timeline", "sources",
                     "about", "search"]:
        assert expected in types, expected
    assert (served.root / "404.html").is_file()
    assert (served.root / "pagefind" / "pagefind.js").is_file()


def test_every_page_loads_without_errors(served: Served, browser) -> None:
    failures = []
    # The narrowest phone the theme supports, so every page is also checked for sideways scrolling.
    visitor = Visitor(browser, viewport={"width": 320, "height": 800})
    for path in served.pages():
        page = visitor.visit(served.base + path)
        if page.locator("h1").count() != 1:
            visitor.problems.append("not exactly one h1")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            visitor.problems.append(f"{overflow}px wider than a 320px screen")
        failures += [f"/{path}: {p}" for p in visitor.problems]
    visitor.close()
    assert failures == []


def test_unknown_path_gets_the_404_page_with_working_links(served: Served, browser) -> None:
    context, page, problems = open_page(browser, served.base + "no/such/page/")
    assert page.locator("h1").inner_text() == "Page not found"
    # The page itself answers 404, which chromium logs; anything else is a fault.
    assert [p for p in problems if "status of 404" not in p] == []
    assert sum("status of 404" in p for p in problems) == 1
    page.get_by_role("link", name="Latest stories").click()
    page.wait_for_load_state()
    assert page.url == served.base
    context.close()


def _search_word(served: Served) -> tuple[str, str]:
    """A distinctive word from an article's body, and that article's URL path."""
    for article in sorted((served.root / "articles").glob("*/index.html")):
        text = re.sub(r"<[^>]+>", " ", article.read_text(encoding="utf-8").split('class="prose"', 1)[1])
        words = sorted(set(re.findall(r"\b[a-z]{9,}\b", text)), key=lambda w: (-len(w), w))
        if words:
            return words[0], article.parent.relative_to(served.root).as_posix() + "/"
    pytest.fail("no article body with a long word")


def test_search_finds_a_story_by_a_word_from_its_body(served: Served, browser) -> None:
    word, article_path = _search_word(served)
    context, page, problems = open_page(browser, served.base + "search/")
    box = page.get_by_label("Search stories and articles")
    box.focus()
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    results = page.locator("#search-results a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    resolved = {urlsplit(page.evaluate("h => new URL(h, location.href).href", h)).path for h in hrefs}
    story_paths = {"/repo/" + p for p in served.pages() if p.startswith("stories/")}
    assert "/repo/" + article_path in resolved or resolved & story_paths, (word, resolved)
    assert "result" in page.locator("#search-status").inner_text()
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(served.base) and page.locator("h1").count() == 1
    assert problems == []
    context.close()


def test_header_search_form_carries_the_query(served: Served, browser) -> None:
    word, _ = _search_word(served)
    context, page, problems = open_page(browser, served.base + "timeline/")
    page.get_by_label("Search the digest").fill(word)
    page.get_by_label("Search the digest").press("Enter")
    page.locator("#search-results a").first.wait_for(timeout=10_000)
    assert page.get_by_label("Search stories and articles").input_value() == word
    assert problems == []
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["", "timeline/"])
def test_layout_fits_the_screen(served: Served, browser, artifacts: Path, path: str, width: int) -> None:
    for scheme in ("light", "dark"):
        context, page, problems = open_page(browser, served.base + path, viewport={"width": width, "height": 800},
                                            color_scheme=scheme)
        name = (path.strip("/") or "home").replace("/", "-")
        page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path or 'home'} overflows by {overflow}px at {width}px"
        assert problems == []
        context.close()


def test_timeline_shows_without_javascript(served: Served, browser) -> None:
    context, page, _ = open_page(browser, served.base + "timeline/", java_script_enabled=False)
    entries = page.locator(".tl-entry")
    assert entries.count() >= 1
    assert entries.first.is_visible()
    assert page.locator(".tl-year-marker").first.is_visible()
    assert page.locator(".tl-entry time[datetime]").count() == entries.count()
    context.close()


def test_axe_finds_no_serious_violations(served: Served, browser) -> None:
    need(AXE, "axe-core")
    script = AXE.read_text(encoding="utf-8")
    found = []
    visitor = Visitor(browser)
    for scheme in ("light", "dark"):
        visitor.page.emulate_media(color_scheme=scheme)
        for path in [*one_per_type(served), "no/such/page/"]:
            page = visitor.visit(served.base + path)
            page.add_script_tag(content=script)
            # Only contrast depends on the colour scheme: the dark pass checks just that.
            options = "{resultTypes: ['violations']" + (", runOnly: ['color-contrast']}" if scheme == "dark" else "}")
            result = page.evaluate(f"() => axe.run(document, {options})")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"][:3]]
                    found.append(f"/{path} ({scheme}): {v['id']} {v['impact']}: {v['help']} {targets}")
    visitor.close()
    assert found == []


def test_vnu_finds_no_html_errors(served: Served) -> None:
    need(VNU, "vnu-jar")
    if not have_java():
        pytest.skip("java is not installed")
    files = [str(f) for f in sorted(served.root.rglob("*.html"))]
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                          capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(urlsplit(m.get('url', '')).path).relative_to(served.root)}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []


def test_no_internal_link_is_broken(served: Served) -> None:
    assert broken_links(served.root, "/repo/") == []


def test_other_host_build_loads_nothing_from_elsewhere(browser, tmp_path: Path) -> None:
    """Built for https://example.org/digest/, then browsed with every request answered from disk."""
    base = "https://example.org/digest/"
    out = tmp_path / "site"
    run_cli("build", "--content", str(ROOT / "content"), "--output", str(out), "--config", str(ROOT / "site.yaml"),
            "--base-url", base, "--no-cache", "--no-search")
    assert broken_links(out, "/digest/") == []
    for page_file in out.rglob("*.html"):
        html = page_file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue
            src = re.search(r'\b(?:src|href)="([^"]*)"', tag)
            if src:
                host = urlsplit(src.group(1)).netloc
                assert host in ("", "example.org"), (page_file, tag)
    for css in out.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css

    elsewhere: list[str] = []
    context = browser.new_context()

    def route(r) -> None:
        url = urlsplit(r.request.url)
        if url.netloc != "example.org" or not url.path.startswith("/digest/"):
            elsewhere.append(r.request.url)
            r.abort()
            return
        target = out / url.path[len("/digest/"):]
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            r.fulfill(path=str(target))
        else:
            r.fulfill(status=404, path=str(out / "404.html"))

    context.route("**/*", route)
    page = context.new_page()
    for path in ["", "timeline/", "search/", "about/", *[p for p in sorted(
            f.parent.relative_to(out).as_posix() + "/" for f in out.glob("stories/*/index.html"))][:1]]:
        page.goto(base + path, wait_until="load")
        assert page.locator("h1").count() == 1
    context.close()
    assert elsewhere == []


def test_timeline_filter_is_progressive(served: Served, browser) -> None:
    context, page, problems = open_page(browser, served.base + "timeline/")
    kinds = set(page.locator(".tl-entry").evaluate_all("els => els.map(e => e.dataset.kind)"))
    if len(kinds) < 2:
        pytest.skip("the sample timeline has one kind of entry, so no filter is offered")
    stories = page.get_by_role("button", name="Stories")
    stories.focus()
    page.keyboard.press("Enter")
    assert stories.get_attribute("aria-pressed") == "true"
    visible = page.locator(".tl-entry:visible").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert visible and set(visible) == {"story"}
    page.get_by_role("button", name="All events").click()
    assert page.locator(".tl-entry:visible").count() == page.locator(".tl-entry").count()
    assert problems == []
    context.close()

"""A real browser loads pages built from XSS-laden articles and no injected script runs.

The hostile articles try every door: a ``<script>`` in the title, an ``onerror`` in the
author, an ``onload`` in the dek, a script tag in a hashtag (which becomes a topic page),
and raw HTML, event handlers and ``javascript:`` links in the Markdown body. Each payload
sets ``window.__xss``; the test also listens for dialogs and clicks every link.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import CHROMIUM, FIXTURES

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (make test installs it)")
    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    content.mkdir()
    for name in ("xss-markdown.md", "xss-text.txt", "good-article.md"):
        shutil.copy(FIXTURES / "hostile" / name, content / name)
    (content / "hashtags.txt").write_text(
        "Port opens new cruise terminal\n\nOctober 2, 2024\n\nThe new cruise terminal opened on Wednesday with "
        "two ships in port and a brass band on the quay.\n\n#Harbour #<script>window.__xss='hashtag'</script>\n",
        encoding="utf-8")
    config = root / "site.yaml"
    config.write_text("title: \"<script>window.__xss='site-title'</script>Digest\"\n", encoding="utf-8")
    out = root / "output"
    build(content, out, load_config(config), search=False)
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"out": out, "url": f"http://127.0.0.1:{server.server_address[1]}/"}
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(hostile_site, chromium):
    return chromium


def pages_to_visit(out: Path) -> list[str]:
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    pages = ["index.html"]
    pages += [f"articles/{a['slug']}/index.html" for a in digest["articles"]]
    pages += [p.relative_to(out).as_posix() for p in sorted(out.glob("stories/*/index.html"))]
    pages += [p.relative_to(out).as_posix() for p in sorted(out.glob("topics/**/index.html"))]
    return pages


def test_no_injected_script_runs(hostile_site: dict, browser) -> None:
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visited = 0
    for path in pages_to_visit(hostile_site["out"]):
        page.goto(hostile_site["url"] + path, wait_until="load")
        page.wait_for_timeout(50)  # let any onerror/onload handler fire
        assert page.evaluate("typeof window.__xss") == "undefined", (path, page.evaluate("window.__xss"))
        visited += 1
    assert visited >= 5
    # The payloads are shown to the reader as text, not executed.
    article = json.loads((hostile_site["out"] / "digest.json").read_text(encoding="utf-8"))["articles"]
    (xss,) = [a for a in article if a["source"] == "xss-markdown.md"]
    page.goto(hostile_site["url"] + f"articles/{xss['slug']}/index.html")
    assert "<script>window.__xss = 'title'</script>" in page.inner_text("h1")
    # Clicking every link in the article body runs nothing either.
    for link in page.locator("main a").all()[:20]:
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith("javascript:")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    context.close()

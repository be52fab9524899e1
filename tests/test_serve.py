"""``site-builder serve``: serves the build, rebuilds on change, survives a broken build.

The server runs in this process on a free port with its watcher thread; every wait is
bounded (the helper polls the status endpoint with a deadline).
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.serve import LIVE_RELOAD, STATUS_PATH, DevServer, inject
from tests.conftest import FIXTURES

WAIT = 60.0  # seconds; generous because the test machine may be busy


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def status(server: DevServer) -> dict:
    return json.loads(fetch(server.url.rstrip("/") + STATUS_PATH)[1])


def wait_for(server: DevServer, predicate, what: str) -> dict:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        state = status(server)
        if predicate(state):
            return state
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; last status {status(server)}")


@pytest.fixture()
def server(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "hostile" / "good-article.md", content / "good.md")
    config = tmp_path / "site.yaml"
    config.write_text("title: Serve test\n", encoding="utf-8")
    logs: list[str] = []
    srv = DevServer(content, tmp_path / "output", config, port=0, cache_dir=tmp_path / "cache", log=logs.append)
    srv.start()
    srv.test_logs = logs  # type: ignore[attr-defined]
    try:
        yield srv
    finally:
        srv.stop()


def test_serves_pages_with_live_reload_only_in_responses(server: DevServer) -> None:
    code, html = fetch(server.url)
    assert code == 200
    assert "data-site-builder-live-reload" in html
    on_disk = (server.output / "index.html").read_text(encoding="utf-8")
    assert "data-site-builder-live-reload" not in on_disk
    assert html.replace(LIVE_RELOAD, "") == on_disk
    code, css = fetch(server.url + "assets/style.css")
    assert code == 200 and "live-reload" not in css
    assert status(server) == {"id": 1, "error": None}


def test_rebuilds_when_content_changes(server: DevServer) -> None:
    first = status(server)["id"]
    (server.content / "ferry.md").write_text(
        "---\ntitle: Night ferry timetable published\npublished: 2024-04-02\n---\n\n"
        "The harbour authority published the night ferry timetable on Tuesday.\n", encoding="utf-8")
    wait_for(server, lambda s: s["id"] > first and s["error"] is None, "a rebuild")
    deadline = time.monotonic() + WAIT
    while "Night ferry timetable published" not in fetch(server.url)[1]:
        assert time.monotonic() < deadline, "the new article never appeared"
        time.sleep(0.1)


def test_a_broken_build_shows_an_error_and_the_server_survives(server: DevServer) -> None:
    first = status(server)["id"]
    server.config_path.write_text("title: [broken\n", encoding="utf-8")
    state = wait_for(server, lambda s: s["id"] > first and s["error"], "the failed build")
    assert "invalid YAML" in state["error"]
    code, html = fetch(server.url)
    assert code == 200 and "Harbour authority" in html  # the last good site is still served
    assert any("Build failed" in line for line in server.test_logs)  # type: ignore[attr-defined]
    server.config_path.write_text("title: Serve test, fixed\n", encoding="utf-8")
    wait_for(server, lambda s: s["error"] is None, "the fixed build")


def test_missing_page_is_a_404_with_live_reload(server: DevServer) -> None:
    code, html = fetch(server.url + "no/such/page/")
    assert code == 404 and "data-site-builder-live-reload" in html


def test_inject_without_body_appends() -> None:
    assert inject(b"<p>x</p>").startswith(b"<p>x</p><script")
    assert inject(b"<body>a</BODY>").endswith(b"</script>\n</BODY>")

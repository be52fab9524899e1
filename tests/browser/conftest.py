"""Fixtures for the browser tests: the sample built for a local subpath, served over HTTP, and one chromium.

The site is built with ``--base-url http://127.0.0.1:PORT/repo/`` by the real CLI and
served under ``/repo/`` by a threaded ``http.server`` that, like GitHub Pages, answers
unknown paths with the site's ``404.html``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"


def run_cli(*args: str) -> None:
    """Run ``site-builder`` as a user would, failing the test with its stderr."""
    done = subprocess.run([sys.executable, "-c", "from site_builder.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "repo" / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@dataclass
class Served:
    root: Path  # the output folder, served as /repo/
    base: str  # http://127.0.0.1:PORT/repo/

    def pages(self) -> list[str]:
        """Every HTML page's URL path under /repo/ (pretty: folders end in '/')."""
        out = []
        for f in sorted(self.root.rglob("*.html")):
            rel = f.relative_to(self.root).as_posix()
            if rel == "404.html":
                continue
            out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return out


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    docroot = tmp_path_factory.mktemp("served")
    handler = functools.partial(_Handler, directory=str(docroot))
    # Bind first, so the port the site is built for is the port it is served on.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}/repo/"
    out = docroot / "repo"
    run_cli("build", "--content", str(ROOT / "content"), "--output", str(out), "--config", str(ROOT / "site.yaml"),
            "--base-url", base, "--no-cache")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root=out, base=base)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(served: Served, chromium: object) -> object:
    return chromium


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def need(path: Path, what: str) -> None:
    if not path.exists():
        pytest.skip(f"{what} is missing ({path}); run `npm ci` (make test does)")


def have_java() -> bool:
    return shutil.which("java") is not None

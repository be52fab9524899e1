"""``site-builder serve``: build, serve the output on 127.0.0.1, rebuild on change, reload the browser.

- The output folder is served by a small threaded ``http.server``.
- watchfiles watches the content folder, the templates and the configuration (and the
  timeline file); every batch of changes triggers one incremental build.
- Live reload: HTML responses get a tiny script injected *into the response only*
  (the files in ``output/`` are never touched). It polls ``/__site_builder/status``
  and reloads the page when the build id changes.
- A failed build keeps the server and the last good site running: the error is printed
  in the terminal and shown as an overlay on every open page until a build succeeds.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from site_builder.build import BUILTIN_TEMPLATES, BuildResult, build, manifest_of
from site_builder.config import load_config

STATUS_PATH = "/__site_builder/status"

LIVE_RELOAD = """<script data-site-builder-live-reload>
(function () {
  var seen = null;
  function overlay(message) {
    var el = document.getElementById("__site_builder_overlay");
    if (!message) { if (el) { el.remove(); } return; }
    if (!el) {
      el = document.createElement("pre");
      el.id = "__site_builder_overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;" +
        "padding:1em;background:#3b0a0a;color:#fff;font:13px/1.45 monospace;white-space:pre-wrap;" +
        "z-index:2147483647;border-top:4px solid #e5484d";
      document.body.appendChild(el);
    }
    el.textContent = "Build failed — the page shows the last good build.\\n\\n" + message;
  }
  function poll() {
    fetch("__STATUS__", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.id !== seen) { location.reload(); return; }
      seen = s.id;
      overlay(s.error);
      setTimeout(poll, 600);
    }).catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
</script>
""".replace("__STATUS__", STATUS_PATH)


def inject(html: bytes) -> bytes:
    """Put the live-reload script before ``</body>`` (or at the end when there is none)."""
    script = LIVE_RELOAD.encode()
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + script
    return html[:index] + script + html[index:]


@dataclass
class SiteState:
    """The outcome of the latest build, shared between the watcher and the HTTP threads."""

    build_id: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"id": self.build_id, "error": self.error}


class _Handler(SimpleHTTPRequestHandler):
    state: SiteState  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        if route == STATUS_PATH:
            body = json.dumps(self.state.snapshot()).encode()
            self._send(200, "application/json", body)
            return
        target = self.translate_path(self.path)
        if os.path.isdir(target) and route.endswith("/"):
            target = os.path.join(target, "index.html")
        if target.endswith(".html") and os.path.isfile(target):
            try:
                with open(target, "rb") as fh:
                    html = fh.read()
            except OSError:
                self.send_error(404)
                return
            self._send(200, "text/html; charset=utf-8", inject(html))
            return
        if not os.path.exists(target) and route.endswith(("/", ".html")):
            page = (b"<!doctype html><html lang=en><meta charset=utf-8><title>Not found</title>"
                    b"<body><h1>Not found</h1><p>This page is not in the current build.</p></body></html>")
            self._send(404, "text/html; charset=utf-8", inject(page))
            return
        super().do_GET()

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # Static files too: a rebuilt stylesheet must show after the reload.
        if not any(h.startswith(b"Cache-Control") for h in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", "no-store")
        super().end_headers()


class DevServer:
    """Builds, serves and rebuilds one site; ``start`` returns once the first build is done."""

    def __init__(self, content: Path, output: Path, config_path: Path, *, host: str = "127.0.0.1", port: int = 8000,
                 cache_dir: Path | None = None, base_url: str | None = None,
                 log: Callable[[str], None] = print) -> None:
        self.content = content
        self.output = output
        self.config_path = config_path
        self.cache_dir = cache_dir
        self._started_with: dict[str, object] = {}  # watched files as the first build saw them
        self.base_url = base_url
        self.log = log
        self.state = SiteState()
        self._build_lock = threading.Lock()
        self._stop = threading.Event()
        handler = type("Handler", (_Handler,), {"state": self.state})
        output.mkdir(parents=True, exist_ok=True)
        self.httpd = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(output)))
        self.httpd.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> BuildResult | None:
        """One build; any failure is recorded for the overlay instead of raised."""
        with self._build_lock:
            result: BuildResult | None = None
            error: str | None = None
            try:
                config = load_config(self.config_path, self.base_url)
                result = build(self.content, self.output, config, cache_dir=self.cache_dir, search=False)
            except Exception as exc:  # the server must outlive any broken input or template
                error = f"{type(exc).__name__}: {exc}"
                self.log(f"Build failed: {error}")
                self.log(traceback.format_exc(limit=6).rstrip())
            else:
                for problem in result.problems:
                    self.log(problem.format())
                self.log(f"Built {result.articles} articles, {result.pages} pages, {len(result.problems)} warnings "
                         f"in {result.seconds:.2f}s")
            with self.state.lock:
                self.state.build_id += 1
                self.state.error = error
            return result

    def watched_paths(self) -> list[Path]:
        paths = [self.content]
        if BUILTIN_TEMPLATES.is_dir():
            paths.append(BUILTIN_TEMPLATES)
        config = self.config_path
        timeline = config.parent / "timeline.yaml"
        paths += [p for p in (config, timeline) if p.exists()]
        return paths

    def _snapshot(self) -> dict[str, object]:
        """Every watched file with its size and mtime (per watched folder or file)."""
        found: dict[str, object] = {}
        for root in self.watched_paths():
            try:
                if root.is_dir():
                    found[str(root)] = manifest_of(root)
                else:
                    st = root.stat()
                    found[str(root)] = (st.st_size, st.st_mtime_ns)
            except OSError:  # vanished while starting: the watcher reports what follows
                continue
        return found

    def _watch(self) -> None:
        import watchfiles

        caught_up = False
        while not self._stop.is_set():
            try:
                for changes in watchfiles.watch(*self.watched_paths(), stop_event=self._stop, debounce=200,
                                                step=50, rust_timeout=500, yield_on_timeout=True):
                    if not changes:
                        # The watcher is set up a moment after the first build: a file saved in
                        # between is caught here, once, by comparing with the first build's view.
                        if not caught_up:
                            caught_up = True
                            if self._snapshot() != self._started_with:
                                self.log("Changed while starting")
                                self.rebuild()
                        continue
                    names = sorted({Path(p).name for _, p in changes})
                    self.log(f"Changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
                    self.rebuild()
            except Exception as exc:  # a watched folder vanished: keep serving, try again shortly
                self.log(f"Watching stopped ({exc}); retrying")
                self._stop.wait(1.0)

    def start(self, watch: bool = True) -> None:
        self._started_with = self._snapshot()
        self.rebuild()
        serve = threading.Thread(target=self.httpd.serve_forever, name="site-builder-http", daemon=True)
        serve.start()
        self._threads.append(serve)
        if watch:
            watcher = threading.Thread(target=self._watch, name="site-builder-watch", daemon=True)
            watcher.start()
            self._threads.append(watcher)

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait(self) -> None:
        """Block until interrupted (Ctrl-C)."""
        self._stop.wait()

"""Where every page lives in ``output/`` and how pages link to each other.

Links are relative, so the site works under any subpath and from disk. With no base
URL configured (a local build) links name ``index.html`` explicitly so they also
open from the file system; with one, they end in ``/`` as on a web server.
"""

from __future__ import annotations

import posixpath


class Urls:
    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url
        self.pretty = bool(base_url)

    # Output paths (relative to output/) of each page type.
    @staticmethod
    def story(slug: str) -> str:
        return f"stories/{slug}/index.html"

    @staticmethod
    def article(slug: str) -> str:
        return f"articles/{slug}/index.html"

    @staticmethod
    def topic(slug: str) -> str:
        return f"topics/{slug}/index.html"

    @staticmethod
    def person(slug: str) -> str:
        return f"people/{slug}/index.html"

    @staticmethod
    def month(year: int, month: int) -> str:
        return f"{year:04d}/{month:02d}/index.html"

    @staticmethod
    def index_page(n: int) -> str:
        return "index.html" if n <= 1 else f"page/{n}/index.html"

    def _public(self, path: str) -> str:
        if self.pretty and (path == "index.html" or path.endswith("/index.html")):
            return path[: -len("index.html")]
        return path

    def relative(self, target: str, current: str) -> str:
        """Link from the page at output path ``current`` to the file at ``target``."""
        rel = posixpath.relpath(target, posixpath.dirname(current) or ".")
        public = self._public(rel if rel != "." else "index.html")
        return public or "./"

    def absolute(self, target: str) -> str:
        """Full URL of ``target`` for feeds, sitemaps and canonical links (needs a base URL)."""
        public = self._public(target)
        return (self.base_url or "/") + ("" if public == "./" else public)

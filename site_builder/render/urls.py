"""Where every page lives in ``output/`` and how pages link to each other.

Links are relative, so the site works under any subpath and from disk. With no base
URL configured (a local build) links name ``index.html`` explicitly so they also
open from the file system; with one, they end in ``/`` as on a web server.
"""

from __future__ import annotations

from urllib.parse import urlsplit


class Urls:
    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url
        self.pretty = bool(base_url)
        # The path part of the base URL ("/repo/"), used by pages that may be served
        # from any depth (the 404 page) and so cannot use relative links.
        self.base_path = (urlsplit(base_url).path or "/") if base_url else ""
        if self.base_path and not self.base_path.endswith("/"):
            self.base_path += "/"
        self._prefix_cache: dict[str, str] = {}

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
    def topic_feed(slug: str) -> str:
        return f"topics/{slug}/feed.xml"

    @staticmethod
    def person(slug: str) -> str:
        return f"people/{slug}/index.html"

    @staticmethod
    def month(year: int, month: int) -> str:
        return f"{year:04d}/{month:02d}/index.html"

    @staticmethod
    def index_page(n: int) -> str:
        return "index.html" if n <= 1 else f"page/{n}/index.html"

    topics_index = "topics/index.html"
    people_index = "people/index.html"
    archive = "archive/index.html"
    timeline = "timeline/index.html"
    sources = "sources/index.html"
    about = "about/index.html"
    search = "search/index.html"
    not_found = "404.html"
    atom = "feed.xml"
    json_feed = "feed.json"
    sitemap = "sitemap.xml"

    def _public(self, path: str) -> str:
        if self.pretty and (path == "index.html" or path.endswith("/index.html")):
            return path[: -len("index.html")]
        return path

    def _prefix(self, current: str) -> str:
        prefix = self._prefix_cache.get(current)
        if prefix is None:
            prefix = "../" * current.count("/")
            self._prefix_cache[current] = prefix
        return prefix

    def relative(self, target: str, current: str) -> str:
        """Link from the page at output path ``current`` to the file at ``target``.

        Every link climbs to the site root and descends again: longer than the
        shortest path but trivially correct and cheap, which matters over
        thousands of pages.
        """
        link = self._prefix(current) + self._public(target)
        return link or "./"

    def rooted(self, target: str) -> str:
        """Site-root-absolute path (``/repo/stories/x/``), or relative when no base URL is set."""
        if not self.base_path:
            return self._public(target) or "./"
        return self.base_path + self._public(target)

    def absolute(self, target: str) -> str:
        """Full URL of ``target`` for feeds, sitemaps and canonical links (needs a base URL)."""
        public = self._public(target)
        return (self.base_url or "/") + ("" if public == "./" else public)

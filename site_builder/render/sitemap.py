"""``sitemap.xml`` and ``robots.txt`` for crawlers.

``lastmod`` is a page's own content date (never the build time), and only when known
to the day; sitemaps need absolute URLs, so without a base URL they hold root paths.
"""

from __future__ import annotations

from site_builder.render.feeds import escape  # not xml.sax.saxutils, which imports urllib.request
from site_builder.render.urls import Urls


def sitemap_xml(urls: Urls, pages: list[tuple[str, str | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in sorted(pages):
        lines.append(f"  <url><loc>{escape(urls.absolute(path))}</loc>"
                     + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(urls: Urls) -> str:
    text = "User-agent: *\nAllow: /\n"
    if urls.base_url:
        text += f"\nSitemap: {urls.absolute(urls.sitemap)}\n"
    return text

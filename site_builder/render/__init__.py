"""Render: a :class:`SiteModel` → the files of the static site, written under a folder.

Templates come from the top-level ``templates/`` folder; a site may put its own
templates in front of them to override any file. Pages are in :mod:`.pages`, feeds
in :mod:`.feeds`, crawler files in :mod:`.sitemap`, data exports in :mod:`.digest` and
:mod:`.timelinejs`; search indexing (:mod:`.search`) runs afterwards, from the build.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.model import SiteConfig, SiteModel
from site_builder.render.digest import digest_json, records_json
from site_builder.render.feeds import atom_feed, json_feed
from site_builder.render.pages import BUILTIN_TEMPLATES, Renderer, make_environment
from site_builder.render.sitemap import robots_txt, sitemap_xml
from site_builder.render.timelinejs import timelinejs

__all__ = ["BUILTIN_TEMPLATES", "Renderer", "make_environment", "render_site"]


def render_site(
    site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path] | None = None
) -> list[str]:
    """Write the whole site into ``out_dir``; returns the written paths (relative to it)."""
    r = Renderer(site, config, out_dir, template_dirs or [])
    r.render_pages()
    r.write(r.urls.atom, atom_feed(r, r.stories, r.urls.atom, config.title))
    r.write(r.urls.json_feed, json_feed(r, r.stories))
    for topic in site.topics:
        path = r.urls.topic_feed(topic.slug)
        r.write(path, atom_feed(r, r.topic_stories[topic.slug], path, f"{topic.name} · {config.title}",
                                self_page=r.urls.topic(topic.slug)))
    r.write(r.urls.sitemap, sitemap_xml(r.urls, r.sitemap))
    r.write("robots.txt", robots_txt(r.urls))
    r.write("digest.json", digest_json(site, r.urls, config))
    r.write("timeline.json", records_json(timelinejs(site, r.urls, config)))
    # GitHub Pages would otherwise run Jekyll, which hides folders such as _pagefind.
    r.write(".nojekyll", "")
    if config.domain.strip():
        r.write("CNAME", config.domain.strip() + "\n")
    r.copy_static()
    return r.written

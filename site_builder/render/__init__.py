"""Render: a :class:`SiteModel` → the files of the static site, written under a folder.

Templates come from the top-level ``templates/`` folder; a site may put its own
templates in front of them to override any file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from site_builder.model import SiteConfig, SiteModel
from site_builder.render.digest import digest_json
from site_builder.render.urls import Urls

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def make_environment(template_dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(("html", "xml", "j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


class Renderer:
    def __init__(self, site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path]) -> None:
        self.site = site
        self.config = config
        self.out = out_dir
        self.template_dirs = [*template_dirs, BUILTIN_TEMPLATES]
        self.env = make_environment(self.template_dirs)
        self.urls = Urls(config.base_url)
        self.written: list[str] = []

    def write(self, path: str, text: str) -> None:
        target = (self.out / path).resolve()
        if not target.is_relative_to(self.out.resolve()):
            raise ValueError(f"refusing to write outside the output folder: {path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.append(path)

    def page(self, template: str, path: str, **context: object) -> None:
        def url(target: str) -> str:
            return self.urls.relative(target, path)

        html = self.env.get_template(template).render(
            site=self.site, config=self.config, urls=self.urls, url=url, page_path=path, **context
        )
        self.write(path, html)

    def copy_static(self) -> None:
        for folder in reversed(self.template_dirs):
            static = folder / "static"
            if static.is_dir():
                shutil.copytree(static, self.out / "assets", dirs_exist_ok=True)

    def render(self) -> list[str]:
        site = self.site
        stories = sorted(site.stories, key=lambda s: (s.event_date.date.to_date().isoformat() if s.event_date
                                                      else "", s.id), reverse=True)
        per_page = self.config.per_page
        pages = [stories[i : i + per_page] for i in range(0, len(stories), per_page)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            self.page("index.html", self.urls.index_page(n), stories=chunk, page_number=n, page_count=len(pages))
        by_id = {s.id: s for s in site.stories}
        for story in site.stories:
            self.page("story.html", self.urls.story(story.slug), story=story)
        for article in site.articles:
            story = by_id.get(article.story_id or "")
            self.page("article.html", self.urls.article(article.slug), article=article, story=story)
        self.write("digest.json", digest_json(site, self.urls))
        self.copy_static()
        return self.written


def render_site(
    site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path] | None = None
) -> list[str]:
    return Renderer(site, config, out_dir, template_dirs or []).render()

"""Pages of one kind are looked up in one batch (``Renderer.pages_of``): stored pages are written
without building their context, the others rendered, in page order, sitemap included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_builder.model import Article, SiteConfig, SiteModel
from site_builder.render.pages import Renderer


def _renderer(tmp_path: Path) -> Renderer:
    article = Article(source="a.md", slug="a", title="A", body=["Text."], body_html="<p>Text.</p>", content_hash="h")
    return Renderer(SiteModel(articles=[article]), SiteConfig(title="T"), tmp_path, [])


def test_pages_of_writes_stored_pages_without_a_context_and_renders_the_others(tmp_path: Path) -> None:
    r = _renderer(tmp_path)
    asked: list[tuple[str, list[tuple[str, tuple[Any, ...]]]]] = []

    def stored_pages(template: str, pages: list[tuple[str, tuple[Any, ...]]]) -> list[str | None]:
        asked.append((template, pages))
        return [f"<p>kept {path}</p>" if path.startswith("kept") else None for path, _ in pages]

    r.stored_pages = stored_pages  # type: ignore[method-assign]
    made: list[str] = []

    def make(name: str) -> dict[str, Any]:
        made.append(name)
        return {"title": name}

    paths = ["kept1.html", "kept2.html", "new1.html", "kept3.html", "new2.html"]
    specs = [(p, (i,), lambda p=p: make(p), f"2024-01-0{i + 1}") for i, p in enumerate(paths)]
    jobs = r.pages_of("search.html", specs)
    assert asked == [("search.html", [(p, (i,)) for i, p in enumerate(paths)])]
    # Two runs of stored pages (one job each) around the two pages to render.
    assert len(jobs) == 4
    assert made == []  # nothing is built before the jobs run
    for job in jobs:
        job()
    assert made == ["new1.html", "new2.html"]
    assert r.written == paths
    assert r.sitemap == [(p, f"2024-01-0{i + 1}") for i, p in enumerate(paths)]
    assert (tmp_path / "kept2.html").read_text(encoding="utf-8") == "<p>kept kept2.html</p>"
    assert "<html" in (tmp_path / "new2.html").read_text(encoding="utf-8")


def test_without_a_cache_every_page_of_a_batch_renders(tmp_path: Path) -> None:
    r = _renderer(tmp_path)
    jobs = r.pages_of("search.html", [("x.html", (), lambda: {"title": "X"}, None),
                                      ("y.html", (), lambda: {"title": "Y"}, None)])
    for job in jobs:
        job()
    assert r.written == ["x.html", "y.html"]
    assert all("<html" in (tmp_path / p).read_text(encoding="utf-8") for p in r.written)

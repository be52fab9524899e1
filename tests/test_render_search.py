"""Pagefind indexing of a rendered site: only content pages are indexed, and failures are reported clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.render import render_site
from site_builder.render.search import SearchIndexError, index_site
from tests.test_render import config, rich_site


def test_index_covers_content_pages_only(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = rich_site()
    render_site(site, config(), out)
    index_site(out)
    bundle = out / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    # One fragment per page marked data-pagefind-body: stories, articles, topics and people, not listings.
    expected = len(site.stories) + len(site.articles) + len(site.topics) + len(site.people)
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == expected


def test_index_is_deterministic(tmp_path: Path) -> None:
    bundles = []
    for name in ("a", "b"):
        out = tmp_path / name
        render_site(rich_site(), config(), out)
        index_site(out)
        bundles.append({p.relative_to(out).as_posix(): p.read_bytes()
                        for p in sorted((out / "pagefind").rglob("*")) if p.is_file()})
    assert bundles[0] == bundles[1]


def test_a_folder_without_pages_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="--no-search"):
        index_site(tmp_path / "missing")

"""Ingest: content files → :class:`Article` records, with a :class:`Problem` for every bad file.

Front matter always wins over what is inferred from the text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from site_builder.ingest.decode import BinaryFile, decode
from site_builder.ingest.discover import SourceFile, discover
from site_builder.model import Article, Problem, SiteConfig

__all__ = ["SourceFile", "load_articles", "parse_file", "parse_text"]


def parse_text(text: str, rel: str, config: SiteConfig, digest: str = "") -> tuple[Article | None, list[Problem]]:
    """Parse already-decoded text into an article (None when nothing usable is left)."""
    # Imported here: the parsers take ~0.5 s to import, and a no-change rebuild
    # (which only needs discover) must not pay for them.
    from site_builder.ingest.frontmatter import split_front_matter
    from site_builder.ingest.records import build_article

    meta, body, problems = split_front_matter(text, rel)
    article, more = build_article(rel, meta, body, config, digest or hashlib.sha256(text.encode()).hexdigest())
    return article, problems + more


def parse_file(source: SourceFile, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return None, [Problem(source.rel, f"cannot read file ({exc.strerror}); skipped", "check its permissions",
                              severity="error")]
    try:
        text, problems = decode(data, source.rel)
    except BinaryFile:
        return None, [Problem(source.rel, "binary file, not text; skipped",
                              "remove it from content/ or save the article as .txt or .md", severity="error")]
    article, more = parse_text(text, source.rel, config, hashlib.sha256(data).hexdigest())
    return article, problems + more


def unique_slugs(articles: list[Article]) -> list[Problem]:
    """Make slugs unique in source order.

    Only a slug an editor wrote in front matter earns a warning when renamed: headlines,
    and so inferred slugs, repeat whenever outlets copy one story, which is no problem.
    """
    problems = []
    seen: set[str] = set()
    for article in sorted(articles, key=lambda a: a.source):
        slug = article.slug
        n = 2
        while slug in seen:
            slug = f"{article.slug}-{n}"
            n += 1
        if slug != article.slug and article.front_matter.get("slug"):
            problems.append(Problem(article.source, f"slug '{article.slug}' is already used; renamed to '{slug}'",
                                    "give the file a unique 'slug' in its front matter"))
        article.slug = slug
        seen.add(slug)
    return problems


def load_articles(content_dir: Path, config: SiteConfig) -> tuple[list[Article], list[Problem]]:
    files, problems = discover(content_dir, config.max_file_bytes)
    articles = []
    for source in files:
        article, more = parse_file(source, config)
        problems.extend(more)
        if article is not None:
            articles.append(article)
    problems.extend(unique_slugs(articles))
    return articles, problems


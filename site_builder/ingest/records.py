"""Assembles one :class:`Article` from front matter and cleaned body text."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from site_builder.ingest.dates import find_dates, parse_date_value, resolve_weekday
from site_builder.ingest.furniture import clean_lines
from site_builder.ingest.markup import markdown_html, paragraphs_html
from site_builder.ingest.metadata import parse_header
from site_builder.model import Article, DatedValue, PartialDate, Problem, SiteConfig

_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _paragraphs(lines: list[str]) -> list[str]:
    paras: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        paras.append(" ".join(current))
    return paras


def _front_date(meta: dict[str, Any], key: str, rel: str, problems: list[Problem]) -> DatedValue | None:
    if key not in meta or meta[key] in (None, ""):
        return None
    try:
        date = parse_date_value(meta[key])
    except ValueError as exc:
        problems.append(Problem(rel, f"front matter '{key}' is not a valid date ({exc})",
                                "write it as YYYY-MM-DD, YYYY-MM or YYYY", severity="error"))
        return None
    return DatedValue(date, "front matter") if date else None


def build_article(rel: str, meta: dict[str, Any], body: str, config: SiteConfig,
                  digest: str) -> tuple[Article | None, list[Problem]]:
    problems: list[Problem] = []
    is_markdown = PurePosixPath(rel).suffix.lower() in (".md", ".markdown")
    cleaned = clean_lines(body)
    header = parse_header(cleaned.lines)
    lines = [line for i, line in enumerate(cleaned.lines) if i not in header.consumed]
    paragraphs = _paragraphs(lines)
    title = str(meta.get("title") or header.title or "").strip()
    if not paragraphs and not meta.get("title"):
        problems.append(Problem(rel, "no article text left after removing page furniture; skipped",
                                "paste the article body into the file", severity="error"))
        return None, problems
    if not title:
        title = PurePosixPath(rel).stem.replace("_", " ").replace("-", " ")
        problems.append(Problem(rel, "no headline found; using the file name",
                                "add a 'title' in front matter"))
    published = _front_date(meta, "published", rel, problems) or _front_date(meta, "date", rel, problems)
    if published is None and header.date_line:
        found = find_dates(header.date_line)
        if found:
            published = DatedValue(found[0].date, "dateline")
    event_date = _front_date(meta, "event_date", rel, problems)
    if event_date is None:
        event_date = _infer_event_date("\n".join(paragraphs), published)
    slug = str(meta.get("slug") or "").strip()
    if slug and not _SLUG_OK.match(slug):
        problems.append(Problem(rel, f"slug {slug!r} is not allowed (only a-z, 0-9, '.', '_', '-')",
                                "use a plain slug such as 'my-story'", severity="error"))
        slug = ""
    tags = _as_list(meta.get("tags")) + _as_list(meta.get("topics"))
    tags += [t for t in cleaned.hashtags if t not in tags]
    html_body = markdown_html("\n\n".join(paragraphs), trust_html=config.trust_html) if is_markdown \
        else paragraphs_html(paragraphs)
    article = Article(
        source=rel,
        slug=slug or slugify(title),
        title=title,
        body=paragraphs,
        body_html=html_body,
        content_hash=digest,
        dek=str(meta.get("dek") or meta.get("description") or "") or header.dek,
        author=str(meta["author"]) if meta.get("author") else header.author,
        outlet=str(meta["outlet"]) if meta.get("outlet") else header.outlet,
        published=published,
        event_date=event_date,
        tags=tags,
        front_matter=meta,
    )
    article.warnings = [p.message for p in problems]
    return article, problems


def _infer_event_date(text: str, published: DatedValue | None) -> DatedValue | None:
    ref_year = published.date.year if published else None
    found = find_dates(text[:1500], reference_year=ref_year)
    if found:
        return DatedValue(found[0].date, found[0].how)
    if published and published.date.precision == "day":
        resolved = resolve_weekday(text[:600], published.date.to_date())
        if resolved:
            return DatedValue(PartialDate.from_date(resolved[0]), "relative")
    return None


"""Assembles one :class:`Article` from front matter and cleaned body text.

Order of belief for every field: front matter, then the page header (headline, byline,
date line), then weaker signals lower on the page (footer bylines and dates, wire
credits, copyright and source lines). Front matter always wins.
"""

from __future__ import annotations

import re
import statistics
from pathlib import PurePosixPath
from typing import Any

from site_builder.ingest import outlets
from site_builder.ingest.dates import (
    DateContext,
    DateLine,
    file_context,
    infer_event_date,
    parse_date_line,
    parse_date_value,
)
from site_builder.ingest.furniture import Cleaned, clean_lines
from site_builder.ingest.markup import markdown_paragraphs_html, paragraphs_html
from site_builder.ingest.metadata import Header, credit_authors, join_names, parse_byline, parse_header
from site_builder.ingest.patterns import lazy_compile
from site_builder.ingest.sentences import ends_like_sentence, fold, is_prose, split_sentences
from site_builder.model import Article, DatedValue, Problem, SiteConfig

_SLUG_OK = lazy_compile(r"^[a-z0-9][a-z0-9._-]*$")
_DEK_KEYS = ("dek", "description", "summary", "subtitle", "standfirst", "excerpt")
_OUTLET_KEYS = ("outlet", "publisher", "publication", "site_name", "site", "newspaper")
_AUTHOR_KEYS = ("author", "authors", "byline", "by")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"


def as_list(value: Any) -> list[str]:
    """A front-matter list value: a YAML list or a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _first_text(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = join_names([str(v).strip() for v in value if v is not None and str(v).strip()])
        if value is not None and not isinstance(value, dict) and str(value).strip():
            return " ".join(str(value).split())
    return None


def _hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (e-mail, wire copy): lines of a paragraph belong together."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4 or "" not in lines:
        return False
    median = statistics.median(lengths)
    return 45 <= median <= 90 and sum(1 for n in lengths if n <= 90) / len(lengths) >= 0.8


def _paragraphs(lines: list[str], *, markdown: bool) -> list[str]:
    """Blocks separated by blank lines; in plain text each line is its own paragraph unless
    the file is hard-wrapped or the line break falls mid-sentence."""
    joiner = "\n" if markdown else " "
    wrapped = markdown or _hard_wrapped(lines)
    paras: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paras.append(joiner.join(current))
                current = []
            continue
        if current and not wrapped:
            prev = current[-1]
            continues = not ends_like_sentence(prev) and line[:1].islower()
            if not continues:
                paras.append(joiner.join(current))
                current = []
        current.append(line)
    if current:
        paras.append(joiner.join(current))
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


def _body_lines(cleaned: Cleaned, header: Header, title: str) -> list[str]:
    """Lines left for the body: header lines used up, and the headline's echoes removed."""
    key = fold(title)
    out = []
    for i, line in enumerate(cleaned.lines):
        if i in header.consumed:
            continue
        if line and key and abs(len(line) - len(title)) < 12 and fold(line) == key and not is_prose(line):
            continue
        out.append(line)
    return out


def _late_header(cleaned: Cleaned, header: Header, ctx: DateContext) -> tuple[str | None, DateLine | None]:
    """A "By X" line or a date stamp placed just after the first paragraph (some layouts do)."""
    seen = 0
    author = stamp = None
    for i, line in enumerate(cleaned.lines):
        if not line or i in header.consumed:
            continue
        seen += 1
        if seen > 8:
            break
        if len(line) > 120:
            continue
        if author is None and line[:2].lower() == "by":
            byline = parse_byline(line, ctx)
            if byline and byline.authors:
                header.consumed.add(i)
                author = join_names(byline.authors)
                continue
        if stamp is None and header.published is None:
            found = parse_date_line(line, ctx)
            if found is not None:
                header.consumed.add(i)
                stamp = found
    return author, stamp


def _title_from_lede(paragraphs: list[str]) -> str | None:
    """The first sentence, shortened: a better stand-in headline than a file name."""
    if not paragraphs:
        return None
    sentences = split_sentences(paragraphs[0])
    if not sentences:
        return None
    tokens = sentences[0].split()
    return " ".join(tokens[:14]) + ("…" if len(tokens) > 14 else "")


def _footer_metadata(cleaned: Cleaned, ctx: DateContext) -> tuple[str | None, DatedValue | None, str | None]:
    """Author, published date and outlet from lines below the story (bylines, stamps, credits)."""
    author = published = outlet = None
    for line in cleaned.footer:
        byline = parse_byline(line, ctx)
        if byline:
            author = author or (join_names(byline.authors) if byline.authors else None)
            outlet = outlet or byline.outlet
            if byline.date and not byline.date.updated and published is None:
                published = DatedValue(byline.date.date, "footer date line")
            continue
        stamp = parse_date_line(line, ctx)
        if stamp and not stamp.updated and published is None:
            published = DatedValue(stamp.date, "footer date line")
            continue
        # A sign-off such as "— Associated Press" or "(Reuters)".
        signoff = line.strip(" -–—()[]")
        if outlet is None and signoff and len(signoff) <= 40 and line[:1] in "-–—([":
            outlet = outlets.from_byline_suffix(signoff)
    if author is None:
        for hint in cleaned.author_hints:
            names = credit_authors(hint)
            if names:
                author = join_names(names)
                break
    return author, published, outlet


def build_article(rel: str, meta: dict[str, Any], body: str, config: SiteConfig,
                  digest: str) -> tuple[Article | None, list[Problem]]:
    problems: list[Problem] = []
    is_markdown = PurePosixPath(rel).suffix.lower() in (".md", ".markdown")
    cleaned = clean_lines(body, markdown=is_markdown)
    fm_published = _front_date(meta, "published", rel, problems) or _front_date(meta, "date", rel, problems)
    ctx = file_context(body, fm_published.date if fm_published else None)
    fm_title = _first_text(meta, ("title", "headline"))
    header = parse_header(cleaned.lines, cleaned.repeated, markdown=is_markdown, context=ctx, known_title=fm_title)
    title = fm_title or header.title or ""
    late_author, late_stamp = _late_header(cleaned, header, ctx)
    lines = _body_lines(cleaned, header, title)
    paragraphs = _paragraphs(lines, markdown=is_markdown)
    if not paragraphs and not meta.get("title"):
        problems.append(Problem(rel, "no article text left after removing page furniture; skipped",
                                "paste the article body into the file", severity="error"))
        return None, problems
    if not title:
        title = _title_from_lede(paragraphs) or PurePosixPath(rel).stem.replace("_", " ").replace("-", " ")
        problems.append(Problem(rel, "no headline found; using the first sentence as the title",
                                "add a 'title' in front matter"))
    foot_author, foot_published, foot_outlet = _footer_metadata(cleaned, ctx)

    published = fm_published
    if published is None and header.published:
        published = DatedValue(header.published.date, header.published.how)
    if published is None and late_stamp and not late_stamp.updated:
        published = DatedValue(late_stamp.date, late_stamp.how)
    if published is None and foot_published:
        published = foot_published
    updated = header.updated or (late_stamp if late_stamp and late_stamp.updated else None)
    if published is None and updated:
        published = DatedValue(updated.date, "updated line")

    event_date = _front_date(meta, "event_date", rel, problems)
    preview_meta = meta.get("preview", meta.get("is_preview"))
    inferred, preview, date_warnings = infer_event_date(
        title, paragraphs, published, context=ctx,
        preview=bool(preview_meta) if isinstance(preview_meta, bool) else None)
    if event_date is None:
        event_date = inferred
    problems.extend(Problem(rel, w, "check the dates in the article") for w in date_warnings)

    slug = str(meta.get("slug") or "").strip()
    if slug and not _SLUG_OK.match(slug):
        problems.append(Problem(rel, f"slug {slug!r} is not allowed (only a-z, 0-9, '.', '_', '-')",
                                "use a plain slug such as 'my-story'", severity="error"))
        slug = ""
    tags = as_list(meta.get("tags")) + as_list(meta.get("topics"))
    tags += [t for t in cleaned.hashtags + cleaned.tags if t not in tags]
    html_body = markdown_paragraphs_html(paragraphs, trust_html=config.trust_html) if is_markdown \
        else paragraphs_html(paragraphs)
    outlet = (_first_text(meta, _OUTLET_KEYS) or header.outlet
              or (outlets.from_wire_dateline(paragraphs[0]) if paragraphs else None)
              or foot_outlet or next(iter(cleaned.outlet_hints), None))
    article = Article(
        source=rel,
        slug=slug or slugify(title),
        title=title,
        body=paragraphs,
        body_html=html_body,
        content_hash=digest,
        dek=_first_text(meta, _DEK_KEYS) or header.dek,
        author=_first_text(meta, _AUTHOR_KEYS) or header.author or late_author or foot_author,
        outlet=outlet,
        published=published,
        event_date=event_date,
        tags=tags,
        is_preview=preview,
        front_matter=meta,
    )
    article.warnings = [p.message for p in problems]
    return article, problems

"""``site-builder check``: what the builder inferred for every file, and everything an editor should fix.

Runs ingest and analyze exactly as a build does (reusing the build cache read-only, so
it is quick on a large folder) but renders nothing. On top of the build's own problems
it reports undated articles and likely duplicates: articles whose text is nearly the
same (word 5-gram overlap), which usually means the same copy was pasted twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from site_builder.build import DEFAULT_CACHE_DIR, collect, parse_key, run_analysis
from site_builder.cache import BuildCache
from site_builder.model import Article, DatedValue, Problem, SiteConfig, SiteModel, Story

DUPLICATE_SIMILARITY = 0.8  # share of word 5-grams two texts have in common (Jaccard)
_SHINGLE = 5
_WORD = re.compile(r"\w+")


@dataclass
class FileReport:
    source: str
    article: Article | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return self.article is None


@dataclass
class Report:
    files: list[FileReport]
    site: SiteModel
    other: list[Problem] = field(default_factory=list)  # problems not tied to one content file

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems] + self.other

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def to_data(self) -> dict[str, Any]:
        stories = {s.id: s for s in self.site.stories}
        topic_names = {t.slug: t.name for t in self.site.topics}
        files = []
        for f in self.files:
            a = f.article
            story = stories.get(a.story_id or "") if a else None
            files.append({
                "source": f.source,
                "skipped": f.skipped,
                "title": a.title if a else None,
                "published": _dated(a.published) if a else None,
                "event_date": _dated(a.event_date) if a else None,
                "author": a.author if a else None,
                "outlet": a.outlet if a else None,
                "tags": a.tags if a else [],
                "topics": [topic_names.get(t, t) for t in a.topics] if a else [],
                "story": {"id": story.id, "title": story.title, "articles": len(story.articles)} if story else None,
                "problems": [_problem(p) for p in f.problems],
            })
        return {
            "files": files,
            "stories": [
                {"id": s.id, "title": s.title, "event_date": s.event_date.date.iso() if s.event_date else None,
                 "articles": [a.source for a in s.articles], "warnings": s.warnings,
                 "conflicts": [{"kind": c.kind, "subject": c.subject, "variants": c.variants, "note": c.note}
                               for c in s.comparison.conflicts]}
                for s in self.site.stories if s.warnings or s.comparison.conflicts
            ],
            "other_problems": [_problem(p) for p in self.other],
            "summary": {"files": len(self.files), "articles": sum(1 for f in self.files if not f.skipped),
                        "skipped": sum(1 for f in self.files if f.skipped), "stories": len(self.site.stories),
                        "errors": len(self.errors), "warnings": len(self.warnings)},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"


def _dated(value: DatedValue | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"date": value.date.iso(), "precision": value.date.precision, "source": value.source}


def _problem(p: Problem) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message, "fix": p.fix,
            "text": p.format()}


def shingles(text: str) -> set[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _SHINGLE:
        return {hash(" ".join(words))} if words else set()
    return {int.from_bytes(hashlib.blake2b(" ".join(words[i : i + _SHINGLE]).encode(), digest_size=8).digest())
            for i in range(len(words) - _SHINGLE + 1)}


def similarity(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_duplicates(articles: list[Article], site: SiteModel) -> list[Problem]:
    """Likely duplicates: identical text anywhere, or near-identical text within one story.

    Comparing within stories (plus exact matches everywhere) keeps this linear-ish on
    big folders; the stories stage already groups articles about the same event.
    """
    problems: list[Problem] = []
    by_source = {a.source: a for a in articles}
    reported: set[tuple[str, str]] = set()
    exact: dict[str, str] = {}
    for a in sorted(articles, key=lambda x: x.source):
        digest = hashlib.sha256(" ".join(_WORD.findall(a.text.lower())).encode()).hexdigest()
        if a.text.strip() and digest in exact:
            first = exact[digest]
            reported.add((first, a.source))
            problems.append(Problem(a.source, f"likely duplicate: same text as {first}",
                                    "delete one copy, or keep both if they are meant to differ"))
        else:
            exact.setdefault(digest, a.source)
    for story in site.stories:
        members = sorted((by_source[m.source] for m in story.articles if m.source in by_source),
                         key=lambda x: x.source)
        if len(members) < 2 or len(members) > 60:
            continue
        sets = [shingles(m.text) for m in members]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                pair = (members[i].source, members[j].source)
                if pair in reported:
                    continue
                score = similarity(sets[i], sets[j])
                if score >= DUPLICATE_SIMILARITY:
                    reported.add(pair)
                    problems.append(Problem(
                        members[j].source,
                        f"likely duplicate: {score:.0%} of its text is the same as {members[i].source}",
                        "delete one copy, or keep both if they are meant to differ"))
    return problems


def story_problems(story: Story) -> list[Problem]:
    """A story's warnings as fix-it lines, on the member file they name (else its first member).

    Conflicts are listed only when the story has no warnings, since the comparison
    stage already words each conflict as a warning.
    """
    members = sorted(a.source for a in story.articles)
    out: list[Problem] = []
    for warning in story.warnings:
        where = members[0] if members else story.id
        text = warning
        for source in members:
            if text.startswith(source + ": "):
                where, text = source, text[len(source) + 2 :]
                break
        message, _, fix = text.rpartition(" — ") if " — " in text else (text, "", "")
        out.append(Problem(where, f"story '{story.title}': {message.rstrip('. ')}",
                           fix.rstrip(".") or "check the story's sources"))
    if not story.warnings:
        for conflict in story.comparison.conflicts:
            variants = "; ".join(f"{v!r} in {', '.join(srcs)}" for v, srcs in conflict.variants.items())
            out.append(Problem(members[0] if members else story.id,
                               f"story '{story.title}': sources disagree on {conflict.kind} "
                               f"({conflict.subject}): {variants}", "check which source is right"))
    return out


def make_report(content: Path, config: SiteConfig, cache_dir: Path | None = DEFAULT_CACHE_DIR) -> Report:
    """Ingest and analyze ``content`` (no output is written; the cache is only read)."""
    build_cache = BuildCache.load(cache_dir.resolve() if cache_dir else None, parse_key(config))
    collected = collect(content.resolve(), config, build_cache)
    articles, problems = collected.load()
    site = run_analysis(articles, problems, config, collected.prepared)
    checks: list[Problem] = []
    for a in site.articles:
        if a.published is None and a.event_date is None:
            checks.append(Problem(a.source, "undated: no published date and no event date found",
                                  "add 'published: YYYY-MM-DD' to its front matter"))
        elif a.published is None and a.event_date is not None and a.event_date.source == "story":
            checks.append(Problem(a.source, f"undated in the file: dated {a.event_date.date.iso()} only from its "
                                  "story", "add 'published: YYYY-MM-DD' to its front matter if you know it"))
    checks.extend(find_duplicates(site.articles, site))
    for story in site.stories:
        checks.extend(story_problems(story))
    articles_by_source = {a.source: a for a in site.articles}
    sources = list(collected.order) + [p.path for p in collected.discovery_problems]
    files = {rel: FileReport(rel, articles_by_source.get(rel)) for rel in sorted(set(sources))}
    other: list[Problem] = []
    if build_cache.warning:
        other.append(build_cache.warning)
    for p in [*site.problems, *checks]:
        if p.path in files:
            files[p.path].problems.append(p)
        else:
            other.append(p)
    return Report(list(files.values()), site, other)


def print_report(report: Report, console: Console) -> None:
    """The editor's table: one row per file, then every problem as a fix-it line."""
    data = report.to_data()
    table = Table(title="Content check", show_lines=False, expand=False)
    for name in ("File", "Title", "Published", "Event date", "Author / outlet", "Story", "Topics", "Issues"):
        table.add_column(name, overflow="fold")
    for f in data["files"]:
        if f["skipped"]:
            table.add_row(escape(f["source"]), "[dim]skipped[/dim]", "", "", "", "", "", str(len(f["problems"])))
            continue
        byline = " / ".join(x for x in (f["author"], f["outlet"]) if x) or "—"
        story = f["story"]
        story_text = f"{story['title']} ({story['articles']})" if story else "—"
        issues = f["problems"]
        marker = "[red]" if any(p["severity"] == "error" for p in issues) else "[yellow]" if issues else ""
        # Titles and names come from untrusted files: escape them so rich does not read markup.
        table.add_row(escape(f["source"]), escape(f["title"] or ""), _date_cell(f["published"]),
                      _date_cell(f["event_date"]), escape(byline), escape(story_text),
                      escape(", ".join(f["topics"]) or "—"),
                      f"{marker}{len(issues)}" if issues else "0")
    console.print(table, markup=True)
    for p in report.problems:
        style = "red" if p.severity == "error" else "yellow"
        console.print(f"[{style}]{p.severity}[/{style}] ", end="")
        console.print(p.format(), markup=False, highlight=False)
    s = data["summary"]
    console.print(f"{s['files']} files, {s['articles']} articles, {s['skipped']} skipped, {s['stories']} stories: "
                  f"{s['errors']} errors, {s['warnings']} warnings", markup=False, highlight=False)


def _date_cell(value: dict[str, str] | None) -> str:
    if value is None:
        return "—"
    return f"{value['date']} ({value['precision']}, {value['source']})"

"""The records that flow through the pipeline: articles, stories, topics, people, timeline.

Every stage (ingest → analyze → render) reads and writes these plain dataclasses and
nothing else, so each stage can be tested on its own and cached between builds.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Precision = Literal["day", "month", "year"]


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to day, month or year precision.

    Ordering sorts a coarser date before the finer dates inside it
    (2024 < 2024-07 < 2024-07-01), which keeps timelines stable.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day {self.day} is out of range for {self.year}-{self.month:02d}")

    def __lt__(self, other: object) -> bool:
        # Missing parts sort as 0, so a coarser date comes first (dataclass ordering
        # would compare None with int and raise).
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month or 0, self.day or 0) < (other.year, other.month or 0, other.day or 0)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO string whose length gives the precision: 2024, 2024-04 or 2024-04-10."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """Inverse of :meth:`iso`; raises ValueError on anything else."""
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not an ISO date: {text!r}")
        nums = [int(p) for p in parts]
        return cls(*nums)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def first_day(self) -> tuple[int, int, int]:
        """The first day the partial date covers, as (year, month, day): for keys and sorting
        that need no date object."""
        return self.year, self.month or 1, self.day or 1

    def to_date(self) -> dt.date:
        """The first day the partial date covers."""
        return dt.date(*self.first_day())

    def last_date(self) -> dt.date:
        """The last day the partial date covers."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return self.to_date()

    def contains(self, other: PartialDate) -> bool:
        """True when ``other`` lies within this (possibly coarser) date."""
        return self.to_date() <= other.to_date() and other.last_date() <= self.last_date()

    def compatible(self, other: PartialDate) -> bool:
        """True when one date contains the other (they may be the same event)."""
        return self.contains(other) or other.contains(self)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DatedValue:
    """A date together with where it came from, so editors can see why we believe it."""

    date: PartialDate
    source: str  # e.g. "front matter", "dateline", "weekday inference", "relative", "story"


@dataclass
class Problem:
    """One thing wrong with one input file, reported as ``path[:line]: problem — fix``."""

    path: str
    message: str
    fix: str
    line: int | None = None
    severity: Severity = "warning"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.fix}"


@dataclass
class Article:
    """One content file as a front-matter record."""

    source: str  # path relative to the content folder, with forward slashes
    slug: str
    title: str
    body: list[str]  # clean plain-text paragraphs
    body_html: str  # safe HTML for the body (escaped text or sanitised Markdown)
    content_hash: str
    dek: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: DatedValue | None = None
    event_date: DatedValue | None = None
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic slugs, set by analyze
    story_id: str | None = None  # set by analyze
    is_preview: bool = False  # written before the event it reports
    warnings: list[str] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)  # as written in the file

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


@dataclass
class Fact:
    """A statement in a story, with the sources that report it."""

    text: str
    sources: list[str]  # article sources


@dataclass
class Conflict:
    """A point where sources disagree: a name, a role, a number or a date."""

    kind: str  # "name", "role", "number", "date"
    subject: str  # what the disagreement is about
    variants: dict[str, list[str]]  # each variant → the article sources that use it
    note: str = ""


@dataclass
class Comparison:
    """What a story's sources agree on, what only one reports, and where they conflict."""

    agreed: list[Fact] = field(default_factory=list)
    only_in: dict[str, list[str]] = field(default_factory=dict)  # article source → sentences
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class Story:
    """Articles that report the same real-world event."""

    id: str
    slug: str
    title: str
    articles: list[Article]
    event_date: DatedValue | None = None
    summary: list[str] = field(default_factory=list)  # extractive sentences
    canonical: str | None = None  # source of the fullest, most original member
    comparison: Comparison = field(default_factory=Comparison)
    topics: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # person slugs
    places: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def developing(self) -> bool:
        """Several members carry distinct dates: the story was updated over time."""
        dates = {a.published.date for a in self.articles if a.published}
        return len(dates) > 1


@dataclass
class Topic:
    slug: str
    name: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    automatic: bool = False  # derived from keyphrases, not from the taxonomy


@dataclass
class Person:
    slug: str
    name: str  # canonical spelling
    aliases: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)  # role → article sources
    story_ids: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    quote: str
    article: str  # article source


@dataclass
class TimelineEntry:
    id: str
    date: PartialDate
    title: str
    summary: str = ""
    story_ids: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # article sources
    evidence: list[Evidence] = field(default_factory=list)
    kind: Literal["story", "mention", "editor"] = "story"


@dataclass
class SiteModel:
    """Everything the renderer needs; produced by analyze."""

    articles: list[Article]
    stories: list[Story] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def story(self, story_id: str) -> Story:
        for s in self.stories:
            if s.id == story_id:
                return s
        raise KeyError(story_id)


@dataclass
class TopicRule:
    """A taxonomy entry from ``site.yaml``: what puts an article in a topic."""

    name: str
    slug: str
    keywords: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class KnownEntity:
    """A gazetteer entry from ``site.yaml``: a person, place or organisation."""

    name: str
    kind: Literal["person", "place", "org"] = "person"
    aliases: list[str] = field(default_factory=list)
    role: str = ""


@dataclass
class SiteConfig:
    """The site configuration (``site.yaml``); defined here so every stage can read it."""

    title: str = "News Digest"
    description: str = ""
    base_url: str = ""  # absolute URL the site is served from, e.g. https://user.github.io/repo/
    language: str = "en"
    author: str = ""
    about: str = ""  # Markdown shown on the about page
    domain: str = ""  # custom domain written to CNAME
    per_page: int = 20
    max_file_bytes: int = 5 * 1024 * 1024
    # Processes that render a big site. Each forked worker ends up with its own copy of much
    # of the analysed site (copy-on-write), so 1 keeps memory lowest on very large sites.
    render_workers: int = 2
    # Forked workers (analysis and rendering) are used only while the build's memory times
    # the processes it would then have stays within this many MB: see features.fork_map.
    memory_limit_mb: int = 1500
    trust_html: bool = False  # keep raw HTML in Markdown unsanitised
    timezone: str = "UTC"
    topics: list[TopicRule] = field(default_factory=list)
    entities: list[KnownEntity] = field(default_factory=list)
    timeline_file: str = "timeline.yaml"
    path: str | None = None  # where it was loaded from
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept for templates


def fast_pickler(persistent_id: Callable[[Any], Any] | None = None) -> tuple[io.BytesIO, pickle.Pickler]:
    """A pickler writing into a fresh buffer in fast mode (no memo: see :func:`value_bytes`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    if persistent_id is not None:
        pickler.persistent_id = persistent_id  # type: ignore[method-assign]
    return buffer, pickler


def value_bytes(value: Any, persistent_id: Callable[[Any], Any] | None = None) -> bytes:
    """``value`` pickled without pickle's memo, so the bytes depend on the values only.

    With the memo, a repeated object is written as a back-reference: bytes would then
    differ with which equal values happen to be the same object, and forked analysis
    (or records loaded from the cache) share objects differently from a one-process run.
    The build's page keys and the analysis memo's keys both rest on this.
    """
    buffer, pickler = fast_pickler(persistent_id)
    pickler.dump(value)
    return buffer.getvalue()


def value_digest(value: Any) -> bytes:
    """A short hash of :func:`value_bytes`: equal values hash alike, shared or not."""
    return hashlib.blake2b(value_bytes(value), digest_size=16).digest()


def config_hash(config: SiteConfig) -> str:
    """Hash of the configuration's values (not of where it was loaded from, nor how many
    processes may work or how much memory they may use: none changes a byte of the output)."""
    data = dataclasses.asdict(config)
    data.pop("path", None)
    data.pop("render_workers", None)
    data.pop("memory_limit_mb", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=repr).encode()).hexdigest()

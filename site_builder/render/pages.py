"""Renders every HTML page of the site from a :class:`SiteModel`.

The :class:`Renderer` first indexes the model once (stories by date, by topic, by
person, by month, articles by outlet) so each page is a cheap template call; story
cards, which appear on many listing pages, are rendered once per link depth and reused.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import operator
import os
import pickle
import posixpath
import shutil
import struct
import subprocess
import sys
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import jinja2.filters
import markupsafe
from markupsafe import Markup, escape

from site_builder.config import slugify
from site_builder.model import Article, PartialDate, Person, SiteConfig, SiteModel, Story, TimelineEntry, Topic
from site_builder.render.dates import human, month_name, sort_key, time_tag
from site_builder.render.urls import Urls

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NO_OUTLET = "Outlet not named"
PAGE_TEMPLATES = ("base.html", "_head.html", "_header.html", "_footer.html", "_card.html", "_macros.html",
                  "index.html", "story.html", "article.html", "topics.html", "topic.html", "people.html",
                  "person.html", "archive.html", "month.html", "timeline.html", "sources.html", "about.html",
                  "search.html", "404.html")


AUTOESCAPE = ("html", "xml", "j2")  # file endings whose templates escape their output
# Story and article pages are looked up in chunks of this many (see Renderer.pages_chunked): an
# edit renders the pages of one chunk or two, and looks up the others whole.
CHUNK_PAGES = 64


def _escape_str(text: str) -> str:
    """``str(escape(text))`` for a plain string, the same characters escaped the same way."""
    return str(escape(text))


# MarkupSafe's C escaper, without the Markup wrapper its public escape() adds (a Python-level
# __new__ per call, for a result the page only joins into text); a version without it gets the wrapper.
_escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _escape_str)


def _escape_plain(value: Any) -> str:
    """``escape(value)`` as a plain string (Markup and other objects with ``__html__`` kept as they are)."""
    return _escape_text(value) if type(value) is str else str(escape(value))


def _escape_output(value: Any) -> str:
    """Jinja's ``escape`` for template output, less the copies: text that is already Markup
    (the header, cards, links: most of a page) is output as it is, and a plain string is escaped
    to a plain string, as is an int (its digits as they are), since the page only joins its output
    into one text."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value
    if kind is int:  # counts and heading levels (19,000 on 2,000 posts): digits need no escaping
        return str(value)
    return escape(value)


class _Template(jinja2.Template):
    """A template whose output escaping skips copying Markup (see :func:`_escape_output`)."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any,
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        # The compiled module's own namespace: the name its output expressions call.
        template.root_render_func.__globals__["escape"] = _escape_output
        return template


def make_environment(template_dirs: list[Path], bytecode_cache: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of a site's templates; ``bytecode_cache`` keeps compiled templates
    in that folder between builds (see :class:`TemplateCodeCache`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        # Cached: Jinja asks once per rendered template (every page), with a handful of names.
        autoescape=functools.cache(jinja2.select_autoescape(AUTOESCAPE, default_for_string=True)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates cannot change during a build; skip a stat per include
        cache_size=-1,  # a plain dict: every page looks up its parent template by name
        bytecode_cache=TemplateCodeCache(bytecode_cache) if bytecode_cache is not None else None,
    )
    env.template_class = _Template
    env.filters["human"] = human
    env.globals["time_tag"] = time_tag
    env.globals["month_name"] = month_name
    return env


@functools.cache
def _render_code_digest() -> str:
    """The render modules' source: filters defined there may be folded into compiled templates."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()


class TemplateCodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder between builds, so a rebuild skips compiling them.

    Jinja stores each template's code with a checksum of its source and compiles again
    when the source differs; the entry's file name hashes the template's name and file
    (an override in a site's folder is another file). Compiled code also depends on the
    environment, so the file name hashes that too: Jinja's version, the options, the
    filters and tests (and how each is called), and the render modules' source, since
    Jinja may fold a filter on a constant into the code. A folder that cannot be read or
    written only costs the compiling.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self._folder_ready = False

    @staticmethod
    def environment_key(env: jinja2.Environment) -> str:
        def calls(functions: dict[str, Any]) -> list[tuple[str, str]]:
            return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items())

        options = (
            jinja2.__version__, AUTOESCAPE, callable(env.autoescape) or env.autoescape,
            env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, env.finalize is not None, sorted(env.extensions), calls(env.filters), calls(env.tests),
            _render_code_digest(),
        )
        return hashlib.sha256(repr(options).encode()).hexdigest()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        key = hashlib.sha256(f"{self.environment_key(environment)}\0{name}\0{filename}".encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        try:
            self.load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # a damaged entry: compiled again, and replaced
        return bucket

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            if not self._folder_ready:
                os.makedirs(self.directory, exist_ok=True)
                self._folder_ready = True
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written: the next build compiles again


def story_date(story: Story) -> PartialDate | None:
    """The date a story is filed under: its event date, else its newest member's publication date."""
    if story.event_date:
        return story.event_date.date
    published = [a.published.date for a in story.articles if a.published]
    return max(published, key=sort_key) if published else None


def latest_first(stories: list[Story]) -> list[Story]:
    """Newest first; undated stories last, in a stable order."""
    dated: list[tuple[tuple[int, int, int], Story]] = []  # each story's date is found once
    undated: list[Story] = []
    for s in stories:
        date = story_date(s)
        if date is None:
            undated.append(s)
        else:
            dated.append((sort_key(date), s))
    dated.sort(key=lambda ds: ds[1].id)
    dated.sort(key=operator.itemgetter(0), reverse=True)
    undated.sort(key=lambda s: (s.title.lower(), s.id))
    return [s for _, s in dated] + undated


@dataclass
class MonthGroup:
    """Stories of one month (or of one year when only the year is known, or undated)."""

    label: str
    year: int | None
    month: int | None
    stories: list[Story] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        if self.year is None:
            return "undated"
        return f"m-{self.year:04d}-{self.month:02d}" if self.month else f"y-{self.year:04d}"


def group_by_month(stories: list[Story]) -> list[MonthGroup]:
    """Group stories (already newest first) by month, keeping that order."""
    groups: dict[tuple[int | None, int | None], MonthGroup] = {}
    for story in stories:
        date = story_date(story)
        if date is None:
            key: tuple[int | None, int | None] = (None, None)
            label = "Undated"
        elif date.month is None:
            key, label = (date.year, None), f"{date.year} (month not known)"
        else:
            key, label = (date.year, date.month), f"{month_name(date.month)} {date.year}"
        if key not in groups:
            groups[key] = MonthGroup(label=label, year=key[0], month=key[1])
        groups[key].stories.append(story)
    return list(groups.values())


@dataclass
class Outlet:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)
    named: bool = True

    @property
    def story_count(self) -> int:
        return len({a.story_id for a in self.articles if a.story_id})


def _truncate(text: str, limit: int) -> str:
    """Shorten at a word boundary for meta descriptions."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_BATCH_CHARS = 1 << 20  # characters of a file written in pieces, gathered before each write


def _batches(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` joined into runs of about :data:`_BATCH_CHARS` characters (the last may be
    shorter, or empty): a big export is written a batch at a time, never joined whole."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)


def _write_fully(fd: int, text: str) -> None:
    _write_bytes(fd, text.encode("utf-8"))


def _write_bytes(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# The file writer's program (see _FileWriter): it reads frames from its standard input, each a
# header (kind, path length, data length), the path, then the data. Kinds: F a whole file,
# O open a file for D pieces of data, C close it. On an OSError it reports (errno, message,
# file name) on its standard output and exits 1, reading no further; at the end of its input
# (the build done, or gone) it exits 0. Ctrl-C is the build's to handle: the writer ends with its input.
_WRITER_PROGRAM = r"""
import os, signal, struct, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
HEAD = struct.Struct("<cIQ")
FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
def put(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
def serve(read):
    folders, fd = set(), -1
    while True:
        head = read(HEAD.size)
        if len(head) < HEAD.size:
            return
        kind, path_size, data_size = HEAD.unpack(head)
        path = read(path_size)
        data = read(data_size)
        if len(path) < path_size or len(data) < data_size:
            return
        if kind == b"D":
            put(fd, data)
        elif kind == b"C":
            os.close(fd)
            fd = -1
        else:
            folder = os.path.dirname(path)
            if folder not in folders:
                try:
                    os.mkdir(folder)
                except OSError:
                    os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            fd = os.open(path, FLAGS, 0o666)
            if kind == b"F":
                try:
                    put(fd, data)
                finally:
                    os.close(fd)
                    fd = -1
try:
    serve(sys.stdin.buffer.read)
except OSError as error:
    name = error.filename if isinstance(error.filename, bytes) else os.fsencode(str(error.filename or ""))
    sys.stdout.buffer.write(b"%d\n%s\n%s" % (error.errno or 0, str(error.strerror).encode(), name))
    sys.stdout.flush()
    sys.exit(1)
"""
_WRITER_HEAD = struct.Struct("<cIQ")
# The writer's program and pipe sizing are POSIX (O_CLOEXEC, fcntl); elsewhere a render writes
# its files itself, as it does when no interpreter can be started.
WRITER_POSSIBLE = os.name == "posix"
WRITE_HERE_FIRST = 400  # files a render writes itself before it starts a writer (an edit writes fewer)
_WRITER_BATCH = 1 << 18  # bytes of frames gathered before each write into the pipe
_WRITER_PIECES = 512  # or this many buffers (writev takes at most IOV_MAX, 1024 on Linux)
_PIPE_BYTES = 1 << 20  # asked of the kernel for the pipe, so the renderer seldom waits on the writer


_WRITERS: weakref.WeakSet[_FileWriter] = weakref.WeakSet()


def _disown_writers() -> None:
    for writer in list(_WRITERS):
        writer.disown()


# Render stops its writer before it forks (render._run), but a fork by other code must not leave
# a child writing into its parent's writer: the child writes its files itself.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_disown_writers)


class _FileWriter:
    """A helper process that creates the files this process renders, so the system calls of
    each file (mkdir, open, write, close) run on another core while the next page renders.

    A process, not a thread: a thread needs the GIL back after every system call, and the
    rendering thread holds it, so each one waits up to the switch interval (5 ms): measured,
    a writer thread made a render slower, not faster. Here a file costs the renderer its
    encoding and a share of a write into a pipe, a batch of files at a time. Files are created
    in the order they are handed over; :meth:`close` returns when all are on disk.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _WRITER_PROGRAM], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            bufsize=0)
        assert self._process.stdin is not None
        self._fd = self._process.stdin.fileno()
        # Imported here: POSIX only, and the writer runs on Linux, where it can size the pipe.
        import fcntl

        if hasattr(fcntl, "F_SETPIPE_SZ"):
            with contextlib.suppress(OSError):  # a smaller pipe only means more waits
                fcntl.fcntl(self._fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._pending: list[bytes] = []
        self._size = 0
        self.ours = True  # False in a forked child (see _disown_writers)
        _WRITERS.add(self)

    def file(self, path: bytes, data: bytes) -> None:
        self._pending += (_WRITER_HEAD.pack(b"F", len(path), len(data)) + path, data)
        self._size += len(data) + len(path)
        if self._size >= _WRITER_BATCH or len(self._pending) >= _WRITER_PIECES:
            self.flush()

    def opened(self, path: bytes) -> None:
        self._pending.append(_WRITER_HEAD.pack(b"O", len(path), 0) + path)

    def piece(self, data: bytes) -> None:
        self._pending += (_WRITER_HEAD.pack(b"D", 0, len(data)), data)
        self._size += len(data)
        if self._size >= _WRITER_BATCH or len(self._pending) >= _WRITER_PIECES:
            self.flush()

    def closed(self) -> None:
        self._pending.append(_WRITER_HEAD.pack(b"C", 0, 0))

    def flush(self) -> None:
        pending, self._pending, self._size = self._pending, [], 0
        try:
            done = os.writev(self._fd, pending)
            total = sum(map(len, pending))
            if done < total:  # cut short (a signal): the rest, joined
                _write_bytes(self._fd, b"".join(pending)[done:])
        except BrokenPipeError:  # the writer stopped: its report says why
            self.close()
            raise OSError("the file writer stopped before its input ended") from None

    def disown(self) -> None:
        """In a forked child: the pipe's ends closed here, so the writer still sees its input end
        when the parent closes it (else the parent would wait for it for ever)."""
        self.ours = False
        self._pending = []
        for end in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError):
                end.close()  # type: ignore[union-attr]

    def close(self, discard: bool = False) -> None:
        """Wait until every file handed over is written (``discard``: those still held here are
        dropped); an error of the writer's is raised here, once."""
        process = self._process
        if process.stdout is None or process.stdout.closed or not self.ours:
            return  # closed already (a failed flush closes it), or the parent's
        try:
            if self._pending and not discard and process.poll() is None:
                with contextlib.suppress(BrokenPipeError):
                    pending, self._pending = self._pending, []
                    _write_bytes(self._fd, b"".join(pending))
        finally:
            with contextlib.suppress(OSError):
                process.stdin.close()  # type: ignore[union-attr]
            report = process.stdout.read()  # type: ignore[union-attr]
            process.stdout.close()  # type: ignore[union-attr]
            status = process.wait()
        if status != 0:
            if report.count(b"\n") >= 2:
                errno, message, name = report.split(b"\n", 2)
                raise OSError(int(errno), message.decode(errors="replace"), os.fsdecode(name))
            raise OSError(f"the file writer failed (exit status {status})")


URL_KEYS = ("url", "link", "source_url", "canonical_url", "original_url", "canonical", "permalink")


def source_domain(article: Article) -> str:
    """The host name (without ``www.``) of the page an article was copied from, if its front matter says."""
    for key in URL_KEYS:
        value = article.front_matter.get(key)
        if isinstance(value, str) and "://" in value:
            host = (urlsplit(value.strip()).hostname or "").lower()
            return host.removeprefix("www.")
    return ""


def safe_markdown(text: str, trust_html: bool) -> Markup:
    # Imported here: only the about page needs them, and a rebuild that reuses that
    # page then imports neither (markdown alone is about 25 ms).
    import markdown
    import nh3

    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return Markup(html if trust_html else nh3.clean(html))


def _card_text(story: Story) -> tuple[str, str | None]:
    return story.id, story.summary[0] if story.summary else None


# Of a stored page (path, its HTML, its lastmod), as _write_stored hands them on.
_PATH_HTML, _PATH_LASTMOD = operator.itemgetter(0, 1), operator.itemgetter(0, 2)
# Of a (path, lastmod) or a PageSpec: its path, lastmod, inputs; a PageSpec's lastmod.
_PATH, _LASTMOD, _INPUTS, _SPEC_LASTMOD = (operator.itemgetter(n) for n in (0, 1, 1, 3))
# A page_of page, for Renderer.pages_of: its path, its inputs, what makes its context, its lastmod.
PageSpec = tuple[str, tuple[Any, ...], Callable[[], dict[str, Any]], str | None]
# Pages of one template for Renderer.pages_together: the template, each page's path and lastmod, what makes their specs.
Batch = tuple[str, list[tuple[str, str | None]], Callable[[], list[PageSpec]]]


class Renderer:
    def __init__(self, site: SiteModel, config: SiteConfig, out_dir: Path, template_dirs: list[Path],
                 bytecode_cache: Path | None = None) -> None:
        self.site = site
        self.config = config
        self.out = out_dir
        self.template_dirs = [*template_dirs, BUILTIN_TEMPLATES]
        self.env = make_environment(self.template_dirs, bytecode_cache)
        self.urls = Urls(config.base_url)
        self.written: list[str] = []
        self._folders: set[str] = set()
        self._out_str = str(out_dir)
        self._writer: _FileWriter | None = None
        self._behind_pid = 0  # the process whose files may go to a writer (see writing_behind); 0: none
        self._direct_left = 0  # files still to write here before a writer starts
        self.sitemap: list[tuple[str, str | None]] = []  # (output path, lastmod ISO date)
        self._templates: dict[str, jinja2.Template] = {}
        self._cards: dict[tuple[str, int, int], Markup] = {}
        self._chrome: dict[tuple[str, int, str, bool], Markup] = {}
        self._sources: dict[tuple[str, int], Markup] = {}
        self._source_links: dict[tuple[str, int], Markup] = {}
        self._person_links: dict[tuple[str, str, int], str] = {}
        self._chips: dict[tuple[tuple[str, ...], int], Markup] = {}
        self._crumb_links: dict[tuple[str, str, int], str] = {}
        # Feed pieces per story (its dates, entry, body), shared by the site's feeds and each topic's.
        self.feed_parts: dict[tuple[str, int], Any] = {}  # keyed by id(story): stories live as long as this
        # Parts of every page's head that depend on the site only.
        self._site_title = escape(config.title)
        self._site_description = _truncate(config.description, 300)
        self._locale_meta = (f'\n<meta property="og:locale" content="{escape(config.language.replace("-", "_"))}">'
                             '\n<meta name="twitter:card" content="summary">')
        self._index()
        self._filters()

    def _filters(self) -> None:
        """Helpers for templates, as filters: Jinja calls filters directly, but routes every
        function call through ``Context.call``, which is the larger share of a page's cost."""
        urls = self.urls
        self.env.filters.update({
            "rel": urls.relative,
            "story_url": lambda s, page: urls.relative(urls.story(s.slug), page),
            "article_url": lambda a, page: urls.relative(urls.article(a.slug), page),
            "topic_url": lambda t, page: urls.relative(urls.topic(t.slug), page),
            "person_url": lambda p, page: urls.relative(urls.person(p.slug), page),
            "time_tag": time_tag,
            "source_item": self.source_item,
            "outlet_html": self.outlet_html,
            "chips": self.chips,
            "label": self.label,
            "card": self.card,
            "chrome": self.chrome,
            "head_meta": self.head_meta,
            "breadcrumbs": self.breadcrumbs,
            "article_of": self.article_by_source.get,
            "source_link": self.source_link,
            "source_links": self.source_links,
            "known_sources": self.known_sources,
            "person_links": self.person_links,
            "coverage_links": self.coverage_links,
            "unnamed_count": self.unnamed_count,
            "story_date": story_date,
            "story_outlets": self.story_outlets,
        })

    # ----------------------------------------------------------------- indexes
    def _index(self) -> None:
        site = self.site
        self.stories = latest_first(site.stories)
        self.story_by_id = {s.id: s for s in site.stories}
        self.article_by_source = {a.source: a for a in site.articles}
        self.topic_by_slug: dict[str, Topic] = {t.slug: t for t in site.topics}
        self.person_by_slug: dict[str, Person] = {p.slug: p for p in site.people}
        self.topic_stories = self._stories_of(site.topics, "topics")
        self.months = group_by_month(self.stories)
        self.timeline_by_story: dict[str, list[TimelineEntry]] = defaultdict(list)
        for e in site.timeline:
            for sid in e.story_ids:
                self.timeline_by_story[sid].append(e)

    def _stories_of(self, groups: list[Topic] | list[Person], field_name: str) -> dict[str, list[Story]]:
        """Each topic's (or person's) stories, newest first: those it lists and those that list it.

        One pass over the stories in site order, appending each to its groups' lists, instead of
        a sort per group (6,843 people on 2,000 posts: the renderer is made on every edit).
        """
        order = {s.id: n for n, s in enumerate(self.stories)}  # an id's last place in that order
        members: dict[str, set[str]] = defaultdict(set)  # story id → slugs of groups it belongs to
        for g in groups:
            for sid in g.story_ids:
                members[sid].add(g.slug)
        for s in self.site.stories:
            members[s.id].update(getattr(s, field_name))
        lists: dict[str, list[Story]] = {g.slug: [] for g in groups}
        story_by_id, stories = self.story_by_id, self.stories
        for n in sorted(order.values()):
            sid = stories[n].id
            story = story_by_id[sid]
            for slug in members.get(sid, ()):
                group_list = lists.get(slug)
                if group_list is not None:
                    group_list.append(story)
        return lists

    @functools.cached_property
    def person_stories(self) -> dict[str, list[Story]]:
        """Each person's stories, newest first (made on first use: an edit that leaves every card
        as it was reuses the people's pages without asking)."""
        return self._stories_of(self.site.people, "people")

    @functools.cached_property
    def outlets(self) -> list[Outlet]:
        """Outlets with their articles, most articles first (made on first use: the sources and about pages)."""
        outlets: dict[str, Outlet] = {}
        for a in self.site.articles:
            name = (a.outlet or "").strip()
            if name:
                key, label, named = name.casefold(), name, True
            else:
                # No outlet: group by the web site the file came from when its front matter says,
                # so one unnamed site's articles stay together; else one "not named" group.
                domain = source_domain(a)
                key = f"\0{domain}"
                label = f"{NO_OUTLET} ({domain})" if domain else NO_OUTLET
                named = False
            if key not in outlets:
                outlets[key] = Outlet(name=label, slug=slugify(label) if named or key != "\0" else "no-outlet",
                                      named=named)
            outlets[key].articles.append(a)
        return sorted(outlets.values(), key=lambda o: (not o.named, -len(o.articles), o.name.casefold()))

    story_date = staticmethod(story_date)

    def story_outlets(self, story: Story) -> list[str]:
        """Distinct outlets of a story's sources, in member order."""
        seen: dict[str, str] = {}
        for a in story.articles:
            if a.outlet and a.outlet.casefold() not in seen:
                seen[a.outlet.casefold()] = a.outlet
        return list(seen.values())

    def articles_of(self, sources: list[str]) -> list[Article]:
        return [self.article_by_source[s] for s in sources if s in self.article_by_source]

    def source_link(self, source: str, path: str) -> Markup:
        """A link to the article with this source, named by its outlet (or title); made once per depth."""
        key = (source, path.count("/"))
        html = self._source_links.get(key)
        if html is None:
            a = self.article_by_source.get(source)
            if a is None:
                html = Markup.escape(source)
            else:
                html = Markup(f'<a href="{escape(self.urls.relative(self.urls.article(a.slug), path))}">'
                              f"{escape(a.outlet or a.title)}</a>")
            self._source_links[key] = html
        return html

    def known_sources(self, sources: list[str]) -> list[str]:
        """The sources that name an article of the site."""
        return [s for s in sources if s in self.article_by_source]

    def source_links(self, sources: list[str], path: str) -> Markup:
        """:meth:`source_link` for each source, comma-separated (a template loop with ``loop.last`` costs more)."""
        return Markup(", ".join([self.source_link(s, path) for s in sources]))

    def person_link(self, p: Person, path: str) -> str:
        """A link to this person's page; made once per depth."""
        key = (p.slug, p.name, path.count("/"))
        link = self._person_links.get(key)
        if link is None:
            urls = self.urls
            link = self._person_links[key] = (f'<a href="{escape(urls.relative(urls.person(p.slug), path))}">'
                                              f"{escape(p.name)}</a>")
        return link

    def person_links(self, people: list[Person], path: str) -> Markup:
        """:meth:`person_link` for each person, comma-separated (a template loop with ``loop.last`` costs more)."""
        return Markup(", ".join([self.person_link(p, path) for p in people]))

    def coverage_links(self, articles: list[Article], path: str) -> Markup:
        """Links to ``articles``, each named by its outlet (or its title, shortened), separated by
        " · ": a story card's coverage line (a template loop with ``loop.last`` cost a fifth of a card)."""
        relative, article_url = self.urls.relative, self.urls.article
        truncate = partial(jinja2.filters.do_truncate, self.env)
        return Markup(" · ".join([f'<a href="{_escape_text(relative(article_url(a.slug), path))}">'
                                  f"{_escape_output(a.outlet or truncate(a.title, 60))}</a>" for a in articles]))

    @staticmethod
    def unnamed_count(articles: list[Article]) -> int:
        """How many of ``articles`` name no outlet."""
        return sum(1 for a in articles if not a.outlet)

    def label(self, source: str) -> str:
        """Short name of an article for comparison tables: its outlet, else its title."""
        a = self.article_by_source.get(source)
        if a is None:
            return source
        return a.outlet or a.title

    # ----------------------------------------------------------------- output
    def write(self, path: str, text: str | Iterable[str]) -> None:
        """Write ``text`` to ``path`` in the output folder; ``text`` may come in pieces (a big
        export), which are written in batches of about a megabyte, never joined whole."""
        # A string check, not Path.resolve(): this runs for every file and must stay cheap.
        norm = posixpath.normpath(path)
        if norm.startswith(("/", "../")) or norm == ".." or "\0" in norm or "\\" in norm:
            raise ValueError(f"refusing to write outside the output folder: {path}")
        writer = self._writer
        if writer is None and self._behind_pid:
            writer = self._start_writer()
        if writer is not None and writer.ours:
            self._write_behind(writer, os.fsencode(os.path.join(self._out_str, norm)), text)
            self.written.append(path)
            return
        folder = posixpath.dirname(norm)
        if folder not in self._folders:
            target = os.path.join(self._out_str, folder)
            try:
                os.mkdir(target)  # most pages have a folder of their own, in a folder that exists
            except OSError:
                os.makedirs(target, exist_ok=True)
            self._folders.add(folder)
        # os.open and bytes: a text-mode file object costs more than the write itself.
        fd = os.open(os.path.join(self._out_str, norm), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            if isinstance(text, str):
                _write_fully(fd, text)
            else:
                for batch in _batches(text):
                    _write_fully(fd, batch)
        finally:
            os.close(fd)
        self.written.append(path)

    @staticmethod
    def _write_behind(writer: _FileWriter, target: bytes, text: str | Iterable[str]) -> None:
        if isinstance(text, str):
            writer.file(target, text.encode("utf-8"))
            return
        writer.opened(target)
        try:
            for batch in _batches(text):
                writer.piece(batch.encode("utf-8"))
        finally:
            writer.closed()

    @contextlib.contextmanager
    def writing_behind(self) -> Iterator[None]:
        """Within this block, :meth:`write` hands files past the first :data:`WRITE_HERE_FIRST` to a
        helper process (:class:`_FileWriter`) and returns: it still checks each path at once and
        records it in :attr:`written`. When the block ends, every file is on disk, and an error
        the writer met is raised; a forked worker writes its files itself.

        The first files are written here: a one-file edit writes a few, and waits for no process.
        """
        self._behind_pid, self._direct_left = os.getpid(), WRITE_HERE_FIRST
        try:
            yield
        except BaseException:
            # Files still coming are not wanted, but the writer must be done before the caller
            # cleans up the folder it writes into; the block's own error is the one raised.
            writer, self._writer, self._behind_pid = self._writer, None, 0
            if writer is not None:
                with contextlib.suppress(OSError):
                    writer.close(discard=True)
            raise
        self.finish_writes()

    def finish_writes(self) -> None:
        """Wait until every file handed to the writer is on disk, and stop it (so this process may
        fork: workers must not share it); files written after this are written here."""
        writer, self._writer, self._behind_pid = self._writer, None, 0
        if writer is not None:
            writer.close()

    def _start_writer(self) -> _FileWriter | None:
        if self._direct_left > 0 or os.getpid() != self._behind_pid:
            self._direct_left -= 1
            return None
        if not WRITER_POSSIBLE:
            self._behind_pid = 0
            return None
        try:
            self._writer = _FileWriter()
        except (OSError, ValueError):
            self._behind_pid = 0
        return self._writer

    def write_all(self, files: list[tuple[str, str]]) -> None:
        """:meth:`write` each (path, text), in order. A build may replace this method, as it may
        replace :meth:`write` (a run of reused pages: one call, not a call a page)."""
        write = self.write
        for path, text in files:
            write(path, text)

    def keyed(self, name: str, path: str, inputs: dict[str, Any], make: Callable[[], str | Iterable[str]]) -> None:
        """Write ``make()`` to ``path``: a file other than a page (feed, data export, sitemap).

        ``make()`` must depend only on ``inputs``, the configuration, the code and the
        site's navigation-level facts (titles, slugs, dates, topics, people: what
        ``build.site_fingerprint`` covers), so that a build may wrap this method and
        reuse last build's file when all of those are unchanged, without calling ``make``.
        """
        self.write(path, make())

    def template(self, name: str) -> jinja2.Template:
        tpl = self._templates.get(name)
        if tpl is None:
            tpl = self._templates[name] = self.env.get_template(name)
            # Jinja copies a template's globals (a ChainMap over the environment's) into
            # every render's context, twice; a plain dict copies in C. Nothing adds globals later.
            tpl.globals = dict(tpl.globals)
        return tpl

    def preload_templates(self) -> None:
        """Compile the templates pages use, so forked workers inherit them compiled."""
        for name in PAGE_TEMPLATES:
            with contextlib.suppress(jinja2.TemplateNotFound):
                self.env.get_template(name)

    def linker(self, path: str, rooted: bool = False):  # -> Callable[[str], str]
        if rooted:
            return self.urls.rooted
        urls = self.urls

        def url(target: str) -> str:
            return urls.relative(target, path)

        return url

    def head_meta(self, path: str, title: str, description: str, canonical: str, og_type: str) -> Markup:
        """<title>, description, canonical, Open Graph and Twitter tags: built in Python because every
        page has them and a dozen template expressions per page add up over thousands of pages."""
        site = self._site_title
        t = _escape_plain(title)
        d = _escape_plain(description) if description else ""
        out = f"<title>{site}</title>" if path == "index.html" else f"<title>{t} · {site}</title>"
        if description:
            out += f'\n<meta name="description" content="{d}">'
        if canonical:
            c = _escape_plain(canonical)
            out += f'\n<link rel="canonical" href="{c}">\n<meta property="og:url" content="{c}">'
        out += (f'\n<meta property="og:site_name" content="{site}">\n<meta property="og:title" content="{t}">'
                f'\n<meta property="og:type" content="{_escape_plain(og_type)}">')
        if description:
            out += f'\n<meta property="og:description" content="{d}">'
        out += f'{self._locale_meta}\n<meta name="twitter:title" content="{t}">'
        if description:
            out += f'\n<meta name="twitter:description" content="{d}">'
        return Markup(out)

    def breadcrumbs(self, crumbs: list[tuple[str, str | None]], path: str) -> Markup:
        if not crumbs:
            return Markup("")
        depth = path.count("/")
        items = []
        for label, target in crumbs:
            if target:
                # Links up the trail ("Home", "People") are the same on thousands of pages.
                key = (label, target, depth)
                item = self._crumb_links.get(key)
                if item is None:
                    item = self._crumb_links[key] = (f'<li><a href="{escape(self.urls.relative(target, path))}">'
                                                     f"{escape(label)}</a></li>")
                items.append(item)
            else:
                short = label if len(label) <= 80 else label[:79].rsplit(" ", 1)[0] + "…"
                items.append(f'<li><span aria-current="page">{_escape_plain(short)}</span></li>')
        return Markup('<nav class="breadcrumbs wrap" aria-label="Breadcrumb" data-pagefind-ignore>\n<ol>\n'
                      + "\n".join(items) + "\n</ol>\n</nav>")

    def chrome(self, name: str, path: str, section: str) -> Markup:
        """Head links, header and footer: the same for every page at one depth and section."""
        rooted = path == self.urls.not_found
        key = (name, path.count("/"), section, rooted)
        html = self._chrome.get(key)
        if html is None:
            html = Markup(self.template(name).render(
                config=self.config, urls=self.urls, url=self.linker(path, rooted), section=section,
            ))
            self._chrome[key] = html
        return html

    def outlet_html(self, article: Article) -> Markup:
        if article.outlet:
            return Markup.escape(article.outlet)
        return Markup(f'<span class="muted">{NO_OUTLET}</span>')

    def source_item(self, article: Article, path: str) -> Markup:
        """Title link, outlet, byline and date of an article: listed on many pages, rendered once per depth.

        The ``source-meta`` span is left open so a page can append its own badges; the caller closes it.
        """
        key = (article.source, path.count("/"))
        html = self._sources.get(key)
        if html is None:
            parts = [self.outlet_html(article)]
            if article.author:
                parts.append(Markup.escape(article.author))
            if article.published:
                parts.append(time_tag(article.published.date))
            link = self.urls.relative(self.urls.article(article.slug), path)
            # f-strings with escape(): Markup.format goes through string.Formatter, several times slower.
            html = Markup(f'<a href="{escape(link)}">{escape(article.title)}</a> '
                          f'<span class="source-meta">{" · ".join(parts)}')
            self._sources[key] = html
        return html

    def chips(self, slugs: list[str], path: str) -> Markup:
        """The topic links of an article or story."""
        key = (tuple(slugs), path.count("/"))
        html = self._chips.get(key)
        if html is None:
            items = [f'<li><a href="{escape(self.urls.relative(self.urls.topic(t.slug), path))}">'
                     f"{escape(t.name)}</a></li>"
                     for t in (self.topic_by_slug[s] for s in slugs if s in self.topic_by_slug)]
            html = Markup(f'<ul class="chips" aria-label="Topics">{"".join(items)}</ul>' if items else "")
            self._chips[key] = html
        return html

    def card(self, story: Story, path: str, level: int = 2) -> Markup:
        """A story's summary card, rendered once per link depth and heading level."""
        key = (story.id, path.count("/"), level)
        html = self._cards.get(key)
        if html is None and level != 2:
            # Same card one heading level down: retag the title rather than render again.
            # Text in a card is escaped, so the first literal </h2> is the title's.
            base = str(self.card(story, path, 2))
            start, end = '<h2 class="card-title">', "</h2>"
            if start in base:
                html = Markup(base.replace(start, f'<h{level} class="card-title">', 1)
                              .replace(end, f"</h{level}>", 1))
                self._cards[key] = html
        if html is None:
            html = Markup(self.template("_card.html").render(
                story=story, url=self.linker(path), urls=self.urls, r=self, level=level, page_path=path,
            ))
            self._cards[key] = html
        return html

    def page(self, template: str, path: str, *, title: str, crumbs: list[tuple[str, str | None]] | None = None,
             section: str = "", description: str = "", lastmod: str | None = None, in_sitemap: bool = True,
             og_type: str = "website", rooted: bool = False, **context: Any) -> None:
        url = self.linker(path, rooted)
        html = self.template(template).render(
            site=self.site, config=self.config, urls=self.urls, url=url, page_path=path, r=self,
            title=title, crumbs=crumbs or [], section=section,
            description=_truncate(description, 300) if description else self._site_description, og_type=og_type,
            canonical=self.urls.absolute(path) if self.config.base_url else "",
            **context,
        )
        self.write(path, html)
        if in_sitemap:
            self.sitemap.append((path, lastmod))

    def page_of(self, template: str, path: str, inputs: tuple[Any, ...], make: Callable[[], dict[str, Any]], *,
                lastmod: str | None = None) -> None:
        """A sitemap page whose :meth:`page` arguments ``make()`` builds from ``inputs``.

        The contract, as for :meth:`keyed`: the page (``make()``'s result included) depends
        only on ``inputs``, the template, the path, the configuration, the code and the
        site's navigation-level facts (what ``build.site_fingerprint`` covers); ``lastmod``
        too. So a build may hand back last build's HTML (:meth:`stored_pages`) when all of
        those are unchanged, without building the context at all (issue 7: on a one-file
        edit, building and keying 11,000 contexts was most of the render).
        """
        for job in self.pages_of(template, [(path, inputs, make, lastmod)]):
            job()

    def stored_pages(self, template: str, pages: list[tuple[str, tuple[Any, ...]]]) -> list[str | None]:
        """Last build's HTML for each (path, inputs) of ``pages``, :meth:`page_of` pages all of one
        template, in one call; None: render that page. A build with a cache replaces this method."""
        return [None] * len(pages)

    def stored_together(self, whole: Any, pages: list[tuple[str, list[str]]]) -> list[str] | None:
        """Last build's HTML of every page of ``pages`` (template, paths), in order, when none of
        their inputs changed, known from ``whole`` alone (see :meth:`pages_together`); None: ask
        page by page. A build with a cache replaces this method."""
        return None

    def pages_together(self, whole: Any, batches: list[Batch]) -> list[list[Callable[[], None]]]:
        """The :meth:`pages_of` jobs of each batch (template, its pages' (path, lastmod), what makes
        their specs), where every input of every page follows from ``whole`` and the site's
        navigation-level facts (the paths, lastmods and specs too).

        So when :meth:`stored_together` finds all of them stored, each batch's pages are one job
        writing them, and no spec is made; otherwise each batch goes through :meth:`pages_of`.
        """
        stored = self.stored_together(whole, [(template, [path for path, _ in pages])
                                              for template, pages, _ in batches])
        if stored is None:
            return [self.pages_of(template, make()) for template, _, make in batches]
        out: list[list[Callable[[], None]]] = []
        at = 0
        for _, pages, _ in batches:
            run = list(zip(map(_PATH, pages), stored[at : at + len(pages)], map(_LASTMOD, pages), strict=True))
            at += len(pages)
            out.append([partial(self._write_stored, run)] if run else [])
        return out

    def pages_chunked(self, template: str, specs: list[PageSpec]) -> list[Callable[[], None]]:
        """:meth:`pages_of` of ``specs``, in chunks of :data:`CHUNK_PAGES` pages, each first looked
        up whole (:meth:`stored_together`, with the pages' inputs as the whole: each page's
        path, lastmod and context follow from its inputs and navigation-level facts).

        On a one-file edit all chunks but one or two are stored as they are: their pages are
        not keyed one by one (issue 7: 4,000 story and article pages, keyed page by page,
        were the largest part of an edit's render after the object digests).
        """
        jobs: list[Callable[[], None]] = []
        for start in range(0, len(specs), CHUNK_PAGES):
            chunk = specs[start : start + CHUNK_PAGES]
            paths = list(map(_PATH, chunk))
            stored = self.stored_together(tuple(map(_INPUTS, chunk)), [(template, paths)])
            if stored is None:
                jobs += self.pages_of(template, chunk)
            else:
                run = list(zip(paths, stored, map(_SPEC_LASTMOD, chunk), strict=True))
                jobs.append(partial(self._write_stored, run))
        return jobs

    def pages_of(self, template: str, specs: list[PageSpec]) -> list[Callable[[], None]]:
        """The jobs writing :meth:`page_of` pages of one template, their stored HTML looked up at once.

        Each run of pages that last build's HTML stands for becomes one job writing them (on a
        one-file edit, nearly every page: a job and a lookup apiece cost more than the writing);
        each other page is a job rendering it from its ``make()``.
        """
        stored = self.stored_pages(template, [(spec[0], spec[1]) for spec in specs])
        jobs: list[Callable[[], None]] = []
        run: list[tuple[str, str, str | None]] | None = None
        for (path, _, make, lastmod), html in zip(specs, stored, strict=True):
            if html is None:
                jobs.append(partial(self._page_from, template, path, make, lastmod))
                run = None
            else:
                if run is None:
                    run = []
                    jobs.append(partial(self._write_stored, run))
                run.append((path, html, lastmod))
        return jobs

    def _page_from(self, template: str, path: str, make: Callable[[], dict[str, Any]], lastmod: str | None) -> None:
        self.page(template, path, lastmod=lastmod, **make())

    def _write_stored(self, pages: list[tuple[str, str, str | None]]) -> None:
        self.write_all(list(map(_PATH_HTML, pages)))
        self.sitemap.extend(map(_PATH_LASTMOD, pages))

    def copy_static(self) -> None:
        # Copied files could replace written ones: those written before must be there first.
        self.finish_writes()
        for folder in reversed(self.template_dirs):
            static = folder / "static"
            if static.is_dir():
                shutil.copytree(static, self.out / "assets", dirs_exist_ok=True)
                for f in sorted(static.rglob("*")):
                    if f.is_file():
                        self.written.append("assets/" + f.relative_to(static).as_posix())

    # ----------------------------------------------------------------- pages
    def render_pages(self) -> None:
        for job in self.page_jobs():
            job()

    def page_jobs(self) -> list[Callable[[], None]]:
        """Every page as a job of its own, in the order the site is written.

        A job only writes files (through :meth:`page`), so jobs may run in any process
        that shares this renderer; :func:`site_builder.render.render_site` spreads them
        over forked workers and puts their records back in this order.
        """
        per_page = self.config.per_page
        stories = self.stories
        chunks = [stories[i : i + per_page] for i in range(0, len(stories), per_page)] or [[]]
        months = [g for g in self.months if g.year is not None and g.month is not None]
        urls = self.urls
        # Pages of story cards: which stories each shows follows from navigation-level facts
        # (dates, topics, people), so every input of theirs follows from the cards' texts. When
        # those are unchanged, all of them are looked up at once, and no spec of theirs is made
        # (issue 7: on an edit, 6,950 pages of cards were each keyed, and their specs built).
        home, topic, person, month = self.pages_together(tuple(self._card_text.values()), [
            ("index.html", [(urls.index_page(n), None) for n in range(1, len(chunks) + 1)],
             lambda: [self.home_spec(n, chunk, len(chunks)) for n, chunk in enumerate(chunks, start=1)]),
            ("topic.html", [(urls.topic(t.slug), None) for t in self.site.topics],
             lambda: [self.topic_spec(t) for t in self.site.topics]),
            ("person.html", [(urls.person(p.slug), None) for p in self.site.people],
             lambda: [self.person_spec(p) for p in self.site.people]),
            ("month.html", [(urls.month(g.year, g.month), None) for g in months],  # type: ignore[arg-type]
             lambda: [self.month_spec(months, n) for n in range(len(months))]),
        ])
        jobs = home
        jobs += self.pages_chunked("story.html", [self.story_spec(story) for story in self.site.stories])
        jobs += self.pages_chunked("article.html", [self.article_spec(article) for article in self.site.articles])
        jobs.append(self.topics_index)
        jobs += topic
        jobs.append(self.people_index)
        jobs += person
        jobs.append(self.archive_index)
        jobs += month
        jobs += [self.timeline_page, self.sources_page, self.about_page, self.search_page, self.not_found_page]
        return jobs

    def home_spec(self, n: int, chunk: list[Story], page_count: int) -> PageSpec:
        return (self.urls.index_page(n), (self.card_texts(chunk), n, page_count),
                partial(self._home_context, n, chunk, page_count), None)

    def card_texts(self, stories: list[Story]) -> tuple[tuple[str, str | None], ...]:
        """What story cards show beyond navigation-level facts (see :meth:`page_of`): each
        story's first summary sentence. A page of cards keyed by these, rather than by the
        whole stories, is reused after an edit that leaves its cards as they were."""
        try:
            # Made once per story (its cards are on its people's, topics', month's and a home page).
            return tuple(map(self._card_text.__getitem__, map(id, stories)))
        except KeyError:  # a story not of this site
            return tuple(_card_text(s) for s in stories)

    @functools.cached_property
    def _card_text(self) -> dict[int, tuple[str, str | None]]:
        """:func:`_card_text` of each story of the site, by identity (the site outlives the renderer)."""
        return {id(s): _card_text(s) for s in self.site.stories}

    def _home_context(self, n: int, chunk: list[Story], page_count: int) -> dict[str, Any]:
        crumbs = [] if n == 1 else [("Home", self.urls.index_page(1)), (f"Page {n}", None)]
        return {"title": "Latest stories" if n == 1 else f"Latest stories, page {n}", "crumbs": crumbs,
                "section": "home", "stories": chunk, "page_number": n, "page_count": page_count}

    def story_spec(self, story: Story) -> PageSpec:
        date = story_date(story)
        entries = self.timeline_by_story.get(story.id, [])
        # The named canonical article may, in principle, be outside the story: an input of its own.
        # Topics and people are navigation-level facts, whole (see page_of): not inputs.
        named = self.article_by_source.get(story.canonical or "")
        return (self.urls.story(story.slug), (story, named, entries),
                partial(self._story_context, story, date, named, entries),
                date.to_date().isoformat() if date and date.day else None)

    def _story_context(self, story: Story, date: PartialDate | None, named: Article | None,
                       entries: list[TimelineEntry]) -> dict[str, Any]:
        # The story's own, not an index of every story's: an edit renders one or two story pages.
        topics = [self.topic_by_slug[t] for t in story.topics if t in self.topic_by_slug]
        people = [self.person_by_slug[p] for p in story.people if p in self.person_by_slug]
        crumbs: list[tuple[str, str | None]] = [("Home", "index.html")]
        if date is not None and date.month is not None:
            crumbs.append((f"{month_name(date.month)} {date.year}", self.urls.month(date.year, date.month)))
        crumbs.append((story.title, None))
        canonical = named
        if canonical is None and story.articles:
            canonical = max(story.articles, key=lambda a: len(a.text))
        warnings = self.editor_warnings(story)
        sources = sorted(story.articles, key=lambda a: (a.published is None,
                                                        sort_key(a.published.date) if a.published else (0, 0, 0)))
        return {"title": story.title, "crumbs": crumbs, "description": story.summary[0] if story.summary else "",
                "og_type": "article", "story": story, "date": date, "canonical_article": canonical,
                "editor_warnings": warnings, "sources": sources, "topics": topics, "people": people,
                "timeline_entries": entries}

    @staticmethod
    def editor_warnings(story: Story) -> list[tuple[Article | None, str]]:
        """Story and member warnings, each once, tied to its article where it names one.

        Analysis may copy an article's warning into the story as ``source: text``;
        that becomes a link to the article, and the article's own copy is not repeated.
        """
        out: list[tuple[Article | None, str]] = []
        for w in story.warnings:
            owner = next((a for a in story.articles if w.startswith(f"{a.source}: ")), None)
            out.append((owner, w[len(owner.source) + 2:] if owner else w))
        seen = {(a.source if a else None, w) for a, w in out}
        for a in story.articles:
            for w in a.warnings:
                if (a.source, w) not in seen:
                    seen.add((a.source, w))
                    out.append((a, w))
        return out

    def article_spec(self, article: Article) -> PageSpec:
        story = self.story_by_id.get(article.story_id or "")
        pub = article.published.date if article.published else None
        return (self.urls.article(article.slug), (article, story), partial(self._article_context, article, story),
                pub.to_date().isoformat() if pub and pub.day else None)

    def _article_context(self, article: Article, story: Story | None) -> dict[str, Any]:
        topics = [self.topic_by_slug[t] for t in article.topics if t in self.topic_by_slug]
        crumbs: list[tuple[str, str | None]] = [("Home", "index.html")]
        if story is not None:
            crumbs.append((story.title, self.urls.story(story.slug)))
        crumbs.append((article.title, None))
        others = [a for a in story.articles if a.source != article.source] if story else []
        return {"title": article.title, "crumbs": crumbs, "og_type": "article",
                "description": article.dek or (article.body[0] if article.body else ""),
                "article": article, "story": story, "others": others, "topics": topics}

    def topics_index(self) -> None:
        # Topics and their story counts only: all navigation-level facts (see page_of).
        self.page_of("topics.html", self.urls.topics_index, (), self._topics_context)

    def _topics_context(self) -> dict[str, Any]:
        topics = sorted(self.site.topics, key=lambda t: (-len(self.topic_stories[t.slug]), t.name.casefold()))
        return {"title": "Topics", "section": "topics", "crumbs": [("Home", "index.html"), ("Topics", None)],
                "topics": topics}

    def topic_spec(self, t: Topic) -> PageSpec:
        stories = self.topic_stories[t.slug]
        # The topic and its stories' dates are navigation-level facts: the cards' texts are the inputs.
        return self.urls.topic(t.slug), (self.card_texts(stories),), partial(self._topic_context, t, stories), None

    def _topic_context(self, t: Topic, stories: list[Story]) -> dict[str, Any]:
        return {"title": t.name, "section": "topics",
                "crumbs": [("Home", "index.html"), ("Topics", self.urls.topics_index), (t.name, None)],
                "description": t.description or f"Stories about {t.name}.",
                "topic": t, "months": group_by_month(stories), "count": len(stories)}

    def people_index(self) -> None:
        # People and their story counts only: all navigation-level facts (see page_of).
        self.page_of("people.html", self.urls.people_index, (), self._people_context)

    def _people_context(self) -> dict[str, Any]:
        people = sorted(self.site.people, key=lambda p: (-len(self.person_stories[p.slug]), p.name.casefold()))
        return {"title": "People", "section": "people", "crumbs": [("Home", "index.html"), ("People", None)],
                "people": people}

    def person_spec(self, p: Person) -> PageSpec:
        stories = self.person_stories[p.slug]
        # The person is a navigation-level fact (see page_of); the cards show its stories' summaries.
        return self.urls.person(p.slug), (self.card_texts(stories),), partial(self._person_context, p, stories), None

    def _person_context(self, p: Person, stories: list[Story]) -> dict[str, Any]:
        roles = sorted(p.roles.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))
        return {"title": p.name, "section": "people",
                "crumbs": [("Home", "index.html"), ("People", self.urls.people_index), (p.name, None)],
                "person": p, "roles": roles, "stories": stories}

    def archive_index(self) -> None:
        # Story titles and links by month: all navigation-level facts (see page_of).
        self.page_of("archive.html", self.urls.archive, (), self._archive_context)

    def _archive_context(self) -> dict[str, Any]:
        years: dict[int | None, list[MonthGroup]] = {}
        for g in self.months:
            years.setdefault(g.year, []).append(g)
        return {"title": "Archive", "section": "archive", "crumbs": [("Home", "index.html"), ("Archive", None)],
                "years": years}

    def month_spec(self, months: list[MonthGroup], n: int) -> PageSpec:
        """The archive page of ``months[n]`` (months: the dated ones, newest first)."""
        g = months[n]
        assert g.year is not None and g.month is not None
        # Which months exist and hold which stories follows from story dates, a navigation-level
        # fact: the cards' texts are the inputs.
        return (self.urls.month(g.year, g.month), (self.card_texts(g.stories),),
                partial(self._month_context, months, n), None)

    def _month_context(self, months: list[MonthGroup], n: int) -> dict[str, Any]:
        g = months[n]
        return {"title": g.label, "section": "archive",
                "crumbs": [("Home", "index.html"), ("Archive", self.urls.archive), (g.label, None)], "group": g,
                "newer": months[n - 1] if n > 0 else None, "older": months[n + 1] if n + 1 < len(months) else None}

    def timeline_page(self) -> None:
        # The entries are its inputs; the stories they link to are navigation-level facts (see page_of).
        self.page_of("timeline.html", self.urls.timeline, (self.site.timeline,), self._timeline_context)

    def _timeline_context(self) -> dict[str, Any]:
        entries = sorted(self.site.timeline, key=lambda e: (sort_key(e.date), e.id))
        years: dict[int, list[TimelineEntry]] = {}
        for e in entries:
            years.setdefault(e.date.year, []).append(e)
        return {"title": "Timeline", "section": "timeline", "crumbs": [("Home", "index.html"), ("Timeline", None)],
                "years": years, "description": f"The events covered by {self.config.title}, in date order."}

    def sources_page(self) -> None:
        # Outlets, article titles, bylines, dates and stories: all navigation-level facts (see page_of).
        self.page_of("sources.html", self.urls.sources, (), self._sources_context)

    def _sources_context(self) -> dict[str, Any]:
        return {"title": "Sources", "section": "sources", "crumbs": [("Home", "index.html"), ("Sources", None)],
                "outlets": self.outlets}

    def about_page(self) -> None:
        # The about text is configuration, and the first and last story dates and the counts of
        # articles, stories and topics are navigation-level facts (see page_of); the timeline
        # is not (build leaves it out of the site's fingerprint), so its length is an input.
        # A reused page converts no Markdown.
        self.page_of("about.html", self.urls.about, (len(self.site.timeline),), self._about_context)

    def _about_context(self) -> dict[str, Any]:
        about = safe_markdown(self.config.about, self.config.trust_html) if self.config.about.strip() else None
        dates = [d for d in (story_date(s) for s in self.stories) if d is not None]
        return {"title": "About", "section": "about", "crumbs": [("Home", "index.html"), ("About", None)],
                "about": about, "first": min(dates, key=lambda d: d.to_date()) if dates else None,
                "last": max(dates, key=lambda d: d.last_date()) if dates else None}

    def search_page(self) -> None:
        self.page("search.html", self.urls.search, title="Search", section="search",
                  crumbs=[("Home", "index.html"), ("Search", None)])

    def not_found_page(self) -> None:
        self.page("404.html", self.urls.not_found, title="Page not found", in_sitemap=False, rooted=True)

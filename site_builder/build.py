"""Wires ingest → analyze → render, with the incremental cache, and writes ``output/`` atomically.

The new site is rendered into a temporary folder beside the output folder and swapped
in at the end (an atomic exchange of the two folders where the OS offers one), so a
failed or killed build leaves the previous site whole.

Incremental builds (see :mod:`site_builder.cache`):

- a content file whose bytes, the configuration and the code are unchanged is not
  parsed again: its record comes from the cache;
- when no input of the site changed at all (files, configuration, templates, code) and
  the previous output is still on disk untouched, analysis and rendering are skipped;
- otherwise every page whose inputs hash the same as last time is hard-linked from the
  previous output instead of being rendered again, and the swap drops stale files.

The cache never changes the output: tests build with and without it and compare trees.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import itertools
import json
import operator
import os
import pickle
import posixpath
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from site_builder import cache as cache_mod
from site_builder import model as model_mod
from site_builder.background import in_background
from site_builder.cache import BuildCache, LastBuild, Record
from site_builder.ingest.discover import SourceFile, discover
from site_builder.model import Article, Problem, SiteConfig, SiteModel, Story, TimelineEntry, fast_pickler

# analyze, render and the parsers are imported where they are used: a rebuild in which
# nothing changed never needs them, and their imports cost more than that whole rebuild.
# So are shutil, tempfile and ctypes, which only a build that writes the site uses.

DEFAULT_CACHE_DIR = Path(".cache") / "site-builder"
# The same folder render uses (render/ is not imported just to learn where it is).
BUILTIN_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
JINJA_DIR = "jinja"  # compiled templates, inside the cache folder (render checks them against their source)
PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves
PARSE_CHUNKS_PER_WORKER = 16  # see parse_chunks
PARSE_CHUNK_MIN = 20
T = TypeVar("T")

# progress(stage, done, total): total is None when it is not known in advance.
Progress = Callable[[str, int, "int | None"], None]


class BuildError(ValueError):
    """The build cannot start (bad folders); nothing was written."""


@dataclass
class BuildResult:
    pages: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0
    stories: int = 0
    flags: int = 0  # story warnings for editors: conflicting dates, names, roles
    reused_pages: int = 0  # pages hard-linked from the previous output
    parsed_files: int = 0  # files parsed (not taken from the cache)
    skipped: bool = False  # nothing changed: the previous output was kept as it is
    _site: SiteModel | None = None
    _site_loader: Callable[[], SiteModel] | None = None

    @property
    def site(self) -> SiteModel:
        """The analysed site; a skipped build recomputes it from the cache on first use."""
        if self._site is None:
            if self._site_loader is None:
                raise RuntimeError("no site model for this build")
            self._site = self._site_loader()
        return self._site

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# --- atomic output ------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False when unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging``, never leaving a half-written site in its place."""
    if not output.exists():
        os.replace(staging, output)
        return
    if output.is_dir() and not output.is_symlink() and _exchange(staging, output):
        _remove_tree(staging)  # staging now holds the old site
        return
    # Fallback: two renames. A kill between them leaves the old site at ``old``, which
    # the next build puts back (see recover_interrupted).
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.replace(output, old)
    try:
        os.replace(staging, output)
    except OSError:
        os.replace(old, output)
        raise
    _remove_tree(old)


def _remove_tree(path: Path) -> None:
    """Delete a folder and everything in it, as far as possible (leftovers are only clutter)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_interrupted(output: Path) -> None:
    """Tidy up after a build that was killed: restore a moved-away site, drop dead staging folders."""
    leftovers = sorted(output.parent.glob(f".{output.name}.*-*"), key=lambda p: not p.name.startswith(
        f".{output.name}.journal-"))  # roll back an interrupted commit before anything else
    for leftover in leftovers:
        kind, _, rest = leftover.name[len(output.name) + 2 :].partition("-")
        pid_text = rest.split("-", 1)[0]
        if kind not in ("tmp", "old", "journal") or not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        if kind == "journal":
            _roll_back(leftover, output)
        elif kind == "old" and not output.exists():
            os.replace(leftover, output)
        else:
            _remove_tree(leftover)


def _check_folders(content: Path, output: Path, cache_dir: Path | None) -> None:
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise BuildError("the output folder must not contain, or be inside, the content folder")
    if cache_dir is not None:
        if cache_dir.is_relative_to(content):
            raise BuildError("the cache folder must not be inside the content folder (builds never write there)")
        if cache_dir.is_relative_to(output) or output.is_relative_to(cache_dir):
            raise BuildError("the cache folder and the output folder must be separate")
    if output.exists() and not output.is_dir():
        raise BuildError(f"{output} exists and is not a folder")


def manifest_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` → (size, mtime_ns), to tell whether it was touched since."""
    return snapshot(folder)[0]


def snapshot(folder: Path) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """:func:`manifest_of` and every folder under ``folder`` ("" for itself) → its mtime_ns."""
    files: dict[str, tuple[int, int]] = {}
    folders: dict[str, int] = {"": os.stat(folder).st_mtime_ns}
    stack = [(str(folder), "")]
    while stack:
        directory, prefix = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                st = entry.stat(follow_symlinks=False)
                if entry.is_dir(follow_symlinks=False):
                    folders[prefix + entry.name] = st.st_mtime_ns
                    stack.append((entry.path, prefix + entry.name + "/"))
                else:
                    files[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
    return files, folders


def folder_times(folder: Path, names: Iterable[str]) -> dict[str, int]:
    """mtime_ns of each of these folders under ``folder`` that still is one."""
    out: dict[str, int] = {}
    for rel in names:
        try:
            st = os.stat(os.path.join(folder, rel), follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            out[rel] = st.st_mtime_ns
    return out


def unchanged_since(folder: Path, last: LastBuild) -> bool:
    """Whether ``folder`` holds exactly the files of ``last``'s manifest, none of them touched.

    Stats the recorded files and folders by name instead of listing every folder (each
    page has its own), a third of the system calls: a file added, removed or renamed
    anywhere changes the mtime of a recorded folder, and an edit changes the file's.
    """
    if not last.folders:  # a cache from before folders were recorded
        return manifest_of(folder) == last.manifest
    is_dir, is_file = stat.S_ISDIR, stat.S_ISREG
    try:
        # Relative to an open descriptor of the folder: the kernel then resolves only the
        # path inside it, not the whole absolute path again for each of ~22,000 names
        # (a third of this check's time on a 2,000-post site).
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        lstat = os.stat  # called with its keywords: a functools.partial merges them on every call
        for rel, mtime in last.folders.items():
            st = lstat(rel or ".", dir_fd=fd, follow_symlinks=False)
            if st.st_mtime_ns != mtime or not is_dir(st.st_mode):
                return False
        for rel, (size, mtime) in last.manifest.items():
            st = lstat(rel, dir_fd=fd, follow_symlinks=False)
            if st.st_mtime_ns != mtime or st.st_size != size or not is_file(st.st_mode):
                return False
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _parents(paths: Iterable[str]) -> set[str]:
    """Every folder above these relative paths, "" included."""
    out = {""}
    for rel in paths:
        parent = posixpath.dirname(rel)
        while parent not in out:
            out.add(parent)
            parent = posixpath.dirname(parent)
    return out


# --- ingest with the cache ----------------------------------------------------------------

def parse_bytes(data: bytes, rel: str, config: SiteConfig, digest: str) -> tuple[Article | None, list[Problem]]:
    """Parse one file's bytes (the same steps as ingest.parse_file, from bytes already read)."""
    from site_builder.ingest import parse_text
    from site_builder.ingest.decode import BinaryFile, decode

    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, [Problem(rel, "empty file; skipped", "write the article in it, or delete it", severity="error")]
    try:
        text, problems = decode(data, rel)
    except BinaryFile:
        return None, [Problem(rel, "binary file, not text; skipped",
                              "remove it from content/ or save the article as .txt or .md", severity="error")]
    article, more = parse_text(text, rel, config, digest)
    return article, problems + more


def _parse_blob(rel: str, data: bytes, config: SiteConfig, digest: str) -> bytes:
    """The pickled ``(article | None, problems, prepared | None)`` of one file.

    ``prepared`` is the per-article part of the analysis (:func:`analyze.prepare`, as an
    ``analyze.Packed``): done
    here, on the parse workers, and cached with the record, so an unchanged file is never
    read by the analysis again. If it fails, analysis simply reads the article itself.
    """
    from site_builder.analyze import prepare

    prepared = None
    try:
        article, problems = parse_bytes(data, rel, config, digest)
    except Exception as exc:  # one broken file must not stop the site
        article, problems = None, [Problem(rel, f"could not be parsed ({type(exc).__name__}: {exc}); skipped",
                                           "report this file to the site maintainers", severity="error")]
    if article is not None:
        try:
            # Packed, one pickle per part: loading the record unpickles none of them, and the
            # analysis only those its steps read (an edit rebuild reads few of them).
            prepared = prepare(article, config).pack()
        except Exception:  # analysis will read this article again, and report what breaks
            prepared = None
    return pickle.dumps((article, problems, prepared), protocol=pickle.HIGHEST_PROTOCOL)


def _parse_chunk(items: list[tuple[str, bytes, str]], config: SiteConfig) -> list[bytes]:
    """:func:`_parse_blob` of each item, on a parse worker, with the collector paused.

    A worker's caches of words, tokens and sentence readings grow to a few hundred
    thousand objects, and full collections walked them all again and again for almost no
    garbage (about 8 % of parsing). The chunk's own cycles are young: a collection of the
    young generations frees them without walking what the caches held before the chunk.
    """
    import gc

    from site_builder.analyze.features import collector_paused

    with collector_paused():
        blobs = [_parse_blob(rel, data, config, digest) for rel, data, digest in items]
    gc.collect(1)
    return blobs


def _parse_all(items: list[tuple[str, bytes, str]], config: SiteConfig,
               progress: Progress | None) -> list[bytes]:
    """Parse files, in two worker processes when there are many (issue 7: use both cores)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < PARALLEL_MIN_FILES or workers < 2 or "fork" not in _start_methods():
        blobs = []
        for i, (rel, data, digest) in enumerate(items, 1):
            blobs.append(_parse_blob(rel, data, config, digest))
            if progress and i % 50 == 0:
                progress("parse", i, len(items))
        return blobs
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # Import the parsers before forking, so no child inherits a half-held import lock
    # from another thread (serve runs an HTTP and a watcher thread).
    import site_builder.analyze
    import site_builder.ingest.frontmatter
    import site_builder.ingest.records  # noqa: F401

    chunks = parse_chunks(items, workers)
    blobs = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        for chunk_blobs in pool.map(_parse_chunk, chunks, [config] * len(chunks)):
            blobs.extend(chunk_blobs)
            if progress:
                progress("parse", len(blobs), len(items))
    return blobs


def parse_chunks(items: list[T], workers: int) -> list[list[T]]:
    """``items`` cut into the chunks the parse workers take one at a time.

    Many small chunks rather than a few per worker: a chunk's CPU varies by a third with
    its files, and the build waits for the last one, so with four chunks a worker the slower
    worker finished up to half a second after the other on 2,000 files (seconds on 20,000).
    A chunk still holds enough files that sending it and its results costs little.
    """
    size = max(PARSE_CHUNK_MIN, -(-len(items) // (workers * PARSE_CHUNKS_PER_WORKER)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _start_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


@dataclass
class Collected:
    """The records of every content file, from the cache where possible."""

    order: list[str]  # the sources, in source order
    records: dict[str, Record]
    discovery_problems: list[Problem]
    parsed: int
    content: Path
    config: SiteConfig
    cache: BuildCache
    prepared: dict[str, Any] = field(default_factory=dict)  # source → analyze.Packed, after load()

    def blob(self, rel: str) -> bytes | memoryview:
        """The pickled (article | None, problems, prepared | None) of ``rel``: cached, or parsed
        again if the cache lost it."""
        record = self.records[rel]
        if record.blob is not None:
            return record.blob
        blob = self.cache.blob(rel, record.content_hash)
        return blob if blob is not None else self._parse_again(rel)

    def _parse_again(self, rel: str) -> bytes:
        """Read and parse ``rel`` again: its cached record is missing or unreadable."""
        record = self.records[rel]
        record.at = None  # the new blob is not in the records file: the next save appends it
        try:
            data = (self.content / rel).read_bytes()
        except OSError as exc:
            # Not kept: the file may be readable next time, under the same content hash.
            return pickle.dumps((None, [Problem(rel, f"cannot read file ({exc.strerror}); skipped",
                                                "check its permissions", severity="error")], None))
        record.content_hash = hashlib.sha256(data).hexdigest()
        record.blob = _parse_blob(rel, data, self.config, record.content_hash)
        return record.blob

    def load(self, release: bool = False) -> tuple[list[Article], list[Problem]]:
        """Fresh article objects (later stages mutate them) and every ingest problem.

        Also fills :attr:`prepared` with each article's cached per-article analysis, still
        packed: the analysis unpickles a part only when a step reads it.
        ``release`` drops each pickled record once loaded where nothing reads it again: it is
        in the records file, or there is no cache to save it to (a ``--no-cache`` build kept
        every pickle through analysis and rendering, 300 MB at 20,000 articles, so the
        story comparison's child found no room beside it).
        """
        from site_builder.ingest import unique_slugs

        articles: list[Article] = []
        problems = list(self.discovery_problems)
        self.prepared = {}
        from site_builder.analyze.features import collector_paused, settle

        # Unpickling makes millions of small containers: without the pause, collections
        # walking every record loaded so far were three quarters of the load time.
        with collector_paused():
            for rel in self.order:
                record = self.records[rel]
                try:
                    article, more, prepared = pickle.loads(self.blob(rel))
                except Exception as exc:  # a damaged entry of the records file can raise almost anything
                    if record.blob is not None:
                        raise  # parsed in this build: not the cache's fault
                    self.cache.records_corrupt(exc)
                    article, more, prepared = pickle.loads(self._parse_again(rel))
                if release and (record.at is not None or self.cache.path is None):
                    record.blob = None
                problems.extend(more)
                if article is not None:
                    articles.append(article)
                    if prepared is not None:
                        self.prepared[article.source] = prepared
            settle()  # the records live through analysis and rendering
        self.cache.drop_data()
        problems.extend(unique_slugs(articles))
        return articles, problems


def collect(content: Path, config: SiteConfig, build_cache: BuildCache,
            progress: Progress | None = None) -> Collected:
    """Discover and parse every content file, reusing cached records whose bytes are unchanged."""
    files, problems = discover(content, config.max_file_bytes)
    records: dict[str, Record] = {}
    todo: list[tuple[str, bytes, str]] = []
    order: list[str] = []
    now = time.time_ns()
    stats: dict[str, tuple[int, int]] = {}
    for source in files:
        stats[source.rel] = (source.size, source.mtime_ns)
        known = build_cache.lookup_stat(source.rel, source.size, source.mtime_ns)
        if known is not None:  # unchanged since it was hashed: no need to read it
            order.append(source.rel)
            records[source.rel] = Record(known.content_hash, known.blob, known.stat, known.checked_ns, known.at)
            continue
        data = _read(source, problems)
        if data is None:
            continue
        digest = hashlib.sha256(data).hexdigest()
        order.append(source.rel)
        hit = build_cache.lookup(source.rel, digest)
        if hit is not None:
            records[source.rel] = Record(digest, hit.blob, stats[source.rel], now, hit.at)
        else:
            todo.append((source.rel, data, digest))
    if progress:
        progress("parse", 0, len(todo))
    for (rel, _, digest), blob in zip(todo, _parse_all(todo, config, progress), strict=True):
        records[rel] = Record(digest, blob, stats[rel], now)
    return Collected(order, records, problems, len(todo), content, config, build_cache)


def _read(source: SourceFile, problems: list[Problem]) -> bytes | None:
    try:
        return source.path.read_bytes()
    except OSError as exc:
        problems.append(Problem(source.rel, f"cannot read file ({exc.strerror}); skipped", "check its permissions",
                                severity="error"))
        return None


# --- keys ----------------------------------------------------------------------------------

def parse_key(config: SiteConfig) -> str:
    return cache_mod.sha256(f"{cache_mod.code_version()}:{cache_mod.config_hash(config)}".encode())


def _extra_inputs(config: SiteConfig, content: Path) -> str:
    """Hash of side files other stages read (the editor's timeline file), wherever it lives."""
    name = config.timeline_file or "timeline.yaml"
    base = Path(config.path).parent if config.path else Path.cwd()
    h = hashlib.sha256()
    for candidate in (base / name, content / name):
        if candidate.is_file():
            h.update(str(candidate).encode() + b"\0" + candidate.read_bytes())
    return h.hexdigest()


def site_key(collected: Collected, pkey: str, templates: str, extra: str, options: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for part in (pkey, templates, extra, repr(sorted(options.items()))):
        h.update(part.encode() + b"\0")
    for problem in collected.discovery_problems:
        h.update(problem.format().encode() + b"\0")
    for rel, record in sorted(collected.records.items()):
        h.update(f"{rel}\0{record.content_hash}\0".encode())
    return h.hexdigest()


# What a page may show about articles and stories it does NOT receive in its context:
# navigation-level facts (titles, dates, links, membership), never text derived from bodies.
_ARTICLE_TEXT = {"body", "body_html", "front_matter", "content_hash", "warnings"}
# A story's canonical member is its longest account: a body edit may move it, so it counts
# as text (only the story page and digest.json show it) rather than re-render every page.
_STORY_TEXT = {"summary", "comparison", "warnings", "canonical"}
_SITE_TEXT = {"timeline", "problems"}


def site_fingerprint(site: SiteModel) -> bytes:
    """The site-wide facts every page's key includes, on top of the page's own context.

    The contract with render/ (see :class:`_PageReuse`): a page that shows an article's
    text, a story's summary, comparison, warnings or canonical member, or timeline entries must receive
    those objects in its context (as the renderer does: ``story=``, ``stories=``,
    ``years=``...). Everything else a template might look up through ``site`` (titles,
    slugs, dates, story membership, topics, people) is in this fingerprint. So editing
    one article's text re-renders only the pages that show that article or its story;
    a change to a title or to story membership re-renders every page. The tests compare
    incremental builds with cold builds byte for byte to hold render to this contract.
    """
    # One getter per class, not a walk of dataclasses.fields() per object (2,000 articles).
    getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}

    def article_meta(a: Article) -> tuple[Any, ...]:
        get = getters.get(type(a))
        if get is None:
            get = getters[type(a)] = _fields_getter(a, _ARTICLE_TEXT)
        return get(a)

    def story_meta(s: Story) -> tuple[Any, ...]:
        get = getters.get(type(s))
        if get is None:
            get = getters[type(s)] = _fields_getter(s, {*_STORY_TEXT, "articles"})
        return [a.source for a in s.articles], get(s)

    rest = [getattr(site, f.name) for f in fields(site) if f.name not in ("articles", "stories", *_SITE_TEXT)]
    buffer, pickler = _model_pickler()
    pickler.dump(([article_meta(a) for a in site.articles], [story_meta(s) for s in site.stories], rest))
    return buffer.getvalue()


def _fields_getter(obj: Any, leave_out: Collection[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function returning the tuple of the dataclass fields other than ``leave_out`` of
    objects like ``obj`` (a dataclass or one of its objects)."""
    names = [f.name for f in fields(obj) if f.name not in leave_out]
    if len(names) == 1:  # attrgetter of one name returns the value, not a 1-tuple
        return lambda o: (getattr(o, names[0]),)
    return operator.attrgetter(*names) if names else lambda o: ()


# --- rendering with page reuse ---------------------------------------------------------------

_PATCH_LOCK = threading.Lock()
# Context entries every page gets that are derived from the site, the configuration
# and the page path, all of which are already in the key.
_DERIVED_CONTEXT = {"site", "config", "urls", "url", "r", "card"}


_DERIVED_BODY = {"body", "body_html", "front_matter"}


# Every dataclass of the model, in the order model.py defines them (the order is part of the keys).
_MODEL_CLASSES: tuple[type, ...] = tuple(
    kind for kind in vars(model_mod).values()
    if isinstance(kind, type) and kind.__module__ == model_mod.__name__ and dataclasses.is_dataclass(kind))


def _object_ref(digest: bytes) -> None:
    """Stands for an article, story or timeline entry, by its digest, in a page key's pickle (never called)."""


def _objects_ref(digests: bytes) -> None:
    """Stands for a list of articles, stories and timeline entries, by their digests, in a key (never called)."""


def _inputs_ref(refs: bytes) -> None:
    """Stands for a tuple of pages' inputs, by their refs, in a key's pickle (never called)."""


class _InputsRefs(bytes):
    """Pages' inputs by their objects' digests (see :meth:`_ObjectDigests.inputs_refs`)."""

    __slots__ = ()


def _reduce_inputs_refs(refs: _InputsRefs) -> tuple[Callable[[bytes], None], tuple[bytes]]:
    return _inputs_ref, (bytes(refs),)


class _Joined(bytes):
    """The digests of a list's objects, one after another (see :meth:`_ObjectDigests.joined`)."""

    __slots__ = ()


def _reduce_joined(joined: _Joined) -> tuple[Callable[[bytes], None], tuple[bytes]]:
    return _objects_ref, (bytes(joined),)


class _Keyer:
    """Turns a page context into bytes that change whenever any value in it changes.

    A context is pickled whole, by value, in C (see :class:`_ObjectDigests`), except the
    objects that many pages share (an article is on its story's page, its own and its
    story's other members' pages): each of those is hashed once per build, by identity,
    and stands in every context as its digest. Only those objects call back into Python,
    which is why this beats walking a context in Python (issue 7: keying was 40% of render).
    """

    def __init__(self) -> None:
        self._objects = _ObjectDigests()
        self.object_digest = self._objects.object_digest
        self.cover = self._objects.cover
        self.digest_all = self._objects.digest_all
        self.refs = self._objects.refs
        self.joined = self._objects.joined
        self.inputs_refs = self._objects.inputs_refs
        self._buffer, self._pickler = self._objects.pickler()

    def token(self, value: Any) -> bytes:
        """A digest that differs whenever the value differs (type included: 1, 1.0, True and "1" too)."""
        return self._hashed(b"", value).digest()

    def key(self, prefix: bytes, value: Any) -> bytes:
        """The SHA-256 digest of ``prefix`` followed by the bytes :meth:`token` hashes.

        Kept as the 32 bytes, not their hex: the cache index holds 11,000 of them.
        """
        return self._hashed(prefix, value).digest()

    def _hashed(self, prefix: bytes, value: Any) -> Any:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        # The prefix written into the buffer, then hashed in one call: copying a hash object
        # seeded with it cost twice as much as hashing it again (11,000 pages an edit).
        buffer.write(prefix)
        try:
            self._pickler.dump(value)
        except BaseException:
            # A pickler stopped half way may keep state (fast mode's nesting count): start afresh.
            self._buffer, self._pickler = self._objects.pickler()
            raise
        with buffer.getbuffer() as view:
            return hashlib.sha256(view)


class _ObjectDigests:
    """The digest of each shared object, made once per build and kept by identity.

    Keys are pickles in fast mode (no memo, so the bytes depend on the values only, see
    :func:`model.value_bytes`), made in C. The model's classes (:data:`_MODEL_CLASSES`)
    are pickled through pickle's ``dispatch_table``: an object reduces to a call of its
    class with its fields, and the class is written as a reference into a memo seeded
    with those classes in a fixed order (pickle's generic reduction of an object, which
    writes its class by module and name, costs ten times as much). Articles, stories and
    timeline entries (:data:`SHARED`), which many pages show, instead reduce to a call of
    the marker :func:`_object_ref` with the object's digest: the SHA-256 of its class's
    name and of the same pickle of its fields, less an article's body, which its
    ``content_hash`` and the parse key (both in every key) determine. Any other object
    pickles as pickle always does; real bytes pickle as bytes, never as a call of the
    marker; so no two different values give the same bytes.
    """

    SHARED: tuple[type, ...] = (Article, Story, TimelineEntry)

    def __init__(self) -> None:
        self._covered: dict[int, bytes] = {}  # id of an article or story of the keyed site → its place
        self._text_getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
        self._digests: dict[int, bytes] = {}  # id of an object → its digest
        self._reduced: dict[int, tuple[Callable[[bytes], None], tuple[bytes]]] = {}  # id → its reduction
        self._alive: list[object] = []  # those objects: kept alive, so no other object takes their id
        self._free: list[tuple[io.BytesIO, pickle.Pickler]] = []  # picklers for digests made while pickling
        self._names: dict[type, bytes] = {}
        self._getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
        self._table: dict[type, Callable[[Any], Any]] = {**_BY_FIELDS, **{kind: self._reduce for kind in self.SHARED},
                                                         _Joined: _reduce_joined, _InputsRefs: _reduce_inputs_refs}
        self._shared = frozenset(self.SHARED)

    def pickler(self) -> tuple[io.BytesIO, pickle.Pickler]:
        return _model_pickler(self._table)

    def cover(self, site: SiteModel) -> None:
        """Digest the articles and stories of ``site`` by their place in it and the fields that
        :func:`site_fingerprint` leaves out, not by every field.

        Sound only where every key also hashes that site's fingerprint (each page key does:
        the static key holds it), which has the other fields of the article or story at
        that place; so equal keys still mean equal objects. The fingerprint already pickles
        those fields once a build: this spares a second pickle of titles, dates, topics...
        (issue 7: the digests of 4,000 articles and stories were a fifth of an edit's render).
        Objects digested before, or not of ``site``, keep digests of all their fields.
        """
        if self._covered:
            return
        covered = self._covered
        for tag, kind, objects in ((b"a", Article, site.articles), (b"s", Story, site.stories)):
            # After the class name: never the start of a pickle (b"\x80"), so never a full digest's bytes.
            places = [b"@%s%d\0" % (tag, n) for n in range(len(objects))]
            if all(map(isinstance, objects, itertools.repeat(kind))):  # as always: at once
                covered.update(zip(map(id, objects), places, strict=True))
                continue
            for obj, place in zip(objects, places, strict=True):
                if isinstance(obj, kind):
                    covered[id(obj)] = place

    def digest_all(self, objects: Iterable[Any]) -> None:
        """:meth:`object_digest` of each of ``objects`` (dataclass objects), made in one pass.

        The same digests, from one buffer: each object's name and fields are pickled after
        the last one's and hashed from a slice, instead of a buffer emptied and a hash
        made per call (issue 7: an edit digests 7,500 articles, stories and timeline entries).
        """
        digests = self._digests
        todo = [obj for obj in objects if id(obj) not in digests]
        if not todo:
            return
        buffer, pickler = self.pickler()
        ends: list[int] = []
        try:
            for obj in todo:
                opening, getter = self._opening(obj, type(obj))
                buffer.write(opening)
                pickler.dump(getter(obj))
                ends.append(buffer.tell())
        except Exception:  # an unpicklable value: the pages that show it are keyed (or not) one by one
            return
        sha256, start = hashlib.sha256, 0
        with buffer.getbuffer() as view:
            for obj, end in zip(todo, ends, strict=True):
                # An object met twice in ``objects``: the first digest stands (both are the same).
                digests.setdefault(id(obj), sha256(view[start:end]).digest())
                start = end
        self._alive += todo

    def _opening(self, obj: Any, kind: type) -> tuple[bytes, Callable[[Any], tuple[Any, ...]]]:
        """What a dataclass object's digest hashes before the pickle of its fields (its class's
        name, then its place if it is covered), and the getter of those fields."""
        getter = self._getters.get(kind) or self._getter(kind)
        place = self._covered.get(id(obj))
        if place is None:
            return self._names[kind], getter
        return self._names[kind] + place, self._text_getter(kind)

    def _text_getter(self, kind: type) -> Callable[[Any], tuple[Any, ...]]:
        """The fields of a covered object that the fingerprint leaves out (see :meth:`cover`)."""
        getter = self._text_getters.get(kind)
        if getter is None:
            # An article's less its body, a function of content_hash and the parse key (as for every article).
            kept = set(_ARTICLE_TEXT) - _DERIVED_BODY if issubclass(kind, Article) else {*_STORY_TEXT, "articles"}
            getter = self._text_getters[kind] = _fields_getter(
                kind, [f.name for f in fields(kind) if f.name not in kept])
        return getter

    def _getter(self, kind: type) -> Callable[[Any], tuple[Any, ...]]:
        getter = self._getters.get(kind)
        if getter is None:
            # An article's body is a function of its file's bytes (content_hash) and the parse key.
            getter = self._getters[kind] = _fields_getter(kind, _DERIVED_BODY if issubclass(kind, Article) else ())
            self._names[kind] = f"{kind.__module__}.{kind.__qualname__}\0".encode()
        return getter

    def refs(self, values: tuple[Any, ...]) -> bytes | None:
        """``values`` by the digests of their objects, when each is an article, story or timeline
        entry digested already, None, or a list of those; else None (pickle them instead).

        The pickle of such values would hold, for each object, a call of :func:`_object_ref`
        with that same digest, made by a call back into Python per object (an edit keys
        4,000 pages of a story or an article with 12,000 of them). These bytes are injective
        too: each element is b"n" (None), b"o" and a 32-byte digest, or b"l", the list's
        length and its elements; a digest hashes its object's class and fields.
        """
        digests, shared = self._digests, self._shared
        parts: list[bytes] = []
        for value in values:
            kind = type(value)
            if value is None:
                parts.append(b"n")
            elif kind in shared:
                digest = digests.get(id(value))
                if digest is None:
                    return None
                parts += (b"o", digest)
            elif kind is list:
                parts.append(b"l%d:" % len(value))
                # A list of digested objects (a story's timeline entries, the whole timeline) in C.
                found = self._all_digested(value)
                if found is not None:
                    if found:
                        parts += (b"o", b"o".join(found))  # type: ignore[arg-type]
                    continue
                for item in value:
                    if item is None:
                        parts.append(b"n")
                        continue
                    digest = digests.get(id(item)) if type(item) in shared else None
                    if digest is None:
                        return None
                    parts += (b"o", digest)
            else:
                return None
        return b"".join(parts)

    def inputs_refs(self, whole: Any) -> Any:
        """``whole``, or if it is a tuple of pages' inputs, tuples of one length whose values are
        all (column by column) articles, stories or timeline entries digested already or None,
        or lists of such objects, those inputs by their digests in one :class:`_InputsRefs`.

        Made a column at a time, in C where it can be (a chunk of story or article pages, see
        ``Renderer.pages_chunked``: keying them page by page, through :meth:`refs`, cost 4 µs a
        page). Injective: the bytes open with the count of tuples and their length, then each
        column is ``c`` and, per value, ``n`` (None) or ``o`` and a digest, or ``l``, the lists'
        lengths (comma-separated), ``:`` and their objects' digests (all of one length).
        """
        if type(whole) is not tuple or not whole or set(map(type, whole)) != {tuple}:
            return whole
        lengths = set(map(len, whole))
        if len(lengths) != 1:
            return whole
        get, shared = self._digests.get, self._shared
        parts = [b"t%d:%d:" % (len(whole), *lengths)]
        for column in zip(*whole, strict=True):
            kinds = set(map(type, column))
            if kinds <= shared or kinds - shared == {type(None)}:
                found = list(map(get, map(id, column)))
                # A None among the digests is a None value, or an object not digested: count them.
                if found.count(None) != list(map(operator.is_, column, itertools.repeat(None))).count(True):
                    return whole
                if None in found:
                    parts.append(b"c")
                    parts += [b"n" if digest is None else b"o" + digest for digest in found]
                else:  # the usual column, in C
                    parts += (b"co", b"o".join(found))  # type: ignore[arg-type]
            elif kinds == {list}:
                found = self._all_digested(list(itertools.chain.from_iterable(column)))
                if found is None:
                    return whole
                # The lists' lengths, then all their objects' digests (as many as the lengths add up to).
                parts += (b"l", b",".join(map(b"%d".__mod__, map(len, column))), b":")
                parts += found  # type: ignore[arg-type]
            else:
                return whole
        return _InputsRefs(b"".join(parts))

    def joined(self, value: Any) -> Any:
        """``value``, or if it is a list of articles, stories and timeline entries all digested
        already, their digests in one :class:`_Joined`, which a key's pickle writes as one
        call of :func:`_objects_ref` rather than a call of :func:`_object_ref` per object,
        each made by a call back into Python (issue 7: the timeline, keyed three times an
        edit, and every topic's feed). Injective too: the digests are of a fixed length.
        """
        if type(value) is not list or not value:
            return value
        found = self._all_digested(value)
        return value if found is None else _Joined(b"".join(found))

    def _all_digested(self, objects: list[Any]) -> list[bytes] | None:
        """The digests of ``objects`` when each is an article, story or timeline entry digested
        already, else None; in C (a call back into Python per object cost most of a key)."""
        found = list(map(self._digests.get, map(id, objects)))
        return found if None not in found and self._shared.issuperset(map(type, objects)) else None  # type: ignore[return-value]

    def _reduce(self, obj: Any) -> tuple[Callable[[bytes], None], tuple[bytes]]:
        # Made once per object: an edit's keys refer to 4,000 articles and stories and 3,500
        # timeline entries 25,000 times, and a lookup here spares a call and a tuple each time.
        reduced = self._reduced.get(id(obj))
        if reduced is None:
            reduced = self._reduced[id(obj)] = (_object_ref, (self.object_digest(obj),))  # type: ignore[assignment]
        return reduced  # type: ignore[return-value]

    def object_digest(self, obj: Any) -> bytes | None:
        """A dataclass object's digest; None for any other value."""
        digest = self._digests.get(id(obj))
        if digest is not None:
            return digest
        kind = type(obj)
        if kind not in self._getters and not dataclasses.is_dataclass(kind):
            return None
        opening, getter = self._opening(obj, kind)
        # The fields' shared objects are digested while this pickles: one pickler a level.
        free = self._free
        buffer, pickler = free.pop() if free else self.pickler()
        buffer.seek(0)
        buffer.truncate()
        buffer.write(opening)  # hashed with the fields' pickle, in one call
        pickler.dump(getter(obj))  # if it fails, this pickler (which may keep state) is not reused
        with buffer.getbuffer() as view:
            digest = self._digests[id(obj)] = hashlib.sha256(view).digest()
        free.append((buffer, pickler))
        self._alive.append(obj)
        return digest


def _by_fields(kind: type, getter: Callable[[Any], tuple[Any, ...]], obj: Any) -> tuple[Any, ...]:
    """A model object's reduction in a key: a call of its class with its fields (see :class:`_ObjectDigests`)."""
    return kind, getter(obj)


# Pickle's reductions of the model's objects by their fields, and a memo that writes each
# class (and the markers _object_ref, _objects_ref, _inputs_ref) as a reference to its place in this fixed list.
_BY_FIELDS = {kind: functools.partial(_by_fields, kind, _fields_getter(kind, ())) for kind in _MODEL_CLASSES}
_SEED = {id(o): (i, o) for i, o in enumerate([_object_ref, _objects_ref, _inputs_ref, *_MODEL_CLASSES])}


def _model_pickler(table: dict[type, Callable[[Any], Any]] = _BY_FIELDS) -> tuple[io.BytesIO, pickle.Pickler]:
    """:func:`model.fast_pickler` that writes the model's objects by their fields (see :class:`_ObjectDigests`)."""
    buffer, pickler = fast_pickler()
    pickler.dispatch_table = table
    pickler.memo = _SEED  # copied: a fast pickler adds nothing to it
    return buffer, pickler


class _Reused(str):
    """Last build's HTML for a page whose inputs are unchanged (an in-place build skips writing it)."""

    __slots__ = ()


_PLACEHOLDER = _Reused("")  # what an in-place build hands render for a page it leaves as it is
_PATH, _TEXT = operator.itemgetter(0), operator.itemgetter(1)  # of a (path, text) render writes


class _ReusedTemplate:
    """Stands in for a jinja2 template: a page whose inputs are unchanged gets last build's HTML."""

    def __init__(self, template: Any, name: str, reuse: _PageReuse) -> None:
        self._template = template
        self._name = name
        self._reuse = reuse

    def render(self, *args: Any, **context: Any) -> str:
        reuse = self._reuse
        path = context.get("page_path")
        # A page is an outermost render that gets the whole site; fragments rendered
        # inside it (story cards also receive page_path) are part of that page.
        if args or reuse.depth or not isinstance(path, str) or "site" not in context:
            return self._template.render(*args, **context)
        reuse.depth += 1
        try:
            if path in reuse.fresh:  # keyed by its inputs already (Renderer.page_of, pages_of), and a miss
                reuse.fresh.discard(path)
                html = None
            else:
                html = reuse.lookup(self._name, path, context)
            if html is None:
                html = self._template.render(**context)
        finally:
            reuse.depth -= 1
        return html

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class _PageReuse:
    """Wraps ``render.Renderer.template`` (and ``write``) so unchanged pages are not rendered again.

    render/ stays unaware of the cache. A page template receives ``page_path`` and its
    context; the page's key hashes the template set, the configuration, the code, the
    site fingerprint (see :func:`site_fingerprint`) and that context. When the key
    matches the previous build's and the previous output file is untouched, its HTML is
    returned instead of rendering; the renderer then writes it (and records it in its
    sitemap) as usual, except that an in-place build skips writing such a page. Without a
    ``Renderer.template`` method this does nothing and every page is rendered.
    """

    def __init__(self, static_key: str, previous: LastBuild | None, old_output: Path,
                 progress: Progress | None, in_place: bool) -> None:
        self.static_key = static_key.encode()  # each page's key hashes it, then the page's own value
        self.old_keys = previous.page_keys if previous is not None else {}
        self.old_manifest = previous.manifest if previous is not None else {}
        self.old_output = old_output
        self.progress = progress
        self.in_place = in_place
        self.page_keys: dict[str, bytes] = {}
        self.keyer = _Keyer()
        self.placeholders: set[str] = set()  # pages left as they are in an in-place build
        self.depth = 0
        self.fresh: set[str] = set()  # pages keyed by their inputs, to render (see stored_pages)
        self.reused = 0
        self.rendered = 0
        self.seen = 0

    def lookup(self, name: str, path: str, context: dict[str, Any]) -> str | None:
        return self._counted(path, self.find(name, path, context))

    def _counted(self, path: str, html: str | None) -> str | None:
        self.seen += 1  # pages this process looked up, for progress
        if self.progress and self.seen % 100 == 1:
            self.progress("render", self.seen - 1, None)
        if html is None:
            self.rendered += 1
        else:
            self.reused += 1
        return html

    def stored_pages(self, template: str, pages: list[tuple[str, tuple[Any, ...]]]) -> list[str | None]:
        """``Renderer.stored_pages``: last build's HTML of each (path, inputs), pages keyed by their
        inputs, not their context; a page that must render is noted in :attr:`fresh`."""
        # _find and _counted, unrolled: this runs for nearly every page of the site. Its own
        # name space: a context key of the same page never matches an inputs key.
        tag = f"inputs:{template}"
        key_of, static_key, old_keys, page_keys = self.keyer.key, self.static_key, self.old_keys, self.page_keys
        refs, sha256 = self.keyer.refs, hashlib.sha256
        # A key of inputs by their objects' digests (_ObjectDigests.refs) hashes the static key
        # and then a NUL, never the b"\x80" a pickle opens with: the two kinds of keys never meet.
        opening = static_key + b"\0" + str(len(tag)).encode() + b":" + tag.encode()
        stored = self._placeholder if self.in_place else self._old_html
        found: list[str | None] = []
        for path, inputs in pages:
            try:
                by_refs = refs(inputs) if type(inputs) is tuple else None
                key = key_of(static_key, (tag, inputs)) if by_refs is None else sha256(opening + by_refs).digest()
            except Exception:  # an unpicklable context cannot be keyed: always render it
                html = None
            else:
                page_keys[path] = key
                html = stored(path) if old_keys.get(path) == key else None
            if html is None:
                self.fresh.add(path)
                self.rendered += 1
            else:
                self.reused += 1
            found.append(html)
        if self.progress:
            self.progress("render", self.seen, None)
        self.seen += len(pages)
        return found

    def stored_together(self, whole: Any, pages: list[tuple[str, list[str]]]) -> list[str] | None:
        """``Renderer.stored_together``: last build's HTML of every page of ``pages`` (template, paths)
        when their group's key is last build's and each page was kept, else None (nothing recorded).

        The group's key hashes the static key (with the site's navigation-level facts), the
        templates, the paths and ``whole``, of which render promises every input of those pages
        is a function; so an equal key means each page's inputs, and so its key, are last build's,
        and those keys are carried over without keying the pages one by one.
        """
        try:
            key = self.keyer.key(self.static_key, ("together", pages, self.keyer.inputs_refs(whole)))
        except Exception:  # an unpicklable value cannot be keyed: ask page by page
            return None
        # Under a name no file has: a path cannot hold NUL (nor end with one, so no suffix matches).
        # The first path tells apart groups of the same templates (Renderer.pages_chunked).
        first = next((group[0] for _, group in pages if group), "")
        name = "\0together:" + ",".join(template for template, _ in pages) + "\0" + first + "\0"
        self.page_keys[name] = key
        if self.old_keys.get(name) != key:
            return None
        paths = [path for _, group in pages for path in group]
        old_keys = self.old_keys
        keys = list(map(old_keys.get, paths))
        if None in keys:
            return None
        if self.in_place:  # _placeholder() of each page, at once
            manifest = self.old_manifest
            if not all(map(manifest.__contains__, paths)):
                return None
            self.placeholders.update(paths)
            found: list[str | None] = [_PLACEHOLDER] * len(paths)
        else:
            found = [self._old_html(path) for path in paths]
            if None in found:
                return None
        self.page_keys.update(zip(paths, keys, strict=True))  # type: ignore[arg-type]
        self.reused += len(paths)
        if self.progress:
            self.progress("render", self.seen, None)
        self.seen += len(paths)
        return found  # type: ignore[return-value]

    def find(self, name: str, path: str, context: dict[str, Any]) -> str | None:
        """Last build's text of ``path`` if its key (``name``, ``context``, the static key) is
        unchanged, else None; records the key either way. Counts nothing (files are not pages)."""
        joined = self.keyer.joined
        return self._find(path, (name, sorted((k, joined(v)) for k, v in context.items() if k not in _DERIVED_CONTEXT)))

    def _find(self, path: str, value: Any) -> str | None:
        """:meth:`find` of a page whose key hashes ``value`` (besides the static key)."""
        try:
            key = self.keyer.key(self.static_key, value)
        except Exception:  # an unpicklable context cannot be keyed: always render it
            return None
        self.page_keys[path] = key
        if self.old_keys.get(path) != key:
            return None
        # In place, the old file simply stays: nothing to read, and write() skips it.
        return self._placeholder(path) if self.in_place else self._old_html(path)

    def take(self) -> tuple[dict[str, bytes], int, int, set[str]]:
        """What a render worker gathered since the last call (see ``render.WorkerState``)."""
        taken = (self.page_keys, self.reused, self.rendered, self.placeholders)
        self.page_keys, self.reused, self.rendered, self.placeholders = {}, 0, 0, set()
        return taken

    def merge(self, taken: tuple[dict[str, bytes], int, int, set[str]]) -> None:
        page_keys, reused, rendered, placeholders = taken
        self.page_keys.update(page_keys)
        self.reused += reused
        self.rendered += rendered
        self.placeholders |= placeholders

    def _placeholder(self, path: str) -> str | None:
        # No stat here: an in-place build only starts once unchanged_since() has found every
        # file of the old manifest as it was (a file touched since then keeps its old
        # manifest entry, so the next build sees the change and renders it again).
        if path not in self.old_manifest:
            return None
        self.placeholders.add(path)
        return _PLACEHOLDER

    def _old_html(self, path: str) -> str | None:
        expected = self.old_manifest.get(path)
        source = self.old_output / path
        try:
            st = source.stat()
            if expected is None or (st.st_size, st.st_mtime_ns) != expected:
                return None
            return _Reused(source.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        from site_builder import render as render_pkg

        renderer = getattr(render_pkg, "Renderer", None)
        original = getattr(renderer, "template", None)
        original_write = getattr(renderer, "write", None)
        if renderer is None or original is None or original_write is None:
            yield
            return
        reuse = self

        def template(self: Any, name: str) -> Any:
            return _ReusedTemplate(original(self, name), name, reuse)

        def write(self: Any, path: str, text: Any, *args: Any, **kwargs: Any) -> Any:
            # Only the exact string handed out above is skipped: any change render makes
            # to it gives a plain str, which is written as usual.
            if reuse.in_place and type(text) is _Reused:
                written = getattr(self, "written", None)
                if isinstance(written, list):
                    written.append(path)
                return None
            if path in reuse.placeholders:
                # render changed the HTML it got for an unchanged page (the placeholder is
                # empty): writing it would corrupt the page, so stop loudly instead.
                raise RuntimeError(f"render altered the reused page {path} before writing it; "
                                   "see build._PageReuse for the contract")
            return original_write(self, path, text, *args, **kwargs)

        def page_jobs(self: Any) -> Any:
            # The site rendered is the one whose fingerprint the static key holds (build makes
            # both from one model): its articles and stories may be digested by their text.
            # Pages key nearly all of its shared objects: they are digested at once, articles
            # first (a story's digest refers to its members').
            site = getattr(self, "site", None)
            if isinstance(site, SiteModel):
                reuse.keyer.cover(site)
                for objects in (site.articles, site.stories, site.timeline):
                    reuse.keyer.digest_all(obj for obj in objects if isinstance(obj, _ObjectDigests.SHARED))
            return originals["page_jobs"](self)

        def write_all(self: Any, files: list[tuple[str, str]]) -> None:
            # A run of pages all left as they are (nearly every page of an edit): only recorded.
            written = getattr(self, "written", None)
            if reuse.in_place and isinstance(written, list) and set(map(type, map(_TEXT, files))) == {_Reused}:
                written.extend(map(_PATH, files))
            else:
                originals["write_all"](self, files)  # through write() above, file by file

        def keyed(self: Any, name: str, path: str, inputs: dict[str, Any], make: Callable[[], Any]) -> None:
            # Feeds, data exports, the sitemap: render promises make() depends on the inputs,
            # the configuration, the code and the site fingerprint only (Renderer.keyed).
            text = reuse.find(name, path, inputs)
            self.write(path, make() if text is None else text)

        def stored_pages(self: Any, template: str, pages: list[tuple[str, tuple[Any, ...]]]) -> list[str | None]:
            return reuse.stored_pages(template, pages)

        def stored_together(self: Any, whole: Any, pages: list[tuple[str, list[str]]]) -> list[str] | None:
            return reuse.stored_together(whole, pages)

        # template and write are there (checked above); the other hooks only where the Renderer has them.
        patches = {"template": template, "write": write, "keyed": keyed, "stored_pages": stored_pages,
                   "stored_together": stored_together, "write_all": write_all, "page_jobs": page_jobs}
        originals = {name: getattr(renderer, name, None) for name in patches}
        patches = {name: hook for name, hook in patches.items() if originals[name] is not None}
        with _PATCH_LOCK:
            for name, hook in patches.items():
                setattr(renderer, name, hook)
            try:
                yield
            finally:
                for name in patches:
                    setattr(renderer, name, originals[name])


# --- updating the output in place ---------------------------------------------------------------

def _journal_dir(output: Path) -> Path:
    return output.with_name(f".{output.name}.journal-{os.getpid()}")


def commit_in_place(staging: Path, output: Path, old_manifest: dict[str, tuple[int, int]],
                    written: list[str]) -> dict[str, tuple[int, int]]:
    """Move the files of ``staging`` into ``output`` and delete stale ones, with a rollback journal.

    Used when only a few pages changed, because cloning a site of thousands of files
    into a fresh folder costs seconds. Every new file is fully written (in ``staging``)
    before ``output`` is touched; the journal keeps a hard link to every file about to be
    replaced or deleted plus the plan, so an error rolls back at once and a killed commit
    is rolled back by the next build (:func:`recover_interrupted`). Returns the new manifest.
    """
    staged = manifest_of(staging)
    changed: list[str] = []
    for rel in sorted(staged):
        old = old_manifest.get(rel)
        if old is not None and old[0] == staged[rel][0] and _same_bytes(staging / rel, output / rel):
            continue
        changed.append(rel)
    keep = set(written) | set(staged)
    stale = sorted(rel for rel in old_manifest if rel not in keep)
    manifest = dict(old_manifest)
    for rel in stale:
        manifest.pop(rel, None)
    if not changed and not stale:
        return manifest
    journal = _journal_dir(output)
    _remove_tree(journal)
    replaced = [rel for rel in [*changed, *stale] if rel in old_manifest]
    # The backups lie flat, numbered in the plan's order: no folder per page to make and
    # remove again (each costs milliseconds of waiting on the file system).
    journal.mkdir(exist_ok=True)
    for n, rel in enumerate(replaced):
        os.link(output / rel, journal / f"{n}.old")
    plan = {"added": [rel for rel in changed if rel not in old_manifest], "replaced": replaced, "flat": True}
    (journal / "plan.tmp").write_text(json.dumps(plan), encoding="utf-8")
    os.replace(journal / "plan.tmp", journal / "plan.json")  # from here on, a kill is rolled back
    try:
        for rel in changed:
            target = output / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
            st = target.stat()
            manifest[rel] = (st.st_size, st.st_mtime_ns)
        for rel in stale:
            (output / rel).unlink(missing_ok=True)
            _remove_empty_parents(output / rel, output)
    except BaseException:
        _roll_back(journal, output)
        raise
    _remove_tree(journal)
    return manifest


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_relative_to(stop):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _roll_back(journal: Path, output: Path) -> None:
    """Undo a commit that was interrupted after its plan was written."""
    try:
        plan = json.loads((journal / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _remove_tree(journal)  # killed before the commit began: nothing to undo
        return
    for rel in plan.get("added", []):
        (output / rel).unlink(missing_ok=True)
        _remove_empty_parents(output / rel, output)
    flat = plan.get("flat", False)  # a journal of an older build keeps old/<path>
    for n, rel in enumerate(plan.get("replaced", [])):
        backup = journal / f"{n}.old" if flat else journal / "old" / rel
        if backup.exists():
            (output / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(backup, output / rel)
    _remove_tree(journal)


def _index_search(folder: Path) -> None:
    """Pagefind search index for the finished site, when render provides it."""
    try:
        from site_builder.render.search import index_site
    except ImportError:
        return
    index_site(folder)


def run_analysis(articles: list[Article], problems: list[Problem], config: SiteConfig,
                 prepared: dict[str, Any] | None = None, memo: dict[str, Any] | None = None) -> SiteModel:
    """analyze, with the editor's timeline file (shared by build and check); ``memo`` as in ``analyze``."""
    from site_builder.analyze import analyze
    from site_builder.analyze.features import set_memory_limit
    from site_builder.config import load_timeline_overrides

    # Rendering forks through the same helper, after this, in this process.
    set_memory_limit(config.memory_limit_mb * 1024 * 1024)

    base = Path(config.path).parent if config.path else Path.cwd()
    overrides = load_timeline_overrides(base / (config.timeline_file or "timeline.yaml"))
    return analyze(articles, config, problems, timeline_overrides=overrides, prepared=prepared, memo=memo)


# --- the build ---------------------------------------------------------------------------------

def build(content: Path, output: Path, config: SiteConfig, template_dirs: list[Path] | None = None, *,
          cache_dir: Path | None = None, progress: Progress | None = None, search: bool = True) -> BuildResult:
    """Build the site from ``content`` into ``output``; ``cache_dir`` enables incremental builds."""
    start = time.perf_counter()
    content = content.resolve()
    output = output.resolve()
    cache_dir = cache_dir.resolve() if cache_dir is not None else None
    _check_folders(content, output, cache_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(output)
    template_dirs = list(template_dirs or [])

    pkey = parse_key(config)
    build_cache = BuildCache.load(cache_dir, pkey)
    last = build_cache.last if build_cache.last and build_cache.last.output == str(output) else None
    # Whether the old output is as last build left it matters only to skip this build (same key)
    # or to update it in place (never with search, which indexes a whole new tree). It takes
    # 22,000 stats on 2,000 posts, so it runs beside reading the content (issue 7).
    check = (in_background(functools.partial(unchanged_since, output, last), False)
             if last is not None and output.is_dir() else None)
    try:
        collected = collect(content, config, build_cache, progress)
        templates = cache_mod.tree_hash([*template_dirs, BUILTIN_TEMPLATES])
        key = site_key(collected, pkey, templates, _extra_inputs(config, content),
                       {"output": str(output), "search": search})
        untouched = (check is not None and last is not None and (last.key == key or not search)
                     and check.result())
    finally:
        if check is not None:
            check.cancel()  # a search build of changed inputs needs no answer

    memo: dict[str, Any] | None = None

    def analysed() -> SiteModel:
        nonlocal memo
        # With the records on disk (or no cache at all), each pickled record is dropped as soon
        # as it is loaded; if writing fails they stay in memory, and the final save tries again
        # and reports it.
        saved = cache_dir is None or build_cache.save_records(collected.records) is None
        articles, problems = collected.load(release=saved)
        # What the last analysis can replay (issue 7: an edit must not redo every story).
        memo = cache_mod.load_memo(cache_dir, pkey) if cache_dir is not None else None
        return run_analysis(articles, problems, config, collected.prepared, memo=memo)

    if last is not None and untouched and last.key == key:
        cache_problems = [build_cache.warning] if build_cache.warning else []
        return BuildResult(pages=last.summary["pages"], seconds=time.perf_counter() - start,
                           problems=cache_problems + list(last.problems), articles=last.summary["articles"],
                           stories=last.summary["stories"], flags=last.summary.get("flags", 0), skipped=True,
                           _site_loader=analysed)

    import tempfile

    if progress:
        progress("analyze", 0, None)
    site = analysed()
    from site_builder.analyze.features import frozen
    from site_builder.render import render_site

    # Not the site key: that changes with every file, and most pages do not. Frozen: the
    # first collection after the analysis (which ran with the collector paused) would walk
    # every object it made; freezing and thawing them moves them to the oldest generation.
    with frozen():
        static_key = cache_mod.sha256(b"\0".join([
            pkey.encode(), templates.encode(), hashlib.sha256(site_fingerprint(site)).hexdigest().encode()]))
    # The search index covers the whole site, so a search build always renders a full tree.
    in_place = last is not None and untouched and not search
    reuse = _PageReuse(static_key, last, output, progress, in_place)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-{os.getpid()}-", dir=output.parent))
    manifest: dict[str, tuple[int, int]] | None = None
    try:
        # Not frozen here: render freezes the site itself for as long as it renders here.
        with reuse.installed():
            written = render_site(site, config, staging, template_dirs, state=reuse, workers=config.render_workers,
                                  bytecode_cache=cache_dir / JINJA_DIR if cache_dir is not None else None)
        if in_place and last is not None:
            manifest = commit_in_place(staging, output, last.manifest, written)
            _remove_tree(staging)
        else:
            if search:
                if progress:
                    progress("search", 0, None)
                _index_search(staging)
            staging.chmod(0o755)
            swap_in(staging, output)
    except BaseException:
        _remove_tree(staging)
        raise
    pages = sum(1 for p in written if p.endswith(".html"))
    problems = list(site.problems)
    cache_problems = [build_cache.warning] if build_cache.warning else []
    # Editorial flags (conflicting dates, names or roles) live on stories, not in the problem list.
    summary = {"articles": len(site.articles), "stories": len(site.stories), "pages": pages,
               "flags": sum(len(story.warnings) for story in site.stories)}
    if cache_dir is not None:
        if manifest is None:
            manifest, folders = snapshot(output)
        elif last is not None and last.folders:
            # Updated in place: only the folders above a file that was added, replaced or
            # removed can have changed (unchanged_since found the others as recorded), so
            # only those are looked at again, not one folder per page of the site.
            old_manifest = last.manifest
            touched = [rel for rel, entry in manifest.items() if old_manifest.get(rel) != entry]
            touched += [rel for rel in old_manifest if rel not in manifest]
            again = _parents(touched)
            folders = {rel: mtime for rel, mtime in last.folders.items() if rel not in again}
            folders.update(folder_times(output, again))
        else:  # a cache from before folders were recorded
            folders = folder_times(output, _parents(manifest))
        new_last = LastBuild(key=key, output=str(output), manifest=manifest, page_keys=reuse.page_keys,
                             folders=folders,
                             summary=summary, problems=problems)
        failed = build_cache.save(collected.records, new_last)
        if failed:
            cache_problems.append(failed)
        elif memo is not None:
            failed = cache_mod.save_memo(cache_dir, pkey, memo)
            if failed:
                cache_problems.append(failed)
    return BuildResult(pages=pages, seconds=time.perf_counter() - start, problems=cache_problems + problems,
                       articles=summary["articles"], stories=summary["stories"], flags=summary["flags"],
                       reused_pages=reuse.reused,
                       parsed_files=collected.parsed, _site=site)

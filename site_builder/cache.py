"""The incremental-build cache: parsed records and the last build's page keys, in one file.

The cache is an optimisation only. Everything in it is keyed by hashes of its inputs
(file bytes, configuration, templates and the code itself), so a stale entry is never
used; a missing, unreadable or corrupt cache file is discarded (with a warning when it
was corrupt) and the build simply does all the work again.

Two files are loaded at most once per build, rather than one file per article, because a
no-change rebuild of thousands of posts must finish in well under a second: a small index
(hashes, file stats, where each record lies, the last build's manifest) that every build
reads, and the parsed records, read only when some input changed. Each record is its own
pickled blob, so a build unpickles only what it uses and always gets fresh objects that
later stages may mutate freely.

The records file is append-only (issue 7: an edit of one post must not rewrite tens of
megabytes): a build appends the records it parsed and the index says where each live one
lies. Bytes are never changed in place, so whichever index is on disk always points at
valid entries, even after a crash half-way through an append. When dead entries make up
more than half of the file it is rewritten (atomically, under a new token that the index
names, so an index and a records file from different generations are never mixed).
"""

from __future__ import annotations

import hashlib
import io
import mmap
import os
import pickle
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from site_builder.model import DatedValue, PartialDate, Problem, value_bytes
from site_builder.model import config_hash as config_hash  # beside SiteConfig: the analysis reads it too

FORMAT = 7  # bump when the layout of the cache files changes
FILE_NAME = "build-index.pickle"  # hashes, stats and the last build: read by every build
BLOBS_NAME = "build-records.bin"  # the parsed records: read only when something changed
MEMO_NAME = "analysis-memo.pickle"  # what the last analysis can reuse: read only when something changed
PACKAGE_DIR = Path(__file__).resolve().parent
# The records file starts with this magic, the format and a random token; then entries, each
# b"<rel>\0<content hash>\n" followed by the pickled record, so a misplaced offset is noticed.
_MAGIC = b"site-builder records\0"
_TOKEN_BYTES = 16
_HEADER_LEN = len(_MAGIC) + 1 + _TOKEN_BYTES
_COMPACT_MIN_BYTES = 1 << 20  # below this, dead entries cost too little to be worth a rewrite


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of every Python source file of the package: a code change invalidates the cache."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def tree_hash(folders: list[Path]) -> str:
    """Hash of the names and bytes of every file under ``folders`` (templates, static files)."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(str(folder).encode() + b"\0")
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(sha256(path.read_bytes()).encode())
    return h.hexdigest()


@dataclass
class Record:
    """One parsed content file: the hash of its bytes and the pickled (article, problems, prepared)."""

    content_hash: str
    blob: bytes | None  # None until read from the records file
    stat: tuple[int, int] | None = None  # (size, mtime_ns) when the bytes were hashed
    checked_ns: int = 0  # wall-clock time of that build
    at: tuple[int, int] | None = None  # (offset, length) of its entry in the records file, once written

    def unchanged_by_stat(self, size: int, mtime_ns: int) -> bool:
        """Same size and mtime as when hashed, and old enough that a same-tick edit is impossible.

        Like git's index: a file modified within a second of being hashed could keep its
        mtime, so such a "racily clean" file is always read and hashed again.
        """
        return (self.stat == (size, mtime_ns) and size >= 0
                and mtime_ns < self.checked_ns - 1_000_000_000)


@dataclass
class LastBuild:
    """What the previous build produced, so an unchanged one can be skipped or reused."""

    key: str  # hash of every input of the whole site
    output: str  # absolute path of the output folder it wrote
    manifest: dict[str, tuple[int, int]]  # output file → (size, mtime_ns) right after the swap
    page_keys: dict[str, bytes]  # output page path → SHA-256 digest of the inputs it was rendered from
    summary: dict[str, int]  # articles, stories, pages
    problems: list[Problem] = field(default_factory=list)
    # output folder ("" for the output itself) → mtime_ns; None in caches written before it was
    # recorded (the class default then stands in for the missing attribute)
    folders: dict[str, int] | None = None


@dataclass
class BuildCache:
    """The loaded cache; ``warning`` is set when a corrupt file had to be discarded."""

    path: Path | None
    parse_key: str
    records: dict[str, Record] = field(default_factory=dict)
    last: LastBuild | None = None
    warning: Problem | None = None
    token: bytes | None = None  # the records file generation the index's offsets refer to
    _data: bytes | mmap.mmap | None = None  # the records file, mapped when a record is first needed

    @property
    def blobs_path(self) -> Path | None:
        return self.path.with_name(BLOBS_NAME) if self.path else None

    def _corrupt(self, path: Path, exc: BaseException) -> None:
        self.warning = self.warning or Problem(
            str(path), f"build cache is corrupt ({type(exc).__name__}); discarded",
            "nothing to do: the cache is rebuilt from scratch")

    def records_corrupt(self, exc: BaseException) -> None:
        """Report a record of the records file that could not be read (the caller parses it again)."""
        self._corrupt(self.blobs_path or Path(BLOBS_NAME), exc)

    @classmethod
    def load(cls, cache_dir: Path | None, parse_key: str) -> BuildCache:
        if cache_dir is None:
            return cls(None, parse_key)
        path = cache_dir / FILE_NAME
        cache = cls(path, parse_key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cache
        except OSError as exc:
            cache.warning = Problem(str(path), f"cannot read the build cache ({exc.strerror}); rebuilding everything",
                                    "check the permissions of the cache folder or pass --cache-dir")
            return cache
        try:
            stored = pickle.loads(data)
            if not isinstance(stored, dict) or stored.get("format") != FORMAT:
                raise ValueError("unknown cache format")
            # Stored as tuples (see _stored_records): a malformed one fails to unpack here.
            records = {rel: Record(content_hash, None, stat, checked_ns, at)
                       for rel, (content_hash, stat, checked_ns, at) in stored["records"].items()}
            last = stored["last"]
            token = stored["token"]
            if last is not None and not isinstance(last, LastBuild):
                raise ValueError("bad last build")
            if token is not None and not isinstance(token, bytes):
                raise ValueError("bad records token")
        except Exception as exc:  # a corrupt pickle can raise almost anything
            cache._corrupt(path, exc)
            return cache
        if stored.get("parse_key") == parse_key:
            cache.records = records
            cache.token = token
        cache.last = last
        return cache

    def blob(self, rel: str, content_hash: str) -> memoryview | None:
        """The pickled record of ``rel`` if the records file holds it for these bytes.

        A view into the file's bytes (no copy); :meth:`drop_data` lets them go.
        """
        record = self.records.get(rel)
        if record is None or record.content_hash != content_hash or record.at is None:
            return None
        data = self._read_data()
        if not data:
            return None
        offset, length = record.at
        prefix = _entry_prefix(rel, content_hash)
        view = memoryview(data)[offset : offset + length]
        if len(view) != length or view[: len(prefix)] != prefix:
            self.records_corrupt(ValueError(f"no entry for {rel} at {offset}"))
            return None
        return view[len(prefix) :]

    def drop_data(self) -> None:
        """Forget the records file's bytes (read again if another record is needed)."""
        self._data = None

    def _read_data(self) -> bytes | mmap.mmap:
        """The records file, or b"" if it is missing, corrupt or of another generation.

        Mapped rather than read: a build uses most of its records once, and reading tens of
        megabytes into a fresh bytes object cost a page fault per 4 KB and a copy of each.
        The mapping stays valid, because the file is only ever appended to or replaced by
        a rename (a new file), never truncated or changed in place.
        """
        if self._data is None:
            self._data = b""
            path = self.blobs_path
            if path is None or self.token is None:
                return self._data
            try:
                with open(path, "rb") as fh:
                    size = os.fstat(fh.fileno()).st_size
                    data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size >= _HEADER_LEN else b""
            except FileNotFoundError:
                return self._data
            except (OSError, ValueError) as exc:
                self._corrupt(path, exc)
                return self._data
            token = _header_token(data[:_HEADER_LEN])
            if token is None:
                self._corrupt(path, ValueError("not a records file"))
            elif token == self.token:
                self._data = data
            # else: rewritten by a build whose index was not saved: its records are simply missing
        return self._data

    def lookup_stat(self, rel: str, size: int, mtime_ns: int) -> Record | None:
        record = self.records.get(rel)
        return record if record is not None and record.unchanged_by_stat(size, mtime_ns) else None

    def lookup(self, rel: str, content_hash: str) -> Record | None:
        record = self.records.get(rel)
        return record if record is not None and record.content_hash == content_hash else None

    def save_records(self, records: dict[str, Record]) -> Problem | None:
        """Write the records that are only in memory now, so they need not stay there.

        A build calls this before it loads the records: on 20,000 files they are a few
        hundred megabytes, which it then drops one by one as it unpickles them instead of
        keeping them alive through analysis and rendering. :meth:`save` then only writes
        the index. On success each record knows where it lies (``at``) and its blob may be
        dropped (:meth:`blob` reads it back from the file).
        """
        if self.path is None or self.blobs_path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write_blobs(records)
        except OSError as exc:
            return _cannot_write(self.path, exc)
        self.records = _index(records)
        return None

    def _write_blobs(self, records: dict[str, Record]) -> None:
        """Append the records not yet in the records file; rewrite it when mostly dead."""
        assert self.blobs_path is not None
        # (record, its entry's prefix, its blob) for each record only in memory
        new = [(r, _entry_prefix(rel, r.content_hash), r.blob) for rel, r in records.items()
               if r.at is None and r.blob is not None]
        if not new and self.token is not None:
            return
        path = self.blobs_path
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if self.token is None or _header_token(os.pread(fd, _HEADER_LEN, 0)) != self.token:
                self._rewrite(records)
                return
            live = sum(r.at[1] for r in records.values() if r.at is not None)
            live += sum(len(prefix) + len(blob) for _, prefix, blob in new)
            if size + live > _COMPACT_MIN_BYTES and live * 2 < size:
                self._rewrite(records)
                return
            chunk = b"".join(part for _, prefix, blob in new for part in (prefix, blob))
            # One write with O_APPEND: its bytes land together at the end, even if another
            # build appends at the same time, and the file offset then tells where.
            written = os.write(fd, chunk)
            if written != len(chunk):
                raise OSError(0, "short write to the records file")
            offset = os.lseek(fd, 0, os.SEEK_CUR) - len(chunk)
        finally:
            os.close(fd)
        for r, prefix, blob in new:
            r.at = (offset, len(prefix) + len(blob))
            offset += len(prefix) + len(blob)
        self._data = None  # the bytes read so far lack the new entries

    def _rewrite(self, records: dict[str, Record]) -> None:
        """Write a new records file holding exactly the live records, under a new token.

        The index on disk still names the old token until :meth:`save`; it is written at
        once here too, so a build stopped before then does not lose every record.
        """
        assert self.path is not None and self.blobs_path is not None
        token = os.urandom(_TOKEN_BYTES)  # what secrets.token_bytes does, without importing it
        parts = [_MAGIC, bytes([FORMAT]), token]
        offset = _HEADER_LEN
        places: list[tuple[int, int] | None] = []
        for rel, r in records.items():
            blob = r.blob if r.blob is not None else self.blob(rel, r.content_hash)
            if blob is None:  # lost: Collected parses it again, and the next save appends it
                places.append(None)
                continue
            prefix = _entry_prefix(rel, r.content_hash)
            parts += [prefix, blob]
            places.append((offset, len(prefix) + len(blob)))
            offset += len(prefix) + len(blob)
        _write_parts_atomic(self.blobs_path, parts)
        for r, at in zip(records.values(), places, strict=True):
            r.at = at
        self.token = token
        self._data = None
        _write_atomic(self.path, {"format": FORMAT, "parse_key": self.parse_key, "records": _stored_records(records),
                                  "last": self.last, "token": token})

    def save(self, records: dict[str, Record], last: LastBuild | None) -> Problem | None:
        """Write the cache (records first, then the index atomically); a failure is only a warning."""
        if self.path is None or self.blobs_path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write_blobs(records)
            _write_atomic(self.path, {"format": FORMAT, "parse_key": self.parse_key,
                                      "records": _stored_records(records), "last": last, "token": self.token})
        except OSError as exc:
            return _cannot_write(self.path, exc)
        self.records = _index(records)
        self.last = last
        return None


def load_memo(cache_dir: Path, parse_key: str) -> dict[str, Any]:
    """The analysis memo the last build left (``analyze(memo=…)``), or an empty one.

    Unreadable, corrupt or made under another parse key: empty, silently, since the
    analysis only ever replays entries whose inputs it has checked again.
    """
    try:
        stored = _read_framed(cache_dir / MEMO_NAME)
    except Exception:  # missing, unreadable or corrupt: a corrupt pickle can raise almost anything
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("parse_key") != parse_key:
        return {}
    memo = stored.get("memo")
    return memo if isinstance(memo, dict) else {}


def save_memo(cache_dir: Path, parse_key: str, memo: dict[str, Any]) -> Problem | None:
    path = cache_dir / MEMO_NAME
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_framed(path, {"format": FORMAT, "parse_key": parse_key, "memo": memo})
    except OSError as exc:
        return _cannot_write(path, exc)
    return None


# The memo file: this magic and the format, the pickle's length and its out-of-band buffers'
# count, each buffer's length, then the pickle (protocol 5), then each buffer on its own
# (aligned for numpy). The memo is read and written on every edit rebuild, and most of its
# bytes are the clustering state's arrays: kept out of the pickle stream, they are written
# straight from the arrays and read back as views of the file's bytes, instead of being
# copied into a growing stream and out of it again (which was half of the memo's I/O).
_MEMO_MAGIC = b"site-builder memo\0"
_COUNTS = struct.Struct("<QI")
_LENGTH = struct.Struct("<Q")
_ALIGN = 64


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def _write_framed(path: Path, payload: Any) -> None:
    """Write ``payload`` as :func:`_read_framed` reads it, in place of any earlier file.

    The earlier file is removed before the new one is renamed into place rather than
    replaced by the rename: ext4 (``auto_da_alloc``) writes a file out at once when it is
    renamed over another, which cost an edit rebuild 15-30 ms for the memo's 16 MB on
    2,000 posts. A build stopped between the two steps only loses the memo, which the
    next build does without.
    """
    buffers: list[pickle.PickleBuffer] = []
    stream = memo_pickle(payload, buffers.append)
    views = [b.raw() for b in buffers]
    parts: list[bytes | memoryview] = [_MEMO_MAGIC, bytes([FORMAT]), _COUNTS.pack(len(stream), len(views)),
                                       *(_LENGTH.pack(v.nbytes) for v in views), stream]
    offset = sum(len(part) for part in parts)
    for view in views:
        start = _aligned(offset)
        parts += [bytes(start - offset), view]
        offset = start + view.nbytes
    _write_parts_atomic(path, parts, unlink_first=True)


@lru_cache(maxsize=1 << 16)
def _date(year: int, month: int | None, day: int | None) -> PartialDate:
    """A date of the memo, as unpickled: one object for each (immutable) value."""
    return PartialDate(year, month, day)


@lru_cache(maxsize=1 << 16)
def dated_value(year: int, month: int | None, day: int | None, source: str) -> DatedValue:
    """A dated value of the memo, as unpickled or kept as its fields: one object for each
    (immutable) value."""
    return DatedValue(_date(year, month, day), source)


def _reduce_date(date: PartialDate) -> tuple[Any, tuple[int, int | None, int | None]]:
    return _date, (date.year, date.month, date.day)


def _reduce_dated_value(value: DatedValue) -> tuple[Any, tuple[int, int | None, int | None, str]]:
    date = value.date
    return dated_value, (date.year, date.month, date.day, value.source)


# The memo holds thousands of dates (a story's date, an article's reference dates, a timeline
# entry's date): pickled as dataclasses (class, state dict, one object each) they were half
# the cost of writing and reading the memo; as a call with their fields, of a constructor
# that makes each distinct value once, a fifth of it.
_MEMO_REDUCTIONS: dict[type, Any] = {PartialDate: _reduce_date, DatedValue: _reduce_dated_value}


class Flat(dict):  # type: ignore[type-arg]
    """A dict of the memo pickled apart, as one string of bytes, without pickle's memo
    (:func:`model.value_bytes`): for a big dict of small values with nothing shared,
    such as per-article tuples of hashes, where pickle's memo was most of the cost
    (2,000 articles' prints: 6.8 → 1.4 ms to write, 3.8 → 2.3 ms to read). Unpickled
    as a Flat again. Shared objects come back as copies: for values only."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return _unflat, (value_bytes(dict(self)),)


def _unflat(data: bytes) -> Flat:
    return Flat(pickle.loads(data))


def memo_pickle(value: Any, buffer_callback: Any = None) -> bytes:
    """``value`` pickled for the analysis memo (protocol 5; out-of-band buffers go to
    ``buffer_callback`` if given), with its dates written by their fields: what the memo
    and the pickled parts of it that the analysis keeps (its steps' outputs) are made by."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5, buffer_callback=buffer_callback)
    pickler.dispatch_table = _MEMO_REDUCTIONS
    pickler.dump(value)
    return buffer.getvalue()


def _read_framed(path: Path) -> Any:
    """What :func:`_write_framed` wrote; raises on anything else.

    Mapped copy-on-write, not read into a buffer: the arrays unpickled as views of it stay
    writable (a write copies only its page, never into the file), as arrays unpickled
    from an in-band stream are, and the 16 MB of a 2,000-post memo are neither zeroed nor
    copied (8-10 ms of an edit rebuild). The mapping stays valid: the file is only ever
    replaced whole (see :func:`_write_framed`), never truncated or changed in place.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)  # an empty file raises
    view = memoryview(data)
    at = len(_MEMO_MAGIC) + 1
    if view[: at - 1] != _MEMO_MAGIC or data[at - 1] != FORMAT:
        raise ValueError("not a memo file")
    length, count = _COUNTS.unpack_from(data, at)
    at += _COUNTS.size
    lengths = [_LENGTH.unpack_from(data, at + k * _LENGTH.size)[0] for k in range(count)]
    at += count * _LENGTH.size
    stream = view[at : at + length]
    at += length
    buffers = []
    for n in lengths:
        at = _aligned(at)
        buffers.append(view[at : at + n])
        at += n
    if at != size:
        raise ValueError("memo file of the wrong length")
    return pickle.loads(stream, buffers=buffers)


def _index(records: dict[str, Record]) -> dict[str, Record]:
    """The records without their pickles: what the index file keeps."""
    return {rel: Record(r.content_hash, None, r.stat, r.checked_ns, r.at) for rel, r in records.items()}


def _stored_records(records: dict[str, Record]) -> dict[str, tuple[str, tuple[int, int] | None, int,
                                                                   tuple[int, int] | None]]:
    """The records as the index file keeps them: plain tuples of their fields less the pickle.

    Not Record objects: unpickling 2,000 dataclass objects (a class lookup and a state dict
    each) cost twice as much as tuples and building the Records from them.
    """
    return {rel: (r.content_hash, r.stat, r.checked_ns, r.at) for rel, r in records.items()}


def _entry_prefix(rel: str, content_hash: str) -> bytes:
    return f"{rel}\0{content_hash}\n".encode()


def _header_token(data: bytes) -> bytes | None:
    """The token of a records file's header, or None if ``data`` does not start with one."""
    if len(data) < _HEADER_LEN or not data.startswith(_MAGIC) or data[len(_MAGIC)] != FORMAT:
        return None
    return bytes(data[len(_MAGIC) + 1 : _HEADER_LEN])


def _cannot_write(path: Path, exc: OSError) -> Problem:
    return Problem(str(path), f"cannot write the build cache ({exc.strerror})",
                   "check the permissions of the cache folder or pass --cache-dir")


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    # Pickled without pickle's memo (fast mode): the index is written on every build that
    # renders, and its ~45,000 strings, tuples and ints (manifest, folders, page keys) cost
    # twice as much to write through the memo, for a file only 2 % smaller. It has no cycles.
    _write_bytes_atomic(path, value_bytes(payload))


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    _write_parts_atomic(path, [data])


def _write_parts_atomic(path: Path, parts: Iterable[bytes | memoryview], unlink_first: bool = False) -> None:
    """Replace ``path`` by the concatenation of ``parts`` (written one by one, not joined);
    ``unlink_first``: remove ``path`` before the rename instead of renaming over it."""
    import tempfile  # not at the top: a build in which nothing changed writes nothing

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in parts:
                fh.write(part)
        if unlink_first:
            path.unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

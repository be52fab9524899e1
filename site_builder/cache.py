"""The incremental-build cache: parsed records and the last build's page keys, in one file.

The cache is an optimisation only. Everything in it is keyed by hashes of its inputs
(file bytes, configuration, templates and the code itself), so a stale entry is never
used; a missing, unreadable or corrupt cache file is discarded (with a warning when it
was corrupt) and the build simply does all the work again.

Two pickle files are loaded at most once per build, rather than one file per article,
because a no-change rebuild of thousands of posts must finish in well under a second: a
small index (hashes, file stats, the last build's manifest) that every build reads, and
the parsed records, read only when some input changed. Each record is its own pickled
blob, so a build unpickles only what it uses and always gets fresh objects that later
stages may mutate freely.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from site_builder.model import Problem, SiteConfig

FORMAT = 4  # bump when the layout of the cache files changes
FILE_NAME = "build-index.pickle"  # hashes, stats and the last build: read by every build
BLOBS_NAME = "build-records.pickle"  # the parsed records: read only when something changed
MEMO_NAME = "analysis-memo.pickle"  # what the last analysis can reuse: read only when something changed
PACKAGE_DIR = Path(__file__).resolve().parent


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


def config_hash(config: SiteConfig) -> str:
    """Hash of the configuration's values (not of where it was loaded from, nor how many
    processes may work or how much memory they may use: none changes a byte of the output)."""
    data = dataclasses.asdict(config)
    data.pop("path", None)
    data.pop("render_workers", None)
    data.pop("memory_limit_mb", None)
    return sha256(json.dumps(data, sort_keys=True, default=repr).encode())


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
    page_keys: dict[str, str]  # output page path → hash of the inputs it was rendered from
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
    _blobs: dict[str, tuple[str, bytes]] | None = None

    @property
    def blobs_path(self) -> Path | None:
        return self.path.with_name(BLOBS_NAME) if self.path else None

    def _corrupt(self, path: Path, exc: BaseException) -> None:
        self.warning = self.warning or Problem(
            str(path), f"build cache is corrupt ({type(exc).__name__}); discarded",
            "nothing to do: the cache is rebuilt from scratch")

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
            records = stored["records"]
            last = stored["last"]
            if not isinstance(records, dict) or not all(isinstance(r, Record) for r in records.values()):
                raise ValueError("bad records")
            if last is not None and not isinstance(last, LastBuild):
                raise ValueError("bad last build")
        except Exception as exc:  # a corrupt pickle can raise almost anything
            cache._corrupt(path, exc)
            return cache
        if stored.get("parse_key") == parse_key:
            cache.records = records
        cache.last = last
        return cache

    def blob(self, rel: str, content_hash: str) -> bytes | None:
        """The pickled record of ``rel`` if the records file holds it for these bytes."""
        if self._blobs is None:
            self._blobs = self._load_blobs()
        found = self._blobs.get(rel)
        return found[1] if found is not None and found[0] == content_hash else None

    def _load_blobs(self) -> dict[str, tuple[str, bytes]]:
        path = self.blobs_path
        if path is None or not self.records:
            return {}
        try:
            stored = pickle.loads(path.read_bytes())
            if not isinstance(stored, dict) or stored.get("format") != FORMAT:
                raise ValueError("unknown cache format")
            if stored.get("parse_key") != self.parse_key:
                return {}
            blobs = stored["blobs"]
            if not isinstance(blobs, dict):
                raise ValueError("bad records")
        except FileNotFoundError:
            return {}
        except Exception as exc:  # a corrupt pickle can raise almost anything
            self._corrupt(path, exc)
            return {}
        return blobs

    def lookup_stat(self, rel: str, size: int, mtime_ns: int) -> Record | None:
        record = self.records.get(rel)
        return record if record is not None and record.unchanged_by_stat(size, mtime_ns) else None

    def lookup(self, rel: str, content_hash: str) -> Record | None:
        record = self.records.get(rel)
        return record if record is not None and record.content_hash == content_hash else None

    def save_records(self, records: dict[str, Record]) -> Problem | None:
        """Write the records file now, so the pickled records need not stay in memory.

        A build calls this before it loads the records: on 20,000 files they are a few
        hundred megabytes, which it then drops one by one as it unpickles them instead of
        keeping them alive through analysis and rendering. :meth:`save` then only writes
        the index. On success the records' blobs may be dropped (:meth:`blob` reads them
        back from the file).
        """
        if self.path is None or self.blobs_path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write_blobs(records)
        except OSError as exc:
            return _cannot_write(self.path, exc)
        self.records = _index(records)
        self._blobs = None  # the file now holds these records; read it again if one is needed
        return None

    def _write_blobs(self, records: dict[str, Record]) -> None:
        """Write the records file unless it already holds exactly these records."""
        assert self.blobs_path is not None
        old = {rel: r.content_hash for rel, r in self.records.items()}
        new = {rel: r.content_hash for rel, r in records.items()}
        if old == new and self.blobs_path.exists():
            return
        blobs = {}
        for rel, r in records.items():
            blob = r.blob if r.blob is not None else self.blob(rel, r.content_hash)
            if blob is not None:
                blobs[rel] = (r.content_hash, blob)
        _write_atomic(self.blobs_path, {"format": FORMAT, "parse_key": self.parse_key, "blobs": blobs})

    def save(self, records: dict[str, Record], last: LastBuild | None) -> Problem | None:
        """Write the cache atomically (records first, then the index); a failure is only a warning."""
        if self.path is None or self.blobs_path is None:
            return None
        index = _index(records)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write_blobs(records)
            _write_atomic(self.path, {"format": FORMAT, "parse_key": self.parse_key, "records": index,
                                      "last": last})
        except OSError as exc:
            return _cannot_write(self.path, exc)
        self.records = index
        self.last = last
        return None


def load_memo(cache_dir: Path, parse_key: str) -> dict[str, Any]:
    """The analysis memo the last build left (``analyze(memo=…)``), or an empty one.

    Unreadable, corrupt or made under another parse key: empty, silently, since the
    analysis only ever replays entries whose inputs it has checked again.
    """
    try:
        stored = pickle.loads((cache_dir / MEMO_NAME).read_bytes())
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
        _write_atomic(path, {"format": FORMAT, "parse_key": parse_key, "memo": memo})
    except OSError as exc:
        return _cannot_write(path, exc)
    return None


def _index(records: dict[str, Record]) -> dict[str, Record]:
    """The records without their pickles: what the index file keeps."""
    return {rel: Record(r.content_hash, None, r.stat, r.checked_ns) for rel, r in records.items()}


def _cannot_write(path: Path, exc: OSError) -> Problem:
    return Problem(str(path), f"cannot write the build cache ({exc.strerror})",
                   "check the permissions of the cache folder or pass --cache-dir")


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

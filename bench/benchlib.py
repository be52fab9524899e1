"""Helpers the benchmark scripts share: CPU time, a scratch copy of a corpus, a one-file edit."""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scratch_corpus(corpus: Path, beside: Path) -> Path:
    """A copy of ``corpus`` next to ``beside`` (made once), for benchmarks that edit files."""
    copy = beside.with_name(beside.name + ".corpus")
    if not copy.exists():
        shutil.copytree(corpus, copy)
    return copy


def middle_file(folder: Path) -> Path:
    """The file an edit benchmark edits: the middle one of ``folder`` in name order."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return files[len(files) // 2]


def edited(original: bytes, note: str) -> bytes:
    """``original`` with a new paragraph appended, different on every call."""
    return original + f"\n\nA paragraph added at {time.time_ns()} for the {note}.\n".encode()

"""Helpers the benchmark scripts share: CPU time, a scratch copy of a corpus, a one-file edit."""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path

# Seconds ext4 keeps passing over a freed inode when it allocates a new one (its
# "recently deleted" window, which stays open while the inode's table block is dirty:
# hence the sync first).
RECENTLY_DELETED_S = 5.5


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def remove_settled(*paths: Path) -> None:
    """Remove these trees and let the file system settle before anything is timed.

    On an ext4 file system without a journal (this benchmark machine's), a new file or
    folder skips every inode freed in the last five seconds, and scans past them in its
    group, while their table blocks are dirty for much longer. Deleting the previous
    output (11,000 folders and files) just before a cold build made each mkdir and create
    of that build cost up to 1 ms and its system time swing from 1 to 13 s: a cost of the
    benchmark's own clean-up, not of the build. Every builder timed, Pelican included, gets
    the same treatment.
    """
    removed = False
    for path in paths:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
            removed = True
    if removed:
        os.sync()
        time.sleep(RECENTLY_DELETED_S)


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


def edited(original: bytes, note: str, revision: bool = False) -> bytes:
    """``original`` with a new paragraph appended, different on every call.

    With ``revision`` it is the sentence ``run.py``'s one-file edit appends: it opens with a
    capitalised word and uses common words, so the analysis has more to check than for the
    rare words of the default paragraph.
    """
    if revision:
        return revised(original, 1)
    return original + f"\n\nA paragraph added at {time.time_ns()} for the {note}.\n".encode()


def revised(original: bytes, n: int) -> bytes:
    """``original`` with ``run.py``'s edit: an update note, different on every call."""
    return original.rstrip() + (f"\n\nUpdate {n}: the figures above were revised after publication, "
                                f"at {time.time_ns()}.\n").encode()

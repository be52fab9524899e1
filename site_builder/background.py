"""Runs a side job of a build on the other core, in a forked child, while the build goes on.

For a check the build needs only later, such as whether the old output folder is as the
last build left it (about 22,000 ``stat`` calls on a 2,000-post site: 60 ms of a one-file
edit, issue 7). A thread cannot do it: each call would wait for the interpreter lock
that the build holds. The child answers through a pipe with the pickled result.

Where forking is not safe, the job runs here when its result is asked for (and not at all
if it never is): no ``fork``, or other threads running (the dev server's watcher), since a lock held by
another thread at fork time would deadlock the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """A job's result, made in a forked child or (where forking is unsafe) here when asked for."""

    def __init__(self, job: Callable[[], T], failed: T) -> None:
        self._failed = failed
        self._pid = 0
        self._fd = -1
        self._done = False
        self._value: T = failed
        self._job: Callable[[], T] | None = None
        if not hasattr(os, "fork") or threading.active_count() != 1:
            self._job = job  # run here when (and only if) its result is asked for
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer, then leave without running any cleanup of the parent's
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
                while data:
                    data = data[os.write(write, data):]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> T:
        """The job's result; ``failed`` if the child died or answered nonsense."""
        if self._job is not None:
            self._value, self._job, self._done = self._job(), None, True
        if self._done or not self._pid:
            return self._value
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 16):
                chunks.append(chunk)
        finally:
            self._finish()
        try:
            self._value = pickle.loads(b"".join(chunks))
        except Exception:  # a child killed half way: its answer is cut short
            self._value = self._failed
        return self._value

    def cancel(self) -> None:
        """Forget the job: its result is not needed, so the child is stopped."""
        self._job = None
        if not self._done and self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._finish()

    def _finish(self) -> None:
        self._done = True
        os.close(self._fd)
        # The child ends right after answering (or is killed): reaping it cannot hang.
        os.waitpid(self._pid, 0)


def in_background(job: Callable[[], T], failed: T) -> Pending[T]:
    """Start ``job`` (no arguments, a picklable result) on a forked child; ``failed`` stands
    for its result if the child dies."""
    return Pending(job, failed)

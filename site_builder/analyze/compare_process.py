"""The story comparison on a process of its own, run while the analysis goes on with other steps.

On a big corpus the analysis runs on one core: its heap (1.3 GB on 20,000 articles) is
too big to fork, since a forked child ends up copying what it reads. The comparison
needs little of it (each compared member's source, title, dek and body), so a fresh
interpreter is started instead (``python -c``, not ``fork``: nothing of the heap is
inherited, and unlike multiprocessing's spawn it does not run the parent's main script
again), sent those fields as plain tuples on its stdin, and it sends the comparisons
back on its stdout. It compares on one core: the other runs the caller's steps.

No thread is started here: the parent writes the input before going on (the child reads
it all before comparing) and reads the answer when it needs it, so the build may still
fork its own workers meanwhile.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path
from typing import IO, Any

from site_builder.analyze.features import room_for_child
from site_builder.model import Comparison

# Where site_builder is imported from, for the child's path: a parent that found it by
# something other than PYTHONPATH (tests, an editable install) would leave the child without it.
_ROOT = str(Path(__file__).resolve().parents[2])
_RUN = "from site_builder.analyze.compare_process import main; main()"

# A member as sent: (source, title, dek, body paragraphs); see compare.Member.
Sent = tuple[str, str, str | None, list[str]]

# The child's peak memory: an interpreter with numpy, plus about this many bytes per character
# of the bodies sent (it holds every distinct sentence with its terms until all are read).
# Measured: 218 MB for the 50 million characters of 20,000 raw articles.
CHILD_BASE = 35 << 20
CHILD_PER_CHAR = 3.75


# How much the caller may grow while the child compares: the people, topics and timeline
# steps run beside it. Measured on 20,000 raw articles: 740 MB resident when the child
# started, 1,160 MB at the caller's peak (x1.57), 1,349 MB summed with the child's 218 MB.
BESIDE_GROWTH = 1.6


def fits(chars: int) -> bool:
    """Whether this process, grown as the steps beside the child grow it, and a child sent
    ``chars`` characters of bodies fit in the build's memory limit (``features.set_memory_limit``)."""
    return room_for_child(CHILD_BASE + CHILD_PER_CHAR * chars, BESIDE_GROWTH)


class Aside:
    """A comparison running on a child process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def result(self) -> list[Comparison]:
        """The comparisons, in the order of the stories sent; the child's error is raised as RuntimeError."""
        process = self._process
        assert process.stdout is not None
        try:
            answer: Any = pickle.load(process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError) as exc:
            answer = ("error", f"no answer ({type(exc).__name__}: {exc})")
        finally:
            process.stdout.close()
            code = process.wait()
        if not (isinstance(answer, tuple) and len(answer) == 2 and answer[0] == "ok"):
            detail = answer[1] if isinstance(answer, tuple) and len(answer) == 2 else repr(answer)
            raise RuntimeError(f"the story comparison process failed (exit status {code}):\n{detail}")
        return answer[1]

    def cancel(self) -> None:
        """Stops the child, if still running, and reaps it."""
        process = self._process
        if process.poll() is None:
            process.kill()
        if process.stdout is not None:
            process.stdout.close()
        process.wait()


def start(stories: list[list[Sent]]) -> Aside | None:
    """Starts comparing ``stories`` (each its members in comparison order) on a child process;
    None when it cannot be started or takes no input (the caller then compares them itself)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, env.get("PYTHONPATH")]))
    # One core, and no BLAS threads started at all (the comparison limits them to one anyway):
    # each would hold its own buffers.
    env.update(dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1"))
    try:
        process = subprocess.Popen([sys.executable, "-c", _RUN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   env=env, close_fds=True)
    except OSError:
        return None
    assert process.stdin is not None
    try:
        with process.stdin:
            # Streamed: the pickler writes each frame as it fills, and the child reads it all
            # before comparing, so this returns as soon as the last frame is in the pipe.
            pickle.dump(stories, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # the child died before reading (BrokenPipeError): it never started comparing
        Aside(process).cancel()
        return None
    return Aside(process)


def main(stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> None:
    """The child: reads the stories, compares them on this one core, writes ("ok", comparisons)
    or ("error", traceback) and exits with status 0 or 1."""
    own = stdout is None
    if stdout is None:
        # The answer goes to the pipe the parent reads; anything printed goes to stderr instead.
        stdout = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
    stdin = stdin if stdin is not None else sys.stdin.buffer
    try:
        from site_builder.analyze.compare import Member, comparisons

        stories = pickle.load(stdin)
        members = [[Member._make(m) for m in story] for story in stories]
        del stories
        answer: tuple[str, Any] = ("ok", comparisons(members, workers=False, release=True))
    except BaseException:  # reported to the parent, which raises it
        answer = ("error", traceback.format_exc())
    pickle.dump(answer, stdout, protocol=pickle.HIGHEST_PROTOCOL)
    if own:
        stdout.close()
    else:
        stdout.flush()
    if answer[0] != "ok":
        sys.exit(1)

"""CPU time of a one-file-edit rebuild, end to end through the command line, and where it goes.

    .venv/bin/python bench/bench_edit.py CORPUS --out DIR [--config FILE] [--repeat N] [--profile FILE] [--revision]

The corpus is copied beside ``--out`` once and a cold build warms the cache. Each repeat
appends a paragraph to one file of the copy (rare words; with ``--revision``, ``run.py``'s
update note), runs ``site-builder build`` in a fresh process (so imports count), restores
the file, and reports the child's CPU seconds; a no-change rebuild is timed the same way.
``--profile`` writes a cProfile of one edit rebuild (in a child process too) for ``pstats``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchlib import edited, middle_file, scratch_corpus


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: list[str], profile: Path | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``site-builder`` run in a child process."""
    code = "from site_builder.cli import run; run()"
    cmd = [sys.executable, "-c", code, *args]
    if profile is not None:
        script = profile.with_suffix(".py")
        script.write_text(code + "\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "cProfile", "-o", str(profile), str(script), *args]
    cpu, wall = child_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return child_cpu() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--revision", action="store_true", help="append run.py's update note instead of rare words")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    content = scratch_corpus(args.corpus, out)
    cache = out.with_name(out.name + ".cache")
    cli = ["build", "--content", str(content), "--output", str(out), "--cache-dir", str(cache), "--no-search"]
    if args.config is not None:
        cli += ["--config", str(args.config.resolve())]
    run_cli(cli)  # warms the cache (cold the first time, then a no-change rebuild)
    target = middle_file(content)
    original = target.read_bytes()
    edits: list[tuple[float, float]] = []
    try:
        for _ in range(args.repeat):
            target.write_bytes(edited(original, "edit benchmark", args.revision))
            edits.append(run_cli(cli))
            target.write_bytes(original)
            run_cli(cli)  # back to the original text, so every timed run starts from the same cache
        if args.profile is not None:
            target.write_bytes(edited(original, "profile", args.revision))
            run_cli(cli, args.profile)
            target.write_bytes(original)
            run_cli(cli)
    finally:
        target.write_bytes(original)
    nochange = [run_cli(cli) for _ in range(args.repeat)]
    for label, runs in (("edit rebuild", edits), ("no-change rebuild", nochange)):
        cpus = [c for c, _ in runs]
        walls = [w for _, w in runs]
        print(f"{label:18s} CPU median {statistics.median(cpus):.2f} s (min {min(cpus):.2f}), "
              f"wall median {statistics.median(walls):.2f} s  over {len(runs)} runs")


if __name__ == "__main__":
    main()

"""Finds the article files under the content folder, refusing anything unsafe to read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from site_builder.model import Problem

EXTENSIONS = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute path on disk
    rel: str  # path relative to the content folder, forward slashes


def discover(content_dir: Path, max_bytes: int) -> tuple[list[SourceFile], list[Problem]]:
    """Every article file under ``content_dir`` in a stable order, plus the files skipped."""
    root = content_dir.resolve()
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(EXTENSIONS):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(
                        Problem(rel, "symlink points outside the content folder; skipped",
                                "copy the file into content/ instead of linking to it")
                    )
                    continue
                if not target.is_file():
                    problems.append(Problem(rel, "symlink is broken; skipped", "remove the link or fix its target"))
                    continue
            try:
                size = path.stat().st_size
            except OSError as exc:
                problems.append(Problem(rel, f"cannot read file ({exc.strerror}); skipped", "check its permissions"))
                continue
            if size > max_bytes:
                problems.append(
                    Problem(rel, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; skipped",
                            "split the file or raise max_file_bytes in site.yaml")
                )
                continue
            files.append(SourceFile(path, rel))
    return files, problems

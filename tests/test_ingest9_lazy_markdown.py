"""Parsing a plain Markdown post imports neither Markdown nor nh3 (about 30 ms of a one-file edit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_SCRIPT = """
import sys
from site_builder.config import SiteConfig
from site_builder.ingest import parse_text
post = sys.argv[1]
article, _ = parse_text(post, "post.md", SiteConfig(), "digest")
print(article.body_html)
print(sorted({"markdown", "nh3"} & set(sys.modules)))
"""

_PLAIN = """---
title: Council approves the budget
date: 2024-03-05
---

The council approved the budget on Tuesday after a long debate about the harbour.

## Reaction

Residents said the vote was **overdue**, and the mayor called it *a fair compromise*.
"""


def _run(post: str) -> list[str]:
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, post], capture_output=True, text=True, check=True,
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    return proc.stdout.strip().splitlines()


def test_plain_post_needs_no_markdown_import() -> None:
    lines = _run(_PLAIN)
    assert lines[-1] == "[]"
    assert "<h2>Reaction</h2>" in lines and any("<strong>overdue</strong>" in line for line in lines)


def test_post_with_markup_imports_markdown_when_needed() -> None:
    lines = _run(_PLAIN + "\n1. first\n2. second\n")
    assert lines[-1] == "['markdown', 'nh3']"
    assert "<ol>" in lines

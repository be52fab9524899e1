"""Markdown posts are parsed without importing Markdown or running it where the fast path writes the HTML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_list_beside_quote_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flat list beside a one-line quote is written without Markdown, as Markdown writes it."""
    from site_builder.ingest import markup

    cases = [["Intro.", "- a: 1\n- b: 2", "> A quote."], ["> A quote.", "- a", "Outro."],
             ["- a", "> q", "- b", "> r"], ["- a", "> q", "> r"], ["- a", "- b", "> q"], ["> q", "- a", "1. x"]]
    expected = [markup.markdown_html("\n\n".join(case)) for case in cases]
    calls: list[str] = []
    real = markup._markdown

    def counting() -> object:
        calls.append("md")
        return real()

    monkeypatch.setattr(markup, "_markdown", counting)
    monkeypatch.setattr(markup, "markdown_html", lambda source, trust_html=False: pytest.fail("whole"))
    for case, html in zip(cases[:3], expected[:3], strict=True):
        assert markup.markdown_paragraphs_html(case) == html
    assert calls == []
    # A quote beside a quote, a list beside a list, or a block Markdown reads leaves its neighbours to Markdown.
    for case, html in zip(cases[3:], expected[3:], strict=True):
        assert markup.markdown_paragraphs_html(case) == html
    assert len(calls) == 3

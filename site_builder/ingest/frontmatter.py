"""Splits YAML front matter from a body with python-frontmatter, reporting bad YAML with its line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import frontmatter
import yaml

from site_builder.model import Problem


def split_front_matter(text: str, rel: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """Return (metadata, body, problems). Invalid YAML keeps the whole text as body."""
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text, []
    try:
        post = frontmatter.loads(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening '---'
        reason = exc.problem or "invalid YAML"
        return {}, _strip_block(text), [
            Problem(rel, f"invalid YAML front matter ({reason}); metadata ignored",
                    "fix the YAML between the '---' lines (quote values that contain ':')",
                    line=line, severity="error")
        ]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return {}, _strip_block(text), [
            Problem(rel, f"invalid front matter ({exc}); metadata ignored",
                    "fix the YAML between the '---' lines", line=1, severity="error")
        ]
    meta = post.metadata
    if not isinstance(meta, dict):
        return {}, post.content, [
            Problem(rel, "front matter is not a mapping of keys; metadata ignored",
                    "write 'key: value' lines between the '---' lines", line=2, severity="error")
        ]
    return {str(k): _plain(v) for k, v in meta.items()}, post.content, []


def _strip_block(text: str) -> str:
    """Drop a front-matter block we could not parse, so its YAML does not show as prose."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[i + 1 :])
    return text


def _plain(value: Any) -> Any:
    """YAML gives dates as date objects; keep everything else as written."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value

"""``site-builder new``: a new Markdown article with a front-matter skeleton for the editor to fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from site_builder.config import slugify


class ScaffoldError(Exception):
    """The article cannot be created (it exists, or the headline is empty)."""


def article_path(content: Path, headline: str) -> Path:
    slug = slugify(headline)[:80].rstrip("-")
    return content / f"{slug}.md"


def skeleton(headline: str, today: dt.date) -> str:
    # safe_dump quotes the headline whenever YAML would misread it (colons, '#', leading '-').
    title = yaml.safe_dump({"title": headline}, allow_unicode=True, width=10_000).strip()
    return (
        "---\n"
        f"{title}\n"
        "dek: \"\"            # one-sentence standfirst shown under the headline\n"
        "author: \"\"\n"
        "outlet: \"\"          # the publication the article comes from\n"
        f"published: {today.isoformat()}   # YYYY-MM-DD, YYYY-MM or YYYY\n"
        "event_date:          # the day the reported event happened, if not the published day\n"
        "tags: []\n"
        "# slug: my-story    # optional: the page address (a-z, 0-9, '-')\n"
        "---\n"
        "\n"
        "Write the article here, in Markdown. Separate paragraphs with a blank line.\n"
    )


def new_article(content: Path, headline: str, today: dt.date | None = None) -> Path:
    """Create ``content/<slug>.md``; never overwrites an existing file."""
    headline = " ".join(headline.split())
    if not headline:
        raise ScaffoldError("the headline is empty — pass the headline in quotes")
    path = article_path(content, headline)
    content.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # 'x' refuses to overwrite, atomically
            fh.write(skeleton(headline, today or dt.date.today()))
    except FileExistsError:
        raise ScaffoldError(f"{path}: already exists — choose another headline or edit that file") from None
    return path

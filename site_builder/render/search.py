"""Full-text search: runs Pagefind over a finished site folder, writing ``pagefind/`` inside it.

Only the story, article, topic and person pages carry ``data-pagefind-body``, so
listings never crowd the results. The search page (``templates/search.html`` and
``static/search.js``) loads ``pagefind/pagefind.js`` by a relative path, so search
works under any subpath. Pagefind names its files by content hash, so an unchanged
site gives an unchanged index.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def index_site(site_dir: Path, *, language: str | None = None, timeout: float = 600) -> None:
    """Index ``site_dir`` in place; raises :class:`SearchIndexError` with Pagefind's own message."""
    # The pagefind package ships the binary and runs it as ``python -m pagefind``;
    # the current interpreter is the one that has it installed.
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    if language:
        cmd += ["--force-language", language]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search indexing failed ({exc}) — reinstall pagefind[bin] "
                               "or build with --no-search") from exc
    if done.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"search indexing failed ({detail[-1] if detail else f'exit {done.returncode}'}) "
                               "— reinstall pagefind[bin] or build with --no-search")

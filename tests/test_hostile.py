"""A hostile content folder: every bad file gets one fix-it line, the rest of the site is built,
content/ is never written, and untrusted text never becomes markup.

The committed cases live in tests/fixtures/hostile/; binary, oversized, legacy-encoded,
BOM/CRLF and symlinked files are made at test time so no odd bytes are committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
LIMIT = 10_000


def tree_digest(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` → hash of its bytes (or of its link target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def make_hostile_site(root: Path) -> tuple[Path, Path]:
    content = root / "content"
    shutil.copytree(HOSTILE, content)
    (content / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (content / "legacy-cp1252.txt").write_bytes(
        "Café owners protest new terrace rules\n\nBy Léa Moreau\n\nMarch 5, 2024\n\n"
        "The café owners of the old quarter said on Tuesday that the new terrace rules would cost them "
        "a summer of trade.\n".encode("cp1252"))
    (content / "bom-crlf.txt").write_bytes(
        b"\xef\xbb\xbf" + b"Bridge repairs finish early\r\n\r\nApril 9, 2024\r\n\r\nRepairs to the river bridge "
        b"finished two weeks early on Monday, the city engineer said, and both lanes reopened at dawn.\r\n")
    outside = root / "outside-secret.txt"
    outside.write_text("Secret outside article\n\nThis text lives outside the content folder and must stay there.\n",
                       encoding="utf-8")
    (content / "linked-outside.txt").symlink_to(outside)
    (content / "sub").mkdir()
    (content / "sub" / "linked-inside.md").symlink_to(content / "good-article.md")
    (content / "huge.txt").write_text("Big file\n\n" + "word " * (LIMIT // 4), encoding="utf-8")
    config = root / "site.yaml"
    config.write_text(f"title: Hostile test site\nmax_file_bytes: {LIMIT}\n", encoding="utf-8")
    return content, config


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    content, config = make_hostile_site(root)
    before = tree_digest(content)
    output = root / "output"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(output), "--config",
                                       str(config), "--no-cache", "--no-search", "--strict"])
    return {"root": root, "content": content, "output": output, "result": result, "before": before,
            "digest": json.loads((output / "digest.json").read_text(encoding="utf-8")),
            "lines": result.stderr.splitlines()}


def line_for(lines: list[str], prefix: str) -> str:
    found = [line for line in lines if line.startswith(prefix)]
    assert found, f"no problem line starts with {prefix!r}: {lines}"
    return found[0]


def test_strict_build_fails_but_writes_the_site(hostile: dict) -> None:
    assert hostile["result"].exit_code == 1
    assert (hostile["output"] / "index.html").is_file()
    assert re.search(r"Built \d+ articles, \d+ stories, \d+ pages, \d+ warnings, \d+ editorial flags in",
                     hostile["result"].stdout)


def test_every_problem_is_one_fix_it_line(hostile: dict) -> None:
    for line in hostile["lines"]:
        assert re.match(r"^[^:\s][^:]*(:\d+)?: .+ — .+$", line), line


@pytest.mark.parametrize(("prefix", "words"), [
    ("binary.txt: ", "binary file"),
    ("huge.txt: ", f"over the {LIMIT:,}-byte limit"),
    ("linked-outside.txt: ", "symlink points outside the content folder"),
    ("empty.txt: ", "empty file"),
    ("only-furniture.txt: ", "no article text left"),
    ("bad-yaml.md:5: ", "invalid YAML front matter"),
    ("impossible-date.md:3: ", "'published' is not a valid date (day 30 is out of range"),
    ("escaping-slug.md:3: ", "slug '../../etc/passwd' is not allowed"),
    ("same-slug-b.md: ", "renamed to 'tram-line-extension-2'"),
    ("legacy-cp1252.txt:1: ", "decoded as cp1252"),
])
def test_each_bad_file_is_named_with_its_problem(hostile: dict, prefix: str, words: str) -> None:
    assert words in line_for(hostile["lines"], prefix)


def test_bom_and_crlf_are_accepted_silently(hostile: dict) -> None:
    assert not [line for line in hostile["lines"] if line.startswith("bom-crlf.txt")]
    (article,) = [a for a in hostile["digest"]["articles"] if a["source"] == "bom-crlf.txt"]
    assert article["title"] == "Bridge repairs finish early"
    page = (hostile["output"] / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")
    assert "\r" not in page and "\ufeff" not in page


def test_legacy_encoding_keeps_accents(hostile: dict) -> None:
    (article,) = [a for a in hostile["digest"]["articles"] if a["source"] == "legacy-cp1252.txt"]
    assert article["title"] == "Café owners protest new terrace rules"
    page = (hostile["output"] / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")
    assert "café owners of the old quarter" in page


def test_skipped_files_are_not_published(hostile: dict) -> None:
    sources = {a["source"] for a in hostile["digest"]["articles"]}
    assert sources.isdisjoint({"binary.txt", "huge.txt", "linked-outside.txt", "empty.txt", "only-furniture.txt"})
    assert {"good-article.md", "sub/linked-inside.md", "same-slug-a.md", "same-slug-b.md"} <= sources
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in hostile["output"].rglob("*.html"))
    assert "must stay there" not in everything


def test_duplicate_slugs_become_unique_in_source_order(hostile: dict) -> None:
    slugs = {a["source"]: a["slug"] for a in hostile["digest"]["articles"]}
    assert slugs["same-slug-a.md"] == "tram-line-extension"
    assert slugs["same-slug-b.md"] == "tram-line-extension-2"
    assert (hostile["output"] / "articles" / "tram-line-extension-2" / "index.html").is_file()


def test_rejected_slug_and_date_fall_back_safely(hostile: dict) -> None:
    by_source = {a["source"]: a for a in hostile["digest"]["articles"]}
    escaping = by_source["escaping-slug.md"]
    assert escaping["slug"] == "water-board-reports-lower-leak-losses"
    assert escaping["published"] == "2024-06-11"  # the rest of the front matter still counts
    assert by_source["impossible-date.md"]["published"] is None
    assert by_source["impossible-date.md"]["title"] == "Regional airline adds winter routes"
    written = {p.relative_to(hostile["root"]).as_posix() for p in hostile["root"].rglob("*")}
    assert not [w for w in written if "passwd" in w]


def test_good_article_is_built(hostile: dict) -> None:
    (article,) = [a for a in hostile["digest"]["articles"] if a["source"] == "good-article.md"]
    assert article["author"] == "Mira Castellanos"
    page = (hostile["output"] / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")
    assert "four crossings a night from April" in page
    assert "The Port Velmora harbour authority on Thursday approved" in page  # the first sentence too


def test_content_folder_is_unchanged(hostile: dict) -> None:
    assert tree_digest(hostile["content"]) == hostile["before"]


def _article_page(hostile: dict, source: str) -> str:
    (article,) = [a for a in hostile["digest"]["articles"] if a["source"] == source]
    return (hostile["output"] / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")


def test_markdown_raw_html_is_sanitised(hostile: dict) -> None:
    page = _article_page(hostile, "xss-markdown.md")
    prose = page[page.index('class="prose"'):]
    assert 'href="https://example.org/agenda"' in prose  # safe links survive
    assert "<script" not in prose.lower() and "<iframe" not in prose.lower()
    assert "body-script" not in page and "body-onerror" not in page


class _Dangerous(HTMLParser):
    """Collects what a browser would execute: script text, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "__xss" in data:
            self.found.append(f"script: {data.strip()[:60]}")


def test_front_matter_and_text_are_escaped(hostile: dict) -> None:
    for source in ("xss-markdown.md", "xss-text.txt"):
        page = _article_page(hostile, source)
        parser = _Dangerous()
        parser.feed(page)
        assert parser.found == [], (source, parser.found)
        assert "&lt;script&gt;" in page  # the text is shown, as text
    index = (hostile["output"] / "index.html").read_text(encoding="utf-8")
    parser = _Dangerous()
    parser.feed(index)
    assert parser.found == []


def test_trusted_html_is_kept_only_when_configured(tmp_path: Path) -> None:
    from site_builder.ingest.markup import markdown_html

    source = "Hello <span class=\"x\" onclick=\"evil()\">there</span>\n\n<script>evil()</script>"
    assert "onclick" not in markdown_html(source) and "<script>" not in markdown_html(source)
    assert "onclick" in markdown_html(source, trust_html=True)

"""The Markdown fast path (plain paragraphs skip Markdown) gives exactly Markdown's HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest.markup import _plain_block_html, markdown_html, markdown_paragraphs_html

# Blocks of every kind Markdown reads differently from a plain paragraph, several of which
# reach across blank lines (lists and quotes that continue, code, definitions, HTML).
_BLOCKS = [
    "Plain words, with 3 numbers and $4 million.", "“Quoted,” she said (again).", "## A heading",
    "###### Deep heading", "####### seven", "# Heading #", "- one\n- two", "* star item", "+ plus item",
    "1. first\n2. second", "3. third", "- item\n\n    continued", "    indented code", "    more code",
    "> a quote", "> another quote", "Lazy line", "Term", ": a definition", "[ref]: https://example.org",
    "A [link][ref] here.", "A [link](https://example.org) here.", "Note[^1] here.", "[^1]: The note.",
    "*[HTML]: Hyper Text", "HTML is here.", "<div>\nraw</div>", "</div>", "```\ncode", "```", "~~~",
    "Some **bold** and _it_.", "Rock & roll", "a < b > c", "Title\n=====", "Title\n-----", "---", "***",
    "Line one  \nline two", "Tab\there", "| a | b |\n|---|---|\n| 1 | 2 |", "{: #id }", "Para {: .cls }",
    "Back\\slash", "`code` span", "~~strike~~", "x^2^", "#hashtag", "Ends with #", "  leading spaces",
    "trailing spaces  ", "Non\u00a0breaking", "Line\u2028separator", "Ctrl\x0cchar", "\u00e9t\u00e9 fran\u00e7ais",
    "2024 was a year.", "(Aside.)", "'Single' quotes", "Colon: inside", "Under_score", "Star*s", "\ue000",
    "Private \ue000 use",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_BLOCKS), min_size=1, max_size=8), st.booleans())
def test_fast_path_matches_markdown(blocks: list[str], trust_html: bool) -> None:
    assert markdown_paragraphs_html(blocks, trust_html=trust_html) == \
        markdown_html("\n\n".join(blocks), trust_html=trust_html)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aZ1 .,:#*-_>&<[]()!\"'\n\t`~|{}\\=+é\u00a0", min_size=1, max_size=14),
                min_size=1, max_size=6))
def test_fast_path_matches_markdown_on_noise(blocks: list[str]) -> None:
    assert markdown_paragraphs_html(blocks) == markdown_html("\n\n".join(blocks))


def test_plain_blocks_take_the_fast_path() -> None:
    assert _plain_block_html("Plain words, said Ms Smith.") == "<p>Plain words, said Ms Smith.</p>"
    assert _plain_block_html("## Reaction") == "<h2>Reaction</h2>"
    for block in ("- item", "1. item", "Some **bold**", "    code", "> quote", "Rock & roll"):
        assert _plain_block_html(block) is None

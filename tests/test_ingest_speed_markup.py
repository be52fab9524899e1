"""The Markdown fast path for emphasis, links, flat lists and one-line quotes gives exactly Markdown's HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest.markup import _fast_block_html, markdown_html, markdown_paragraphs_html

# Blocks the fast path writes itself, next to near misses that Markdown reads otherwise
# (nested or merged lists and quotes, images, stray or spaced asterisks, odd links).
_BLOCKS = [
    "Plain words, said Ms Smith.", "*Further reading:* the [agency statement](https://example.org/agency).",
    "**Oskar Peinoust** was convicted on Sunday.", "Voters chose **Teresa Wagos** as mayor.", "*a*, *b*",
    "x *a b* y", "a *b c*d", "e*b*", "**a**b", "a**b**", "***both***", "**a *b* c**", "*a**b*", "a * b * c",
    "* a *", "** a **", "*a *", "* a*", "**", "*", "*x", "Wow![x](https://a.b/c) y", "See [x](http://e.org/#f).",
    "[x](http://e.org) starts", "A [ x ](http://e.org) b", "A [x] (http://e.org) b", "A [x](http://e.org \"t\")",
    "A [x](<http://e.org>)", "A [x](http://e.org/a_b_c) _f_", "A [*x*](http://e.org)", "*see [x](http://e.org)*",
    "A [x](http://e.org)(y)", "A [x][y]", "A [x]", "[x]: http://e.org", "- people affected: 56,874\n- cost: $1",
    "- one", "* one\n* two", "+ one\n- two\n* three", "- *em* item\n- [link](http://e.org)", "- one\ntwo",
    "- one\n  two", "-  two spaces", "- 1. nested", "- - nested", "- > quoted", "- # heading", "- ",
    "- trailing ", "1. first\n2. second", "> Experts cautioned that figures could change.", "> *em* quote",
    "> one\n> two", ">no space", "> > nested", "> - list", "> # heading", ">", "## What happens next",
    "## *Em* heading", "# [Link](http://e.org) heading", "## Trailing #", "Rock & roll", "a < b",
    "    code", "---", "***", "Title\n=====", "Line one  \nline two", "Under_score", "`code` *em*",
    "“Quoted,” she said (again).", "\u00e9t\u00e9 *fran\u00e7ais*", "\ue000",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_BLOCKS), min_size=1, max_size=8), st.booleans())
def test_fast_blocks_match_markdown(blocks: list[str], trust_html: bool) -> None:
    assert markdown_paragraphs_html(blocks, trust_html=trust_html) == \
        markdown_html("\n\n".join(blocks), trust_html=trust_html)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.text(alphabet="aZ1 .,:#*-+_>[]()!/\"'\n", min_size=1, max_size=16), min_size=1, max_size=5))
def test_fast_blocks_match_markdown_on_noise(blocks: list[str]) -> None:
    assert markdown_paragraphs_html(blocks, trust_html=True) == markdown_html("\n\n".join(blocks), trust_html=True)


def test_simple_markup_takes_the_fast_path() -> None:
    assert _fast_block_html("*Read:* the [report](https://example.org/r).") == \
        ("p", '<p><em>Read:</em> the <a href="https://example.org/r">report</a>.</p>')
    assert _fast_block_html("- a: 1\n- b") == ("ul", "<ul>\n<li>a: 1</li>\n<li>b</li>\n</ul>")
    assert _fast_block_html("> Said **she**.") == \
        ("blockquote", "<blockquote>\n<p>Said <strong>she</strong>.</p>\n</blockquote>")
    for block in ("a * b", "Wow![x](https://a.b/c)", "- 1. x", "> > x", "- one\ntwo", "*a**b*"):
        assert _fast_block_html(block) is None


def test_markup_characters_are_the_documented_set() -> None:
    import re

    from site_builder.ingest.markup import _MARKUP_CHAR

    reference = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\\`*_{}\[\]<>&|~^#]")
    assert [c for c in map(chr, range(0x110000)) if bool(_MARKUP_CHAR.match(c)) != bool(reference.match(c))] == []


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=" \n*[]:^<`~a", max_size=20))
def test_document_syntax_shortcut(source: str) -> None:
    from site_builder.ingest.markup import _DOCUMENT_SYNTAX, _has_document_syntax

    assert _has_document_syntax(source) == bool(_DOCUMENT_SYNTAX.search(source))

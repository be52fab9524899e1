"""Turns a clean body into safe HTML: escaped paragraphs for text, sanitised Markdown for .md."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from site_builder.ingest.patterns import lazy_compile

if TYPE_CHECKING:
    import markdown

# markdown (about 25 ms to import) and nh3 are imported where they are first needed:
# the fast path below writes most posts' HTML itself, so parsing a plain post (the
# one-file edit) needs neither.


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter per process, built on first use: a cached rebuild never needs it.

    No ``smarty``: SmartyPants doubled the cost of every post (3.3 → 1.6 ms for 430
    words, issue 7) only to curl quotes that copy pasted from the web already curls.
    """
    import markdown

    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")

# Attributes nh3 keeps by default plus what Markdown's 'extra' emits.
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "*": {"id"},
}


def paragraphs_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def markdown_html(source: str, *, trust_html: bool = False) -> str:
    md = _markdown()
    md.reset()
    return _sanitise(md.convert(source), trust_html)


# A character that may be (part of) Markdown or HTML syntax inside a line, or whitespace
# that Markdown rewrites (tabs, line breaks): control characters, the markup characters,
# and every other character of ``\s`` but the space. One character class is 2.6× faster
# than the two alternatives ``[^\S ]|[...]`` (tests/test_ingest_speed_markup.py checks
# that it is the same set).
_MARKUP_CHAR = lazy_compile(
    r"[\x00-\x1f\x7f-\x9f\\`*_{}\[\]<>&|~^#\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# First characters of a paragraph that cannot open a block construct (list, quote,
# heading, code, rule, definition).
_PLAIN_OPENERS = "\"“‘'($€£"
_HASH_HEADING = lazy_compile(r"(#{1,6}) ")
# Markdown that reaches across blocks: raw HTML and fenced code (which may span blank
# lines), footnotes, link, abbreviation and definition-list definitions (which change
# how other blocks read).
_DOCUMENT_SYNTAX = lazy_compile(r"<|```|~~~|\[\^|^ {0,3}(?:\*?\[|:)", re.M)
# The definitions' part of it: a line that starts so. Searched from a newline, which sre
# finds with a fast literal scan instead of trying ``^`` at every character.
_DEFINITION_LINE = lazy_compile(r"\n {0,3}(?:\*?\[|:)")


def _has_document_syntax(source: str) -> bool:
    """``_DOCUMENT_SYNTAX.search(source)``, four times faster on news text."""
    return ("<" in source or "```" in source or "~~~" in source or "[^" in source
            or _DEFINITION_LINE.search("\n" + source) is not None)


def _plain_block_html(block: str) -> str | None:
    """What Markdown makes of a block without any markup: one paragraph or ATX heading.

    None when the block might hold markup. Such a block's text passes through Markdown
    unchanged and needs no escaping (it has no "&", "<" or ">").
    """
    level = 0
    text = block
    if block[:1] == "#":
        m = _HASH_HEADING.match(block)
        if m is None:
            return None
        level = len(m.group(1))
        text = block[m.end() :]
    elif not (block[:1].isalpha() or block[:1] in _PLAIN_OPENERS):
        return None  # a digit ("1. "), "-", "*", ">", a space (code) or ":" may open a block
    if not text or text[0] == " " or text[-1] == " " or _MARKUP_CHAR.search(text):
        return None
    return f"<h{level}>{text}</h{level}>" if level else f"<p>{text}</p>"


# The inline markup the fast path writes itself, each holding plain text only: strong and
# plain emphasis with asterisks (no space inside the marks, no third asterisk beside them)
# and inline links to a URL of unreserved characters, not preceded by "!" (an image).
_INLINE_TOKEN = lazy_compile(
    r"\*\*(?P<strong>[^\s*](?:[^*]*[^\s*])?)\*\*(?!\*)"
    r"|(?<!\*)\*(?P<em>[^\s*](?:[^*]*[^\s*])?)\*(?!\*)"
    r"|(?<!!)\[(?P<text>[^\s\[\]](?:[^\[\]]*[^\s\[\]])?)\]\((?P<url>[A-Za-z0-9/:.%?=#+_~-]+)\)"
)
_INLINE_HINT = lazy_compile(r"[*\[]")


def _inline_html(text: str) -> str | None:
    """Markdown's HTML for ``text`` with only :data:`_INLINE_TOKEN` markup; None when unsure.

    Every stretch between the tokens, and the text inside each, must be plain (no
    :data:`_MARKUP_CHAR`), so a stray asterisk or bracket leaves the text to Markdown.
    """
    if _INLINE_HINT.search(text) is None:
        return None if _MARKUP_CHAR.search(text) else text
    out: list[str] = []
    pos = 0
    for m in _INLINE_TOKEN.finditer(text):
        between = text[pos : m.start()]
        if _MARKUP_CHAR.search(between):
            return None
        out.append(between)
        strong, em, label = m.group("strong", "em", "text")
        inner = strong if strong is not None else em if em is not None else label
        if _MARKUP_CHAR.search(inner):
            return None
        if strong is not None:
            out.append(f"<strong>{strong}</strong>")
        elif em is not None:
            out.append(f"<em>{em}</em>")
        else:
            out.append(f'<a href="{m.group("url")}">{label}</a>')
        pos = m.end()
    rest = text[pos:]
    if _MARKUP_CHAR.search(rest):
        return None
    out.append(rest)
    return "".join(out)


def _text_block_html(text: str) -> str | None:
    """The inline HTML of a paragraph's (or list item's, quote's) text that opens no block."""
    first = text[:1]
    if not first or not (first.isalpha() or first in _PLAIN_OPENERS or (first in "*[" and text[1:2] not in ("", " "))):
        return None  # a digit ("1. "), "-", "*", ">", a space (code) or ":" may open a block
    if text[-1] == " ":
        return None
    return _inline_html(text)


# Block kinds of the fast path: a paragraph or heading ("p"), or a one-level list or a
# one-line quote, which Markdown merges into a list or quote just before or after it.
_PARAGRAPH, _LIST, _QUOTE = "p", "ul", "blockquote"
_LIST_MARKS = ("- ", "* ", "+ ")


def _fast_block_html(block: str) -> tuple[str, str] | None:
    """(kind, Markdown's HTML) for a block with at most simple inline markup, else None."""
    first = block[:1]
    if first in "-*+" and block[1:2] == " ":
        items = []
        for line in block.split("\n"):
            inner = _text_block_html(line[2:]) if line.startswith(_LIST_MARKS) else None
            if inner is None:
                return None
            items.append(f"<li>{inner}</li>")
        return _LIST, "<ul>\n" + "\n".join(items) + "\n</ul>"
    if first == ">":
        inner = _text_block_html(block[2:]) if block[1:2] == " " else None
        return None if inner is None else (_QUOTE, f"<blockquote>\n<p>{inner}</p>\n</blockquote>")
    plain = _plain_block_html(block)
    if plain is not None:
        return _PARAGRAPH, plain
    level = 0
    text = block
    if first == "#":
        m = _HASH_HEADING.match(block)
        if m is None:
            return None
        level = len(m.group(1))
        text = block[m.end() :]
        if not text or text[0] == " ":
            return None
    inner = _text_block_html(text)
    if inner is None:
        return None
    return _PARAGRAPH, f"<h{level}>{inner}</h{level}>" if level else f"<p>{inner}</p>"


# Stands in for a run of fast blocks: a plain paragraph, of a private-use character that
# Markdown leaves alone (texts holding it are converted whole).
_STAND_IN = "\ue000"
_STAND_IN_HTML = f"<p>{_STAND_IN}</p>"


def markdown_paragraphs_html(paragraphs: list[str], *, trust_html: bool = False) -> str:
    """``markdown_html("\n\n".join(paragraphs))``, without running Markdown over simple blocks.

    Markdown costs about 2 ms for a 600-word post (issue 7), nearly all of it spent
    looking for inline markup in paragraphs that have none or little. A plain paragraph
    (see :func:`_plain_block_html`), or one with only simple emphasis and links, a flat
    list or a one-line quote of such text (see :func:`_fast_block_html`) reads the same
    wherever it stands, and the blocks around it read the same beside any other
    paragraph, so each run of such blocks is replaced by one short stand-in, the rest
    converted in one go, and the stand-ins' HTML replaced by the runs' own. A list or a
    quote takes the fast path only between paragraphs, headings and fast blocks of the
    other kind, since Markdown joins it to a list or quote of its kind next to it.
    Markdown whose meaning reaches across blocks (see ``_DOCUMENT_SYNTAX``) is converted
    whole.
    """
    source = "\n\n".join(paragraphs)
    if _STAND_IN in source or _has_document_syntax(source) \
            or not all(p and p == p.strip() for p in paragraphs):
        return markdown_html(source, trust_html=trust_html)
    fast = [_fast_block_html(paragraph) for paragraph in paragraphs]
    kinds = [block[0] if block else None for block in fast]
    # Beside a list or quote of its own kind, or a block Markdown reads, a list or quote may
    # merge with it; beside a paragraph, a heading or a fast block of the other kind it
    # stands alone. A block left to Markdown may leave a neighbour to it too: repeat.
    changed = True
    while changed:
        changed = False
        for i, kind in enumerate(kinds):
            if kind is not None and kind != _PARAGRAPH and (
                    (i > 0 and kinds[i - 1] in (None, kind)) or (i + 1 < len(kinds) and kinds[i + 1] in (None, kind))):
                fast[i] = None
                kinds[i] = None
                changed = True
    kept: list[str] = []  # the blocks Markdown reads, with a stand-in for each fast run
    runs: list[list[str]] = []  # the HTML of each fast run
    for paragraph, block in zip(paragraphs, fast, strict=True):
        if block is None:
            kept.append(paragraph)
        elif kept and kept[-1] is _STAND_IN:
            runs[-1].append(block[1])
        else:
            kept.append(_STAND_IN)
            runs.append([block[1]])
    if len(kept) == len(runs):  # nothing but fast blocks
        fast_html = "\n".join(html for run in runs for html in run)
        return fast_html if trust_html else _sanitise_fast(fast_html)
    md = _markdown()
    md.reset()
    pieces = md.convert("\n\n".join(kept)).split(_STAND_IN_HTML)
    if len(pieces) != len(runs) + 1:
        return markdown_html(source, trust_html=trust_html)  # a stand-in was not read as planned
    out = [pieces[0]]
    for run, piece in zip(runs, pieces[1:], strict=True):
        out.append("\n".join(run))
        out.append(piece)
    return _sanitise("".join(out), trust_html)


def _sanitise(rendered: str, trust_html: bool) -> str:
    if trust_html:
        return rendered
    return _clean(rendered)


def _clean(rendered: str) -> str:
    import nh3

    return nh3.clean(
        rendered,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# A link as the fast path writes it: its label is plain text, so it holds no "<".
_FAST_LINK = lazy_compile(r'<a href="[^"]*">[^<]*</a>')


def _sanitise_fast(fast_html: str) -> str:
    """``_sanitise(fast_html, False)`` of HTML made only by :func:`_fast_block_html`.

    That HTML's text holds no character the sanitiser rewrites (no ``_MARKUP_CHAR``: no
    "&", "<", ">", control characters or no-break spaces) and its tags are allowed ones
    without attributes, all of which nh3 passes through as they are; only its links are
    changed (the URL checked, ``rel`` added), each on its own as in the whole document.
    Running nh3 over the whole post cost a third of its Markdown conversion (issue 7);
    links recur, so each one's cleaning is kept. tests/test_prepcpu_markup.py compares
    with nh3 over the whole HTML.
    """
    if "<a " not in fast_html:
        return fast_html
    return _FAST_LINK.sub(lambda m: _clean_link(m.group()), fast_html)


@lru_cache(maxsize=4096)
def _clean_link(link: str) -> str:
    return _clean(link)

"""Turns a clean body into safe HTML: escaped paragraphs for text, sanitised Markdown for .md."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter per process, built on first use: a cached rebuild never needs it.

    No ``smarty``: SmartyPants doubled the cost of every post (3.3 → 1.6 ms for 430
    words, issue 7) only to curl quotes that copy pasted from the web already curls.
    """
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
# that Markdown rewrites (tabs, line breaks).
_MARKUP_CHAR = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\\`*_{}\[\]<>&|~^#]")
# First characters of a paragraph that cannot open a block construct (list, quote,
# heading, code, rule, definition).
_PLAIN_OPENERS = "\"“‘'($€£"
_HASH_HEADING = re.compile(r"(#{1,6}) ")
# Markdown that reaches across blocks: raw HTML and fenced code (which may span blank
# lines), footnotes, link, abbreviation and definition-list definitions (which change
# how other blocks read).
_DOCUMENT_SYNTAX = re.compile(r"<|```|~~~|\[\^|^ {0,3}(?:\*?\[|:)", re.M)


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


# Stands in for a run of plain paragraphs: a plain paragraph too, of a private-use
# character that Markdown leaves alone (texts holding it are converted whole).
_STAND_IN = "\ue000"
_STAND_IN_HTML = f"<p>{_STAND_IN}</p>"


def markdown_paragraphs_html(paragraphs: list[str], *, trust_html: bool = False) -> str:
    """``markdown_html("\n\n".join(paragraphs))``, without running Markdown over plain paragraphs.

    Markdown costs about 2 ms for a 600-word post (issue 7), nearly all of it spent
    looking for inline markup in paragraphs that have none. A plain paragraph (see
    :func:`_plain_block_html`) reads the same wherever it stands, and the blocks around
    it read the same beside any other plain paragraph, so each run of plain paragraphs
    is replaced by one short stand-in, the rest converted in one go, and the stand-ins'
    HTML replaced by the runs' own. Markdown whose meaning reaches across blocks (see
    ``_DOCUMENT_SYNTAX``) is converted whole.
    """
    source = "\n\n".join(paragraphs)
    if _STAND_IN in source or _DOCUMENT_SYNTAX.search(source) \
            or not all(p and p == p.strip() for p in paragraphs):
        return markdown_html(source, trust_html=trust_html)
    kept: list[str] = []  # the blocks Markdown reads, with a stand-in for each plain run
    runs: list[list[str]] = []  # the HTML of each plain run
    for paragraph in paragraphs:
        plain = _plain_block_html(paragraph)
        if plain is None:
            kept.append(paragraph)
        elif kept and kept[-1] is _STAND_IN:
            runs[-1].append(plain)
        else:
            kept.append(_STAND_IN)
            runs.append([plain])
    if len(kept) == len(runs):  # nothing but plain paragraphs
        return _sanitise("\n".join(html for run in runs for html in run), trust_html)
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
    return nh3.clean(
        rendered,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )

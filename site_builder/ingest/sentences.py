"""Line normalisation and sentence shape: the signals furniture removal and metadata share.

A scraped page mixes prose (sentences a reporter wrote) with chrome (labels, buttons,
counters). The cheapest reliable signal is *shape*: prose lines are long, end with
sentence punctuation and contain lower-case function words; chrome lines are short,
title-cased or all-caps, and rarely end with a full stop. Everything here is pure,
precompiled and linear in the line length, so it can run on every line of 20,000 files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from site_builder.ingest.patterns import lazy_compile

# Characters that render as (or instead of) a plain space in copied web text.
_SPACES = lazy_compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Zero-width and bidi controls that copy-paste leaves behind; they split words invisibly.
_INVISIBLE = lazy_compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MULTI_SPACE = lazy_compile(r" {2,}")
_WORD = lazy_compile(r"[^\W\d_][\w'’.-]*")
# The same pattern for ASCII lines, spelled with plain ranges: sre tests those with a bitmap
# instead of a Unicode category lookup per character (about 1.6× faster on news text).
_ASCII_WORD = lazy_compile(r"[A-Za-z][A-Za-z0-9_'.-]*")
# Anything normalise_line has to fix; most lines have none, and one search is cheap.
_ODD = lazy_compile(r"[\u00a0\u1680\u2000-\u200f\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff\u00ad\t\f\v]")
# Lines longer than this are not memoised, so a hostile file cannot fill memory with keys.
CACHE_LINE_LIMIT = 2000
_FOLD_DROP = lazy_compile(r"[^\w\s]+")

# Closing characters allowed after the final punctuation of a sentence.
_CLOSERS = "\"'”’)]»"
_TERMINAL = (".", "!", "?", "…", ".)", ":")
# Lower-case words that glue sentences together; headlines and labels mostly lack them
# or use few of them, prose is full of them.
_FUNCTION_WORDS_TEXT = (
    "a an the of to in on at for from by with and or but that which who whom whose this these those "
    "is are was were be been being has have had will would can could should may might must shall "
    "it its their they them he she his her we our you your not as than then also after before "
    "during while since about into over under between against because if when where"
)


def vocabulary(text: str) -> frozenset[str]:
    """A documented word list written as one space-separated string."""
    return frozenset(text.split())


FUNCTION_WORDS = vocabulary(_FUNCTION_WORDS_TEXT)
_SENTENCE_SPLIT = lazy_compile(
    r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
)
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = lazy_compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|[A-Z])\.$"
)


def normalise_line(line: str) -> str:
    """One line of copied web text with odd spaces, invisible characters and runs of spaces fixed."""
    if not line:
        return ""
    # Scraped lines often end in spaces ("text  "); stripping first lets them skip the three
    # substitutions. The result is the same: outer whitespace never survives the final strip,
    # and no whitespace character composes with its neighbour under NFC.
    stripped = line.strip()
    # In ASCII text _ODD can only find a tab, form feed or vertical tab: three substring
    # tests are much cheaper than the pattern's scan of a paragraph.
    if "  " in stripped or (("\t" in stripped or "\f" in stripped or "\v" in stripped) if stripped.isascii()
                            else _ODD.search(stripped) is not None):
        line = _MULTI_SPACE.sub(" ", _SPACES.sub(" ", _INVISIBLE.sub("", line)))
    else:
        line = stripped
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    return line.strip()


def words(line: str) -> tuple[str, ...]:
    """The words of a line (cached for ordinary lines: every stage asks about the same few)."""
    return _words(line) if len(line) <= CACHE_LINE_LIMIT else _words.__wrapped__(line)


@lru_cache(maxsize=4096)
def _words(line: str) -> tuple[str, ...]:
    return tuple((_ASCII_WORD if line.isascii() else _WORD).findall(line))


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS + " ")
    return stripped.endswith(_TERMINAL[:-1])


def function_ratio(tokens: Sequence[str]) -> float:
    if not tokens:
        return 0.0
    return sum(map(FUNCTION_WORDS.__contains__, map(str.lower, tokens))) / len(tokens)


_GLUE = (" the ", " of ", " and ", " to ", " in ", " a ", " that ", " is ", " was ", " for ")


def is_prose(line: str) -> bool:
    """True for a line that reads as reporting (see :func:`_is_prose`)."""
    return _is_prose(line) if len(line) <= CACHE_LINE_LIMIT else _is_prose.__wrapped__(line)


@lru_cache(maxsize=4096)
def _is_prose(line: str) -> bool:
    """True for a line that reads as reporting: sentences, not a label, headline or button.

    Long lines count as prose even without final punctuation, because scraped paragraphs
    are often cut off mid-sentence; shorter lines need sentence punctuation and some
    lower-case function words (a headline rarely has both).
    """
    if line.count(" ") >= 40 and any(map(line.__contains__, _GLUE)):
        return True  # a long paragraph with the glue words of prose; skip tokenising it
    ends = ends_like_sentence(line)
    if ends and sum(map(line.count, _GLUE)) >= 4:
        # Skip tokenising a sentence, too: each " the "-like glue is a lower-case function-word
        # token, at most one of them the first token, so four make n >= 4, lower >= 3 and
        # fr > 0, which the rules below take as prose whatever the other tokens are.
        return True
    tokens = words(line)
    n = len(tokens)
    if n >= 25:
        # Long, but a row of tags or section names has (almost) no function words.
        return ends or function_ratio(tokens) >= 0.08
    if n < 4:
        return False
    fr = function_ratio(tokens)
    if ends:
        if n >= 8 and fr >= 0.12:
            return True
        # A short sentence ("He declined to comment.") still has a lower-case verb phrase.
        lower = sum(1 for t in tokens[1:] if t[0].islower())
        return lower >= 2 and fr > 0
    # No final stop: only a long, function-word-rich line is prose (a cut-off paragraph).
    return n >= 16 and fr >= 0.2 and sum(1 for t in tokens[1:] if t[0].islower()) >= n // 2


def is_title_case(line: str) -> bool:
    """Most content words start with a capital: the shape of a headline or a label."""
    tokens = [t for t in words(line) if t.lower() not in FUNCTION_WORDS]
    if not tokens:
        return False
    return sum(1 for t in tokens if t[0].isupper()) / len(tokens) >= 0.75


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations such as "Mr." and "U.S." intact."""
    parts = _SENTENCE_SPLIT.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV.search(out[-1].rstrip(_CLOSERS)):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def fold(line: str) -> str:
    """A comparison key: case, punctuation and spacing ignored (for repeated headlines)."""
    return _fold(line) if len(line) <= CACHE_LINE_LIMIT else _fold.__wrapped__(line)


def fold_words(line: str) -> list[str]:
    """``fold(line).split()``, without joining (or memoising) the folded line.

    For long lines read once (a lede's paragraphs): the memo would only hold them, and
    the join is undone by the split.
    """
    lower = line.lower()
    return (lower.translate(_ASCII_FOLD_DROP) if lower.isascii() else _FOLD_DROP.sub("", lower)).split()


@lru_cache(maxsize=4096)
def _fold(line: str) -> str:
    return " ".join(fold_words(line))


# What _FOLD_DROP removes from ASCII text (neither a word character nor whitespace, as
# ``re`` reads them), for str.translate: nearly twice as fast as the pattern on a paragraph.
_ASCII_FOLD_DROP = str.maketrans({c: None for c in map(chr, range(128))
                                  if not (c.isalnum() or c == "_" or c.isspace())})

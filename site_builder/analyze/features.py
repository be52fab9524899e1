"""Turns article text into the evidence story clustering compares.

Four kinds of evidence come out of one article, all as plain strings so they can be
weighted by corpus IDF later:

* content-word stems and word 3-gram shingles (paraphrases share stems, copies share
  shingles);
* proper-noun keys (people, places, organisations): capitalised runs that are not just a
  sentence start, plus a guess at the places the article happens in;
* figures ("$1.7 billion", "400", "25,000") other than years and small counts;
* shingles of quoted speech, which survives rewrites almost verbatim.

Everything here is a pure function of one article; corpus statistics live in
``cluster.py``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from site_builder.analyze.names import unjoined_sentences
from site_builder.analyze.stopwords import ENGLISH_STOP_WORDS
from site_builder.ingest.patterns import lazy_compile
from site_builder.model import Article

# Words that carry no event identity in news copy, on top of the usual English stop
# words: reporting verbs, time words and furniture that survive cleaning.
NEWS_STOP_WORDS = frozenset(str.split(
    """said says say told according reported reportedly report reports statement statements
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks
    month months year years day days time times mr mrs ms dr new news also would could
    share comment comments login log read more click subscribe newsletter advertisement
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
))
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | NEWS_STOP_WORDS

# Capitalised words that start many sentences or titles but name nothing.
_NOT_NAMES = STOP_WORDS | frozenset(str.split(
    """the a an this that these those he she they we it its his her their our i you
    but and or so yet for nor in on at by to of from with as after before during while
    when where why how what who which there here however meanwhile moreover furthermore
    although though because since if unless until both each every many most some several
    officials official"""
))
# Titles and offices: part of how a name is written, not of the name ("CEO Priya Raman").
_ROLE_WORDS = frozenset(str.split(
    """minister ministers president secretary prime leader leaders chief chancellor governor
    senator general spokesman spokeswoman spokesperson ambassador mayor king queen prince premier director
    chairman chairwoman ceo cfo coo cs commissioner foreign defense defence vice deputy state"""
))
_NOT_NAMES = _NOT_NAMES | _ROLE_WORDS

_WORD = lazy_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LOWER_WORD = lazy_compile(r"(?<![^\W\d_])[a-zß-öø-ÿ][^\W\d_]*(?:['’][^\W\d_]+)*")

_SENTENCE_END = lazy_compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = lazy_compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sen|Rep|Gov|St|Jr|Sr|U\.S|U\.K|Jan|Feb|Aug|Sept|Oct|Nov|Dec|"
                       r"No|vs|etc|Inc|Corp|Ltd|Co|[A-Z])\.$")
_QUOTE = lazy_compile(r"[“\"]([^“”\"]{12,600})[”\"]")
# Opens with one ``\d`` outside the alternation (``\d{1,3}(?:[, ]\d{3})+|\d+(?:\.\d+)?``
# with the first digit taken out of both branches, which the engine tries in the same
# order) so that the regex engine scans ahead for a digit instead of trying the pattern
# at every position: finditer runs four times faster. A currency sign is looked for just
# before the match.
_NUMBER_PATTERN = (r"(?P<num>\d(?:\d{0,2}(?:[,\u00a0\u202f ]\d{3})+|\d*(?:\.\d+)?))"
                   r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
                   r"(?P<pct>\s?%|\s?per\s?cent|\s?percent)?")
_NUMBER = lazy_compile(_NUMBER_PATTERN, re.I)
# For ASCII text, where ``\d`` is [0-9], which the engine scans for faster (a quarter).
_NUMBER_ASCII = lazy_compile(_NUMBER_PATTERN.replace(r"\d", "[0-9]"), re.I)
_CURRENCY = frozenset("$€£¥")
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_PLACE_PREP = lazy_compile(r"\b(?:in|at|visited|visiting|near|outside)[ \t]+$", re.I)
_DATELINE = lazy_compile(r"^\s*(?P<place>[A-Z][A-Za-z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]+){0,2})"
                         r"\s*(?:\([^)]{1,30}\))?\s*[—–-]{1,2}\s")


def _ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with ASCII classes, which the regex engine tests a third faster.

    On ASCII-only text it finds the same matches for patterns without ``\\s`` (Unicode
    ``\\s`` also takes the control characters \\x1c-\\x1f), so callers pick it when
    ``text.isascii()``, which costs nothing.
    """
    assert "\\s" not in pattern.pattern
    # Its flags are not read, which would compile it at import: these patterns have none.
    return lazy_compile(pattern.pattern, re.ASCII)


_WORD_ASCII = _ascii_twin(_WORD)
_LOWER_WORD_ASCII = _ascii_twin(_LOWER_WORD)


# ASCII text is tokenised with bytes.translate and split, a few times faster than the
# regex: non-letters become spaces, and so do the apostrophes that _WORD would not take
# (those without a letter on both sides), leaving exactly its tokens between spaces.
# Written to open with the apostrophe (then "not before a letter, or not after one"): a
# pattern that opens with a lookbehind is tried at every position, one that opens with a
# literal is found by a fast scan (86 → 2 µs an article).
_STRAY_APOSTROPHE = lazy_compile(r"'(?:(?![a-zA-Z])|(?<![a-zA-Z]'))")
_ASCII_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'")
_KEEP_LETTERS = bytes(b if b in _ASCII_LETTERS else 32 for b in range(256))
_LOWER_LETTERS = bytes(ord(chr(b).lower()) if b in _ASCII_LETTERS else 32 for b in range(256))


def _ascii_words(text: str, table: bytes = _KEEP_LETTERS) -> list[str]:
    """``_WORD_ASCII.findall(text)`` of ASCII ``text``, through ``table`` (_LOWER_LETTERS: lower-cased)."""
    if "'" in text:
        text = _STRAY_APOSTROPHE.sub(" ", text)
    return text.encode("ascii").translate(table).decode("ascii").split()


def _words(text: str) -> list[str]:
    """``_WORD.findall(text)``."""
    return _ascii_words(text) if text.isascii() else _WORD.findall(text)


_NON_ASCII = lazy_compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=65536)
def _fold_chunk(chunk: str) -> str:
    decomposed = unicodedata.normalize("NFKD", chunk)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def fold(text: str) -> str:
    """Lower-case form without accents so "Taïwan", "Taiwan" and "TAIWAN" compare equal."""
    if not text.isascii():
        # Only the non-ASCII runs need decomposing; plain ASCII text (most news copy) skips it.
        text = _NON_ASCII.sub(lambda m: _fold_chunk(m.group()), text)
    return text.lower()


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to match missile/missiles, meet/meeting.

    A full stemmer would be nicer, but none ships with the pinned libraries and the
    clustering only needs inflections of the same word to collide.
    """
    if len(word) <= 4:
        return word
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix in ("ied", "ies"):
                base += "y"
            if len(base) > 4 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # planned → plan, not plann
            return base.rstrip("e") if suffix in ("ing", "ings", "ed", "es") else base
    return word.rstrip("e") if len(word) > 5 else word


# word → its stem, or "" for a word content_stems drops. A plain dict read through
# map() keeps the per-word work in C; summaries call content_stems once per sentence,
# so this loop runs over every word of the corpus several times.
_STEM_OF: dict[str, str] = {}
_STEM_OF_LIMIT = 1 << 20  # distinct words; a real corpus stays far below, a hostile one is cut off


def _learn_stems(words: list[str]) -> None:
    if len(_STEM_OF) > _STEM_OF_LIMIT:
        _STEM_OF.clear()
    for w in words:
        if w not in _STEM_OF:
            _STEM_OF[w] = stem(w) if len(w) > 1 and w not in STOP_WORDS else ""


def content_stems(text: str) -> list[str]:
    """Stems of the content words, in order (stop words and one-letter words dropped)."""
    # fold() of ASCII text only lower-cases it, which the tokeniser's table can do.
    return _stems_of(_ascii_words(text, _LOWER_LETTERS) if text.isascii() else _words(fold(text)))


def _stems_of(words: list[str]) -> list[str]:
    """:func:`content_stems` of already folded words."""
    try:
        return list(filter(None, map(_STEM_OF.__getitem__, words)))
    except KeyError:
        _learn_stems(words)
        return list(filter(None, map(_STEM_OF.__getitem__, words)))


def shingles(stems: list[str], k: int = 3) -> list[str]:
    """Every run of ``k`` consecutive stems, joined by spaces."""
    if k < 1:
        return [" ".join(stems[i : i + k]) for i in range(len(stems) - k + 1)]
    # zip over shifted slices keeps the loop in C: this runs on every word of every article.
    return list(map(" ".join, zip(*(stems[i:] for i in range(k)), strict=False)))


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; keeps "Mr. Austin" and "U.S. officials" whole."""
    text = text.strip()
    # names.split_sentences may have cut this paragraph already (see unjoined_sentences):
    # both cut at the same end marks, and every abbreviation here is one there too.
    known = unjoined_sentences(text)
    if known is not None:
        return known
    parts: list[str] = []
    pending = ""
    cut = 0
    pieces = []
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[cut : m.end()])
        cut = m.end()
    pieces.append(text[cut:])
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        pending = f"{pending} {piece}" if pending else piece
        # An abbreviation match ends the (stripped) text and is at most five characters
        # long ("Sept.", "U.S."): only the tail is searched, and ``\b`` still sees the
        # character before ``pos``. Searching all of it cost twice the splitting itself.
        if pending[-1] == "." and _ABBREV.search(pending, max(0, len(pending) - 8)):
            continue
        parts.append(pending)
        pending = ""
    if pending:
        parts.append(pending)
    return parts


_ROMAN = frozenset({"ii", "iii", "iv", "jr", "sr"})
_JOINERS = frozenset({"of", "de", "du", "von", "van", "al", "bin", "la", "le"})
_TITLE_WORD = lazy_compile(r"\b[^\W\d_]{4,}\b")
_TITLE_WORD_ASCII = _ascii_twin(_TITLE_WORD)
# The _TITLE_WORD_ASCII matches whose first letter is a capital (str.isupper, in ASCII):
# ``\b[A-Z][a-zA-Z]{3,}\b``, written to open with the capital (the ``\b`` before it is then
# a lookbehind over it and the character before) so the regex engine scans for capitals.
_CAPITAL_TITLE_WORD_ASCII = lazy_compile(r"[A-Z](?<!\w[A-Z])[a-zA-Z]{3,}\b", re.ASCII)


def is_headline_case(sentence: str, lower_words: set[str]) -> bool:
    """Title-case lines ("Strengthening Military Alliance Amid Threats") name nothing by case.

    They are told from name-dense sentences by their capitalised words being ordinary
    words that the article also writes in lower case.
    """
    if sentence.isascii():
        # Only capitalised words can be ordinary ones, and most sentences have fewer than two
        # that are: the full word list is read only for the few others.
        capitalised = _CAPITAL_TITLE_WORD_ASCII.findall(sentence)
        if len(capitalised) < 2:
            return False
        ordinary = sum(map(lower_words.__contains__, map(str.lower, capitalised)))  # in C
        if ordinary < 2:
            return False
        words = _TITLE_WORD_ASCII.findall(sentence)
        return len(words) >= 3 and ordinary / len(words) >= 0.4
    words = _TITLE_WORD.findall(sentence)
    if len(words) < 3:
        return False
    ordinary = sum(1 for w in words if w[0].isupper() and w.lower() in lower_words)
    return ordinary >= 2 and ordinary / len(words) >= 0.4


_UPPER = "A-ZÀ-ÖØ-ÞĆČĎŁŃŇŘŚŠŤŽŹŻΑ-ΩА-Я"
_CAPWORD = rf"[{_UPPER}][^\W_]*(?:['’.-][^\W_]+)*"
# A run's first capital must not follow a letter or digit; the test is made after the
# capital (a lookbehind over it and the character before), so that the pattern opens with
# a character class the regex engine scans for (twice as fast as a leading lookbehind).
_RUN = lazy_compile(rf"[{_UPPER}](?<![^\W_][{_UPPER}])[^\W_]*(?:['’.-][^\W_]+)*"
                    rf"(?:[ \t]+(?:(?:of|de|du|von|van|al|bin|la|le)[ \t]+)?(?:{_CAPWORD}))*")
_RUN_ASCII = _ascii_twin(_RUN)
_CAPITAL_WORD = lazy_compile(_CAPWORD)
_OPENERS = " \t\"'“‘(—–-"


# Text before a word that makes it a sentence opener: nothing, or an end mark (".", ":",
# a closing quote) followed by spaces, opening quotes or dashes.
_OPENS_SENTENCE = lazy_compile(r"(?:^|[.!?:;…]['\"”’)\]]*)[\s'\"“‘(—–-]*$")
# The same test as string stripping (see _opens_sentence); \s is what str.isspace accepts,
# these characters (spelled out: finding them by testing every code point cost the import
# 1-2 ms; a test checks the list against the regex).
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_OPENER_CHARS = _SPACES + "'\"“‘(—–-"
_CLOSER_CHARS = "'\"”’)]"
_END_MARKS = frozenset(".!?:;…")


def _opens_sentence(head: str, whole: bool) -> bool:
    """Whether a capitalised word preceded by ``head`` opens a sentence.

    ``whole`` says ``head`` is all the text before the word. This is
    ``_OPENS_SENTENCE.search`` (with "^" only at the text's start) minus abbreviations
    like "Mr.", done with two strips because the regex tries every position of ``head``
    and runs once per capitalised word.
    """
    rest = head.rstrip(_OPENER_CHARS)
    if not rest:
        return whole
    if rest.rstrip(_CLOSER_CHARS)[-1:] not in _END_MARKS:
        return False
    head = head.rstrip()
    return not (head.endswith(".") and _ABBREV.search(head))


@lru_cache(maxsize=65536)
def _clean_word(word: str) -> str:
    word = fold(word).replace(".", "")
    # The words of a run hold no whitespace, so "'s$" can only match at the very end.
    return word[:-2] if word.endswith("'s") else word


def _entity_key(words: Sequence[str]) -> str | None:
    cleaned = [_clean_word(w) for w in words]
    # An upper-case word is an acronym ("US" is not the pronoun), unless it is a title ("CEO").
    cleaned = [w for w, raw in zip(cleaned, words, strict=True)
               if w not in _NOT_NAMES or (raw.isupper() and w not in _ROLE_WORDS)]
    while cleaned and cleaned[-1] in _JOINERS:
        cleaned.pop()
    while cleaned and cleaned[0] in _JOINERS:
        cleaned.pop(0)
    key = " ".join(cleaned)
    return key if len(key) > 1 else None


@lru_cache(maxsize=131072)
def _run_keys(run: tuple[str, ...]) -> tuple[str, ...]:
    """The entity key of a run of words, then the words of the key also counted alone; () for none.

    Cached: the same runs ("Japan", "Prime Minister Fumio Kishida") recur across copies.
    """
    key = _entity_key(run)
    if key is None:
        return ()
    parts = key.split()
    if len(parts) == 1:
        return (key,)
    return (key, *(part for part in parts if len(part) > 2 and part not in _ROMAN and part not in _JOINERS))


# What a capitalised run (the text of one _RUN match) gives wherever it stands:
# (lower-cased words that count as capitalised away from a sentence start wherever the
# run stands, the head or None, the keys of the pieces after the head). Shouted words cut
# a run into pieces; the head is the piece that opens it (None when a shouted word does)
# and alone depends on where the run stands: (its words, its first word lower-cased, its
# keys, whether that word is never a name). Cached by the run's text: runs ("Japan",
# "Prime Minister Fumio Kishida") recur (raw-2000: 105,539 runs, 19,111 distinct).
_Head = tuple[tuple[str, ...], str, tuple[str, ...], bool]
_RunInfo = tuple[tuple[str, ...], _Head | None, tuple[str, ...]]
_RUN_INFO: dict[str, _RunInfo] = {}
_RUN_INFO_LIMIT = 1 << 16  # distinct runs kept (~400 bytes each); then it starts again


def _is_shouted(word: str) -> bool:
    """Shouted words longer than an acronym ("BREAKING", "ENERGY") end a run: furniture or headline style."""
    return word.isupper() and len(word.replace(".", "")) > 5


def _learn_run(text: str) -> _RunInfo:
    """The :data:`_RUN_INFO` entry of a run's text (stored)."""
    words = text.split()
    if not any(map(str.isupper, words)):  # no shouted word (the usual case): one piece
        pieces = [words]
    else:
        pieces = []
        current: list[str] = []
        for word in words:
            if _is_shouted(word):
                if current:
                    pieces.append(current)
                current = []
            else:
                current.append(word)
        if current:
            pieces.append(current)
    head: _Head | None = None
    inner: list[str] = []
    tail_keys: list[str] = []
    if not _is_shouted(words[0]):
        first = tuple(pieces.pop(0))
        lowered = first[0].lower()
        head = (first, lowered, _run_keys(first), lowered in _NOT_NAMES)
        inner.extend(map(str.lower, first[1:]))
    for piece in pieces:
        inner.extend(map(str.lower, piece))
        tail_keys.extend(_run_keys(tuple(piece)))
    if len(_RUN_INFO) >= _RUN_INFO_LIMIT:
        _RUN_INFO.clear()
    info = _RUN_INFO[text] = (tuple(inner), head, tuple(tail_keys))
    return info


# Characters _opens_sentence strips or looks for: a run after any other character (a
# letter, a digit, a comma), alone or after one opener, does not open a sentence.
_OPENER_SET = frozenset(_OPENER_CHARS)
_SENTENCE_CHARS = frozenset(_OPENER_CHARS + _CLOSER_CHARS) | _END_MARKS

# _PLACE_PREP's words by their last letter (each ends in a different one), for the test
# of ASCII text (see _after_place_prep).
_PREP_LENGTH = {"n": 2, "t": 2, "r": 4, "d": 7, "e": 7, "g": 8}
_PREPS = ("in", "at", "visited", "visiting", "near", "outside")
# Their last letters in either case (no other letter matches them case-insensitively) and blanks.
_PREP_ENDS = frozenset("ntrdegNTRDEG \t")


def _after_place_prep(paragraph: str, start: int) -> bool:
    """Whether the text just before ``start`` is a place preposition and blanks ("in ", "visiting ")."""
    before = paragraph[max(0, start - 12) : start]
    if before[-1:] not in (" ", "\t"):
        return False
    stripped = before.rstrip(" \t")
    if not before.isascii():
        # A match ends in the trailing blanks and starts at most eight characters
        # ("visiting") before them: only that tail is searched (``\b`` still sees the
        # character before ``pos``).
        return bool(_PLACE_PREP.search(before, max(0, len(stripped) - 8)))
    # In ASCII text (where only ASCII letters match them case-insensitively) the regex
    # matches where the text before the blanks ends with one of the words, not preceded
    # by a word character: a few string operations instead of a case-insensitive search.
    low = stripped.lower()
    if not low.endswith(_PREPS):
        return False
    cut = len(low) - _PREP_LENGTH[low[-1]]
    return not cut or not (low[cut - 1].isalnum() or low[cut - 1] == "_")


def _entities(paragraphs: list[str], lower_words: set[str], title: str = "") -> tuple[Counter[str], Counter[str]]:
    """Proper-noun keys and place guesses.

    A name is keyed whole ("lloyd j austin") and by each of its words ("austin"), so
    "Mr. Austin" in one copy meets "Lloyd J. Austin III" in another; IDF later decides
    how much each key is worth. A capital word that opens a sentence is taken for a name
    only if the article also capitalises it elsewhere and never writes it in lower case.
    Runs of capitalised words are not broken by punctuation ("Bank of Japan" stays whole).
    """
    # Words capitalised away from a sentence start: the article treats them as names.
    inner: set[str] = set()
    # Each run: its info, whether it opens a sentence, its paragraph and where it starts there.
    runs: list[tuple[_RunInfo, bool, str, int]] = []
    for paragraph in paragraphs:
        if is_headline_case(paragraph, lower_words):
            continue
        for m in (_RUN_ASCII if paragraph.isascii() else _RUN).finditer(paragraph):
            text = m.group()
            info = _RUN_INFO.get(text) or _learn_run(text)
            if info[0]:  # most runs are one word, which this leaves empty
                inner.update(info[0])
            head = info[1]
            if head is None:
                runs.append((info, False, paragraph, 0))
                continue
            start = m.start()
            if start:
                # Most runs follow a word and a blank: only the others need _opens_sentence.
                char = paragraph[start - 1]
                if char in _OPENER_SET and start >= 2:
                    char = paragraph[start - 2]
                at_start = char in _SENTENCE_CHARS and _opens_sentence(paragraph[max(0, start - 8) : start],
                                                                       start <= 8)
            else:
                at_start = True
            if not at_start:
                inner.add(head[1])
            runs.append((info, at_start, paragraph, start))
    # A headline in sentence case capitalises only its first word and its names.
    if title and not is_headline_case(title, lower_words):
        inner |= {w.lower() for w in _CAPITAL_WORD.findall(title)} - lower_words
    # Keys are gathered in order and counted at once: Counter.update counts in C, and
    # first-seen order (the Counter's order) is the same.
    found: list[str] = []
    placed: list[str] = []
    for (_, head, tail_keys), at_start, paragraph, start in runs:
        if head is not None:
            words, first, keys, never = head
            if at_start and (never or first in lower_words or (len(words) == 1 and first not in inner)):
                found.extend(_run_keys(words[1:]))  # the dropped opener is not a preposition
            elif keys:
                found.extend(keys)
                # The preposition's last letter or more blanks must come before the blank.
                if start > 1 and paragraph[start - 2] in _PREP_ENDS and paragraph[start - 1] in " \t" \
                        and _after_place_prep(paragraph, start):
                    placed.append(keys[0])
        if tail_keys:
            found.extend(tail_keys)
    return Counter(found), Counter(placed)


# A figure's label by the text _NUMBER matched, without and with a currency sign before
# it ("" for no figure): the same few numbers ("10", "2024", "$1.7 billion") recur.
_FIGURE_LABELS: tuple[dict[str, str], dict[str, str]] = ({}, {})
_FIGURE_LABELS_LIMIT = 1 << 15  # each; then it starts again


def _figures(text: str) -> list[str]:
    """Normalised figures; years, dates and small counts are left out as they name no event."""
    out: list[str] = []
    for m in (_NUMBER_ASCII if text.isascii() else _NUMBER).finditer(text):
        start = m.start()
        if start and text[start - 1] in ".,":
            continue  # the tail of "v2.3.4" or "1,2345": not a figure of its own
        currency = not _CURRENCY.isdisjoint(text[max(0, start - 2) : start])
        label = _FIGURE_LABELS[currency].get(m.group())
        if label is None:
            label = _figure_label(m, currency)
        if label:
            out.append(label)
    return out


def _figure_label(m: re.Match[str], currency: bool) -> str:
    """The label of a _NUMBER match, after a currency sign or not; "" for no figure (stored)."""
    labels = _FIGURE_LABELS[currency]
    if len(labels) >= _FIGURE_LABELS_LIMIT:
        labels.clear()
    label = labels[m.group()] = _figure_of(m, currency)
    return label


def _figure_of(m: re.Match[str], currency: bool) -> str:
    num, scale, pct_text = m.group("num", "scale", "pct")
    raw = num if num.isdigit() else \
        num.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    try:
        value = float(raw)
    except ValueError:
        return ""
    scale = (scale or "").lower()
    if scale in ("m", "k") and not currency:
        scale = ""  # "5 m" is more likely metres than millions
    value *= _SCALES.get(scale, 1.0)
    pct = bool(pct_text)
    if not pct and not currency and not scale:
        if value.is_integer() and 1900 <= value <= 2100:
            return ""  # a year
        if value < 10 and value.is_integer():
            return ""  # "3 ministers": too common to identify an event (6.1 or 0.3 are kept)
    # The currency is left out: "€40m" and "40 million euros" are the same figure.
    return f"{value:.6g}" + ("%" if pct else "")


def _quote_shingles(text: str) -> list[str]:
    out: list[str] = []
    for m in _QUOTE.finditer(text):
        words = _words(fold(m.group(1)))
        if len(words) < 4:
            continue
        out.extend(" ".join(words[i : i + 4]) for i in range(len(words) - 3))
    return out


def term_ids(tokens: Iterable[str]) -> np.ndarray:
    """Stable numeric ids for terms, so vectors can be built from arrays instead of strings.

    CRC-32 is the same in every run and process (Python's str hash is salted per
    process) and runs in C; a rare collision merely lets two unrelated rare terms share
    a column.
    """
    return np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.int64)


# stem → its term id; stems recur across the corpus, so their CRCs are worth keeping.
_STEM_ID: dict[str, int] = {}


def _stem_ids(stems: list[str]) -> np.ndarray:
    """``term_ids(stems)``."""
    try:
        return np.fromiter(map(_STEM_ID.__getitem__, stems), dtype=np.int64, count=len(stems))
    except KeyError:
        if len(_STEM_ID) > _STEM_OF_LIMIT:
            _STEM_ID.clear()
        for s in stems:
            if s not in _STEM_ID:
                _STEM_ID[s] = zlib.crc32(s.encode())
        return np.fromiter(map(_STEM_ID.__getitem__, stems), dtype=np.int64, count=len(stems))


@dataclass
class Features:
    """The comparable evidence of one article.

    Stems, shingles and quote shingles are kept only as term ids: they are many, and
    ids are cheap to send back from worker processes and to count.
    """

    stem_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    shingle_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    entities: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    figures: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    words: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled with every parsed article in the build cache: term ids are CRC-32s, so
        # they are stored in 4 bytes each instead of 8 (issue 7: smaller, faster records),
        # as raw bytes: unpickling an array costs ten times more than reading its bytes.
        return (_features, (_compact_ids(self.stem_ids), _compact_ids(self.shingle_ids), self.entities,
                            self.places, self.figures, self.quotes, self.words))


def _compact_ids(ids: np.ndarray) -> bytes | np.ndarray:
    """``ids`` as uint32 bytes when every id fits (always, for CRC-32 term ids), else unchanged."""
    if ids.dtype == np.int64 and (not ids.size or (int(ids.min()) >= 0 and int(ids.max()) <= 0xFFFFFFFF)):
        return ids.astype(np.uint32).tobytes()
    return ids


def _ids(packed: bytes | np.ndarray) -> np.ndarray:
    return np.frombuffer(packed, dtype=np.uint32).astype(np.int64) if isinstance(packed, bytes) else packed


def _features(stem_ids: bytes | np.ndarray, shingle_ids: bytes | np.ndarray, *rest: Any) -> Features:
    """A :class:`Features` from its pickled form (see ``Features.__reduce__``)."""
    return Features(_ids(stem_ids), _ids(shingle_ids), *rest)


def article_text(article: Article) -> str:
    parts = [article.title]
    parts.extend(article.body)
    return "\n\n".join(p for p in parts if p)


def lowercase_words(text: str) -> set[str]:
    """Words the text writes in lower case somewhere: ordinary words, not names."""
    return set((_LOWER_WORD_ASCII if text.isascii() else _LOWER_WORD).findall(text))


# First letters _LOWER_WORD accepts.
_LOWER_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz" + "".join(map(chr, range(0xDF, 0xF7)))
                         + "".join(map(chr, range(0xF8, 0x100))))


def _lowercase_words_of(words: Iterable[str]) -> set[str]:
    """:func:`lowercase_words` from the text's ``_WORD`` tokens, saving a second pass over it.

    ``_LOWER_WORD`` can only start where a token starts or just after an apostrophe
    inside one, and then runs to the token's end, so searching each distinct token
    finds the same words.
    """
    out: set[str] = set()
    for word in set(words):
        if word[0] in _LOWER_FIRST:
            out.add(word)
        elif "'" in word or "’" in word:
            m = _LOWER_WORD.search(word)
            if m:
                out.add(m.group())
    return out


class TextWords(NamedTuple):
    """What several per-article readers take from an article's whole text (read only)."""

    words: list[str]  # ``_WORD`` tokens of the text
    stems: list[str]  # ``content_stems(text)``
    lower_words: set[str]  # ``lowercase_words(text)``


# The last text read by text_words and what it gave. extract and digest run one after the
# other on each article (analyze.prepare) and both read the whole text: they share one pass.
_LAST_TEXT: tuple[str, TextWords] | None = None


def text_words(text: str) -> TextWords:
    """Tokens, content stems and lower-case words of ``text``; the last text's are kept."""
    global _LAST_TEXT
    last = _LAST_TEXT
    if last is not None and last[0] == text:
        return last[1]
    words = _words(text)
    # Lower-casing ASCII changes no letter into a non-letter, so the folded text has the
    # same tokens, lower-cased; other text is folded and tokenised again.
    folded = " ".join(words).lower().split() if text.isascii() else _words(fold(text))
    found = TextWords(words, _stems_of(folded), _lowercase_words_of(words))
    _LAST_TEXT = (text, found)
    return found


# ASCII whitespace (what str.split splits at) → " ", anything else → "x".
_BLANK_OR_NOT = bytes(32 if chr(b).isspace() else 120 for b in range(128)) + b"x" * 128


def _word_count(text: str) -> int:
    """``len(text.split())`` without making the words: the starts of non-blank runs, counted in C."""
    if not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_BLANK_OR_NOT)
    return marks.count(b" x") + (marks[:1] == b"x")


def extract(article: Article) -> Features:
    """All the evidence of one article."""
    text = article_text(article)
    _, stems, lower_words = text_words(text)
    entities, places = _entities(article.body, lower_words, article.title)
    dateline = _DATELINE.match(article.body[0]) if article.body else None
    if dateline:
        key = _entity_key(dateline.group("place").replace(",", " ").split())
        if key:
            places[key] += 2
            entities[key] += 1
    return Features(
        stem_ids=_stem_ids(stems),
        shingle_ids=term_ids(shingles(stems)),
        entities=entities,
        places=places,
        figures=_figures(text),
        quotes=_quote_shingles(text),
        words=_word_count(text),
    )


# The job of the running fork_map: workers inherit it through fork, so neither the
# function (often a closure) nor the items are pickled; only index ranges and results are.
_FORK_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
FORK_FROM = 500  # items; below this the pool costs more than it saves
# The most memory (bytes) the build may use with its forked workers; None: no limit. A
# worker shares the parent's pages only until it writes to them, and CPython writes to
# every object it reads (reference counts), so a worker that reads most of the analysed
# site ends up with its own copy of it: the tree then holds up to (workers + 1) times the
# parent's resident memory. The build sets this from ``memory_limit_mb``.
_MEMORY_LIMIT: int | None = None


def set_memory_limit(limit_bytes: int | None) -> None:
    """Fork only while (workers + 1) × this process's resident memory fits in ``limit_bytes``."""
    global _MEMORY_LIMIT
    _MEMORY_LIMIT = limit_bytes


def _resident_bytes() -> int | None:
    """This process's resident memory, where the OS says (Linux ``/proc``); None elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def room_to_fork(workers: int) -> bool:
    """Whether ``workers`` forked copies of this process fit in the memory limit."""
    if _MEMORY_LIMIT is None:
        return True
    resident = _resident_bytes()
    return resident is None or resident * (workers + 1) <= _MEMORY_LIMIT


def room_for_child(child_bytes: float, growth: float = 1.0) -> bool:
    """Whether this process, grown ``growth`` times while a fresh (not forked) child runs
    beside it, and that child's ``child_bytes`` fit in the memory limit."""
    if _MEMORY_LIMIT is None:
        return True
    resident = _resident_bytes()
    return resident is None or resident * growth + child_bytes <= _MEMORY_LIMIT


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    assert _FORK_JOB is not None
    func, items = _FORK_JOB
    return [func(x) for x in items[bounds[0] : bounds[1]]]


def can_fork() -> bool:
    """Whether a forked worker pool is safe here.

    Not in a pool worker (daemons cannot have children), not where fork is missing, and
    not while other threads run (the dev server's watcher): a lock held at fork time
    would deadlock the child.
    """
    import multiprocessing as mp  # here: most runs (a one-file edit) fork nothing, and it imports socket

    return ("fork" in mp.get_all_start_methods() and not mp.current_process().daemon
            and threading.active_count() == 1)


def fork_map(func: Callable[[Any], Any], items: Sequence[Any], min_items: int = FORK_FROM,
             workers: int = 2) -> list[Any]:
    """``[func(x) for x in items]``, on ``workers`` forked processes for big inputs.

    ``func`` must be pure (its effects in a worker are lost) and return picklable
    values; results come back in order, so output is the same as the serial run.
    Objects the serial run would share between results come back as equal copies.
    """
    global _FORK_JOB
    workers = min(workers, os.cpu_count() or 1)
    if len(items) < min_items or workers < 2 or _FORK_JOB is not None or not can_fork() \
            or not room_to_fork(workers):
        return [func(x) for x in items]
    import multiprocessing as mp

    step = -(-len(items) // (workers * 4))  # a few chunks per worker evens out slow ones
    ranges = [(i, min(i + step, len(items))) for i in range(0, len(items), step)]
    _FORK_JOB = (func, items)
    # Frozen objects are left out of collections, so a worker's collector does not walk
    # (and copy, page by page) the whole heap it inherited.
    try:
        with frozen(), mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_range, ranges, chunksize=1)
    finally:
        _FORK_JOB = None
    return [r for part in parts for r in part]


# Depth of nested frozen() blocks. Counted here because gc.get_freeze_count() walks every
# frozen object: asking it inside a block that froze the analysed site cost 16 ms a call.
_frozen_depth = 0


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Everything alive now is left out of garbage collections inside the block.

    Only the outermost block thaws (``gc.unfreeze`` thaws everything): the build freezes
    the analysed site for all of rendering, and a fork inside keeps it frozen.
    """
    global _frozen_depth
    gc.freeze()
    _frozen_depth += 1
    try:
        yield
    finally:
        _frozen_depth -= 1
        if _frozen_depth == 0:
            gc.unfreeze()


def settle() -> None:
    """Hand everything alive now to the oldest generation (freeze, then thaw).

    For objects that live on (loaded records, the analysed site): the first collection
    after a pause would otherwise walk millions of young objects, and the next one again.
    Inside a :func:`frozen` block they are frozen with the rest instead: thawing there
    would thaw everything.
    """
    if _frozen_depth == 0:
        gc.freeze()
        gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks are fine).

    Loading records and analysing them make millions of small acyclic objects; each
    burst of them set off full collections that walked everything alive for nothing
    (three quarters of loading 1,000 cached records, a third of people on 20,000).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def extract_all(articles: Sequence[Article], parallel_from: int = 1500) -> list[Features]:
    """``extract`` for every article, on all cores (up to 8) for big corpora; see :func:`fork_map`.

    Workers send back each chunk's term ids as two flat arrays and the rest as plain
    tuples: pickling thousands of small arrays and dataclasses cost more than the copy.
    """
    if len(articles) < parallel_from:
        return [extract(a) for a in articles]
    workers = min(8, os.cpu_count() or 1)
    step = -(-len(articles) // (workers * 4))  # a few chunks per worker evens out slow ones
    bounds = [(i, min(i + step, len(articles))) for i in range(0, len(articles), step)]
    packed = fork_map(lambda b: _extract_packed(articles[b[0] : b[1]]), bounds, min_items=1, workers=workers)
    return [f for chunk in packed for f in _unpack(chunk)]


_Packed = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                list[tuple[Counter[str], Counter[str], list[str], list[str], int]]]


def _extract_packed(chunk: Sequence[Article]) -> _Packed:
    found = [extract(a) for a in chunk]
    # CRC-32 ids fit 32 bits: half the bytes to send.
    stems = np.concatenate([f.stem_ids for f in found] or [np.zeros(0, np.int64)]).astype(np.uint32)
    shingles = np.concatenate([f.shingle_ids for f in found] or [np.zeros(0, np.int64)]).astype(np.uint32)
    return (stems, np.array([len(f.stem_ids) for f in found], dtype=np.int64),
            shingles, np.array([len(f.shingle_ids) for f in found], dtype=np.int64),
            [(f.entities, f.places, f.figures, f.quotes, f.words) for f in found])


def _unpack(packed: _Packed) -> list[Features]:
    stems, stem_counts, shingles, shingle_counts, rest = packed
    if not rest:
        return []
    stem_ids = np.split(stems.astype(np.int64), np.cumsum(stem_counts)[:-1])
    shingle_ids = np.split(shingles.astype(np.int64), np.cumsum(shingle_counts)[:-1])
    return [Features(s, h, *other) for s, h, other in zip(stem_ids, shingle_ids, rest, strict=True)]

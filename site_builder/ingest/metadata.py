"""Infers headline, dek, author, outlet and date line from the top of a cleaned article.

The header of a scraped page is a handful of short lines before the reporting starts:
labels, the headline (sometimes twice, or a second variant), a standfirst, a byline,
a date stamp, a brand line. :func:`parse_header` walks those lines in order and gives
each a role; whatever is left in the header that is not prose is page chrome and is
dropped too. Bylines come in many forms ("By: X", "By X and Y", "X | Reporter",
"Written by X", "X, Staff Writer", "By X, The Daily Planet | Nov. 26, 2024") and are
parsed by :func:`parse_byline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from site_builder.ingest import outlets
from site_builder.ingest.dates import DateContext, DateLine, parse_date_line
from site_builder.ingest.furniture import NAV_CATEGORIES, is_category_label, is_nav_row
from site_builder.ingest.patterns import lazy_compile
from site_builder.ingest.sentences import (
    FUNCTION_WORDS,
    fold,
    fold_words,
    is_prose,
    is_title_case,
    normalise_line,
    vocabulary,
    words,
)

_BY = lazy_compile(
    r"^(?:by|written by|words by|story by|reported by|reporting by|posted by|published by|authors?|byline|"
    r"text by|report by)\b\s*[:\-–—]?\s*(?P<rest>\S.*)$",
    re.I,
)
_SEGMENTS = lazy_compile(r"\s*(?:[|•·]|\s[-–—]\s)\s*")
# One of |•·-–— is in every match of _SEGMENTS (see _segments).
_NAME_SPLIT = lazy_compile(r"\s*(?:,|;|\band\b|&|\+)\s*")
_DATE_BY = lazy_compile(
    r"^(?:(?:posted|published|written|updated)\s+(?:on\s+)?)?(?P<date>.+?)\s+[Bb][Yy]\s+(?P<rest>\S.*)$")
_BYLINE_HINT = lazy_compile(r"[|•·,—–]|\s-\s|\s[Bb][Yy]\s")
_TITLE_SUFFIX = lazy_compile(r"^(?P<head>.+?)\s+(?:[|•·]|[-–—]|::)\s+(?P<tail>[^|•·–—]{2,60})$")
_LEDE_TIME = lazy_compile(
    r"\b(?:(?:on|last|this|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?:yesterday|today|tonight|this morning|overnight)\b|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b")
_ON_DATE = lazy_compile(r"\s+(?:on|at|posted|published|updated)\s+(?P<date>.+)$", re.I)
_LIST_ITEM = lazy_compile(r"^(?:[-*•·▪►]\s+|\d+[.)]\s+)")
_DIGIT = lazy_compile(r"\d")
# Lengths of the wire names, longest first: at most one name of each length ends a line.
_WIRE_SIZES = sorted({len(key) for key in outlets.WIRES}, reverse=True)
_TITLE_PREFIX = lazy_compile(r"^(?:mr|mrs|ms|dr|prof)\.?\s+", re.I)
_INITIALS = lazy_compile(r"[A-Z]\.(?:[A-Z]\.)*")
_PLACE_SUFFIX = lazy_compile(r"\s+(?:in|from)\s+[A-Z][\w .'’-]*$")
# Job titles that follow a name in a byline ("Jane Doe, Staff Writer").
ROLE_WORDS = vocabulary(
    "writer writers reporter reporters correspondent correspondents editor editors contributor contributors "
    "columnist columnists journalist journalists staff producer producers analyst analysts chief intern "
    "interns photographer photographers author authors freelance freelancer contributing senior political "
    "diplomatic defense defence bureau associate managing editor-in-chief student guest special reporting "
    "desk team lead head deputy national international foreign economics business science health tech "
    "technology political culture sports correspondent, fellow researcher anchor host presenter"
)
_ANONYMOUS = vocabulary("admin administrator staff editor editors team desk newsroom webmaster guest anonymous")
_PARTICLES = vocabulary("de da del der den van von bin binti al el la le du dos das ter ten y di do st. st")
_NOT_NAMES = NAV_CATEGORIES | ROLE_WORDS | vocabulary(
    "the a an of news staff admin administrator editorial board team desk newsroom wire wires services "
    "agencies agency reuters associated press afp bloomberg contributors guest updated published posted "
    "share comments comment follow home minutes min read"
)


@dataclass
class Byline:
    """What a byline names: its authors, outlet and date."""

    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    date: DateLine | None = None


@dataclass
class Header:
    """The roles :func:`parse_header` gave the first lines of a page."""

    title: str | None
    dek: str | None
    author: str | None
    outlet: str | None
    date_line: str | None
    consumed: set[int]  # indexes of lines used up by the header
    published: DateLine | None = None
    updated: DateLine | None = None
    dropped: list[str] = field(default_factory=list)  # header chrome that is not metadata


def _name_token(token: str) -> bool:
    core = token.strip(".,")
    if not core:
        return False
    if token.lower() in _PARTICLES:
        return True
    if token[-1] == "." and _INITIALS.fullmatch(token):  # initials: "J." or "J.R."
        return True
    if not core[0].isupper():
        return False
    return all(c.isalpha() or c in "'’-." for c in core)


def as_person_name(text: str) -> str | None:
    """``text`` as a person's name ("BENJAMIN HE" → "Benjamin He"), or None if it is not one."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ,.;:|-–—")
    text = _TITLE_PREFIX.sub("", text)
    if " in " in text or " from " in text:
        text = _PLACE_SUFFIX.sub("", text)  # "Justin Crane in Tokyo"
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return None
    if not all(_name_token(t) for t in tokens) or tokens[0].lower() in _PARTICLES:
        return None
    if any(t.lower().strip(".") in _NOT_NAMES for t in tokens):
        return None
    if sum(1 for t in tokens if len(t.strip(".")) > 1) < 1:
        return None
    if text.isupper():
        text = " ".join(t if len(t) <= 2 and t.endswith(".") else t.capitalize() for t in tokens)
        text = re.sub(r"\b(Mc|O['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


def _is_role(segment: str) -> bool:
    tokens = [t.lower().strip(".,") for t in segment.split()]
    return bool(tokens) and len(tokens) <= 6 and any(t in ROLE_WORDS for t in tokens) and all(
        t in ROLE_WORDS or t in FUNCTION_WORDS or t in NAV_CATEGORIES or t[:1].isalpha() for t in tokens)


def _wire_suffix(first: str) -> tuple[str | None, str]:
    """The wire service named at the end of ``first`` after a space, and ``first`` without it.

    The longest such name wins; trying one length at a time is a look-up each, where
    testing every name with ``endswith`` built a string per name.
    """
    lowered = first.lower()
    for size in _WIRE_SIZES:
        key = lowered[-size:]
        if key in outlets.WIRES and lowered[-size - 1:-size] == " " and len(first) > size + 3:
            return outlets.WIRES[key], first[:-size].rstrip(" ,")
    return None, first


def _name_parts(text: str) -> list[str]:
    """``_NAME_SPLIT.split(text)``; a text without a separator's character needs no pattern scan."""
    if "," in text or ";" in text or "&" in text or "+" in text or "and" in text:
        return _NAME_SPLIT.split(text)
    return [text]


def _names_in(segment: str) -> list[str] | None:
    parts = [p for p in _name_parts(segment) if p.strip()]
    names = []
    for part in parts:
        name = as_person_name(part)
        if name:
            names.append(name)
        elif _is_role(part) or outlets.from_byline_suffix(part):
            continue
        else:
            return None
    return names or None


def join_names(names: list[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _segments(line: str) -> list[str]:
    """``line`` split at byline separators; most lines have none, and then need no pattern."""
    if not ("|" in line or "-" in line or "–" in line or "—" in line or "•" in line or "·" in line):
        return [line] if line else []
    return [s for s in _SEGMENTS.split(line) if s]


# Words that may stand second in a name, outlet or wire credit although lower-case: name
# particles, the small words a publication name may contain, corporate suffixes (which
# clean_outlet removes) and every word of a wire service's name.
_LOWER_IN_NAMES = _PARTICLES | vocabulary(
    "of the and de la el al inc llc ltd limited plc corp corporation co gmbh pty") | frozenset(
    w for key in outlets.WIRES for w in key.split())


def _lead_words(text: str) -> list[str]:
    """The first seven words of ``_NAME_SPLIT.split(text)[0]``.

    Splitting a whole prose line with that pattern is slow (it has no literal to skip to),
    so it is tried only on the few words that hold a separator's character.
    """
    out = []
    for token in text.split(maxsplit=7)[:7]:
        if "and" in token or "," in token or ";" in token or "&" in token or "+" in token:
            m = _NAME_SPLIT.search(token)
            if m is not None:
                if m.start():
                    out.append(token[: m.start()])
                break
        out.append(token)
    return out


def _no_names_possible(first: str) -> bool:
    """True when no byline without "By" can start with ``first`` (a prose line, mostly).

    Such a byline needs a person, role or outlet in the first part Q of ``first`` cut at
    the name separators, and ``_parse_byline`` only ever shortens ``first`` at word
    boundaries. Q's first two words are ``U[0]`` and ``U[1]``: when both are plain ASCII
    words and ``U[1]`` is a lower-case word that no name, outlet or wire name can hold
    there, Q (or any shorter cut of it) is no person's name (every word of a name is
    capitalised or a particle; a place suffix or title prefix only leaves fewer words),
    no outlet (clean_outlet takes only capitalised words and a few small ones), no wire
    service and, without a role word in its first six words, no role. One word alone is
    accepted only as a role, wire or brand word.
    """
    tokens = _lead_words(first)
    if len(tokens) < 2:
        return False
    lead, second = tokens[0], tokens[1]
    if not (lead.isascii() and lead.isalpha() and second.isascii() and second.isalpha()):
        return False
    if not second[0].islower() or second.lower() in _LOWER_IN_NAMES:
        return False
    lowered = [t.lower() for t in tokens[:6]]
    if lowered[0] in outlets.BRAND_NOUNS or lowered[0] in outlets.WIRES:
        return False
    if " ".join(lowered[:2]) in outlets.WIRES or " ".join(lowered[:3]) in outlets.WIRES:
        return False
    return ROLE_WORDS.isdisjoint([t.strip(".,") for t in lowered])


def _has_by(line: str) -> bool:
    """Whether ``line`` holds "by" in any case, which _DATE_BY needs (a substring test is cheaper)."""
    return "by" in line or "By" in line or "BY" in line or "bY" in line


def parse_byline(line: str, context: DateContext | None = None) -> Byline | None:
    """Authors, outlet and date from a byline (see :func:`_parse_byline`), or None."""
    if len(line) > 200:
        return None
    # The context only reaches the date parser, and a line without a number holds no date:
    # dropping it from the memo key lets one outlet's byline be parsed once for all its pages.
    return _parse_byline(line, context if _DIGIT.search(line) else None)


def _is_sentence(line: str, tail: list[str], context: DateContext | None) -> bool:
    """True for a lead sentence that merely opens with a name and a role.

    "Samuel Guze, the chief executive, said the firm would appeal." pairs a name with a
    role like a byline does, but it ends as a sentence ends and goes on past the role with
    a clause (three or more words that are no role, outlet or date). Taking it for a
    byline would make the quoted person the author and drop the sentence from the body.
    """
    if not line.rstrip("\"'”’) ").endswith((".", "!", "?")):
        return False
    for piece in tail:
        piece = piece.strip(" .!?\"'”’")
        words = [w.lower().strip(".,;:") for w in piece.split()]
        # A role may hold any capitalised word ("Minister for Trade"), but a clause has
        # lower-case words that are neither role nor glue words ("said", "would", "appeal").
        plain = [w for w in words if w[:1].islower() and w not in ROLE_WORDS and w not in FUNCTION_WORDS]
        if len(words) < 3 or len(plain) < 2 or outlets.from_byline_suffix(piece):
            continue
        if context is not None and parse_date_line(piece, context):
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def _parse_byline(line: str, context: DateContext | None = None) -> Byline | None:
    """Authors, outlet and date from a byline, or None if the line is not one.

    Accepts "By: X", "BY X AND Y", "Written by X on Nov. 26, 2024", "By X, Staff Writer",
    "By X | The Daily Planet | 26 Nov 2024", "X | Reporter", "X, Staff Writer",
    "X — Associated Press". A line without "By" must pair a name with a role or outlet.
    """
    line = normalise_line(line)
    if len(line) > 160 or not line:
        return None
    # A comma or bar is the usual hint, each a match of _BYLINE_HINT alone; the pattern
    # scan is needed only without one.
    hinted = "," in line or "|" in line or "—" in line or "–" in line or "•" in line or "·" in line
    if not _BY.match(line) and not hinted and not _BYLINE_HINT.search(line):
        return None  # no "By", no separator: a bare line is never a byline
    byline = Byline()
    # A date needs a number: without one, no part of the line is looked at as a date.
    dated = _DIGIT.search(line) is not None
    # "Posted on 14 February 2023 by Sam Carter" / "Nov. 26, 2024 | By Jane Doe": date first.
    parts = _segments(line)
    lead = _DATE_BY.match(line) if dated and _has_by(line) else None
    if not _BY.match(line) and lead and parse_date_line(lead.group("date"), context):
        byline.date = parse_date_line(lead.group("date"), context)
        parts = [f"By {lead.group('rest')}"]
    else:
        for j, part in enumerate(parts[1:], start=1):
            if _BY.match(part) and not _BY.match(parts[0]):
                parts = [part, *parts[:j], *parts[j + 1:]]
                break
    line = " | ".join(parts)
    m = _BY.match(line)
    rest = m.group("rest") if m else line
    segments = _segments(rest)
    if not segments:
        return None
    first = segments[0]
    if m is None and _no_names_possible(first):
        return None  # what follows could only shorten ``first``; no name, role or outlet can lead it
    on = _ON_DATE.search(first) if dated else None
    if on and parse_date_line(on.group("date"), context):
        byline.date = parse_date_line(on.group("date"), context)
        first = first[: on.start()]
    # "By JANE DOE Associated Press": a wire name glued to the end of the byline.
    wire, first = _wire_suffix(first)
    if wire:
        byline.outlet = wire
    # "By Jane Doe, Staff Writer" / "By Jane Doe, The Daily Planet": peel trailing comma parts.
    pieces = [p.strip() for p in first.split(",")]
    while len(pieces) > 1 and (_is_role(pieces[-1]) or outlets.from_byline_suffix(pieces[-1])):
        outlet = outlets.from_byline_suffix(pieces[-1]) if not _is_role(pieces[-1]) else None
        byline.outlet = byline.outlet or outlet
        pieces.pop()
    names = _names_in(", ".join(pieces))
    if m is None:
        # Without "By", a name alone is too weak: it needs a role or outlet beside it.
        if not names or (len(segments) < 2 and len(first.split(",")) < 2):
            return None
        tail = segments[1:] + first.split(",")[1:]
        if not any(_is_role(t) or outlets.from_byline_suffix(t) for t in tail):
            return None
        if _is_sentence(line, tail, context if dated else None):
            return None
    elif not names:
        wire = outlets.from_byline_suffix(first)
        if wire:
            byline.outlet = wire
            return byline
        # "Posted by admin on Nov. 26, 2024", "By Staff Reporter": a byline with no person in it.
        if byline.date or _is_role(first) or first.strip().lower() in _ANONYMOUS:
            return byline
        return None
    byline.authors = names or []
    for segment in segments[1:]:
        if byline.date is None:
            date = parse_date_line(segment, context)
            if date:
                byline.date = date
                continue
        if byline.outlet is None and not _is_role(segment):
            byline.outlet = outlets.from_byline_suffix(segment)
    return byline


def credit_authors(text: str) -> list[str]:
    """Names from a wire credit ("Kiyoshi Takenaka in Tokyo; Editing by Ed Davies" → the reporter)."""
    first = re.split(r";|\.\s", text)[0]
    first = re.sub(r"(?i)^(?:additional\s+)?(?:reporting|writing|reported|written)\s+by\s+", "", first)
    names = []
    for part in _NAME_SPLIT.split(first):
        name = as_person_name(_PLACE_SUFFIX.sub("", part.strip()))
        if name:
            names.append(name)
    return names


_HEADING_MARK = lazy_compile(r"^#{1,6}\s+")


def _strip_heading(line: str) -> str:
    # Every top line of a Markdown file passes here; only a heading needs the pattern.
    if line[:1] == "#":
        line = _HEADING_MARK.sub("", line)
    return line.strip().strip("*_").strip()


def _content_words(line: str) -> set[str]:
    return set(fold(line).split()) - FUNCTION_WORDS


def is_title_variant(line: str, title: str) -> bool:
    """A second version of the headline (pages often print two): mostly the same words."""
    if fold(line) == fold(title):
        return True
    a, b = _content_words(line), _content_words(title)
    if not a or not b or is_prose(line):
        return False
    return len(a & b) / len(a | b) >= 0.5


def _title_candidate(line: str, next_line: str | None) -> bool:
    tokens = words(line)
    if not 2 <= len(tokens) <= 30 or len(line) > 250:
        return False
    if is_category_label(line) or is_nav_row(line):
        return False
    if not is_prose(line):
        return True
    # A headline with a final stop still reads like one when it is short and the
    # next line is the (longer) lede.
    return len(tokens) <= 20 and (is_title_case(line) or (next_line is not None and len(next_line) > len(line)))


def _dek_candidate(line: str, prose: bool) -> bool:
    """A standfirst: short, not a quote, and (when it is a sentence) not dated like a lede.

    A lede says when ("on Monday", "yesterday", "on July 28"); a standfirst sums up.
    """
    tokens = words(line)
    if not 6 <= len(tokens) <= 70 or is_category_label(line) or line.startswith(("“", "\"")):
        return False
    return not (prose and _LEDE_TIME.search(line))


def parse_header(lines: list[str], repeated: set[str] | None = None, *, markdown: bool = False,
                 context: DateContext | None = None, window: int = 25, known_title: str | None = None) -> Header:
    """Give the first lines their roles: headline, dek, byline, date line, brand line or chrome.

    With ``known_title`` (from front matter) no line is taken as the headline; lines that
    repeat it are still consumed.
    """
    header = Header(known_title, None, None, None, None, set())
    repeated = repeated or set()
    top = [(i, line) for i, line in enumerate(lines) if line][:window]
    texts = [_strip_heading(line) if markdown else line for _, line in top]

    def header_element(k: int) -> bool:
        """Line k is a byline, date line, brand line or headline variant (so the header goes on)."""
        if k >= len(texts):
            return False
        text = texts[k]
        return bool(parse_byline(text, context) or parse_date_line(text, context)
                    or outlets.from_brand_line(text, NAV_CATEGORIES)
                    or (header.title and is_title_variant(text, header.title))
                    or _bare_author(texts, k, context))

    # Prefer a headline printed twice near the top (the page title and the article title).
    preferred = None
    for k, text in enumerate(texts[:10] if repeated and not known_title else ()):
        nxt = texts[k + 1] if k + 1 < len(texts) else None
        if len(text) <= 250 and fold(text) in repeated and _title_candidate(text, nxt) \
                and not parse_date_line(text, context) and not parse_byline(text, context):
            preferred = k
            break

    if preferred is None and not known_title:
        preferred = _best_title(texts, context)

    for k, (i, _line) in enumerate(top):
        text = texts[k]
        nxt = texts[k + 1] if k + 1 < len(texts) else None
        byline = parse_byline(text, context)
        if byline is not None and not (header.title is None and k == preferred):
            if byline.authors and header.author is None:
                header.author = join_names(byline.authors)
            header.outlet = header.outlet or byline.outlet
            if byline.date:
                _set_date(header, byline.date, text)
            header.consumed.add(i)
            continue
        date = parse_date_line(text, context)
        if date is not None:
            _set_date(header, date, text)
            header.consumed.add(i)
            continue
        prose = is_prose(text)
        # Only a line that is not prose can be a brand line: a paragraph is not searched for one.
        brand = (outlets.from_brand_line(text, NAV_CATEGORIES) or outlets.from_tagline(text)) \
            if k != preferred and not prose else None
        if brand:
            header.outlet = header.outlet or brand
            header.consumed.add(i)
            continue
        if header.title is None:
            if outlets.is_motto(text):
                header.dropped.append(text)
                header.consumed.add(i)
                continue
            if _caps_label(text) and nxt is not None and not is_prose(nxt) and _title_candidate(nxt, None):
                header.dropped.append(text)  # "IN BRIEF", "WORLD BRIEFS" above the real headline
                header.consumed.add(i)
                continue
            if preferred is not None and k < preferred:
                if prose and len(words(text)) > 30:
                    break
                header.dropped.append(text)  # labels and nav above the repeated headline
                header.consumed.add(i)
                continue
            if _title_candidate(text, nxt):
                header.title = text
                header.consumed.add(i)
                continue
            if prose:
                break
            header.dropped.append(text)
            header.consumed.add(i)
            continue
        if not prose and is_title_variant(text, header.title):
            header.consumed.add(i)
            continue
        if is_category_label(text) or is_nav_row(text):
            header.dropped.append(text)
            header.consumed.add(i)
            continue
        if header.author is None and _bare_author(texts, k, context):
            header.author = as_person_name(text)
            header.consumed.add(i)
            if nxt is not None and not header.outlet:
                header.outlet = outlets.from_byline_suffix(nxt.split(",")[0])
            continue
        if header.dek is None and _dek_candidate(text, prose) and (header_element(k + 1) or (
                not prose and nxt is not None and is_prose(nxt))):
            header.dek = text
            header.consumed.add(i)
            continue
        if prose or _LIST_ITEM.match(text):
            break  # the story starts (a list of key points is story too)
        if len(words(text)) <= 6:
            header.dropped.append(text)
            header.consumed.add(i)
            continue
        break
    if header.title and not known_title:
        header.title, suffix = split_title_outlet(header.title)
        header.outlet = header.outlet or suffix
    return header


def split_title_outlet(title: str) -> tuple[str, str | None]:
    """"Storm hits coast | The Daily Planet" → ("Storm hits coast", "The Daily Planet").

    Page titles often end with the site's name or section after a separator; the suffix is
    removed only when it is a publication (or a section label) and the rest is a headline.
    """
    m = _TITLE_SUFFIX.match(title)
    if not m or len(words(m.group("head"))) < 3:
        return title, None
    tail = m.group("tail").strip()
    outlet = outlets.from_byline_suffix(tail)
    if outlet:
        return m.group("head").strip(), outlet
    if is_category_label(tail):
        return m.group("head").strip(), None
    return title, None


def _best_title(texts: list[str], context: DateContext | None) -> int | None:
    """When several headline-like lines open the page, the one that shares words with the lede.

    A site tagline or promo line above the headline ("Exclusive news and analysis for
    professionals") shares no words with the story; the headline summarises it. Only a
    first candidate with no overlap at all is passed over, so a normal headline stays.
    """
    candidates = []
    start = len(texts)
    for k, text in enumerate(texts):
        if len(words(text)) > 20 and is_prose(text):
            start = k
            break
        if len(candidates) < 6 and _title_candidate(text, texts[k + 1] if k + 1 < len(texts) else None) and not (
                parse_date_line(text, context) or parse_byline(text, context) or outlets.is_motto(text)
                or outlets.from_brand_line(text, NAV_CATEGORIES) or outlets.from_tagline(text)):
            candidates.append(k)
    if len(candidates) < 2:
        return None
    lede_lines = []
    for text in texts[start:start + 6]:
        if len(words(text)) > 20:
            lede_lines.append(text)
            if len(lede_lines) == 3:
                break  # the lines after the third would not be read
    if not lede_lines:
        return None
    # Mostly the first candidate shares a word with the lede's first line, and that settles
    # it: the lede's other lines and the other candidates need not be read.
    # (Its words are content words longer than two letters, so any word of the lede it holds is one.)
    first = {w for w in _content_words(texts[candidates[0]]) if len(w) > 2}
    lede: set[str] = set()
    for line in lede_lines:
        folded = fold_words(line)
        if not first.isdisjoint(folded):
            return None
        lede.update(w for w in folded if len(w) > 2 and w not in FUNCTION_WORDS)
    scores = [len({w for w in _content_words(texts[k]) if len(w) > 2} & lede) for k in candidates[1:]]
    # Pass over it only for a later candidate that is clearly the headline: it shares words
    # with the lede and the byline or date line follows it directly.
    for k, score in zip(candidates[1:], scores, strict=True):
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        if score >= 2 and (parse_byline(nxt, context) or parse_date_line(nxt, context)):
            return k
    return None


def _caps_label(text: str) -> bool:
    """A short all-capitals line: a section or column label, not a headline."""
    tokens = words(text)
    return 1 <= len(tokens) <= 3 and text.isupper() and len(text) <= 30


def _bare_author(texts: list[str], k: int, context: DateContext | None) -> bool:
    """A line that is only a person's name, next to the date line: the byline without "By"."""
    if as_person_name(texts[k]) is None:
        return False
    neighbours = [texts[j] for j in (k - 1, k + 1) if 0 <= j < len(texts)]
    if any(parse_date_line(n, context) for n in neighbours):
        return True
    # "Jane Doe" then "Senior Correspondent" or "BBC News, Edinburgh" on the next line.
    if k + 1 >= len(texts) or is_prose(texts[k + 1]):
        return False
    nxt = texts[k + 1]
    return _is_role(nxt) or bool(outlets.from_byline_suffix(nxt.split(",")[0]))


def _set_date(header: Header, date: DateLine, text: str) -> None:
    if date.updated:
        header.updated = header.updated or date
        return
    if header.published is None:
        header.published = date
        header.date_line = text

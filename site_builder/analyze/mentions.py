"""Finds sentences that refer to a dated past event ("In January, Japan signed …").

Each hit becomes a :class:`Mention`: the resolved date, the sentence as evidence, a short
title built from the event's noun phrase or from the trimmed clause, and the key terms
the timeline uses to merge mentions of one event.

Dates are resolved against the article's own date (its story's date, its event date or
its publication date): "in April" written in July 2024 is 2024-04, "in October" written
in July 2024 is 2023-10.  Future references ("will … in January"), habitual ones
("every April", "since March") and mentions too vague to title ("He left in May") are
skipped rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from site_builder.analyze.stopwords import ENGLISH_STOP_WORDS
from site_builder.ingest.dates import MONTHS, WEEKDAYS, year_from_weekday
from site_builder.ingest.patterns import lazy_compile, lowered
from site_builder.model import Article, PartialDate

# ---------------------------------------------------------------------------------------
# sentences

# Tokens that end in a full stop without ending a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "prof",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "u.s", "u.k", "u.n", "e.g", "i.e", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m",
}
_LAST_WORD = lazy_compile(r"([\w.]+)[.!?]?$")
_BOUNDARY = lazy_compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """``(offset, sentence)`` pairs; abbreviations and initials ("Lloyd J. Austin") do not split."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        word = _LAST_WORD.search(text, max(start, m.start() - 24), m.start() + 1)
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREV or (len(token) == 1 and token.isalpha()):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append((start, piece))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start, tail))
    return out


# ---------------------------------------------------------------------------------------
# key terms

# Words too common in news copy to say which event a sentence is about.
_GENERIC = {
    "said", "says", "told", "according", "officials", "official", "year", "years", "month", "months",
    "week", "weeks", "day", "days", "time", "new", "also", "including", "country", "countries",
    "government", "governments", "people", "statement", "reported", "report", "news", "today",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mr", "mrs", "ms", "dr", "earlier", "later", "recent", "recently",
    "last", "past", "ago", "fact", "however", "meanwhile", "moreover", "furthermore", "two", "three",
}
_STOP = set(ENGLISH_STOP_WORDS) | _GENERIC
# Event nouns and verbs that reporters use interchangeably for one occasion.
_SYNONYMS = {
    "met": "meet", "meeting": "meet", "meetings": "meet", "talks": "meet", "dialogue": "meet",
    "summit": "meet", "visit": "visit", "visited": "visit", "visiting": "visit", "trip": "visit",
    "signed": "sign", "signing": "sign", "deal": "agreement", "accord": "agreement", "pact": "agreement",
    "announced": "announce", "announcement": "announce", "bought": "buy", "purchase": "buy",
    "purchased": "buy", "acquire": "buy", "elected": "election", "vote": "election",
}
_YEAR_NUMBER = lazy_compile(r"(?:19|20)\d\d")
_WORD = lazy_compile(r"\$?\d[\d,.]*(?:\s(?:million|billion|trillion))?|[A-Za-zÀ-ÿ][\w'’-]*")


@functools.lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower-case, fold a few synonyms and strip plural/verb endings so forms compare equal."""
    w = word.lower().strip("'’").removesuffix("'s").removesuffix("’s")
    if w in _SYNONYMS:
        return _SYNONYMS[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@functools.lru_cache(maxsize=131072)
def _term(raw: str) -> tuple[str, int] | None:
    """A token's key term and weight (2 for a capitalised word or a number), or None."""
    if raw[0].isdigit() or raw[0] == "$":
        num = raw.replace(",", "").rstrip(".").lower()
        # Years are dates, not terms; other numbers identify events well ("400 missiles").
        return None if _YEAR_NUMBER.fullmatch(num) else (num, 2)
    low = raw.lower()
    if low in _STOP or len(low) < 3:
        return None
    weight = 2 if raw[0].isupper() else 1
    # Names keep their endings ("Reyes" is not a plural); other words fold to one form.
    term = low.removesuffix("'s").removesuffix("’s") if weight == 2 else normalise(raw)
    return None if term in _STOP else (term, weight)


def key_terms(text: str) -> dict[str, int]:
    """Content words of ``text`` → weight: 2 for names and numbers, 1 for other words.

    A capital at the very start of the text is a sentence opener, not a name.
    """
    terms: dict[str, int] = {}
    tokens = _WORD.findall(text)
    if not tokens:
        return terms
    # Per-token work is memoised; only keeping the highest weight per term runs here.
    for found in filter(None, (_opening_term(tokens[0]), *map(_token_term, tokens[1:]))):
        term, weight = found
        if weight > terms.get(term, 0):
            terms[term] = weight
    return terms


@functools.lru_cache(maxsize=131072)
def _token_term(raw: str) -> tuple[str, int] | None:
    """:func:`_term` of a token with trailing full stops and commas cut off."""
    raw = raw.rstrip(".,")
    return _term(raw) if raw else None


@functools.lru_cache(maxsize=16384)
def _opening_term(raw: str) -> tuple[str, int] | None:
    """:func:`_token_term` of the text's first token, where a capital makes no name."""
    found = _token_term(raw)
    if found is None or found[1] != 2:
        return found
    raw = raw.rstrip(".,")
    if raw[0].isdigit() or raw[0] == "$":
        return found
    term = normalise(raw)
    return None if term in _STOP else (term, 1)


def overlap_score(a: dict[str, int], b: dict[str, int]) -> int:
    """Sum of the weights of the terms two texts share (names and numbers count double)."""
    if len(b) < len(a):
        a, b = b, a
    return sum(max(w, b[t]) for t, w in a.items() if t in b)


# ---------------------------------------------------------------------------------------
# date phrases

_MONTH = r"(?P<month>" + "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len,
                                         reverse=True)) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(n for n in WEEKDAYS if len(n) > 4) + r"),?\s+)?"
_LEAD = r"(?P<lead>\b(?:back\s+in|earlier\s+in|early\s+in|late\s+in|in\s+(?:early|mid|late)|in|during|on|" \
        r"last|this\s+past|early|mid|late)[\s-]+)?"
# Ordered from most to least precise; the first that matches a span wins it.
_DATE_PATTERNS = [
    lazy_compile(rf"\b{_LEAD}{_WEEKDAY}{_MONTH}\.?\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I),
    lazy_compile(rf"\b{_LEAD}{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?", re.I),
    lazy_compile(rf"\b{_LEAD}{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I),
    lazy_compile(rf"\b{_LEAD}{_MONTH}\b(?!\s+\d)", re.I),
    lazy_compile(rf"(?P<lead>\b(?:back\s+in|in|during)\s+){_YEAR}\b(?![-–/]\d)", re.I),
]
# A bare month name needs a leading preposition ("in May"), or "May" the verb would match.
_NEEDS_LEAD = {3, 4}
# Words just before a date phrase that make it habitual, a span or a deadline, not an event.
_NOT_EVENT_BEFORE = lazy_compile(
    r"\b(?:every|each|since|until|till|by|through|from|before|after|between|starting|beginning|"
    r"ending|next|this coming|coming|until\s+at\s+least)\s*$", re.I)
_NOT_EVENT_AFTER = lazy_compile(r"^\s*(?:of\s+(?:each|every|next)|each\s+year|every\s+year|to\s+|through|"
                                r"onward|and\s+(?:every|each))", re.I)
# Markers of a future, planned or hypothetical event in the clause around the date.
_FUTURE = lazy_compile(
    r"\b(?:will|won't|shall|'ll|going\s+to|plans?\s+to|planning\s+to|expected\s+to|scheduled|"
    r"set\s+to|is\s+to|are\s+to|due\s+to\s+(?!the\b)|upcoming|intends?\s+to|hopes?\s+to|would|could|"
    r"might|may\s+(?:be|have)|if|unless|next)\b", re.I)
_IRREGULAR_PAST = {
    "met", "made", "held", "took", "gave", "went", "came", "began", "won", "lost", "told", "saw",
    "sent", "spent", "led", "left", "struck", "flew", "fought", "rose", "fell", "broke", "became",
    "brought", "bought", "built", "chose", "drew", "drove", "found", "got", "grew", "hit", "kept",
    "knew", "laid", "paid", "put", "ran", "set", "shot", "shut", "sold", "sought", "stood", "swore",
    "threw", "wrote", "was", "were", "had", "did", "said", "quit", "cut", "split", "hosted",
}
_PAST_RE = lazy_compile(r"\b[a-z]{3,}ed\b")


# A year alone is only ever read after "in" or "during"; other dated phrases contain a month.
_ANCHOR = lazy_compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                       r"december|(?<=in )(?:19|20)\d\d|(?<=during )(?:19|20)\d\d)\b", re.I)
_DIGIT = lazy_compile(r"\d")
_IN_YEAR = lazy_compile(r"(?:in|during)\s+(?:19|20)\d\d")
# "may" and "march" are verbs far more often than months: they need a date around them.
_VERB_MONTHS = {"may", "march"}
_MONTH_BEFORE = lazy_compile(r"(?:\d|\b(?:in|during|on|last|early|mid|late|past|of))[\s,-]+$", re.I)
_MONTH_AFTER = lazy_compile(r"\.?,?\s+\d")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")


def _has_anchor(low: str, months: Sequence[str] = _MONTH_NAMES, years: bool = True) -> bool:
    """A quick, loose test for a month name or a year in lower-cased text (substring search beats a regex here).

    ``months`` and ``years`` narrow it to what a longer text that holds ``low`` was found to have.
    """
    # A year after "in" or "during" holds "19" or "20", which a substring search rules out
    # far faster than the regex.
    return any(map(low.__contains__, months)) or (
        years and ("19" in low or "20" in low) and _IN_YEAR.search(low) is not None)
# Patterns that need a number (a day or a year) in the window; the bare-month one does not.
_NEEDS_DIGIT = {0, 1, 2, 4}
WINDOW_BEFORE, WINDOW_AFTER = 40, 40


# lowered(_ANCHOR), written so that every branch opens with a letter or digit: the regex
# engine then scans for those characters rather than trying each branch at every position
# (40 % less time on news paragraphs). The leading ``\b`` becomes a lookbehind after the
# first character (that character is a letter, so only the one before it is tested), and
# "in "/"during " are looked behind from the year's first digit. No branch is a prefix of
# another, so the order of the branches cannot change a match.
_ANCHOR_LOWERED = lazy_compile(
    r"(?:j(?<!\w.)(?:anuary|u(?:ne|ly))|f(?<!\w.)ebruary|m(?<!\w.)(?:arch|ay)|a(?<!\w.)(?:pril|ugust)|"
    r"s(?<!\w.)eptember|o(?<!\w.)ctober|n(?<!\w.)ovember|d(?<!\w.)ecember|"
    r"1(?:(?<=in 1)|(?<=during 1))9\d\d|2(?:(?<=in 2)|(?<=during 2))0\d\d)\b")
_DATE_PATTERNS_LOWERED = [lowered(p) for p in _DATE_PATTERNS]


def _anchors(text: str) -> Iterator[re.Match[str]]:
    """``_ANCHOR.finditer(text)``; on ASCII text the matched strings come lower-cased."""
    return _ANCHOR_LOWERED.finditer(text.lower()) if text.isascii() else _ANCHOR.finditer(text)


def _windows(sentence: str) -> list[tuple[int, int]]:
    """Merged spans around each month name or year in ``sentence``."""
    spans: list[tuple[int, int]] = []
    for m in _anchors(sentence):
        if m.group(0).lower() in _VERB_MONTHS and not (
                _MONTH_AFTER.match(sentence, m.end())
                or _MONTH_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()])):
            continue
        lo, hi = max(0, m.start() - WINDOW_BEFORE), min(len(sentence), m.end() + WINDOW_AFTER)
        # Start and end windows on word boundaries so no pattern sees half a word.
        while lo > 0 and sentence[lo - 1].isalnum():
            lo -= 1
        while hi < len(sentence) and sentence[hi].isalnum():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


@dataclass(frozen=True)
class DatePhrase:
    date: PartialDate
    start: int
    end: int


def find_date_phrases(sentence: str, reference: PartialDate | None,
                      cutoff: dt.date | None = None) -> list[DatePhrase]:
    """Dated phrases in ``sentence`` that can be resolved against ``reference``.

    A month or day written without a year gets the latest year that puts it on or before
    ``cutoff`` (default: the end of ``reference``): "in October" written in July 2024 is
    2023-10.
    """
    found = []
    for start, end, groups in _date_spans(sentence):
        date = _phrase_date(groups, reference, cutoff)
        if date is not None:
            found.append(DatePhrase(date, start, end))
    return sorted(found, key=lambda d: d.start)


# Sentences whose date spans _date_spans has found. Wire copies repeat sentences across
# articles whose dates differ: what is read of a sentence alone is kept, and only the
# dates are resolved per article. Emptied when full.
_SPANS: dict[str, tuple[tuple[int, int, dict[str, str | None]], ...]] = {}
_SPANS_LIMIT = 1 << 15


def _date_spans(sentence: str) -> tuple[tuple[int, int, dict[str, str | None]], ...]:
    """The date phrases of ``sentence`` that are not habitual, spans or deadlines, with their
    groups (read only), before any is resolved to a date; in the order they were found."""
    known = _SPANS.get(sentence)
    if known is not None:
        return known
    found: list[tuple[int, int, dict[str, str | None]]] = []
    taken: list[tuple[int, int]] = []
    # The patterns are slow to try at every position, so they only run in windows around
    # month names and years, which most sentences lack.
    for lo, hi in _windows(sentence):
        window = sentence[lo:hi]
        has_digit = _DIGIT.search(window) is not None
        low = window.lower()
        has_month = any(name in low for name in _MONTH_NAMES)
        ascii_window = window.isascii()
        for index, pattern in enumerate(_DATE_PATTERNS_LOWERED if ascii_window else _DATE_PATTERNS):
            if (index in _NEEDS_DIGIT and not has_digit) or (index < 4 and not has_month):
                continue
            # Groups may come lower-cased; they are read lower-cased anyway.
            for wm in pattern.finditer(low if ascii_window else window):
                start, end = lo + wm.start(), lo + wm.end()
                if any(s < end and start < e for s, e in taken):
                    continue
                groups = wm.groupdict()
                lead = (groups.get("lead") or "").strip().lower()
                if index in _NEEDS_LEAD and not lead:
                    continue
                if index == 3 and groups["month"].lower() == "may" and lead in ("", "on"):
                    continue
                taken.append((start, end))
                if _NOT_EVENT_BEFORE.search(sentence[max(0, start - 30) : start]) or \
                        _NOT_EVENT_AFTER.match(sentence[end:]):
                    continue
                found.append((start, end, groups))
    if len(_SPANS) >= _SPANS_LIMIT:
        _SPANS.clear()
    out = _SPANS[sentence] = tuple(found)
    return out


def _phrase_date(groups: dict[str, str | None], reference: PartialDate | None,
                 cutoff: dt.date | None) -> PartialDate | None:
    year = int(groups["year"]) if groups.get("year") else None
    month = MONTHS[groups["month"].lower()] if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    try:
        if month is None:
            return PartialDate(year) if year else None
        if year is None and day is not None and groups.get("weekday"):
            year = year_from_weekday(month, day, WEEKDAYS[groups["weekday"].lower()],
                                     near=reference.year if reference else None)
        if year is None:
            if reference is None or reference.month is None:
                return None
            # The latest such month or day that had passed when the article was written.
            latest = cutoff or reference.last_date()
            year = latest.year
            if PartialDate(year, month, day).to_date() > latest:
                year -= 1
        return PartialDate(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# titles

_LEADING_FILLER = lazy_compile(
    r"^(?:(?:in\s+fact|however|meanwhile|moreover|furthermore|also|indeed|still|yet|and|but|so|then|"
    r"earlier|previously|notably|in\s+addition|for\s+example|for\s+instance|by\s+contrast|at\s+the\s+time)"
    r"\b,?\s*)+", re.I)
_EVENT_PREFIX = lazy_compile(
    r"^(?:during|at|after|following|ahead\s+of|on\s+the\s+sidelines\s+of|amid)\s+"
    r"(?:a|an|the|his|her|their|its)\s+(?P<np>.+)$", re.I | re.S)
_ROLE_NOUNS = (
    r"minister|president|secretary|chancellor|leader|chief|ambassador|governor|senator|spokes(?:person|man|woman)|"
    r"advis[eo]r|general|commander|head|director|ceo|chair(?:man|woman)?|premier|mayor|king|queen|envoy"
)
# Descriptor words before a role noun never include a preposition ("visit *by* the prime minister").
# nor a verb ("Kishida *met* US President, Joe Biden").
_NOT_PREP = (r"(?!(?:by|to|of|from|with|for|and|or|but|in|on|at|during|after|before|is|are|was|were|has|have|"
             r"had|said|says|" + "|".join(sorted(_IRREGULAR_PAST)) + r")\b|(?-i:[a-z]+ed\b))")
_NAME = r"(?-i:(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)"
_ROLE = rf"(?:{_NOT_PREP}[\w.'’-]+\s+){{0,4}}?(?:{_ROLE_NOUNS})(?:\s+of\s+(?:the\s+)?(?-i:[A-Z]\w+))?"
# "the Japanese prime minister, Fumio Kishida," → "Fumio Kishida"
_APPOSITIVE = lazy_compile(rf"(?<![\w'’])(?:(?:the|a|an)\s+)?{_ROLE}\s*,\s+(?P<name>{_NAME})\s*,?", re.I)
# "Fumio Kishida, Japan's prime minister," → "Fumio Kishida"
_APPOSITIVE_AFTER = lazy_compile(rf"(?P<name>{_NAME})\s*,\s+(?:(?:the|a|an)\s+)?{_ROLE}\s*,", re.I)
_ROLE_COMMA = lazy_compile(rf"\b(?:{_ROLE_NOUNS})(?:\s+of\s+(?:the\s+)?\w+)?\s*,", re.I)
_RELATIVE = lazy_compile(r",?\s+(?:who|which|whose)\s+[^,]+,", re.I)
_CUT = lazy_compile(r"\s+(?:at\s+a\s+cost|in\s+order|because|after|before|while|which|who|as\s+part|amid|"
                    r"according\s+to|when)\b|\s*[,;:—–(]", re.I)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there", "one",
             "his", "her", "their", "its", "our"}
_TRAILING_WEAK = set(ENGLISH_STOP_WORDS) | {"said", "says"}
MAX_TITLE_WORDS = 14


_SPACES = lazy_compile(r"\s+")
_SPACE_BEFORE_MARK = lazy_compile(r"\s+([,.;:])")
_DOUBLE_COMMA = lazy_compile(r",\s*,")
_PARENTHESES = lazy_compile(r"\([^)]*\)")
_TRAILING_TIME_WORD = lazy_compile(r"\b(?:today|yesterday|on|in|last|earlier)\s*$")
# Clause boundaries: ";", " — ", ", and "/", but ", " that ", " because ", " so ". Written
# as one character class (then looked behind at to tell which it was) so that the regex
# engine scans for those characters; as alternatives it tried each at every position
# (twice the time, about 40 µs a sentence). Every alternative opens with another
# character, or with whitespace and then another, so the matches are the same.
_CLAUSE_BREAK = lazy_compile(r"[;,\s](?:(?<=;)|(?<=,)\s+(?:and|but)\s+|(?<=\s)(?:—\s|\s*(?:that|because|so)\s+))")
_LOWER_RUN = lazy_compile(r"[a-z]+")


def _clean_spaces(text: str) -> str:
    # As _SPACES.sub(" ", text): str.split cuts at the characters ``\s`` matches, and a
    # split and join cost a fraction of the regex (each title cleans its text three times).
    words = text.split()
    if text[:1].isspace():
        text = " " + " ".join(words) + (" " if words and text[-1].isspace() else "")
    else:
        text = " ".join(words) + (" " if text[-1:].isspace() else "")
    # Whitespace is single spaces now: the mark must follow one for _SPACE_BEFORE_MARK to match.
    if " ," in text or " ." in text or " ;" in text or " :" in text:
        text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    if text.count(",") > 1:
        text = _DOUBLE_COMMA.sub(",", text)
    return text.strip(" ,;:")


def _shorten(text: str, max_words: int = MAX_TITLE_WORDS) -> str:
    words = text.split()
    if len(words) > max_words:
        words = words[:max_words]
    while words and words[-1].lower().strip(",.") in _TRAILING_WEAK:
        words.pop()
    return " ".join(words).rstrip(",.;:")


def _simplify_names(text: str) -> str:
    # The appositive patterns are slow; most clauses have no "role," to trim (and those
    # without a comma cannot have one, which is cheaper to see).
    if "," not in text or not (_ROLE_COMMA_LOWERED.search(text.lower()) if text.isascii()
                               else _ROLE_COMMA.search(text)):
        return text
    text = _APPOSITIVE.sub(lambda m: m.group("name") + " ", text)
    return _APPOSITIVE_AFTER.sub(lambda m: m.group("name") + " ", text)


_ROLE_COMMA_LOWERED = lowered(_ROLE_COMMA)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_IN_RELATIVE = lazy_compile(r"^(?P<subject>[^,]{3,80}?),\s+(?:who|which)\s+(?P<rel>.+)$", re.S)


def _cut_clause(clause: str) -> str:
    cut = _CUT.search(clause, pos=min(len(clause), 25))
    return clause[: cut.start()] if cut else clause


def make_title(sentence: str, phrase: DatePhrase) -> str | None:
    """A short headline for the event a sentence dates, or None when it is too vague to name."""
    before = sentence[: phrase.start].rstrip(" ,")
    after = sentence[phrase.end :].lstrip(" ,")
    event = _EVENT_PREFIX.match(_LEADING_FILLER.sub("", before))
    relative = _IN_RELATIVE.match(before)
    if event and len(event.group("np").split()) >= 2:
        title = _simplify_names(event.group("np"))
    elif event and after:
        # "Following the election in November, the new government took office": the
        # one-word event says little, the main clause after it says what happened.
        title = _cut_clause(after.rstrip("."))
    elif relative and ", " not in relative.group("rel"):
        # "The senator, who announced her candidacy in February, has since …": the date
        # belongs to the relative clause, so that clause and its subject make the title.
        title = _cut_clause(f"{relative.group('subject')} {relative.group('rel')}")
    else:
        clause = _clean_spaces(f"{before} {after}".strip().rstrip("."))
        clause = _LEADING_FILLER.sub("", clause)
        clause = _RELATIVE.sub(" ", _simplify_names(clause))
        clause = _PARENTHESES.sub(" ", clause)
        clause = _TRAILING_TIME_WORD.sub("", _clean_spaces(clause))
        title = _cut_clause(clause)
    title = _shorten(_clean_spaces(title.strip("“”\"'")))
    words = title.split()
    if len(words) < 3 or words[0].lower() in _PRONOUNS:
        return None
    if sum(1 for w in words if w.lower().strip(",.") not in _STOP) < 2:
        return None
    return _capitalise(title)


# ---------------------------------------------------------------------------------------
# mentions


@dataclass
class Mention:
    """A sentence in an article that dates a past event."""

    date: PartialDate
    title: str
    sentence: str
    article: str  # article source
    offset: int  # where the sentence starts in the article text, for stable ordering
    terms: dict[str, int] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[Mention], tuple[object, ...]]:
        # Every article's dated mentions are pickled into the build cache, and read by
        # every build's timeline: the fields as a tuple load faster than the default
        # (a dict of them, set as the instance's state).
        return (Mention, (self.date, self.title, self.sentence, self.article, self.offset, self.terms))


def _clause_around(sentence: str, phrase: DatePhrase) -> str:
    """The part of the sentence that the date phrase belongs to (split at clause boundaries)."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= phrase.start:
            start = m.end()
        elif m.start() >= phrase.end:
            return sentence[start : m.start()]
    return sentence[start:]


# Past forms of "be", "have" and "do" describe states ("In 2019 the firm had 300 staff"),
# not events, unless another past verb comes with them ("was elected").
_STATIVE = {"was", "were", "had", "did"}
_ACTION_PAST = _IRREGULAR_PAST - _STATIVE


_FUTURE_LOWERED = lowered(_FUTURE)


def _is_past(clause: str, sentence: str) -> bool:
    """No future marker in the date's own clause, and a past-tense action verb in the sentence."""
    if (_FUTURE_LOWERED.search(clause.lower()) if clause.isascii() else _FUTURE.search(clause)):
        return False
    return bool(_PAST_RE.search(sentence)) or any(w in _ACTION_PAST for w in _LOWER_RUN.findall(sentence))


def find_mentions(article: Article, reference: PartialDate | None,
                  written: PartialDate | None = None) -> list[Mention]:
    """Every dated past event the article's sentences mention.

    ``reference`` resolves dates written without a year (the story's or article's date);
    ``written`` (default: ``reference``) is the latest date the article can have been
    written, so later dates are plans, not past events.
    """
    cutoff = _cutoff(reference, written)
    mentions: list[Mention] = []
    offset = 0
    # _has_anchor of each paragraph asks only for the month names the whole body has, and
    # for a year only if the body has one: a paragraph holds no more than its body (the
    # lower-cased body, cut at a paragraph, is the lower-cased paragraph, but for non-ASCII
    # letters these ASCII tests do not see), and most bodies name one or two months.
    whole = "\n".join(article.body).lower()
    months = [name for name in _MONTH_NAMES if name in whole]
    years = _has_anchor(whole, months=())
    for paragraph in article.body:
        low = paragraph.lower()
        # As _anchors(paragraph), reusing the lower-cased text.
        anchors = [m.start() for m in (_ANCHOR_LOWERED.finditer(low) if paragraph.isascii()
                                        else _ANCHOR.finditer(paragraph))] \
            if _has_anchor(low, months, years) else []
        if not anchors:
            offset += len(paragraph) + 2
            continue
        for start, sentence in split_sentences(paragraph):
            end = start + len(sentence)
            if "?" in sentence or len(sentence) > 600 or not any(start <= a < end for a in anchors):
                continue
            for phrase in find_date_phrases(sentence, reference, cutoff):
                if phrase.date.to_date() > cutoff:
                    continue  # after the article was written: a plan, not a past event
                found = _event(sentence, phrase.start, phrase.end)
                if found is None:
                    continue
                title, terms = found
                mentions.append(Mention(phrase.date, title, sentence.strip(), article.source, offset + start,
                                        dict(terms)))
                break  # one event per sentence: the first dated one
        offset += len(paragraph) + 2
    return mentions


# (sentence, start, end) of a date phrase → what _event made of it. Kept for the reason
# _SPANS is; emptied when full.
_EVENTS: dict[tuple[str, int, int], tuple[str, dict[str, int]] | None] = {}


def _event(sentence: str, start: int, end: int) -> tuple[str, dict[str, int]] | None:
    """The title and key terms (read only) of the past event the date phrase at
    ``start:end`` of ``sentence`` dates; None if it is quoted speech, not in the past or
    too vague to title. Depends on the sentence alone, not on the phrase's date."""
    key = (sentence, start, end)
    try:
        return _EVENTS[key]
    except KeyError:
        pass
    found: tuple[str, dict[str, int]] | None = None
    # Quoted: a speaker's remark, not the reporter's account of an event.
    if not _inside_quote(sentence, start):
        phrase = DatePhrase(_NO_DATE, start, end)  # the readers below look only at where it is
        if _is_past(_clause_around(sentence, phrase), sentence):
            title = make_title(sentence, phrase)
            if title is not None:
                found = (title, key_terms(sentence[:start] + " " + sentence[end:]))
    if len(_EVENTS) >= _SPANS_LIMIT:
        _EVENTS.clear()
    _EVENTS[key] = found
    return found


_NO_DATE = PartialDate(1)


def _inside_quote(sentence: str, pos: int) -> bool:
    """True when ``pos`` lies inside a direct quotation (an open curly or straight quote before it)."""
    before = sentence[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# Past-tense copy is often written a few days after the date the article reports.
WRITING_GRACE = dt.timedelta(days=14)


def _cutoff(reference: PartialDate | None, written: PartialDate | None) -> dt.date:
    latest = max((d.last_date() for d in (reference, written) if d is not None), default=None)
    today = dt.date.today()
    return min(latest + WRITING_GRACE, today) if latest else today

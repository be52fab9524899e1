"""Recognises the outlet (publication) a page names, only from solid signals.

Signals, strongest first: a copyright line ("© 2024 The Daily Planet. All rights
reserved."), a source/credit line ("Source: Reuters"), a wire dateline ("TOKYO (Reuters) —"),
an origin note ("This article originally appeared in The Record"), a byline suffix
("By Jane Doe, The Daily Planet") and a short brand line near the top ("News The Journal
2024"). A name is accepted only when it looks like a publication: it starts with "The",
contains a newspaper noun from :data:`BRAND_NOUNS`, or is a known wire service.
"""

from __future__ import annotations

import re

from site_builder.ingest.patterns import lazy_compile
from site_builder.ingest.sentences import vocabulary

# Nouns that publication names are made of. A documented vocabulary, not a list of outlets.
BRAND_NOUNS = vocabulary(
    "journal times post news herald tribune gazette daily chronicle review observer guardian telegraph "
    "express star sun mail record press wire report today magazine weekly monitor courier globe standard "
    "independent insider dispatch bulletin register inquirer examiner sentinel ledger beacon voice network "
    "media radio tv television broadcasting broadcast times-picayune argus clarion enquirer messenger "
    "mirror spectator statesman leader citizen advertiser advocate banner eagle free-press tribune-review "
    "digest quarterly monthly online newswire agency bureau publication publications newspaper newspapers "
    "journalism"
)
# Wire services and their usual short forms, written as editors expect to read them.
WIRES = {
    "ap": "Associated Press", "associated press": "Associated Press", "the associated press": "Associated Press",
    "reuters": "Reuters", "thomson reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
    "upi": "UPI", "bloomberg": "Bloomberg", "dpa": "dpa", "xinhua": "Xinhua", "kyodo": "Kyodo News",
    "kyodo news": "Kyodo News", "yonhap": "Yonhap", "ani": "ANI", "pti": "PTI", "efe": "EFE", "ansa": "ANSA",
    "tass": "TASS", "cnn": "CNN", "bbc": "BBC", "bbc news": "BBC News", "nhk": "NHK", "npr": "NPR",
    "cna": "CNA", "al jazeera": "Al Jazeera",
}
_CORPORATE = lazy_compile(r"[,\s]+(?:inc|llc|ltd|limited|plc|corp|corporation|co|gmbh|pty)\.?$", re.I)
_COPYRIGHT = lazy_compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{2,4})?\s*,?\s*)?(?P<name>.*?)"
    r"\s*(?:\d{4}(?:\s*[-–]\s*\d{2,4})?)?\s*(?:[.|,;]\s*(?:all rights reserved.*)?|all rights reserved.*)?$",
    re.I,
)
_SOURCE = lazy_compile(r"^(?:source|sources|via|courtesy of|credit|published by|publisher)\s*[:|–—-]\s*(?P<name>.+)$",
                       re.I)
_ORIGIN = lazy_compile(
    r"(?:originally|first)\s+(?:appeared|published|ran)\s+(?:in|on|by|at)\s+(?P<name>[A-Z][\w&'’.\- ]{1,60}?)"
    r"(?:\s+on\b|[.,;]|$)"
)
_WIRE_DATELINE = lazy_compile(
    r"^[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Za-z.]+(?:\s+\d{1,2})?)?\s*\((?P<name>[A-Za-z][A-Za-z.&' -]{0,30})\)"
    r"\s*(?:[-–—]|--)"
)
_YEAR = lazy_compile(r"\b(?:19|20)\d\d\b")
_COPYRIGHT_START = lazy_compile(r"(?:©|\(c\)\s|copyright\b)", re.I)
_RIGHTS = lazy_compile(r"all rights reserved\.?", re.I)
_CAP_TOKEN = lazy_compile(r"^(?:[A-Z][\w&'’.-]*|&|of|the|and|de|la|el|al)$")


def clean_outlet(name: str) -> str | None:
    """A publication name tidied, or None when the text does not look like one."""
    name = _YEAR.sub(" ", name)
    name = _CORPORATE.sub("", name.strip(" .,;:|-–—\"'“”"))
    name = " ".join(name.split())
    if not name or len(name) > 60:
        return None
    if name.isupper() and len(name) > 6:  # "THE MILLBROOK GAZETTE" → "The Millbrook Gazette"
        name = " ".join(t if len(t) <= 3 and t not in ("THE", "AND", "OF") else t.capitalize() for t in name.split())
        name = name.replace("THE ", "The ", 1) if name.startswith("THE ") else name
        name = name.replace(" AND ", " and ").replace(" OF ", " of ")
    key = name.lower()
    if key in WIRES:
        return WIRES[key]
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or not all(_CAP_TOKEN.match(t) for t in tokens):
        return None
    if tokens[0] == "The" and len(tokens) >= 2:
        return name
    if any(t.lower().strip(".") in BRAND_NOUNS for t in tokens):
        return name
    if re.fullmatch(r"[A-Z]{2,6}", name):  # an acronym such as a broadcaster's
        return name
    return None


def from_copyright(line: str) -> str | None:
    m = _COPYRIGHT.match(line.strip())
    if not m:
        return None
    name = m.group("name")
    # "© The Daily Planet 2024 | Privacy | Terms" — the name is the first segment.
    name = re.split(r"\s*[|•·]\s*|\.\s+", name)[0]
    return clean_outlet(name)


def is_copyright(line: str) -> bool:
    stripped = line.strip()
    head = stripped[:10].lower()
    if not (head.startswith(("©", "(c)", "copyright", "all rights"))):
        return False
    return bool(_COPYRIGHT_START.match(stripped)) or bool(_RIGHTS.fullmatch(stripped))


def from_source_line(line: str) -> str | None:
    m = _SOURCE.match(line.strip())
    if not m:
        return None
    name = re.split(r"\s*[|•·,;]\s*", m.group("name"))[0].strip(" .")
    # "Source: X" names the publisher outright, so any capitalised name is enough.
    tokens = name.split()
    if 1 <= len(tokens) <= 6 and all(_CAP_TOKEN.match(t) for t in tokens) and tokens[0][:1].isupper():
        return clean_outlet(name) or _CORPORATE.sub("", name)
    return None


def from_origin(line: str) -> str | None:
    m = _ORIGIN.search(line)
    return clean_outlet(m.group("name")) if m else None


def from_wire_dateline(line: str) -> str | None:
    """"TOKYO (Reuters) — …" → Reuters; only wire services and brand-like names count."""
    m = _WIRE_DATELINE.match(line.strip())
    if not m:
        return None
    return clean_outlet(m.group("name"))


def from_brand_line(line: str, categories: frozenset[str]) -> str | None:
    """A short header line such as "News The Journal 2024": section words, a name, a year.

    Leading section words are dropped only when what is left still looks like a
    publication, so "Fox News" stays whole while "News The Journal" becomes "The Journal".
    """
    tokens = _YEAR.sub(" ", line).replace("|", " ").split()
    if not 1 <= len(tokens) <= 7 or re.search(r"[.!?,:;]$", line.strip()):
        return None
    if not _YEAR.search(line) and not (tokens and tokens[0].lower() == "the"
                                       and any(t.lower() in BRAND_NOUNS for t in tokens)):
        return None
    while len(tokens) > 1 and tokens[0].lower() in categories:
        rest = " ".join(tokens[1:])
        if clean_outlet(rest) is None:
            break
        tokens = tokens[1:]
    name = " ".join(tokens)
    outlet = clean_outlet(name)
    if outlet is None or outlet.lower() in categories:
        return None
    return outlet


_TAGLINE = lazy_compile(
    r"^(?P<name>[A-Z][\w&'’. ]{1,40}?)\s*(?:[—–|:]|\s-)\s*(?:a|an|the|your|our)\s+(?:[\w-]+\s+){0,4}"
    r"(?:blog|site|website|magazine|newsletter|podcast|journal|publication|newspaper|column|weblog)\b.{0,60}$"
)


def from_tagline(line: str) -> str | None:
    """"Ocean Notes — a blog about the sea" → "Ocean Notes": a site's name with its tagline."""
    m = _TAGLINE.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip()
    return name if 1 <= len(name.split()) <= 5 else None


_MOTTO = lazy_compile(
    r"^(?:(?:proudly\s+)?serving\b.{3,60}\bsince\s+(?:1[6-9]|20)\d\d\.?|"
    r"(?:since|est\.?|established|founded(?:\s+in)?)\s+(?:1[6-9]|20)\d\d\.?|"
    r"(?:your|the)\s+(?:source|home|voice)\s+(?:for|of)\b.{3,50}|(?:news|journalism)\s+(?:you|that)\b.{3,40})$",
    re.I,
)


def is_motto(line: str) -> bool:
    """A masthead motto ("Serving Millbrook since 1892", "Your source for local news")."""
    return len(line) <= 80 and bool(_MOTTO.match(line.strip()))


def from_byline_suffix(segment: str) -> str | None:
    """"The Daily Planet" or "Reuters" in "By Jane Doe, The Daily Planet" / "Jane Doe | Reuters"."""
    name = segment.strip()
    if name.lower() in WIRES:
        return WIRES[name.lower()]
    outlet = clean_outlet(name)
    if outlet and (name.startswith("The ") or any(t.lower() in BRAND_NOUNS for t in name.split())):
        return outlet
    return None

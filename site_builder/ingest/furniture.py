"""Removes web-page furniture (nav rows, share prompts, counters, hashtag rows) from raw text.

Works from general signals: a documented vocabulary of furniture words, line length,
sentence shape and position. Nothing here names a particular site or article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words that make up page chrome rather than prose. A short line made only of these
# (plus punctuation and counters) is furniture.
FURNITURE_WORDS = {
    "share", "shares", "tweet", "email", "print", "comment", "comments", "leave", "a", "reply",
    "back", "to", "top", "login", "log", "in", "log-in", "sign", "up", "subscribe", "follow",
    "us", "on", "this", "post", "read", "more", "related", "menu", "home", "search", "advertisement",
    "facebook", "twitter", "linkedin", "whatsapp", "reddit", "pinterest", "copy", "link", "you",
    "need", "must", "be", "logged", "the", "and", "or", "of", "newsletter", "next", "previous",
    "article", "articles", "story", "stories", "skip", "content", "main", "close", "open",
}
NAV_CATEGORIES = {
    "news", "world", "business", "entertainment", "environment", "health", "lifestyle", "analysis",
    "opinion", "science", "sports", "technology", "politics", "blog", "culture", "travel", "us",
    "asia", "europe", "economy", "markets", "tech", "video", "podcasts", "local", "national",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_HASHTAG_ROW = re.compile(r"^\s*(#[\w-]+[\s,]*){2,}$")
_COUNTER = re.compile(r"^\s*[\d.,]+\s*[kKmM]?\s*(comments?|shares?|views?|likes?)?\s*$")


@dataclass
class Cleaned:
    lines: list[str]
    hashtags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if _COUNTER.match(stripped):
        return True
    words = [w.lower() for w in _WORD.findall(stripped)]
    if not words:
        return not re.search(r"[A-Za-z0-9]", stripped) and len(stripped) < 5
    if stripped.endswith((".", "?", "!", "\"", "”")) and len(words) > 6:
        return False
    if len(words) <= 12 and all(w in FURNITURE_WORDS for w in words):
        return True
    tokens = stripped.lstrip("#").split()
    # A nav row: many capitalised category words and no sentence punctuation.
    if len(tokens) >= 4 and not re.search(r"[.,;:!?]", stripped):
        cats = sum(1 for t in tokens if t.strip("#").lower() in NAV_CATEGORIES)
        if cats / len(tokens) >= 0.6:
            return True
    return False


def clean_lines(text: str) -> Cleaned:
    out = Cleaned(lines=[])
    for line in text.split("\n"):
        stripped = line.strip().replace("\u00a0", " ")
        if _HASHTAG_ROW.match(stripped) and not any(
            t.strip("#").lower() in NAV_CATEGORIES for t in stripped.split()
        ):
            out.hashtags.extend(t.lstrip("#").strip(",") for t in stripped.split() if t.startswith("#"))
            out.removed.append(stripped)
            continue
        if is_furniture(stripped):
            out.removed.append(stripped)
            continue
        out.lines.append(re.sub(r"[ \t]+", " ", stripped))
    return out

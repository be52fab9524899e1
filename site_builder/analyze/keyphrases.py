"""Key phrases of an article, scored TF-IDF style over the corpus, for automatic topics.

Candidates are capitalised name runs ("South China Sea", "Bank of Japan") and pairs or
triples of lower-case content words ("cruise missiles", "coast guard").  A phrase's
score in a document is its count there (title occurrences count three times) times its
inverse document frequency, with multi-word phrases preferred.  Only an article's title,
dek and opening (:data:`OPENING_CHARS`) are read: that keeps 20,000 articles to a few
seconds and is where reporters say what a story is about.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from site_builder.analyze.features import fork_map
from site_builder.analyze.stopwords import ENGLISH_STOP_WORDS
from site_builder.ingest.patterns import lazy_compile
from site_builder.model import Article

OPENING_CHARS = 600
TITLE_WEIGHT = 3
DF_SAMPLE = 4000
# Words that make poor topics on their own even when capitalised or frequent.
_WEAK = set(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "according", "new", "news", "report", "reported", "reports", "year",
    "years", "month", "months", "week", "weeks", "day", "days", "time", "times", "today", "yesterday",
    "people", "official", "officials", "statement", "share", "comment", "comments", "read", "click",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mr", "mrs", "ms", "dr", "just", "like", "including", "percent", "million", "billion", "com", "www",
    "http", "https", "updated", "published", "photo", "image", "video", "subscribe", "advertisement",
}
_CAP_RUN = lazy_compile(r"(?-i:[A-Z][\w'’.-]*(?:\s+(?:of|the|and|de|for)\s+[A-Z][\w'’.-]*|\s+[A-Z][\w'’.-]*)*)")


@dataclass(frozen=True)
class Phrase:
    key: str  # normalised form that documents share
    text: str  # how it reads
    score: float


@functools.lru_cache(maxsize=65536)
def _norm(phrase: str) -> str:
    words = [w.lower().strip("'’.-").removesuffix("'s").removesuffix("’s") for w in phrase.split()]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def keyphrase_text(article: Article) -> tuple[str, str]:
    """What key phrases are read from: the title, and the dek with the opening of the body."""
    opening = "\n".join(article.body)[:OPENING_CHARS]
    return article.title, f"{article.dek or ''}\n{opening}"


def trie_pattern(words: list[str]) -> str:
    """One regex for many literal words, nested by shared prefixes.

    A flat ``a|b|c…`` makes the regex engine try every word at every position; the trie
    form tries only the branches whose first letters match, which makes scanning 20,000
    articles for a few hundred words fast.  Longer words win
    because every branch is greedy and a word's end is optional only when it is one.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [(r"\s+" if c == " " else re.escape(c)) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = (body if len(branches) == 1 and len(body) == 1 else f"(?:{body})") + "?"
        return body

    return emit(trie)


@functools.cache
def _splitter() -> re.Pattern[str]:
    """What lower-case text splits at into runs of content words: weak words, short words and
    punctuation (as in RAKE); runs of two or three words are noun-phrase candidates.

    Built on first use (the trie takes ~2 ms): a build in which every article found a topic
    ranks no key phrases.
    """
    weak_words = trie_pattern(sorted(w for w in _WEAK if w.isalpha()))
    return re.compile(rf"[^a-z'’\s-]+|\b(?:{weak_words})\b|\b[a-z]{{1,2}}\b")


_SENTENCE_END = lazy_compile(r"[.!?:;”\"]\s*$")


def candidates(title: str, text: str) -> tuple[Counter[str], dict[str, str]]:
    """Normalised phrase → weighted count, and phrase → its first surface form."""
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    splitter = _splitter()
    for weight, chunk in ((TITLE_WEIGHT, title), (1, text)):
        for m in _CAP_RUN.finditer(chunk):
            words = m.group(0).strip(" .'’-").split()
            while words and words[0].lower() in _WEAK:
                words.pop(0)
            while words and words[-1].lower() in _WEAK:
                words.pop()
            if not words or len(words) > 5:
                continue
            if len(words) == 1:
                # A lone capitalised word that opens a sentence is usually just a sentence opener.
                opener = m.start() == 0 or chunk[m.start() - 1] == "\n" or \
                    _SENTENCE_END.search(chunk, max(0, m.start() - 3), m.start()) is not None
                if len(words[0]) < 3 or (opener and weight == 1):
                    continue
            phrase = " ".join(words)
            key = _norm(phrase)
            if key and key not in _WEAK:
                counts[key] += weight
                forms.setdefault(key, phrase)
        for run in splitter.split(chunk.lower()):
            words = run.strip("'’-").split()
            if len(words) < 2:
                continue  # most runs are one word, and trimming below only drops words
            # Without a tagger, word endings tell verbs and adverbs from nouns well enough:
            # "dock workers signed" → "dock workers".
            while words and words[-1].endswith(("ed", "ing", "ly")):
                words.pop()
            while words and words[0].endswith("ly"):
                words.pop(0)
            if len(words) > 3:
                words = words[-2:]  # the head of a long run: "… new wage deal" → "wage deal"
            if len(words) < 2:
                continue
            phrase = " ".join(words)
            key = _norm(phrase)
            counts[key] += weight
            forms.setdefault(key, phrase)
    return counts, forms


def _display(form: str) -> str:
    return form if any(c.isupper() for c in form) else form.capitalize()


def rank_keyphrases(articles: list[Article], groups: dict[str, list[Article]],
                    top: int = 3) -> dict[str, list[Phrase]]:
    """The ``top`` key phrases of each group of articles (usually a story), scored against ``articles``.

    A phrase scores its weighted count in the group's members times its inverse document
    frequency over the corpus, times the number of members that use it (a phrase every
    member shares names the story better than one outlet's label), and 1.5 for phrases
    of several words.  Phrases in more than half the documents of a corpus of four or
    more are too common to name a topic.  Groups that share phrases are preferred, so
    articles the taxonomy misses gather under common automatic topics.
    """
    if not groups:
        return {}
    wanted = {a.source for members in groups.values() for a in members}
    others = [a for a in articles if a.source not in wanted]
    if len(others) > DF_SAMPLE:
        # Document frequencies from an even sample of the other articles: the scores only
        # need proportions, and a large corpus whose taxonomy fits leaves few groups here.
        step = len(others) / DF_SAMPLE
        others = [others[int(i * step)] for i in range(DF_SAMPLE)]
    df: Counter[str] = Counter()
    per_article: dict[str, tuple[Counter[str], dict[str, str]]] = {}
    corpus = [a for a in articles if a.source in wanted] + others
    # Candidate phrases are per article and pure: on forked workers for big corpora.
    found = fork_map(lambda a: candidates(*keyphrase_text(a)), corpus)
    for article, (counts, forms) in zip(corpus, found, strict=True):
        df.update(counts.keys())
        if article.source in wanted:
            per_article[article.source] = (counts, forms)
    group_df: Counter[str] = Counter()
    per_group: dict[str, tuple[Counter[str], Counter[str], dict[str, str]]] = {}
    for key, members in groups.items():
        total: Counter[str] = Counter()
        members_using: Counter[str] = Counter()
        forms: dict[str, str] = {}
        for article in members:
            counts, article_forms = per_article.get(article.source, (Counter(), {}))
            total.update(counts)
            members_using.update(counts.keys())
            for k, v in article_forms.items():
                forms.setdefault(k, v)
        per_group[key] = (total, members_using, forms)
        group_df.update(total.keys())
    n = len(corpus)
    too_common = max(2, n // 2) if n >= 4 else n + 1
    out: dict[str, list[Phrase]] = {}
    for key, (total, members_using, forms) in per_group.items():
        scored = []
        for phrase, tf in total.items():
            if df[phrase] > too_common:
                continue
            idf = math.log((n + 1) / (df[phrase] + 1)) + 1
            shared = 1 + math.log(group_df[phrase])  # 1 when only this group has it
            length = 1.5 if " " in phrase else 1.0
            scored.append(Phrase(phrase, _display(forms[phrase]),
                                 tf * idf * shared * length * members_using[phrase]))
        scored.sort(key=lambda p: (-p.score, p.key))
        out[key] = scored[:top]
    return out

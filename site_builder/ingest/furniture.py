"""Removes web-page furniture from raw article text while keeping every sentence of the story.

Signals, all general (nothing names a site or an article):

* **Vocabulary** — a short line made only of chrome words (:data:`FURNITURE_WORDS`:
  "Share", "Back To Top", "Leave a comment", "Log-in", "Menu"…) or of section names
  (:data:`NAV_CATEGORIES`) is furniture; so are lines matching the documented patterns
  below: counters ("0", "12 Comments", "5 min read"), "Advertisement", "Read more: …",
  "Related: …", cookie notices, newsletter and login prompts, photo credits, copyright
  lines, breadcrumb rows ("Home > World > Asia"), bare URLs and handles.
* **Sentence shape** (:mod:`.sentences`) — a line that reads as prose is never removed
  unless it matches a reader-facing boilerplate pattern (cookie notices, newsletter
  prompts, copyright, photo captions with a credit); story sentences never do.
* **Position** — after the last prose line (the page footer) short non-prose lines are
  chrome (tag lists, "Posted in", author boxes); a label such as "Related stories"
  starts a block of headline links that runs until the next prose line; a comment
  section ("12 Comments", "Leave a Reply") or a teaser rail ("You may also like") that
  comes after most of the prose ends the story, even when comments are prose.
* **Repetition** — a short non-prose line seen several times (a button rendered above
  and below the story) is dropped below the top of the page; copies near the top stay
  because one may be the headline (:mod:`.metadata` picks it and drops its echoes).

Hashtag rows become tags; copyright, source and credit lines leave hints for the
metadata (outlet, author, tags) before they are removed, and footer lines are kept
aside so bylines and date stamps printed below the story can still be read. A photo
credit in brackets is cut out of a paragraph; a one-sentence caption with a credit goes
whole. A removed boilerplate line that was hard-wrapped takes its continuation along.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from site_builder.ingest import outlets
from site_builder.ingest.patterns import lazy_compile, lowered
from site_builder.ingest.sentences import (
    CACHE_LINE_LIMIT,
    ends_like_sentence,
    fold,
    is_prose,
    normalise_line,
    split_sentences,
    vocabulary,
    words,
)

# Words that make up page chrome rather than prose. A short line made only of these
# (plus punctuation and counters) is furniture.
FURNITURE_WORDS = vocabulary(
    "share shares shared sharing tweet tweets retweet email e-mail mail print comment comments commenting leave "
    "a an reply replies back to top scroll jump skip login log in log-in logout sign signin sign-in up subscribe "
    "subscribed subscriber subscribers subscription unsubscribe follow us on this post read more related menu home "
    "search advertisement advertisements advert ad ads sponsored promoted facebook twitter x linkedin whatsapp "
    "reddit pinterest instagram youtube tiktok telegram threads bluesky mastodon flipboard pocket copy copied "
    "link links url you need must be logged the and or of for with newsletter newsletters next previous prev "
    "article articles story stories skip content main close open toggle navigation nav view views like likes "
    "liked save saved bookmark bookmarks listen audio play watch video min mins minute minutes read reading "
    "time here click tap now free trial register account join conversation discussion show hide load all "
    "cancel submit post posts posted comments: expand collapse gallery image images photo photos caption "
    "enlarge fullscreen full screen continue below above page top bottom footer header sidebar sections "
    "section back-to-top go return to main feed rss sitemap contact about privacy policy terms cookie cookies "
    "settings preferences accept reject manage options menu. loading please wait send message messenger sms "
    "by your our own opinion edition newsletter: sign-up signup log-out more: tags tag topics topic filed under "
    "categories category print-friendly version pdf download app apps get trending popular most latest top "
    "news: recommended recommend suggested also see you'll enjoy want miss don't don’t"
)
# Section names that make up navigation rows and the category label above a headline.
NAV_CATEGORIES = vocabulary(
    "news world business entertainment environment health lifestyle analysis opinion opinions science sport sports "
    "technology tech politics blog blogs culture travel us u.s. uk asia europe africa americas australia "
    "middle east pacific asia-pacific economy markets money finance video videos podcasts podcast local national "
    "international home latest trending live arts style food weather crime education climate earth innovation "
    "life living property cars motoring jobs obituaries letters editorial editorials columns columnists features "
    "reviews photos games puzzles crossword newsletters more nation state region regional metro city sections "
    "investigations investigation fact-check factcheck explainers explainer interviews commentary newsroom "
    "breaking top stories headlines magazine podcasts shows tv radio books music film movies fashion beauty "
    "wellness global defense defence security diplomacy military elections election policy society "
    "community communities china japan india russia ukraine americas energy brief briefs briefing briefings "
    "roundup round-up bulletin dispatch dispatches"
)
_COUNTER = lazy_compile(
    r"^[\d.,]+\s*[kKmM]?\s*(?:comments?|shares?|views?|likes?|reactions?|replies|responses|reads?|"
    r"min(?:ute)?s?(?:\s+read)?|min read)?$|^(?:comments?|shares?|views?|likes?)\s*[:(]?\s*[\d.,]+[kKmM]?\)?$",
    re.I,
)
_READ_TIME = lazy_compile(
    r"^(?:listen\s*)?\(?\d+\s*(?:-|\s)?\s*(?:min|mins|minutes?)\.?(?:\s+(?:read|listen))?\)?$", re.I)
_HASHTAG = lazy_compile(r"^#[^\W_][\w-]*$")
_BREADCRUMB_SPLIT = lazy_compile(r"\s*(?:[|>»›/•·]|\s-\s)\s*")
_URL = lazy_compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^@\w{2,}$", re.I)
_TIMESTAMP = lazy_compile(
    r"^(?:(?:last\s+)?updated|posted|(?:first\s+)?published)?\s*:?\s*"
    r"(?:(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago|"
    r"just now|\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)$",
    re.I,
)
_ADVERT = lazy_compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|paid (?:content|post|partner(?:ship)?)|promoted|ad|"
    r"(?:story|article) continues(?: (?:below|after)(?: (?:this )?(?:ad|advertisement))?)?|continue reading(?: below)?|"
    r"scroll (?:down )?to continue(?: with content)?|ad feedback|report (?:this )?ad|"
    r"content continues below|remove ads)[.:]?$",
    re.I,
)
# "Read more: …", "RELATED: …", "See also — …": a link to another page.
_LINK_LABEL = lazy_compile(
    r"^(?:read more|read also|also read|more to read|read next|read|related|related articles?|related stories|"
    r"related coverage|related content|related news|related topics|see also|recommended(?: for you| stories| reading)?|"
    r"more from [\w .'’&-]{1,30}|more on (?:this|that) (?:story|topic)|more stories|more news|more|"
    r"most read|most popular|most viewed|most shared|trending(?: now| stories)?|you may also like|"
    r"you might also like|you may have missed|don['’]t miss|top stories|latest news|latest stories|editor['’]s picks|"
    r"also on [\w .'’&-]{1,30}|further reading|watch|listen|explore more|in other news|popular stories|"
    r"recommended videos|sponsored stories|around the web|from our partners|catch up|what to read next)"
    r"(?P<sep>\s*(?:[:|»›>–—-]|\.\.\.|…)\s*|\s*$)",
    re.I,
)
_PHOTO_CREDIT = lazy_compile(
    r"^(?:\(?(?:photo|photos|photograph|photography|picture|pictures|image|images|illustration|graphic|video|"
    r"file photo|caption|credit|credits|photo credit|image credit|image source|photo illustration|pic)s?\b"
    r"\s*(?:by\b|:|/|—|–|-|\|)|\[(?:image|photo|video|embed)[^\]]*\]$)",
    re.I,
)
_PHOTO_CREDIT_LC = lowered(_PHOTO_CREDIT)  # see _PROMPT_START_LC
_PHOTO_AGENCY = lazy_compile(
    r"\b(?:getty images|ap photo|afp via getty|afp photo|reuters/|/reuters|via reuters|shutterstock|istock|"
    r"alamy|epa-efe|epa/|/epa|anadolu|imago|bloomberg via getty|pool photo|handout photo|"
    r"\((?:photo|image|picture)\b|photo:|image:|credit:|hide caption|toggle caption|image caption)",
    re.I,
)
# Press-release and syndication boilerplate.
_RELEASE = lazy_compile(
    r"^(?:for immediate release|for release|embargoed(?: until.*)?|news release|press release|"
    r"(?:media|press) (?:contact|inquiries|enquiries)s?\b.*|contact\s*:.*|-?\s*(?:30|end|ends)\s*-?|#{3,}|"
    r"this material may not be published.*|all rights reserved\.?|"
    r"this (?:article|story|content) is (?:more than|over) (?:a|an|one|\d+) (?:years?|months?|days?) old)$",
    re.I,
)
# Cheap substring pre-check before the photo-agency pattern, which is slow on long lines.
_AGENCY_HINTS = ("photo", "getty", "reuters", "shutterstock", "istock", "alamy", "epa", "anadolu", "imago", "image",
                 "credit", "caption")
# A year or a numeric date: such a line is a date stamp for metadata, not chrome.
_DATEISH = lazy_compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}\b")
_BREADCRUMB_HINT = lazy_compile(r"[|>»›/•·]|\s-\s")


def _has_agency_hint(line: str) -> bool:
    return _agency_hint_in(line.lower())


def _agency_hint_in(lower: str) -> bool:
    """One of :data:`_AGENCY_HINTS` in ``lower``; spelled out, as a generator costs more than the tests."""
    return ("photo" in lower or "getty" in lower or "reuters" in lower or "shutterstock" in lower
            or "istock" in lower or "alamy" in lower or "epa" in lower or "anadolu" in lower or "imago" in lower
            or "image" in lower or "credit" in lower or "caption" in lower)


_PROMPT_START = lazy_compile(
    r"^(?:sign up|sign in|subscribe|get (?:the|our|breaking|daily|weekly|unlimited|access|all)|enter your|join|"
    r"support (?:our|independent|quality)|become a (?:member|subscriber|supporter)|already (?:a )?(?:subscriber|"
    r"member|registered|have an account)|don['’]t miss|want (?:more|to)|like this|enjoy(?:ed)? this|click here|"
    r"tap here|download (?:our|the)|follow us|like us|create (?:a|an|your)|register|log ?in|you (?:have|need|must)|"
    r"thank you for (?:reading|subscribing|visiting)|to continue reading|to read this|this (?:article|content) is "
    r"(?:for|available)|we(?:'d| would) love|we value|we use|by continuing|by using this|unlock|try \d+|"
    r"start your|have a (?:news )?tip|got a (?:news )?tip|send us|contact us|email us|share (?:this|your)|"
    r"leave a (?:comment|reply)|comments are|be the first|join the (?:conversation|discussion)|"
    r"your email address will not|required fields are|cancel reply|this story has been shared|"
    r"listen to (?:this|the) (?:article|story)|print this|share on)\b",
    re.I,
)
# Nouns only page chrome talks about; a prompt needs one of them (weak ones only in short lines).
_PROMPT_NOUN = lazy_compile(
    r"\b(?:newsletters?|inbox|subscri\w+|sign[- ]?up|log[- ]?in|logged in|sign[- ]?in|registration|account|"
    r"email address|e-mail address|free articles?|paywall|membership|comments?|reply|"
    r"notifications?|ad[- ]?blocker|whitelist|javascript)\b",
    re.I,
)
_WEAK_PROMPT_NOUN = lazy_compile(
    r"\b(?:journalism|app|alerts?|tips?|podcasts?|follow|share|article|story|reading|browser|disable)\b", re.I)
_STRONG_PROMPT = lazy_compile(
    r"^(?:listen to (?:this|the) (?:article|story)|print this (?:article|page|story)|share this (?:article|story|page)|"
    r"follow (?:us|the latest)|sign up for|subscribe to)\b",
    re.I,
)
# For the lower-cased text of an ASCII line (see patterns.lowered): these anchored matches
# run two to three times faster than the re.I originals.
_PROMPT_START_LC = lowered(_PROMPT_START)
_STRONG_PROMPT_LC = lowered(_STRONG_PROMPT)
# A photo credit in brackets inside a paragraph: "(Photo: Jane Smith/Reuters)".
_INLINE_CREDIT = lazy_compile(
    r"\s*[(\[](?:(?:file\s+)?(?:photo|image|picture|video)s?\b[^)\]]{0,80}|"
    r"[^)\]]{0,60}(?:getty images|/reuters|reuters/|ap photo|/afp|afp/|shutterstock|/epa|epa/)[^)\]]{0,40})[)\]]",
    re.I,
)
# Phrases only a cookie banner uses; a story about cookies does not.
_COOKIE_BANNER = lazy_compile(
    r"\b(?:we use cookies|(?:site|website) uses cookies|use of cookies|accept (?:all )?cookies|"
    r"cookie (?:policy|settings|preferences|notice|consent)|by continuing to (?:browse|use))\b",
    re.I,
)
_TAGS_LINE = lazy_compile(
    r"^(?:(?:tags?|topics?|keywords|categories|category|labels?)\s*[:|]|(?:filed under|posted in)\s*:?)"
    r"\s*(?P<rest>.+)$",
    re.I)
_CREDIT_LINE = lazy_compile(
    r"^\(?(?:(?:additional\s+)?reporting by|writing by|written by|editing by|edited by|compiled by|"
    r"reported by)\s+(?P<rest>.+?)\)?\.?$",
    re.I,
)
_BULLET = lazy_compile(r"^(?:[-*•·▪►]\s+|\d+[.)]\s+)")
_QUOTE_START = ("\"", "“", "‘", "'", "«")
# Words that start a block of links to other pages when they stand alone on a line.
_BLOCK_LABEL = lazy_compile(
    r"^(?:related|related articles?|related stories|related coverage|related content|related news|read more|"
    r"more stories|more from [\w .'’&-]{1,30}|more news|recommended(?: for you| stories| reading)?|most read|"
    r"most popular|most viewed|trending(?: now| stories)?|you may also like|you might also like|top stories|"
    r"latest news|latest stories|editor['’]s picks|more on this story|further reading|in other news|"
    r"popular stories|around the web|from our partners|what to read next|read next|also read|see also|"
    r"comments|\d+\s+comments?|tags|topics|share this(?: post| article| story)?(?: on)?)[:.]?$",
    re.I,
)


# Labels after which a page has only comments or teasers for other stories.
_END_LABEL = lazy_compile(
    r"^(?P<comments>(?:\d+\s+)?(?:comments?|reader comments|responses?|replies|discussion)|"
    r"join the (?:discussion|conversation)|leave a (?:reply|comment)|add a comment|show comments|view comments|"
    r"load comments|comments are closed|\d+\s+(?:thoughts|responses|comments) (?:on|to)\b.*)$|"
    r"^(?:more from [\w .'’&-]{1,30}|you may also like|"
    r"you might also like|recommended(?: for you| stories| reading)?|most read|most popular|most viewed|"
    r"read next|what to read next|related (?:stories|articles|coverage|content|news)|more stories|"
    r"around the web|from our partners|sponsored stories|trending(?: now| stories)?)[:.]?$",
    re.I,
)
# Removed lines whose hard-wrapped continuation goes with them.
_WRAPPING_REASONS = frozenset({"copyright line", "reader prompt", "release boilerplate", "photo credit",
                               "photo caption", "credit line"})


@dataclass
class Cleaned:
    """The text split into normalised lines (blank lines kept as ""), with what was taken out."""

    lines: list[str]
    hashtags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (line, why it went)
    repeated: set[str] = field(default_factory=set)  # folded short lines seen more than once
    outlet_hints: list[str] = field(default_factory=list)
    author_hints: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)  # lines dropped below the story (bylines, dates live here)
    tags: list[str] = field(default_factory=list)  # from "Tags: a, b" lines

    def hint_outlet(self, name: str | None) -> bool:
        """Keep ``name`` as an outlet hint when a line yielded one; say whether it did."""
        if name:
            self.outlet_hints.append(name)
        return bool(name)


def hashtags_of(line: str) -> list[str] | None:
    """The tags of a hashtag row ("#Japan #Military Ties" counts), or None if it is not one."""
    if "#" not in line:
        return None
    tokens = line.replace(",", " ").split()
    if len(tokens) < 1:
        return None
    tags = [t for t in tokens if _HASHTAG.match(t)]
    if not tags or (len(tokens) == 1 and len(tags[0]) < 3):
        return None
    if len(tags) == len(tokens) or (len(tags) >= 2 and len(tags) / len(tokens) >= 0.6):
        return [t.lstrip("#") for t in tags]
    return None


def _only_words_from(tokens: Sequence[str], vocabulary: frozenset[str]) -> bool:
    return bool(tokens) and all(t.lower().strip(".:!|-'’") in vocabulary for t in tokens)


def is_nav_row(line: str) -> bool:
    """A row of section names ("News World Business Sport") or a breadcrumb ("Home > World > Asia")."""
    if len(line) > 200 or line.endswith((".", "!", "?")) or ", " in line or "; " in line:
        return False
    return _is_nav_row(line)


# Menus and breadcrumbs repeat on every page of an outlet, and the header and footer
# passes ask about the same lines again: a bounded memo answers them (lines here are ≤ 200).
@lru_cache(maxsize=4096)
def _is_nav_row(line: str) -> bool:
    if _BREADCRUMB_HINT.search(line):
        # Parts without letters are numbers split by a '/' or '-' ("Published: 07/08/2024"), not sections.
        parts = [p for p in _BREADCRUMB_SPLIT.split(line) if re.search(r"[^\W\d_]", p)]
        if len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts):
            return True
    tokens = line.split()
    if len(tokens) >= 4:
        cats = sum(1 for t in tokens if t.strip("#").lower() in NAV_CATEGORIES or t.startswith("#"))
        return cats / len(tokens) >= 0.6
    return False


def is_category_label(line: str) -> bool:
    """A lone section label ("World", "ASIA PACIFIC", "Politics | Analysis")."""
    if len(line) > 60:
        return False
    return _is_category_label(line)


@lru_cache(maxsize=4096)
def _is_category_label(line: str) -> bool:
    tokens = [t for t in _BREADCRUMB_SPLIT.split(line) for t in t.split() if t]
    return 1 <= len(tokens) <= 3 and _only_words_from(tokens, NAV_CATEGORIES)


def _is_prompt(line: str, lower: str) -> bool:
    """Reader-facing boilerplate: cookie notices, newsletter, login and comment prompts.

    The patterns are tried before the line is tokenised for the length limits: most
    lines match none, and a prose line then never needs its tokens here.
    """
    cookie = "cookie" in lower and _COOKIE_BANNER.search(line) is not None
    if line.isascii():
        strong = _STRONG_PROMPT_LC.match(lower) is not None
        start = _PROMPT_START_LC.match(lower) is not None
    else:
        strong = _STRONG_PROMPT.match(line) is not None
        start = _PROMPT_START.match(line) is not None
    if not (cookie or strong or start):
        return False
    n = len(words(line))
    if n > 60:
        return False
    if cookie or (n <= 20 and strong):
        return True
    if n > 35 or not start:
        return False
    return bool(_PROMPT_NOUN.search(lower)) or (n <= 12 and bool(_WEAK_PROMPT_NOUN.search(lower)))


def classify(line: str, prose: bool | None = None) -> str | None:
    """Why ``line`` (already normalised) is furniture wherever it stands, or None to keep it."""
    if not line:
        return None
    if prose is None:
        prose = is_prose(line)
    if prose:
        if line.count(" ") > 60:
            return None  # every boilerplate pattern below is shorter than this
        # Story sentences are almost never seen twice: memoised, they would only push the
        # repeating chrome lines out of the memo.
        return _classify.__wrapped__(line, prose)
    if len(line) > CACHE_LINE_LIMIT:
        return _classify.__wrapped__(line, prose)
    return _classify(line, prose)


# Furniture lines repeat across the pages of one outlet (and within a page): the verdict
# is a pure function of the line, so a bounded memo spares the dozen patterns below.
@lru_cache(maxsize=8192)
def _classify(line: str, prose: bool) -> str | None:
    # Patterns first, tokens (for the length limits) only when one matches: a prose line
    # then leaves without being tokenised.
    lower = line.lower()
    if outlets.is_copyright(line) and len(words(line)) <= 30:
        return "copyright line"
    if _is_prompt(line, lower):
        return "reader prompt"
    if (_PHOTO_CREDIT_LC.match(lower) if line.isascii() else _PHOTO_CREDIT.match(line)) and len(words(line)) <= 40:
        return "photo credit"
    if _agency_hint_in(lower) and len(words(line)) <= 40 and _PHOTO_AGENCY.search(line) \
            and not _QUOTE_IN(line) and (not prose or len(split_sentences(_INLINE_CREDIT.sub("", line))) <= 1):
        # A one-sentence caption with its credit; a longer paragraph only loses the credit (clean_lines).
        return "photo caption"
    if prose:
        return None
    tokens = words(line)
    plain = _plain_start(line)
    if plain and (_COUNTER.match(line) or _READ_TIME.match(line)):
        return "counter"
    if plain and _ADVERT.match(line):
        return "advertisement"
    if _RELEASE.match(line) and len(tokens) <= 20:
        return "release boilerplate"
    if _URL.match(line):
        return "link"
    if plain and _TIMESTAMP.match(line):
        return "timestamp"
    if not tokens:
        # Only symbols and numbers: separators ("***", "—"), page numbers, emoji rows.
        return None if re.search(r"\d{4}", line) else "symbols"
    if len(tokens) <= 12 and _only_words_from(tokens, FURNITURE_WORDS) and not _DATEISH.search(line):
        return "chrome words"
    label = _LINK_LABEL.match(line) if plain else None
    if label and len(tokens) <= 25 and (label.group("sep").strip() or len(tokens) <= 4):
        return "link to another page"
    if is_nav_row(line):
        return "navigation row"
    return None


def _plain_start(line: str) -> bool:
    """Whether ``line`` opens as a counter, advert, timestamp, link label or end label may.

    Each of those patterns begins with a word, a number, "(", ":" or a space (their case
    folding included: every letter that matches a letter under ``re.I`` is alphanumeric),
    so a line opening with Markdown or other marks ("## Reaction", "- item", "> quote") is
    none of them, and no pattern has to be compiled to say so.
    """
    first = line[:1]
    return first.isalnum() or first in "(.,:" or first.isspace()


def _QUOTE_IN(line: str) -> bool:
    """A quotation inside a caption-like line means it is probably reporting; keep it."""
    return bool(re.search(r"[“\"][^”\"]{12,}[”\"]", line))


def clean_lines(text: str, *, markdown: bool = False) -> Cleaned:
    """Split ``text`` into normalised lines and remove the furniture (see the module docstring)."""
    raw_lines = text.split("\n")
    lines: list[str] = []
    fenced = False
    fence_mask: list[bool] = []
    for raw in raw_lines:
        if markdown and raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            lines.append(raw.rstrip())
            fence_mask.append(True)
            continue
        if markdown and (fenced or raw.startswith(("    ", "\t"))):
            lines.append(raw.rstrip())
            fence_mask.append(True)
            continue
        lines.append(normalise_line(raw))
        fence_mask.append(False)
    lines, fence_mask = unwrap(lines, fence_mask)
    out = Cleaned(lines=[])
    prose = [not fence_mask[i] and bool(line) and is_prose(line) for i, line in enumerate(lines)]
    prose_idx = [i for i, p in enumerate(prose) if p]
    first_prose = prose_idx[0] if prose_idx else len(lines)
    last_prose = prose_idx[-1] if prose_idx else -1
    counts = Counter(fold(line) for i, line in enumerate(lines) if line and not prose[i] and len(line) <= 80)
    out.repeated = {k for k, n in counts.items() if n > 1 and k}
    in_block = False
    ended = False
    prose_before = []
    seen = 0
    for p in prose:
        prose_before.append(seen)
        seen += p

    def drop(line: str, why: str) -> None:
        out.removed.append(line)
        out.reasons.append((line, why))
        nonlocal continues
        continues = why in _WRAPPING_REASONS and not re.search(r"[.!?:”\"]$", line)

    # A dropped line cut mid-sentence (hard-wrapped boilerplate) takes its lower-case continuation along.
    continues = False

    for i, line in enumerate(lines):
        if fence_mask[i]:
            out.lines.append(line)
            continue
        if not line:
            continues = False
            out.lines.append("")
            continue
        if continues and line[:1].islower() and (i == 0 or lines[i - 1]) and len(line) < 250:
            drop(line, "continuation of removed line")
            continue
        if ended:
            # The page's copyright line usually sits below the comments: it still names the outlet.
            if outlets.is_copyright(line):
                out.hint_outlet(outlets.from_copyright(line))
            drop(line, "after the end of the story")
            continue
        continues = False
        if prose[i]:
            in_block = False
        tags = hashtags_of(line)
        if tags is not None:
            out.hashtags.extend(t for t in tags if t not in out.hashtags)
            drop(line, "hashtag row")
            continue
        header_or_footer = i < first_prose or i > last_prose
        # Source:, Via:, Credit:, Publisher:
        if header_or_footer and not prose[i] and line[:1] in "SsVvCcPp" \
                and out.hint_outlet(outlets.from_source_line(line)):
            drop(line, "source line")
            continue
        if len(line) < 200 and ("riginally" in line or "irst " in line):
            out.hint_outlet(outlets.from_origin(line))
        credit = _CREDIT_LINE.match(line)
        if credit and len(line) < 200 and (i >= last_prose or line.startswith("(") or not prose[i]):
            if not re.match(r"\(?(?:edit|compil)", line, re.I):  # an editor is not the author
                out.author_hints.append(credit.group("rest"))
            drop(line, "credit line")
            continue
        tag_line = _TAGS_LINE.match(line)
        if tag_line and not prose[i]:
            out.tags.extend(t.strip() for t in re.split(r"[,|;•·]", tag_line.group("rest")) if t.strip())
            drop(line, "tag list")
            continue
        why = classify(line, prose[i])
        if why is None and prose[i] and "(" in line and _has_agency_hint(line):
            stripped = _INLINE_CREDIT.sub("", line)
            if stripped != line:
                out.reasons.append((line, "inline photo credit"))
                line = stripped
        if why is None and not prose[i] and _plain_start(line) and _END_LABEL.match(line):
            why = "end of story"
        if why == "copyright line":
            out.hint_outlet(outlets.from_copyright(line))
        if why:
            drop(line, why)
            if _BLOCK_LABEL.match(line) and i > first_prose:
                in_block = True
            # A comment section or a "more stories" rail near the end: nothing after it is story.
            end = _END_LABEL.match(line)
            if end and prose_before[i] >= 2:
                # Comments are often long prose, so they need less of the page before them than a
                # rail of teasers does; a mid-story rail never cuts the rest of the story.
                share = 0.5 if end.group("comments") else 0.75
                ended = prose_before[i] >= share * len(prose_idx)
            continue
        # Copies near the top are kept: they may be the headline, which metadata picks and removes.
        if not prose[i] and i > first_prose + 3 and out.repeated and fold(line) in out.repeated:
            drop(line, "repeated line")
            continue
        if in_block and not prose[i]:
            drop(line, "related links block")
            continue
        # Markdown is written, not scraped: its short closing lines (lists, sign-offs) are kept.
        if i > last_prose and not prose[i] and not markdown and not _keep_in_footer(line):
            out.footer.append(line)
            drop(line, "page footer")
            continue
        out.lines.append(line)
    return out


_BLOCK_MARKER = lazy_compile(r"^(?:[-*+•>|#]|\d+[.)]\s)")


def unwrap(lines: list[str], fixed: list[bool]) -> tuple[list[str], list[bool]]:
    """Join the lines of hard-wrapped paragraphs (e-mail, wire copy, Markdown wrapped at ~80).

    A file is wrapped when most lines are 40–100 characters and almost none longer; then
    consecutive lines near that width are joined, except across a sentence end followed
    by a capital, list or heading markers, or when the joined text would not read as prose
    (a long headline above a byline stays on its own line).
    """
    sizes = [len(line) for line, f in zip(lines, fixed, strict=True) if line and not f]
    if not sizes:
        return lines, fixed
    mid = sum(1 for n in sizes if 40 <= n <= 100)
    wrapped = mid >= 0.5 * len(sizes) and sum(1 for n in sizes if n > 100) <= 0.1 * len(sizes)
    # Unwrapped files still join a line cut mid-sentence to a next line that starts in lower case.
    width = max((n for n in sizes if n <= 100), default=0) if wrapped else 10**9
    out: list[str] = []
    out_fixed: list[bool] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            out.append(run[0])
            out_fixed.append(False)
        elif is_prose(" ".join(run)):
            out.append(" ".join(run))
            out_fixed.append(False)
        else:
            out.extend(run)
            out_fixed.extend([False] * len(run))
        run.clear()

    for line, f in zip(lines, fixed, strict=True):
        if f or not line:
            flush()
            out.append(line)
            out_fixed.append(f)
            continue
        if run:
            prev = run[-1]
            continues = line[:1].islower() and len(prev) >= 30 and not ends_like_sentence(prev)
            joinable = ((len(prev) >= width - 30 or continues) and not _BLOCK_MARKER.match(line)
                        and not (ends_like_sentence(prev) and line[:1] in _OPENERS))
            if not joinable:
                flush()
        elif _BLOCK_MARKER.match(line):
            out.append(line)
            out_fixed.append(False)
            continue
        run.append(line)
    flush()
    return out, out_fixed


_OPENERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ\"“‘'(")


def _keep_in_footer(line: str) -> bool:
    """Footer lines that are still story: a quotation, a real list item, an editor's note."""
    tokens = words(line)
    if line.startswith(_QUOTE_START) and len(tokens) >= 3:
        return True
    if _BULLET.match(line) and len(tokens) >= 6:
        return True
    return len(tokens) >= 14 and not is_nav_row(line)


def is_furniture(line: str) -> bool:
    """True when ``line`` would be removed wherever it stands (kept for callers of the first cut)."""
    normal = normalise_line(line)
    return hashtags_of(normal) is not None or classify(normal) is not None

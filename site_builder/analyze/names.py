"""Finds names in article text: people (with honorifics and roles), places and organisations.

The route is rules plus a gazetteer, not a statistical model (see docs/entities.md):

* a sentence is tokenised once; runs of capitalised tokens are name candidates;
* leading honorifics ("Mr."), titles ("Defense Secretary"), nationality words and
  sentence-opening words are peeled off a run, so "Both Mr. Austin" gives "Austin";
* roles are read from the words around a name: a title before it ("Defense Secretary
  Lloyd J. Austin III"), an apposition before or after it ("the defense secretary, Lloyd
  Austin" / "Lloyd Austin, the defense secretary,") or a parenthesis ("(secretary of state)");
* a run is a place or an organisation when it matches the place list or the site's
  gazetteer, ends in a geographic word ("Sea") or holds an organisation word ("Ministry").

Everything here works on one article at a time and is linear in its length; the
corpus-wide decisions (who is a person, which spellings are one person) live in
:mod:`site_builder.analyze.entities`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter, itemgetter
from typing import NamedTuple

from site_builder.analyze.placenames import GEO_SUFFIXES, cities, countries
from site_builder.ingest.patterns import lazy_compile

# --- vocabularies ------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Personal honorifics: evidence of a person, not a role.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr mme mlle herr sr. sra".replace(".", "").split()
)
# Head nouns of a role ("secretary" in "defense secretary").
ROLE_HEADS = _words(
    """secretary minister president premier chancellor adviser advisor spokesman spokeswoman
    spokesperson ambassador governor senator sen representative rep mayor chief director chairman
    chairwoman chair commander general gen admiral adm envoy king queen prince princess emperor
    empress pope justice judge attorney speaker deputy head official executive ceo founder candidate
    nominee lawmaker diplomat negotiator prosecutor officer commissioner undersecretary counselor
    coach manager economist analyst scientist professor researcher lawyer author journalist reporter
    editor activist owner player striker goalkeeper referee bishop archbishop cardinal imam rabbi
    counsellor leader ruler monarch sheikh emir chairperson treasurer governor-general secretary-general
    director-general attorney-general
    vice-president colonel col lieutenant lt captain capt major maj sergeant sgt"""
)
# Plural heads: evidence that the names after them are people, never a role of their own.
PLURAL_HEADS = _words(
    """secretaries ministers presidents officials leaders counterparts ambassadors envoys senators
    lawmakers diplomats spokespeople chiefs commanders generals negotiators"""
)
# Words allowed inside a role phrase besides its head and capitalised qualifiers.
ROLE_MODIFIERS = _words(
    """defense defence foreign state home interior finance treasury trade commerce economy economic
    justice health education energy environment agriculture labor labour transport transportation
    homeland security national vice deputy prime chief top senior former acting then current
    outgoing incoming assistant under principal press first general staff joint affairs external
    cabinet military naval army navy air force special presidential sitting newly appointed
    elected designate interim associate junior permanent executive managing operating financial
    majority minority opposition supreme high regional provincial federal
    intelligence digital culture science technology industry development women family veterans
    infrastructure public works climate"""
)
# Role modifiers that say the role is not (or not yet) held: not compared across sources.
PAST_MODIFIERS = _words("former then ex acting outgoing incoming designate interim elected")
# Role modifiers that carry no information for comparison.
EMPTY_MODIFIERS = _words("current top senior newly appointed sitting")
# Role modifiers that change the office: "vice president" is not a kind of "president".
RANK_MODIFIERS = _words("vice deputy under assistant prime associate junior")
# Party labels that may stand before a name ("Democrat Kamala Harris").
DESCRIPTORS = _words(
    """democrat democratic republican conservative labour liberal socialist tory green independent
    communist nationalist"""
)
SPEECH_VERBS = _words(
    """said says told added explained noted stated announced wrote argued warned insisted asked
    replied declared claimed urged stressed emphasized emphasised tweeted posted acknowledged
    confirmed denied applauded welcomed praised criticized criticised called vowed pledged
    promised admitted recalled suggested estimated predicted testified"""
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
PARTICLES = frozenset({"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "bin", "ibn", "al", "el",
                       "la", "le", "dos", "das", "ter", "zu"})
MONTHS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
# Capitalised words that open sentences or headings but never start a name.
STOP_CAPS = _words(
    """a an the this that these those it its he she they we i you his her their our my your in on at
    by for from to of with without and but or nor so yet as if when while since although though
    because after before during until unless regarding according among amid between both either
    neither each every all any some many most much more other another such one two three several
    few meanwhile earlier later also then still however moreover furthermore therefore thus
    indeed instead nevertheless nonetheless last next today yesterday tomorrow tonight here there
    where what which who whom whose why how no not yes new top read watch share follow see
    under over about against into through per via like unlike despite ahead following"""
) | MONTHS | WEEKDAYS
# Words that make a capitalised run an organisation ("Ministry of Defense", "Air Force").
ORG_WORDS = _words(
    """ministry department agency council committee commission university college institute school
    party union association federation bank company corporation corp inc ltd llc group fund
    foundation court congress senate parliament assembly administration government army navy
    force forces guard marines command police office bureau service services authority board
    organization organisation alliance coalition league network news times post journal herald
    tribune press agency reuters cabinet house pentagon kremlin diet trust cooperative
    co-operative society club initiative project campaign centre center hospital clinic airport station
    museum library church mosque temple cathedral stadium hotel market festival institute academy
    laboratory lab industries holdings partners airlines railway railways motors systems media"""
)

# Words that end the search for a role phrase: a role never runs across them.
ROLE_BREAKERS = _words(
    """the a an and or but nor who whom whose which that said says told was were is are be been has had have
    will would to in on at with by as from after before when while met meets meeting also not"""
)

_UPPER_NAME = lazy_compile(r"^[A-Z]{2,6}$")
_CODE = lazy_compile(r"^[A-Z0-9]+(?:[-.][A-Z0-9]+)*-[A-Z0-9.]+$")

# --- text helpers ------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-free form used to compare spellings ("Taïwan" == "taiwan")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def _bare(token: str) -> str:
    """Lower-case token without dots or possessive: "U.S." → "us", "Biden’s" → "biden"."""
    token = fold(token)
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace(".", "")


_TOKEN = lazy_compile(
    r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*\.?"  # words, with U.S., J., O'Neill, Indo-Pacific
    r"|\d+(?:[.,]\d+)*"
    r"|[^\w\s]"
)
# The end mark is matched, not looked behind for: a pattern that opens with a character
# set lets the regex engine skip ahead to candidate positions instead of trying each one.
_SENTENCE_END = lazy_compile(r"[.!?…](?P<close>[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_CLOSERS = "\"'”’)]"
_ABBREV_END = lazy_compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|etc|Rev|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.[\"'”’)\]]*$"
)
_ABBREVIATIONS = _words(
    "mr mrs ms dr prof sen rep gov gen lt col capt sgt adm st jr sr inc co corp ltd no vs etc rev"
) | MONTHS


# The lines of the last text split_sentences cut that no abbreviation held together, each
# with its sentences (the pieces between end marks). features.split_sentences cuts at the
# same end marks and joins pieces only after an abbreviation this module also knows, so
# such a line is split the same there: analyze.prepare reads an article's names before
# its digest, which splits each paragraph again.
_UNJOINED: dict[str, list[str]] = {}


def unjoined_sentences(line: str) -> list[str] | None:
    """The sentences of ``line`` if the last text :func:`split_sentences` cut held it as a
    line of its own (stripped) with no abbreviation joining pieces; else None."""
    found = _UNJOINED.get(line)
    return None if found is None else list(found)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text; keeps "Mr. Austin" and "Antony J. Blinken" whole."""
    global _UNJOINED
    out: list[str] = []
    unjoined: dict[str, list[str]] = {}
    # Blank-line runs split like single line breaks: the pieces between are stripped anyway.
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        first = len(out)
        joined = False
        pending = ""
        cut = 0
        for m in _SENTENCE_END.finditer(para):
            piece = para[cut : m.end("close")].strip()
            cut = m.end()
            pending = f"{pending} {piece}" if pending else piece
            # Any abbreviation match ends at the full stop before the closing quotes and
            # starts at most five characters before it ("Sept." or the "S." of "U.S."), so
            # only the tail is searched; ``\b`` still sees the character before ``pos``.
            if _ABBREV_END.search(pending, max(0, len(pending.rstrip(_CLOSERS)) - 8)):
                joined = True
                continue
            out.append(pending)
            pending = ""
        rest = para[cut:].strip()
        pending = f"{pending} {rest}" if pending and rest else (pending or rest)
        if pending:
            out.append(pending)
        if not joined:
            unjoined[para] = out[first:]
    _UNJOINED = unjoined
    return out


class Token:
    """A word, number or punctuation mark, with what the rules ask of it computed once.

    Token objects are shared between all occurrences of the same text (see :func:`_token`),
    which keeps tokenising 20,000 articles cheap.
    """

    __slots__ = ("acronym", "bare", "capital", "code", "name_word", "plain", "possessive", "role_start",
                 "role_word", "text", "word")

    def __init__(self, text: str) -> None:
        self.text = text
        first = text[:1]
        self.word = first.isalpha()
        self.capital = first.isupper()
        self.name_word = self.word and self.capital  # may start or continue a name run
        self.bare = _bare(text) if self.word else text
        self.acronym = bool(_UPPER_NAME.match(text)) and self.bare not in SUFFIXES
        self.code = bool(_CODE.match(text))
        self.possessive = text.endswith(("'s", "’s"))
        self.plain = text[:-2] if self.possessive else text  # without a possessive
        self.role_word = self.word and self.bare not in ROLE_BREAKERS  # may sit inside a role phrase
        self.role_start = self.bare in ROLE_HEADS or self.bare in ROLE_MODIFIERS or self.bare in PLURAL_HEADS


# One Token per text: "Austin" in "Austin." is the same object as the word alone, so a
# run's tokens make one key for the run readings cached on the lexicon.
_one_token = lru_cache(maxsize=1 << 17)(Token)


@lru_cache(maxsize=1 << 17)
def _token(text: str) -> tuple[Token, ...]:
    """The token(s) for one matched piece: a full stop stays on abbreviations and initials only."""
    if len(text) > 1 and text.endswith(".") and text[:1].isalpha():
        core = text[:-1]
        if not (len(core) == 1 or "." in core or fold(core) in _ABBREVIATIONS):
            return (_one_token(core), _one_token("."))
    return (_one_token(text),)


class _ChunkTokens(dict[str, tuple[Token, ...]]):
    """Tokens of each whitespace-free chunk ("Biden’s", "(U.S.", "missiles,"), worked out on first use.

    A dict whose misses fill it: a hit is a plain dict look-up, cheaper than an
    ``lru_cache`` call, and every sentence makes one per word. Emptied when full.
    """

    def __missing__(self, chunk: str) -> tuple[Token, ...]:
        if len(self) >= 1 << 17:
            self.clear()
        out: list[Token] = []
        for piece in _TOKEN.findall(chunk):
            out.extend(_token(piece))
        found = self[chunk] = tuple(out)
        return found

    def cache_clear(self) -> None:
        self.clear()


_CHUNK_TOKENS = _ChunkTokens()
_word_tokens = _CHUNK_TOKENS.__getitem__


def tokenise_spaced(sentence: str, words: list[str] | None = None) -> tuple[list[Token], list[bool]]:
    """Tokens, and for each whether it follows the previous one directly or after one space.

    Splitting on whitespace first and caching each chunk's tokens makes this mostly
    dictionary look-ups; a gap wider than one space (a line break left inside a
    sentence) still breaks a name run. ``words``, when given, is ``sentence.split()``.
    """
    tokens: list[Token] = []
    tight: list[bool] = []
    if "  " in sentence or "\n" in sentence or "\t" in sentence:
        chunks = re.split(r"(\s{2,}|[\n\t])", sentence)
        wide = True
        for chunk in chunks:
            if not chunk or chunk.isspace():
                wide = True
                continue
            for k, word in enumerate(chunk.split()):
                found = _word_tokens(word)
                tokens.extend(found)
                tight.extend([not (wide and k == 0)] + [True] * (len(found) - 1))
            wide = False
        return tokens, tight
    tokens = list(chain.from_iterable(map(_word_tokens, sentence.split() if words is None else words)))
    return tokens, [True] * len(tokens)


def tokenise(sentence: str) -> list[Token]:
    return tokenise_spaced(sentence)[0]


# --- the place and gazetteer index -------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """A name the index knows: its canonical form and kind."""

    name: str
    kind: str  # "person", "place", "org"
    role: str = ""


class Lexicon:
    """Known names keyed by their folded token sequence, for n-gram lookup in a run."""

    def __init__(self, extra: Iterable[tuple[str, str, list[str], str]] = ()) -> None:
        self.names: dict[tuple[str, ...], Known] = {}
        self.demonyms: set[str] = set()
        self.place_words: set[str] = set()  # single folded words that are places
        self.max_len = 1
        self.starts: set[str] = set()  # first words of known names, to skip most look-ups
        for name, aliases, demonyms in countries():
            self.add(name, "place", [name, *aliases])
            self.demonyms.update(_bare(d) for d in demonyms)
        for city in cities():
            self.add(city, "place", [city])
        for name, kind, aliases, role in extra:  # the site's gazetteer wins over built-ins
            self.add(name, kind, [name, *aliases], role=role, override=True)
        self.peel = HONORIFICS | ROLE_HEADS | ROLE_MODIFIERS | DESCRIPTORS | STOP_CAPS | self.demonyms
        self.roles: dict[str, Role | None] = {}  # normalise_role's answers, which depend on this index
        self.plans: dict[tuple[tuple[Token, ...], int], Plan] = {}  # run readings, which depend on it too

    def add(self, name: str, kind: str, forms: list[str], role: str = "", override: bool = False) -> None:
        self.roles = {}
        self.plans = {}
        for form in forms:
            key = tuple(t.bare for t in tokenise(form) if t.word)
            if not key:
                continue
            if override or key not in self.names:
                self.names[key] = Known(name, kind, role)
            self.starts.add(key[0])
            self.max_len = max(self.max_len, len(key))
            if kind == "place" and len(key) == 1:
                self.place_words.add(key[0])

    def lookup(self, key: tuple[str, ...]) -> Known | None:
        return self.names.get(key)

    def is_place_word(self, bare: str) -> bool:
        return bare in self.place_words or bare in self.demonyms


# --- mentions -----------------------------------------------------------------------------


@dataclass
class Mention:
    """One occurrence of a name in an article."""

    surface: str  # as written, without honorific or title, possessive removed
    parts: tuple[str, ...]  # name tokens as written
    kind: str  # "person", "place", "org" or "name" (capitalised, undecided)
    honorific: str = ""
    roles: list[str] = field(default_factory=list)  # raw role phrases said of this name
    evidence: bool = False  # something in the text says this is a person
    known: Known | None = None  # gazetteer or place-list match
    sentence_start: bool = False
    plural_role: bool = False

    def __reduce__(self) -> tuple[type[Mention], tuple[object, ...]]:
        # Every article's mentions are pickled into the build cache; the fields as a tuple
        # make a third smaller record than the default (which names every field).
        return (Mention, (self.surface, self.parts, self.kind, self.honorific, self.roles, self.evidence,
                          self.known, self.sentence_start, self.plural_role))


_NAME_WORD = attrgetter("name_word")


def _runs(tokens: list[Token], tight: list[bool]) -> list[tuple[int, int]]:
    """[start, end) token ranges of capitalised runs joined by single spaces or particles."""
    runs = []
    n = len(tokens)
    end = 0
    # Only capitalised words start a run: visit those instead of every token.
    for i in compress(range(n), map(_NAME_WORD, tokens)):
        if i < end:
            continue  # already inside the previous run
        j = i + 1
        while j < n:
            if not tight[j]:
                break
            nxt = tokens[j]
            if nxt.name_word:
                if tokens[j - 1].possessive:
                    break
                j += 1
                continue
            # Particles between capitalised words: "von der Leyen", "bin Salman".
            k = j
            while k < n and tokens[k].bare in PARTICLES and tokens[k].word and not tokens[k].capital and tight[k]:
                k += 1
            if k > j and k < n and tokens[k].name_word and tight[k]:
                j = k + 1
                continue
            break
        runs.append((i, j))
        end = j
    return runs


MAX_ROLE_WORDS = 7
# Prepositions after which a name is a place or an organisation, not a speaker.
LOCATIVES = _words("in at near from across outside inside of into through around")


def _role_before(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[str, bool]:
    """A role phrase ending just before token ``i`` (after at most one comma)."""
    j = i - 1
    if j >= 0 and tokens[j].text == ",":
        j -= 1
    if j >= 0 and tokens[j].bare in ("of", "for", "to"):
        return "", False  # "the mayor of Ostrand": the name completes the role, it does not hold it
    end = j
    while j >= 0 and end - j < MAX_ROLE_WORDS and tokens[j].role_word:
        j -= 1
    return _trim_role(tokens[j + 1 : end + 1], lexicon)


def _role_after(tokens: list[Token], k: int, lexicon: Lexicon) -> tuple[str, bool]:
    """A role in apposition after a name ending before token ``k``: ", the defense secretary,"."""
    if k >= len(tokens) or tokens[k].text not in (",", "("):
        return "", False
    closer = ")" if tokens[k].text == "(" else None
    j = k + 1
    if j < len(tokens) and tokens[j].bare in ("the", "a", "an"):
        j += 1
    start = j
    while j < len(tokens) and j - start < MAX_ROLE_WORDS and (tokens[j].role_word or tokens[j].bare == "the"):
        j += 1
    if j == start:
        return "", False
    end_tok = tokens[j].text if j < len(tokens) else "."
    if closer and end_tok != closer:
        return "", False
    if not closer and end_tok not in (",", ".", ";", "—", "–", ":", ")"):
        return "", False
    return _trim_role(tokens[start:j], lexicon)


def _trim_role(words: list[Token], lexicon: Lexicon) -> tuple[str, bool]:
    """Cut a candidate phrase to its role: from the first role word to its head (+ "of X").

    The head must close the phrase (only an "of X"/"for X" may follow it), so "the
    minister met Lloyd Austin" gives Austin no role.
    """
    starts = [w.role_start for w in words]
    if True not in starts:
        return "", False  # no role word (or no words): the usual case
    words = words[starts.index(True) :]
    while words and words[-1].bare in ("of", "for"):
        words = words[:-1]
    # "President Biden’s national security adviser": the role is what follows the possessive.
    owners = [k for k, w in enumerate(words) if w.possessive]
    if owners:
        words = words[owners[-1] + 1 :]
    if not words:
        return "", False
    heads = [k for k, w in enumerate(words) if w.bare in ROLE_HEADS]
    if not heads:
        return "", words[-1].bare in PLURAL_HEADS
    last = heads[-1]
    tail = words[last + 1 :]
    if tail and tail[0].bare not in ("of", "for"):
        return "", words[-1].bare in PLURAL_HEADS
    return " ".join(w.text for w in words), False


def find_mentions(text: str, lexicon: Lexicon, lower_vocab: set[str] | None = None,
                  cache: dict[str, list] | None = None) -> list[Mention]:
    """Every name candidate in ``text`` with its honorific, roles and person evidence.

    ``lower_vocab`` holds words the article also writes in lower case: a capitalised one
    that opens a sentence is an ordinary word ("Regarding"), not the start of a name.
    ``cache`` (shared across a corpus; see :func:`sentence_entry`) reuses the reading of
    sentences that recur in wire copies; the mentions it returns are shared and must not
    be changed.
    """
    lower_vocab = lower_vocab or set()
    mentions: list[Mention] = []
    for sentence in split_sentences(text):
        entry = cache.get(sentence) if cache is not None else None
        words = None
        if entry is None:
            words = sentence.split()
            entry = sentence_entry(words)
            if cache is not None:
                cache[sentence] = entry
        first, caps = entry[0], entry[1]
        if first is None:
            continue  # no words
        # What of the article the reading depends on: whether it writes the opening word in
        # lower case, and whether the sentence is a title-case heading in it.
        opener = first in lower_vocab
        heading = caps is not None and _is_heading(caps, lower_vocab)
        slot = 2 + 2 * opener + heading
        found = entry[slot]
        if found is None:
            if heading:
                found = []
            else:
                found = _sentence_mentions(sentence, sentence.split() if words is None else words, lexicon,
                                           lower_vocab if opener else _NONE)
            entry[slot] = found
        mentions.extend(found)
    return mentions


def sentence_entry(words: list[str]) -> list:
    """What :func:`find_mentions` caches of a sentence (given as its ``split()`` words):
    ``[first, caps, r0, r1, r2, r3]``.

    ``first`` is the opening word as the opener test looks it up (None for a sentence
    without words), ``caps`` the looked-up forms of its capitalised words when the
    sentence has the shape of a title-case heading (else None), and the four readings
    (None until made) are those for (opener, heading) = (F, F), (F, T), (T, F), (T, T).
    Looking a recurring sentence up by its text alone skips splitting it into words
    and the heading test's count, which do not depend on the article.
    """
    if not words:
        return [None, None, None, None, None, None]
    return [_bare(words[0].strip("\"'“‘(")), _heading_caps(words), None, None, None, None]


_NONE: frozenset[str] = frozenset()


def _sentence_mentions(sentence: str, words: list[str], lexicon: Lexicon,
                       lower_vocab: AbstractSet[str]) -> list[Mention]:
    plans = lexicon.plans
    if sentence[1:].islower():
        # Only the first character is a capital, so the one run a name could start is the
        # sentence's first word on its own; most such words are peeled ("The", "It") and
        # the rest of the sentence need not be tokenised.
        first = _word_tokens(words[0])
        if not first or not first[0].name_word:
            return []
        key = ((first[0],), 2 if first[0].bare in lower_vocab else 1)
        plan = plans.get(key)
        if plan is None:
            if len(plans) >= MAX_PLANS:
                plans.clear()
            plan = plans[key] = _split_run(key[0], 0, lexicon, key[1] == 2, True)
        if not plan:
            return []
    tokens, tight = tokenise_spaced(sentence, words)
    sentence_mentions: list[tuple[int, int, Mention]] = []
    for a, b in _runs(tokens, tight):
        # A run's reading depends only on its own tokens and, for a run that opens the
        # sentence, on whether its first word is an ordinary one; names recur, so the
        # reading is worked out once per lexicon and only the context is read each time.
        key = (tuple(tokens[a:b]), (2 if tokens[0].bare in lower_vocab else 1) if a == 0 else 0)
        plan = plans.get(key)
        if plan is None:
            if len(plans) >= MAX_PLANS:
                plans.clear()
            plan = plans[key] = _split_run(key[0], 0, lexicon, key[1] == 2, a == 0)
        for start, end, kind, surface, parts, known, honorific, evidence, sentence_start, context in plan:
            mention = Mention(surface, parts, kind, honorific, [], evidence, known, sentence_start)
            if context:
                _attach_context(mention, tokens, a + start, a + end, lexicon)
            sentence_mentions.append((a + start, a + end, mention))
    # Names joined by "and" to a person are people too ("Yoko Kamikawa and Minoru Kihara").
    for k in range(1, len(sentence_mentions)):
        (_, pe, prev), (cs, _, cur) = sentence_mentions[k - 1], sentence_mentions[k]
        # The cheap tests first: most neighbouring mentions are not two full names.
        if cs - pe == 1 and tokens[pe].bare in ("and", ",") and prev.kind == cur.kind == "name" \
                and len(prev.parts) > 1 and len(cur.parts) > 1 and (prev.evidence or cur.evidence):
            prev.evidence = cur.evidence = True
    return [m for _, _, m in sentence_mentions]


# How many run readings a lexicon keeps (about 300 bytes each); the cache starts afresh when full.
MAX_PLANS = 50_000
# One mention a run holds, as offsets in the run and the fields of its Mention; ``context``
# says whether the words around it are read for roles and speech verbs.
Plan = tuple[tuple[int, int, str, str, tuple[str, ...], Known | None, str, bool, bool, bool], ...]


def _split_run(parts: tuple[Token, ...], i: int, lexicon: Lexicon, first_lower: bool, at_start: bool) -> Plan:
    """Peel honorifics, titles, nationality words and sentence openers off a run, then classify it.

    ``first_lower``: the run opens the sentence with a word the article also writes in
    lower case; ``at_start``: the run opens the sentence.
    """
    honorific = ""
    peel = lexicon.peel
    b = len(parts)
    while i < b:
        bare = parts[i].bare
        if bare in HONORIFICS:
            honorific = parts[i].text.rstrip(".")
        elif bare not in peel:
            if i == 0 and first_lower:
                pass  # a sentence opener the article also writes in lower case: an ordinary word
            elif lexicon.lookup((bare,)) and i + 1 < b and parts[i + 1].bare in peel \
                    and parts[i + 1].bare not in STOP_CAPS and parts[i + 1].bare not in HONORIFICS:
                pass  # "Japan Prime Minister": a place heading a title
            else:
                break
        i += 1
    if i >= b:
        return ()
    return _classify(parts, i, lexicon, honorific, at_start)


def _classify(run: tuple[Token, ...], i: int, lexicon: Lexicon, honorific: str, at_start: bool) -> Plan:
    """Turn the name tokens ``run[i:]`` into mentions (a run may hold a place and a name)."""
    b = len(run)
    parts = run[i:]
    bares = tuple([t.bare for t in parts])
    # Longest known name at the start of the run ("South China Sea", "Tokyo").
    for n in range(min(len(parts), lexicon.max_len) if bares[0] in lexicon.starts else 0, 0, -1):
        known = lexicon.lookup(bares[:n])
        if known is None:
            continue
        if known.kind == "place" and (honorific or n == 1 < len(parts)):
            break  # "Mr. Jordan", "Victoria Nuland", "China Coast Guard": not the place itself
        words = tuple([t.plain for t in parts[:n]])
        first = (i, i + n, known.kind, " ".join(words), words, known, honorific,
                 known.kind == "person" or bool(honorific), False, known.kind == "person")
        if n < len(parts):
            return (first, *_split_run(run, i + n, lexicon, False, at_start))
        return (first,)
    if any([t.code for t in parts]):
        return ()  # "D-N.Y.", "F-35": codes, not names
    if not ORG_WORDS.isdisjoint(bares) or any([t.acronym for t in parts]):
        texts = tuple([t.text for t in parts])
        return ((i, b, "org", " ".join(texts), texts, None, "", False, False, False),)
    if len(parts) > 1 and bares[-1] in GEO_SUFFIXES:
        texts = tuple([t.text for t in parts])
        return ((i, b, "place", " ".join(texts), texts, None, "", False, False, False),)
    if len(parts) > 5:
        return ()
    words = tuple([t.plain for t in parts])
    return ((i, b, "name", " ".join(words), words, None, honorific, bool(honorific), at_start and i == 0, True),)


def _attach_context(mention: Mention, tokens: list[Token], i: int, b: int, lexicon: Lexicon) -> None:
    # Most names have neither a title before them nor an apposition after: the role readers
    # are only called when the next word could start one (they find nothing otherwise).
    prev = tokens[i - 1] if i else None
    if prev is not None and (prev.role_word or prev.text == ","):
        before, plural_before = _role_before(tokens, i, lexicon)
    else:
        before, plural_before = "", False
    nxt = tokens[b] if b < len(tokens) else None
    if nxt is not None and (nxt.text == "," or nxt.text == "("):
        after, plural_after = _role_after(tokens, b, lexicon)
    else:
        after, plural_after = "", False
    if before or after:
        for role in (before, after):
            if role and role not in mention.roles:
                mention.roles.append(role)
    if mention.roles:
        mention.evidence = True
    if plural_before or plural_after:
        mention.plural_role = mention.evidence = True
    if prev is None:
        if nxt is not None and nxt.bare in SPEECH_VERBS:
            mention.evidence = True
        return
    # "X said" (not "the group in X, said": there the speaker is the name before the apposition).
    if nxt is not None and nxt.bare in SPEECH_VERBS and prev.bare not in LOCATIVES:
        mention.evidence = True
    if prev.bare in SPEECH_VERBS:
        mention.evidence = True
    if i >= 2 and prev.bare == "to" and tokens[i - 2].bare == "according":
        mention.evidence = True


_FIRST = itemgetter(0)


def _is_heading(caps: tuple[str, ...], lower_vocab: AbstractSet[str]) -> bool:
    """A title-case line ("Strengthening Military Alliance Amid Threats") names nothing by case.

    Most of its words are capitalised (``caps``, from :func:`_heading_caps`), and at least
    two of those are ordinary words the article also writes in lower case.
    """
    return sum([b in lower_vocab for b in caps]) >= 2


def _heading_caps(words: list[str]) -> tuple[str, ...] | None:
    """The bare forms of a sentence's capitalised words if they are enough for a heading, else None:
    the part of :func:`_is_heading` that does not depend on the article."""
    if len(words) < 4:
        return None
    # Counted in C first: most sentences are far from title case.
    if sum(map(str.isupper, map(_FIRST, words))) < 0.7 * len(words):
        return None
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) < 0.7 * len(words):
        return None
    return tuple([_bare(w.strip(".,;:!?\"'“”‘’()")) for w in caps])


_LOWER_WORD = lazy_compile(r"\b[a-z][a-z'’-]+\b")
# The same on ASCII text, where ASCII ``\b`` is Unicode ``\b`` and costs a third less.
_LOWER_WORD_ASCII = lazy_compile(_LOWER_WORD.pattern, re.ASCII)


def lower_words(text: str) -> set[str]:
    """Words the text writes in lower case at least once."""
    return set((_LOWER_WORD_ASCII if text.isascii() else _LOWER_WORD).findall(text))


# --- names and roles ----------------------------------------------------------------------


class PersonName(NamedTuple):
    """A person's name split into parts; comparisons use the folded parts.

    A named tuple: a build parses tens of thousands of distinct names, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` a field) made half of that cost.
    """

    first: str  # "" when only a surname is known
    middles: tuple[str, ...]
    last: str
    suffix: str

    @property
    def first_is_initial(self) -> bool:
        return len(self.first.rstrip(".")) == 1


@lru_cache(maxsize=1 << 16)
def parse_name(parts: tuple[str, ...]) -> PersonName | None:
    suffix = ""
    if len(parts) > 1 and _bare(parts[-1]) in SUFFIXES:
        suffix = parts[-1]
        parts = parts[:-1]
    if not parts:
        return None
    end = parts[-1]
    if end.endswith(("'s", "’s")):
        parts = (*parts[:-1], end[:-2])
    # Particles stay with the surname: "Ursula von der Leyen" → last "von der Leyen".
    k = len(parts) - 1
    while k > 0 and _bare(parts[k - 1]) in PARTICLES:
        k -= 1
    if k == 0:
        return PersonName("", (), " ".join(parts), suffix)
    return PersonName(parts[0], parts[1:k], " ".join(parts[k:]), suffix)


_ROLE_SPELLING = {
    "defence": "defense", "advisor": "adviser", "counsellor": "counselor", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
    "sen": "senator", "rep": "representative", "gen": "general", "adm": "admiral", "col": "colonel",
    "lt": "lieutenant", "capt": "captain", "maj": "major", "sgt": "sergeant", "labour": "labor",
    "vice-president": "vice president",
}


@dataclass(frozen=True)
class Role:
    """A role phrase normalised for comparison."""

    display: str  # lower case, without nationality: "defense secretary", "secretary of state"
    key: str  # order-free form: "defense secretary" == "secretary of defense"
    head: str
    qualifiers: frozenset[str]
    past: bool  # "former", "acting", "incoming": not compared


def normalise_role(raw: str, lexicon: Lexicon) -> Role | None:
    """The role a raw phrase names, or None; memoised on the lexicon (every mention of a person asks)."""
    if raw in lexicon.roles:
        return lexicon.roles[raw]
    role = lexicon.roles[raw] = _normalise_role(raw, lexicon)
    return role


def _normalise_role(raw: str, lexicon: Lexicon) -> Role | None:
    words = []
    for t in tokenise(raw):
        if not t.word:
            continue
        b = _ROLE_SPELLING.get(t.bare, t.bare)
        words.extend(b.split())
    # Drop nationality and place words ("U.S.", "Japanese", "of Japan") and articles.
    kept = []
    skip_of = False
    for k, w in enumerate(words):
        if w in ("the", "a", "an"):
            continue
        if (w in lexicon.demonyms or lexicon.is_place_word(w) or lexicon.lookup((w,)) is not None
                or w in ("united", "states", "white", "house")) and w not in ROLE_HEADS and w not in ROLE_MODIFIERS:
            if kept and kept[-1] in ("of", "for"):
                kept.pop()
                skip_of = True
            continue
        del k
        kept.append(w)
    del skip_of
    while kept and kept[-1] in ("of", "for"):
        kept.pop()
    heads = [w for w in kept if w in ROLE_HEADS]
    if not heads:
        return None
    past = any(w in PAST_MODIFIERS for w in kept)
    display = " ".join(w for w in kept if w not in PAST_MODIFIERS or w == "former")
    display = " ".join(kept) if past else display
    # "secretary of defense" → "defense secretary": the department moves before the head.
    if "of" in kept or "for" in kept:
        cut = next(k for k, w in enumerate(kept) if w in ("of", "for"))
        front, back = kept[:cut], [w for w in kept[cut + 1 :] if w not in ("of", "for", "affairs")]
        ordered = back + front
    else:
        ordered = [w for w in kept if w != "affairs"]
    core = [w for w in ordered if w not in EMPTY_MODIFIERS and w not in PAST_MODIFIERS]
    head = next((w for w in reversed(core) if w in ROLE_HEADS), heads[-1])
    quals = frozenset(w for w in core if w != head)
    display_words = [w for w in display.split() if w not in EMPTY_MODIFIERS]
    return Role(display=" ".join(display_words), key=" ".join(core), head=head, qualifiers=quals, past=past)


def roles_compatible(a: Role, b: Role) -> bool:
    """Two roles may both be true of one person (one refines the other, or different offices)."""
    if a.key == b.key or a.head != b.head:
        return True
    diff = a.qualifiers ^ b.qualifiers
    if diff & RANK_MODIFIERS:
        return False
    return a.qualifiers <= b.qualifiers or b.qualifiers <= a.qualifiers


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions, cut off above ``limit``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def deletion_keys(word: str) -> set[str]:
    """The word and every one-letter deletion of it: words within one edit share a key."""
    return {word} | {word[:k] + word[k + 1 :] for k in range(len(word))}


# Short forms that name the same person; a different spelling is not flagged for these.
NICKNAMES = [
    "anthony tony", "antony tony", "william bill will billy", "robert bob rob bobby", "richard dick rick rich",
    "james jim jimmy jamie", "joseph joe", "michael mike mick", "thomas tom tommy", "charles charlie chuck",
    "edward ed ted eddie", "elizabeth liz beth betty", "katherine catherine kate kathy cathy",
    "margaret maggie meg peggy", "alexander alex sasha", "daniel dan danny", "david dave",
    "steven stephen steve", "christopher chris", "nicholas nick", "benjamin ben", "samuel sam",
    "jonathan jon", "matthew matt", "andrew andy", "patrick pat", "timothy tim", "gregory greg",
    "donald don", "ronald ron", "kenneth ken", "lawrence larry", "gerald jerry", "jennifer jen jenny",
    "rebecca becky", "susan sue", "deborah debbie deb", "abdullah abdallah", "mohammed muhammad mohamed mohammad",
]
_NICK = {}
for _group in NICKNAMES:
    _names = _group.split()
    for _n in _names:
        _NICK.setdefault(_n, set()).update(_names)


def nickname_keys(name: str) -> set[str]:
    """Keys shared by the forms of one given name ("joe" and "joseph" share "~joseph")."""
    return {f"~{form}" for form in _NICK.get(_bare(name), {_bare(name)})}


def same_given_name(a: str, b: str) -> bool:
    """Forms of one given name: equal, initial and name, or a known short form."""
    a, b = _bare(a), _bare(b)
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return b in _NICK.get(a, ())


def given_name_misspelt(a: str, b: str) -> bool:
    """Two spellings one edit apart: one given name written wrongly ("Anthony"/"Antony")."""
    a, b = _bare(a), _bare(b)
    if a == b or len(a) < 4 or len(b) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    return edit_distance(a, b, 1) <= 1


def surname_misspelt(a: str, b: str) -> bool:
    """Two surnames close enough to be one spelled wrongly ("Blinkin"/"Blinken")."""
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    return edit_distance(a, b, 2) <= (1 if max(len(a), len(b)) < 8 else 2)

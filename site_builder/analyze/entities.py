"""People, places and organisations across the corpus, and the corpus-wide name and role checks.

:mod:`site_builder.analyze.names` reads each article on its own; this module decides,
with the whole corpus in view (see docs/entities.md):

* which capitalised names are people — a name counts when some article gives it (or its
  surname) an honorific, a role or a speech verb, or the site's gazetteer lists it;
* which spellings are one person — the same surname with compatible given names
  ("Lloyd J. Austin III" = "Lloyd Austin"; "Antony" ≈ "Anthony"), surnames one edit apart
  when the given name, a role or a story agrees ("Blinkin" → "Blinken"), and surname-only
  mentions ("Mr. Austin") resolved first inside their article, then across the corpus;
* where an article departs from what most articles say about a person — a surname or a
  given name spelled differently, or a role that conflicts with the majority role — and
  flags it on the article (``warnings``) and its story (``warnings`` and a ``Conflict``).

Every step is a dictionary pass or works inside small blocks (one surname, one
deletion key), so the cost grows with the corpus, never with its square.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from site_builder.analyze.features import collector_paused, fork_map
from site_builder.analyze.names import (
    Lexicon,
    Mention,
    PersonName,
    Role,
    deletion_keys,
    find_mentions,
    fold,
    given_name_misspelt,
    lower_words,
    nickname_keys,
    normalise_role,
    parse_name,
    roles_compatible,
    same_given_name,
    surname_misspelt,
)
from site_builder.config import slugify
from site_builder.model import Article, Conflict, Person, SiteConfig, Story, value_digest

# A minority spelling or role is flagged only when the majority has at least this many
# articles: with one article against one, nobody can say which is right.
MIN_MAJORITY = 2
# A role is flagged when at most this share of the articles that give the person a role use it.
MAX_MINORITY_SHARE = 0.34
# How many other articles a conflict lists for the majority variant.
MAX_EXAMPLES = 8


class _Unit:
    """A group of mentions believed to be one person; merged with union-find.

    A plain class with slots: tens of thousands are made per build, and a dataclass with
    a default factory costs about twice as much to create.
    """

    __slots__ = ("first", "id", "last", "parent", "sources")

    def __init__(self, uid: int, last: str, first: str) -> None:
        self.id = uid
        self.last = last  # folded surname
        self.first = first  # folded given name ("" when only a surname is known)
        self.parent = uid
        # The articles whose full-name mentions formed the unit: what merging compares.
        self.sources: set[str] = set()


class _Units:
    def __init__(self) -> None:
        self.units: list[_Unit] = []

    def new(self, last: str, first: str = "") -> _Unit:
        unit = _Unit(len(self.units), last, first)
        self.units.append(unit)
        return unit

    def root(self, uid: int) -> int:
        while self.units[uid].parent != uid:
            self.units[uid].parent = self.units[self.units[uid].parent].parent
            uid = self.units[uid].parent
        return uid

    def union(self, keep: int, other: int) -> None:
        a, b = self.root(keep), self.root(other)
        if a != b:
            self.units[b].parent = a


@dataclass
class EntityIndex:
    """What the entity pass found; kept so other steps can reuse it without re-reading."""

    people: list[Person]
    mentions: dict[str, list[Mention]]  # article source → mentions
    person_of: dict[tuple[str, int], str]  # (article source, mention index) → person slug
    places: dict[str, Counter[str]]  # article source → place name → count
    orgs: dict[str, Counter[str]]


def build_people(articles: list[Article], stories: list[Story], config: SiteConfig,
                 mentions: dict[str, list[Mention]] | None = None) -> list[Person]:
    """People of the corpus; also fills ``Story.people``/``places`` and flags name and role conflicts.

    ``mentions`` holds :func:`read_mentions` results already known (a build caches them
    per file version); articles missing from it are read here.
    """
    return index_entities(articles, stories, config, mentions).people


def index_entities(articles: list[Article], stories: list[Story], config: SiteConfig,
                   mentions: dict[str, list[Mention]] | None = None) -> EntityIndex:
    """Read every article, decide who is who across the corpus, flag departures from the majority."""
    with collector_paused():  # millions of small acyclic objects
        return _index_entities(articles, stories, config, mentions or {})


def _gazetteer(config: SiteConfig) -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    return tuple((e.name, e.kind, tuple(e.aliases), e.role) for e in config.entities)


@lru_cache(maxsize=4)
def _lexicon(gazetteer: tuple[tuple[str, str, tuple[str, ...], str], ...]) -> Lexicon:
    return Lexicon((name, kind, list(aliases), role) for name, kind, aliases, role in gazetteer)


def lexicon_for(config: SiteConfig) -> Lexicon:
    """The name index of the built-in places plus the site's gazetteer, built once per process."""
    return _lexicon(_gazetteer(config))


# Per gazetteer: the reading of a sentence depends on which names are known.
_READ_CACHES: dict[tuple, dict[str, list]] = {}  # gazetteer → sentence → names.sentence_entry
# Sentences a read cache holds before it starts afresh. A parse worker of a 20,000-article
# build reads 10,000 articles, about 155,000 distinct sentences whose recurrences lie far
# apart (wire copies of one story are not parsed together): at 50,000 the cache was emptied
# three times and 42,000 sentences were read again (a tenth of the worker's reading time).
# An entry costs about 200 bytes (most sentences name nobody), so this is ~40 MB at most.
MAX_READ_SENTENCES = 200_000


def read_mentions(article: Article, config: SiteConfig) -> list[Mention]:
    """The name mentions of one article: a pure function of its text and the site's gazetteer.

    Recurring sentences (wire copies) are read once per process; the cache is bounded.
    """
    gazetteer = _gazetteer(config)
    cache = _READ_CACHES.get(gazetteer)
    if cache is None or len(cache) > MAX_READ_SENTENCES:
        if len(_READ_CACHES) > 4:
            _READ_CACHES.clear()
        cache = _READ_CACHES[gazetteer] = {}
    text = article.text
    return find_mentions(text, _lexicon(gazetteer), lower_words(text), cache)


# What the analysis memo's key for the people step reads of one article's mentions:
# (kept, loose, surnames) — the digest of its mentions with the loose ones left out (see
# :func:`mentions_print`), the folded words of its loose mentions and the folded surnames
# of its full names. A plain tuple, the words one string each (a line a word): the memo
# keeps one per article, and a named tuple or sets would load and store slower.
MentionsPrint = tuple[bytes, str, str]


def is_loose(m: Mention) -> bool:
    """A lone capitalised word that nothing marks as a person: no honorific, role or other evidence.

    It can only join a person whose full name some article writes with that word as the
    surname (the one path of :func:`_resolve_surnames` open to it); otherwise it names
    nobody and changes nothing. "Update" opening a sentence is such a word.
    """
    return m.kind == "name" and len(m.parts) == 1 and not (m.evidence or m.honorific or m.roles)


def kept_digest(found: list[Mention]) -> bytes:
    """A digest of an article's mentions with its loose ones left out: a :data:`MentionsPrint`'s first part."""
    return value_digest([m for m in found if not is_loose(m)])


def mentions_print(found: list[Mention], kept: bytes) -> MentionsPrint:
    """The article's part of the people step's memo key (see :func:`people_key_part`), given
    :func:`kept_digest` of its mentions.

    Loose mentions are left out of ``kept``, so an edit that only adds or removes
    capitalised words naming nobody leaves the people step to be replayed.
    """
    surnames: set[str] = set()
    loose: set[str] = set()
    for m in found:
        if is_loose(m):
            loose.add(fold(m.parts[0]))
        parts = _name_parts(m)
        if parts is None:
            continue
        last = _full_surname(parts)
        if last is not None:
            surnames.add(last)
    return kept, "\n".join(sorted(loose)), "\n".join(sorted(surnames))


@lru_cache(maxsize=1 << 18)
def _full_surname(parts: tuple[str, ...]) -> str | None:
    """The folded surname of a name written with a given name, else None.

    Its own bounded cache, larger than ``parse_name``'s: every article's print asks for
    each of its names, and the distinct names of 20,000 articles overflowed that one
    (186,000 parses, most of them of names parsed before).
    """
    key, last, _ = _parsed_name(parse_name(parts))
    return last if key is not None else None


def people_key_part(kept: bytes, loose: str, full: bytes, surnames: set[str]) -> bytes:
    """An article's mentions as the people step reads them, given every surname of the corpus.

    While none of its loose words is a surname some article writes in a full name, its
    loose mentions are inert (they join nobody, and nothing counts them), so ``kept``
    stands for the article; otherwise ``full``, the print of all its mentions, does.
    Equal parts for every article thus mean an equal outcome: all full names are then
    equal, so the corpus's surnames are too. ``kept`` and ``loose`` are those of its
    :data:`MentionsPrint`.
    """
    if loose and not surnames.isdisjoint(loose.split("\n")):
        return full
    return kept


def _index_entities(articles: list[Article], stories: list[Story], config: SiteConfig,
                    known: dict[str, list[Mention]]) -> EntityIndex:
    lexicon = lexicon_for(config)
    known_roles = {e.name: e.role for e in config.entities if e.kind == "person" and e.role}
    story_of = _story_of(articles, stories)

    def read(article: Article) -> list[Mention]:
        return read_mentions(article, config)

    # Reading is per article and pure (the cache only memoises), so big corpora split it
    # over forked workers; each keeps its own cache.
    todo = [a for a in articles if a.source not in known]
    found = dict(zip((a.source for a in todo), fork_map(read, todo), strict=True))
    mentions: dict[str, list[Mention]] = {a.source: known[a.source] if a.source in known else found[a.source]
                                          for a in articles}

    units = _Units()
    unit_of: dict[tuple[str, int], int] = {}
    names = _Names()
    grouped = _group_full_names(mentions, units, unit_of, story_of, names)
    _merge_misspelt_surnames(units, grouped.full_units, story_of)
    roots = _resolve_surnames(mentions, units, unit_of, story_of, grouped)

    clusters: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key, uid in unit_of.items():
        clusters[roots[uid]].append(key)

    people, person_of, named_in, flags, disagreements = _make_people(clusters, mentions, lexicon, known_roles,
                                                                     story_of, names)
    by_source = {a.source: a for a in articles}
    _apply_flags(flags, by_source, stories, story_of)
    story_by_id = {s.id: s for s in stories}
    for story_id, conflict in disagreements:
        story = story_by_id.get(story_id)
        if story is not None and not any(c.kind == conflict.kind and c.subject == conflict.subject
                                          for c in story.comparison.conflicts):
            story.comparison.conflicts.append(conflict)

    places: dict[str, Counter[str]] = {}
    orgs: dict[str, Counter[str]] = {}
    for source, found in mentions.items():
        # One pass over the mentions for both kinds (most mentions are neither).
        place_names: list[str] = []
        org_names: list[str] = []
        for m in found:
            kind = m.kind
            if kind == "place":
                place_names.append(m.known.name if m.known else m.surface)
            elif kind == "org":
                org_names.append(m.known.name if m.known else m.surface)
        places[source] = Counter(place_names)
        orgs[source] = Counter(org_names)
    _fill_stories(stories, named_in, places)
    return EntityIndex(people=people, mentions=mentions, person_of=person_of, places=places, orgs=orgs)


def _story_of(articles: list[Article], stories: list[Story]) -> dict[str, str]:
    out = {a.source: a.story_id for a in articles if a.story_id}
    for story in stories:
        for member in story.articles:
            out[member.source] = story.id
    return out


# --- grouping ---------------------------------------------------------------------------------


class _Names(dict[tuple[str, ...], PersonName | None]):
    """``parse_name`` of each distinct name of the build, parsed once.

    A dictionary rather than ``parse_name``'s bounded cache, which the names of 20,000
    articles overflow; grouping, the canonical names and the spelling checks all read it.
    """

    def __missing__(self, parts: tuple[str, ...]) -> PersonName | None:
        name = self[parts] = parse_name(parts)
        return name


# What grouping reads from a candidate's name: its key (folded given name without a final
# dot, folded surname; None without a given name), its folded surname (None when the
# words are no name) and, for evidence, its folded given name as written with the surname.
_Parsed = tuple[tuple[str, str] | None, str | None, tuple[str, str] | None]
_NOT_A_NAME: _Parsed = (None, None, None)


def _name_parts(m: Mention) -> tuple[str, ...] | None:
    """The words of the name a mention may give a person (a gazetteer person's by its entry), or
    None for a place or organisation: what grouping parses, and the people key's surnames come from."""
    kind = m.kind
    if kind == "name":
        return m.parts
    if kind == "person":
        return tuple((m.known.name if m.known else m.surface).split())
    return None


class _ParsedNames(dict[tuple[str, ...], _Parsed]):
    """:func:`_parsed_name` of each distinct name of the build, made once (a subscript
    that hits costs less than ``dict.get``, and grouping asks once per mention)."""

    def __init__(self, names: _Names) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, parts: tuple[str, ...]) -> _Parsed:
        parsed = self[parts] = _parsed_name(self.names[parts])
        return parsed


def _parsed_name(name: PersonName | None) -> _Parsed:
    if name is None:
        return _NOT_A_NAME
    last = fold(name.last)
    if not name.first:
        return None, last, None
    first = fold(name.first)
    return (first.rstrip("."), last), last, (first, last)


@dataclass
class _Grouped:
    """What grouping leaves for the steps after it."""

    full_units: dict[str, list[_Unit]]  # folded surname → its full-name units
    # Article → the units its full names were given (before any one-word name is resolved).
    article_units: dict[str, list[int]]
    # Articles in corpus order, each with its one-word names that grouping left unassigned.
    lonely: list[tuple[str, list[int]]]


def _group_full_names(mentions: dict[str, list[Mention]], units: _Units, unit_of: dict[tuple[str, int], int],
                      story_of: dict[str, str], names: _Names) -> _Grouped:
    """Full names (given name + surname) that are people, grouped by surname and given name.

    Two given names one edit apart ("Anthony"/"Antony") are one person only when their
    contexts agree: a shared story, or at least two other people named alongside both;
    otherwise "Mary Smith" and "Mark Smith" would be merged.
    """
    evidence_full: set[tuple[str, str]] = set()
    evidence_last: set[str] = set()
    # Per article, its distinct full names: key → the mention indices that write it, and
    # the first index where it is a gazetteer person. An article repeats its names, so the
    # steps below work per distinct name and only the final assignment per mention.
    written: list[tuple[str, dict[tuple[str, str], list[int]], dict[tuple[str, str], int]]] = []
    lonely: list[tuple[str, list[int]]] = []
    # Names recur across articles: each is parsed and folded once per build.
    seen = _ParsedNames(names)
    for source, found in mentions.items():
        keys: dict[tuple[str, str], list[int]] = {}
        person_at: dict[tuple[str, str], int] = {}
        single: list[int] = []
        for k, m in enumerate(found):
            # _name_parts, inlined for the common kinds: this loop visits every mention of the corpus.
            kind = m.kind
            if kind == "name":
                parts = m.parts
            elif kind == "person":
                parts = _name_parts(m)  # type: ignore[assignment]
            else:
                continue
            key, last, full = seen[parts]
            if m.evidence and last is not None:
                evidence_last.add(last)
                if full is not None:
                    evidence_full.add(full)
            if key is None:
                # Only a name with a given name is assigned here (a one-word mention of a
                # gazetteer person whose entry has one is, always: see the inclusion below).
                if len(m.parts) == 1:
                    single.append(k)
                continue
            at = keys.get(key)
            if at is None:
                keys[key] = [k]
            else:
                at.append(k)
            if kind == "person" and key not in person_at:
                person_at[key] = k
        if keys:
            written.append((source, keys, person_at))
        if single:
            lonely.append((source, single))

    # Given names per surname, with the articles that write each and which co-occur. A
    # name counts where it is a gazetteer person or has evidence somewhere (a given name's
    # evidence is looked up as written, with its dot). Surnames enter ``by_last`` in the
    # order of the first mention that counts, which fixes the order units are made in.
    by_last: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    # Each article's names, for the few given-name pairs that need their contexts (``related``).
    keys_of: dict[str, dict[tuple[str, str], list[int]]] = {}
    for source, keys, person_at in written:
        keys_of[source] = keys
        counted: list[tuple[int, str, str]] = []
        moved = False
        for key, at in keys.items():
            first, last = key
            if key in evidence_full or last in evidence_last:
                counted.append((at[0], first, last))
            elif key in person_at:
                counted.append((person_at[key], first, last))
                moved = moved or person_at[key] != at[0]
        if moved:
            counted.sort()
        for _, first, last in counted:
            by_last[last][first].add(source)

    def related(last: str, a: str, b: str) -> bool:
        arts_a, arts_b = by_last[last][a], by_last[last][b]
        if {story_of.get(x) for x in arts_a} & {story_of.get(x) for x in arts_b} - {None}:
            return True
        near_a = {other for x in arts_a for _, other in keys_of[x]} - {last}
        near_b = {other for x in arts_b for _, other in keys_of[x]} - {last}
        return len(near_a & near_b) >= 2

    full_units: dict[str, list[_Unit]] = {}
    unit_for: dict[tuple[str, str], _Unit] = {}
    close = _close_given_names(f for firsts in by_last.values() if len(firsts) > 1 for f in firsts if len(f) > 1)
    for last, firsts in by_last.items():
        if len(firsts) == 1:
            # Most surnames come with one given name (or initial): one unit, nothing to compare.
            (first,) = firsts
            home = unit_for[(first, last)] = units.new(last, first)
            full_units[last] = [home]
            continue
        names_by_use = sorted(firsts, key=lambda f: (-len(firsts[f]), f))
        full = [f for f in names_by_use if len(f) > 1]
        made: list[_Unit] = []
        # Candidates are the units made by given names close to this one (see
        # _close_given_names), so a surname with many given names is not compared all
        # against all; they are tried in the order they were made.
        made_by: dict[str, _Unit] = {}
        for first in full:
            home = None
            near = close[first]
            if near and made_by:
                candidates = [made_by[f] for f in near if f in made_by]
                if len(candidates) > 1:
                    candidates.sort(key=_unit_id)
                for unit in candidates:
                    if same_given_name(first, unit.first) or (
                            given_name_misspelt(first, unit.first) and not firsts[first] & firsts[unit.first]
                            and related(last, first, unit.first)):
                        home = unit
                        break
            if home is None:
                home = made_by[first] = units.new(last, first)
                made.append(home)
            unit_for[(first, last)] = home
        for first in names_by_use:
            if len(first) > 1:
                continue
            # An initial joins the most-written given name it can stand for.
            home = next((u for u in made if u.first[:1] == first), None)
            if home is None:
                home = units.new(last, first)
                made.append(home)
            unit_for[(first, last)] = home
        full_units[last] = made

    # Each article's names in the order of their first mention, so a person's first
    # appearance in ``unit_of`` is where it was before (which orders the clusters).
    article_units: dict[str, list[int]] = {}
    for source, keys, _ in written:
        uids = article_units[source] = []
        for key, at in keys.items():
            unit = unit_for.get(key)
            if unit is None:
                continue
            unit.sources.add(source)
            uid = unit.id
            uids.append(uid)
            for k in at:
                unit_of[(source, k)] = uid
    return _Grouped(full_units=full_units, article_units=article_units, lonely=lonely)


def _unit_id(unit: _Unit) -> int:
    return unit.id


def _close_given_names(firsts: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each given name → the others that share one of its :func:`_given_keys` (one edit
    apart, or short forms of one name): the only given names grouping compares it with.

    Made once over the given names of the corpus, not per surname: the same names
    recur under thousands of surnames.
    """
    distinct = set(firsts)
    index: dict[str, list[str]] = defaultdict(list)
    for first in distinct:
        for key in _given_keys(first):
            index[key].append(first)
    none: frozenset[str] = frozenset()
    close: dict[str, frozenset[str]] = {}
    for first in distinct:
        near = {other for key in _given_keys(first) for other in index[key]}
        near.discard(first)
        close[first] = frozenset(near) if near else none
    return close


@lru_cache(maxsize=1 << 16)
def _given_keys(first: str) -> frozenset[str]:
    """Keys under which a folded given name meets those one edit away or its short forms."""
    return frozenset(deletion_keys(first) | nickname_keys(first))


@lru_cache(maxsize=1 << 16)
def _given_names_agree(a: str, b: str) -> bool:
    """The same given name, a form of it, or one misspelt (folded names)."""
    return same_given_name(a, b) or given_name_misspelt(a, b)


def _merge_misspelt_surnames(units: _Units, full_units: dict[str, list[_Unit]], story_of: dict[str, str]) -> None:
    """Join surnames one edit apart ("Blinkin" → "Blinken") when a given name, role or story agrees.

    Candidates come from shared one-deletion keys, so no two surnames are compared
    unless they could be within one edit of each other.
    """
    block: dict[str, list[str]] = defaultdict(list)
    for last in full_units:
        for key in deletion_keys(last):
            block[key].append(last)
    seen: set[tuple[str, str]] = set()
    for lasts in block.values():
        for i, a in enumerate(lasts):
            for b in lasts[i + 1 :]:
                pair = (min(a, b), max(a, b))
                # Two surnames one edit apart share several keys: each pair is judged once.
                if pair in seen:
                    continue
                seen.add(pair)
                if not surname_misspelt(a, b):
                    continue
                for ua in full_units[a]:
                    for ub in full_units[b]:
                        if _same_person(ua, ub, story_of):
                            big, small = sorted((ua, ub), key=lambda u: (-len(u.sources), u.last))
                            units.union(big.id, small.id)


def _same_person(a: _Unit, b: _Unit, story_of: dict[str, str]) -> bool:
    # The given names first: on 20,000 articles a common surname pair meets hundreds of
    # unit pairs, nearly all with unrelated given names, and the same given-name pairs recur.
    if not _given_names_agree(a.first, b.first):
        return False
    arts_a, arts_b = a.sources, b.sources
    if arts_a & arts_b:
        return False  # one article writing both spellings names two people
    if len(a.first) > 1 and a.first == b.first:
        return True
    stories_a = {story_of.get(s) for s in arts_a} - {None}
    stories_b = {story_of.get(s) for s in arts_b} - {None}
    return bool(stories_a & stories_b)


def _resolve_surnames(mentions: dict[str, list[Mention]], units: _Units, unit_of: dict[tuple[str, int], int],
                      story_of: dict[str, str], grouped: _Grouped) -> list[int]:
    """Attach one-word names ("Mr. Austin", "Blinken") to a person: in the article first, then corpus-wide.

    Returns every unit's root (the units made here are roots of their own).
    """
    # No unions happen from here on (orphans only add roots of their own): roots are fixed.
    roots = [units.root(unit.id) for unit in units.units]
    corpus_last: dict[str, set[int]] = defaultdict(set)
    corpus_first: dict[str, set[int]] = defaultdict(set)
    for unit, root in zip(units.units, roots, strict=True):
        corpus_last[unit.last].add(root)
        if len(unit.first) > 1:
            corpus_first[unit.first].add(root)
    weight: Counter[int] = Counter(map(roots.__getitem__, unit_of.values()))
    # Story → the roots of its articles' full names, made for a story only when a near
    # spelling is looked for in it: few one-word names get that far, and filling a set per
    # root from every full name of the corpus cost a pass over all of them.
    sources_of_story: dict[str, list[str]] = {}
    roots_in_story: dict[str, set[int]] = {}

    def story_roots(story: str) -> set[int]:
        inside = roots_in_story.get(story)
        if inside is None:
            if not sources_of_story:
                for source in grouped.article_units:
                    of = story_of.get(source)
                    if of:
                        sources_of_story.setdefault(of, []).append(source)
            inside = roots_in_story[story] = {roots[uid] for source in sources_of_story.get(story, ())
                                              for uid in grouped.article_units[source]}
        return inside
    # Surnames by one-deletion key, built only if some mention needs a near spelling.
    deletion_index: dict[str, set[str]] = {}

    def near_spellings(word: str) -> set[str]:
        if not deletion_index:
            for last in corpus_last:
                for key in deletion_keys(last):
                    deletion_index.setdefault(key, set()).add(last)
        return {last for key in deletion_keys(word) for last in deletion_index.get(key, ())
                if surname_misspelt(word, last)}

    orphans: dict[str, _Unit] = {}
    # The corpus-wide pick for a surname is the same from every article: made once.
    corpus_pick: dict[str, int | None] = {}

    # Each grouped unit's surname and given name, by id.
    last_of = [unit.last for unit in units.units]
    first_of = [unit.first for unit in units.units]

    def choose(word: str, said: bool, evidence: bool, person: bool, local_last: dict[str, set[int]],
               uids: list[int], story: str | None) -> int | None:
        """The unit a one-word name joins (None: it names nobody), given its article's units."""
        choice = _pick(local_last.get(word), weight)
        if choice is None and said:
            # "Mr. Xi" after "Xi Jinping": the article's units with that given name (few
            # words get here, so they are looked for only then).
            choice = _pick({roots[uid] for uid in uids if first_of[uid] == word}, weight)
        if choice is None:
            if word not in corpus_pick:
                corpus_pick[word] = _pick(corpus_last.get(word), weight, dominant=True)
            choice = corpus_pick[word]
        if choice is None and evidence:
            near = near_spellings(word)
            inside = story_roots(story) if story else set()
            candidates = {r for last in near for r in corpus_last[last] if r in inside}
            choice = _pick(candidates, weight, dominant=True)
            if choice is None and said:
                choice = _pick(corpus_first.get(word), weight, dominant=True)
        if choice is None:
            if not evidence and not person:
                return None
            orphan = orphans.get(word)
            if orphan is None:
                orphan = orphans[word] = units.new(word)
                roots.append(orphan.id)
            choice = orphan.id
        return choice

    # Only articles with a one-word name to resolve: the others' own people are not needed.
    for source, todo in grouped.lonely:
        found = mentions[source]
        uids = grouped.article_units.get(source, [])
        local_last: dict[str, set[int]] = defaultdict(set)
        for uid in uids:
            local_last[last_of[uid]].add(roots[uid])
        story = story_of.get(source)
        # An article repeats its one-word names ("Austin said ... Austin added"): within it,
        # the choice depends only on the word and on what the mention says of it.
        chosen: dict[tuple[str, bool, bool, bool], int | None] = {}
        for k in todo:
            m = found[k]
            key = (fold(m.parts[0]), bool(m.honorific or m.roles), bool(m.evidence), m.kind == "person")
            if key in chosen:
                choice = chosen[key]
            else:
                choice = chosen[key] = choose(*key, local_last, uids, story)
            if choice is not None:
                unit_of[(source, k)] = choice
    return roots


def _pick(candidates: Iterable[int] | None, weight: Counter[int], dominant: bool = False) -> int | None:
    """The one candidate, or the clearly most-mentioned one (two thirds of the mentions)."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (-weight[c], c))
    if len(ranked) == 1:
        return ranked[0]
    total = sum(weight[c] for c in ranked)
    if not dominant or weight[ranked[0]] * 3 >= total * 2:
        return ranked[0]
    return None


# --- people and their checks -------------------------------------------------------------------


@dataclass
class _Flag:
    kind: str  # "name" or "role"
    person: str  # canonical name
    variant: str
    majority: str
    sources: list[str]  # articles that use the variant
    majority_sources: list[str]
    total: int  # articles that name the person (or give a role)
    message: str


def _make_people(clusters: dict[int, list[tuple[str, int]]], mentions: dict[str, list[Mention]], lexicon: Lexicon,
                 known_roles: dict[str, str], story_of: dict[str, str], names: _Names
                 ) -> tuple[list[Person], dict[tuple[str, int], str], dict[str, dict[str, int]], list[_Flag],
                            list[tuple[str, Conflict]]]:
    """People made from the clusters that name someone, with where each is mentioned.

    Also returned: per article, how often it mentions each person (slug → mentions),
    and the spelling and role flags and the story disagreements found on the way.
    """
    drafts = []
    demonyms = lexicon.demonyms
    for keys in clusters.values():
        if len(keys) == 1:
            # Most clusters are one mention (mostly capitalised words that name nobody).
            source, k = keys[0]
            m = mentions[source][k]
            if (m.evidence or m.kind == "person") and not (m.kind == "name" and m.parts[0].casefold() in demonyms):
                drafts.append([(source, k, m)])
            continue
        found = [(source, k, mentions[source][k]) for source, k in sorted(keys)]
        if not any(m.evidence or m.kind == "person" for _, _, m in found):
            continue
        if all(m.kind == "name" and (m.parts[0].casefold() in demonyms) for _, _, m in found):
            continue
        drafts.append(found)

    people: list[Person] = []
    person_of: dict[tuple[str, int], str] = {}
    named_in: dict[str, dict[str, int]] = defaultdict(dict)
    flags: list[_Flag] = []
    disagreements: list[tuple[str, Conflict]] = []
    named = [(_canonical(found, names), found) for found in drafts]
    named.sort(key=lambda item: (fold(item[0]), item[1][0][0]))
    used: Counter[str] = Counter()
    for canonical, found in named:
        base = slugify(canonical)
        used[base] += 1
        slug = base if used[base] == 1 else f"{base}-{used[base]}"
        aliases = sorted({m.surface for _, _, m in found} - {canonical})
        roles, role_flags = _roles(canonical, found, lexicon, known_roles.get(canonical, ""))
        person = Person(slug=slug, name=canonical, aliases=aliases, roles=roles)
        person.story_ids = sorted({story_of[s] for s, _, _ in found if s in story_of})
        people.append(person)
        for source, k, _ in found:
            person_of[(source, k)] = slug
        if len(found) == 1:
            named_in[found[0][0]][slug] = 1
        else:
            # Slugs are unique, so each person's counts are set once per article.
            for source, count in Counter(source for source, _, _ in found).items():
                named_in[source][slug] = count
        flags.extend(_spelling_flags(canonical, found, names))
        flags.extend(role_flags)
        disagreements.extend(_story_disagreements(canonical, found, lexicon, story_of, names))
    return people, person_of, named_in, flags, disagreements


def _story_disagreements(canonical: str, found: list[tuple[str, int, Mention]], lexicon: Lexicon,
                         story_of: dict[str, str], names: _Names) -> list[tuple[str, Conflict]]:
    """Members of one story that spell a person's surname differently or give conflicting roles.

    These are listed on the story even when the corpus has no majority to say which is right.
    """
    if len(found) < 2:
        return []  # one mention has one spelling, and its roles all come from the same source
    # Likewise when no story holds two of the mentions (most people): nothing to compare.
    in_stories: set[str] = set()
    for source, _, _ in found:
        story_id = story_of.get(source)
        if story_id is not None:
            if story_id in in_stories:
                break
            in_stories.add(story_id)
    else:
        return []
    spellings: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    role_of: dict[str, Role] = {}
    for source, _, m in found:
        story_id = story_of.get(source)
        if story_id is None:
            continue
        name = names[m.parts] if m.kind == "name" else None
        if name is not None:
            spellings[story_id][fold(name.last)][name.last].add(source)
        for raw in m.roles:
            role = normalise_role(raw, lexicon)
            if role is not None and not role.past:
                roles[story_id][role.display].add(source)
                role_of[role.display] = role
    out: list[tuple[str, Conflict]] = []
    for story_id, by_fold in spellings.items():
        if len(by_fold) > 1:
            variants = {max(forms, key=lambda f: len(forms[f])): sorted(set().union(*forms.values()))
                        for forms in by_fold.values()}
            out.append((story_id, Conflict(kind="name", subject=canonical, variants=variants,
                                           note="The sources of this story spell the name differently.")))
    for story_id, by_role in roles.items():
        shown = sorted(by_role)
        clash = any(not roles_compatible(role_of[a], role_of[b]) and by_role[a] != by_role[b]
                    for i, a in enumerate(shown) for b in shown[i + 1 :])
        if clash:
            out.append((story_id, Conflict(kind="role", subject=canonical,
                                           variants={r: sorted(by_role[r]) for r in shown},
                                           note="The sources of this story give this person different roles.")))
    return out


def _canonical(found: list[tuple[str, int, Mention]], names: _Names) -> str:
    """The fullest form that uses the majority spelling of the surname and given name."""
    if len(found) == 1:
        # One mention is its own majority: its gazetteer name, or the form it writes.
        m = found[0][2]
        return m.known.name if m.kind == "person" and m.known else m.surface
    parsed = [(s, m, names[m.parts]) for s, _, m in found]
    if any(m.kind == "person" and m.known for _, m, _ in parsed):
        return next(m.known.name for _, m, _ in parsed if m.kind == "person" and m.known)
    last = _majority(parsed, "last")
    first = _majority(parsed, "first")
    forms: dict[str, set[str]] = defaultdict(set)
    for source, m, name in parsed:
        if name is None or fold(name.last) != last:
            continue
        if first and name.first and len(name.first.rstrip(".")) > 1 and fold(name.first) != first:
            continue
        forms[m.surface].add(source)
    if not forms:
        return found[0][2].surface
    # Prefer forms with a given name, then forms that more than one article writes.
    forms = {f: s for f, s in forms.items() if len(f.split()) > 1} or forms
    shared = {f: s for f, s in forms.items() if len(s) >= 2} or forms
    return max(shared, key=lambda f: (len(f.split()), len(shared[f]), len(f), f))


def _majority(parsed: list[tuple[str, Mention, PersonName | None]], part: str) -> str:
    votes: dict[str, set[str]] = defaultdict(set)
    for source, _m, name in parsed:
        if name is None:
            continue
        value = fold(name.last) if part == "last" else fold(name.first)
        if part == "first" and len(value.rstrip(".")) <= 1:
            continue
        votes[value].add(source)
    if not votes:
        return ""
    return max(votes, key=lambda v: (len(votes[v]), v))


def _spelling_flags(canonical: str, found: list[tuple[str, int, Mention]], names: _Names) -> list[_Flag]:
    flags: list[_Flag] = []
    # ``found`` is in article order: it names one article only when its ends do.
    if found[0][0] == found[-1][0] or len({source for source, _, _ in found}) < MIN_MAJORITY:
        return flags  # no spelling can have a majority (most people are named by one article)
    parsed = [(s, m, names[m.parts]) for s, _, m in found if m.kind == "name"]
    parsed = [(s, m, n) for s, m, n in parsed if n is not None]
    # A one-word mention attached by given name ("Mr. Xi" for "Xi Jinping") is no surname spelling.
    full_lasts = {fold(n.last) for _, _, n in parsed if n.first}
    parsed = [(s, m, n) for s, m, n in parsed if n.first or not full_lasts or fold(n.last) in full_lasts
              or any(surname_misspelt(n.last, last) for last in full_lasts)]
    articles = {s for s, _, _ in parsed}
    for part in ("last", "first"):
        votes: dict[str, set[str]] = defaultdict(set)
        written: dict[str, Counter[str]] = defaultdict(Counter)
        forms: dict[tuple[str, str], str] = {}
        for source, m, name in parsed:
            value = name.last if part == "last" else name.first
            if not value or (part == "first" and len(value.rstrip(".")) <= 1):
                continue
            key = fold(value)
            votes[key].add(source)
            written[key][value] += 1
            forms.setdefault((key, source), m.surface)
        if len(votes) < 2:
            continue
        top = max(votes, key=lambda v: (len(votes[v]), v))
        if len(votes[top]) < MIN_MAJORITY:
            continue
        shown_top = written[top].most_common(1)[0][0]
        for key, sources in votes.items():
            if key == top or len(sources) >= len(votes[top]):
                continue
            if part == "first" and same_given_name(key, top):
                continue  # "Tony" for "Antony" is a short form, not a misspelling
            shown = written[key].most_common(1)[0][0]
            for source in sorted(sources):
                what = "surname" if part == "last" else "given name"
                message = (f"Writes “{forms[(key, source)]}”, but {len(votes[top])} of {len(articles)} articles "
                           f"that name {canonical} spell the {what} “{shown_top}” — check the spelling.")
                flags.append(_Flag("name", canonical, shown, shown_top, [source], sorted(votes[top]),
                                   len(articles), message))
    return flags


def _roles(canonical: str, found: list[tuple[str, int, Mention]], lexicon: Lexicon, known_role: str
           ) -> tuple[dict[str, list[str]], list[_Flag]]:
    """Roles as sources give them (display → sources) and the articles whose role departs from the majority."""
    if not any(m.roles for _, _, m in found):
        return {}, []  # nothing to list and nothing to compare with the gazetteer
    by_key: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    role_of: dict[str, Role] = {}
    for source, _, m in found:
        for raw in m.roles:
            role = normalise_role(raw, lexicon)
            if role is None:
                continue
            key = role.key + " (past)" if role.past else role.key
            by_key[key].add(source)
            shown[key][role.display] += 1
            role_of.setdefault(key, role)
    # The most written display, the first written among equals.
    display = {key: shown[key].most_common(1)[0][0] for key in by_key}
    roles: dict[str, list[str]] = {}
    for key, sources in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        roles.setdefault(display[key], [])
        roles[display[key]] = sorted(set(roles[display[key]]) | sources)

    current = {k: v for k, v in by_key.items() if not role_of[k].past}
    giving = set().union(*current.values()) if current else set()
    flags: list[_Flag] = []
    reference: Role | None = normalise_role(known_role, lexicon) if known_role else None
    if reference is not None:
        top_key = reference.key
        top_sources = current.get(top_key, set())
        top_display = reference.display
    elif current:
        top_key = max(current, key=lambda k: (len(current[k]), k))
        top_sources = current[top_key]
        top_display = display[top_key]
        if len(top_sources) < MIN_MAJORITY or len(top_sources) * 2 <= len(giving):
            return roles, flags
    else:
        return roles, flags
    top_role = reference or role_of[top_key]
    for key, sources in current.items():
        if key == top_key or roles_compatible(role_of[key], top_role):
            continue
        if reference is None and (len(sources) >= len(top_sources) or len(sources) > MAX_MINORITY_SHARE * len(giving)):
            continue
        for source in sorted(sources):
            if reference is not None:
                basis = "the site's gazetteer says"
            else:
                basis = f"{len(top_sources)} of {len(giving)} articles that give {canonical} a role say"
            message = f"Calls {canonical} “{display[key]}”, but {basis} “{top_display}” — check the role."
            flags.append(_Flag("role", canonical, display[key], top_display, [source], sorted(top_sources),
                               len(giving), message))
    return roles, flags


def _apply_flags(flags: list[_Flag], by_source: dict[str, Article], stories: list[Story],
                 story_of: dict[str, str]) -> None:
    story_by_id = {s.id: s for s in stories}
    grouped: dict[tuple[str, str, str, str], list[_Flag]] = defaultdict(list)
    for flag in flags:
        for source in flag.sources:
            article = by_source.get(source)
            if article is not None and flag.message not in article.warnings:
                article.warnings.append(flag.message)
            story_id = story_of.get(source)
            if story_id in story_by_id:
                grouped[(story_id, flag.kind, flag.person, flag.variant)].append(flag)
    for (story_id, kind, person, variant), group in grouped.items():
        story = story_by_id[story_id]
        members = [a.source for a in story.articles]
        using = sorted({s for f in group for s in f.sources})
        majority = group[0].majority
        in_story = [s for s in members if s in set(group[0].majority_sources)]
        others = [s for s in group[0].majority_sources if s not in in_story]
        variants = {variant: using, majority: in_story + others[: max(0, MAX_EXAMPLES - len(in_story))]}
        note = (f"{len(group[0].majority_sources)} of {group[0].total} articles across the site write "
                f"“{majority}”" if kind == "name" else
                f"{len(group[0].majority_sources)} of {group[0].total} articles across the site say “{majority}”")
        story.comparison.conflicts.append(Conflict(kind=kind, subject=person, variants=variants, note=note))
        for flag in group:
            for source in flag.sources:
                warning = f"{source}: {flag.message}"
                if warning not in story.warnings:
                    story.warnings.append(warning)


def _fill_stories(stories: list[Story], named_in: dict[str, dict[str, int]], places: dict[str, Counter[str]]) -> None:
    """Each story's people and places, ranked over its members (``named_in``: article → slug → mentions)."""
    nobody: dict[str, int] = {}
    for story in stories:
        members = [a.source for a in story.articles]
        story.people = _ranked(named_in.get(s, nobody) for s in members)
        story.places = _ranked(places.get(s, nobody) for s in members)


def _ranked(counters: Iterable[Mapping[str, int]]) -> list[str]:
    """Names ordered by how many members mention them, then by mentions, then by name (a total order)."""
    reach: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for counter in counters:
        reach.update(counter.keys())
        total.update(counter)
    return sorted(reach, key=lambda n: (-reach[n], -total[n], n))

"""The cached run readings of names.py give what reading every run afresh gave.

``find_mentions`` now works out the name part of a capitalised run once per lexicon (peeled
honorifics and titles, known names, kind) and only reads the words around it each time;
sentences whose only capital is their first letter skip tokenising when that word is
peeled. The reference below is the straightforward version the module used before: every
run peeled and classified in place. Random texts built from the pieces that matter, with
a lexicon that knows people, places and organisations and random lower-case vocabularies,
must give the same mentions, field by field.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.names import (
    GEO_SUFFIXES,
    HONORIFICS,
    ORG_WORDS,
    STOP_CAPS,
    Lexicon,
    Mention,
    Token,
    _attach_context,
    _bare,
    _heading_caps,
    _is_heading,
    _runs,
    find_mentions,
    split_sentences,
    tokenise_spaced,
)


def reference_find(text: str, lexicon: Lexicon, lower_vocab: set[str]) -> list[Mention]:
    mentions: list[Mention] = []
    for sentence in split_sentences(text):
        words = sentence.split()
        if not words:
            continue
        opener = _bare(words[0].strip("\"'“‘(")) in lower_vocab
        if _looks_like_heading_reference(words, lower_vocab):
            continue
        mentions.extend(reference_sentence(sentence, lexicon, lower_vocab if opener else set()))
    return mentions


def _looks_like_heading_reference(words: list[str], lower_vocab: set[str]) -> bool:
    if len(words) < 4:
        return False
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) < 0.7 * len(words):
        return False
    return sum(1 for w in caps if _bare(w.strip(".,;:!?\"'“”‘’()")) in lower_vocab) >= 2


def reference_sentence(sentence: str, lexicon: Lexicon, lower_vocab: set[str]) -> list[Mention]:
    tokens, tight = tokenise_spaced(sentence)
    found: list[tuple[int, int, Mention]] = []
    for a, b in _runs(tokens, tight):
        found.extend(reference_split_run(tokens, a, b, lexicon, lower_vocab))
    for k in range(1, len(found)):
        (_, pe, prev), (cs, _, cur) = found[k - 1], found[k]
        if cs - pe == 1 and tokens[pe].bare in ("and", ",") and prev.kind == cur.kind == "name" \
                and len(prev.parts) > 1 and len(cur.parts) > 1 and (prev.evidence or cur.evidence):
            prev.evidence = cur.evidence = True
    return [m for _, _, m in found]


def reference_split_run(tokens: list[Token], a: int, b: int, lexicon: Lexicon,
                        lower_vocab: set[str]) -> list[tuple[int, int, Mention]]:
    honorific = ""
    peel = lexicon.peel
    i = a
    while i < b:
        bare = tokens[i].bare
        if bare in HONORIFICS:
            honorific = tokens[i].text.rstrip(".")
        elif bare not in peel:
            if i == 0 and bare in lower_vocab:
                pass  # an ordinary word opening the sentence
            elif lexicon.lookup((bare,)) and i + 1 < b and tokens[i + 1].bare in peel \
                    and tokens[i + 1].bare not in STOP_CAPS and tokens[i + 1].bare not in HONORIFICS:
                pass  # a place heading a title
            else:
                break
        i += 1
    if i >= b:
        return []
    return reference_classify(tokens, i, b, lexicon, honorific, lower_vocab)


def reference_classify(tokens: list[Token], i: int, b: int, lexicon: Lexicon, honorific: str,
                       lower_vocab: set[str]) -> list[tuple[int, int, Mention]]:
    out: list[tuple[int, int, Mention]] = []
    parts = tokens[i:b]
    bares = tuple(t.bare for t in parts)
    for n in range(min(len(parts), lexicon.max_len), 0, -1):
        known = lexicon.lookup(bares[:n])
        if known is None:
            continue
        if known.kind == "place" and (honorific or n == 1 < len(parts)):
            break
        words = [t.plain for t in parts[:n]]
        mention = Mention(surface=" ".join(words), parts=tuple(words), kind=known.kind, known=known,
                          honorific=honorific, evidence=known.kind == "person" or bool(honorific))
        if known.kind == "person":
            _attach_context(mention, tokens, i, i + n, lexicon)
        out.append((i, i + n, mention))
        if n < len(parts):
            out.extend(reference_split_run(tokens, i + n, b, lexicon, lower_vocab))
        return out
    if any(t.code for t in parts):
        return []
    if not ORG_WORDS.isdisjoint(bares) or any(t.acronym for t in parts):
        return [(i, b, Mention(surface=" ".join(t.text for t in parts), parts=tuple(t.text for t in parts),
                               kind="org"))]
    if len(parts) > 1 and bares[-1] in GEO_SUFFIXES:
        return [(i, b, Mention(surface=" ".join(t.text for t in parts), parts=tuple(t.text for t in parts),
                               kind="place"))]
    if len(parts) > 5:
        return []
    text_parts = [t.plain for t in parts]
    mention = Mention(surface=" ".join(text_parts), parts=tuple(text_parts), kind="name", honorific=honorific,
                      evidence=bool(honorific), sentence_start=i == 0)
    _attach_context(mention, tokens, i, b, lexicon)
    return [(i, b, mention)]


def fields(mentions: list[Mention]) -> list[tuple[object, ...]]:
    return [(m.surface, m.parts, m.kind, m.honorific, m.roles, m.evidence, m.known, m.sentence_start,
             m.plural_role) for m in mentions]


LEXICON = Lexicon([("Lloyd Austin", "person", ["Lloyd J. Austin"], "defense secretary"),
                   ("Ostrand Council", "org", [], ""), ("Gudgrad", "place", ["East Gudgrad"], "")])

# Names, honorifics, titles, places, organisations, particles, openers, codes, punctuation.
PIECES = ["Mr.", "Dr.", "Mrs", "U.S.", "J.", "Lloyd", "Austin", "Austin's", "Biden’s", "Kamala", "Harris",
          "von", "der", "Leyen", "bin", "Salman", "the", "The", "A", "It", "Both", "Residents", "residents",
          "Regarding", "regarding", "said", "said.", "and", "told", "according", "to", "of", "in", "at",
          "Defense", "Secretary", "defense", "secretary", "secretary,", "Prime", "Minister", "minister",
          "President", "president", "former", "Democrat", "Japanese", "Japan", "China", "Tokyo", "South",
          "Sea", "Coast", "Guard", "Ministry", "NATO", "F-35", "D-N.Y.", "Gudgrad", "East", "Ostrand",
          "Council", "officials", "III", "Jr.", "de", "Lake", ",", ".", "(", ")", "“", "”", "\"", "—", ";",
          "Sept.", "1.", "42", "_X", "Ⅳ", "ǅemal", "İstanbul", "ok"]
SEPARATORS = [" ", " ", " ", " ", "  ", "\n", "\t", ", ", ". "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), min_size=0, max_size=40))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


VOCAB = st.sets(st.sampled_from(["residents", "regarding", "the", "both", "defense", "secretary", "lake", "a",
                                 "it", "south", "lloyd", "ok"]))


@settings(max_examples=600, deadline=None)
@given(texts(), VOCAB)
def test_find_mentions_matches_reference(text: str, vocab: set[str]) -> None:
    assert fields(find_mentions(text, LEXICON, vocab)) == fields(reference_find(text, LEXICON, vocab))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts(), VOCAB), min_size=2, max_size=6))
def test_cached_readings_match_reference_across_articles(articles: list[tuple[str, set[str]]]) -> None:
    # One lexicon across the articles, so later ones read runs from the cache.
    lexicon = Lexicon([("Lloyd Austin", "person", [], "")])
    for text, vocab in articles:
        assert fields(find_mentions(text, lexicon, vocab)) == fields(reference_find(text, lexicon, vocab))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=0, max_size=12), VOCAB)
def test_heading_test_matches_reference(words: list[str], vocab: set[str]) -> None:
    words = [w for w in " ".join(words).split()]
    caps = _heading_caps(words)
    assert (caps is not None and _is_heading(caps, vocab)) == _looks_like_heading_reference(words, vocab)


def test_cache_is_emptied_when_the_lexicon_changes() -> None:
    lexicon = Lexicon()
    assert [m.kind for m in find_mentions("officials met Ostrandia Harbourmaster today.", lexicon)] == ["name"]
    lexicon.add("Ostrandia Harbourmaster", "org", ["Ostrandia Harbourmaster"])
    assert [m.kind for m in find_mentions("officials met Ostrandia Harbourmaster today.", lexicon)] == ["org"]

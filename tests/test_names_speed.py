"""The fast paths of names.py give what the plain versions gave: sentence splitting and name runs.

The reference functions below are the straightforward versions the module used before
it was tuned (a look-behind sentence end, a search of the whole pending text for an
abbreviation, a walk over every token); random texts built from the characters that
matter must split and run the same way.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.names import (
    PARTICLES,
    Lexicon,
    Token,
    _runs,
    find_mentions,
    normalise_role,
    split_sentences,
    tokenise_spaced,
)

_REF_END = re.compile(r"(?<=[.!?…])(?P<close>[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_REF_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|etc|Rev|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.[\"'”’)\]]*$"
)


def reference_split(text: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if not para:
            continue
        pending = ""
        cut = 0
        for m in _REF_END.finditer(para):
            piece = para[cut : m.start() + len(m.group("close"))].strip()
            cut = m.end()
            pending = f"{pending} {piece}" if pending else piece
            if _REF_ABBREV.search(pending):
                continue
            out.append(pending)
            pending = ""
        rest = para[cut:].strip()
        pending = f"{pending} {rest}" if pending and rest else (pending or rest)
        if pending:
            out.append(pending)
    return out


def reference_runs(tokens: list[Token], tight: list[bool]) -> list[tuple[int, int]]:
    runs = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if not (tok.word and tok.capital):
            i += 1
            continue
        j = i + 1
        while j < n:
            if not tight[j]:
                break
            nxt = tokens[j]
            if nxt.word and nxt.capital:
                if tokens[j - 1].text.endswith(("'s", "’s")):
                    break
                j += 1
                continue
            k = j
            while k < n and tokens[k].bare in PARTICLES and tokens[k].word and not tokens[k].capital and tight[k]:
                k += 1
            if k > j and k < n and tokens[k].capital and tokens[k].word and tight[k]:
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


# Pieces that exercise sentence ends, abbreviations, initials, quotes, particles and possessives.
PIECES = ["Mr.", "Dr.", "Sept.", "U.S.", "U.S.A.", "J.", "A.", "a.", "Corp.", "etc.", "Lloyd", "Austin",
          "Austin's", "Biden’s", "von", "der", "Leyen", "bin", "the", "said", "and", "X", "Xy.", "Ab.",
          "end.", "end!", "end?", "end…", "”", "\"", "'", ")", "]", "(", "“", "‘", "1.", "42", ",", ".",
          "Sen.", "iPhone.", "Oct.", "No.", "OK.", "F-35", "D-N.Y."]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", " \n "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), min_size=0, max_size=30))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    glue = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    return "".join(w + ("" if g else s) for w, s, g in zip(words, seps, glue, strict=True))


@settings(max_examples=400, deadline=None)
@given(texts())
def test_split_sentences_matches_reference(text: str) -> None:
    assert split_sentences(text) == reference_split(text)


@settings(max_examples=400, deadline=None)
@given(texts())
def test_runs_match_reference(text: str) -> None:
    for sentence in reference_split(text):
        tokens, tight = tokenise_spaced(sentence)
        assert _runs(tokens, tight) == reference_runs(tokens, tight)


def test_split_keeps_abbreviations_and_initials() -> None:
    text = "Both Mr. Austin and Antony J. Blinken met in the U.S. on Sept. 3. Then they left.”  Next one."
    assert split_sentences(text) == reference_split(text)
    assert split_sentences(text)[-1] == "Next one."


def test_role_normalisation_is_memoised_per_lexicon() -> None:
    lexicon = Lexicon()
    mentions = find_mentions("The defense secretary, Lloyd Austin, said so. Lloyd Austin, the defense secretary, "
                             "agreed.", lexicon)
    assert [m.roles for m in mentions if m.surface == "Lloyd Austin"] == [["defense secretary"]] * 2
    first = normalise_role("defense secretary", lexicon)
    assert first is normalise_role("defense secretary", lexicon)
    lexicon.add("Defense", "place", ["Defense"])  # the index changed: the answer is worked out again
    assert "defense secretary" not in lexicon.roles

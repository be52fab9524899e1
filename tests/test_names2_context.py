"""_attach_context only calls the role readers when a role can start next to the name.

The reference is the version that always called them; random sentences built from the
pieces that matter (titles, appositions, commas, parentheses, speech verbs, locatives)
must give the same roles and evidence for every capitalised run.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.names import (
    LOCATIVES,
    SPEECH_VERBS,
    Lexicon,
    Mention,
    Token,
    _attach_context,
    _role_after,
    _role_before,
    _runs,
    tokenise_spaced,
)


def reference_attach(mention: Mention, tokens: list[Token], i: int, b: int, lexicon: Lexicon) -> None:
    before, plural_before = _role_before(tokens, i, lexicon)
    after, plural_after = _role_after(tokens, b, lexicon)
    for role in (before, after):
        if role and role not in mention.roles:
            mention.roles.append(role)
    if mention.roles:
        mention.evidence = True
    if plural_before or plural_after:
        mention.plural_role = mention.evidence = True
    located = i >= 1 and tokens[i - 1].bare in LOCATIVES
    if b < len(tokens) and tokens[b].bare in SPEECH_VERBS and not located:
        mention.evidence = True
    if i >= 1 and tokens[i - 1].bare in SPEECH_VERBS:
        mention.evidence = True
    if i >= 2 and tokens[i - 1].bare == "to" and tokens[i - 2].bare == "according":
        mention.evidence = True


LEXICON = Lexicon([("Gudgrad", "place", [], "")])
PIECES = ["Lloyd", "Austin", "Biden’s", "the", "The", "defense", "secretary", "Secretary", "of", "for", "to",
          "state", "said", "told", "according", "in", "at", "from", ",", "(", ")", ".", ";", "—", "former",
          "officials", "ministers", "national", "security", "adviser", "Gudgrad", "Japanese", "and", "met", "a"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), st.booleans())
def test_context_matches_reference(words: list[str], with_roles: bool) -> None:
    tokens, tight = tokenise_spaced(" ".join(words))
    for a, b in _runs(tokens, tight):
        got = Mention("x", ("x",), "name", roles=["earlier role"] if with_roles else [])
        want = Mention("x", ("x",), "name", roles=["earlier role"] if with_roles else [])
        _attach_context(got, tokens, a, b, LEXICON)
        reference_attach(want, tokens, a, b, LEXICON)
        assert (got.roles, got.evidence, got.plural_role) == (want.roles, want.evidence, want.plural_role)

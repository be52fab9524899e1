"""``features.split_sentences`` looks for an abbreviation only at the end of the text so far.

It is compared here with the search over all of it on random news-like text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze.features import _ABBREV, _SENTENCE_END, split_sentences

# Pieces that exercise the splitter: abbreviations, initials, closing quotes, odd spaces.
_PIECES = ["Mr.", "Dr.", "U.S.", "U.K.", "Sept.", "Inc.", "J.", "A.", "No.", "etc.", "vs.", "said.", "it.",
           "Austin", "Tokyo", "the", "missile", "talks", "\"Yes.\"", "(Reuters)", "end.)", "”", "'", "?", "!",
           "…", "—", "3.5", "2024.", "Co.", "St.", "x", "BERLIN", "—", "\n", "  ", "\t"]


def _texts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join)


def _split_sentences_whole(text: str) -> list[str]:
    """split_sentences as it was: the abbreviation pattern searched over all the pending text."""
    parts: list[str] = []
    pending = ""
    text = text.strip()
    cut = 0
    pieces = []
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[cut : m.end()])
        cut = m.end()
    pieces.append(text[cut:])
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        pending = f"{pending} {piece}" if pending else piece
        if _ABBREV.search(pending):
            continue
        parts.append(pending)
        pending = ""
    if pending:
        parts.append(pending)
    return parts


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_split_sentences_matches_the_whole_text_search(text: str) -> None:
    assert split_sentences(text) == _split_sentences_whole(text)


def test_split_sentences_keeps_abbreviations() -> None:
    text = "Mr. Austin met U.S. officials in Sept. talks. They agreed. Dr. J. Smith said no."
    assert split_sentences(text) == ["Mr. Austin met U.S. officials in Sept. talks.", "They agreed.",
                                     "Dr. J. Smith said no."]

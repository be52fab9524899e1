"""sentences.fold folds ASCII text with str.translate (session 12): the key must be the pattern's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import sentences


def _pattern_fold(line: str) -> str:
    return " ".join(sentences._FOLD_DROP.sub("", line.lower()).split())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7f)) | st.text())
def test_fold_is_the_patterns(line: str) -> None:
    assert sentences._fold.__wrapped__(line) == _pattern_fold(line)


def test_every_ascii_character() -> None:
    line = "".join(map(chr, range(128))) + " \u212a"  # the Kelvin sign lowers to ASCII "k"
    assert sentences._fold.__wrapped__(line) == _pattern_fold(line)
    assert sentences.fold("Storm hits coast — 'live' (updated)") == "storm hits coast live updated"

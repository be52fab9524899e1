"""normalise_line skips the _ODD scan for ASCII lines (session 12): the result must not change."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest import sentences


def _reference(line: str) -> str:
    """normalise_line as it was: the substitutions whenever _ODD finds anything."""
    if not line:
        return ""
    stripped = line.strip()
    if "  " in stripped or sentences._ODD.search(stripped) is not None:
        line = sentences._MULTI_SPACE.sub(" ", sentences._SPACES.sub(" ", sentences._INVISIBLE.sub("", line)))
    else:
        line = stripped
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    return line.strip()


chars = st.sampled_from([*"ab .\t\f\v\r\x1c", "\u00a0", "\u200b", "\u00ad", "\u3000", "é", "\u0301"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=chars, max_size=20) | st.text(max_size=20))
def test_normalise_line_is_unchanged(line: str) -> None:
    assert sentences.normalise_line(line) == _reference(line)


def test_ascii_controls_are_spaces() -> None:
    assert sentences.normalise_line("a\tb\fc\vd") == "a b c d"
    assert sentences.normalise_line(" Storm  hits ") == "Storm hits"

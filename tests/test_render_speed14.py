"""Cheaper rendering with the same bytes (issue 7, session 14)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from site_builder.render.digest import _dumper

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(json_values, max_size=6))
def test_export_encoder_writes_what_json_encode_writes(values: list[object]) -> None:
    # One encoder for many values: each value's text is what a fresh JSONEncoder would write.
    dump = _dumper()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for value in values:
        assert dump(value) == encode(value)


def test_export_encoder_keeps_unicode_and_separators() -> None:
    dump = _dumper()
    assert dump({"title": "Café “quoted” — ok", "n": [1, 2.5, None]}) == \
        '{"title": "Café “quoted” — ok", "n": [1, 2.5, null]}'
    # the same nested value twice: the circular-reference marks are cleared between values
    shared = [1, [2]]
    assert dump([shared, shared]) == "[[1, [2]], [1, [2]]]"
    assert dump(shared) == "[1, [2]]"

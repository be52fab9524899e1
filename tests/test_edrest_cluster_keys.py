"""The clustering memo's packed keys: one string for the usual keys, and each changed field noticed."""

from __future__ import annotations

from types import SimpleNamespace

from site_builder.analyze.cluster import Corpus, EventDate, _packed_keys
from site_builder.model import PartialDate


def _keys() -> list[tuple[str, str, EventDate | None]]:
    return [("a.md", "h1", EventDate(PartialDate(2024, 3, 4), 7)),
            ("b.md", "h2", None),
            ("c.md", "h3", EventDate(PartialDate(2024, 5), 30, year_known=False))]


def _changed(old: list, new: list) -> list[int] | None:
    corpus = SimpleNamespace(keys=new, _packed=_packed_keys(new))  # a Corpus packs its keys once
    found = Corpus._changed_keys(corpus, _packed_keys(old), len(new))  # type: ignore[arg-type]
    return None if found is None else found.tolist()


def test_usual_keys_pack_into_one_string() -> None:
    assert isinstance(_packed_keys(_keys()), str)
    # Anything else is kept as it is (a NUL in a source would make the split ambiguous).
    odd = [("a\0b.md", "h1", None)]
    assert _packed_keys(odd) is odd
    assert _packed_keys([("a.md", "h1", "2024")]) == [("a.md", "h1", "2024")]


def test_each_field_of_a_key_is_compared() -> None:
    old = _keys()
    assert _changed(old, _keys()) == []
    for field, value in ((1, "h9"), (2, EventDate(PartialDate(2024, 3, 5), 7)),
                         (2, EventDate(PartialDate(2024, 3, 4), 8)),
                         (2, EventDate(PartialDate(2024, 3, 4), 7, year_known=False)), (2, None)):
        new = _keys()
        new[0] = tuple(value if i == field else x for i, x in enumerate(new[0]))  # type: ignore[assignment]
        assert _changed(old, new) == [0], (field, value)
    new = _keys()
    new[2] = ("c.md", "h3", EventDate(PartialDate(2024), 30, year_known=False))  # month dropped
    assert _changed(old, new) == [2]
    # Another set or order of articles: nothing can be reused.
    assert _changed(old, _keys()[:2]) is None
    assert _changed(old, [_keys()[1], _keys()[0], _keys()[2]]) is None
    # A memo written before keys were packed still compares.
    corpus = SimpleNamespace(keys=_keys(), _packed=_packed_keys(_keys()))
    found = Corpus._changed_keys(corpus, _keys(), 3)  # type: ignore[arg-type]
    assert found is not None and found.tolist() == []

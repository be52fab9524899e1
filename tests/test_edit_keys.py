"""Page keys (build._Keyer): equal values give equal keys in any build, different values never do."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from site_builder.build import _Keyer
from site_builder.model import DatedValue, PartialDate, Problem


@dataclass
class Box:
    value: Any
    items: list[Any] = field(default_factory=list)


def test_dataclass_fields_tell_values_apart() -> None:
    keyer = _Keyer()
    digest = keyer.object_digest(Box(1))
    values = [Box(1), Box(1.0), Box(True), Box("1"), Box(None), Box(b"1"), Box(bytearray(b"1")),
              Box([1]), Box((1,)), Box({1: 2}), Box({1}), Box(frozenset([1])), Box(Markup("1")),
              Box(digest), Box(Box(1)), Box([Box(1)]), Box({"a": Box(1)}), Box({Box}),
              Box(1, ["a", "b"]), Box(1, ["ab"]), Box(1, [["a"], "b"]), Box(PartialDate(2024)),
              Box(DatedValue(PartialDate(2024, 1), "x")), Box(DatedValue(PartialDate(2024, 1, 1), "x")),
              Problem("a", "b", "c"), Problem("a", "b", "c", line=1)]
    tokens = [keyer.token(v) for v in values]
    assert len(set(tokens)) == len(values)
    again = _Keyer()
    assert tokens == [again.token(v) for v in values]


def test_equal_copies_key_alike() -> None:
    """The key depends on values, not on which equal values are one shared object."""
    shared = "x" * 50
    one = Box(shared, [shared, shared, PartialDate(2024)])
    two = Box("x" * 50, ["".join(["x"] * 50), "x" * 50, PartialDate(2024)])
    assert _Keyer().token([one, one]) == _Keyer().token([one, two])
    page = {"story": one, "title": shared, "more": [shared]}
    copy = {"story": two, "title": "x" * 50, "more": ["x" * 50]}
    assert _Keyer().token(page) == _Keyer().token(copy)


@dataclass(frozen=True)
class Key:
    value: Any


def test_objects_in_other_containers_are_keyed_by_value() -> None:
    keyer = _Keyer()
    assert keyer.token(Markup("<b>")) != keyer.token("<b>")
    assert keyer.token(frozenset([Key("x")])) != keyer.token(frozenset([Key("y")]))
    assert keyer.token(Box(frozenset([Key("x")]))) != keyer.token(Box(frozenset([Key("y")])))
    assert keyer.token(Box(frozenset([Key("x")]))) == _Keyer().token(Box(frozenset([Key("x")])))


def test_a_failed_context_does_not_spoil_the_next() -> None:
    keyer = _Keyer()
    before = keyer.token(("page.html", [("title", "t"), ("stories", [Box(1)])]))
    try:
        keyer.token(("page.html", [("lock", threading.Lock())]))
    except Exception:
        pass
    else:
        raise AssertionError("a lock cannot be pickled")
    assert keyer.token(("page.html", [("title", "t"), ("stories", [Box(1)])])) == before

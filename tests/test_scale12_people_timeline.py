"""The people step's print and the timeline's drafts after their scale fixes (session 12)."""

from __future__ import annotations

from site_builder.analyze import entities, timeline
from site_builder.analyze.entities import is_loose, mentions_print, read_mentions
from site_builder.analyze.names import fold, parse_name
from site_builder.analyze.timeline import _Draft
from site_builder.model import Evidence, PartialDate, SiteConfig
from tests.test_entities import PEOPLE, load


def _print_as_before(found: list, kept: bytes) -> tuple[bytes, str, str]:
    """mentions_print as written before it had its own cache: every name parsed afresh."""
    surnames: set[str] = set()
    for m in found:
        parts = entities._name_parts(m)
        if parts is None:
            continue
        key, last, _ = entities._parsed_name(parse_name.__wrapped__(parts))
        if key is not None and last is not None:
            surnames.add(last)
    loose = {fold(m.parts[0]) for m in found if is_loose(m)}
    return kept, "\n".join(sorted(loose)), "\n".join(sorted(surnames))


def test_mentions_print_is_what_parsing_every_name_gives() -> None:
    config = SiteConfig()
    entities._full_surname.cache_clear()
    seen = 0
    for name in PEOPLE:
        found = read_mentions(load(name), config)
        printed = mentions_print(found, b"k")
        assert printed == _print_as_before(found, b"k")
        seen += bool(printed[1]) + bool(printed[2])
    assert seen  # the fixtures have surnames and loose words to print
    # The cache is consulted again for names met before (the point of it).
    assert entities._full_surname.cache_info().hits > 0


def _draft() -> _Draft:
    return _Draft(date=PartialDate(2024, 3, 1), title="t", summary="s", kind="mention", terms={}, id_terms=[],
                  articles=["a.md"], evidence=[Evidence(quote="Q1", article="a.md")])


class _M:
    def __init__(self, article: str, sentence: str) -> None:
        self.article, self.sentence = article, sentence


def test_draft_adds_each_article_and_quote_once() -> None:
    draft = _draft()
    for article, quote in [("a.md", "Q1"), ("b.md", "Q1"), ("b.md", "Q1"), ("a.md", "Q2"), ("b.md", "Q2")]:
        draft.add_evidence(_M(article, quote))  # type: ignore[arg-type]
    draft.add_article("a.md")
    assert draft.articles == ["a.md", "b.md"]
    assert [(e.article, e.quote) for e in draft.evidence] == [("a.md", "Q1"), ("b.md", "Q1"), ("a.md", "Q2"),
                                                              ("b.md", "Q2")]


def test_draft_sees_lists_changed_behind_its_back() -> None:
    draft = _draft()
    draft.add_evidence(_M("b.md", "Q1"))  # type: ignore[arg-type]  # the sets are made here
    # The editor's merge grows the evidence list directly, and a list may be replaced.
    draft.evidence += [Evidence(quote="Q9", article="c.md")]
    draft.articles = ["z.md"]
    draft.add_evidence(_M("c.md", "Q9"))  # type: ignore[arg-type]
    draft.add_article("z.md")
    assert [(e.article, e.quote) for e in draft.evidence] == [("a.md", "Q1"), ("b.md", "Q1"), ("c.md", "Q9")]
    assert draft.articles == ["z.md", "c.md"]


def test_seen_is_no_dataclass_field() -> None:
    # The sets live beside the fields: entries are made from the fields alone.
    assert "_seen_evidence" not in {f for f in _Draft.__dataclass_fields__}
    assert timeline._Seen.__slots__ == ("items", "keys", "size")

"""The analysis memo's own pickling: dates written by their fields, flat dicts, and references as numbers.

A memo replay must give exactly what a fresh analysis gives, so what the memo file
gives back must equal what was put in, whatever the shortcuts used to write it.
"""

from __future__ import annotations

import dataclasses
import itertools
import pickle
import shutil
from pathlib import Path

from site_builder.analyze.cluster import EventDate, _event_date
from site_builder.analyze.timeline import _reference_numbers
from site_builder.cache import Flat, load_memo, memo_pickle, save_memo
from site_builder.model import DatedValue, PartialDate

D = PartialDate.parse_iso


def test_dates_come_back_equal_and_one_object_per_value() -> None:
    dates = [D("2024-03-05"), D("2024-03"), D("2024"), D("2024-03-05")]
    dated = [DatedValue(D("2023-12-31"), "dateline"), DatedValue(D("2023-12-31"), "dateline"),
             DatedValue(D("2023-12-31"), "front matter")]
    events = [EventDate(D("2024-03-05"), 7), EventDate(D("2024-03-05"), 7), EventDate(D("2024-03"), 2, False)]
    value = {"dates": dates, "dated": dated, "events": events}
    back = pickle.loads(memo_pickle(value))
    assert back == value
    assert [type(d) for d in back["dates"]] == [PartialDate] * 4
    assert back["dates"][0] is back["dates"][3]  # equal values: one (immutable) object
    assert back["dated"][0] is back["dated"][1] and back["dated"][2] is not back["dated"][0]
    assert back["events"][0] is back["events"][1]
    # An event date's cached day span is worked out again, not lost.
    assert (back["events"][2].first, back["events"][2].last) == (events[2].first, events[2].last)
    assert back["events"][0] is _event_date(D("2024-03-05"), 7, True)


def test_dates_are_written_smaller_than_as_dataclasses() -> None:
    dates = [D(f"2024-{m:02d}-{d:02d}") for m in range(1, 13) for d in range(1, 29)]
    data = memo_pickle(dates)
    assert b"PartialDate" not in data  # a call of the cached constructor, not the class and a dict
    assert len(data) < len(pickle.dumps(dates, protocol=5)) * 0.6


def test_a_flat_dict_round_trips_through_the_memo_file(tmp_path: Path) -> None:
    prints = Flat({f"post-{k}.md": (f"{k:064x}", bytes([k]) * 16, None, (b"x" * 16, "a\nb", ""), b"", b"t")
                   for k in range(50)})
    memo = {"version": "v", "parts": prints, "stories": {"dated": {b"k": ("id", DatedValue(D("2024-01-02"), "s"))}}}
    assert save_memo(tmp_path, "key", memo) is None
    back = load_memo(tmp_path, "key")
    assert back == memo
    assert type(back["parts"]) is Flat  # written flat again by the next build
    assert load_memo(tmp_path, "another key") == {}
    # Written without pickle's memo: its values only, however they were shared.
    shared = ("same",) * 3
    again = pickle.loads(memo_pickle(Flat({"a": shared, "b": shared})))
    assert again == {"a": shared, "b": shared} and again["a"] is not again["b"]


def test_reference_numbers_tell_references_apart_exactly() -> None:
    dates = [None, D("2024"), D("2024-01"), D("2024-01-01"), D("2025-01-01"), D("2024-10")]
    references = list(itertools.product(dates, repeat=2))
    numbers = [_reference_numbers(r) for r in references]
    assert len(set(numbers)) == len(references)
    # Equal references (equal dates, not the same objects) give equal numbers.
    assert _reference_numbers((D("2024-01"), None)) == _reference_numbers((D("2024-01"), None))


def test_memo_through_its_file_matches_fresh_analysis(tmp_path: Path) -> None:
    """As test_analysis_memo, but the memo goes through its file between builds, as a
    build's does: flat dicts, dates as fields and references as numbers come back exact."""
    from tests.test_analysis_memo import FIXTURES, _analyse, _first

    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "events", folder)
    cache = tmp_path / "cache"

    def same() -> None:
        memo = load_memo(cache, "key")
        assert _analyse(folder, memo) == _analyse(folder, None)
        assert save_memo(cache, "key", memo) is None

    same()
    memo = load_memo(cache, "key")
    assert type(memo["parts"]) is Flat and type(memo["stories"]["dated"]) is Flat
    assert type(memo["timeline"]["sources"]) is Flat and type(memo["timeline"]["seen"]) is Flat
    dated = list(memo["stories"]["dated"].values())
    assert dated and all(d[1] is None or isinstance(d[1], tuple) for d in dated)  # fields, not DatedValues
    same()  # nothing changed: everything replayed
    target = _first(folder)
    target.write_text(target.read_text(encoding="utf-8") + "\n\nThe council met again on Tuesday to review it.\n",
                      encoding="utf-8")
    same()
    # A date of its own: the article's story may be dated again, its mentions read again.
    target.write_text(target.read_text(encoding="utf-8") + "\n\nOn 3 March 2023 the council first met.\n",
                      encoding="utf-8")
    same()
    shutil.copy(target, folder / ("zz_copy" + target.suffix))
    same()


def test_timeline_entries_round_trip_as_rows() -> None:
    from site_builder.analyze.timeline import _entries, _entry_rows
    from site_builder.model import Evidence, TimelineEntry

    # Every field set, none at its default: a field the rows forgot would come back different.
    assert [f.name for f in dataclasses.fields(TimelineEntry)] == [
        "id", "date", "title", "summary", "story_ids", "articles", "evidence", "kind"]
    entries = [TimelineEntry("e-1", D("2024-03"), "Talks", "Talks began.", ["s1", "s2"], ["a.md", "b.md"],
                             [Evidence("They met.", "a.md"), Evidence("Again.", "b.md")], "mention"),
               TimelineEntry("e-2", D("2024"), "Vote", "", [], [], [], "story")]
    back = _entries(pickle.loads(memo_pickle(_entry_rows(entries))))
    assert back == entries
    assert back[0].evidence[0] is not entries[0].evidence[0]  # fresh objects, free to change

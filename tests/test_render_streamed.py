"""The data export is made and written a record at a time (issue 7: peak memory at 20,000 articles)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.render.digest import digest_data, digest_json, records_json, records_json_parts
from site_builder.render.pages import Renderer
from site_builder.render.urls import Urls
from tests.test_render import config, rich_site

records = st.lists(st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(max_size=8)), max_size=3),
                   max_size=4)


@given(st.dictionaries(st.sampled_from(["site", "articles", "stories", "people"]),
                       st.one_of(records, st.text(max_size=6), st.integers()), min_size=1))
def test_records_from_iterators_read_as_from_lists(data: dict[str, object]) -> None:
    lazy = {key: iter(value) if isinstance(value, list) else value for key, value in data.items()}
    text = "".join(records_json_parts(lazy))
    assert text == records_json(data)
    assert json.loads(text) == data


def test_digest_records_are_made_as_they_are_written() -> None:
    site = rich_site()
    data = digest_data(site, Urls(config().base_url), config())
    assert all(isinstance(data[key], Iterator) for key in ("articles", "stories", "timeline", "topics", "people"))
    # and the whole export still reads as one JSON document with every record
    exported = json.loads(digest_json(site, Urls(config().base_url), config()))
    assert [a["source"] for a in exported["articles"]] == [a.source for a in site.articles]
    assert [s["id"] for s in exported["stories"]] == [s.id for s in site.stories]


def test_a_file_in_pieces_reaches_disk_before_its_last_piece_is_made(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("site_builder.render.pages._BATCH_CHARS", 100)
    out = tmp_path / "out"
    out.mkdir()
    renderer = Renderer(rich_site(), config(), out, [])
    on_disk_midway: list[int] = []

    def pieces() -> Iterator[str]:
        for n in range(50):
            if n == 40:
                on_disk_midway.append((out / "big.json").stat().st_size)
            yield f"piece {n:03d} é\n"

    renderer.write("big.json", pieces())
    assert (out / "big.json").read_text(encoding="utf-8") == "".join(f"piece {n:03d} é\n" for n in range(50))
    assert on_disk_midway[0] >= 300  # earlier batches were written, not held until the end
    assert renderer.written[-1] == "big.json"


def test_a_rendered_site_writes_the_whole_export(tmp_path: Path) -> None:
    from site_builder.render import render_site

    site = rich_site()
    render_site(site, config(), tmp_path / "out", workers=1)
    written = (tmp_path / "out" / "digest.json").read_text(encoding="utf-8")
    assert written == digest_json(rich_site(), Urls(config().base_url), config())

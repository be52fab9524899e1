"""The timeline and about pages are keyed by their inputs (``Renderer.page_of``): reused when
those are unchanged, rendered again when the timeline changes, and always equal to a cold build."""

from __future__ import annotations

from pathlib import Path

from tests.test_build_cache import config  # noqa: F401  (fixture)
from tests.test_pages_reuse import rebuild_matches_cold, site  # noqa: F401  (site: fixture)


def _state(out: Path) -> dict[str, tuple[int, bytes]]:
    return {name: ((out / name).stat().st_mtime_ns, (out / name).read_bytes())
            for name in ("timeline.json", "timeline/index.html", "about/index.html")}


def test_pages_of_unchanged_inputs_stay_and_a_new_event_rerenders_the_timeline(site: dict, config) -> None:  # noqa: F811
    out = site["out"]
    before = _state(out)
    post = site["content"] / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents welcomed the plan.\n", encoding="utf-8")
    rebuild_matches_cold(site, config, "cold-body")
    after = _state(out)
    assert after["about/index.html"] == before["about/index.html"]  # left in place, not written again
    if after["timeline.json"][1] == before["timeline.json"][1]:
        assert after["timeline/index.html"] == before["timeline/index.html"]

    post.write_text(post.read_text(encoding="utf-8") + "\nThe talks ended on 3 March 2024 in Geneva, officials said.\n",
                    encoding="utf-8")
    rebuild_matches_cold(site, config, "cold-event")
    event = _state(out)
    assert event["timeline.json"][1] != after["timeline.json"][1], "the new sentence made no timeline entry"
    assert event["timeline/index.html"][1] != after["timeline/index.html"][1]

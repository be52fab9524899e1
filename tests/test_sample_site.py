"""The sample corpus end to end: what issue 2 promises the digest shows."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CONTENT, ROOT


def by_prefix(digest: dict, prefix: str) -> dict:
    (article,) = [a for a in digest["articles"] if a["source"].startswith(prefix)]
    return article


def test_content_ships_the_seeds_byte_for_byte() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():  # CI clones beside shared/, a developer checkout may not be
        return
    for seed in sorted(seeds.iterdir()):
        assert (CONTENT / seed.name).read_bytes() == seed.read_bytes()


def test_every_article_becomes_a_record(sample_digest: dict) -> None:
    assert len(sample_digest["articles"]) == 5
    titles = {a["source"][:3]: a["title"] for a in sample_digest["articles"]}
    assert titles["003"] == "US and Japan strengthen their relationship against China"


def test_inferred_metadata(sample_digest: dict) -> None:
    assert by_prefix(sample_digest, "001")["author"] == "Benjamin He"
    assert by_prefix(sample_digest, "001")["published"] == "2024-11-26"
    assert by_prefix(sample_digest, "003")["event_date"] == "2023-01-11"
    assert by_prefix(sample_digest, "000")["published"] is None


def test_index_lists_every_article(sample_site: Path, sample_digest: dict) -> None:
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    for article in sample_digest["articles"]:
        assert f"articles/{article['slug']}/" in index


def test_build_counts_editorial_flags(tmp_path: Path) -> None:
    from site_builder.build import build
    from site_builder.config import load_config

    result = build(CONTENT, tmp_path / "out", load_config(ROOT / "site.yaml"), search=False)
    assert result.flags == sum(len(s.warnings) for s in result.site.stories)
    assert result.flags >= 3  # Blinkin (000), Anthony Blinken and Austin's role (003)

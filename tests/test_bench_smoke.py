"""Smoke run of the speed benchmark: the corpus generator and ``bench/run.py`` on tiny sizes.

The benchmark itself is not part of the test suite (it takes minutes); this only checks
that the instruments work: corpora have the promised shape and ``run.py`` measures builds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402
import run as bench_run  # noqa: E402


def _front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    block, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(block)


def test_markdown_posts_have_front_matter_tags_and_about_430_words(tmp_path: Path) -> None:
    paths = make_corpus.generate(20, tmp_path)
    assert len(paths) == 20 and all(p.suffix == ".md" for p in paths)
    titles = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        meta = _front_matter(text)
        assert meta["title"] and isinstance(meta["title"], str)
        assert len(str(meta["date"])) == 10  # ISO date
        assert len(meta["tags"]) == 3 and len(set(meta["tags"])) == 3
        words = len(text.split("\n---\n", 1)[1].split())
        assert 330 <= words <= 600, (path.name, words)
        titles.add(meta["title"])
    assert len(titles) >= 18  # distinct events, not one post copied


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    a = make_corpus.generate(8, tmp_path / "a", raw=True)
    b = make_corpus.generate(8, tmp_path / "b", raw=True)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    c = make_corpus.generate(8, tmp_path / "c", raw=True, seed=1)
    assert [p.read_bytes() for p in c] != [p.read_bytes() for p in a]


def test_raw_corpus_has_furniture_and_several_versions_per_event(tmp_path: Path) -> None:
    events: list[list[str]] = []
    paths = make_corpus.generate(60, tmp_path, raw=True, events=events)
    names = sorted(p.name for p in paths)
    assert sorted(n for group in events for n in group) == names  # every file in exactly one event
    assert max(len(g) for g in events) >= 3 and len(events) < 40
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert not any(t.startswith("---") for t in texts)
    furniture = ("Share", "Back To Top", "Comments", "Advertisement", "Related", "#", "Tweet", "Log in", "Menu")
    assert sum(any(f in t for f in furniture) for t in texts) >= 50
    big = max(events, key=len)
    versions = {(tmp_path / n).read_text(encoding="utf-8") for n in big}
    assert len(versions) == len(big)  # versions are rewritten, not copies


def test_run_child_measures_memory_of_the_child() -> None:
    run, out, _ = bench_run.run_child(
        [sys.executable, "-c", "import time; b = bytearray(80_000_000); b[::4096] = b'x' * len(b[::4096]); "
         "time.sleep(1.5); print('Built 3 articles, 2 stories, 7 pages')"], ROOT)
    assert run.ok and "Built" in out
    assert run.max_rss_mb >= 70 and run.peak_tree_mb >= 70
    assert (run.articles, run.stories, run.pages) == (3, 2, 7)
    failed, _, _ = bench_run.run_child([sys.executable, "-c", "raise SystemExit('boom')"], ROOT)
    assert not failed.ok and "boom" in failed.error


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=3))
def test_parse_sizes_accepts_one_two_or_three_sizes(sizes: list[int]) -> None:
    md, small, large = bench_run.parse_sizes(",".join(map(str, sizes)))
    assert md == sizes[0]
    assert small == (sizes[1] if len(sizes) == 3 else sizes[0])
    assert large == (sizes[-1] if len(sizes) > 1 else sizes[0] * 10)


def test_parse_sizes_rejects_nonsense() -> None:
    import argparse

    for bad in ("0", "1,2,3,4", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            bench_run.parse_sizes(bad)


FAKE_BUILDER = """
import argparse, pathlib, sys
p = argparse.ArgumentParser(prog="site-builder")
sub = p.add_subparsers(dest="cmd")
b = sub.add_parser("build")
for flag in ("--content", "--output", "--cache-dir", "--config"):
    b.add_argument(flag)
b.add_argument("--no-search", action="store_true")
a = p.parse_args()
n = sum(1 for f in pathlib.Path(a.content).iterdir() if f.suffix in (".md", ".txt"))
out = pathlib.Path(a.output)
out.mkdir(parents=True, exist_ok=True)
(out / "index.html").write_text("ok")
assert a.cache_dir and a.no_search, "run.py must pass the flags the builder offers"
print(f"Built {n} articles, {n // 2} stories, {n + 1} pages, 0 warnings in 0.01s -> {out}")
"""


def _quick(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--sizes", "8,8,24", "--skip-pelican",
         "--workdir", str(tmp_path / "work"), "--json", str(report), *extra],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc, json.loads(report.read_text(encoding="utf-8"))


def test_run_measures_every_build_with_the_builders_flags(tmp_path: Path) -> None:
    fake = tmp_path / "fake_builder.py"
    fake.write_text(FAKE_BUILDER, encoding="utf-8")
    proc, data = _quick(tmp_path, "--site-builder", f"{sys.executable} {fake}")
    assert "no-change rebuild" in proc.stdout and "target" in proc.stdout
    assert "--cache-dir" in data["command"] and "--no-search" in data["command"] and not data["missing_flags"]
    measures = data["measures"]
    assert set(measures) == {"cold", "same", "edit", "raw_small", "raw_large"}
    for name, m in measures.items():
        assert m["ok"], (name, m["error"])
        assert 0 < m["median_s"] < 60 and m["peak_mb"] > 1 and m["median_cpu_s"] > 0
    assert measures["cold"]["articles"] == 8 and measures["raw_large"]["articles"] == 24
    assert measures["raw_large"]["stories"] == 12
    assert any(r["metric"].startswith("growth raw") for r in data["rows"])
    assert data["events"]["raw_large"] < 24  # several versions per event
    # The one-file edit is undone: the cached corpus still matches a fresh generation.
    (corpus,) = [p for p in (tmp_path / "work" / "corpus").glob("md-8-*") if p.is_dir()]
    fresh = make_corpus.generate(8, tmp_path / "fresh")
    assert [p.read_bytes() for p in sorted(corpus.iterdir())] == [p.read_bytes() for p in fresh]


def test_run_reports_a_failing_builder_without_crashing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import sys; sys.exit('site-builder: no such option --cache-dir')", encoding="utf-8")
    proc, data = _quick(tmp_path, "--site-builder", f"{sys.executable} {broken}", "--skip-raw")
    assert "ERROR" in proc.stdout and "no such option" in proc.stdout
    assert data["measures"]["cold"]["ok"] is False


def test_quick_run_of_the_real_builder(tmp_path: Path) -> None:
    # One real build only: the flows are covered above with a fake builder, and the real one is slow to start.
    _, data = _quick(tmp_path, "--skip-raw", "--skip-rebuilds")
    cold = data["measures"]["cold"]
    assert cold["ok"], cold["error"]
    assert cold["articles"] == 8 and cold["pages"] >= 8 and cold["peak_mb"] > 10


def test_profile_reports_where_the_time_goes(tmp_path: Path) -> None:
    fake = tmp_path / "fake_builder.py"
    fake.write_text(FAKE_BUILDER, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--sizes", "8,8,24", "--profile", "md",
         "--workdir", str(tmp_path / "work"), "--site-builder", f"{sys.executable} {fake}"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "own time by area:" in proc.stdout and "functions by own time:" in proc.stdout
    assert "argparse" in proc.stdout or "stdlib" in proc.stdout  # the fake builder's own work shows up
    assert list((tmp_path / "work").glob("profile-md-8.prof"))


def test_stage_timer_times_a_cold_build_and_an_edit_and_restores_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus.generate(12, corpus)
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    out = tmp_path / "stages" / "out"
    script = str(ROOT / "bench" / "stages.py")
    cold = subprocess.run([sys.executable, script, str(corpus), "--out", str(out)],
                          capture_output=True, text=True, check=True).stdout
    assert "build_stories" in cold and "render" in cold
    assert "12 articles" in cold and "12 parsed" in cold
    edit = subprocess.run([sys.executable, script, str(corpus), "--out", str(out), "--edit"],
                          capture_output=True, text=True, check=True).stdout
    assert "1 parsed" in edit and "reused" in edit
    copy = out.with_name("out.corpus")
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before  # the edited file was put back
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before  # the corpus itself was never touched

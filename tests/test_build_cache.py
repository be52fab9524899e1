"""Incremental builds and determinism: the cache is an optimisation only.

Every cached, skipped, in-place or corrupt-cache build is compared byte for byte with a
cold build of the same content into a fresh folder.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from site_builder.build import build, commit_in_place, manifest_of, recover_interrupted
from site_builder.cache import BLOBS_NAME, FILE_NAME
from site_builder.config import load_config
from tests.conftest import CONTENT, ROOT

TOPICS = ["harbour", "budget", "schools", "transit", "water", "housing"]
PLACES = ["Port Velmora", "Ashgrove", "Kelmarsh", "Dunmore Bay", "Oriel Heights", "Saltmarket"]


def write_corpus(folder: Path, n: int = 10) -> None:
    """Small invented Markdown articles plus two raw sample files (different events, dates, tags)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place, topic = PLACES[i % len(PLACES)], TOPICS[(i * 5) % len(TOPICS)]
        (folder / f"post-{i:02d}.md").write_text(
            f"---\ntitle: {place} council debates {topic} plan number {i}\nauthor: Reporter {i}\n"
            f"published: 2024-0{1 + i % 9}-1{i % 9}\ntags: [{topic}, local]\n---\n\n"
            f"The council of {place} met on Tuesday to debate plan number {i} on {topic}, with "
            f"{10 + i} members voting in favour and {i % 4} against.\n\n"
            f"Officials said the {topic} plan would cost {i + 2}.5 million and take {i % 3 + 1} years.\n",
            encoding="utf-8")
    for sample in sorted(CONTENT.iterdir())[:2]:
        shutil.copy(sample, folder / sample.name)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "site.yaml")


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory, config) -> dict:
    """One content folder built cold, then with the cache through a series of edits."""
    root = tmp_path_factory.mktemp("cache")
    content = root / "content"
    write_corpus(content)
    cache = root / "cache"
    out = root / "out"
    first = build(content, out, config, cache_dir=cache, search=False)
    first_tree = tree(out)
    again = build(content, out, config, cache_dir=cache, search=False)
    return {"root": root, "content": content, "cache": cache, "out": out, "first": first,
            "first_tree": first_tree, "again": again}


def cold_tree(root: Path, content: Path, config, name: str) -> dict[str, str]:
    out = root / name
    build(content, out, config, search=False)
    return tree(out)


def test_two_cold_builds_are_byte_identical(cached: dict, config) -> None:
    a = cold_tree(cached["root"], cached["content"], config, "cold-a")
    b = cold_tree(cached["root"], cached["content"], config, "cold-b")
    assert a == b
    assert a == cached["first_tree"]  # building with a cache gives the same bytes


def test_output_does_not_leak_build_paths(cached: dict) -> None:
    for path in cached["out"].rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert str(cached["root"]) not in text, path


def test_unchanged_rebuild_is_skipped(cached: dict) -> None:
    again = cached["again"]
    assert again.skipped
    assert again.parsed_files == 0
    assert (again.articles, again.stories, again.pages) == (cached["first"].articles, cached["first"].stories,
                                                            cached["first"].pages)
    assert [p.format() for p in again.problems] == [p.format() for p in cached["first"].problems]
    assert again.site.articles  # the model is still available on demand
    assert tree(cached["out"]) == cached["first_tree"]


def test_edit_add_delete_matches_a_cold_build(cached: dict, config) -> None:
    content = cached["content"]
    edited = content / "post-03.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late amendment was tabled by the mayor.\n",
                      encoding="utf-8")
    (content / "post-07.md").unlink()
    (content / "zz-new.md").write_text(
        "---\ntitle: Ferry timetable changes for winter\npublished: 2024-10-02\n---\n\n"
        "The ferry operator published a winter timetable with fewer crossings on Sundays.\n", encoding="utf-8")
    result = build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    assert result.parsed_files == 2
    assert not result.skipped
    expected = cold_tree(cached["root"], content, config, "cold-after-edit")
    assert tree(cached["out"]) == expected
    assert not [p for p in cached["out"].rglob("*") if "post-07" in p.as_posix()]  # stale pages removed
    assert not list(cached["out"].parent.glob(".out.*"))  # no staging or journal left behind


def test_a_text_edit_rerenders_few_pages_and_matches_a_cold_build(cached: dict, config) -> None:
    content = cached["content"]
    build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    post = content / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment on the plan until March.\n",
                    encoding="utf-8")
    result = build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    assert result.parsed_files == 1
    assert result.reused_pages > result.pages // 2  # most pages were not rendered again
    assert tree(cached["out"]) == cold_tree(cached["root"], content, config, "cold-after-text-edit")
    # The in-place update recorded the output as it now is, so nothing is left to do.
    assert build(content, cached["out"], config, cache_dir=cached["cache"], search=False).skipped


@pytest.mark.forks
def test_page_reuse_works_on_forked_render_workers(tmp_path: Path, config, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder import render
    from site_builder.analyze.features import can_fork
    from site_builder.cache import BuildCache

    assert can_fork(), "run the 'forks' tests in a plain process (make test does)"
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)  # fork even for this small site,
    monkeypatch.setattr(render, "FORK_FIRST_CHECK", 0.0)  # after its first page
    monkeypatch.setattr(render, "FORK_WORTH_SECONDS", 0.0)
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_corpus(content)
    first = build(content, out, config, cache_dir=cache, search=False)
    keys = BuildCache.load(cache, "").last.page_keys  # type: ignore[union-attr]
    # every page keyed in a worker and carried back (feeds, JSON and the sitemap are keyed too)
    assert len([k for k in keys if k.endswith(".html")]) == first.pages
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 10**9)
    build(content, tmp_path / "serial", config, cache_dir=tmp_path / "serial-cache", search=False)
    assert BuildCache.load(tmp_path / "serial-cache", "").last.page_keys == keys  # type: ignore[union-attr]
    monkeypatch.setattr(render, "PARALLEL_MIN_JOBS", 1)
    post = content / "post-05.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nResidents may comment on the plan until March.\n",
                    encoding="utf-8")
    result = build(content, out, config, cache_dir=cache, search=False)
    assert result.reused_pages > result.pages // 2
    assert BuildCache.load(cache, "").last.page_keys.keys() == keys.keys()  # type: ignore[union-attr]
    assert tree(out) == cold_tree(tmp_path, content, config, "cold")
    # A retitled story changes feeds too: the files keyed in the workers follow it.
    post = content / "post-02.md"
    post.write_text(post.read_text(encoding="utf-8").replace("council debates", "council rejects", 1),
                    encoding="utf-8")
    build(content, out, config, cache_dir=cache, search=False)
    assert tree(out) == cold_tree(tmp_path, content, config, "cold-retitled")


def test_a_same_size_edit_right_after_a_build_is_seen(cached: dict, config) -> None:
    content = cached["content"]
    post = content / "post-04.md"
    build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("met on Tuesday", "met on Fridays"), encoding="utf-8")
    assert len(post.read_bytes()) == len(text.encode())
    result = build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    assert result.parsed_files == 1
    assert any(
        "met on Fridays" in p.read_text(encoding="utf-8") for p in cached["out"].rglob("*.html"))


def test_a_retitled_article_matches_a_cold_build(cached: dict, config) -> None:
    content = cached["content"]
    build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    post = content / "post-01.md"
    post.write_text(post.read_text(encoding="utf-8").replace("council debates", "mayor vetoes"), encoding="utf-8")
    build(content, cached["out"], config, cache_dir=cached["cache"], search=False)
    assert tree(cached["out"]) == cold_tree(cached["root"], content, config, "cold-after-retitle")


def test_corrupt_or_deleted_cache_never_changes_the_output(cached: dict, config) -> None:
    content, cache, out = cached["content"], cached["cache"], cached["out"]
    expected = cold_tree(cached["root"], content, config, "cold-for-cache")
    (cache / FILE_NAME).write_bytes(b"\x80\x05this is not a pickle at all")
    shutil.rmtree(out)
    result = build(content, out, config, cache_dir=cache, search=False)
    assert any("build cache is corrupt" in p.format() for p in result.problems)
    assert tree(out) == expected
    # The records file alone: the build must notice when it first needs a record.
    post = content / "post-02.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA correction was added.\n", encoding="utf-8")
    expected = cold_tree(cached["root"], content, config, "cold-for-records")
    (cache / BLOBS_NAME).write_bytes(b"garbage")
    result = build(content, out, config, cache_dir=cache, search=False)
    assert any(BLOBS_NAME in p.format() and "corrupt" in p.message for p in result.problems)
    assert tree(out) == expected
    shutil.rmtree(cache)
    result = build(content, out, config, cache_dir=cache, search=False)
    assert not any("cache" in p.message for p in result.problems)
    assert tree(out) == expected


def test_a_touched_output_is_rebuilt(cached: dict, config) -> None:
    content, cache, out = cached["content"], cached["cache"], cached["out"]
    build(content, out, config, cache_dir=cache, search=False)
    before = tree(out)
    victim = sorted(out.rglob("*.html"))[-1]
    victim.write_text("vandalised", encoding="utf-8")
    (out / "stray.txt").write_text("left by hand", encoding="utf-8")
    result = build(content, out, config, cache_dir=cache, search=False)
    assert not result.skipped
    assert tree(out) == before


def test_a_file_added_deep_in_the_output_is_seen(cached: dict, config) -> None:
    content, cache, out = cached["content"], cached["cache"], cached["out"]
    build(content, out, config, cache_dir=cache, search=False)
    before = tree(out)
    page_folder = sorted(out.glob("stories/*/"))[0]
    (page_folder / "stray.html").write_text("left by hand", encoding="utf-8")
    result = build(content, out, config, cache_dir=cache, search=False)
    assert not result.skipped
    assert tree(out) == before
    assert build(content, out, config, cache_dir=cache, search=False).skipped


def test_a_cache_without_folder_times_still_skips(cached: dict, config) -> None:
    import pickle

    content, cache, out = cached["content"], cached["cache"], cached["out"]
    build(content, out, config, cache_dir=cache, search=False)
    index = cache / FILE_NAME
    stored = pickle.loads(index.read_bytes())
    del stored["last"].__dict__["folders"]  # as pickled by a version that did not record them
    index.write_bytes(pickle.dumps(stored))
    assert build(content, out, config, cache_dir=cache, search=False).skipped


def test_commit_rolls_back_when_it_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("old a", encoding="utf-8")
    (out / "stale.html").write_text("stale", encoding="utf-8")
    old_manifest = manifest_of(out)
    before = tree(out)
    staging = tmp_path / ".out.tmp-1-x"
    (staging / "a").mkdir(parents=True)
    (staging / "a" / "index.html").write_text("new a", encoding="utf-8")
    (staging / "b.html").write_text("new b", encoding="utf-8")
    import site_builder.build as build_mod

    real_replace = build_mod.os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):  # the second file move fails
        if Path(dst).is_relative_to(out):
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(build_mod.os, "replace", failing_replace)
    with pytest.raises(OSError):
        commit_in_place(staging, out, old_manifest, ["a/index.html", "b.html"])
    monkeypatch.setattr(build_mod.os, "replace", real_replace)
    assert tree(out) == before
    assert not list(tmp_path.glob(".out.journal-*"))


def test_recover_interrupted_restores_a_moved_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = tmp_path / ".site.old-999999999"  # a pid that cannot be alive
    old.mkdir()
    (old / "index.html").write_text("previous", encoding="utf-8")
    stale_staging = tmp_path / ".site.tmp-999999999-abc"
    stale_staging.mkdir()
    recover_interrupted(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert not stale_staging.exists()


def test_folders_that_overlap_are_refused(tmp_path: Path, config) -> None:
    from site_builder.build import BuildError

    content = tmp_path / "content"
    write_corpus(content, 1)
    with pytest.raises(BuildError):
        build(content, content / "out", config)
    with pytest.raises(BuildError):
        build(content, tmp_path / "out", config, cache_dir=content / ".cache")
    assert sorted(p.name for p in content.iterdir()) == sorted(
        [f"post-{0:02d}.md", *[p.name for p in sorted(CONTENT.iterdir())[:2]]])


def test_page_keys_tell_values_apart() -> None:
    from site_builder.build import _Keyer
    from site_builder.model import DatedValue, PartialDate

    keyer = _Keyer()
    values = [1, 1.0, True, "1", None, [1], (1,), [[1]], {"a": 1}, {"a": "1"}, "x" * 100, "x" * 101,
              DatedValue(PartialDate(2024, 1, 2), "dateline"), DatedValue(PartialDate(2024, 1), "dateline"),
              ["a", "b"], ["ab"], ["a\0b"]]
    tokens = [keyer.token(v) for v in values]
    assert len(set(tokens)) == len(values)
    again = _Keyer()
    assert tokens == [again.token(v) for v in values]  # stable across builds


def test_an_edit_reads_only_the_edited_article_again(tmp_path: Path, config,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-article analysis is cached with each file's record: an edit re-reads one file."""
    import site_builder.analyze as analyze_pkg
    import site_builder.analyze.entities as entities
    import site_builder.analyze.features as features

    content, cache, out = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    write_corpus(content)
    build(content, out, config, cache_dir=cache, search=False)
    read: dict[str, list[str]] = {"mentions": [], "features": []}

    def spy(kind, real):
        def wrapper(article, *args):
            read[kind].append(article.source)
            return real(article, *args)
        return wrapper

    for kind, modules, name in (("mentions", (analyze_pkg, entities), "read_mentions"),
                                ("features", (analyze_pkg, features), "extract")):
        wrapped = spy(kind, getattr(modules[-1], name))
        for module in modules:
            monkeypatch.setattr(module, name, wrapped)
    edited = content / "post-03.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late vote was added by the clerk.\n",
                      encoding="utf-8")
    import site_builder.analyze.timeline as timeline

    dated: list[str] = []
    real_find = timeline.find_mentions
    monkeypatch.setattr(timeline, "find_mentions", lambda a, *refs: dated.append(a.source) or real_find(a, *refs))
    build(content, out, config, cache_dir=cache, search=False)
    assert read == {"mentions": ["post-03.md"], "features": ["post-03.md"]}
    # Dated mentions are re-read only where a story lent the article a date of its own
    # (here the undated sample file 000); all the rest come from the cache.
    assert "post-03.md" in dated and len(dated) <= 2
    cold = tmp_path / "cold"
    build(content, cold, config, search=False)
    assert tree(out) == tree(cold)


def test_site_fingerprint_depends_on_values_not_on_which_objects_are_shared(config) -> None:
    """Forked analysis returns equal copies of objects a one-process run shares; the
    fingerprint (part of every page key) must not change, or every page re-renders."""
    import pickle

    from site_builder.build import collect, parse_key, run_analysis, site_fingerprint
    from site_builder.cache import BuildCache

    collected = collect(CONTENT, config, BuildCache.load(None, parse_key(config)))
    articles, problems = collected.load()
    site = run_analysis(articles, problems, config, collected.prepared)
    copy = pickle.loads(pickle.dumps(site))
    for article in copy.articles:  # equal values, no longer the story's own string objects
        article.story_id = "".join(list(article.story_id)) if article.story_id else article.story_id
        article.slug = "".join(list(article.slug))
    assert site_fingerprint(copy) == site_fingerprint(site)
    copy.articles[0].slug += "-changed"
    assert site_fingerprint(copy) != site_fingerprint(site)


def test_records_saved_before_analysis_are_released_and_read_back(tmp_path: Path) -> None:
    """The pickled records are written before loading, so a build can drop them from memory."""
    from site_builder.cache import BuildCache, Record

    cache = BuildCache.load(tmp_path / "cache", "key")
    records = {"a.md": Record("h1", b"blob-a", (1, 2), 3), "b.md": Record("h2", b"blob-b", (4, 5), 6)}
    assert cache.save_records(records) is None
    for record in records.values():
        record.blob = None  # what a build does as it loads each one
    assert cache.blob("a.md", "h1") == b"blob-a"
    assert cache.save(records, None) is None  # the index after; the records file stays as written
    again = BuildCache.load(tmp_path / "cache", "key")
    assert again.blob("b.md", "h2") == b"blob-b"
    assert again.blob("b.md", "other-hash") is None


@pytest.mark.parametrize("with_cache", [False, True])
def test_a_build_drops_each_pickled_record_once_loaded(tmp_path: Path, config, with_cache: bool,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing reads a record's pickle after loading, with the cache (it is on disk) or without
    one (nothing will save it), so no build holds them all through analysis and rendering."""
    import site_builder.build as build_mod

    content = tmp_path / "content"
    write_corpus(content, n=4)
    seen: list[build_mod.Collected] = []
    load = build_mod.Collected.load

    def spy(self: build_mod.Collected, release: bool = False) -> tuple:
        seen.append(self)
        return load(self, release)

    monkeypatch.setattr(build_mod.Collected, "load", spy)
    build(content, tmp_path / "out", config, cache_dir=tmp_path / "cache" if with_cache else None, search=False)
    (collected,) = seen
    assert len(collected.records) == 6
    assert [rel for rel, record in collected.records.items() if record.blob is not None] == []


def test_render_workers_setting_reaches_the_renderer_and_leaves_output_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import site_builder.render as render_pkg
    from site_builder.cache import config_hash
    from site_builder.config import ConfigError

    (tmp_path / "one.yaml").write_text("render_workers: 1\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("render_workers: 0\n", encoding="utf-8")
    one = load_config(tmp_path / "one.yaml")
    with pytest.raises(ConfigError, match="render_workers"):
        load_config(tmp_path / "bad.yaml")
    # Not part of the parse key: changing it must not throw the cache away.
    assert config_hash(one) == config_hash(load_config(None))
    seen: list[int] = []
    real = render_pkg.render_site

    def spy(*args, workers: int = 2, **kwargs):
        seen.append(workers)
        return real(*args, workers=workers, **kwargs)

    monkeypatch.setattr(render_pkg, "render_site", spy)
    content = tmp_path / "content"
    write_corpus(content, 3)
    build(content, tmp_path / "out", one, search=False)
    assert seen == [1]


def test_compiled_templates_are_kept_in_the_cache_folder(tmp_path: Path, config) -> None:
    """A cached build keeps Jinja's compiled templates; an edited override is still honoured."""
    content = tmp_path / "content"
    write_corpus(content, n=3)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, config, cache_dir=cache, search=False)
    compiled = sorted(p.name for p in (cache / "jinja").iterdir())
    assert compiled, "no compiled templates were kept"
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "about.html").write_text("<!doctype html><title>t</title><p>override one</p>", encoding="utf-8")
    build(content, out, config, [overrides], cache_dir=cache, search=False)
    assert "override one" in (out / "about" / "index.html").read_text(encoding="utf-8")
    (overrides / "about.html").write_text("<!doctype html><title>t</title><p>override two</p>", encoding="utf-8")
    build(content, out, config, [overrides], cache_dir=cache, search=False)
    assert "override two" in (out / "about" / "index.html").read_text(encoding="utf-8")


def test_an_edit_replays_the_analysis_memo_and_a_corrupt_memo_is_ignored(
        tmp_path: Path, config, monkeypatch: pytest.MonkeyPatch) -> None:
    import site_builder.analyze as analyze_pkg
    from site_builder.cache import MEMO_NAME

    content, cache, out = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    write_corpus(content)
    build(content, out, config, cache_dir=cache, search=False)
    assert (cache / MEMO_NAME).is_file()
    calls: list[int] = []
    real = analyze_pkg.build_people

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze_pkg, "build_people", counted)
    post = content / "post-04.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nThe vote was postponed until the spring.\n",
                    encoding="utf-8")
    build(content, out, config, cache_dir=cache, search=False)
    assert calls == []  # no name changed: people were replayed from the memo
    assert tree(out) == cold_tree(tmp_path, content, config, "cold-memo")
    post.write_text(post.read_text(encoding="utf-8") + "\nA second late paragraph.\n", encoding="utf-8")
    (cache / MEMO_NAME).write_bytes(b"\x80\x05not a pickle")
    calls.clear()  # the cold build above counted too
    result = build(content, out, config, cache_dir=cache, search=False)
    assert calls == [1]  # nothing to replay: people built again, silently
    assert not any("cache" in p.message for p in result.problems)
    assert tree(out) == cold_tree(tmp_path, content, config, "cold-memo-corrupt")

"""The editor's commands: build's summary and exit codes, check, new."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.cli import main, progress_bar, show_progress
from site_builder.ingest.frontmatter import split_front_matter
from site_builder.scaffold import ScaffoldError, new_article
from tests.conftest import CONTENT, FIXTURES, ROOT


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two sample files, a near-duplicate of one, an undated note and a file with an error."""
    root = tmp_path_factory.mktemp("editor")
    content = root / "content"
    content.mkdir()
    samples = sorted(CONTENT.iterdir())
    for sample in samples[1:3]:
        shutil.copy(sample, content / sample.name)
    original = samples[1].read_text(encoding="utf-8")
    (content / "copy-of-sample.txt").write_text(original.replace("\n\n", "\n\n", 1) + "\nUpdated at noon.\n",
                                                encoding="utf-8")
    (content / "undated-note.md").write_text(
        "---\ntitle: Volunteers clear the canal towpath\n---\n\nVolunteers cleared litter from the canal towpath "
        "and planted forty trees along the bank.\n", encoding="utf-8")
    shutil.copy(FIXTURES / "hostile" / "impossible-date.md", content / "impossible-date.md")
    return {"root": root, "content": content}


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_check_json_reports_inferences_and_problems(editor_site: dict) -> None:
    result = run("check", "--content", str(editor_site["content"]), "--config", str(ROOT / "site.yaml"),
                 "--json", "--cache-dir", str(editor_site["root"] / "cache"))
    assert result.exit_code == 1, result.output  # the impossible date is an error
    data = json.loads(result.stdout)
    files = {f["source"]: f for f in data["files"]}
    assert set(files) == {p.name for p in editor_site["content"].iterdir()}
    sample = files[sorted(CONTENT.iterdir())[1].name]
    assert sample["title"] and sample["story"]["id"]
    assert sample["published"] == {"date": "2024-11-26", "precision": "day", "source": sample["published"]["source"]}
    messages = [p["text"] for f in data["files"] for p in f["problems"]]
    assert any(m.startswith("impossible-date.md:3: ") and "not a valid date" in m for m in messages)
    assert any(m.startswith("undated-note.md: undated") for m in messages)
    assert any(m.startswith("copy-of-sample.txt: likely duplicate") for m in messages), messages
    assert data["summary"]["errors"] >= 1
    assert not (editor_site["root"] / "output").exists()  # check never builds


def test_check_table_and_clean_folder_exit_zero(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "hostile" / "good-article.md", content / "good.md")
    result = run("check", "--content", str(content), "--config", str(tmp_path / "none.yaml"),
                 "--cache-dir", str(tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    assert "good.md" in result.stdout and "Harbour authority" in result.stdout
    assert re.search(r"1 files, 1 articles, 0 skipped, \d+ stories: 0 errors", result.stdout)


def test_build_summary_and_strict_exit_codes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "hostile" / "good-article.md", content / "good.md")
    args = ["build", "--content", str(content), "--output", str(tmp_path / "out"), "--config",
            str(tmp_path / "none.yaml"), "--cache-dir", str(tmp_path / "cache"), "--no-search"]
    result = run(*args, "--strict")
    assert result.exit_code == 0, result.output
    assert re.match(r"Built 1 articles, 1 stories, \d+ pages, 0 warnings, 0 editorial flags in \d+\.\d\ds → ",
                    result.stdout)
    (content / "empty.md").write_text("", encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0
    assert "empty.md: empty file; skipped — " in result.stderr
    assert run(*args, "--strict").exit_code == 1
    again = run(*args)
    assert "(nothing changed)" in again.stdout


def test_a_command_runs_the_collector_less_often(tmp_path: Path) -> None:
    import gc

    from site_builder.cli import YOUNG_GENERATION

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        result = run("check", "--content", str(tmp_path), "--config", str(tmp_path / "none.yaml"),
                     "--cache-dir", str(tmp_path / "cache"))
        assert result.exit_code == 0, result.output
        assert gc.get_threshold()[0] == YOUNG_GENERATION > 700
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize(("preset", "threads"), [(None, 1), ("2", 2)])
def test_a_command_starts_blas_with_one_thread_unless_told(tmp_path: Path, preset: str | None, threads: int) -> None:
    import os
    import subprocess
    import sys

    # A fresh interpreter: OpenBLAS reads its thread count once, when numpy is first imported.
    script = ("from site_builder.cli import main\n"
              f"main(['check', '--content', {str(tmp_path)!r}, '--config', {str(tmp_path / 'none.yaml')!r}],"
              " standalone_mode=False)\n"
              "import threadpoolctl\n"
              "print([i['num_threads'] for i in threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas'])")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == f"[{threads}]"


def test_build_refuses_missing_folder_and_bad_config(tmp_path: Path) -> None:
    result = run("build", "--content", str(tmp_path / "nope"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2 and "content folder not found" in result.stderr
    bad = tmp_path / "site.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    result = run("build", "--content", str(tmp_path), "--config", str(bad))
    assert result.exit_code == 2 and "site.yaml" in result.stderr


def test_progress_bar_only_for_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Tty())
    monkeypatch.delenv("CI", raising=False)
    assert show_progress()
    monkeypatch.setenv("CI", "true")
    assert not show_progress()


def test_new_creates_a_skeleton_that_builds_and_never_overwrites(tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = run("new", "Mayor: \"We will #rebuild the pier\"", "--content", str(content))
    assert result.exit_code == 0, result.output
    (path,) = content.iterdir()
    assert path.name == "mayor-we-will-rebuild-the-pier.md"
    meta, body, problems = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert problems == []
    assert meta["title"] == "Mayor: \"We will #rebuild the pier\""
    assert {"dek", "author", "outlet", "published", "event_date", "tags"} <= set(meta)
    assert body.strip()
    path.write_text(path.read_text(encoding="utf-8").replace("Write the article here", "Edited by hand"),
                    encoding="utf-8")
    again = run("new", "Mayor: \"We will #rebuild the pier\"", "--content", str(content))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert "Edited by hand" in path.read_text(encoding="utf-8")


def test_new_rejects_an_empty_headline(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError):
        new_article(tmp_path, "   ")
    assert not list(tmp_path.iterdir())


def test_skeleton_yaml_is_valid_for_awkward_headlines(tmp_path: Path) -> None:
    for i, headline in enumerate(["- leading dash", "[brackets] and {braces}", "Quote ' and \" mix", "Ünïcödé: ok"]):
        path = new_article(tmp_path / str(i), headline)
        text = path.read_text(encoding="utf-8")
        loaded = yaml.safe_load(text.split("---")[1])
        assert loaded["title"] == headline


def test_the_progress_bar_starts_no_thread_so_builds_can_still_fork() -> None:
    # A running thread makes the build analyse and render on one core (features.can_fork).
    from site_builder.analyze.features import can_fork

    before = threading.active_count()
    with progress_bar(True) as update:
        assert update is not None
        for done in range(0, 200, 10):
            update("parse", done, 200)  # type: ignore[operator]
        update("analyze", 0, None)  # type: ignore[operator]
        assert threading.active_count() == before
        assert can_fork() == (before == 1)


_EXIT_PROBE = """\
import atexit
import site_builder.cli


class Noisy:
    def __del__(self) -> None:
        print("torn down", flush=True)


kept = Noisy()
atexit.register(lambda: print("atexit ran", flush=True))
site_builder.cli.{entry}()
"""


@pytest.mark.parametrize("entry", ["run", "main"])
def test_the_program_leaves_without_tearing_down_but_keeps_exit_code_and_output(tmp_path: Path, entry: str) -> None:
    import os
    import subprocess
    import sys

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", _EXIT_PROBE.format(entry=entry), *args], cwd=tmp_path,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})

    missing = program("build", "--content", str(tmp_path / "nope"), "--output", str(tmp_path / "out"))
    assert missing.returncode == 2 and "content folder not found" in missing.stderr
    assert "atexit ran" in missing.stdout
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    built = program("build", "--content", str(content), "--output", str(tmp_path / "out"), "--no-search",
                    "--config", str(ROOT / "site.yaml"), "--cache-dir", str(tmp_path / "cache"))
    assert built.returncode == 0 and built.stdout.startswith("Built 5 articles"), built.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    # run() (the site-builder script) skips freeing every object at exit; main() exits as usual.
    assert ("torn down" in built.stdout) is (entry == "main")
    assert ("torn down" in missing.stdout) is (entry == "main")

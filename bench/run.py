"""Speed benchmark for ``site-builder build`` against the targets of issue 7, with Pelican side by side.

Times, as medians of several runs, each build in a fresh child process:

* a cold build (no cache, no output) of the Markdown corpus (2,000 posts by default);
* a no-change rebuild, and a rebuild after editing one file;
* cold builds of raw ``.txt`` corpora (2,000 and 20,000 by default) through the whole
  pipeline, clustering and timeline included, to check time grows at most ~linearly;
* peak memory of each build: the process tree's summed PSS sampled from ``/proc``
  (pool workers included) and the largest single process's max RSS from ``wait4``;
* Pelican, installed from PyPI into a throwaway venv, on the same Markdown posts.

It prints a table with the targets and marks every MISS, but always exits 0: it is a
measuring instrument, not a gate. ``--json FILE`` saves the figures for tools.
Corpora and the Pelican venv are cached under ``--workdir`` between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402  (a sibling script, not a package)
from benchlib import remove_settled, revised  # noqa: E402

PELICAN_PINS = ["pelican==4.12.0", "markdown==3.11.3"]  # same Markdown as ours: a like-for-like comparison
TARGETS = {
    "cold_vs_pelican": 3.0,  # ours at least this many times faster
    "no_change_s": 0.5,
    "one_edit_s": 0.8,
    "raw_large_s": 60.0,
    "raw_large_mem_mb": 1536.0,
    "growth": 12.0,  # large raw time ≤ this × small raw time (for a 10× larger corpus)
}
BUILD_TIMEOUT = 30 * 60
PELICANCONF = """\
# Minimal Pelican site matching ours: articles, a paginated index, tag pages and an Atom feed.
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
FEED_DOMAIN = "https://example.org"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DIRECT_TEMPLATES = ["index", "tags"]
# Category pages stay on (the theme needs them): every post is in "misc", one more paginated list.
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = True
"""


@dataclass
class Run:
    """One child process: wall time, memory and what the builder said it built."""

    seconds: float
    ok: bool
    peak_tree_mb: float = 0.0  # summed PSS (or RSS) of the process tree, sampled
    max_rss_mb: float = 0.0  # largest single process, from wait4
    cpu_s: float = 0.0  # user + system time of the process and its reaped children: steadier than wall on a busy box
    articles: int | None = None
    stories: int | None = None
    pages: int | None = None
    error: str = ""


@dataclass
class Measure:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def median(self) -> float | None:
        good = [r.seconds for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def cpu(self) -> float | None:
        good = [r.cpu_s for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float:
        return max((max(r.peak_tree_mb, r.max_rss_mb) for r in self.runs), default=0.0)

    def summary(self) -> dict:
        last = self.runs[-1] if self.runs else None
        return {
            "name": self.name, "ok": self.ok, "median_s": self.median, "median_cpu_s": self.cpu,
            "runs_s": [round(r.seconds, 3) for r in self.runs], "peak_mb": round(self.peak_mb, 1),
            "articles": last.articles if last else None, "stories": last.stories if last else None,
            "pages": last.pages if last else None, "error": next((r.error for r in self.runs if r.error), ""),
            "detail": [asdict(r) for r in self.runs],
        }


# --- measuring one child process -------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        kids.setdefault(int(fields[1]), []).append(int(entry.name))
    return kids


def _memory_kb(pid: int) -> int:
    """PSS when the kernel offers it (shared pages split fairly between pool workers), else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


def _tree_kb(root: int) -> int:
    kids = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid)
        stack.extend(kids.get(pid, []))
    return total


def run_child(cmd: list[str], cwd: Path, *, sample_memory: bool = True) -> tuple[Run, str, str]:
    """Run ``cmd`` to completion; return its measurements, stdout and stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            # /proc/<pid> lingers as a zombie until wait4 reaps it, so sampling never races a reused pid.
            # Reading PSS walks the page tables of a big process; the pause grows with that cost so the
            # sampler stays under ~2 % of one core and does not slow the build it measures.
            pause = 0.05
            while not done.wait(pause):
                began = time.perf_counter()
                peak[0] = max(peak[0], _tree_kb(proc.pid))
                cost = time.perf_counter() - began
                pause = min(1.0, max(0.05 if began - start < 2 else 0.25, 50 * cost))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_memory:
            sampler.start()
        timer = threading.Timer(BUILD_TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            done.set()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it; tell Popen
        if sample_memory:
            sampler.join()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    run = Run(seconds=seconds, ok=proc.returncode == 0, peak_tree_mb=peak[0] / 1024,
              max_rss_mb=usage.ru_maxrss / 1024, cpu_s=usage.ru_utime + usage.ru_stime)
    if not run.ok:
        tail = (stderr.strip() or stdout.strip()).splitlines()[-4:]
        run.error = f"exit {proc.returncode}: " + " ".join(" | ".join(tail).split())
    for attr, word in (("articles", "articles"), ("stories", "stories"), ("pages", "pages")):
        found = re.search(rf"(\d[\d,]*) {word}\b", stdout)
        if found:
            setattr(run, attr, int(found.group(1).replace(",", "")))
    return run, stdout, stderr


# --- our builder ------------------------------------------------------------------------

@dataclass
class Builder:
    exe: list[str]
    workdir: Path
    flags: set[str]

    @classmethod
    def detect(cls, exe: list[str], workdir: Path) -> Builder:
        """Learn which options this version of ``site-builder build`` has (they arrive over time)."""
        proc = subprocess.run([*exe, "build", "--help"], capture_output=True, text=True, cwd=workdir)
        flags = set(re.findall(r"(--[a-z][a-z-]*)", proc.stdout))
        if proc.returncode != 0:  # a broken checkout: assume the skeleton's options, let the builds report why
            flags = {"--content", "--output", "--config"}
        return cls(exe, workdir, flags)

    @property
    def missing(self) -> list[str]:
        return [f for f in ("--content", "--output", "--cache-dir", "--no-search") if f not in self.flags]

    def command(self, content: Path, output: Path, cache: Path, config: Path) -> list[str]:
        cmd = [*self.exe, "build", "--content", str(content), "--output", str(output)]
        if "--cache-dir" in self.flags:
            cmd += ["--cache-dir", str(cache)]
        if "--no-search" in self.flags:
            cmd.append("--no-search")
        if "--config" in self.flags:
            cmd += ["--config", str(config)]
        return cmd

    def clear(self, output: Path, cache: Path) -> None:
        """Remove output and cache; without --cache-dir, also the default cache beside the working folder."""
        remove_settled(output, cache, self.workdir / ".cache", self.workdir / ".site-builder-cache")

    def build(self, content: Path, output: Path, cache: Path, config: Path) -> Run:
        run, _, _ = run_child(self.command(content, output, cache, config), self.workdir)
        return run


def corpus(workdir: Path, n: int, raw: bool) -> tuple[Path, int]:
    """A cached corpus folder for (n, raw) and its number of true events; rebuilt when the generator changes."""
    import hashlib

    stamp = hashlib.sha256(Path(make_corpus.__file__).read_bytes()).hexdigest()[:10]
    name = f"{'raw' if raw else 'md'}-{n}-{stamp}"
    folder = workdir / "corpus" / name
    manifest = workdir / "corpus" / f"{name}.events.json"
    if not manifest.exists():
        shutil.rmtree(folder, ignore_errors=True)
        events: list[list[str]] = []
        make_corpus.generate(n, folder, raw=raw, events=events)
        manifest.write_text(json.dumps(events), encoding="utf-8")  # written last: marks the folder complete
    return folder, len(json.loads(manifest.read_text(encoding="utf-8")))


def measure_cold(b: Builder, name: str, content: Path, runs: int, config: Path) -> tuple[Measure, Path, Path]:
    out, cache = b.workdir / f"out-{name}", b.workdir / f"cache-{name}"
    m = Measure(name)
    for _ in range(runs):
        b.clear(out, cache)
        m.runs.append(b.build(content, out, cache, config))
        if not m.runs[-1].ok:
            break
    return m, out, cache


def measure_rebuilds(b: Builder, content: Path, out: Path, cache: Path, runs: int,
                     config: Path) -> tuple[Measure, Measure]:
    """No-change rebuilds, then rebuilds after editing one file's body (restored afterwards)."""
    same = Measure("no-change rebuild")
    for _ in range(runs):
        same.runs.append(b.build(content, out, cache, config))
    files = sorted(p for p in content.iterdir() if p.suffix in (".md", ".txt"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    edit = Measure("one-file edit")
    try:
        for r in range(runs):
            target.write_bytes(revised(original, r + 1))
            edit.runs.append(b.build(content, out, cache, config))
    finally:
        target.write_bytes(original)
    return same, edit


# --- Pelican ----------------------------------------------------------------------------

def pelican_venv(workdir: Path) -> Path:
    venv = workdir / "pelican-venv"
    stamp = venv / ".pins"
    if stamp.exists() and stamp.read_text() == "\n".join(PELICAN_PINS):
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    *PELICAN_PINS], check=True, capture_output=True)
    stamp.write_text("\n".join(PELICAN_PINS))
    return venv


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def pelican_site(workdir: Path, md_corpus: Path) -> Path:
    """The same posts with Pelican's own metadata header (it does not read YAML front matter)."""
    site = workdir / f"pelican-{md_corpus.name}"
    content = site / "content"
    if (site / "pelicanconf.py").exists():
        return site
    shutil.rmtree(site, ignore_errors=True)
    content.mkdir(parents=True)
    for path in sorted(md_corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = _FRONT.match(text)
        meta = dict(line.split(": ", 1) for line in match.group(1).splitlines()) if match else {}
        header = (f"Title: {meta.get('title', path.stem).strip(chr(34))}\nDate: {meta.get('date', '2024-01-01')}\n"
                  f"Tags: {meta.get('tags', '').strip('[]')}\nSlug: {path.stem}\n\n")
        (content / path.name).write_text(header + text[match.end() if match else 0 :], encoding="utf-8")
    (site / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    return site


def measure_pelican(workdir: Path, md_corpus: Path, runs: int) -> Measure:
    m = Measure("Pelican cold build")
    try:
        venv = pelican_venv(workdir)
    except (subprocess.CalledProcessError, OSError) as exc:
        m.runs.append(Run(0.0, False, error=f"could not install Pelican: {exc}"))
        return m
    site = pelican_site(workdir, md_corpus)
    out = site / "output"
    for _ in range(runs):
        remove_settled(out)
        run, _, _ = run_child([str(venv / "bin" / "pelican"), "content", "-o", str(out), "-s", "pelicanconf.py",
                               "-q"], site)
        if run.ok:
            run.pages = sum(1 for _ in out.rglob("*.html"))
        m.runs.append(run)
        if not run.ok:
            break
    return m


# --- profile ----------------------------------------------------------------------------

def _area(filename: str) -> str:
    """Where a profiled function lives: our module, a third-party package, or the standard library."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    path = Path(filename)
    parts = path.parts
    if "site_builder" in parts:
        return "/".join(parts[parts.index("site_builder"):])
    if "templates" in parts:
        return "templates (compiled Jinja)"
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    return "stdlib"


def profile_build(b: Builder, content: Path, config: Path, prof: Path, top: int = 25) -> str:
    """One cold build under cProfile; a report of where the time goes, by area and by function."""
    import pstats

    script = b.exe[1:] if Path(b.exe[0]).name.startswith("python") else b.exe
    out, cache = b.workdir / "out-profile", b.workdir / "cache-profile"
    b.clear(out, cache)
    arguments = b.command(content, out, cache, config)[len(b.exe):]
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), *script, *arguments]
    run, _, _ = run_child(cmd, b.workdir, sample_memory=False)
    if not run.ok:
        return f"profiled build failed: {run.error}"
    stats = pstats.Stats(str(prof))
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    areas: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        areas[_area(filename)] = areas.get(_area(filename), 0.0) + tottime
    lines = [f"cProfile of one cold build: {run.seconds:.1f} s wall under the profiler "
             f"(about 2× the plain time), {total:.1f} s of own time; raw data in {prof}", "",
             "own time by area:"]
    for area, secs in sorted(areas.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {secs:8.2f} s  {100 * secs / total:5.1f} %  {area}")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
    lines += ["", "functions by own time:"]
    for (filename, line, func), (_, calls, tottime, cumtime, _) in rows:
        lines.append(f"  {tottime:8.2f} s own {cumtime:8.2f} s cum {calls:>9} calls  {_area(filename)}:{line} {func}")
    ours = [(k, v) for k, v in stats.stats.items() if "site_builder" in Path(k[0]).parts]  # type: ignore[attr-defined]
    lines += ["", "site_builder functions by cumulative time (stages and their big steps):"]
    for (filename, line, func), (_, calls, _, cumtime, _) in sorted(ours, key=lambda kv: -kv[1][3])[:top]:
        lines.append(f"  {cumtime:8.2f} s cum {calls:>9} calls  {_area(filename)}:{line} {func}")
    return "\n".join(lines)


# --- report -----------------------------------------------------------------------------

def _secs(value: float | None) -> str:
    return "ERROR" if value is None else f"{value:.2f} s"


def report(results: dict[str, Measure], sizes: tuple[int, int, int], events: dict[str, int],
           builder: Builder, runs: int, load_before: float) -> list[dict]:
    md_n, small_n, large_n = sizes
    rows: list[dict] = []

    def row(label: str, value: str, target: str = "", ok: bool | None = None, note: str = "",
            m: Measure | None = None) -> None:
        status = "" if ok is None else ("ok" if ok else "MISS")
        cpu = f"{m.cpu:.2f} s" if m and m.cpu is not None else ""
        rows.append({"metric": label, "value": value, "cpu": cpu, "target": target, "status": status, "note": note})

    cold, pel = results.get("cold"), results.get("pelican")
    if cold:
        row(f"cold build, {md_n:,} md posts", _secs(cold.median), "≤ Pelican / 3",
            None if cold.median is None or not pel or pel.median is None else
            cold.median * TARGETS["cold_vs_pelican"] <= pel.median,
            f"{cold.runs[-1].pages} pages" if cold.runs and cold.runs[-1].pages is not None else "", cold)
    if pel:
        row(f"Pelican cold build, {md_n:,} posts", _secs(pel.median), "", None,
            f"{pel.runs[-1].pages} html files" if pel.runs and pel.runs[-1].pages else pel.summary()["error"], pel)
        if cold and cold.median and pel.median:
            ratio = pel.median / cold.median
            row("speed-up vs Pelican", f"{ratio:.2f}×", f"≥ {TARGETS['cold_vs_pelican']:.0f}×",
                ratio >= TARGETS["cold_vs_pelican"])
    for key, label, limit in (("same", "no-change rebuild", "no_change_s"), ("edit", "one-file edit", "one_edit_s")):
        m = results.get(key)
        if m:
            row(label, _secs(m.median), f"≤ {TARGETS[limit]} s",
                None if m.median is None else m.median <= TARGETS[limit], m=m)
    if cold:
        row(f"peak memory, {md_n:,} md cold", f"{cold.peak_mb:.0f} MB")
    small, large = results.get("raw_small"), results.get("raw_large")
    for m, n, key in ((small, small_n, "raw_small"), (large, large_n, "raw_large")):
        if not m:
            continue
        last = m.runs[-1] if m.runs else None
        note = (f"{last.stories} stories for {events[key]:,} true events"
                if last and last.stories is not None else "")
        is_large = key == "raw_large"
        row(f"raw .txt full pipeline, {n:,}", _secs(m.median),
            f"≤ {TARGETS['raw_large_s']:.0f} s" if is_large else "",
            None if not is_large or m.median is None else m.median <= TARGETS["raw_large_s"], note, m)
        row(f"peak memory, raw {n:,}", f"{m.peak_mb:.0f} MB",
            f"≤ {TARGETS['raw_large_mem_mb'] / 1024:.1f} GB" if is_large else "",
            None if not is_large or not m.ok else m.peak_mb <= TARGETS["raw_large_mem_mb"])
    if small and large and small.median and large.median:
        growth = large.median / small.median
        row(f"growth raw {large_n:,} / {small_n:,}", f"{growth:.1f}×", f"≤ {TARGETS['growth']:.0f}×",
            growth <= TARGETS["growth"], f"corpus {large_n / small_n:.0f}× larger"
            + (f"; CPU time grew {large.cpu / small.cpu:.1f}×" if large.cpu and small.cpu else ""))

    print()
    print(f"site-builder benchmark — medians of {runs} run(s); {os.cpu_count()} CPUs; load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (wall times are noisy on a busy machine; "
          "cpu = user+system seconds of the build's processes)")
    if builder.missing:
        print(f"note: this site-builder lacks {', '.join(builder.missing)}; measured without them")
    width = max(len(r["metric"]) for r in rows) if rows else 10
    print(f"{'metric':<{width}}  {'wall':>10}  {'cpu':>9}  {'target':<14} status  note")
    for r in rows:
        print(f"{r['metric']:<{width}}  {r['value']:>10}  {r['cpu']:>9}  {r['target']:<14} {r['status']:<6}  "
              f"{r['note']}")
    for m in results.values():
        for r in m.runs:
            if r.error:
                print(f"ERROR {m.name}: {r.error}")
                break
    return rows


def compile_package() -> None:
    """Write the bytecode of the package under test, as ``pip install`` does for Pelican.

    An editable install (``make``) compiles nothing, and where ``PYTHONDONTWRITEBYTECODE``
    is set (as on this machine) Python never writes it either, so every timed build would
    compile the whole package from source first (0.2–0.4 s here) while Pelican, installed
    from a wheel, starts from bytecode.
    """
    import importlib.util

    spec = importlib.util.find_spec("site_builder")
    if spec is None or not spec.submodule_search_locations:
        return
    for folder in spec.submodule_search_locations:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=False)


def parse_sizes(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        parts = [parts[0], parts[0], parts[0] * 10]
    if len(parts) == 2:
        parts = [parts[0], parts[0], parts[1]]
    if len(parts) != 3 or min(parts) < 1:
        raise argparse.ArgumentTypeError("give MD,RAW_SMALL,RAW_LARGE (or MD,RAW_LARGE, or one size)")
    return parts[0], parts[1], parts[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="MD,RAW_SMALL,RAW_LARGE corpus sizes (default 2000,2000,20000; --quick 40,40,200)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measure, median reported (default 3)")
    parser.add_argument("--large-runs", type=int, default=None, help="runs of the large raw build (default --runs)")
    parser.add_argument("--rebuild-runs", type=int, default=None,
                        help="runs of the no-change and one-file-edit rebuilds (default --runs)")
    parser.add_argument("--quick", action="store_true", help="small corpora and one run, for a smoke test")
    parser.add_argument("--skip-pelican", action="store_true", help="do not install or time Pelican")
    parser.add_argument("--skip-raw", action="store_true", help="skip the raw .txt builds")
    parser.add_argument("--skip-rebuilds", action="store_true", help="skip the no-change and one-file-edit builds")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "site-builder-bench",
                        help="cache for corpora, outputs and the Pelican venv")
    parser.add_argument("--site-builder", default=None,
                        help="the command to run (default: site-builder beside this Python)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here as JSON")
    parser.add_argument("--profile", choices=["md", "raw-small", "raw-large"], default=None,
                        help="instead of timing, profile one cold build of that corpus with cProfile")
    args = parser.parse_args(argv)
    sizes = args.sizes or ((40, 40, 200) if args.quick else (2000, 2000, 20000))
    runs = args.runs or (1 if args.quick else 3)
    large_runs = args.large_runs or runs
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    exe = args.site_builder.split() if args.site_builder else [str(Path(sys.executable).with_name("site-builder"))]
    if not Path(exe[0]).exists() and shutil.which(exe[0]) is None:
        exe = [sys.executable, "-c", "from site_builder.cli import run; run()"]
    compile_package()
    builder = Builder.detect(exe, workdir)
    config = workdir / "bench-site.yaml"
    config.write_text("title: Benchmark Digest\nper_page: 20\n", encoding="utf-8")

    if args.profile:
        n, raw = {"md": (sizes[0], False), "raw-small": (sizes[1], True), "raw-large": (sizes[2], True)}[args.profile]
        content, _ = corpus(workdir, n, raw=raw)
        print(profile_build(builder, content, config, workdir / f"profile-{args.profile}-{n}.prof"))
        return 0

    results: dict[str, Measure] = {}
    events: dict[str, int] = {}
    load_before = os.getloadavg()[0]
    md, _ = corpus(workdir, sizes[0], raw=False)
    print(f"cold builds of {sizes[0]:,} Markdown posts…", flush=True)
    results["cold"], out, cache = measure_cold(builder, "md", md, runs, config)
    if results["cold"].ok and not args.skip_rebuilds:
        print("rebuilds…", flush=True)
        results["same"], results["edit"] = measure_rebuilds(builder, md, out, cache, args.rebuild_runs or runs, config)
    if not args.skip_pelican:
        print("Pelican…", flush=True)
        results["pelican"] = measure_pelican(workdir, md, runs)
    if not args.skip_raw:
        for key, n, r in (("raw_small", sizes[1], runs), ("raw_large", sizes[2], large_runs)):
            raw, events[key] = corpus(workdir, n, raw=True)
            print(f"cold builds of {n:,} raw articles…", flush=True)
            results[key], _, _ = measure_cold(builder, key, raw, r, config)
    rows = report(results, sizes, events, builder, runs, load_before)
    if args.json:
        args.json.write_text(json.dumps({
            "sizes": sizes, "runs": runs, "cpus": os.cpu_count(), "missing_flags": builder.missing,
            "command": builder.command(Path("CONTENT"), Path("OUTPUT"), Path("CACHE"), config),
            "rows": rows, "events": events, "measures": {k: m.summary() for k, m in results.items()},
        }, indent=1), encoding="utf-8")
    for leftover in [*workdir.glob("out-*"), *workdir.glob("cache-*")]:  # keep corpora and venv, not sites
        with contextlib.suppress(OSError):
            shutil.rmtree(leftover)
    return 0


if __name__ == "__main__":
    sys.exit(main())

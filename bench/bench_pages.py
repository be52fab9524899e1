"""CPU time of ``render_site`` in a one-file-edit rebuild, repeated on the same analysed site.

    .venv/bin/python bench/bench_pages.py CORPUS --out DIR [--config FILE] [--repeat N] [--profile FILE]

The corpus is copied beside ``--out`` once and a build warms the cache. One file of the
copy then gets a new paragraph and is rebuilt; its render call (site model, page reuse
state of last build) is captured, and rendered again ``--repeat`` times in place, into a
scratch folder, with a fresh page-reuse layer each time, one render worker. Nothing is
analysed between repeats, so many repeats are cheap (an earlier version rebuilt the site
for each repeat).
The copy is restored and rebuilt at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import edited, middle_file, scratch_corpus

import site_builder.build as build_mod
import site_builder.render as render_pkg
from site_builder.config import load_config


@dataclasses.dataclass
class _Previous:
    """The parts of ``cache.LastBuild`` that page reuse reads."""

    page_keys: dict[str, str]
    manifest: dict[str, tuple[int, int]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    out: Path = args.out.resolve()
    content = scratch_corpus(args.corpus, out)
    cache = out.with_name(out.name + ".cache")
    config = dataclasses.replace(load_config(args.config), render_workers=1)
    build_mod.build(content, out, config, cache_dir=cache, search=False)  # warms the cache

    original_render = render_pkg.render_site
    captured: dict[str, Any] = {}

    def capture(site: Any, config: Any, out_dir: Path, template_dirs: Any = None, **k: Any) -> Any:
        reuse = k["state"]
        captured.update(site=site, config=config, template_dirs=template_dirs, bytecode_cache=k["bytecode_cache"],
                        static_key=reuse.static_key.decode(),
                        previous=_Previous(dict(reuse.old_keys), dict(reuse.old_manifest)))
        return original_render(site, config, out_dir, template_dirs, **k)

    target = middle_file(content)
    original = target.read_bytes()
    render_pkg.render_site = capture  # type: ignore[assignment]
    try:
        target.write_bytes(edited(original, "render benchmark"))
        build_mod.build(content, out, config, cache_dir=cache, search=False)
    finally:
        render_pkg.render_site = original_render  # type: ignore[assignment]
        target.write_bytes(original)
    times: list[float] = []
    for n in range(args.repeat):
        reuse = build_mod._PageReuse(captured["static_key"], captured["previous"], out,  # type: ignore[arg-type]
                                     None, True)
        staging = Path(tempfile.mkdtemp(prefix="bench-pages-", dir=out.parent))
        profiler = cProfile.Profile() if args.profile and n == args.repeat - 1 else None
        try:
            with reuse.installed():
                start = time.process_time()
                if profiler is not None:
                    profiler.enable()
                render_pkg.render_site(captured["site"], captured["config"], staging, captured["template_dirs"],
                                       state=reuse, workers=1, bytecode_cache=captured["bytecode_cache"])
                if profiler is not None:
                    profiler.disable()
                else:
                    times.append(time.process_time() - start)
        finally:
            shutil.rmtree(staging)
        print(f"render {time.process_time() - start:.3f} s CPU, {reuse.reused} reused, {reuse.rendered} rendered")
    print(f"edit render CPU median {statistics.median(times):.3f} s (min {min(times):.3f}) over {len(times)} runs")
    if profiler is not None:
        profiler.dump_stats(str(args.profile))
    build_mod.build(content, out, config, cache_dir=cache, search=False)  # the copy as it was


if __name__ == "__main__":
    main()

"""Helper processes of benchmarks/build.py (run in a fresh interpreter each time).

    python benchmarks/_probe.py load PROJECT         time load+validate and page generation; JSON on stdout
    python benchmarks/_probe.py export PROJECT DOCS  write the pages the hooks would add into DOCS
    python benchmarks/_probe.py profile PROJECT OUT  cProfile of the hook-side work (load_site), stats to OUT

PROJECT is a folder with mkdocs.yml and records/; the configuration is read with MkDocs' own loader so
that `extra` and `use_directory_urls` are exactly what the hooks see. KEHOACH_AS_OF applies as usual.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kehoach.content.site import SiteContent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _config(project: Path):
    from mkdocs.config import load_config

    return load_config(str(project / "mkdocs.yml"))


def _timed_load_site(project: Path) -> tuple[SiteContent, dict]:
    """load_site, with the time spent in load_records and in build_site_pages measured apart."""
    import kehoach.content.site as site

    spent = {"load": 0.0, "load_cpu": 0.0, "pages": 0.0, "pages_cpu": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - wall
                spent[name + "_cpu"] += time.process_time() - cpu

        return wrapper

    if hasattr(site, "load_records"):
        site.load_records = timed("load", site.load_records)
    if hasattr(site, "build_site_pages"):
        site.build_site_pages = timed("pages", site.build_site_pages)
    config = _config(project)
    wall, cpu = time.perf_counter(), time.process_time()
    content = site.load_site(project, config.extra, directory_urls=config.use_directory_urls)
    spent["total"] = time.perf_counter() - wall
    spent["total_cpu"] = time.process_time() - cpu
    return content, spent


def load(project: Path) -> None:
    content, spent = _timed_load_site(project)
    registry = content.registry
    import kehoach.content.pages

    spent.update(
        kehoach_file=str(Path(kehoach.content.pages.__file__).resolve()),
        pages_generated=len(content.pages),
        markdown_pages=sum(1 for p in content.pages if p.path.endswith(".md")),
        warnings=len(content.warnings),
        organizations=sum(1 for o in registry.organizations.values() if not o.is_group),
        groups=sum(1 for o in registry.organizations.values() if o.is_group),
        plans=len(registry.plans),
        tasks=len(registry.tasks),
        updates=len(registry.updates),
    )
    json.dump(spent, sys.stdout)


def export(project: Path, docs: Path) -> None:
    """The hooks' rule: a hand-written page (already in DOCS) wins over a generated one."""
    content, _ = _timed_load_site(project)
    written = skipped = 0
    for page in content.pages:
        target = docs / page.path
        if target.exists():
            skipped += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as stream:
            stream.write(page.content)
        written += 1
    json.dump({"written": written, "hand_written_kept": skipped}, sys.stdout)


def profile(project: Path, out: Path) -> None:
    import cProfile
    import pstats

    import kehoach.content.site as site

    config = _config(project)
    profiler = cProfile.Profile()
    profiler.enable()
    site.load_site(project, config.extra, directory_urls=config.use_directory_urls)
    profiler.disable()
    pstats.Stats(profiler).dump_stats(str(out))


if __name__ == "__main__":
    command, project = sys.argv[1], Path(sys.argv[2]).resolve()
    if command == "load":
        load(project)
    elif command == "export":
        export(project, Path(sys.argv[3]).resolve())
    elif command == "profile":
        profile(project, Path(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command}")

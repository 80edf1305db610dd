"""Search latency in a real browser: time from the last keystroke to the results on screen.

    python benchmarks/search_latency.py                    # the source site and a 50× site
    python benchmarks/search_latency.py --scale 50 --runs 5 --delay 120
    python benchmarks/search_latency.py --stock            # also Material's stock lunr.vi, for comparison

For each site: build it (`mkdocs build` in a child process) into a temporary folder, serve it on
127.0.0.1, open the home page in Debian's Chromium (Playwright, /usr/bin/chromium), wait until
Material's search worker has built its index, then type each query into the real search box one
key at a time (`--delay` ms apart, like a person) and measure, in the page's own clock, from the
keydown of the last key to the first animation frame after Material put the answer to the whole
query in the DOM. Intermediate queries (one per key) are answered by the worker too, as
for a person typing; results for them do not count.

The larger site is a synthetic corpus from `kehoach.synthetic` (the scale issue's generator) with
`--scale` times the source records' plans, organizations and tasks, built with the project's own
mkdocs.yml, hooks, docs and overrides. Its actual size relative to the source site (pages and
search index) is printed next to the figures.

Not a test: figures depend on the machine. Nothing is downloaded; no request leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import kh_browser  # noqa: E402

# ASCII queries: typed without marks, as staff usually type (every key fires keyup, which is
# what Material listens to). Names, abbreviations, plan vocabulary, one misspelling.
QUERIES = [
    "ban to chuc",
    "UBKT",
    "dang vien",
    "kiem tra giam sat",
    "tuyen truyen",
    "mat tran to quoc",
    "ke hoach",
    "tinh uy",
    "ra soat",
    "tuyeen giao",
]



def source_counts() -> dict[str, int]:
    """Plans, organizations (to-chuc records) and tasks of the project's records."""
    from kehoach.loader import load_records

    result = load_records(ROOT / "records")
    registry = getattr(result, "registry", result)
    plans = list(registry.plans.values())
    return {
        "plans": len(plans),
        "organizations": len(list((ROOT / "records" / "to-chuc").glob("*.yml"))),
        "tasks": sum(len(p.tasks) for p in plans),
    }


def make_project(work: Path, records: Path | None, stock: bool, inputs: Path = ROOT) -> Path:
    """A throw-away copy of the project's site inputs; records replaced when given."""
    project = work / "project"
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "docs", "overrides", "examples"):
        source = inputs / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    if records is None:
        shutil.copytree(inputs / "records", project / "records")
    else:
        shutil.move(str(records), project / "records")
    if stock:  # Material's own lunr.vi: no folding
        shutil.rmtree(project / "overrides" / "assets" / "javascripts" / "lunr", ignore_errors=True)
    return project


def site_size(site: Path) -> dict[str, float]:
    index = site / "search" / "search_index.json"
    docs = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
    return {"pages": sum(1 for _ in site.rglob("index.html")), "entries": docs, "index_mb": index.stat().st_size / 1e6}


def type_query(page, box, query: str, delay: float) -> float:
    """Type the query key by key; return ms from the last keydown to the results painted."""
    box.input.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(  # the emptied box is a query too: start once the worker is idle
        """() => { const kh = window.__kh, box = document.querySelector("input.md-search__input");
                   return kh.sent === 0 || (kh.shown === kh.sent && kh.lastQuery === box.value) }""",
        timeout=600_000,
    )
    for char in query:
        page.keyboard.press(char)
        page.wait_for_timeout(delay)
    last_key = page.evaluate("() => window.__kh.keydownAt")
    box.wait_results(timeout=600_000)
    # Times taken in the page: the frame after Material put the last answer in the DOM.
    page.wait_for_function("() => window.__kh.painted === window.__kh.shown", timeout=600_000)
    painted = page.evaluate("() => window.__kh.paintedAt")
    results = box.results()
    assert results.items, f"no results for {query!r}"
    return painted - last_key


def measure(browser, site: Path, queries: list[str], runs: int, delay: float) -> dict:
    with kh_browser.serve(site) as url, kh_browser.recording_context(browser) as (context, _log):
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        box = kh_browser.SearchBox(page, url)
        box.wait_ready(timeout=600_000)
        ready = time.perf_counter() - started
        samples: dict[str, list[float]] = {q: [] for q in queries}
        for _ in range(runs):
            for query in queries:
                samples[query].append(type_query(page, box, query, delay))
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize / 1e6 : 0")
    return {"ready_s": ready, "samples": samples, "heap_mb": heap}


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):7.0f} ms   min {min(values):6.0f}   max {max(values):6.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=50, help="size of the larger site relative to the source records (default 50)")
    parser.add_argument("--runs", type=int, default=3, help="times each query is typed on each site (default 3)")
    parser.add_argument("--delay", type=float, default=120, help="ms between keys (default 120)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stock", action="store_true", help="also measure Material's stock lunr.vi (no folding)")
    parser.add_argument("--work", type=Path, help="keep the generated projects and sites here")
    parser.add_argument("--project", type=Path, default=ROOT, help="take mkdocs.yml, hooks/, docs/, overrides/, records/ from here (default: this repository)")
    args = parser.parse_args(argv)

    if not Path(kh_browser.CHROMIUM).exists():
        print(f"{kh_browser.CHROMIUM} not found: install Debian's chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="kehoach-search-"))
    work.mkdir(parents=True, exist_ok=True)
    counts = source_counts()
    scaled = {k: v * args.scale for k, v in counts.items()}
    scaled["tasks"] = max(scaled["tasks"], 6 * scaled["plans"])
    scaled["organizations"] = max(scaled["organizations"], 40)

    sites: list[tuple[str, Path]] = []
    variants = [("folding", False)] + ([("stock", True)] if args.stock else [])
    for variant, stock in variants:
        for label, synthetic in (("source", False), (f"{args.scale}x", True)):
            folder = work / f"{label}-{variant}"
            if folder.exists():
                shutil.rmtree(folder)
            records = None
            if synthetic:
                records = folder / "records-generated"
                command = [sys.executable, "-m", "kehoach.synthetic", "--out", str(records), "--seed", str(args.seed), "--updates", "0"]
                command += [f"--{k}={v}" for k, v in scaled.items()]
                subprocess.run(command, check=True, capture_output=True, text=True)
            project = make_project(folder, records, stock, args.project)
            started = time.perf_counter()
            site = kh_browser.build_site(folder / "site", project / "mkdocs.yml")
            print(f"built {label} ({variant}) in {time.perf_counter() - started:.1f} s: {folder / 'site'}", file=sys.stderr)
            sites.append((f"{label} ({variant})", site))

    print(f"source records: {counts}; {args.scale}x corpus: {scaled} (kehoach.synthetic, seed {args.seed})")
    print(f"{len(QUERIES)} queries × {args.runs} runs, {args.delay:.0f} ms between keys; Chromium {kh_browser.CHROMIUM}\n")
    base = None
    with sync_playwright() as playwright:
        browser = kh_browser.launch_chromium(playwright)
        for name, site in sites:
            size = site_size(site)
            base = base or size
            result = measure(browser, site, QUERIES, args.runs, args.delay)
            everything = [v for values in result["samples"].values() for v in values]
            print(f"== {name}: {size['pages']} pages ({size['pages'] / base['pages']:.0f}×), "
                  f"{size['entries']} index entries ({size['entries'] / base['entries']:.0f}×), "
                  f"search_index.json {size['index_mb']:.1f} MB ({size['index_mb'] / base['index_mb']:.0f}×)")
            print(f"   page load to search ready: {result['ready_s']:.1f} s; JS heap {result['heap_mb']:.0f} MB (main thread)")
            print(f"   last keystroke → results shown, all queries: {summary(everything)}")
            for query, values in result["samples"].items():
                print(f"     {query!r:22} {summary(values)}")
            print()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

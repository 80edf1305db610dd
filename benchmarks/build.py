"""Scale benchmark: kehoach's MkDocs build against the very same pages built as plain Markdown.

One command, from the repository root after `pip install -e .`:

    python benchmarks/build.py --size small,province            # 3 runs each (the default)
    python benchmarks/build.py --size national --runs 1 --serve-runs 1 --gen-runs 1

For each size it generates a synthetic records tree (`benchmarks/synthetic.py`, seed 1, statuses as of
2025-06-30) into a throw-away project (a copy of mkdocs.yml, hooks/, docs/, overrides/) under
--work (default /tmp/kehoach-bench), and prints, each figure the median of --runs runs with
[min–max]:

- corpus generation time (its own runs, --gen-runs);
- load+validate time (`load_records`) and page generation time (`build_site_pages`), measured
  inside a fresh process, i.e. the hook-side work that happens in `on_pre_build`;
- `mkdocs build` with our hooks: wall time, CPU time (user+sys) and peak RSS of the build process
  (`os.wait4`), each build in its own process;
- the BASELINE: the pages of `kehoach.content.site.load_site(...).pages` written out as .md (and the
  .ics/.xml/.csv/.json files) next to a copy of the hand-written docs/, built by the same
  configuration minus hooks (a mkdocs.yml that INHERITs the project's and sets `hooks: []`);
  hooked and baseline builds alternate, so drift in machine load hits both alike;
- the ratio hooked/baseline (per run, paired) for wall and CPU time;
- pages (HTML files), output size, search index size (everything under site/search/: Material's
  search_index.json for the baseline, our stub and split index for the hooked build);
- build time per task (hooked and baseline), to check that it stays flat from size to size;
- `mkdocs serve` (live reload on, 127.0.0.1, a free port): seconds from saving a one-line change to
  an organization record (its `ten:`) until the organization's page serves the new name;
- with --profile: cProfile of the hook-side work, top functions of kehoach code.

The machine (CPUs, memory, Python, MkDocs, Material, load average) is printed first: on a shared
machine CPU time is the steadier figure, wall time is what people wait for. --json FILE keeps the
raw figures. Targets (issue 6): province build ≤ 1.15 × baseline; load+validate < 5 % of the build;
build time per task flat within ±20 % from small to province; national builds on 2 cores/24 GB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from kehoach.plugin.plugin import SCRIPT, STYLESHEET

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "_probe.py"
PROJECT_INPUTS = ("mkdocs.yml", "hooks", "docs")
# The project's configuration without our hooks: the baseline of benchmarks/build.py. The theme
# files the plugin would add (stylesheet, scripts, search worker) come from the package's theme folder.
def baseline_config(code: Path) -> str:
    return f"""\
INHERIT: ../hooked/mkdocs.yml
docs_dir: docs
theme:
  name: material
  custom_dir: {code / "src" / "kehoach" / "plugin" / "theme"}
extra_css: [{STYLESHEET}]
extra_javascript: [{SCRIPT}]
hooks: []
watch: []
"""
SERVE_ORGANIZATION = "ban-to-chuc-tinh-uy-hung-yen"


# ---------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float
    cpu: float
    peak_rss: int  # bytes
    status: int


def run_measured(command: list[str], log: Path, env: dict[str, str], cwd: Path | None = None) -> Run:
    """Run a command in its own process; wall time, its CPU time and peak RSS from wait4."""
    with open(log, "wb") as stream:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode)


def check(run: Run, log: Path, what: str) -> Run:
    if run.status != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise SystemExit(f"{what} failed (exit {run.status}); last lines of {log}:\n" + "\n".join(tail))
    return run


def stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def fmt(s: dict[str, float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    m, lo, hi = (s[k] * scale for k in ("median", "min", "max"))
    if s["runs"] == 1:
        return f"{m:.{digits}f} {unit}".rstrip()
    return f"{m:.{digits}f} {unit} [{lo:.{digits}f}–{hi:.{digits}f}]"


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict[str, str]:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = "?"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpus": str(cpus),
        "cpu_model": model,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pyyaml": version("PyYAML") + (" (libyaml available)" if _libyaml() else ""),
        "jinja2": version("Jinja2"),
    }


def _libyaml() -> bool:
    try:
        import yaml

        return bool(yaml.__with_libyaml__)
    except ImportError:
        return False


def tree_size(folder: Path) -> tuple[int, int, int]:
    """(bytes, files, html files) under folder."""
    total = files = html = 0
    for path, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(path, name))
            html += name.endswith(".html")
    return total, files, html


def built_in(log: Path) -> float | None:
    """MkDocs' own "Documentation built in X seconds", if it logged it."""
    match = re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(encoding="utf-8", errors="replace"))
    return float(match[-1]) if match else None


# ---------------------------------------------------------------- the projects


def snapshot(choice: str, work: Path) -> tuple[Path, str]:
    """The code to measure: HEAD exported with `git archive` (others may edit the working tree while
    a benchmark runs), or the working tree itself. Returns (folder, description)."""
    if choice == "worktree":
        state = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
        return ROOT, f"working tree {state or '(not a git checkout)'}"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", choice], capture_output=True, text=True, check=True).stdout.strip()
    folder = work / f"code-{commit[:12]}"
    if not (folder / "src" / "kehoach").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    # A namespace package in the snapshot would lose to a regular one found later on sys.path.
    (folder / "src" / "kehoach" / "__init__.py").touch()
    return folder, f"commit {commit[:12]} ({choice})"


def prepare(work: Path, size: str, seed: int, gen_runs: int, reuse: bool, env: dict[str, str], code: Path) -> dict:
    hooked, baseline, logs = work / "hooked", work / "baseline", work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    records = hooked / "records"
    keep_records = reuse and (records / "ke-hoach").is_dir()
    if keep_records:
        shutil.move(str(records), str(work / "records.kept"))
    shutil.rmtree(hooked, ignore_errors=True)
    hooked.mkdir(parents=True)
    for name in PROJECT_INPUTS:
        source = code / name
        if source.is_dir():
            shutil.copytree(source, hooked / name)
        elif source.exists():
            shutil.copy2(source, hooked / name)
    if keep_records:
        shutil.move(str(work / "records.kept"), str(records))
    generation = []
    for index in range(gen_runs):
        if index == 0 and keep_records:
            continue
        target = records if index == 0 and not keep_records else work / "generation-scratch"
        shutil.rmtree(target, ignore_errors=True)
        command = [sys.executable, str(Path(__file__).with_name("synthetic.py")), "--size", size, "--seed", str(seed), "--out", str(target)]
        run = check(run_measured(command, logs / f"generate-{index}.log", env), logs / f"generate-{index}.log", "corpus generation")
        generation.append(run.wall)
        print(f"  generated corpus run {index + 1}: {run.wall:.1f} s", flush=True)
        if target != records:
            shutil.rmtree(target)
    # Baseline project: hand-written docs first, then every generated page the hooks would add.
    shutil.rmtree(baseline, ignore_errors=True)
    baseline.mkdir()
    shutil.copytree(hooked / "docs", baseline / "docs")
    (baseline / "mkdocs.yml").write_text(baseline_config(code), encoding="utf-8")
    log = logs / "export.log"
    export = subprocess.run([sys.executable, str(PROBE), "export", str(hooked), str(baseline / "docs")], env=env, capture_output=True, text=True)
    log.write_text(export.stdout + export.stderr, encoding="utf-8")
    if export.returncode != 0:
        raise SystemExit(f"exporting the pages failed; see {log}\n{export.stderr[-3000:]}")
    records_bytes, record_files, _ = tree_size(records)
    return {"generation": generation, "export": json.loads(export.stdout), "records_bytes": records_bytes, "record_files": record_files}


def measure_load(work: Path, env: dict[str, str], index: int) -> dict:
    log = work / "logs" / f"load-{index}.log"
    result = subprocess.run([sys.executable, str(PROBE), "load", str(work / "hooked")], env=env, capture_output=True, text=True)
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"loading the records failed; see {log}\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout)
    expected = env.get("KEHOACH_BENCH_CODE")
    if expected and not figures.get("kehoach_file", "").startswith(expected):
        raise SystemExit(f"measured code is not the snapshot: kehoach imported from {figures.get('kehoach_file')}, expected {expected}")
    return figures


def measure_build(work: Path, which: str, env: dict[str, str], index: int) -> Run:
    site = work / f"site-{which}"
    shutil.rmtree(site, ignore_errors=True)
    log = work / "logs" / f"build-{which}-{index}.log"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(work / which / "mkdocs.yml"), "-d", str(site)]
    run = check(run_measured(command, log, env), log, f"mkdocs build ({which})")
    print(f"  run {index + 1}: {which:8} build {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU, peak {human_bytes(run.peak_rss)}  (load {load_average()})", flush=True)
    return run


# ---------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, body
    except (OSError, http.client.HTTPException):
        return 0, ""


def measure_serve(work: Path, env: dict[str, str], runs: int, timeout: float) -> dict:
    records = work / "hooked" / "records" / "to-chuc"
    record = records / f"{SERVE_ORGANIZATION}.yml"
    if not record.exists():
        record = sorted(records.glob("*.yml"))[0]
    organization = record.stem
    original = record.read_text(encoding="utf-8")
    name_line = next(line for line in original.splitlines() if line.startswith("ten: "))
    port = free_port()
    log = work / "logs" / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(work / "hooked" / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    url = f"/to-chuc/{organization}/"
    started = time.perf_counter()
    with open(log, "wb") as stream:
        server = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    result: dict = {"organization": organization, "changes": []}
    try:
        while True:
            status, _ = fetch(port, url)
            if status == 200:
                break
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve stopped (exit {server.returncode}); see {log}")
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"mkdocs serve did not serve {url} within {timeout:.0f} s; see {log}")
            time.sleep(0.25)
        result["first_served"] = time.perf_counter() - started
        print(f"  serve: first page after {result['first_served']:.1f} s", flush=True)
        time.sleep(1.0)  # let the watcher settle after the first build
        for index in range(runs):
            marker = f"(đổi tên thử {index + 1})"
            record.write_text(original.replace(name_line, f"{name_line} {marker}", 1), encoding="utf-8")
            changed = time.perf_counter()
            while True:
                status, body = fetch(port, url)
                if status == 200 and marker in body:
                    break
                if server.poll() is not None:
                    raise SystemExit(f"mkdocs serve stopped (exit {server.returncode}); see {log}")
                if time.perf_counter() - changed > timeout:
                    raise SystemExit(f"the change did not show within {timeout:.0f} s; see {log}")
                time.sleep(0.2)
            seconds = time.perf_counter() - changed
            result["changes"].append(seconds)
            print(f"  serve: change {index + 1} visible after {seconds:.1f} s", flush=True)
            time.sleep(1.0)
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


# ---------------------------------------------------------------- profile


def _is_ours(filename: str) -> bool:
    return "/kehoach/" in filename.replace(os.sep, "/") or filename.endswith("kehoach_hooks.py")


def _package(filename: str) -> str:
    """Where a function outside kehoach lives: a site-packages distribution, a stdlib module, C built-ins."""
    filename = filename.replace(os.sep, "/")
    if filename == "~" or filename.startswith("<"):
        return "built-ins"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    match = re.search(r"/lib/python3[.0-9]*/([^/]+)", filename)
    if match:
        return "stdlib " + match.group(1).removesuffix(".py")
    return filename


def profile(work: Path, env: dict[str, str], top: int) -> dict:
    out = work / "logs" / "hook-work.prof"
    result = subprocess.run([sys.executable, str(PROBE), "profile", str(work / "hooked"), str(out)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"profiling failed:\n{result.stderr[-3000:]}")
    # {(file, line, function): (cc, nc, tt, ct, callers)}; an attribute typeshed leaves out of pstats.Stats
    data = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _), (_, _, _, ct, _) in data.items())
    rows = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in data.items():
        if _is_ours(filename):
            short = filename.replace(os.sep, "/").split("/kehoach/", 1)[-1] if "/kehoach/" in filename else Path(filename).name
            rows.append({"function": f"{short}:{line}({function})", "calls": calls, "tottime": tottime, "cumtime": cumtime})
    by_cum = sorted(rows, key=lambda r: -r["cumtime"])[:top]
    by_own = sorted(rows, key=lambda r: -r["tottime"])[:top]
    # Time spent in third-party code called directly from kehoach code (PyYAML, Jinja2, …).
    external: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in data.items():
        if not _is_ours(filename):
            package = _package(filename)
            external[package] = external.get(package, 0.0) + tottime
    outside = dict(sorted(external.items(), key=lambda kv: -kv[1])[:10])
    return {"total": total, "by_cumulative": by_cum, "by_own_time": by_own, "outside_kehoach_by_package": outside, "file": str(out)}


# ---------------------------------------------------------------- report


def benchmark_size(size: str, args, env: dict[str, str], code: Path) -> dict:
    work = Path(args.work) / f"{size}-seed{args.seed}"
    work.mkdir(parents=True, exist_ok=True)
    print(f"\n== {size}: preparing {work} (load average {load_average()})", flush=True)
    prepared = prepare(work, size, args.seed, args.gen_runs if args.gen_runs is not None else args.runs, args.reuse_corpus, env, code)
    loads: list[dict] = []
    hooked: list[Run] = []
    baseline: list[Run] = []
    for index in range(args.runs):
        loads.append(measure_load(work, env, index))
        print(f"  run {index + 1}: load+validate {loads[-1]['load']:.2f} s, pages {loads[-1]['pages']:.2f} s", flush=True)
        order = ("hooked", "baseline") if index % 2 == 0 else ("baseline", "hooked")
        for which in order:
            (hooked if which == "hooked" else baseline).append(measure_build(work, which, env, index))
    result: dict = {"size": size, "seed": args.seed, "as_of": args.as_of, "runs": args.runs, "load_average_start": None}
    result.update(prepared)
    result["corpus"] = {k: loads[0][k] for k in ("organizations", "groups", "plans", "tasks", "updates", "pages_generated", "markdown_pages", "warnings")}
    for key in ("load", "load_cpu", "pages", "pages_cpu", "total", "total_cpu"):
        result[f"hook_{key}"] = stats([load[key] for load in loads])
    for name, runs in (("hooked", hooked), ("baseline", baseline)):
        result[name] = {
            "wall": stats([r.wall for r in runs]),
            "cpu": stats([r.cpu for r in runs]),
            "peak_rss": stats([r.peak_rss for r in runs]),
            "mkdocs_reported": built_in(work / "logs" / f"build-{name}-{args.runs - 1}.log"),
        }
        size_bytes, files, html = tree_size(work / f"site-{name}")
        # Material's one index file, or ours: the stub that replaces it plus the split index the worker loads.
        index_bytes, index_files, _ = tree_size(work / f"site-{name}" / "search")
        result[name].update(output_bytes=size_bytes, output_files=files, html_pages=html, search_index_bytes=index_bytes, search_index_files=index_files)
    result["ratio_wall"] = stats([h.wall / b.wall for h, b in zip(hooked, baseline, strict=True)])
    result["ratio_cpu"] = stats([h.cpu / b.cpu for h, b in zip(hooked, baseline, strict=True)])
    tasks = result["corpus"]["tasks"]
    result["per_task_ms"] = {
        "hooked_wall": result["hooked"]["wall"]["median"] / tasks * 1000,
        "hooked_cpu": result["hooked"]["cpu"]["median"] / tasks * 1000,
        "baseline_wall": result["baseline"]["wall"]["median"] / tasks * 1000,
        "baseline_cpu": result["baseline"]["cpu"]["median"] / tasks * 1000,
    }
    result["load_share"] = result["hook_load"]["median"] / result["hooked"]["wall"]["median"]
    result["load_share_cpu"] = result["hook_load_cpu"]["median"] / result["hooked"]["cpu"]["median"]
    result["hook_share_cpu"] = result["hook_total_cpu"]["median"] / result["hooked"]["cpu"]["median"]
    if not args.keep_sites:
        for name in ("hooked", "baseline"):
            shutil.rmtree(work / f"site-{name}", ignore_errors=True)
    if args.serve_runs:
        try:
            result["serve"] = measure_serve(work, env, args.serve_runs, args.serve_timeout)
        except SystemExit as failure:  # keep the other figures
            result["serve_error"] = str(failure)
            print(f"  serve: {failure}", flush=True)
    if args.profile:
        try:
            result["profile"] = profile(work, env, args.top)
        except SystemExit as failure:
            result["profile_error"] = str(failure)
            print(f"  profile: {failure}", flush=True)
    result["load_average_end"] = load_average()
    return result


def report(r: dict) -> str:
    c = r["corpus"]
    h, b = r["hooked"], r["baseline"]
    lines = [
        f"size {r['size']} (seed {r['seed']}, status as of {r['as_of']}, {r['runs']} runs: median [min–max])",
        f"  corpus: {c['organizations']} organizations + {c['groups']} groups, {c['plans']} plans, {c['tasks']} tasks, "
        f"{c['updates']} updates; {r['record_files']} record files, {human_bytes(r['records_bytes'])}",
    ]
    if r["generation"]:
        lines.append(f"  corpus generation ............ {fmt(stats(r['generation']))}")
    lines += [
        f"  load + validate .............. {fmt(r['hook_load'])} wall, {fmt(r['hook_load_cpu'])} CPU",
        f"  page generation (Markdown) ... {fmt(r['hook_pages'])} wall, {fmt(r['hook_pages_cpu'])} CPU  ({c['pages_generated']} files, {c['markdown_pages']} .md)",
        f"  mkdocs build, our hooks ...... {fmt(h['wall'])} wall, {fmt(h['cpu'])} CPU, peak RSS {human_bytes(h['peak_rss']['median'])}"
        + (f"; MkDocs says {h['mkdocs_reported']:.1f} s" if h["mkdocs_reported"] else ""),
        f"  mkdocs build, baseline ....... {fmt(b['wall'])} wall, {fmt(b['cpu'])} CPU, peak RSS {human_bytes(b['peak_rss']['median'])}"
        + (f"; MkDocs says {b['mkdocs_reported']:.1f} s" if b["mkdocs_reported"] else ""),
        f"  ratio hooks / baseline ....... {fmt(r['ratio_wall'], 'x', digits=3)} wall, {fmt(r['ratio_cpu'], 'x', digits=3)} CPU   (target ≤ 1.15)",
        f"  load+validate / build ........ {r['load_share'] * 100:.1f} % wall, {r['load_share_cpu'] * 100:.1f} % CPU   (target < 5 %); "
        f"all hook-side work {r['hook_share_cpu'] * 100:.1f} % CPU",
        f"  pages ........................ {h['html_pages']} HTML (baseline {b['html_pages']}); {h['output_files']} files",
        f"  output size .................. {human_bytes(h['output_bytes'])} (baseline {human_bytes(b['output_bytes'])})",
        f"  search index (search/) ....... {human_bytes(h['search_index_bytes'])} in {h.get('search_index_files', 0)} files "
        f"(baseline {human_bytes(b['search_index_bytes'])} in {b.get('search_index_files', 0)})",
        f"  build time per task .......... {r['per_task_ms']['hooked_wall']:.2f} ms wall, {r['per_task_ms']['hooked_cpu']:.2f} ms CPU "
        f"(baseline {r['per_task_ms']['baseline_wall']:.2f} ms wall, {r['per_task_ms']['baseline_cpu']:.2f} ms CPU)",
    ]
    if "serve_error" in r:
        lines.append(f"  mkdocs serve ................. failed: {r['serve_error'].splitlines()[0]}")
    if "serve" in r:
        s = r["serve"]
        lines.append(
            f"  mkdocs serve ................. one-record change visible after {fmt(stats(s['changes']))} "
            f"(first page after {s['first_served']:.1f} s; edited to-chuc/{s['organization']}.yml)"
        )
    lines.append(f"  load average: {r.get('load_average_end', '?')} at the end")
    if "profile" in r:
        p = r["profile"]
        lines.append(f"  profile of the hook-side work (cProfile, {p['total']:.1f} s under the profiler; {p['file']}):")
        lines.append("    kehoach functions by cumulative time:")
        lines += [f"      {row['cumtime']:8.2f} s cum {row['tottime']:7.2f} s own {row['calls']:>9} calls  {row['function']}" for row in p["by_cumulative"]]
        lines.append("    kehoach functions by own time:")
        lines += [f"      {row['tottime']:8.2f} s own {row['cumtime']:7.2f} s cum {row['calls']:>9} calls  {row['function']}" for row in p["by_own_time"]]
        lines.append("    own time outside kehoach, by package: " + ", ".join(f"{k} {v:.1f} s" for k, v in p["outside_kehoach_by_package"].items()))
    return "\n".join(lines)


def compare(results: list[dict]) -> str:
    first = results[0]
    lines = [f"build time per task, relative to {first['size']} (target: within ±20 % from small to province):"]
    for r in results:
        row = []
        for key in ("hooked_wall", "hooked_cpu", "baseline_wall", "baseline_cpu"):
            value, reference = r["per_task_ms"][key], first["per_task_ms"][key]
            row.append(f"{key.replace('_', ' ')} {value:.2f} ms ({(value / reference - 1) * 100:+.0f} %)")
        lines.append(f"  {r['size']:9} " + "; ".join(row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--size", default="small", help="size or comma-separated sizes: small, province, national")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--gen-runs", type=int, help="corpus generation runs (default: --runs)")
    parser.add_argument("--serve-runs", type=int, help="one-record changes under mkdocs serve (default: --runs; 0 skips serve)")
    parser.add_argument("--serve-timeout", type=float, default=3600, help="seconds to wait for serve (default 3600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2025-06-30", help="KEHOACH_AS_OF for every build (default 2025-06-30)")
    parser.add_argument("--work", default="/tmp/kehoach-bench", help="work folder (default /tmp/kehoach-bench)")
    parser.add_argument("--reuse-corpus", action="store_true", help="keep an already generated corpus (no generation runs for it)")
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites (they are deleted after measuring)")
    parser.add_argument("--profile", action="store_true", help="also profile the hook-side work and list kehoach hotspots")
    parser.add_argument("--top", type=int, default=15, help="hotspots to list with --profile")
    parser.add_argument("--json", type=Path, help="write the raw figures to this file (after each size)")
    parser.add_argument("--code", default="HEAD", help="git revision to measure, exported with git archive (default HEAD), or 'worktree' for the files as they are")
    args = parser.parse_args(argv)
    if args.serve_runs is None:
        args.serve_runs = args.runs
    sizes = [s.strip() for s in args.size.split(",") if s.strip()]
    Path(args.work).mkdir(parents=True, exist_ok=True)
    code, code_description = snapshot(args.code, Path(args.work))
    env = {**os.environ, "KEHOACH_AS_OF": args.as_of, "NO_MKDOCS_2_WARNING": "1"}
    # The snapshot's src/ comes before the editable install on sys.path, in every process.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code / "src"), os.environ.get("PYTHONPATH", "")) if p)
    env["KEHOACH_BENCH_CODE"] = str((code / "src").resolve())
    env.pop("KEHOACH_RECORDS", None)
    env.pop("KEHOACH_EXAMPLES", None)
    info = machine()
    header = (
        f"machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory']} RAM, {info['os']}; Python {info['python']}, "
        f"mkdocs {info['mkdocs']}, mkdocs-material {info['mkdocs-material']}, PyYAML {info['pyyaml']}, Jinja2 {info['jinja2']}; "
        f"load average at start {load_average()}\ncode: {code_description}"
    )
    print(header, flush=True)
    command = "python benchmarks/build.py " + " ".join(argv if argv is not None else sys.argv[1:])
    results = []
    for size in sizes:
        results.append(benchmark_size(size, args, env, code))
        if args.json:
            document = {"command": command, "machine": info, "code": code_description, "results": results}
            args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=lambda o: asdict(o)), encoding="utf-8")
    print("\n" + "=" * 100)
    print(f"kehoach build benchmark — {command}")
    print(header)
    for r in results:
        print(report(r))
    if len(results) > 1:
        print(compare(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

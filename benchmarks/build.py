"""Scale benchmark: kehoach's MkDocs build against the very same pages built as plain Markdown.

One command, from the repository root after `pip install -e .`:

    python benchmarks/build.py --size small,province            # 3 runs each (the default)
    python benchmarks/build.py --size national --runs 1 --serve-runs 1 --gen-runs 1
    python benchmarks/build.py --size bundled --runs 3               # the repository's own records/

For each size it generates a synthetic records tree (`benchmarks/synthetic.py`, seed 1, statuses as of
2025-06-30) into a throw-away project (a copy of mkdocs.yml, hooks/, docs/, overrides/) under
--work (default /tmp/kehoach-bench), and prints, each figure the median of --runs runs with
[min–max]. The pseudo-size `bundled` copies the repository's own records/ instead (no generation).

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
- one core: --pinned-runs more alternating hooked/baseline builds, each under `taskset -c 0`
  (Linux), with their wall and CPU ratios;
- pages (HTML files), output size, search index size (everything under site/search/: Material's
  search_index.json for the baseline, our stub and split index for the hooked build);
- build time per task (hooked and baseline), to check that it stays flat from size to size;
- `mkdocs serve` (live reload on, 127.0.0.1, a free port), --serve-runs times each: seconds from
  saving a change until the page shows it, polled every 0.05 s — an organization record's `ten:`
  (its page /to-chuc/<id>/), and one progress update's `noi_dung:` (the page of the task it reports
  on, /nhiem-vu/<plan>/<task>/); before each change the server is let finish every rebuild it
  started (its log) and the file is restored afterwards. records/ without updates (bundled): the
  serve also reads the repository's examples/ (extra.examples) and edits one of those;
- with --profile: cProfile of the hook-side work, top functions of kehoach code.

The machine (CPUs, memory, Python, MkDocs, Material, load average) is printed first: on a shared
machine CPU time is the steadier figure, wall time is what people wait for. --json FILE keeps the
raw figures. Targets (issues 6 and 17): CPU time ≤ 1.10 × baseline, wall time on one core ≤ 1.15 ×
baseline; load+validate < 5 % of the build; build time per task flat within ±20 % from small to
province; national builds on 2 cores/24 GB; under serve, at province an organization rename shows
in < 15 s and a task update in < 5 s, on the bundled records both in < 1 s.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import platform
import pstats
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import yaml

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
# The organization renamed under serve: the synthetic corpora's, the bundled records', else the first.
SERVE_ORGANIZATIONS = ("ban-to-chuc-tinh-uy-hung-yen", "ban-to-chuc-tinh-uy")
BUNDLED = "bundled"  # the pseudo-size: the repository's own records/
PINNED_CPU = 0  # one-core runs: taskset -c 0
POLL = 0.05  # seconds between two requests for the page a change should reach
SETTLE_QUIET = 0.3  # seconds of a quiet serve log, every rebuild finished, before the next change
UNNOTICED = 60.0  # seconds after a save with no rebuild started (no "Detected file changes"): give up
# Targets under serve (issue 17), seconds: (organization rename, task update).
SERVE_TARGETS = {"province": (15.0, 5.0), BUNDLED: (1.0, 1.0)}


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
    bundled = size == BUNDLED
    keep_records = reuse and not bundled and (records / "ke-hoach").is_dir()
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
    generation: list[float] = []
    if bundled:
        # The repository's own records, as they are in the measured code; its illustrative updates
        # (examples/) come along for the serve measurement, which needs an update to edit.
        shutil.copytree(code / "records", records)
        if (code / "examples").is_dir():
            shutil.copytree(code / "examples", hooked / "examples")
        print(f"  copied {code / 'records'} (no corpus generation)", flush=True)
        gen_runs = 0
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


def measure_build(work: Path, which: str, env: dict[str, str], index: int, prefix: list[str] | None = None) -> Run:
    """One `mkdocs build` in its own process; with a prefix (taskset …) a one-core run, logged apart."""
    site = work / f"site-{which}"
    shutil.rmtree(site, ignore_errors=True)
    log = work / "logs" / (f"build-{which}-pinned-{index}.log" if prefix else f"build-{which}-{index}.log")
    command = (prefix or []) + [sys.executable, "-m", "mkdocs", "build", "-f", str(work / which / "mkdocs.yml"), "-d", str(site)]
    run = check(run_measured(command, log, env), log, f"mkdocs build ({which}{', ' + ' '.join(prefix) if prefix else ''})")
    label = f"one-core run {index + 1}" if prefix else f"run {index + 1}"
    print(f"  {label}: {which:8} build {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU, peak {human_bytes(run.peak_rss)}  (load {load_average()})", flush=True)
    return run


def pinned_prefix() -> tuple[list[str] | None, str]:
    """The command prefix that runs a build on one core (`taskset -c 0`), or None and why not."""
    if not sys.platform.startswith("linux"):
        return None, f"taskset -c {PINNED_CPU} is for Linux; this is {platform.system()}"
    taskset = shutil.which("taskset")
    if taskset is None:
        return None, "taskset not found on PATH (Debian: apt-get install util-linux)"
    allowed = os.sched_getaffinity(0)
    if PINNED_CPU not in allowed:
        return None, f"CPU {PINNED_CPU} is not among the CPUs this process may use ({sorted(allowed)})"
    return [taskset, "-c", str(PINNED_CPU)], ""


def measure_pinned(work: Path, env: dict[str, str], runs: int) -> dict:
    """`runs` alternating hooked/baseline builds, each pinned to one core."""
    prefix, why = pinned_prefix()
    if prefix is None:
        print(f"  one core: pinned runs skipped: {why}", flush=True)
        return {"skipped": why}
    hooked: list[Run] = []
    baseline: list[Run] = []
    for index in range(runs):
        order = ("hooked", "baseline") if index % 2 == 0 else ("baseline", "hooked")
        for which in order:
            (hooked if which == "hooked" else baseline).append(measure_build(work, which, env, index, prefix))
    figures: dict = {"command": f"taskset -c {PINNED_CPU}", "runs": runs}
    for name, measured in (("hooked", hooked), ("baseline", baseline)):
        figures[name] = {"wall": stats([r.wall for r in measured]), "cpu": stats([r.cpu for r in measured]), "peak_rss": stats([r.peak_rss for r in measured])}
    figures["ratio_wall"] = stats([h.wall / b.wall for h, b in zip(hooked, baseline, strict=True)])
    figures["ratio_cpu"] = stats([h.cpu / b.cpu for h, b in zip(hooked, baseline, strict=True)])
    return figures


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


def append_to_field(text: str, key: str, addition: str) -> str | None:
    """The record `text` with " addition" appended to its top-level text field `key`, edited in place
    (every other byte kept): a plain or quoted scalar, or a `|`/`>` block, on one or more lines. None
    when the field is missing, empty or not text, or the edit would not read back as intended."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    last = max(i for i in range(start, end) if lines[i].strip())
    first = lines[start][len(key) + 1 :].strip()
    if not first and last == start:
        return None
    if first[:1] in ("|", ">") and last == start:  # a block with no content
        return None
    if first[:1] in ("[", "{", "&", "*", "!"):
        return None
    body = lines[last].rstrip("\r\n")
    newline, body = lines[last][len(body) :], body.rstrip()
    if first[:1] in ('"', "'"):
        if not body.endswith(first[0]) or len(body) < 2:
            return None
        edited = f"{body[:-1]} {addition}{first[0]}"
    else:
        edited = f"{body} {addition}"
    changed = "".join(lines[:last]) + edited + newline + "".join(lines[last + 1 :])
    try:
        before, after = yaml.safe_load(text), yaml.safe_load(changed)
    except yaml.YAMLError:
        return None
    if not isinstance(before, dict) or not isinstance(after, dict) or not isinstance(after.get(key), str) or addition not in after[key]:
        return None
    if {k: v for k, v in before.items() if k != key} != {k: v for k, v in after.items() if k != key}:
        return None
    return changed


class ServeLog:
    """Follows the log of `mkdocs serve`: how many rebuilds it started ("Detected file changes") and
    finished ("Reloading browsers", or a failed rebuild), and when it last wrote anything."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.partial = b""
        self.started = self.finished = 0
        self.written_at = time.perf_counter()

    def read(self) -> None:
        with open(self.path, "rb") as stream:
            stream.seek(self.offset)
            chunk = stream.read()
        if not chunk:
            return
        self.offset += len(chunk)
        self.written_at = time.perf_counter()
        lines = (self.partial + chunk).split(b"\n")
        self.partial = lines.pop()
        for line in lines:
            if b"Detected file changes" in line:
                self.started += 1
            elif b"Reloading browsers" in line or b"An error happened during the rebuild" in line:
                self.finished += 1


class Server:
    """A running `mkdocs serve`, its log and port."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path, port: int, timeout: float) -> None:
        self.log_path, self.port, self.timeout = log, port, timeout
        with open(log, "wb") as stream:
            self.process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.log = ServeLog(log)

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {self.process.returncode}); see {self.log_path}")

    def wait_for(self, url: str, wanted: Callable[[str], bool], what: str, rebuilds_before: int | None = None) -> float:
        """Seconds until GET url answers 200 with a body for which wanted(body) holds, polled every POLL s.
        With rebuilds_before (the count before a save), give up early if the server never notices the save."""
        started = time.perf_counter()
        while True:
            status, body = fetch(self.port, url)
            if status == 200 and wanted(body):
                return time.perf_counter() - started
            self.alive()
            waited = time.perf_counter() - started
            if waited > self.timeout:
                raise SystemExit(f"{what}: not served at {url} within {self.timeout:.0f} s; see {self.log_path}")
            if rebuilds_before is not None and waited > UNNOTICED:
                self.log.read()
                if self.log.started == rebuilds_before:
                    raise SystemExit(f"{what}: mkdocs serve noticed no change within {UNNOTICED:.0f} s (is the folder watched?); see {self.log_path}")
            time.sleep(POLL)

    def settle(self) -> float:
        """Wait until every rebuild the server started has finished and its log has been quiet for
        SETTLE_QUIET s, so that the next change starts from an idle server; seconds waited."""
        started = time.perf_counter()
        while True:
            self.log.read()
            now = time.perf_counter()
            if self.log.finished >= self.log.started and now - self.log.written_at >= SETTLE_QUIET:
                return now - started
            self.alive()
            if now - started > self.timeout:
                raise SystemExit(f"mkdocs serve did not settle within {self.timeout:.0f} s; see {self.log_path}")
            time.sleep(POLL)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def showing(text: str, shown: bool = True) -> Callable[[str], bool]:
    """A test of a served page: does it show `text` (or, shown=False, no longer show it)?"""
    return lambda body: (text in body) == shown


def timed_changes(server: Server, record: Path, key: str, url: str, runs: int, markers: list[str], what: str) -> list[float]:
    """runs times: append a marker to the record's field `key`, save, and time until `url` shows it;
    the record is restored at the end and the server let settle after it."""
    original = record.read_text(encoding="utf-8")
    seconds: list[float] = []
    shown: str | None = None
    try:
        for index in range(runs):
            marker = markers[index]
            changed = append_to_field(original, key, marker)
            if changed is None:
                raise SystemExit(f"cannot append to `{key}:` in {record}")
            server.settle()
            rebuilds = server.log.started
            record.write_text(changed, encoding="utf-8")
            shown = marker
            elapsed = server.wait_for(url, showing(marker), what, rebuilds)
            seconds.append(elapsed)
            print(f"  serve: {what} {index + 1} visible after {elapsed:.2f} s", flush=True)
    finally:
        if record.read_text(encoding="utf-8") != original:
            record.write_text(original, encoding="utf-8")
    if shown is not None:  # the restored record served again, then an idle server for what follows
        server.wait_for(url, showing(shown, False), f"{what} (restoring {record.name})")
        server.settle()
    return seconds


def find_update(server: Server, folders: list[Path], limit: int = 200) -> tuple[Path, str] | None:
    """A progress update (cap-nhat/) whose `noi_dung:` can be edited and whose text the page of the task
    it reports on (/nhiem-vu/<plan>/<task>/) serves now: (record, URL)."""
    candidates = sorted(path for folder in folders for path in folder.rglob("*.yml"))[:limit]
    for path in candidates:
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        body, plan, tasks = data.get("noi_dung"), data.get("ke_hoach"), data.get("nhiem_vu")
        if isinstance(tasks, str):
            tasks = [tasks]
        if not (isinstance(body, str) and isinstance(plan, str) and isinstance(tasks, list) and tasks and isinstance(tasks[0], str)):
            continue
        tail = " ".join(re.findall(r"\w+", body)[-4:])
        if not tail or append_to_field(text, "noi_dung", "x") is None:
            continue
        url = f"/nhiem-vu/{plan}/{tasks[0]}/"
        status, page = fetch(server.port, url)
        words = " ".join(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]*>", " ", page))))
        if status == 200 and f" {tail} " in f" {words} ":
            return path, url
    return None


def measure_serve(work: Path, env: dict[str, str], runs: int, timeout: float) -> dict:
    records = work / "hooked" / "records"
    organizations = records / "to-chuc"
    record = next((organizations / f"{name}.yml" for name in SERVE_ORGANIZATIONS if (organizations / f"{name}.yml").exists()), None)
    if record is None:
        record = sorted(organizations.glob("*.yml"))[0]
    organization = record.stem
    # Updates to edit: the records' own; with none (the bundled records), the bundled examples/, read
    # (and watched) through extra.examples of a configuration that inherits the project's.
    update_folders = [records / "cap-nhat"]
    examples = work / "hooked" / "examples"
    config = work / "hooked" / "mkdocs.yml"
    if not any((records / "cap-nhat").rglob("*.yml")) and any((examples / "cap-nhat").rglob("*.yml")):
        update_folders = [examples / "cap-nhat"]
        config = work / "hooked" / "mkdocs-serve-examples.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  examples: {json.dumps(str(examples))}\n", encoding="utf-8")
    port = free_port()
    log = work / "logs" / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    url = f"/to-chuc/{organization}/"
    result: dict = {"organization": organization, "changes": [], "poll_seconds": POLL, "examples": update_folders[0].parent == examples}
    server = Server(command, dict(env, PYTHONUNBUFFERED="1"), log, port, timeout)
    try:
        result["first_served"] = server.wait_for(url, lambda body: True, "first build")
        print(f"  serve: first page after {result['first_served']:.1f} s", flush=True)
        renames = [f"(đổi tên thử {index + 1})" for index in range(runs)]
        result["changes"] = timed_changes(server, record, "ten", url, runs, renames, "organization rename")
        try:
            found = find_update(server, update_folders)
            if found is None:
                raise SystemExit(f"no progress update under {', '.join(map(str, update_folders))} whose text its task's page shows")
            update, task_url = found
            token = secrets.token_hex(3)
            markers = [f"kehoach-bench-{token}-{index + 1}" for index in range(runs)]
            result["task_update"] = {"record": str(update.relative_to(work / "hooked")), "url": task_url}
            result["task_update"]["changes"] = timed_changes(server, update, "noi_dung", task_url, runs, markers, "task update")
        except SystemExit as failure:  # keep the rename figures
            result["task_update_error"] = str(failure)
            print(f"  serve: task update: {failure}", flush=True)
    finally:
        server.stop()
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
    work = Path(args.work) / (size if size == BUNDLED else f"{size}-seed{args.seed}")
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
    if args.pinned_runs:
        try:
            result["pinned"] = measure_pinned(work, env, args.pinned_runs)
        except SystemExit as failure:  # keep the other figures
            result["pinned"] = {"error": str(failure)}
            print(f"  one core: {failure}", flush=True)
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
    source = "the repository's records/" if r["size"] == BUNDLED else f"seed {r['seed']}"
    lines = [
        f"size {r['size']} ({source}, status as of {r['as_of']}, {r['runs']} runs: median [min–max])",
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
        f"  ratio hooks / baseline ....... {fmt(r['ratio_wall'], 'x', digits=3)} wall, {fmt(r['ratio_cpu'], 'x', digits=3)} CPU   (target ≤ 1.10)",
    ]
    p = r.get("pinned")
    if p is not None:
        label = f"  one core ({p.get('command', f'taskset -c {PINNED_CPU}')}): "
        if "skipped" in p:
            lines.append(f"{label}skipped: {p['skipped']}")
        elif "error" in p:
            lines.append(f"{label}failed: {p['error'].splitlines()[0]}")
        else:
            lines.append(
                f"{label}hooked {fmt(p['hooked']['wall'])} wall, baseline {fmt(p['baseline']['wall'])} wall, "
                f"ratio {fmt(p['ratio_wall'], 'x', digits=3)} wall (target ≤ 1.15); "
                f"CPU: hooked {fmt(p['hooked']['cpu'])}, baseline {fmt(p['baseline']['cpu'])}, ratio {fmt(p['ratio_cpu'], 'x', digits=3)} ({p['runs']} runs)"
            )
    lines += [
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
        rename_target, update_target = serve_targets(r["size"])
        lines.append(f"  mkdocs serve ................. first page after {s['first_served']:.1f} s; page polled every {s.get('poll_seconds', 0.2)} s after each save")
        if s["changes"]:
            lines.append(f"  serve: organization rename visible after {fmt(stats(s['changes']))}   ({rename_target}; edited `ten:` of to-chuc/{s['organization']}.yml)")
        if "task_update_error" in s:
            lines.append(f"  serve: task update failed: {s['task_update_error'].splitlines()[0]}")
        elif s.get("task_update", {}).get("changes"):
            t = s["task_update"]
            where = "; records/ has no updates: served with extra.examples" if s.get("examples") else ""
            lines.append(f"  serve: task update visible after {fmt(stats(t['changes']))}   ({update_target}; edited `noi_dung:` of {t['record']}, page {t['url']}{where})")
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


def serve_targets(size: str) -> tuple[str, str]:
    """The targets printed next to the serve figures: (organization rename, task update)."""
    rename, update = SERVE_TARGETS.get(size, SERVE_TARGETS["province"])
    where = "" if size in SERVE_TARGETS else " at province"
    return f"target < {rename:g} s{where}", f"target < {update:g} s{where}"


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
    parser.add_argument("--size", default="small", help=f"size or comma-separated sizes: small, province, national, or {BUNDLED} (the repository's own records/)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--gen-runs", type=int, help="corpus generation runs (default: --runs)")
    parser.add_argument("--pinned-runs", type=int, help=f"one-core runs (taskset -c {PINNED_CPU}) of each build after the others (default: --runs; 0 skips them)")
    parser.add_argument("--serve-runs", type=int, help="changes of each kind under mkdocs serve (default: --runs; 0 skips serve)")
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
    if args.pinned_runs is None:
        args.pinned_runs = args.runs
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

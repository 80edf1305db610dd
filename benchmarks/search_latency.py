"""Search in a real browser, at any site size: readiness, latency per query, bytes, memory.

    python benchmarks/search_latency.py                              # the project's own site
    python benchmarks/search_latency.py --size province --runs 3     # a synthetic corpus, built here
    python benchmarks/search_latency.py --site /tmp/kehoach-bench/national-site   # an already built site
    python benchmarks/search_latency.py --size national --work /tmp/kh-national --keep

Each site is built with the project's mkdocs.yml, hooks/ and docs/ (`mkdocs build`
in a child process; `--size small|province|national` generates the records with
`benchmarks/synthetic.py`, seed 1; `--site DIR` skips all that and measures a site already built, e.g.
the national one `benchmarks/build.py --keep-sites` leaves, which takes ~20 min and ~10 GB to
build), served from 127.0.0.1 by a server that counts the bytes of every response body, and
opened in Debian's Chromium (/usr/bin/chromium through Playwright; never a downloaded browser;
flags: kh_browser.CHROMIUM_ARGS). Then, on the home page:

- ready: ms from navigation start until the search worker answered READY (page clock);
- for each query (ASCII and with marks, names, abbreviations, a misspelling), typed into
  Material's search box one key at a time, `--delay` ms apart, like a person — a letter
  Playwright cannot press on a US layout (ư, ủ, đ…) arrives as text input, as from an input
  method, and the query ends with an End key press, as the input method's commit would:
  latency = ms from the keydown of the last key to the first animation frame after the
  answer to the whole query was put on screen (page clock; kehoach-search-queue.js renders
  the list, in Material's markup). Intermediate queries, one per key, are answered too
  (kehoach-search-queue.js keeps only the newest waiting, and does not render an answer a
  newer query already waits behind), as for a person. Median / min / max over `--runs` runs; the first run starts with an empty cache;
- bytes: response bodies the server sent while the query was typed (first run: cold cache;
  later runs: what the worker's cache and the browser's did not already hold);
- memory, measured in a second pass that types the same queries the same way into a browser
  driven over a bare CDP pipe (`MemoryPass`), not through Playwright: Playwright enables CDP's
  Network domain in the page and in the worker, and DevTools' network agent then keeps every
  response body in the renderer (35-40 MB more at national size, none of it there for a
  reader). At search ready, right after the queries and after `--idle` s without input:
  the renderer that runs the page and its search worker — RSS, its private part (RSS less the
  pages shared with other processes: Chromium's code, ~140 MB of every renderer's RSS) and
  PSS; the page's and the worker's JS heaps (CDP Runtime.getHeapUsage); and what Chromium's
  own memory accounting (memory-infra, CDP Tracing.requestMemoryDump) attributes in that
  process: V8 heaps (page, worker, young generation), Blink's garbage-collected heap (DOM and
  layout), PartitionAlloc (strings and buffers; ArrayBuffers), malloc, compositor tiles. Also
  the sum of RSS (and PSS) over the whole Chromium process tree (every process maps the
  browser's code, so that sum counts it once per process), idle browser included.
  The first pass (Playwright) still records the renderer's RSS and JS heaps (`--json`), for
  comparison.

Not a test: figures depend on the machine. Nothing is downloaded; no request leaves 127.0.0.1
(`kh_browser.recording_context` asserts it). `--json FILE` keeps every raw figure.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import kh_browser  # noqa: E402

# Typed as staff type: mostly without marks, sometimes with; names, abbreviations, plan
# vocabulary, one misspelling. Every one finds something on the project's site and on the
# synthetic corpora (whose text comes from the same plan).
QUERIES = [
    "ban to chuc",
    "UBKT",
    "dang vien",
    "kiem tra giam sat",
    "Ủy ban kiểm tra",
    "tuyên truyền",
    "mat tran to quoc",
    "ke hoach",
    "tinh uy",
    "ra soat",
    "tuyeen giao",
    "Đảng viên",
    "BTC",
]

SIZES = ("source", "small", "province", "national")


# ---------------------------------------------------------------------------------------------
# Sites


def make_project(folder: Path, size: str, seed: int) -> Path:
    """A throw-away copy of the project's site inputs, with the project's records (size
    "source") or a synthetic corpus of that size."""
    project = folder / "project"
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    if size == "source":
        shutil.copytree(ROOT / "records", project / "records")
    else:
        command = [sys.executable, str(Path(__file__).with_name("synthetic.py")), "--size", size, "--out", str(project / "records"), "--seed", str(seed)]
        subprocess.run(command, check=True, capture_output=True, text=True)
    return project


def site_figures(site: Path) -> dict[str, float]:
    search = site / "search"
    split = search / "kehoach"
    return {
        "pages": sum(1 for _ in site.rglob("index.html")),
        "stub_bytes": (search / "search_index.json").stat().st_size,
        "manifest_bytes": (split / "manifest.js").stat().st_size if (split / "manifest.js").exists() else 0,
        "index_bytes": sum(p.stat().st_size for p in split.rglob("*.js")) if split.exists() else 0,
        "files": sum(1 for _ in split.rglob("*.js")) if split.exists() else 0,
    }


# ---------------------------------------------------------------------------------------------
# Serving, counting bytes


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    counter: dict[str, int]
    lock: threading.Lock

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        pass

    def copyfile(self, source, outputfile) -> None:
        sent = 0
        while chunk := source.read(1 << 16):
            outputfile.write(chunk)
            sent += len(chunk)
        with self.lock:
            self.counter["bytes"] += sent
            self.counter["responses"] += 1


@contextlib.contextmanager
def serve_counting(directory: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve a folder on 127.0.0.1 (free port); yields the base URL and a live byte counter."""
    counter = {"bytes": 0, "responses": 0}
    handler = functools.partial(type("Handler", (_CountingHandler,), {"counter": counter, "lock": threading.Lock()}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------------------------
# Memory of the Chromium process tree, from /proc


def _processes() -> dict[int, tuple[int, str]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            found[int(entry)] = (int(stat[stat.rindex(")") + 2 :].split()[1]), name)
    return found


def chromium_roots(before: set[int]) -> list[int]:
    """Chromium processes started since `before` whose parent is not Chromium (the browser
    process, and crash handlers re-parented to init)."""
    processes = _processes()
    ours = {pid for pid, (_, name) in processes.items() if pid not in before and "chrom" in name}
    return [pid for pid in ours if processes[pid][0] not in ours]


def tree_memory(roots: list[int]) -> dict:
    """RSS, PSS and private memory (bytes) summed over the process trees, and per process."""
    processes = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    todo, seen, rows = list(roots), set(), []
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += children.get(pid, [])
        fields = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                parts = line.split()
                if len(parts) >= 3 and parts[0].endswith(":"):
                    fields[parts[0][:-1]] = int(parts[1]) * 1024
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = next((part.split("=", 1)[1] for part in command.split() if part.startswith("--type=")), "browser")
        private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        rows.append({"pid": pid, "type": kind, "rss": fields.get("Rss", 0), "pss": fields.get("Pss", 0), "private": private})
    return {"rss": sum(r["rss"] for r in rows), "pss": sum(r["pss"] for r in rows), "processes": rows}


def renderer_of(memory: dict) -> dict:
    """The renderer with the largest RSS: the one running the site's page and its worker."""
    return max((p for p in memory["processes"] if p["type"] == "renderer"), key=lambda p: p["rss"], default={"pid": 0, "rss": 0, "pss": 0, "private": 0})


# ---------------------------------------------------------------------------------------------
# Typing


def type_query(page, box, query: str, delay: float) -> float:
    """Type the query key by key into the emptied box; ms from the last keydown to the results
    painted."""
    box.input.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(  # the emptied box is a query too: start once the worker is idle
        """() => { const kh = window.__kh, box = document.querySelector("input.md-search__input");
                   return kh.sent === 0 || (kh.shown === kh.sent && kh.lastQuery === box.value) }""",
        timeout=600_000,
    )
    for char in query:
        if char.isascii():
            page.keyboard.press(char if char != " " else "Space")
        else:
            page.keyboard.insert_text(char)  # an input method's text: no key events
        page.wait_for_timeout(delay)
    if not query[-1].isascii():
        page.keyboard.press("End")  # the input method's commit: Material reads the box on keyup
    last_key = page.evaluate("() => window.__kh.keydownAt")
    box.wait_results(timeout=600_000)
    page.wait_for_function("() => window.__kh.painted === window.__kh.shown", timeout=600_000)
    painted = page.evaluate("() => window.__kh.paintedAt")
    results = box.results()
    assert results.items, f"no results for {query!r}"
    return painted - last_key


class WorkerHeap:
    """The search worker's JS heap, through the page's CDP session: Chromium attaches to the
    page's workers (Target.setAutoAttach, not flattened, as Playwright's CDP session cannot
    address a child session) and answers Runtime.getHeapUsage sent to the worker's target."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.sessions: list[str] = []
        self.replies: dict[int, dict] = {}
        cdp.on("Target.attachedToTarget", lambda event: self.sessions.append(event["sessionId"]) if event["targetInfo"]["type"] == "worker" else None)
        cdp.on("Target.receivedMessageFromTarget", self._received)
        cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})

    def _received(self, event) -> None:
        message = json.loads(event["message"])
        if "id" in message:
            self.replies[message["id"]] = message.get("result", {})

    def usage(self, page) -> dict:
        if not self.sessions:
            return {}
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": self.sessions[-1], "message": json.dumps({"id": 1, "method": "Runtime.getHeapUsage"})})
        for _ in range(100):
            if 1 in self.replies:
                return self.replies[1]
            page.wait_for_timeout(50)
        return {}


# ---------------------------------------------------------------------------------------------
# Memory, in a browser driven over a bare CDP pipe


class PipeBrowser:
    """Debian's Chromium (same flags) driven over --remote-debugging-pipe with only the CDP
    commands sent here: no Network domain anywhere, so no response body is kept for DevTools."""

    def __init__(self):
        self.before = set(_processes())
        ours_in, chromium_in = os.pipe()  # chromium reads commands on fd 3
        chromium_out, ours_out = os.pipe()  # and writes replies and events on fd 4

        def fds() -> None:
            a, b = os.dup(ours_in), os.dup(ours_out)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [kh_browser.CHROMIUM, *kh_browser.CHROMIUM_ARGS, "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(ours_in)
        os.close(ours_out)
        self.commands = os.fdopen(chromium_in, "wb", buffering=0)
        self.replies_from = os.fdopen(chromium_out, "rb", buffering=0)
        self.next_id = 0
        self.replies: dict[int, dict] = {}
        self.listeners: dict[str, list] = {}
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.roots: list[int] = []
        for _ in range(100):
            self.roots = chromium_roots(self.before)
            if self.roots:
                break
            time.sleep(0.05)

    def _read(self) -> None:
        pending = b""
        while chunk := self.replies_from.read(1 << 16):
            pending += chunk
            while b"\0" in pending:
                raw, pending = pending.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    for listener in self.listeners.get(message["method"], []):
                        listener(message.get("params", {}), message.get("sessionId"))

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 600) -> dict:
        with self.lock:
            self.next_id += 1
            number = self.next_id
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.commands.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self.lock:
            while number not in self.replies:
                if not self.lock.wait(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError(method)
            reply = self.replies.pop(number)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def on(self, method: str, listener) -> None:
        self.listeners.setdefault(method, []).append(listener)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close", timeout=10)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# memory-infra allocator dumps reported, in the renderer (sizes Chromium's own accounting gives)
ALLOCATORS = {
    "v8/main/heap": "page JS heap (V8)",
    "v8/main/heap/new_space": "  of which young generation",
    "v8/workers/heap": "worker JS heap (V8)",
    "v8/workers/heap/new_space": "  of which young generation",
    "blink_gc/main": "page Blink GC heap (DOM, layout)",
    "blink_gc/workers": "worker Blink GC heap",
    "partition_alloc/partitions/buffer": "PartitionAlloc buffers (strings, bodies)",
    "partition_alloc/partitions/array_buffer": "PartitionAlloc ArrayBuffers",
    "malloc": "malloc",
    "cc/tile_memory": "compositor tiles",
}


class MemoryPass:
    """The site opened and the queries typed as in the first pass, in a PipeBrowser; memory
    taken at search ready, after the queries and after some idle seconds (see the module's doc)."""

    def __init__(self, site: Path, queries: list[str], runs: int, delay: float, idle: float):
        self.site, self.queries, self.runs, self.delay, self.idle = site, queries, runs, delay, idle
        self.events: list[dict] = []
        self.traced = threading.Event()
        self.workers: list[str] = []

    def run(self) -> dict:
        browser = PipeBrowser()
        try:
            return self._run(browser)
        finally:
            browser.close()

    def _run(self, browser: PipeBrowser) -> dict:
        browser.on("Tracing.dataCollected", lambda params, _: self.events.extend(params["value"]))
        browser.on("Tracing.tracingComplete", lambda params, _: self.traced.set())
        browser.on("Target.attachedToTarget", lambda params, _: self.workers.append(params["sessionId"]) if params["targetInfo"]["type"] == "worker" else None)
        with serve_counting(self.site) as (url, _counter):
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            time.sleep(2)
            idle_browser = tree_memory(browser.roots)  # a browser with a blank page and this one
            self.page = page = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.browser = browser
            browser.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, page)
            browser.send("Page.enable", {}, page)  # for the init script; keeps no bodies
            browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": kh_browser.INSTRUMENT}, page)
            browser.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True}, page)
            browser.send("Tracing.start", {"traceConfig": {"includedCategories": ["disabled-by-default-memory-infra"], "excludedCategories": ["*"],
                                                           "memoryDumpConfig": {"triggers": []}}, "transferMode": "ReportEvents"})
            browser.send("Page.navigate", {"url": url}, page)
            self.wait("window.__kh && window.__kh.ready")
            points = [self.point("ready")]
            for _ in range(self.runs):
                for query in self.queries:
                    self.type(query)
            points.append(self.point("after_queries"))
            if self.idle:
                time.sleep(self.idle)
                points.append(self.point("idle"))
            browser.send("Tracing.end")
            self.traced.wait(120)
        dumps = self.allocators()
        for number, point in enumerate(points):
            point["allocators"] = dumps[number].get(point["renderer"]["pid"], {}) if number < len(dumps) else {}
        return {"idle_browser": idle_browser, **{point.pop("name"): point for point in points}}

    def evaluate(self, expression: str):
        reply = self.browser.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, self.page)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("text"))
        return reply["result"].get("value")

    def wait(self, expression: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):
                if self.evaluate(f"!!({expression})"):
                    return
            time.sleep(0.02)
        raise TimeoutError(expression)

    def key(self, key: str, code: str, text: str = "", modifiers: int = 0) -> None:
        event = {"type": "keyDown", "key": key, "code": code, "modifiers": modifiers, "text": text,
                 "windowsVirtualKeyCode": {"Backspace": 8, "End": 35, " ": 32}.get(key, ord(key.upper()) if len(key) == 1 else 0)}
        self.browser.send("Input.dispatchKeyEvent", event, self.page)
        self.browser.send("Input.dispatchKeyEvent", {**event, "type": "keyUp", "text": ""}, self.page)

    def type(self, query: str) -> None:
        """As type_query: click the box, empty it, type key by key (letters with marks as an
        input method's text, then End), wait for the answer to the whole query on screen."""
        x, y = self.evaluate("(() => { const r = document.querySelector('input.md-search__input').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}, self.page)
        self.key("a", "KeyA", modifiers=2)
        self.key("Backspace", "Backspace")
        self.wait('window.__kh.sent === 0 || (window.__kh.shown === window.__kh.sent && window.__kh.lastQuery === document.querySelector("input.md-search__input").value)')
        for char in query:
            if char == " ":
                self.key(" ", "Space", " ")
            elif char.isascii():
                self.key(char, f"Key{char.upper()}" if char.isalpha() else f"Digit{char}" if char.isdigit() else "", char)
            else:
                self.browser.send("Input.insertText", {"text": char}, self.page)
            time.sleep(self.delay / 1000)
        if not query[-1].isascii():
            self.key("End", "End")
        self.wait('window.__kh.sent > 0 && window.__kh.shown === window.__kh.sent && window.__kh.painted === window.__kh.shown && '
                  'window.__kh.lastQuery === document.querySelector("input.md-search__input").value')
        assert self.evaluate("document.querySelectorAll('.md-search-result__list > li').length"), f"no results for {query!r}"

    def point(self, name: str) -> dict:
        tree = tree_memory(self.browser.roots)
        page_heap = self.browser.send("Runtime.getHeapUsage", {}, self.page)
        worker_heap = {}
        if self.workers:
            with contextlib.suppress(Exception):
                worker_heap = self.browser.send("Runtime.getHeapUsage", {}, self.workers[-1], timeout=30)
        self.browser.send("Tracing.requestMemoryDump", {"deterministic": False, "levelOfDetail": "detailed"})
        return {"name": name, "tree": {"rss": tree["rss"], "pss": tree["pss"]}, "processes": tree["processes"], "renderer": renderer_of(tree),
                "page_heap": {"used": page_heap["usedSize"], "total": page_heap["totalSize"]},
                "worker_heap": {"used": worker_heap.get("usedSize", 0), "total": worker_heap.get("totalSize", 0)}}

    def allocators(self) -> list[dict[int, dict[str, int]]]:
        """Per memory dump, in the order requested: pid → allocator → size (bytes)."""
        dumps: dict[str, dict[int, dict[str, int]]] = {}
        for event in self.events:
            if event.get("ph") != "v" or "dumps" not in event.get("args", {}):
                continue
            sizes = {}
            for name, allocator in event["args"]["dumps"].get("allocators", {}).items():
                size = allocator.get("attrs", {}).get("size", {}).get("value")
                if name in ALLOCATORS and isinstance(size, str):
                    sizes[name] = int(size, 16)
            dumps.setdefault(event["id"], {})[event["pid"]] = sizes
        return [dumps[key] for key in sorted(dumps, key=lambda key: int(key, 16))]


def measure(browser, roots: list[int], site: Path, queries: list[str], runs: int, delay: float) -> dict:
    idle = tree_memory(roots)
    with serve_counting(site) as (url, counter), kh_browser.recording_context(browser) as (context, _log):
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        worker = WorkerHeap(cdp)
        page.goto(url)
        box = kh_browser.SearchBox(page, url)
        box.wait_ready(timeout=600_000)
        ready_ms = page.evaluate("() => window.__kh.readyAt")
        load_bytes = counter["bytes"]
        after_ready = tree_memory(roots)
        latency: dict[str, list[float]] = {q: [] for q in queries}
        transferred: dict[str, list[int]] = {q: [] for q in queries}
        counts: dict[str, str] = {}
        for _ in range(runs):
            for query in queries:
                before = counter["bytes"]
                latency[query].append(type_query(page, box, query, delay))
                transferred[query].append(counter["bytes"] - before)
                counts[query] = box.results().meta
        worker_heap = worker.usage(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        after_queries = tree_memory(roots)
    return {
        "ready_ms": ready_ms,
        "load_bytes": load_bytes,
        "latency_ms": latency,
        "bytes": transferred,
        "result_line": counts,
        # through Playwright (DevTools keeps response bodies in the renderer): for comparison only
        "playwright_memory": {
            "js_heap_used": metrics.get("JSHeapUsedSize", 0),
            "js_heap_total": metrics.get("JSHeapTotalSize", 0),
            "worker_heap_used": worker_heap.get("usedSize", 0),
            "worker_heap_total": worker_heap.get("totalSize", 0),
            "idle": idle, "ready": after_ready, "after_queries": after_queries,
        },
    }


# ---------------------------------------------------------------------------------------------
# Report


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):6.0f}  min {min(values):6.0f}  max {max(values):6.0f}"


def mb(value: float) -> str:
    return f"{value / 1e6:.0f} MB"


def report(name: str, figures: dict, result: dict, runs: int) -> None:
    everything = [v for values in result["latency_ms"].values() for v in values]
    cold = [values[0] for values in result["bytes"].values()]
    warm = [v for values in result["bytes"].values() for v in values[1:]]
    print(f"== {name}: {figures['pages']} pages; split index {figures['index_bytes'] / 1e6:.1f} MB in {figures['files']} files "
          f"(manifest {figures['manifest_bytes'] / 1e3:.0f} kB, stub search_index.json {figures['stub_bytes']} B)")
    print(f"   search ready {result['ready_ms']:.0f} ms after navigation start; {result['load_bytes'] / 1e3:.0f} kB loaded by then (page, assets, manifest)")
    print(f"   last keystroke → results on screen, {len(everything)} samples (ms): {spread(everything)}")
    for query, values in result["latency_ms"].items():
        line = result["result_line"][query]
        print(f"     {query!r:20} {spread(values)}   {result['bytes'][query][0] / 1e3:6.0f} kB cold   {line[:60]}")
    print(f"   bytes per query: cold cache median {statistics.median(cold) / 1e3:.0f} kB (max {max(cold) / 1e3:.0f} kB)"
          + (f"; later runs median {statistics.median(warm) / 1e3:.0f} kB (max {max(warm) / 1e3:.0f} kB)" if warm else ""))
    memory = result.get("memory")
    if memory:
        points = [(label, memory[key]) for key, label in (("ready", "search ready"), ("after_queries", "after the queries"), ("idle", "then idle")) if key in memory]
        print("   memory (second pass, no DevTools network agent):")
        print(f"     {'':44}" + "".join(f"{label:>20}" for label, _ in points))
        rows = [
            ("renderer RSS (page + search worker)", lambda p: p["renderer"]["rss"]),
            ("  private (RSS less shared pages)", lambda p: p["renderer"]["private"]),
            ("  PSS", lambda p: p["renderer"]["pss"]),
            ("page JS heap used / total", lambda p: (p["page_heap"]["used"], p["page_heap"]["total"])),
            ("worker JS heap used / total", lambda p: (p["worker_heap"]["used"], p["worker_heap"]["total"])),
        ] + [("in the renderer, by memory-infra:", None)] + [(f"  {label}", lambda p, key=key: p["allocators"].get(key, 0)) for key, label in ALLOCATORS.items()] + [
            ("Chromium tree RSS sum (PSS sum)", lambda p: (p["tree"]["rss"], p["tree"]["pss"])),
        ]
        for label, value in rows:
            if value is None:
                print(f"     {label}")
                continue
            cells = []
            for _, point in points:
                v = value(point)
                cells.append(f"{mb(v[0])} / {mb(v[1])}" if isinstance(v, tuple) else mb(v))
            print(f"     {label:44}" + "".join(f"{cell:>20}" for cell in cells))
        print(f"     idle browser with two blank pages: tree RSS sum {mb(memory['idle_browser']['rss'])} (PSS {mb(memory['idle_browser']['pss'])})")
    played = result["playwright_memory"]
    renderer = renderer_of(played["after_queries"])
    print(f"   through Playwright (its DevTools network agent keeps response bodies in the renderer): renderer RSS after the queries {mb(renderer['rss'])}; "
          f"JS heap used / total: page {mb(played['js_heap_used'])} / {mb(played['js_heap_total'])}, "
          f"search worker {mb(played['worker_heap_used'])} / {mb(played['worker_heap_total'])}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="", help=f"comma-separated sizes to build and measure: {', '.join(SIZES)} (default: source, unless --site)")
    parser.add_argument("--site", type=Path, action="append", default=[], help="measure this already built site folder (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="times each query is typed (default 3; the first with an empty cache)")
    parser.add_argument("--delay", type=float, default=120, help="ms between keys (default 120)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="build the sites here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites (a national site is several GB)")
    parser.add_argument("--idle", type=float, default=10, help="seconds without input before the last memory figure (default 10; 0: none)")
    parser.add_argument("--no-memory", action="store_true", help="skip the second pass (memory)")
    parser.add_argument("--json", type=Path, help="write every raw figure to this file")
    args = parser.parse_args(argv)

    sizes = [s for s in args.size.split(",") if s] or ([] if args.site else ["source"])
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown}; one of {SIZES}")
    if not Path(kh_browser.CHROMIUM).exists():
        print(f"{kh_browser.CHROMIUM} not found: install Debian's chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="kehoach-search-"))
    work.mkdir(parents=True, exist_ok=True)
    sites: list[tuple[str, Path]] = [(str(site), site) for site in args.site]
    built: list[Path] = []
    for size in sizes:
        folder = work / size
        if folder.exists():
            shutil.rmtree(folder)
        project = make_project(folder, size, args.seed)
        started = time.perf_counter()
        site = kh_browser.build_site(folder / "site", project / "mkdocs.yml")
        print(f"built {size} in {time.perf_counter() - started:.0f} s: {site}", file=sys.stderr)
        sites.append((size, site))
        built.append(folder)

    print(f"{len(QUERIES)} queries × {args.runs} runs, {args.delay:.0f} ms between keys; {kh_browser.CHROMIUM} {' '.join(kh_browser.CHROMIUM_ARGS)}\n")
    raw = {}
    try:
        with sync_playwright() as playwright:
            before = set(_processes())
            browser = kh_browser.launch_chromium(playwright)
            roots = chromium_roots(before)
            blank = browser.new_page()  # the idle figure: a browser with one blank page
            for name, site in sites:
                raw[name] = {"site": str(site), "figures": site_figures(site), **measure(browser, roots, site, QUERIES, args.runs, args.delay)}
            blank.close()
            browser.close()
        for name, site in sites:  # the browser above is closed: one browser at a time
            if not args.no_memory:
                raw[name]["memory"] = MemoryPass(site, QUERIES, args.runs, args.delay, args.idle).run()
            report(name, raw[name]["figures"], raw[name], args.runs)
    finally:
        if not args.keep:
            for folder in built:
                shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

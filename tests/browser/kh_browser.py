"""Browser-test support shared by tests/browser and benchmarks/search_*.py.

Plain functions and classes (no pytest): build a site into a folder, serve it on 127.0.0.1, drive
Material's real search box in Debian's Chromium through Playwright, and read the results.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import textwrap
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kehoach.domain.textfold import fold  # the site's one fold: what a highlighted word must match
from kehoach.plugin.plugin import THEME_DIR

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ALLOWED_HOSTS = {"127.0.0.1"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# ---------------------------------------------------------------------------------------------
# Text


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------------------------
# Building and serving


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> Path:
    """`mkdocs build` in a child process (hook modules are cached per process), into site_dir."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config_file}):\n{result.stdout}\n{result.stderr}")
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port, in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ---------------------------------------------------------------------------------------------
# A small Material site for what the records do not contain (tone placements, NFD text, a
# hand-made task filter). It uses the package's theme files (kehoach.js, the search worker) and
# our split search index, without records.

FIXTURE_PAGES = {
    "index.md": "# Trang kiểm thử\n\nTrang đầu của bộ trang kiểm thử tìm kiếm.\n",
    "hoa-cu.md": "# Hòa giải ở cơ sở\n\nCông tác hòa giải, viết theo kiểu bỏ dấu cũ.\n",
    "hoa-moi.md": "# Hoà nhập cộng đồng\n\nChương trình hoà nhập, viết theo kiểu bỏ dấu mới.\n",
    "hoa-van.md": "# Văn hóa cơ sở\n\nXây dựng đời sống văn hóa ở khu dân cư.\n",
    "hoa-sen.md": "# Hoa sen\n\nLoài hoa của đầm lầy.\n",
    "thuy-cu.md": "# Công trình thủy lợi\n\nNạo vét kênh mương thủy lợi.\n",
    "thuy-moi.md": "# Nuôi trồng thuỷ sản\n\nVùng nuôi thuỷ sản tập trung.\n",
    "uy-ban.md": "# Uỷ ban nhân dân xã\n\nUỷ ban nhân dân xã chủ trì, viết kiểu mới.\n",
    "dang.md": "# Đảng bộ xã\n\nCông tác xây dựng Đảng ở cơ sở.\n",
    "dang-lam.md": "# Việc đang làm\n\nNhững việc đang làm dở dang.\n",
    # Pasted from macOS: decomposed (NFD) text, title included.
    "nfd.md": nfd("# Quy chế phối hợp\n\nVăn bản dán từ máy Mac: phối hợp giữa các đảng viên.\n"),
    "loc.md": textwrap.dedent(
        """\
        # Lọc nhiệm vụ (kiểm thử)

        <div class="kh-loc" data-kh-loc>
          <label>Tổ chức <select name="to-chuc"><option value="">Tất cả</option><option value="ban-to-chuc-tinh-uy">Ban Tổ chức Tỉnh ủy</option><option value="ban-tuyen-giao-tinh-uy">Ban Tuyên giáo Tỉnh ủy</option><option value="cac-ban-dang-tinh">Các Ban Đảng tỉnh</option><option value="bao-hung-yen">Báo Hưng Yên</option></select></label>
          <label>Trạng thái <select name="trang-thai"><option value="">Tất cả</option><option value="qua-han">quá hạn</option><option value="chua-den-han">chưa đến hạn</option></select></label>
          <label>Năm hạn <select name="nam"><option value="">Tất cả</option><option value="2019">2019</option><option value="2020">2020</option></select></label>
          <output class="kh-loc-dem"></output>
        </div>

        <table class="kh-bang kh-danh-sach-nhiem-vu"><thead><tr><th>Nhiệm vụ</th></tr></thead><tbody>
        <tr data-to-chuc="ban-to-chuc-tinh-uy" data-trang-thai="qua-han" data-nam="2019"><td>nv-1</td></tr>
        <tr data-to-chuc="ban-tuyen-giao-tinh-uy ban-to-chuc-tinh-uy" data-trang-thai="chua-den-han" data-nam="2019 2020"><td>nv-2</td></tr>
        <tr data-to-chuc="cac-ban-dang-tinh ban-to-chuc-tinh-uy ban-tuyen-giao-tinh-uy" data-trang-thai="" data-nam=""><td>nv-3</td></tr>
        <tr data-to-chuc="bao-hung-yen" data-trang-thai="qua-han" data-nam="2020"><td>nv-4</td></tr>
        <tr data-to-chuc="ban-tuyen-giao-tinh-uy" data-trang-thai="chua-den-han" data-nam="2020"><td>nv-5</td></tr>
        </tbody></table>
        """  # noqa: E501 (the fixture page as one would write it: a select on one line)
    ),
}


def write_fixture_project(directory: Path) -> Path:
    """Write the fixture Material project into directory; returns its mkdocs.yml."""
    docs = directory / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in FIXTURE_PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = directory / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: Kiểm thử tìm kiếm
            docs_dir: docs
            use_directory_urls: true
            theme:
              name: material
              language: vi
              custom_dir: {THEME_DIR}
              font: false
              features:
                - search.highlight
            plugins:
              - search:
                  lang: vi
            hooks:
              - {ROOT / "tests" / "browser" / "search_hook.py"}
            extra_javascript:
              - assets/javascripts/kehoach.js
            """
        ),
        encoding="utf-8",
    )
    return config


# ---------------------------------------------------------------------------------------------
# Driving Material's search box

# Counts the search worker's query and result messages and records key times, so a test knows
# when the results for what is in the box are on screen (and a benchmark how long that took).
INSTRUMENT = """
(() => {
  if (window.__kh) return;
  const kh = window.__kh = { ready: false, readyAt: 0, sent: 0, received: 0, shown: 0,
                             lastQuery: null, keydownAt: 0, keyupAt: 0, shownAt: 0,
                             painted: 0, paintedAt: 0 };
  const Native = window.Worker;
  if (!Native) return;
  function Instrumented(url, options) {
    const worker = new Native(url, options);
    const post = worker.postMessage;
    worker.postMessage = function (message) {
      if (message && message.type === 2) { kh.sent++; kh.lastQuery = message.data; }
      return post.apply(worker, arguments);
    };
    worker.addEventListener("message", ev => {
      const type = ev.data && ev.data.type;
      if (type === 1) { kh.ready = true; kh.readyAt = performance.now(); }
      if (type === 3) {
        const n = ++kh.received;
        /* after every listener of this message ran, i.e. after Material rendered the results */
        setTimeout(() => {
          kh.shown = n; kh.shownAt = performance.now();
          requestAnimationFrame(() => { kh.painted = n; kh.paintedAt = performance.now(); });
        }, 0);
      }
    });
    return worker;
  }
  Instrumented.prototype = Native.prototype;
  window.Worker = Instrumented;
  document.addEventListener("keydown", () => { kh.keydownAt = performance.now(); }, true);
  document.addEventListener("keyup", () => { kh.keyupAt = performance.now(); }, true);
})();
"""

_READ_RESULTS = """
() => ({
  meta: (document.querySelector(".md-search-result__meta") || {}).textContent || "",
  items: Array.from(document.querySelectorAll(".md-search-result__list > li")).map(li => ({
    links: Array.from(li.querySelectorAll("a.md-search-result__link")).map(a => ({
      href: a.href,
      title: (a.querySelector("h1, h2") || {}).textContent || "",
      titleHtml: (a.querySelector("h1, h2") || {}).innerHTML || "",
      score: parseFloat((a.querySelector("article") || {dataset: {}}).dataset.mdScore || "0"),
    })),
    marks: Array.from(li.querySelectorAll("mark")).map(m => m.textContent),
    missing: Array.from(li.querySelectorAll(".md-search-result__terms del")).map(d => d.textContent),
  })),
})
"""


@dataclass
class Result:
    """One search result item (a page, with its matching sections)."""

    path: str  # page path relative to the site root, e.g. "to-chuc/ban-to-chuc-tinh-uy/"
    title: str
    title_html: str
    marks: list[str]
    missing: list[str]
    sections: list[str] = field(default_factory=list)  # locations of the section links

    def marked(self, term: str) -> bool:
        """A <mark> in this result whose text, folded and without leading punctuation, starts
        with the folded term (Material marks whole tokens, punctuation included: “MTTQ)."""
        folded = fold(term)
        return any(re.sub(r"^\W+", "", fold(m)).startswith(folded) for m in self.marks)


@dataclass
class Results:
    query: str
    meta: str
    items: list[Result]

    @property
    def paths(self) -> list[str]:
        """Pages of the rendered results (Material renders 10, then more as the list scrolls)."""
        return [r.path for r in self.items]

    @property
    def count(self) -> int:
        """The number of results Material announces ("12 tài liệu liên quan"; 0 for none)."""
        m = re.match(r"\s*(\d[\d.]*)", self.meta)
        return int(m.group(1).replace(".", "")) if m else 0

    @property
    def first(self) -> Result:
        assert self.items, f"no results for {self.query!r} ({self.meta})"
        return self.items[0]

    def rank(self, path: str) -> int:
        """0-based position of a page in the results; a large number when absent."""
        return self.paths.index(path) if path in self.paths else 10**6


class SearchBox:
    """Material's search box on an open page (the page must have the INSTRUMENT init script)."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.input = page.locator("input.md-search__input")

    def wait_ready(self, timeout: float = 60_000) -> None:
        self.page.wait_for_function("() => window.__kh && window.__kh.ready", timeout=timeout)

    def type(self, query: str, delay: float = 0) -> None:
        """Type like a person: click the box, select all, type the text, then a final keystroke.

        Keys Playwright cannot press on a US layout (Vietnamese letters, combining marks) reach
        the page as text input without key events, as from an input method; Material reads the
        box on keyup, so an End key press ends the query as the IME's commit key would.
        """
        self.input.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Backspace")
        self.input.press_sequentially(query, delay=delay)
        self.input.press("End")

    def wait_results(self, timeout: float = 30_000) -> None:
        self.page.wait_for_function(
            """() => { const kh = window.__kh, box = document.querySelector("input.md-search__input");
                       return kh.ready && kh.sent > 0 && kh.shown === kh.sent && kh.lastQuery === box.value }""",
            timeout=timeout,
        )

    def results(self) -> Results:
        data = self.page.evaluate(_READ_RESULTS)
        items = []
        for item in data["items"]:
            links = item["links"]
            page_links = [link for link in links if "#" not in link["href"]] or links
            main = page_links[0]
            items.append(
                Result(
                    path=self._path(main["href"]),
                    title=main["title"],
                    title_html=main["titleHtml"],
                    marks=item["marks"],
                    missing=item["missing"],
                    sections=[self._path(link["href"]) + "#" + link["href"].split("#", 1)[1] for link in links if "#" in link["href"]],
                )
            )
        return Results(self.input.input_value(), data["meta"], items)

    def search(self, query: str, delay: float = 0) -> Results:
        self.type(query, delay)
        self.wait_results()
        return self.results()

    def _path(self, href: str) -> str:
        path = unquote(urlsplit(href).path)
        base = urlsplit(self.base_url).path
        return path[len(base) :] if path.startswith(base) else path


class RequestLog:
    """Every request the browser made (pages, workers), and the uncaught errors of each page."""

    def __init__(self):
        self.urls: list[str] = []
        self.errors: list[str] = []

    def foreign(self) -> list[str]:
        return [url for url in self.urls if urlsplit(url).scheme not in ("data", "blob", "file") and urlsplit(url).hostname not in ALLOWED_HOSTS]

    def check(self) -> None:
        assert self.urls, "no request was recorded: the request log is not working"
        assert not self.foreign(), f"requests left the site: {self.foreign()}"
        assert not self.errors, f"JavaScript errors: {self.errors}"


@contextlib.contextmanager
def recording_context(browser, **options):
    """A fresh browser context recording every request; on exit, asserts that none went to a host
    other than 127.0.0.1 and that no page raised an uncaught error. `options` go to new_context
    (java_script_enabled=False, say)."""
    log = RequestLog()
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN", **options})
    context.add_init_script(INSTRUMENT)
    context.on("request", lambda request: log.urls.append(request.url))
    context.on("page", lambda page: page.on("pageerror", lambda error: log.errors.append(f"{page.url}: {error}")))
    try:
        yield context, log
    finally:
        context.close()
    log.check()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

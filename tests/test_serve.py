"""Live preview: `mkdocs serve` on a copy of the project follows record edits, survives a broken
record (showing its file:line:col error in the terminal and on the page) and recovers when fixed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(".git", "site", "public", "__pycache__", "*.egg-info", ".pytest_cache", "node_modules", "*.zip", ".venv")
ORG_ID = "ban-to-chuc-tinh-uy"
ORG_RECORD = f"records/to-chuc/{ORG_ID}.yml"
TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        self.log_path = project.parent / "serve.log"
        self.log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        environ = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
        environ.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=environ,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_for(self, what: str, condition, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.alive(), f"mkdocs serve đã dừng khi chờ {what}:\n{self.output()[-3000:]}"
            result = condition()
            if result:
                return result
            time.sleep(0.3)
        pytest.fail(f"quá {timeout} giây chờ {what}; đầu ra của mkdocs serve:\n{self.output()[-3000:]}")

    def page_containing(self, path: str, text: str, absent: str | None = None) -> str:
        def check():
            status, body = self.get(path)
            if status == 200 and text in body and (absent is None or absent not in body):
                return body
            return None

        return self.wait_for(f"trang /{path} có “{text}”", check)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture
def server(tmp_path: Path):
    project = tmp_path / "du-an"
    shutil.copytree(REPO, project, ignore=IGNORED)
    running = Server(project)
    try:
        running.wait_for("máy chủ xem trước khởi động", lambda: running.get("")[0] == 200, timeout=120)
        yield running
    finally:
        running.stop()


def org_page(server: Server) -> str:
    _, home = server.get("")
    # The URL style follows mkdocs.yml (directory URLs or .html); find the link the site itself uses.
    match = re.search(rf'href="([^"]*to-chuc/{ORG_ID}(?:/|\.html))"', home) or re.search(
        rf'href="([^"]*to-chuc/{ORG_ID}(?:/|\.html))"', server.get("to-chuc/")[1]
    )
    return f"to-chuc/{ORG_ID}/" if match is None or match.group(1).endswith("/") else f"to-chuc/{ORG_ID}.html"


def test_edit_break_and_fix_a_record_while_serving(server: Server) -> None:
    record = server.project / ORG_RECORD
    original = record.read_text(encoding="utf-8")
    page = org_page(server)
    server.page_containing(page, "Ban Tổ chức Tỉnh ủy")

    # 1. An edit shows up without restarting the server.
    renamed = re.sub(r"(?m)^ten: .*$", "ten: Ban Tổ chức Tỉnh ủy (đã sửa thử)", original)
    assert renamed != original
    record.write_text(renamed, encoding="utf-8")
    server.page_containing(page, "Ban Tổ chức Tỉnh ủy (đã sửa thử)")

    # 2. A broken record: the server stays up, the terminal names file:line:col.
    broken = renamed + "ten: Tên lặp lại\n"
    line = broken.count("\n")
    record.write_text(broken, encoding="utf-8")
    error = re.compile(rf"{re.escape(ORG_RECORD)}:{line}:1: trường “ten” lặp lại")
    server.wait_for("lỗi tệp:dòng:cột trong đầu ra", lambda: error.search(server.output()))
    assert server.alive()
    assert server.get("")[0] == 200
    # ... and on the page, which keeps the last good content.
    body = server.page_containing(page, f"{ORG_RECORD}:{line}:1")
    assert "Ban Tổ chức Tỉnh ủy (đã sửa thử)" in body
    assert "Traceback" not in server.output()

    # 3. Fixed: the page comes back, without the error.
    fixed = renamed.replace("ten: Ban Tổ chức Tỉnh ủy (đã sửa thử)", "ten: Ban Tổ chức Tỉnh ủy (đã sửa xong)")
    record.write_text(fixed, encoding="utf-8")
    server.page_containing(page, "Ban Tổ chức Tỉnh ủy (đã sửa xong)", absent=f"{ORG_RECORD}:")
    assert server.alive()


def test_added_and_removed_records_while_serving(server: Server) -> None:
    page = org_page(server).replace(ORG_ID, "to-chuc-thu")
    added = server.project / "records/to-chuc/to-chuc-thu.yml"
    added.write_text("id: to-chuc-thu\nten: Tổ chức thêm khi đang xem trước\nloai: ban-dang\ncap: tinh\n", encoding="utf-8")
    server.page_containing(page, "Tổ chức thêm khi đang xem trước")
    added.unlink()
    server.wait_for(f"trang /{page} biến mất", lambda: server.get(page)[0] == 404)
    assert server.alive()


def test_serve_started_on_a_broken_record_shows_the_problems_then_the_site(tmp_path: Path) -> None:
    """An editor who pulls a broken commit still gets a preview: every page of the navigation lists
    the problems (the hand-written guide is there to read), and the site appears once fixed."""
    project = tmp_path / "du-an"
    shutil.copytree(REPO, project, ignore=IGNORED)
    record = project / ORG_RECORD
    original = record.read_text(encoding="utf-8")
    broken = original + "ten: Tên lặp lại\n"
    line = broken.count("\n")
    record.write_text(broken, encoding="utf-8")
    server = Server(project)
    try:
        where = f"{ORG_RECORD}:{line}:1"
        home = server.wait_for("trang chủ hiện lỗi", lambda: (lambda got: got[1] if got[0] == 200 and where in got[1] else None)(server.get("")))
        assert "các trang từ bản ghi sẽ hiện khi sửa xong" in home
        assert "Bản ghi đang có lỗi" in home
        # A page of the navigation made from the records stands in, a hand-written one is itself.
        assert where in server.page_containing("to-chuc/", "Bản ghi đang có lỗi")
        guide = server.page_containing("huong-dan/", where)
        assert re.search(r"<h1[^>]*>Hướng dẫn", guide), "the guide itself, not a stand-in"
        assert "Traceback" not in server.output() and "Aborted" not in server.output()

        record.write_text(original, encoding="utf-8")
        server.page_containing(org_page(server), "Ban Tổ chức Tỉnh ủy", absent=f"{ORG_RECORD}:")
        assert "Bản ghi đang có lỗi" not in server.page_containing("", "Ban Tổ chức Tỉnh ủy")
        assert server.alive()
    finally:
        server.stop()

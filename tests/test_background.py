"""Pages rendered by a forked child come back exactly as rendering them here would make them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

import pytest

from kehoach.background import InProcess, PageJob, can_fork, render_pages

# Forking a process that runs other threads (pytest plugins, a browser driver) is unsafe, so the
# child is exercised from a fresh interpreter, as `mkdocs build` runs it.
CHILD_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from kehoach.background import InChild, PageJob, RenderingFailed, render_pages

    def page(n):
        return f"# Trang {n} — Ủy ban Kiểm tra\\n" + "đ" * (n * 5000)  # past a pipe's buffer

    def broken():
        raise ValueError("hỏng")

    jobs = [PageJob(f"p/{n}.md", lambda n=n: page(n)) for n in range(40)]
    pages = render_pages(jobs)
    assert isinstance(pages, InChild), type(pages)
    order = [f"p/{n}.md" for n in (39, 0, 17, 5)] + [f"p/{n}.md" for n in range(40) if n not in (39, 0, 17, 5)]
    same = all(pages.get(path) == page(int(path[2:-3])) for path in order)
    pages.close()

    failing = InChild([PageJob("a.md", lambda: "a"), PageJob("b.md", broken), PageJob("c.md", lambda: "c")])
    first = failing.get("a.md")
    try:
        failing.get("c.md")
        message = None
    except RenderingFailed as error:
        message = str(error)
    failing.close()
    print(json.dumps({"same": same, "first": first, "message": message}))
    """
)


def test_a_forked_child_sends_every_page_whatever_order_they_are_asked_in():
    result = subprocess.run([sys.executable, "-c", CHILD_SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["same"] is True
    assert answer["first"] == "a"
    assert "c.md" in answer["message"] and "b.md" in answer["message"] and "ValueError: hỏng" in answer["message"]


def test_with_other_threads_running_pages_are_rendered_here_when_asked_for():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert not can_fork()
        calls = []
        pages = render_pages([PageJob("x.md", lambda: calls.append("x") or "nội dung")])
        assert isinstance(pages, InProcess)
        assert calls == [], "nothing is rendered before it is asked for"
        assert pages.get("x.md") == "nội dung" and pages.paths == ["x.md"]
        pages.close()
    finally:
        stop.set()


def test_no_jobs_no_child():
    assert isinstance(render_pages([]), InProcess)


def test_asking_for_a_page_that_is_not_there_is_a_key_error():
    with pytest.raises(KeyError):
        InProcess([PageJob("x.md", lambda: "")]).get("missing.md")

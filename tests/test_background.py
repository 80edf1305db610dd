"""Pages rendered by a forked child come back exactly as rendering them here would make them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

import pytest

from kehoach.plugin.parallel import InProcess, PageJob, SinkHere, can_fork, feed_elsewhere, render_pages

# Forking a process that runs other threads (pytest plugins, a browser driver) is unsafe, so the
# child is exercised from a fresh interpreter, as `mkdocs build` runs it.
CHILD_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from kehoach.plugin.parallel import InChild, PageJob, RenderingFailed, render_pages

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


SINK_SCRIPT = textwrap.dedent(
    """
    import json, os
    from kehoach.plugin.parallel import ChildFailed, SinkInChild, SinkHere, feed_elsewhere

    class Totals:
        def __init__(self, fail_at=None):
            self.items, self.fail_at, self.pid = [], fail_at, None

        def add(self, item):
            if item == self.fail_at:
                raise ValueError("hỏng ở " + str(item))
            self.items.append(item)

        def finish(self):
            return {"count": len(self.items), "last": self.items[-1], "text": sum(len(i[1]) for i in self.items), "pid": os.getpid()}

    items = [(n, "Ủy ban " * (n * 300)) for n in range(60)]  # past the pipe's buffer: the parent waits for room
    elsewhere = feed_elsewhere(Totals())
    assert isinstance(elsewhere, SinkInChild), type(elsewhere)
    for item in items:
        elsewhere.add(item)
    there = elsewhere.finish()
    here = SinkHere(Totals())
    for item in items:
        here.add(item)
    local = here.finish()

    failing = SinkInChild(Totals(fail_at=(3, "x")))
    for n in range(200):
        failing.add((n, "x") if n == 3 else (n, "y" * 100_000))
    try:
        failing.finish()
        message = None
    except ChildFailed as error:
        message = str(error)

    stopped = SinkInChild(Totals())
    stopped.add((1, "x"))
    stopped.close()
    print(json.dumps({"there": there, "local": local, "parent": os.getpid(), "message": message}))
    """
)


def test_a_sink_fed_to_a_forked_child_gives_what_it_gives_here():
    result = subprocess.run([sys.executable, "-c", SINK_SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    there, local = answer["there"], answer["local"]
    assert there["pid"] != answer["parent"] and local["pid"] == answer["parent"]
    del there["pid"], local["pid"]
    assert there == local and there["count"] == 60 and there["last"][0] == 59
    assert "ValueError: hỏng ở (3, 'x')" in answer["message"]


def test_with_other_threads_running_a_sink_works_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        added = []

        class Sink:
            def add(self, item):
                added.append(item)

            def finish(self):
                return len(added)

        sink = feed_elsewhere(Sink())
        assert isinstance(sink, SinkHere) and sink.has_room()
        sink.add("a")
        assert added == ["a"], "added at once, here"
        assert sink.finish() == 1
    finally:
        stop.set()


MAP_SCRIPT = textwrap.dedent(
    """
    import json, os
    from kehoach.plugin.parallel import ChildFailed, map_shared

    def work(n):
        if n == FAIL_AT:
            raise ValueError("hỏng ở " + str(n))
        return {"n": n, "text": "Ủy ban " * (n % 50), "pid": os.getpid()}

    encode = lambda result: (result["n"], result["text"], result["pid"])
    decode = lambda item, sent: {"n": sent[0], "text": sent[1], "pid": sent[2]}
    FAIL_AT = None
    items = list(range(3000))
    results = list(map_shared(work, items, share=0.5, encode=encode, decode=decode))
    pids = sorted({r["pid"] for r in results})
    same = [dict(r, pid=0) for r in results] == [dict(work(n), pid=0) for n in items]
    small = {r["pid"] for r in map_shared(work, items[:10], share=0.5, encode=encode, decode=decode)}
    FAIL_AT = 2900
    try:
        list(map_shared(work, items, share=0.5, encode=encode, decode=decode))
        message = None
    except ChildFailed as error:
        message = str(error)
    print(json.dumps({"same": same, "pids": pids, "parent": os.getpid(), "small": sorted(small), "message": message}))
    """
)


def test_a_list_mapped_on_two_processes_comes_back_whole_and_in_order():
    result = subprocess.run([sys.executable, "-c", MAP_SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["same"] is True
    assert len(answer["pids"]) == 2 and answer["parent"] in answer["pids"], "the end of the list was done by a child"
    assert answer["small"] == [answer["parent"]], "a short list is done here"
    assert "ValueError: hỏng ở 2900" in answer["message"]

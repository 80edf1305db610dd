"""Render pages on the machine's second core while the site generator works through the first ones.

A site generator turns pages into HTML one after another; rendering our Markdown for thousands of
record pages (organizations, plans, tasks) beforehand would make it wait. `render_pages` starts a
forked child that renders the pages in order and streams them back through a pipe; `get(path)`
returns a page as soon as the child has sent it. Where forking is not safe or not possible (no
os.fork, or other threads already running, as under a live-reload server), pages are rendered in
this process when asked for — the same text either way.
"""

from __future__ import annotations

import os
import signal
import struct
import threading
import traceback
from dataclasses import dataclass
from typing import Callable, Protocol

_HEADER = struct.Struct("<iQ")  # page number (or _FAILED), length of the UTF-8 text that follows
_FAILED = -1


@dataclass(frozen=True)
class PageJob:
    """A page whose path is known now and whose text is made when `render` is called."""

    path: str
    render: Callable[[], str]


class RenderingFailed(RuntimeError):
    """The child stopped before sending every page; the message carries its traceback."""


class RenderedPages(Protocol):
    paths: list[str]

    def get(self, path: str) -> str: ...

    def close(self) -> None: ...


class InProcess:
    """Each page rendered when asked for."""

    def __init__(self, jobs: list[PageJob]):
        self._jobs = {job.path: job for job in jobs}
        self.paths = list(self._jobs)

    def get(self, path: str) -> str:
        return self._jobs[path].render()

    def close(self) -> None:
        self._jobs.clear()


class InChild:
    """Pages rendered by a forked child, collected by a reader thread as they arrive."""

    def __init__(self, jobs: list[PageJob]):
        self.paths = [job.path for job in jobs]
        self._number = {path: number for number, path in enumerate(self.paths)}
        self._arrived: dict[int, bytes] = {}
        self._failure: str | None = None
        self._finished = False
        self._condition = threading.Condition()
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # pragma: no cover - the child; coverage is not collected there
            os.close(read_end)
            os._exit(_render_into(jobs, write_end))
        os.close(write_end)
        self._stream = os.fdopen(read_end, "rb", buffering=1 << 20)
        self._reader = threading.Thread(target=self._read_all, name="kehoach: pages from the child", daemon=True)
        self._reader.start()

    def _read_all(self) -> None:
        try:
            while header := self._stream.read(_HEADER.size):
                if len(header) < _HEADER.size:
                    break
                number, size = _HEADER.unpack(header)
                data = self._stream.read(size)
                with self._condition:
                    if number == _FAILED:
                        self._failure = data.decode("utf-8", errors="replace")
                    else:
                        self._arrived[number] = data
                    self._condition.notify_all()
        finally:
            with self._condition:
                self._finished = True
                self._condition.notify_all()
            os.waitpid(self._pid, 0)  # reaped as soon as it is done, not left a zombie until the build ends

    def get(self, path: str) -> str:
        number = self._number[path]
        with self._condition:
            self._condition.wait_for(lambda: number in self._arrived or self._finished)
            data = self._arrived.pop(number, None)  # MkDocs keeps its own copy: free ours
        if data is None:
            raise RenderingFailed(f"trang {path} không được tạo: {self._failure or 'tiến trình con dừng giữa chừng'}")
        return data.decode("utf-8")

    def close(self) -> None:
        if self._reader.is_alive():  # a build that stopped midway: the child is not needed any more
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reader.join()  # the reader reaps the child
        self._stream.close()
        self._arrived.clear()


def _render_into(jobs: list[PageJob], write_end: int) -> int:  # pragma: no cover - runs in the child
    """The child's whole life: render, send, exit without running the parent's exit handlers."""
    with os.fdopen(write_end, "wb", buffering=1 << 20) as out:
        try:
            for number, job in enumerate(jobs):
                data = job.render().encode("utf-8")
                out.write(_HEADER.pack(number, len(data)))
                out.write(data)
        except BaseException:
            message = f"{job.path}: {traceback.format_exc()}".encode("utf-8")
            out.write(_HEADER.pack(_FAILED, len(message)))
            out.write(message)
            out.flush()
            return 1
        out.flush()
    return 0


def can_fork() -> bool:
    """Forking copies only the calling thread: with others running, a lock one of them holds stays held forever."""
    return hasattr(os, "fork") and threading.active_count() == 1


def render_pages(jobs: list[PageJob]) -> RenderedPages:
    return InChild(jobs) if jobs and can_fork() else InProcess(jobs)

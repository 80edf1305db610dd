"""Work on the machine's second core while the site generator works on the first.

A site generator turns pages into HTML one after another, on one core. Two jobs of ours can run
beside it in a forked child:

- `render_pages`: rendering our Markdown for thousands of record pages (organizations, plans,
  tasks) beforehand would make it wait; the child renders them in order and streams them back
  through a pipe, and `get(path)` returns a page as soon as the child has sent it;
- `feed_elsewhere`: work fed item by item as the generator produces them (the search index, fed
  each page's HTML) and finished once at the end; items go down a pipe, the result comes back.

Where forking is not safe or not possible (no os.fork, or other threads already running, as under
a live-reload server), the same work is done in this process, when asked for — the same result
either way.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import select
import signal
import struct
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Protocol

_HEADER = struct.Struct("<iQ")  # page number (or _FAILED), length of the UTF-8 text that follows
_FAILED = -1
_LENGTH = struct.Struct("<Q")  # length of the pickled item that follows
_ITEMS_PIPE_BYTES = 1 << 20  # how far the child may fall behind before `has_room` says no


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


class Sink(Protocol):
    """Work fed item by item, with one result at the end."""

    def add(self, item: Any) -> None: ...

    def finish(self) -> Any: ...


class SinkFailed(RuntimeError):
    """The child doing a sink's work failed; the message carries its traceback."""


class SinkHere:
    """A sink's work done in this process as the items come."""

    def __init__(self, sink: Sink):
        self._sink = sink

    def add(self, item: Any) -> None:
        self._sink.add(item)

    def has_room(self) -> bool:
        return True

    def finish(self) -> Any:
        return self._sink.finish()

    def close(self) -> None:
        pass


class SinkInChild:
    """A sink's work done by a forked child: items pickled down one pipe as they come, the result
    pickled back up another when the items end."""

    def __init__(self, sink: Sink):
        items_read, items_write = os.pipe()
        result_read, result_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # pragma: no cover - the child; coverage is not collected there
            os.close(items_write)
            os.close(result_read)
            os._exit(_serve_sink(sink, items_read, result_write))
        os.close(items_read)
        os.close(result_write)
        try:
            fcntl.fcntl(items_write, getattr(fcntl, "F_SETPIPE_SZ", 1031), _ITEMS_PIPE_BYTES)
        except OSError:
            pass  # the system's pipe size: the child may fall behind less far, nothing else changes
        self._items = items_write
        self._result = os.fdopen(result_read, "rb")
        self._stopped = False  # the child stopped early: finish() says why
        self._reaped = False

    def add(self, item: Any) -> None:
        if self._stopped:
            return
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        unsent = memoryview(_LENGTH.pack(len(data)) + data)
        try:
            while unsent:
                unsent = unsent[os.write(self._items, unsent) :]
        except BrokenPipeError:
            self._stopped = True

    def has_room(self) -> bool:
        """Whether the pipe to the child has room now; when not, the child is behind."""
        return self._stopped or bool(select.select([], [self._items], [], 0)[1])

    def finish(self) -> Any:
        os.close(self._items)
        data = self._result.read()
        self._result.close()
        os.waitpid(self._pid, 0)
        self._reaped = True
        if data[:1] == b"R":
            return pickle.loads(data[1:])
        raise SinkFailed(data[1:].decode("utf-8", errors="replace") or "tiến trình con dừng giữa chừng")

    def close(self) -> None:
        """Stop the child if the build stopped before finish()."""
        if self._reaped:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        self._reaped = True
        os.close(self._items)
        self._result.close()


def _serve_sink(sink: Sink, items_fd: int, result_fd: int) -> int:  # pragma: no cover - runs in the child
    with os.fdopen(items_fd, "rb", buffering=1 << 20) as items, os.fdopen(result_fd, "wb") as out:
        try:
            while header := items.read(_LENGTH.size):
                (size,) = _LENGTH.unpack(header)
                sink.add(pickle.loads(items.read(size)))
            result = b"R" + pickle.dumps(sink.finish(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            out.write(b"F" + traceback.format_exc().encode("utf-8"))
            return 1
        out.write(result)
    return 0


def feed_elsewhere(sink: Sink) -> SinkHere | SinkInChild:
    """The sink's work on the other core when forking is safe, else here; same result either way."""
    return SinkInChild(sink) if can_fork() else SinkHere(sink)

"""Work on the machine's second core while the site generator works on the first.

A site generator turns pages into HTML one after another, on one core. Two jobs of ours can run
beside it in a forked child:

- `render_pages`: rendering our Markdown for thousands of record pages (organizations, plans,
  tasks) beforehand would make it wait; the child renders them in order and streams them back
  through a pipe, and `get(path)` returns a page as soon as the child has sent it;
- `map_shared`: a function over a list (reading record files), the child taking the list's end
  and sending its results back while this process does the beginning;
- `feed_elsewhere`: work fed item by item as the generator produces them (the search index, fed
  each page's HTML) and finished once at the end; items go down a pipe, the result comes back.

Where forking is not safe or not possible (no os.fork, or other threads already running, as under
a live-reload server), the same work is done in this process, when asked for — the same result
either way.
"""

from __future__ import annotations

import marshal
import os
import pickle
import select
import signal
import struct
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from kehoach.content.manifest import PageJob

# Every pipe between this process and a child carries messages: a kind, the length of the body
# that follows, the body. A child that fails sends its traceback as a _FAILURE and stops.
_MESSAGE = struct.Struct("<cQ")
_RESULT, _FAILURE = b"R", b"F"
_PIPE_BYTES = 1 << 20  # how far a child may get ahead of its reader, or behind its feeder


def _send(out, kind: bytes, body: bytes) -> None:
    out.write(_MESSAGE.pack(kind, len(body)))
    out.write(body)


def _receive(stream) -> tuple[bytes, bytes] | None:
    """The next message of a buffered stream; None at its end (or a message cut short)."""
    header = stream.read(_MESSAGE.size)
    if len(header) < _MESSAGE.size:
        return None
    kind, size = _MESSAGE.unpack(header)
    body = stream.read(size)
    return (kind, body) if len(body) == size else None


def _failure_text(body: bytes) -> str:
    return body.decode("utf-8", errors="replace") or "tiến trình con dừng giữa chừng"


def _widen_pipe(fd: int) -> None:
    # Only reached where os.fork exists; fcntl is imported here so that this module (and the build)
    # imports on systems without it, where everything runs in this process.
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass  # the system's pipe size: the two sides wait for each other more often, nothing else changes


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
            _child_life(lambda: _render_into(jobs, write_end), read_end)
        os.close(write_end)
        self._stream = os.fdopen(read_end, "rb", buffering=1 << 20)
        self._reader = threading.Thread(target=self._read_all, name="kehoach: pages from the child", daemon=True)
        self._reader.start()

    def _read_all(self) -> None:
        try:
            number = 0  # pages come in the order of the jobs
            while message := _receive(self._stream):
                kind, data = message
                with self._condition:
                    if kind == _FAILURE:
                        self._failure = _failure_text(data)
                    else:
                        self._arrived[number] = data
                        number += 1
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
    with os.fdopen(write_end, "wb", buffering=1 << 20) as out:
        for job in jobs:
            try:
                data = job.render().encode("utf-8")
            except BaseException:
                _send(out, _FAILURE, f"{job.path}: {traceback.format_exc()}".encode())
                return 1
            _send(out, _RESULT, data)
    return 0


def _child_life(work: Callable[[], int], *parent_ends: int) -> None:  # pragma: no cover - runs in the child
    """The whole life of a forked child: its work, then out, whatever happens — never back into
    the parent's code, and without running the parent's exit handlers."""
    code = 1
    try:
        for fd in parent_ends:
            os.close(fd)
        code = work()
    finally:
        os._exit(code)


def can_fork() -> bool:
    """Forking copies only the calling thread: with others running, a lock one of them holds stays held forever."""
    return hasattr(os, "fork") and threading.active_count() == 1


def render_pages(jobs: list[PageJob]) -> RenderedPages:
    return InChild(jobs) if jobs and can_fork() else InProcess(jobs)


class Sink(Protocol):
    """Work fed item by item, with one result at the end."""

    def add(self, item: Any) -> None: ...

    def finish(self) -> Any: ...


class ChildFailed(RuntimeError):
    """The child doing work for this process failed; the message carries its traceback."""


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
            _child_life(lambda: _serve_sink(sink, items_read, result_write), items_write, result_read)
        os.close(items_read)
        os.close(result_write)
        _widen_pipe(items_write)
        self._items = items_write
        self._result = os.fdopen(result_read, "rb")
        self._stopped = False  # the child stopped early: finish() says why
        self._reaped = False

    def add(self, item: Any) -> None:
        if self._stopped:
            return
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        unsent = memoryview(_MESSAGE.pack(_RESULT, len(data)) + data)
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
        message = _receive(self._result)
        self._result.close()
        os.waitpid(self._pid, 0)
        self._reaped = True
        if message is not None and message[0] == _RESULT:
            return pickle.loads(message[1])
        raise ChildFailed(_failure_text(message[1] if message else b""))

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
            while message := _receive(items):
                sink.add(pickle.loads(message[1]))
            result = pickle.dumps(sink.finish(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            _send(out, _FAILURE, traceback.format_exc().encode("utf-8"))
            return 1
        _send(out, _RESULT, result)
    return 0


def feed_elsewhere(sink: Sink) -> SinkHere | SinkInChild:
    """The sink's work on the other core when forking is safe, else here; same result either way."""
    return SinkInChild(sink) if can_fork() else SinkHere(sink)


_BATCH = 256  # results per message from map_shared's child


def map_shared(function: Callable[[Any], Any], items: Sequence[Any], *, share: float, encode: Callable[[Any], Any], decode: Callable[[Any, Any], Any], at_least: int = 1000) -> Iterator[Any]:
    """function(item) for every item, in order. Where forking is safe and there are at least
    `at_least` items, a forked child computes the last `share` of them at the same time, sending
    each result back as `encode(result)` (what `marshal` can write); `decode(item, encoded)` makes
    it a result again here. This process does the beginning, reading the child's messages as
    they come so the child never waits."""
    split = len(items) - int(len(items) * share)
    if len(items) < at_least or not can_fork():
        split = len(items)
    if split == len(items):
        yield from map(function, items)
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage is not collected there
        _child_life(lambda: _map_into(function, items[split:], encode, write_end), read_end)
    os.close(write_end)
    _widen_pipe(read_end)
    received = bytearray()
    finished = False
    try:
        for number, item in enumerate(items[:split]):
            yield function(item)
            if number % 16 == 0 and not finished:
                finished = _drain(read_end, received, wait=False)
        # The child's results, a message at a time as they come: used here while it reads on.
        rest = iter(items[split:])
        at = 0
        while True:
            message = _message_at(received, at)
            if message is None:
                if finished:
                    break
                finished = _drain(read_end, received, wait=True)
                continue
            kind, body, at = message
            if kind == _FAILURE:
                raise ChildFailed(_failure_text(body))
            for encoded in marshal.loads(body):
                yield decode(next(rest), encoded)
            if at > 1 << 24:  # let go of what is used
                del received[:at]
                at = 0
        if next(rest, rest) is not rest:
            raise ChildFailed(_failure_text(b""))
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)


def _message_at(buffer: bytearray, at: int) -> tuple[bytes, bytes, int] | None:
    """(kind, body, where the next message starts) of the message at `at`, if it is all there."""
    if len(buffer) - at < _MESSAGE.size:
        return None
    kind, size = _MESSAGE.unpack_from(buffer, at)
    end = at + _MESSAGE.size + size
    return (kind, bytes(buffer[at + _MESSAGE.size : end]), end) if len(buffer) >= end else None


def _drain(fd: int, into: bytearray, wait: bool) -> bool:
    """Read what the pipe holds now (or wait for something); True once the child closed it."""
    while wait or select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return True
        into += chunk
        wait = False
    return False


def _map_into(function: Callable, items: Sequence[Any], encode: Callable, write_end: int) -> int:  # pragma: no cover - runs in the child
    with os.fdopen(write_end, "wb", buffering=1 << 20) as out:
        try:
            for first in range(0, len(items), _BATCH):
                _send(out, _RESULT, marshal.dumps([encode(function(item)) for item in items[first : first + _BATCH]]))
                out.flush()
        except BaseException:
            _send(out, _FAILURE, traceback.format_exc().encode("utf-8"))
            return 1
    return 0

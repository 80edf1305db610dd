"""Record folders watched through the operating system's change notifications under `mkdocs serve`.

MkDocs' live-reload server polls every folder it watches twice a second, listing and stat-ing
every file in it (watchdog's PollingObserver). With a province's 20,000 record files one listing
costs about 0.16 s of CPU: a third of a core, taken from the very rebuild the editor is waiting for
(the polling thread and the build share one interpreter lock). Here the record folders are watched
by watchdog's native observer instead (inotify, ReadDirectoryChangesW, FSEvents), which costs
nothing between changes. MkDocs is given a one-file signal folder to watch in their place, through
its public `watch()`, and a change to a record reaches it as a change in that folder: queued at once
on the watch MkDocs made for it (watchdog's public `EventEmitter.queue_event`), so the rebuild
starts without waiting up to half a second for MkDocs' next poll; where that watch cannot be found,
the signal file is rewritten and MkDocs' poll notices it. Either way MkDocs rebuilds exactly as for
any other change. Where the native observer cannot start (no notifications, a limit reached), the
records stay with MkDocs' polling.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_EVENTS_LOST,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileModifiedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.plugins.kehoach")

# Reading a record (as every rebuild does) is reported too, as “opened” and “closed without
# writing”: only a change may start a rebuild, or each rebuild would start the next. A changed
# modification time alone (`touch`) is a change, as it is to MkDocs' polling; so are lost events.
_CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_ATTRIB, EVENT_TYPE_CLOSED, EVENT_TYPE_EVENTS_LOST})
SIGNAL_NAME = "ban-ghi-da-doi"


class _Signal(FileSystemEventHandler):
    def __init__(self, signal_file: Path):
        self.signal_file = signal_file
        self.changes = 0
        self._lock = threading.Lock()
        # MkDocs' watch of the signal folder, to hand it a change directly (None: it polls the file).
        self.deliver: Callable[[FileSystemEvent], None] | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with self._lock:
            self.changes += 1
            if self.deliver is not None:
                # Not also written: MkDocs' poll would see it and start a second rebuild.
                self.deliver(FileModifiedEvent(str(self.signal_file)))
                return
            # New content each time (a count and the clock), so a poll comparing size and
            # modification time sees every change.
            self.signal_file.write_text(f"{self.changes} {time.time_ns()}\n", encoding="utf-8")


class RecordWatch:
    """Native watches on the record folders, and the signal folder MkDocs polls in their place."""

    def __init__(self, folders: list[str], signal_dir: Path):
        self.folders = folders
        self.signal_dir = signal_dir
        self._handler = _Signal(signal_dir / SIGNAL_NAME)
        self._handler.signal_file.write_text("0\n", encoding="utf-8")
        self._observer = Observer()
        for folder in folders:
            self._observer.schedule(self._handler, folder, recursive=True)
        self._observer.start()

    @property
    def delivered_directly(self) -> bool:
        """Whether changes are handed to MkDocs' watch at once (else the signal file is rewritten)."""
        return self._handler.deliver is not None

    @property
    def changes(self) -> int:
        """How many changes to record files have been signalled."""
        return self._handler.changes

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
        shutil.rmtree(self.signal_dir, ignore_errors=True)


def watch_natively(folders: list[str], poll: Callable[[str], object], observer: Any = None) -> RecordWatch | None:
    """Watch `folders` natively and ask `poll` (MkDocs' `server.watch`) to poll the signal folder;
    None, with nothing started, where that is not possible: the caller leaves the folders to MkDocs.
    `observer` is the watchdog observer `poll` schedules its watch on (MkDocs' `server.observer`):
    changes are queued on that watch directly."""
    if not folders:
        return None
    signal_dir = Path(tempfile.mkdtemp(prefix="kehoach-theo-doi-"))
    try:
        watch = RecordWatch(folders, signal_dir)
    except (OSError, RuntimeError) as error:
        shutil.rmtree(signal_dir, ignore_errors=True)
        log.info("Theo dõi thư mục bản ghi bằng cách quét định kỳ của MkDocs (%s)", error)
        return None
    poll(str(signal_dir))
    watch._handler.deliver = _queue_of(observer, signal_dir)
    return watch


def _queue_of(observer: Any, folder: Path) -> Callable[[FileSystemEvent], None] | None:
    """`queue_event` of the observer's watch on `folder`: what its own poll calls on a change."""
    wanted = os.path.abspath(folder)
    for emitter in getattr(observer, "emitters", ()):
        path = getattr(getattr(emitter, "watch", None), "path", None)
        if isinstance(path, str) and os.path.abspath(path) == wanted and callable(getattr(emitter, "queue_event", None)):
            queue: Callable[[FileSystemEvent], None] = emitter.queue_event
            return queue
    return None

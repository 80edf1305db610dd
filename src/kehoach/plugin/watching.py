"""Record folders watched through the operating system's change notifications under `mkdocs serve`.

MkDocs' live-reload server polls every folder it watches twice a second, listing and stat-ing
every file in it (watchdog's PollingObserver). With a province's 20,000 record files one listing
costs about 0.16 s of CPU: a third of a core, taken from the very rebuild the editor is waiting for
(the polling thread and the build share one interpreter lock). Here the record folders are watched
by watchdog's native observer instead (inotify, ReadDirectoryChangesW, FSEvents), which costs
nothing between changes. A change to a record rewrites a one-file signal folder that MkDocs still
polls, so MkDocs notices it and rebuilds exactly as before, through its public `watch()` only.
Where the native observer cannot start (no notifications, a limit reached), the records stay with
MkDocs' polling.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_EVENTS_LOST,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
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

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with self._lock:
            self.changes += 1
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
    def changes(self) -> int:
        """How many changes to record files have been signalled."""
        return self._handler.changes

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
        shutil.rmtree(self.signal_dir, ignore_errors=True)


def watch_natively(folders: list[str], poll: Callable[[str], object]) -> RecordWatch | None:
    """Watch `folders` natively and ask `poll` (MkDocs' `server.watch`) to poll the signal folder;
    None, with nothing started, where that is not possible: the caller leaves the folders to MkDocs."""
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
    return watch

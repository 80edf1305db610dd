"""Under `mkdocs serve` the record folders are watched through the system's notifications: a change
rewrites the signal folder MkDocs polls in their place; reading a record (as a rebuild does) does not."""

from __future__ import annotations

import time
from pathlib import Path

from watchdog.events import DirModifiedEvent, FileClosedNoWriteEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent, FileSystemEvent

from kehoach.plugin.watching import SIGNAL_NAME, RecordWatch, _Signal, watch_natively

DEADLINE = 20.0


def _wait_for_changes(watch: RecordWatch, at_least: int) -> None:
    give_up = time.monotonic() + DEADLINE
    while watch.changes < at_least:
        assert time.monotonic() < give_up, f"{watch.changes} changes signalled, expected {at_least}"
        time.sleep(0.01)


def test_a_change_rewrites_the_signal_and_a_read_does_not(tmp_path: Path) -> None:
    records = tmp_path / "records" / "to-chuc"
    records.mkdir(parents=True)
    record = records / "a.yml"
    record.write_text("id: a\n", encoding="utf-8")
    polled: list[str] = []
    watch = watch_natively([str(tmp_path / "records")], polled.append)
    assert watch is not None
    try:
        assert polled == [str(watch.signal_dir)]
        signal = watch.signal_dir / SIGNAL_NAME
        before = signal.read_text(encoding="utf-8")
        record.read_text(encoding="utf-8")  # what every rebuild does: no change to signal
        (records / "b.yml").write_text("id: b\n", encoding="utf-8")
        _wait_for_changes(watch, 1)
        # Notifications arrive in order: the read, had it counted, would have come first.
        first = watch.changes
        assert signal.read_text(encoding="utf-8") != before
        record.unlink()
        _wait_for_changes(watch, first + 1)
    finally:
        watch.stop()
    assert not watch.signal_dir.exists()


def test_no_folder_no_watch(tmp_path: Path) -> None:
    polled: list[str] = []
    assert watch_natively([], polled.append) is None
    assert polled == []


def test_a_folder_that_cannot_be_watched_is_left_to_polling(tmp_path: Path) -> None:
    polled: list[str] = []
    assert watch_natively([str(tmp_path / "missing")], polled.append) is None
    assert polled == []


def test_only_changes_count(tmp_path: Path) -> None:
    handler = _Signal(tmp_path / SIGNAL_NAME)
    for event in (FileOpenedEvent("r/a.yml"), FileClosedNoWriteEvent("r/a.yml"), DirModifiedEvent("r")):
        handler.on_any_event(event)
    assert handler.changes == 0 and not handler.signal_file.exists()
    changes: list[FileSystemEvent] = [FileModifiedEvent("r/a.yml"), FileMovedEvent("r/a.yml~", "r/a.yml"), FileDeletedEvent("r/b.yml")]
    for event in changes:
        handler.on_any_event(event)
    assert handler.changes == 3
    assert handler.signal_file.read_text(encoding="utf-8").startswith("3 ")


def test_a_change_reaches_the_watch_at_once_not_at_the_next_poll(tmp_path: Path) -> None:
    """As under `mkdocs serve`: MkDocs' watch of the signal folder is a polling one; here it polls
    once a minute, so only a change handed to it directly arrives within the test."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    records = tmp_path / "records"
    records.mkdir()
    seen: list[FileSystemEvent] = []
    handler = FileSystemEventHandler()
    handler.on_any_event = seen.append  # type: ignore[method-assign]
    mkdocs_observer = PollingObserver(timeout=60)
    watch = watch_natively([str(records)], lambda path: mkdocs_observer.schedule(handler, path, recursive=True), mkdocs_observer)
    assert watch is not None
    mkdocs_observer.start()
    try:
        assert watch.delivered_directly
        signal = watch.signal_dir / SIGNAL_NAME
        before = signal.read_text(encoding="utf-8")
        (records / "a.yml").write_text("id: a\n", encoding="utf-8")
        give_up = time.monotonic() + DEADLINE
        while not seen:
            assert time.monotonic() < give_up, "the change never reached the polling watch"
            time.sleep(0.01)
        assert seen[0].src_path == str(signal) and not seen[0].is_directory
        # Not also written: MkDocs' next poll would start a second rebuild.
        assert signal.read_text(encoding="utf-8") == before
    finally:
        watch.stop()
        mkdocs_observer.stop()
        mkdocs_observer.join(timeout=5)


def test_without_the_observer_the_signal_file_is_rewritten(tmp_path: Path) -> None:
    polled: list[str] = []
    watch = watch_natively([str(tmp_path)], polled.append, object())
    assert watch is not None
    try:
        assert not watch.delivered_directly
    finally:
        watch.stop()

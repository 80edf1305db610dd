"""Publish a build only when it succeeded: build into a staging folder, then swap it in.

Each build has a staging folder of its own, "<site>.dang-xay-dung-<pid>-<random>" beside the site,
so two builds at once never write into each other's files. The swap is serialized by a lock file,
"<site>.dang-xay-dung.khoa": the published site is always one complete build, the last to finish.
Staging folders left by builds that died (killed, power cut) are removed by the next build; a build
still running (its process alive) keeps its own.

The site folder must be a real folder, or not exist yet: a symbolic link there (`site -> /var/www/…`)
is refused before anything is built (the swap would replace the link, not the folder it points to),
and so is a file in the way; a folder that cannot be written is reported in one Vietnamese line.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

STAGING = ".dang-xay-dung"
RETIRED = ".cu"
LOCK = STAGING + ".khoa"
LOCK_TIMEOUT_SECONDS = 600.0
STALE_LOCK_SECONDS = 120.0  # only where the system has no file locks: see _Lock

_own: set[Path] = set()  # the staging folders of builds running in this process


class PromotionLocked(RuntimeError):
    """Another build held the lock beside the site for too long."""


class SiteFolderRefused(RuntimeError):
    """The site folder cannot be built into (a symbolic link, a file in the way, no permission);
    the message says why in one Vietnamese line."""


def check_site_dir(site_dir: Path) -> None:
    """Refuse a site folder that the swap would not replace as people expect: a symbolic link
    (also one pointing nowhere), or something that is not a folder, at its place or above it."""
    site_dir = Path(site_dir)
    if site_dir.is_symlink():
        target = os.readlink(site_dir)
        raise SiteFolderRefused(
            f"thư mục trang {site_dir} là liên kết tượng trưng (tới {target}): kehoach thay cả thư mục khi xây dựng xong "
            f"nên không xây dựng qua liên kết — ghi thẳng thư mục thật (site_dir hoặc -d {os.path.realpath(site_dir)})"
        )
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteFolderRefused(f"thư mục trang {site_dir} đang là một tệp, không phải thư mục — xóa hoặc đổi tên tệp đó, hoặc chọn thư mục trang khác")
    for above in site_dir.parents:
        if above.exists():
            if not above.is_dir():
                raise SiteFolderRefused(f"không tạo được thư mục trang {site_dir}: {above} là một tệp, không phải thư mục")
            break


def reason(error: OSError) -> str:
    """Why a file operation failed, in Vietnamese for the usual causes."""
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return "không có quyền ghi"
    if code == errno.EROFS:
        return "ổ đĩa chỉ đọc"
    if code == errno.ENOSPC:
        return "hết chỗ trên đĩa"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "một phần của đường dẫn là tệp, không phải thư mục"
    if code == errno.ENOENT:
        return "không tìm thấy thư mục"
    return error.strerror or str(error)


def staging_dir_for(site_dir: Path) -> Path:
    """A new, empty staging folder for one build of `site_dir`, created beside it.
    Raises SiteFolderRefused when the site folder cannot be built into."""
    site_dir = Path(site_dir)
    check_site_dir(site_dir)
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SiteFolderRefused(f"không tạo được thư mục {site_dir.parent} để ghi trang: {reason(error)}") from None
    remove_stale(site_dir)
    while True:
        candidate = _unique(site_dir, STAGING)
        try:
            candidate.mkdir()  # not mkdtemp: the published site keeps the usual permissions (umask)
        except FileExistsError:  # pragma: no cover
            continue
        except OSError as error:
            raise SiteFolderRefused(f"không ghi được trang vào {site_dir.parent} (thư mục tạm bên cạnh {site_dir.name}): {reason(error)}") from None
        _own.add(candidate)
        return candidate


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    _own.discard(Path(staging))


def promote(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames, so readers never see a half-written site;
    one build at a time, so the site is never a mix of two.

    Raises SiteFolderRefused, leaving the site as it was, when a symbolic link or a file took the
    site folder's place during the build, or when a rename fails; the staging folder is then removed."""
    staging, site_dir = Path(staging), Path(site_dir)
    retired = _unique(site_dir, RETIRED)
    try:
        with _Lock(site_dir.with_name(site_dir.name + LOCK)):
            check_site_dir(site_dir)  # a link or a file put there during the build
            _swap(staging, site_dir, retired)
    except SiteFolderRefused:
        discard(staging)
        raise
    except OSError as error:  # the lock file could not be made, or a rename failed
        discard(staging)
        raise SiteFolderRefused(f"không thay được thư mục trang {site_dir}: {reason(error)}; trang cũ giữ nguyên") from None
    _own.discard(staging)
    shutil.rmtree(retired, ignore_errors=True)


def _swap(staging: Path, site_dir: Path, retired: Path) -> None:
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    site_dir.rename(retired)
    try:
        staging.rename(site_dir)
    except OSError:
        retired.rename(site_dir)  # the previous site back in place
        raise


def remove_stale(site_dir: Path) -> None:
    """Remove the staging and retired folders beside `site_dir` whose build is no longer running."""
    site_dir = Path(site_dir)
    try:
        siblings = list(site_dir.parent.iterdir())
    except OSError:
        return
    for path in siblings:
        name = path.name
        for suffix in (STAGING, RETIRED):
            prefix = site_dir.name + suffix
            if name == prefix:  # the single folder of earlier versions
                shutil.rmtree(path, ignore_errors=True)
            elif name.startswith(prefix + "-") and path not in _own:
                pid = name[len(prefix) + 1 :].partition("-")[0]
                if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                    shutil.rmtree(path, ignore_errors=True)


def _unique(site_dir: Path, suffix: str) -> Path:
    return site_dir.with_name(f"{site_dir.name}{suffix}-{os.getpid()}-{secrets.token_hex(4)}")


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


class _Lock:
    """An exclusive lock on a file beside the site, released by the system if the process dies
    (fcntl.flock, or msvcrt.locking on Windows, chosen when taken); the file is removed after.
    Without either, the file itself is the lock (created exclusively), taken over once older
    than STALE_LOCK_SECONDS: it is only held for two renames."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1
        self.system_lock = True

    def __enter__(self) -> _Lock:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        delay = 0.01
        while True:
            if self._acquire():
                return self
            if time.monotonic() > deadline:
                raise PromotionLocked(
                    f"{self.path}: một lần xây dựng khác giữ khóa quá {LOCK_TIMEOUT_SECONDS:.0f} giây; trang chưa được thay"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def _acquire(self) -> bool:
        if not _system_locks():
            self.system_lock = False
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                try:
                    if time.time() - os.stat(self.path).st_mtime > STALE_LOCK_SECONDS:
                        os.unlink(self.path)  # left by a build that died while swapping
                except OSError:
                    pass
                return False
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        if _try_lock(fd):
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:  # not a file another build removed in between
                self.fd = fd
                return True
            _unlock(fd)
        os.close(fd)
        return False

    def __exit__(self, *exc: object) -> None:
        try:
            os.unlink(self.path)  # still locked; on Windows fails while another build has it open
        except OSError:
            pass
        if self.system_lock:
            _unlock(self.fd)
        os.close(self.fd)


def _system_locks() -> bool:
    if sys.platform == "win32":
        return True
    try:
        import fcntl  # noqa: F401
    except ImportError:
        return False
    return True


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)

"""Who changed which record and when, read from git (not from file times).

One `git log` walks the history of the records folder once and answers both questions a site asks:
the last commit of each record file, and the most recent commits that touched records. Reading
stops as soon as both are answered, so a long history costs little.

Nothing here raises: outside a git repository, without git, or in a shallow clone (where the
oldest visible commit seems to have added every file) the result is empty and `note` says why in
Vietnamese, for the page to show.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kehoach.domain.confidentiality import loose

GIT_TIMEOUT_SECONDS = 60
DEFAULT_RECENT = 20

NOTE_NO_GIT = "không có lịch sử: không tìm thấy lệnh git"
NOTE_NOT_A_REPOSITORY = "không có lịch sử: thư mục không nằm trong một kho git"
NOTE_SHALLOW = (
    "lịch sử không đầy đủ: đây là bản sao nông (shallow clone) của kho git; "
    "lấy toàn bộ lịch sử (git fetch --unshallow, hoặc fetch-depth: 0 / GIT_DEPTH: 0 trong CI) để thấy ai sửa gì, khi nào"
)
NOTE_NO_COMMITS = "chưa có commit nào"
NOTE_FAILED = "không đọc được lịch sử git"

# NUL, the one byte no commit message, name or path can hold, separates everything: each commit
# starts with an empty field, then its seven fields, then (git log -z) its files, each ended by NUL.
_FIELDS = ("%H", "%h", "%aI", "%cI", "%aN", "%aE", "%s")
_FORMAT = "%x00" + "%x00".join(_FIELDS)
# Control characters in a subject or name would break the page: shown as their Unicode pictures.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Commit:
    hash: str
    short_hash: str
    date: dt.datetime  # author date, with its time zone: when the change was made
    committed: dt.datetime  # committer date: when it reached the branch
    author: str  # name (after .mailmap)
    email: str
    message: str  # the subject line
    files: tuple[str, ...] = ()  # paths relative to repo_dir, "/"-separated, under the paths asked about


@dataclass
class History:
    """The answer: `last_change` keyed by each path exactly as it was asked, `recent` newest first."""

    last_change: dict[str, Commit] = field(default_factory=dict)
    recent: list[Commit] = field(default_factory=list)
    complete: bool = False  # False when git history could not be read (or is shallow): see note
    note: str = ""

    def last(self, path: str | os.PathLike) -> Commit | None:
        return self.last_change.get(str(path))


def load_history(
    repo_dir: str | os.PathLike,
    paths: Iterable[str | os.PathLike] = (),
    recent: int = DEFAULT_RECENT,
    under: Sequence[str] = ("records",),
    hidden: Iterable[str | os.PathLike] = (),
    hidden_words: Iterable[str] = (),
) -> History:
    """Last commit of each of `paths` and the `recent` newest commits touching `under`, with ONE git log.

    `paths` and `under` are relative to `repo_dir` (absolute paths inside it work too); `repo_dir` may
    be any folder inside a work tree, e.g. the folder holding mkdocs.yml.
    """
    repo = Path(repo_dir).resolve()
    asked = list(paths)
    wanted: dict[str, list[str]] = {}  # repo-relative posix path -> the keys it was asked as
    for path in asked:
        relative = _relative(repo, path)
        if relative is not None:
            wanted.setdefault(relative, []).append(str(path))

    status = _repository_status(repo)
    if status is not None:
        return History(note=status)

    # Folders, not every file: a long list of files would overflow the command line.
    scopes = _pathspecs([*under, *(str(PurePosixPath(name).parent) if "/" in name else name for name in wanted)])
    if not scopes:
        return History(complete=True)
    command = [
        "git",
        "-c", "core.quotePath=false",
        "-c", "log.showSignature=false",
        "log", "-z", "--relative", "--name-only", f"--format={_FORMAT}", "--", *scopes,
    ]  # fmt: skip
    history = History(complete=True)
    under_dirs = [u.strip("/") for u in under if u.strip("/")]
    missing = set(wanted)
    # Commits touching a file the site may not publish are skipped whole: their subject may name it.
    hidden_files = {relative for relative in (_relative(repo, path) for path in hidden) if relative is not None}
    hidden_keys = [loose(word) for word in hidden_words if loose(word)]  # and those whose subject names one
    hidden_commits = _commits_following(repo, hidden_files)  # and those that touched them under an earlier name
    try:
        process = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_git_environment())
    except OSError:
        return History(note=NOTE_NO_GIT)
    stopped = False
    try:
        for commit in _read_commits(process):
            if hidden_files and (commit.hash in hidden_commits or not hidden_files.isdisjoint(commit.files)):
                continue
            if hidden_keys and any(key in loose(commit.message) for key in hidden_keys):
                continue
            if len(history.recent) < recent:
                touched = tuple(f for f in commit.files if _inside(f, under_dirs))
                if touched:
                    history.recent.append(_with_files(commit, touched))
            for name in commit.files:
                if name in missing:
                    missing.discard(name)
                    for key in wanted[name]:
                        history.last_change[key] = _with_files(commit, (name,))
            if not missing and len(history.recent) >= recent:
                stopped = True  # both questions answered: do not read the rest of the history
                break
    finally:
        if process.poll() is None:
            process.kill()
        try:
            _, error_output = process.communicate(timeout=GIT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:  # pragma: no cover
            error_output = b""
    if process.returncode != 0 and not stopped:
        message = error_output.decode("utf-8", "replace").strip().splitlines()
        if message and "does not have any commits" in message[0]:
            return History(complete=True, note=NOTE_NO_COMMITS)
        return History(note=f"{NOTE_FAILED}: {message[0] if message else process.returncode}")
    return history


def last_commits(repo_dir: str | os.PathLike, paths: Iterable[str | os.PathLike]) -> History:
    """The last commit of each path (`History.last(path)`); see load_history."""
    return load_history(repo_dir, paths, recent=0, under=())


def recent_commits(repo_dir: str | os.PathLike, limit: int = DEFAULT_RECENT, under: Sequence[str] = ("records",)) -> History:
    """The `limit` newest commits touching `under` (`History.recent`), each with the files it changed there."""
    return load_history(repo_dir, (), recent=limit, under=under)


# ---------------------------------------------------------------- helpers


def _commits_following(repo: Path, files: Iterable[str]) -> set[str]:
    """Every commit that touched one of `files`, following renames back (a file's earlier name may
    say what the file is): one `git log --follow` per file, so only for the few left-out files."""
    found: set[str] = set()
    for name in sorted(files):
        try:
            result = subprocess.run(
                ["git", "log", "--follow", "--format=%H", "--", name], cwd=repo, capture_output=True, timeout=GIT_TIMEOUT_SECONDS, env=_git_environment()
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        found.update(result.stdout.decode("ascii", "replace").split())
    return found


def _git_environment() -> dict[str, str]:
    environ = dict(os.environ)
    # LC_ALL=C: git's own messages in English, to recognise them; names and messages are bytes anyway.
    environ.update({"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    return environ


def _repository_status(repo: Path) -> str | None:
    """None when the history can be read; else the note saying why not."""
    if not repo.is_dir():
        return NOTE_NOT_A_REPOSITORY
    try:
        probe = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree", "--is-shallow-repository"],
            cwd=repo,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env=_git_environment(),
        )
    except FileNotFoundError:
        return NOTE_NO_GIT
    except (OSError, subprocess.TimeoutExpired):
        return NOTE_FAILED
    lines = [line.strip() for line in probe.stdout.decode("utf-8", "replace").splitlines()]
    if probe.returncode != 0 or not lines or lines[0] != "true":
        error = probe.stderr.decode("utf-8", "replace")
        if "dubious ownership" in error:
            return f"{NOTE_FAILED}: git từ chối kho thuộc người dùng khác (xem git config safe.directory)"
        return NOTE_NOT_A_REPOSITORY
    if len(lines) > 1 and lines[1] == "true":
        return NOTE_SHALLOW
    return None


# "records/to-chuc/x.yml": already what git shows, no need to ask the file system or pathlib.
_PLAIN_RELATIVE = re.compile(r"[^/\\.][^/\\]*(?:/[^/\\.][^/\\]*)*")


def _relative(repo: Path, path: str | os.PathLike) -> str | None:
    if isinstance(path, str) and _PLAIN_RELATIVE.fullmatch(path):
        return path
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(repo)
        except ValueError:
            return None
    posix = PurePosixPath(candidate.as_posix())
    if ".." in posix.parts:
        return None
    text = str(posix)
    return None if text in ("", ".") else text


def _pathspecs(names: Iterable[str]) -> list[str]:
    """The fewest folders/files covering `names`: records/ covers records/to-chuc/a.yml."""
    cleaned = sorted({n.strip("/") for n in names if n and n.strip("/") not in ("", ".")}, key=lambda n: (n.count("/"), n))
    kept: list[str] = []
    for name in cleaned:
        if not any(_inside(name, [k]) for k in kept):
            kept.append(name)
    return [f":(literal){name}" for name in kept]


def _inside(path: str, folders: Sequence[str]) -> bool:
    return any(path == folder or path.startswith(folder + "/") for folder in folders)


def _with_files(commit: Commit, files: tuple[str, ...]) -> Commit:
    return Commit(commit.hash, commit.short_hash, commit.date, commit.committed, commit.author, commit.email, commit.message, files)


def visible(text: str) -> str:
    """`text` with each control character shown as its picture (␟ for U+001F), a tab as a space."""
    return _CONTROL.sub(_picture, text.replace("\t", " "))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def _parse(header: list[str]) -> Commit | None:
    full, short, authored, committed, author, email, subject = header
    try:
        date, committed_date = dt.datetime.fromisoformat(authored), dt.datetime.fromisoformat(committed)
    except ValueError:
        return None
    return Commit(full, short, date, committed_date, visible(author), visible(email), visible(subject))


def _fields(process: subprocess.Popen) -> Iterable[str]:
    """git's output as its NUL-separated fields, read while it still runs."""
    assert process.stdout is not None
    buffer = b""
    while True:
        block = process.stdout.read1(65536) if hasattr(process.stdout, "read1") else process.stdout.read(65536)
        if not block:
            break
        *complete, buffer = (buffer + block).split(b"\0")
        for raw in complete:
            yield raw.decode("utf-8", "replace")
    if buffer:
        yield buffer.decode("utf-8", "replace")


def _read_commits(process: subprocess.Popen) -> Iterable[Commit]:
    """Commits as git prints them, parsed while it still runs (the caller may stop early).

    The fields go: "", the seven of _FIELDS, then the files ("\n" before the first), then "" for
    the next commit. A file name is never empty, and the seven fields are counted, not searched
    for: a subject or a name holding any character (even "\n" or "\x1f") stays in its place.
    """
    header: list[str] = []
    files: list[str] = []
    in_header = False
    for value in _fields(process):
        if in_header:
            header.append(value)
            in_header = len(header) < len(_FIELDS)
        elif value == "":  # the next commit starts
            if len(header) == len(_FIELDS):
                commit = _parse(header)
                if commit is not None:
                    yield _with_files(commit, tuple(files))
            header, files, in_header = [], [], True
        elif header:
            files.append(value[1:] if not files and value.startswith("\n") else value)
    if len(header) == len(_FIELDS):
        commit = _parse(header)
        if commit is not None:
            yield _with_files(commit, tuple(files))

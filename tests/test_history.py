"""History from git: last change of each record and recent commits, in a temporary repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach.content import history
from kehoach.content.history import NOTE_NO_COMMITS, NOTE_NO_GIT, NOTE_NOT_A_REPOSITORY, last_commits, load_history, recent_commits

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="cần lệnh git")


class Repo:
    def __init__(self, root: Path):
        self.root = root
        self.env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "HOME": str(root),
        }
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")
        self.git("symbolic-ref", "HEAD", "refs/heads/main")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=cwd or self.root, env=self.env, capture_output=True, text=True, encoding="utf-8", check=True)
        return result.stdout

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, author: str = "Nguyễn Văn An", date: str = "2019-05-20T10:00:00+07:00", *paths: str) -> str:
        self.git("add", "-A", *paths)
        email = "an@example.invalid"
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(
            ["git", "-c", f"user.name={author}", "-c", f"user.email={email}", "commit", "-q", "-m", message],
            cwd=self.root,
            env={**self.env, **env},
            check=True,
        )
        return self.git("rev-parse", "--short", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kho")
    repo.write("records/to-chuc/ban-a.yml", "id: ban-a\n")
    repo.write("records/to-chuc/ban-b.yml", "id: ban-b\n")
    repo.write("mkdocs.yml", "site_name: x\n")
    repo.commit("Thêm Ban A và Ban B", "Nguyễn Văn An", "2019-05-01T08:00:00+07:00")
    repo.write("records/to-chuc/ban-a.yml", "id: ban-a\nten: Ban A\n")
    repo.commit("Sửa tên Ban A", "Trần Thị Bình", "2019-05-10T09:30:00+07:00")
    repo.write("docs/index.md", "# x\n")
    repo.commit("Sửa trang chủ (không đụng bản ghi)", "Lê Văn Cường", "2019-05-11T09:30:00+07:00")
    repo.write("records/ke-hoach/kh-1.yml", "id: kh-1\n")
    repo.write("records/to-chuc/tổ-chức-có-dấu.yml", "id: x\n")
    repo.commit("Thêm kế hoạch\n\nThân thông điệp không hiện ra.", "Phạm Dũng", "2019-05-20T17:00:00+07:00")
    return repo


def test_last_change_of_each_record(repo: Repo) -> None:
    asked = ["records/to-chuc/ban-a.yml", "records/to-chuc/ban-b.yml", "records/ke-hoach/kh-1.yml", "records/to-chuc/tổ-chức-có-dấu.yml"]
    result = last_commits(repo.root, asked)
    assert result.complete and result.note == ""
    a, b, plan, accented = (result.last(p) for p in asked)
    assert (a.author, a.message) == ("Trần Thị Bình", "Sửa tên Ban A")
    assert (b.author, b.message) == ("Nguyễn Văn An", "Thêm Ban A và Ban B")
    assert plan.message == "Thêm kế hoạch"  # the subject line only
    assert accented is not None and accented.author == "Phạm Dũng"
    assert a.date == dt.datetime(2019, 5, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert len(a.short_hash) >= 7 and a.hash.startswith(a.short_hash)
    assert a.files == ("records/to-chuc/ban-a.yml",)


def test_paths_given_absolute_or_missing(repo: Repo) -> None:
    absolute = repo.root / "records/to-chuc/ban-b.yml"
    repo.write("records/to-chuc/chua-commit.yml", "id: moi\n")
    result = last_commits(repo.root, [absolute, "records/to-chuc/chua-commit.yml", "/ngoai/kho.yml"])
    assert result.last(absolute).message == "Thêm Ban A và Ban B"  # keyed as asked
    assert result.last("records/to-chuc/chua-commit.yml") is None
    assert result.last("/ngoai/kho.yml") is None


def test_recent_commits_touching_records(repo: Repo) -> None:
    result = recent_commits(repo.root, limit=10)
    assert [c.message for c in result.recent] == ["Thêm kế hoạch", "Sửa tên Ban A", "Thêm Ban A và Ban B"]  # newest first, docs-only commit left out
    newest = result.recent[0]
    assert newest.author == "Phạm Dũng"
    assert set(newest.files) == {"records/ke-hoach/kh-1.yml", "records/to-chuc/tổ-chức-có-dấu.yml"}
    assert set(result.recent[2].files) == {"records/to-chuc/ban-a.yml", "records/to-chuc/ban-b.yml"}  # mkdocs.yml not listed
    assert [c.message for c in recent_commits(repo.root, limit=2).recent] == ["Thêm kế hoạch", "Sửa tên Ban A"]


def test_deleted_and_renamed_records(repo: Repo) -> None:
    repo.git("mv", "records/to-chuc/ban-b.yml", "records/to-chuc/ban-b-moi.yml")
    repo.commit("Đổi tên tệp Ban B", "An", "2019-06-01T08:00:00+07:00")
    (repo.root / "records/ke-hoach/kh-1.yml").unlink()
    repo.commit("Xóa kế hoạch", "An", "2019-06-02T08:00:00+07:00")
    result = load_history(repo.root, ["records/to-chuc/ban-b-moi.yml"], recent=2)
    assert result.last("records/to-chuc/ban-b-moi.yml").message == "Đổi tên tệp Ban B"
    assert result.recent[0].message == "Xóa kế hoạch"
    assert result.recent[0].files == ("records/ke-hoach/kh-1.yml",)


def test_both_answers_from_one_git_log(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_popen, real_run = subprocess.Popen, subprocess.run

    def popen(command, *args, **kwargs):
        calls.append(list(command))
        return real_popen(command, *args, **kwargs)

    def run(command, *args, **kwargs):
        calls.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "Popen", popen)
    monkeypatch.setattr(history.subprocess, "run", run)
    many = [f"records/to-chuc/ban-{i}.yml" for i in range(500)] + ["records/to-chuc/ban-a.yml"]
    result = load_history(repo.root, many, recent=5)
    logs = [c for c in calls if "log" in c]
    assert len(logs) == 1
    assert len(" ".join(logs[0])) < 500  # folders on the command line, not every file
    assert result.last("records/to-chuc/ban-a.yml").message == "Sửa tên Ban A"
    assert len(result.recent) == 3


def test_stops_reading_once_answered(repo: Repo) -> None:
    for day in range(1, 30):
        repo.write("records/to-chuc/ban-a.yml", f"id: ban-a\nten: Ban A {day}\n")
        repo.commit(f"Sửa lần {day}", "An", f"2019-07-{day:02d}T08:00:00+07:00")
    result = load_history(repo.root, ["records/to-chuc/ban-a.yml"], recent=1)
    assert result.complete
    assert result.last("records/to-chuc/ban-a.yml").message == "Sửa lần 29"
    assert [c.message for c in result.recent] == ["Sửa lần 29"]


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kho")
    repo.write("du-an/records/to-chuc/ban-a.yml", "id: ban-a\n")
    repo.write("records/to-chuc/khac.yml", "id: khac\n")
    repo.commit("Thêm", "An", "2019-05-01T08:00:00+07:00")
    result = load_history(repo.root / "du-an", ["records/to-chuc/ban-a.yml"], recent=5)
    assert result.last("records/to-chuc/ban-a.yml").files == ("records/to-chuc/ban-a.yml",)
    assert result.recent[0].files == ("records/to-chuc/ban-a.yml",)  # relative to the project, other folders left out


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = load_history(tmp_path, ["records/a.yml"], recent=5)
    assert (result.last_change, result.recent, result.complete) == ({}, [], False)
    assert result.note == NOTE_NOT_A_REPOSITORY
    assert load_history(tmp_path / "khong-co", ["a.yml"]).note == NOTE_NOT_A_REPOSITORY


def test_without_git(repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "khong-co-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = load_history(repo.root, ["records/to-chuc/ban-a.yml"], recent=5)
    assert (result.last_change, result.recent, result.complete) == ({}, [], False)
    assert result.note == NOTE_NO_GIT


def test_shallow_clone_says_history_is_incomplete(repo: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "ban-sao"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], env=repo.env, check=True, capture_output=True)
    result = load_history(clone, ["records/to-chuc/ban-a.yml"], recent=5)
    assert (result.last_change, result.recent, result.complete) == ({}, [], False)
    assert "lịch sử không đầy đủ" in result.note


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "moi")
    repo.write("records/to-chuc/a.yml", "id: a\n")
    result = load_history(repo.root, ["records/to-chuc/a.yml"], recent=5)
    assert (result.last_change, result.recent) == ({}, [])
    assert result.note == NOTE_NO_COMMITS


def test_this_repository(tmp_path: Path) -> None:
    """The project's own records, whatever the state of its clone: never an exception."""
    root = Path(__file__).resolve().parents[1]
    records = sorted(str(p.relative_to(root)) for p in (root / "records").rglob("*.yml"))
    result = load_history(root, records, recent=3)
    if result.complete:
        assert len(result.recent) >= 1
        assert all(c.files and all(f.startswith("records/") for f in c.files) for c in result.recent)
    else:
        assert result.note


def test_control_characters_in_subjects_and_file_names(repo: Repo) -> None:
    """NUL separates git's fields: no subject or file name can shift them (issue 16)."""
    odd = "records/to-chuc/tab\there\nand newline.yml"
    repo.write(odd, "id: la\n")
    repo.commit("Tệp có tab\tvà xuống dòng trong tên", "An", "2019-06-01T08:00:00+07:00")
    repo.write("records/to-chuc/ban-a.yml", "id: ban-a\nten: Ban A mới\n")
    repo.commit("Sửa\x1fBan A\x1e mới\tnữa", "Bình\x1fAn", "2019-06-02T08:00:00+07:00")
    repo.write("records/to-chuc/ban-b.yml", "id: ban-b\nten: Ban B\n")
    repo.write("records/to-chuc/\nbat-dau-bang-xuong-dong.yml", "id: c\n")
    repo.commit("\x1e\x1f", "An", "2019-06-03T08:00:00+07:00")
    asked = ["records/to-chuc/ban-a.yml", "records/to-chuc/ban-b.yml", odd, "records/to-chuc/\nbat-dau-bang-xuong-dong.yml"]
    result = load_history(repo.root, asked, recent=10)
    assert result.complete and result.note == ""
    assert [c.message for c in result.recent[:3]] == ["␞␟", "Sửa␟Ban A␞ mới nữa", "Tệp có tab và xuống dòng trong tên"]
    assert len(result.recent) == 6  # every commit touching records, none swallowed
    assert result.recent[0].files == ("records/to-chuc/\nbat-dau-bang-xuong-dong.yml", "records/to-chuc/ban-b.yml")
    assert result.recent[1].author == "Bình␟An"
    assert result.recent[2].files == (odd,)
    a, b, tabbed, newline = (result.last(p) for p in asked)
    assert a.message == "Sửa␟Ban A␞ mới nữa" and a.date.day == 2
    assert b.message == "␞␟" and newline is not None and newline.message == "␞␟"
    assert tabbed is not None and tabbed.message.startswith("Tệp có tab") and tabbed.files == (odd,)
    for commit in result.recent:
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in commit.message + commit.author + commit.email)


def test_a_commit_without_files_in_scope_and_an_empty_subject(repo: Repo) -> None:
    repo.git("-c", "user.name=X", "-c", "user.email=x@example.invalid", "commit", "-q", "--allow-empty", "--allow-empty-message", "-m", "")
    repo.write("records/to-chuc/ban-b.yml", "id: ban-b\nten: B\n")
    repo.git("add", "-A")
    repo.git("-c", "user.name=Y", "-c", "user.email=", "commit", "-q", "--allow-empty-message", "-m", "")
    result = load_history(repo.root, ["records/to-chuc/ban-b.yml", "records/to-chuc/ban-a.yml"], recent=10)
    assert [c.message for c in result.recent] == ["", "Thêm kế hoạch", "Sửa tên Ban A", "Thêm Ban A và Ban B"]
    assert result.last("records/to-chuc/ban-b.yml").author == "Y"
    assert result.last("records/to-chuc/ban-a.yml").message == "Sửa tên Ban A"

"""Where kehoach writes: never through a symbolic link or over a file in the way, never into the
records, the hand-written pages or over mkdocs.yml; a folder it cannot write is one Vietnamese line.

What the user sees is asserted: the exit code and the one-line message (no traceback), and that
nothing is left behind (no `site.cu-*` / `site.dang-xay-dung-*` folders, files unchanged)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.cli import main
from kehoach.plugin import staging

ORG = "id: ban-a\nten: Ban A\nloai: ban-dang\ncap: tinh\n"
CONFIG = "site_name: Thử\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - kehoach\n"


def _project(root: Path, config: str = CONFIG) -> Path:
    (root / "records" / "to-chuc").mkdir(parents=True)
    (root / "records" / "to-chuc" / "ban-a.yml").write_text(ORG, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEHOACH_AS_OF": "2019-06-01", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=project, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


def _errors(result: subprocess.CompletedProcess) -> list[str]:
    """The error lines (one of ours) besides MkDocs' own “Aborted with a BuildError!”."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    said = (result.stdout + result.stderr).splitlines()
    assert "Aborted with a BuildError!" in said, said
    return [line for line in said if line.strip() and line != "Aborted with a BuildError!"]


def _leftovers(folder: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((name + staging.STAGING, name + staging.RETIRED)))


def _kehoach(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------- mkdocs build: the site folder


def test_a_symlinked_site_folder_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    project = _project(tmp_path / "du-an")
    web_root = tmp_path / "www"
    web_root.mkdir()
    (web_root / "index.html").write_text("trang cũ", encoding="utf-8")
    (project / "site").symlink_to(web_root, target_is_directory=True)
    result = _mkdocs_build(project)
    assert result.returncode == 1
    [error] = _errors(result)
    assert "là liên kết tượng trưng" in error and f"-d {web_root.resolve()}" in error and "trang không được xây dựng" in error
    assert (project / "site").is_symlink() and os.readlink(project / "site") == str(web_root)
    assert sorted(p.name for p in web_root.iterdir()) == ["index.html"] and (web_root / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert _leftovers(project) == [] and _leftovers(tmp_path, "www") == []
    # Built straight into the real folder, as the message says: published there.
    built = _mkdocs_build(project, "-d", str(web_root))
    assert built.returncode == 0, built.stderr
    assert "Ban A" in (web_root / "to-chuc" / "ban-a" / "index.html").read_text(encoding="utf-8")
    assert _leftovers(tmp_path, "www") == [] and (project / "site").is_symlink()


def test_a_dangling_symlink_or_a_file_in_place_of_the_site_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path / "du-an")
    (project / "site").symlink_to(tmp_path / "khong-co")
    result = _mkdocs_build(project)
    assert result.returncode == 1 and "là liên kết tượng trưng" in _errors(result)[0]
    assert (project / "site").is_symlink() and not (tmp_path / "khong-co").exists() and _leftovers(project) == []

    (project / "site").unlink()
    (project / "site").write_text("một tệp", encoding="utf-8")
    result = _mkdocs_build(project)
    assert result.returncode == 1
    [error] = _errors(result)
    assert "là một tệp, không phải thư mục" in error
    assert (project / "site").read_text(encoding="utf-8") == "một tệp" and _leftovers(project) == []


def test_a_site_folder_under_a_file_or_unwritable_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "du-an")
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    result = _mkdocs_build(project, "-d", str(tmp_path / "tep" / "site"))
    assert result.returncode == 1
    [error] = _errors(result)
    assert f"{tmp_path / 'tep'} là một tệp, không phải thư mục" in error
    assert (tmp_path / "tep").read_text(encoding="utf-8") == "x"

    locked = tmp_path / "chi-doc"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        # As root a folder's permissions do not stop writing; a read-only system folder still does.
        unwritable = next((folder for folder in (locked, Path("/sys/kernel")) if folder.is_dir() and not _writable(folder)), None)
        if unwritable is None:
            pytest.skip("no folder here that this user cannot write")
        result = _mkdocs_build(project, "-d", str(unwritable / "kh-site"))
        assert result.returncode == 1
        [error] = _errors(result)
        assert f"không ghi được trang vào {unwritable} (thư mục tạm bên cạnh kh-site): " in error
        assert error.endswith(("không có quyền ghi — trang không được xây dựng", "ổ đĩa chỉ đọc — trang không được xây dựng")), error
        assert not (unwritable / "kh-site").exists()
    finally:
        locked.chmod(0o755)


def _writable(folder: Path) -> bool:
    probe = folder / "kh-thu-ghi"
    try:
        probe.mkdir()
    except OSError:
        return False
    probe.rmdir()
    return True


def test_a_link_put_in_place_during_the_build_is_not_replaced(tmp_path: Path) -> None:
    """Checked again under the swap's lock: the link stays, the build's folder goes, nothing is left."""
    site = tmp_path / "site"
    web_root = tmp_path / "www"
    web_root.mkdir()
    built = staging.staging_dir_for(site)
    (built / "index.html").write_text("mới", encoding="utf-8")
    site.symlink_to(web_root, target_is_directory=True)
    with pytest.raises(staging.SiteFolderRefused, match="liên kết tượng trưng"):
        staging.promote(built, site)
    assert site.is_symlink() and list(web_root.iterdir()) == [] and not built.exists()
    assert _leftovers(tmp_path) == [] and not (tmp_path / f"site{staging.LOCK}").exists()


def test_a_failed_swap_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("cũ", encoding="utf-8")
    built = staging.staging_dir_for(site)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self == built:
            raise PermissionError(13, "Permission denied")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(staging.SiteFolderRefused, match="không có quyền ghi; trang cũ giữ nguyên"):
        staging.promote(built, site)
    monkeypatch.undo()
    assert (site / "index.html").read_text(encoding="utf-8") == "cũ" and not built.exists() and _leftovers(tmp_path) == []


# ---------------------------------------------------------------- kehoach check -f


def test_check_refuses_a_missing_or_folder_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _kehoach("check", "-f", "mkdocs.yml.missing") == (2, "", "kehoach: lỗi: không tìm thấy tệp cấu hình mkdocs.yml.missing\n")
    assert _kehoach("check", "-f", "records") == (2, "", "kehoach: lỗi: records là thư mục, không phải tệp cấu hình MkDocs; ghi đường dẫn tới mkdocs.yml\n")
    # pages and bundle say the same, through the same helper.
    for command in (("pages", "--out", "../ra"), ("bundle",)):
        assert _kehoach(*command, "-f", "records")[::2] == (2, "kehoach: lỗi: records là thư mục, không phải tệp cấu hình MkDocs; ghi đường dẫn tới mkdocs.yml\n")
        assert _kehoach(*command, "-f", "khong-co.yml")[::2] == (2, "kehoach: lỗi: không tìm thấy tệp cấu hình khong-co.yml\n")
    # Without -f, mkdocs.yml is read if there is one; without it, the defaults.
    assert _kehoach("check")[0] == 0
    (tmp_path / "mkdocs.yml").unlink()
    assert _kehoach("check") == (0, "kehoach check: không có lỗi trong 1 tệp bản ghi.\n", "")


# ---------------------------------------------------------------- extra: not a mapping


@pytest.mark.parametrize(
    "extra, line, said",
    [
        ("extra:\n", 8, "extra: để trống"),
        ("extra: null\n", 8, "extra: để trống"),
        ("extra:\n  - records\n", 8, "extra: phải là một bảng khóa–giá trị, không phải một danh sách"),
        ("extra: records\n", 8, "extra: phải là một bảng khóa–giá trị, không phải chữ “records”"),
    ],
)
def test_an_extra_that_is_not_a_mapping_is_a_problem_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, line: int, said: str) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _project(tmp_path, CONFIG + extra)
    monkeypatch.chdir(tmp_path)
    with pytest.raises((Abort, ConfigurationError)):  # what the build would say, in English
        load_config("mkdocs.yml")
    code, out, err = _kehoach("check")
    assert code == 1 and err == ""
    first, summary = out.splitlines()
    assert first.startswith(f"mkdocs.yml:{line}:1: {said}") and "MkDocs không xây dựng được trang" in first
    assert summary.startswith("kehoach check: 1 lỗi")
    code, out, _ = _kehoach("check", "--format", "github")
    assert code == 1 and out.startswith(f"::error file=mkdocs.yml,line={line},col=1,")
    # bundle and pages stop at the same line, before building or writing anything.
    assert _kehoach("bundle")[:2] == (1, f"{first}\nkehoach bundle: cấu hình có lỗi — không đóng gói\n")
    assert _kehoach("pages", "--out", "../ra")[:2] == (1, f"{first}\nkehoach pages: cấu hình có lỗi — không ghi gì\n")
    assert not (tmp_path.parent / "ra").exists() and not (tmp_path / "site.zip").exists()


def test_an_extra_mapping_or_none_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, CONFIG + "extra: {}\n")
    monkeypatch.chdir(tmp_path)
    assert _kehoach("check")[0] == 0
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "extra:\n  as_of: 2019-06-01\n", encoding="utf-8")
    assert _kehoach("check")[0] == 0


# ---------------------------------------------------------------- kehoach bundle --out


@pytest.mark.parametrize(
    "out, said",
    [
        ("records/to-chuc/ban-a.yml", "records/to-chuc/ban-a.yml: tệp gói phải có tên kết thúc bằng .zip, ví dụ site.zip"),
        ("mkdocs.yml", "mkdocs.yml: tệp gói phải có tên kết thúc bằng .zip, ví dụ site.zip"),
        ("records/ban-ghi.zip", "records/ban-ghi.zip: không ghi gói vào thư mục bản ghi (records); chọn chỗ khác, ví dụ site.zip"),
        ("vi-du/a.zip", "vi-du/a.zip: không ghi gói vào thư mục ví dụ (vi-du); chọn chỗ khác, ví dụ site.zip"),
        ("docs/trang.zip", "docs/trang.zip: không ghi gói vào thư mục trang viết tay (docs); chọn chỗ khác, ví dụ site.zip"),
        ("cu.zip", "cu.zip: đã có tệp; chọn tên khác hoặc thêm --ghi-de"),
        ("thu-muc.zip", "thu-muc.zip: đã có thư mục tên này; chọn tên tệp khác"),
    ],
)
def test_bundle_never_writes_over_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str, said: str) -> None:
    _project(tmp_path, CONFIG + "extra:\n  examples: vi-du\n")
    (tmp_path / "vi-du").mkdir()
    (tmp_path / "cu.zip").write_bytes(b"zip cu")
    (tmp_path / "thu-muc.zip").mkdir()
    monkeypatch.chdir(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert _kehoach("bundle", "--out", out) == (2, "", f"kehoach: lỗi: {said}\n")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_bundle_replaces_a_zip_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    (tmp_path / "Goi.ZIP").write_bytes(b"zip cu")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KEHOACH_AS_OF", "2019-06-01")
    assert _kehoach("bundle", "--out", "Goi.ZIP")[::2] == (2, "kehoach: lỗi: Goi.ZIP: đã có tệp; chọn tên khác hoặc thêm --ghi-de\n")
    code, out, err = _kehoach("bundle", "--out", "Goi.ZIP", "--ghi-de")
    assert code == 0, err
    assert out.startswith(f"kehoach bundle: đã ghi {tmp_path.resolve() / 'Goi.ZIP'} (")
    assert (tmp_path / "Goi.ZIP").read_bytes()[:2] == b"PK"


# ---------------------------------------------------------------- kehoach pages --out


@pytest.mark.parametrize(
    "out, folder",
    [("records/xuat", "thư mục bản ghi hay chồng lên nó (records)"), ("vi-du", "thư mục ví dụ hay chồng lên nó (vi-du)"), ("ra", "thư mục bản ghi hay chồng lên nó (ra/docs)")],
)
def test_pages_never_writes_into_the_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str, folder: str) -> None:
    _project(tmp_path)
    (tmp_path / "vi-du").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KEHOACH_EXAMPLES", "vi-du")
    if out == "ra":  # the records are where the written docs/ would go
        (tmp_path / "records").rename(tmp_path / "ra-docs")
        (tmp_path / "ra").mkdir()
        (tmp_path / "ra-docs").rename(tmp_path / "ra" / "docs")
        monkeypatch.setenv("KEHOACH_RECORDS", "ra/docs")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    message = f"kehoach: lỗi: {out}: không ghi vào {folder}; chọn thư mục khác\n"
    assert _kehoach("pages", "--out", out, "--ghi-de") == (2, "", message)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert _kehoach("check")[0] == 0

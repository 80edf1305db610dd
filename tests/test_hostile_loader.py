"""Hostile record files that the corpus cannot hold as plain files: too large, bombs, links, pipes.

Work is bounded by counting (bytes, values, problems, depth) and checked here with tracemalloc
for memory, never with wall-clock thresholds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from kehoach.records.loader import load_records
from kehoach.records.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_PROBLEMS_PER_FILE, parse_record_text, read_record_file

CORPUS_BASE = Path(__file__).parent / "bad_records" / "_base"
LOCATED = re.compile(r"^[^:]+:\d+:\d+: .+")
ORG = "id: {id}\nten: {name}\nloai: ban-dang\ncap: tinh\n"


@pytest.fixture
def records(tmp_path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(CORPUS_BASE, root)
    return root


def lines(result) -> list[str]:
    return [str(p) for p in result.problems]


def peak_memory(function, *args):
    tracemalloc.start()
    try:
        result = function(*args)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------- size, bombs, depth


def test_file_over_the_size_limit_is_refused_unread(records):
    path = records / "to-chuc" / "ban-lon.yml"
    path.write_bytes(ORG.format(id="ban-lon", name="Ban Lớn").encode() + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert lines(load_records(records, "records")) == [
        "records/to-chuc/ban-lon.yml:1:1: tệp quá lớn (hơn 1.000.000 byte) (tách bản ghi thành nhiều tệp nhỏ hơn)"
    ]


def test_file_at_the_size_limit_is_read(records):
    text = ORG.format(id="ban-vua", name="Ban Vừa")
    path = records / "to-chuc" / "ban-vua.yml"
    path.write_bytes(text.encode() + b"#" * (MAX_FILE_BYTES - len(text.encode()) - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    result = load_records(records, "records")
    assert result.problems == [] and "ban-vua" in result.registry.organizations


def test_oversized_file_is_never_read_whole(tmp_path):
    path = tmp_path / "lon.yml"
    with open(path, "wb") as stream:
        stream.truncate(50 * MAX_FILE_BYTES)  # sparse: 50 MB on paper
    (value, problems), peak = peak_memory(read_record_file, path, "lon.yml")
    assert value is None and "tệp quá lớn" in problems[0].message
    assert peak < 3 * MAX_FILE_BYTES


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"
    text = f"a: &a [{', '.join(['lol'] * width)}]\n"
    for level in range(1, levels):
        text += f"{names[level]}: &{names[level]} [{', '.join(['*' + names[level - 1]] * width)}]\n"
    return text


def test_billion_laughs_is_refused_with_bounded_memory(records):
    """9 levels of 9 aliases would expand to 9⁹ = 387 420 489 strings; we never expand one."""
    (records / "to-chuc" / "bom.yml").write_text(ORG.format(id="bom", name="Bom") + billion_laughs(), encoding="utf-8")
    result, peak = peak_memory(load_records, records, "records")
    assert result.errors
    assert peak < 20_000_000
    messages = {p.message for p in result.problems}
    assert "không dùng neo YAML (“&a”)" in messages
    assert "không dùng bí danh YAML (“*h”)" in messages
    assert "ban-to-chuc" in result.registry.organizations  # other records are still read


def test_alias_flood_stops_after_the_problem_limit():
    text = "a: &a x\nb:\n" + "- *a\n" * ((MAX_FILE_BYTES - 20) // 5)
    (value, problems), peak = peak_memory(parse_record_text, "lu.yml", text)
    assert value is None
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert str(problems[-1]) == f"lu.yml:{MAX_PROBLEMS_PER_FILE + 2}:3: quá nhiều lỗi, dừng đọc tệp ở đây (sửa các lỗi trên rồi kiểm tra lại)"
    assert peak < 20_000_000


def test_too_many_values_stop_reading():
    text = "a:\n" + "- x\n" * (MAX_NODES + 10)
    value, problems = parse_record_text("nhieu.yml", text)
    assert value is None
    assert [str(p) for p in problems] == [f"nhieu.yml:{MAX_NODES - 1}:3: tệp có quá nhiều giá trị (hơn 50.000) (tách bản ghi thành nhiều tệp nhỏ hơn)"]


def test_deep_nesting_stops_before_the_recursion_limit():
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    value, problems = parse_record_text("sau.yml", text)
    assert value is None
    assert [str(p) for p in problems] == [f"sau.yml:1:{4 + MAX_DEPTH - 1}: cấu trúc lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)"]


def test_many_duplicate_keys_are_capped():
    text = "id: x\n" * 5_000
    _, problems = parse_record_text("lap.yml", text)
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[0].message == "trường “id” lặp lại (đã có ở dòng 1)"
    assert problems[-1].message == f"còn {5_000 - 1 - MAX_PROBLEMS_PER_FILE} lỗi nữa trong tệp này không được liệt kê"


# ---------------------------------------------------------------- what is on the disk


def test_symlinked_record_is_refused_and_its_target_not_read(records, tmp_path):
    secret = tmp_path / "bi-mat.yml"
    secret.write_text("id: bi-mat\nten: MẬT-KHẨU-123\nloai: ban-dang\ncap: tinh\n", encoding="utf-8")
    (records / "to-chuc" / "lien-ket.yml").symlink_to(secret)
    result = load_records(records, "records")
    assert lines(result) == [
        "records/to-chuc/lien-ket.yml:1:1: tệp là liên kết tượng trưng (symlink), không được đọc (thay liên kết bằng tệp thật)"
    ]
    assert "bi-mat" not in result.registry.organizations


def test_symlinked_folder_is_refused(records, tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "ban-ngoai.yml").write_text(ORG.format(id="ban-ngoai", name="Ban Ngoài"), encoding="utf-8")
    (records / "to-chuc" / "ngoai").symlink_to(outside, target_is_directory=True)
    result = load_records(records, "records")
    assert lines(result) == [
        "records/to-chuc/ngoai/:1:1: thư mục là liên kết tượng trưng (symlink), không được đọc (thay liên kết bằng thư mục thật chứa bản ghi)"
    ]
    assert "ban-ngoai" not in result.registry.organizations


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_refused_without_blocking(records):
    os.mkfifo(records / "to-chuc" / "ong.yml")
    assert lines(load_records(records, "records")) == [
        "records/to-chuc/ong.yml:1:1: không phải tệp thông thường, không được đọc (xóa nó khỏi thư mục bản ghi)"
    ]


def test_records_folder_missing(tmp_path):
    assert lines(load_records(tmp_path / "khong-co", "records")) == ["records:1:1: không tìm thấy thư mục bản ghi (kiểm tra đường dẫn)"]


def test_every_problem_of_every_file_is_reported_at_once(records):
    (records / "to-chuc" / "a.yml").write_text("id: a\nten: A\nten: A2\nloai: ban-dang\ncap: tinh\n", encoding="utf-8")
    (records / "to-chuc" / "b.yml").write_text("id: B\nten: [B]\nloai: khong-co\ncap: tinh\n", encoding="utf-8")
    (records / "to-chuc" / "c.yml").write_text("id: c\n\tten: C\n", encoding="utf-8")
    (records / "nhom" / "d.yml").write_text("id: d\nten: D\nloai: ban-dang\ncap: tinh\nthanh_vien: [d, khong-co]\n", encoding="utf-8")
    (records / "ghi-chu.txt").write_text("ghi chú\n", encoding="utf-8")
    assert lines(load_records(records, "records")) == [
        "records/ghi-chu.txt:1:1: cảnh báo: tệp không phải bản ghi YAML (.yml) bị bỏ qua (đổi đuôi thành .yml nếu là bản ghi, hoặc chuyển ra ngoài records/)",
        "records/nhom/d.yml:5:13: nhóm “d” chứa chính nó (bỏ nhóm khỏi danh sách thanh_vien của nó hoặc của nhóm con)",
        "records/nhom/d.yml:5:17: không có tổ chức hoặc nhóm mã “khong-co” (thêm tệp records/to-chuc/khong-co.yml)",
        "records/to-chuc/a.yml:3:1: trường “ten” lặp lại (đã có ở dòng 2) (giữ một lần và xóa lần còn lại)",
        "records/to-chuc/b.yml:1:5: mã “B” có chữ hoa; mã chỉ dùng chữ thường (ví dụ: “b”)",
        "records/to-chuc/b.yml:2:6: trường “ten” phải là một giá trị đơn, không phải danh sách (ví dụ: Ban Tổ chức Tỉnh ủy)",
        "records/to-chuc/b.yml:3:7: trường “loai”: “khong-co” không phải giá trị được phép "
        "(dùng một trong: trung-uong, cap-uy, ban-dang, uy-ban-kiem-tra, van-phong, ban-can-su-dang-doan, mat-tran-doan-the, co-quan-bao-chi, ca-nhan)",
        "records/to-chuc/c.yml:2:1: có ký tự Tab (YAML chỉ cho phép thụt lề bằng dấu cách; thay Tab bằng dấu cách)",
    ]


# ---------------------------------------------------------------- the build


def _project(tmp_path: Path, records: Path) -> Path:
    root = Path(__file__).resolve().parents[1]
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "hooks", "docs"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    shutil.copytree(records, project / "records")
    return project


def test_a_failing_record_fails_the_build_without_traceback(records, tmp_path):
    """`mkdocs build` exits non-zero, prints the file:line:col problem and no traceback."""
    (records / "to-chuc" / "ban-to-chuc.yml").write_text(
        ORG.format(id="ban-to-chuc", name="Ban Tổ chức") + "ngay_thanh_lap: !!python/object/apply:os.system ['touch pwned']\n",
        encoding="utf-8",
    )
    project = _project(tmp_path, records)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEHOACH_RECORDS": "", "KEHOACH_EXAMPLES": ""},
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "records/to-chuc/ban-to-chuc.yml:5:17: thẻ YAML “!!python/object/apply:os.system” không được phép" in output
    assert "records/to-chuc/ban-to-chuc.yml:5:1: trường “ngay_thanh_lap” không có trong bản ghi tổ chức" in output
    assert not (project / "pwned").exists() and not (tmp_path / "pwned").exists()
    assert not (site / "index.html").exists()


def test_every_located_problem_has_the_documented_shape(records):
    (records / "to-chuc" / "x.yml").write_text("id: x\nten: 'không đóng\n", encoding="utf-8")
    for problem in load_records(records, "records").problems:
        assert LOCATED.match(str(problem))


# ---------------------------------------------------------------- names and empty folders


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("con.yml", "“con” là tên thiết bị dành riêng"),
        ("Aux.yaml", "“Aux” là tên thiết bị dành riêng"),
        ("a:b.yml", "có ký tự :"),
        ("hoi?.yml", "có ký tự ?"),
        ("p|ipe.yml", "có ký tự |"),
        ("lt<gt>.yml", "có ký tự < >"),
        ("cham..yml", ""),
    ],
)
def test_file_names_windows_cannot_hold_are_refused(records, name, why):
    (records / "to-chuc" / name).write_text(ORG.format(id="ban-moi", name="Ban Mới"), encoding="utf-8")
    found = lines(load_records(records, "records"))
    if why:
        assert found == [f"records/to-chuc/{name}:1:1: tên “to-chuc/{name}” không dùng được trên Windows: {why} (đổi tên tệp hoặc thư mục: chữ, số, gạch nối)"]
    else:  # a name Windows does hold
        assert found == []


def test_file_names_that_differ_only_in_case_are_refused(records):
    (records / "to-chuc" / "Ban-Moi.yml").write_text(ORG.format(id="ban-moi", name="Ban Mới"), encoding="utf-8")
    (records / "to-chuc" / "ban-moi.yml").write_text(ORG.format(id="ban-moi-2", name="Ban Mới Hai"), encoding="utf-8")
    assert lines(load_records(records, "records")) == [
        "records/to-chuc/ban-moi.yml:1:1: tên tệp chỉ khác records/to-chuc/Ban-Moi.yml ở chữ hoa, chữ thường hoặc cách gõ dấu (đổi tên một trong hai tệp; trên Windows và macOS chúng là một tệp)"
    ]


def test_an_empty_records_folder_is_an_error(tmp_path):
    (tmp_path / "records").mkdir()
    assert lines(load_records(tmp_path / "records", "records")) == [
        "records:1:1: thư mục bản ghi không có bản ghi nào (tệp .yml) (kiểm tra đường dẫn thư mục bản ghi; dự án mới: chạy “kehoach init”)"
    ]

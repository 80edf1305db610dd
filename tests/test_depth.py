"""Structures as deep as an editor (or an attacker) can write them: chains of tasks due "after"
another, groups inside groups, organizations under organizations, folders inside folders.

Nothing here may recurse on a depth the records choose: each test lowers Python's recursion limit
far below the chain's length, so a recursive walk fails loudly. That costs stay linear is measured
by `benchmarks/depth.py`, not timed here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kehoach.content.pages import SiteOptions, build_site_pages
from kehoach.domain.graph import chain, cycles, longest_chains
from kehoach.domain.status import compute_progress
from kehoach.domain.vocabulary import Status
from kehoach.records.loader import MAX_FOLDER_DEPTH, MAX_GROUP_NESTING, load_records

BASE = Path(__file__).parent / "bad_records" / "_base"
LONG = 3000
TODAY = dt.date(2020, 1, 1)


@contextmanager
def shallow_stack(limit: int = 250) -> Iterator[None]:
    """Python's recursion limit far below the chains' lengths (pytest itself needs ~100 frames)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


@pytest.fixture
def records(tmp_path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(BASE, root)
    return root


def _plan_with_chain(records: Path, length: int) -> None:
    """Task t0 waits for t1, t1 for t2… — written so that the first task needs the whole chain."""
    tasks = []
    for i in range(length):
        deadline = "{loai: thang, thang: 5/2019}" if i == length - 1 else f"{{loai: sau, sau: t{i + 1}}}"
        tasks.append(f"      - id: t{i}\n        ten_ngan: Việc {i}\n        chu_tri: [ban-to-chuc]\n        vai_tro: chu-tri\n        thoi_han: {deadline}")
    text = "id: chuoi\nloai: KẾ HOẠCH\ntrich_yeu: Chuỗi\nco_quan_ban_hanh: tinh-uy\nnguon_goc: toan-van\nthuc_hien: [ct-28]\nnoi_dung:\n  - so: \"1.\"\n    van_ban: Chuỗi nhiệm vụ.\n    nhiem_vu:\n"
    (records / "ke-hoach" / "chuoi.yml").write_text(text + "\n".join(tasks) + "\n", encoding="utf-8")
    (records / "cap-nhat").mkdir(exist_ok=True)
    (records / "cap-nhat" / "xong.yml").write_text(
        f"ke_hoach: chuoi\nnhiem_vu: [t{length - 1}]\nto_chuc: ban-to-chuc\nngay: 20/5/2019\ntrang_thai: da-hoan-thanh\n", encoding="utf-8"
    )


def test_a_long_chain_of_after_deadlines_loads_and_builds_without_recursion(records):
    _plan_with_chain(records, LONG)
    with shallow_stack():
        result = load_records(records, "records", today=TODAY)
        assert result.problems == []
        progress = compute_progress(result.registry, dt.date(2019, 6, 1))
    # The far end is done, so the next one has started and the first still waits.
    assert progress[f"chuoi/t{LONG - 1}"].status is Status.DONE_ON_TIME
    assert "bắt đầu khi nhiệm vụ" in progress[f"chuoi/t{LONG - 2}"].current.note
    assert progress["chuoi/t0"].status is Status.NOT_DUE
    with shallow_stack(400):  # templates take a few frames of their own
        pages = build_site_pages(result.registry, None, SiteOptions(as_of=dt.date(2019, 6, 1)))
    assert any(page.path.startswith("ke-hoach/chuoi") for page in pages)


def test_a_long_loop_of_after_deadlines_is_one_short_line(records):
    _plan_with_chain(records, LONG)
    path = records / "ke-hoach" / "chuoi.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("{loai: thang, thang: 5/2019}", "{loai: sau, sau: t0}"), encoding="utf-8")
    with shallow_stack():
        problems = [str(p) for p in load_records(records, "records", today=TODAY).problems]
    assert len(problems) == 1
    assert problems[0].startswith("records/ke-hoach/chuoi.yml:")
    assert "vòng lặp: t0 → t1 → t2 → … → " in problems[0] and len(problems[0]) < 300


def _group(records: Path, group_id: str, member: str) -> None:
    (records / "nhom" / f"{group_id}.yml").write_text(f"id: {group_id}\nten: Nhóm {group_id}\nloai: ban-dang\ncap: tinh\nthanh_vien: [{member}]\n", encoding="utf-8")


@pytest.mark.parametrize("groups", [MAX_GROUP_NESTING - 1, MAX_GROUP_NESTING])
def test_groups_nested_up_to_the_limit_load(records, groups):
    for i in range(groups):
        _group(records, f"g{i}", f"g{i + 1}" if i + 1 < groups else "ban-to-chuc")
    assert load_records(records, "records", today=TODAY).problems == []


def test_groups_nested_past_the_limit_are_one_error_where_the_chain_grows_too_long(records):
    for i in range(LONG):
        _group(records, f"g{i}", f"g{i + 1}" if i + 1 < LONG else "ban-to-chuc")
    with shallow_stack():
        problems = [str(p) for p in load_records(records, "records", today=TODAY).problems]
    top = LONG - MAX_GROUP_NESTING - 1
    assert problems == [
        f"records/nhom/g{top}.yml:5:13: nhóm “g{top}” lồng nhau quá sâu: g{top} → g{top + 1} → g{top + 2} → … → g{LONG - 2} → g{LONG - 1}"
        f" ({MAX_GROUP_NESTING + 1} cấp, tối đa {MAX_GROUP_NESTING}) (đưa thẳng các tổ chức vào nhóm lớn hơn thay vì lồng nhóm trong nhóm)"
    ]


def test_a_long_loop_of_groups_is_one_short_line(records):
    for i in range(LONG):
        _group(records, f"g{i}", f"g{(i + 1) % LONG}")
    with shallow_stack():
        problems = [str(p) for p in load_records(records, "records", today=TODAY).problems]
    assert problems == ["records/nhom/g0.yml:5:13: nhóm “g0” chứa chính nó qua g0 → g1 → g2 → … → g2999 → g0 (bỏ nhóm khỏi danh sách thanh_vien của nó hoặc của nhóm con)"]


def test_a_long_chain_of_parents_loads_and_builds(records):
    for i in range(LONG):
        parent = f"o{i + 1}" if i + 1 < LONG else "tinh-uy"
        (records / "to-chuc" / f"o{i}.yml").write_text(f"id: o{i}\nten: Tổ chức số {i}\nloai: ban-dang\ncap: tinh\ntruc_thuoc: {parent}\n", encoding="utf-8")
    with shallow_stack():
        result = load_records(records, "records", today=TODAY)
    assert result.problems == []
    assert [o.id for o in result.registry.children("o1")] == ["o0"]


def test_folders_deeper_than_the_limit_are_an_error_and_deeper_ones_are_never_entered(records):
    folder = records / "cap-nhat"
    for _ in range(MAX_FOLDER_DEPTH + 300):  # deeper than Python 3.11's os.walk can recurse with this stack
        folder = folder / "a"
    os.makedirs(folder)
    (folder / "u.yml").write_text("x: 1\n", encoding="utf-8")
    with shallow_stack():
        problems = [str(p) for p in load_records(records, "records", today=TODAY).problems]
    too_deep = "records/cap-nhat/" + "a/" * MAX_FOLDER_DEPTH  # the first folder below the limit
    assert problems == [f"{too_deep}:1:1: thư mục lồng nhau quá sâu (tối đa {MAX_FOLDER_DEPTH} cấp dưới records/), không được đọc (chuyển các bản ghi lên thư mục nông hơn)"]


def test_graph_helpers_find_loops_and_longest_chains():
    links = {"a": ["b"], "b": ["c", "d"], "c": [], "d": ["c"], "x": ["y"], "y": ["x"], "s": ["s"]}
    assert sorted(sorted(loop) for loop in cycles(links, links.__getitem__)) == [["s"], ["x", "y"]]
    acyclic = {k: v for k, v in links.items() if k in "abcd"}
    longest = longest_chains(acyclic, acyclic.__getitem__)
    assert longest["a"][0] == 4 and chain("a", longest) == ["a", "b", "d", "c"]
    assert longest["c"] == (1, None)

"""How the cost of loading and building grows with the depth of what records link: a chain of tasks
each due "after" the next, groups nested to the limit (repeated), organizations each under the next.

    python benchmarks/depth.py [--sizes 500,1000,2000,3000]

For each size n it writes the three structures into a throw-away copy of the test corpus's base
records (one plan file holds at most ~3,500 tasks: the reader's 50,000-value limit), then times `load_records` and `build_site_pages` (statuses as of 2019-06-01) and prints
seconds and seconds per link. Linear cost shows as a flat "per link" column from size to size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kehoach.content.pages import SiteOptions, build_site_pages  # noqa: E402
from kehoach.records.loader import MAX_GROUP_NESTING, load_records  # noqa: E402


def write_structures(records: Path, n: int) -> None:
    shutil.copytree(ROOT / "tests" / "bad_records" / "_base", records)
    tasks = []
    for i in range(n):
        deadline = "{loai: thang, thang: 5/2019}" if i == n - 1 else f"{{loai: sau, sau: t{i + 1}}}"
        tasks.append(f"      - id: t{i}\n        ten_ngan: Việc {i}\n        chu_tri: [g{i % MAX_GROUP_NESTING}]\n        vai_tro: chu-tri\n        thoi_han: {deadline}")
    head = "id: chuoi\nloai: KẾ HOẠCH\ntrich_yeu: Chuỗi\nco_quan_ban_hanh: tinh-uy\nnguon_goc: toan-van\nthuc_hien: [ct-28]\nnoi_dung:\n  - so: \"1.\"\n    van_ban: Chuỗi.\n    nhiem_vu:\n"
    (records / "ke-hoach" / "chuoi.yml").write_text(head + "\n".join(tasks) + "\n", encoding="utf-8")
    for i in range(n):
        member = f"g{i + 1}" if (i + 1) % MAX_GROUP_NESTING else f"o{i}"
        (records / "nhom" / f"g{i}.yml").write_text(f"id: g{i}\nten: Nhóm {i}\nloai: ban-dang\ncap: tinh\nthanh_vien: [{member}]\n", encoding="utf-8")
        parent = f"o{i + 1}" if i + 1 < n else "tinh-uy"
        (records / "to-chuc" / f"o{i}.yml").write_text(f"id: o{i}\nten: Tổ chức {i}\nloai: ban-dang\ncap: tinh\ntruc_thuoc: {parent}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,3000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'n':>6} {'load s':>8} {'pages s':>8} {'load µs/link':>13} {'pages µs/link':>14}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            records = Path(folder) / "records"
            write_structures(records, n)
            start = time.perf_counter()
            result = load_records(records, "records", today=dt.date(2020, 1, 1))
            loaded = time.perf_counter()
            if result.problems:
                raise SystemExit(f"unexpected problems: {[str(p) for p in result.problems[:3]]}")
            build_site_pages(result.registry, None, SiteOptions(as_of=dt.date(2019, 6, 1)))
            built = time.perf_counter()
        links = 3 * n
        print(f"{n:>6} {loaded - start:>8.2f} {built - loaded:>8.2f} {1e6 * (loaded - start) / links:>13.0f} {1e6 * (built - loaded) / links:>14.0f}")


if __name__ == "__main__":
    main()

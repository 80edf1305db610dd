"""A document marked secret never reaches a site that is not meant for it (issue 18).

The fixture adds to a copy of the project a plan marked Mật, a directive marked Tối mật and an
update of that plan, with a marker word in every field, in file names and in a commit message. Built
with the default configuration, no output file of the site — HTML, search index shards, JSON, XML,
ICS, CSV, sitemap — nor of the offline zip holds any marker; built with a higher limit, the plan is
there. The model-level rules (what is left out, what is a problem) are tested on the registry.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kehoach.domain.confidentiality import NOT_PUBLISHED, cited_left_out, restrict
from kehoach.domain.vocabulary import PublishLimit, SecrecyMark
from kehoach.records.loader import load_records
from kehoach.records.settings import resolve_settings
from tests.conftest import copy_project

MARKER = re.compile(rb"zebramat|987654|987\.654", re.IGNORECASE)

SECRET_PLAN = """\
id: kh-zebramat
loai: KẾ HOẠCH ZEBRAMAT-LOAI
trich_yeu: Trích yếu zebramattrichyeu về công tác bảo vệ
co_quan_ban_hanh: ban-thuong-vu-tinh-uy
co_quan_cap_tren: tinh-uy-hung-yen
nguon_goc: toan-van
so_ky_hieu: 99-KH/ZEBRAMATSO
ngay: 10/4/2019
dia_danh: Zebramatdiadanh
do_mat: mat
pham_vi: Lưu hành zebramatphamvi
thuc_hien: [ct-28-ct-tw-2019]
the_thuc: Zebramat thể thức
van_ban_nguon: nguon/zebramat-nguon.md
mo_dau: Mở đầu zebramatmodau.
ghi_chu: Ghi chú zebramatghichu.
noi_dung:
  - so: "I-"
    tieu_de: TIÊU ĐỀ ZEBRAMATTIEUDE
    ghi_chu_bien_tap: Biên tập zebramatbientap.
    muc:
      - so: "1."
        van_ban: Ban Tổ chức Tỉnh ủy làm việc zebramatvanban trong tháng 5/2019.
        nhiem_vu:
          - id: nv-zebramat
            chu_tri: [ban-to-chuc-tinh-uy]
            vai_tro: chu-tri
            phoi_hop: [ban-tuyen-giao-tinh-uy]
            thoi_han: {loai: thang, thang: 5/2019, nguyen_van: trong tháng zebramatthoihan}
            ghi_chu: Nhiệm vụ zebramatnhiemvu.
noi_nhan:
  - van_ban: Zebramat nơi nhận,
    to_chuc: [ban-to-chuc-tinh-uy]
    chu_thich: "1"
ky:
  quyen_han: T/M ZEBRAMATQUYENHAN
  chuc_vu: ZEBRAMATCHUCVU
  ho_ten: Zebramat Họ Tên
chu_thich:
  - ky_hieu: "1"
    noi_dung: Chú thích zebramatchuthich.
"""

SECRET_DIRECTIVE = """\
id: ct-zebramat
loai: Chỉ thị
so_ky_hieu: 77-CT/ZEBRAMAT
co_quan_ban_hanh: ban-bi-thu
nguon_goc: tom-tat
ngay: 1/2/2019
trich_yeu: về zebramatchithi
tom_tat: Tóm tắt zebramattomtat.
do_mat: toi-mat
"""

SECRET_UPDATE = """\
ke_hoach: kh-zebramat
nhiem_vu: [nv-zebramat]
to_chuc: ban-to-chuc-tinh-uy
ngay: 20/5/2019
trang_thai: da-hoan-thanh
noi_dung: Đã làm zebramatcapnhat.
can_cu: {loai: Báo cáo zebramatcancu, so_ky_hieu: 1-BC/ZEBRAMAT, trich_yeu: zebramatcancutrichyeu, lien_ket: "https://noi-bo.example/zebramat.pdf"}
so_lieu:
  - {chi_tieu: dang-vien-duoc-ra-soat, gia_tri: 987654, ky: "2019"}
"""


def _git(project: Path, *args: str) -> None:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vt@example.invalid", "GIT_COMMITTER_NAME": "Văn thư", "GIT_COMMITTER_EMAIL": "vt@example.invalid"}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=environment)


def _with_secrets(project: Path) -> Path:
    records = project / "records"
    (records / "ke-hoach" / "kh-zebramat.yml").write_text(SECRET_PLAN, encoding="utf-8")
    (records / "chi-thi" / "ct-zebramat.yml").write_text(SECRET_DIRECTIVE, encoding="utf-8")
    (records / "nguon" / "zebramat-nguon.md").write_text("KẾ HOẠCH\n\nVăn bản nguồn zebramatnguon.\n", encoding="utf-8")
    (records / "cap-nhat").mkdir(exist_ok=True)
    (records / "cap-nhat" / "2019-05-20-zebramat.yml").write_text(SECRET_UPDATE, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("mat") / "du-an")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nsite_url: https://noi-bo.example/kehoach/\n")  # so that the sitemap lists every page
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Bản ghi công khai")
    _with_secrets(project)
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Thêm kế hoạch Zebramatcommit của Ban Thường vụ")
    source = project / "records" / "nguon" / "zebramat-nguon.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nSửa.\n", encoding="utf-8")
    _git(project, "commit", "-q", "-am", "Sửa văn bản nguồn Zebramatnguoncommit")  # touches only the secret plan's source text
    public = project / "records" / "to-chuc" / "ban-to-chuc-tinh-uy.yml"
    public.write_text(public.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(project, "commit", "-q", "-am", "Cập nhật theo Kế hoạch số 99-KH/ZEBRAMATSO")  # a public file, a subject naming the secret plan
    # Filed first under a name that says what it is, then renamed: the old name must not show either.
    secret_update = project / "records" / "cap-nhat" / "2019-05-20-zebramat.yml"
    (project / "records" / "cap-nhat" / "2019-05-21-zebramat-ban-dau.yml").write_text(secret_update.read_text(encoding="utf-8").replace("20/5/2019", "21/5/2019"), encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Thêm báo cáo")
    _git(project, "mv", "records/cap-nhat/2019-05-21-zebramat-ban-dau.yml", "records/cap-nhat/2019-05-21-bc.yml")
    _git(project, "commit", "-q", "-m", "Đổi tên")
    return project


def _build(project: Path, site: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEHOACH_AS_OF": "2019-06-01", **environment}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)], capture_output=True, text=True, env=env, timeout=600)


def _readable(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _files_with_markers(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file() and (MARKER.search(_readable(p)) or MARKER.search(p.name.encode()))]


@pytest.fixture(scope="module")
def default_site(project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("site-mac-dinh") / "site"
    return site, _build(project, site)


def test_the_default_site_holds_nothing_of_a_secret_document(default_site):
    site, result = default_site
    assert result.returncode == 0, result.stderr
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    assert {".html", ".json", ".xml", ".ics", ".csv"} <= kinds  # every kind of output was made, and searched
    assert (site / "sitemap.xml").is_file() and any((site / "search").rglob("*.json"))
    assert _files_with_markers(site) == []


def test_the_build_log_counts_what_was_left_out_without_saying_what(default_site):
    _, result = default_site
    line = next(line for line in result.stderr.splitlines() if "không công bố trên trang này" in line)
    assert "4 văn bản không công bố trên trang này (1 chỉ thị, 1 kế hoạch, 2 cập nhật)" in line
    assert "không văn bản mật" in line
    assert not MARKER.search(result.stderr.encode()) and not MARKER.search(result.stdout.encode())


def test_the_history_page_leaves_out_commits_that_touched_a_secret_document(default_site):
    site, _ = default_site
    history = (site / "lich-su" / "index.html").read_text(encoding="utf-8")
    assert "Bản ghi công khai" in history  # the history is there, only the secret commit is not


def test_the_offline_zip_holds_nothing_of_a_secret_document(project, tmp_path):
    out = tmp_path / "site.zip"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEHOACH_AS_OF": "2019-06-01"}
    command = [sys.executable, "-m", "kehoach.cli", "bundle", "--out", str(out), "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        assert len(names) > 50
        leaking = [name for name in names if MARKER.search(name.encode()) or MARKER.search(bundle.read(name))]
    assert leaking == []


def test_a_site_allowed_secret_documents_shows_the_plan_with_its_marks(project, tmp_path):
    site = tmp_path / "site"
    result = _build(project, site, KEHOACH_DO_MAT_TOI_DA="tuyet-mat")
    assert result.returncode == 0, result.stderr
    page = (site / "ke-hoach" / "kh-zebramat" / "index.html").read_text(encoding="utf-8")
    assert "zebramattrichyeu" in page
    letterhead = BeautifulSoup(page, "html.parser").select_one(".kh-co-quan")
    lines = [p.get_text(" ", strip=True) for p in letterhead.select("p")]
    assert lines[-3:] == ["Số: 99-KH/ZEBRAMATSO", "MẬT", "Lưu hành zebramatphamvi"]  # under the number, as the document prints it
    assert "zebramatcapnhat" in (site / "nhiem-vu" / "kh-zebramat" / "nv-zebramat" / "index.html").read_text(encoding="utf-8")
    assert "không công bố trên trang này" not in result.stderr
    # The same search finds the markers in every kind of output once they may be published: it would see a leak.
    found = _files_with_markers(site)
    assert {Path(name).suffix for name in found} >= {".html", ".json", ".xml", ".ics", ".csv"}, found
    assert any(name.startswith("search/") for name in found) and {"sitemap.xml", "sitemap.xml.gz"} <= set(found)


# ---------------------------------------------------------------- the rules, on the registry


@pytest.fixture(scope="module")
def loaded(project):
    result = load_records(project / "records", "records", today=dt.date(2020, 1, 1))
    assert result.errors == []
    return result.registry


@pytest.mark.parametrize(
    ("limit", "left_out"),
    [
        (PublishLimit.NONE, ["chi-thi/ct-zebramat.yml", "ke-hoach/kh-zebramat.yml", "cap-nhat/2019-05-20-zebramat.yml", "cap-nhat/2019-05-21-bc.yml"]),
        (PublishLimit.SECRET, ["chi-thi/ct-zebramat.yml"]),
        (PublishLimit.TOP_SECRET, []),
        (PublishLimit.HIGHEST, []),
    ],
)
def test_each_limit_leaves_out_exactly_the_documents_above_it(loaded, limit, left_out):
    published, out = restrict(loaded, limit)
    assert sorted(item.path for item in out) == sorted(f"records/{path}" for path in left_out)
    assert ("kh-zebramat" in published.plans) == (limit.rank >= SecrecyMark.SECRET.rank)
    assert all(u.plan_id in published.plans for u in published.updates)
    assert not any(t.plan_id == "kh-zebramat" for t in published.tasks) or limit is not PublishLimit.NONE


def test_a_published_plan_citing_a_left_out_one_is_a_problem(project, tmp_path):
    copy = tmp_path / "records"
    shutil.copytree(project / "records", copy)
    citing = SECRET_PLAN.replace("do_mat: mat\n", "").replace("kh-zebramat", "kh-trich-dan").replace("van_ban_nguon: nguon/zebramat-nguon.md\n", "")
    citing = citing.replace("mo_dau: Mở đầu zebramatmodau.", "mo_dau: Thực hiện Kế hoạch số 99-KH/ZEBRAMATSO của Ban Thường vụ.").replace("so_ky_hieu: 99-KH/ZEBRAMATSO", "so_ky_hieu: 100-KH/TU")
    (copy / "ke-hoach" / "kh-trich-dan.yml").write_text(citing, encoding="utf-8")
    registry = load_records(copy, "records", today=dt.date(2020, 1, 1)).registry
    published, _ = restrict(registry, PublishLimit.NONE)
    assert [str(p) for p in cited_left_out(published, registry)] == [
        "records/ke-hoach/kh-trich-dan.yml:1:1: bản ghi này nêu số hiệu của records/ke-hoach/kh-zebramat.yml, văn bản không công bố trên trang này"
        " (độ mật cao hơn mức trang được phép) (bỏ câu nêu văn bản đó khỏi bản ghi, hoặc xây dựng trang này với do_mat_toi_da cao hơn)"
    ]


def test_a_plan_implementing_a_left_out_directive_says_it_is_not_published(project, tmp_path):
    from kehoach.content.pages import SiteOptions, build_site_pages

    copy = tmp_path / "records"
    shutil.copytree(project / "records", copy)
    (copy / "ke-hoach" / "kh-zebramat.yml").write_text(SECRET_PLAN.replace("do_mat: mat\n", "").replace("thuc_hien: [ct-28-ct-tw-2019]", "thuc_hien: [ct-zebramat]"), encoding="utf-8")
    for name in ("nguon/zebramat-nguon.md",):
        (copy / name).write_text("KẾ HOẠCH\n\nVăn bản nguồn.\n", encoding="utf-8")
    registry = load_records(copy, "records", today=dt.date(2020, 1, 1)).registry
    published, _ = restrict(registry, PublishLimit.NONE)
    page = next(p for p in build_site_pages(published, None, SiteOptions(as_of=dt.date(2019, 6, 1))) if p.path == "ke-hoach/kh-zebramat.md")
    assert NOT_PUBLISHED in page.content and "77-CT" not in page.content and "zebramatchithi" not in page.content


@pytest.mark.parametrize(("raw", "expected"), [("mat", PublishLimit.SECRET), ("Tối mật", PublishLimit.TOP_SECRET), ("khong", PublishLimit.NONE)])
def test_the_publish_limit_is_read_from_the_configuration(tmp_path, raw, expected):
    settings, problems = resolve_settings(tmp_path, {"do_mat_toi_da": raw}, environ={})
    assert problems == [] and settings is not None and settings.publish_limit is expected


def test_a_wrong_publish_limit_is_one_line_naming_where_it_is_written(tmp_path):
    _, problems = resolve_settings(tmp_path, {"do_mat_toi_da": "bí mật"}, environ={"KEHOACH_DO_MAT_TOI_DA": "3"})
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1:1: extra.do_mat_toi_da: mức độ mật tối đa không hợp lệ: “bí mật” không phải một mức độ mật"
        " (viết một trong: khong (không văn bản mật), mat (đến Mật), toi-mat (đến Tối mật), tuyet-mat (đến Tuyệt mật))",
        "biến môi trường KEHOACH_DO_MAT_TOI_DA:1:1: mức độ mật tối đa không hợp lệ: “3” không phải một mức độ mật"
        " (viết một trong: khong (không văn bản mật), mat (đến Mật), toi-mat (đến Tối mật), tuyet-mat (đến Tuyệt mật))",
    ]

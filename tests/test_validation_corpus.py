"""The corpus of broken and hostile records: each case, the exact problems it gets.

`tests/bad_records/_base/` is a small valid records tree. Each other folder is a case: its
`records/` files are laid over a copy of the base (a file of the same path replaces the base's),
and `expected.txt` lists, one per line, every problem `kehoach.records.loader.load_records` must report,
exactly as people see it (`records/…:LINE:COL: message (hint)`), in the loader's order. Lines
starting with `#` describe the case. An empty list means the case must load cleanly.

To add a case: make the folder, run the test, check that the reported lines are right, paste them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest

from kehoach.domain.problems import Severity
from kehoach.records.loader import load_records

CORPUS = Path(__file__).parent / "bad_records"
BASE = CORPUS / "_base"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
TODAY = dt.date(2020, 1, 1)


def lay_out(case: str, target: Path) -> Path:
    records = target / "records"
    shutil.copytree(BASE, records)
    overlay = CORPUS / case / "records"
    if overlay.exists():
        shutil.copytree(overlay, records, dirs_exist_ok=True)
    return records


def expected_lines(case: str) -> list[str]:
    text = (CORPUS / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_case(case: str, tmp_path: Path):
    return load_records(lay_out(case, tmp_path), "records", today=TODAY)


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_base_is_valid(tmp_path):
    shutil.copytree(BASE, tmp_path / "records")
    result = load_records(tmp_path / "records", "records", today=TODAY)
    assert result.problems == []
    assert len(result.registry.tasks) == 2


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly(case, tmp_path):
    result = load_case(case, tmp_path)
    assert [str(p) for p in result.problems] == expected_lines(case)


@pytest.mark.parametrize("case", CASES)
def test_case_problems_name_file_line_and_column(case, tmp_path):
    """Every problem points into the records folder at a line and column that exist."""
    records = lay_out(case, tmp_path)
    for problem in load_records(records, "records", today=TODAY).problems:
        location = problem.location
        assert location.path.startswith("records/")
        assert location.line >= 1 and location.column >= 1
        path = tmp_path / location.path
        if path.is_file():
            data = path.read_bytes()
            lines = data.splitlines() or [b""]
            assert location.line <= len(lines) + 1, str(problem)


def test_every_case_with_an_error_is_refused(tmp_path):
    """A case that expects an error must never yield a registry that would be built."""
    for case in CASES:
        target = tmp_path / case
        result = load_case(case, target)
        expects_error = any(": cảnh báo: " not in line for line in expected_lines(case))
        assert bool(result.errors) == expects_error, case


def test_the_site_is_never_built_from_a_case_with_an_error(tmp_path):
    """The same problems stop the site: load_site raises with every one of them, pages or not."""
    from kehoach.content.site import load_site
    from kehoach.domain.problems import RecordsInvalid

    for case in CASES:
        expected = expected_lines(case)
        if all(": cảnh báo: " in line for line in expected):
            continue
        lay_out(case, tmp_path / case)
        with pytest.raises(RecordsInvalid) as raised:
            load_site(tmp_path / case, {"records": "records", "as_of": "2019-06-01"}, environ={})
        assert [str(p) for p in raised.value.problems] == expected, case


# ---------------------------------------------------------------- what accepted cases store


def test_bom_is_dropped(tmp_path):
    result = load_case("bom-accepted", tmp_path)
    assert result.registry.organizations["ban-moi"].name == "Ban Mới có BOM"
    assert "ban-moi" in result.registry.organizations  # the BOM did not stick to the first key


def test_nfd_text_is_stored_as_nfc(tmp_path):
    raw = (CORPUS / "nfd-accepted" / "records" / "to-chuc" / "ban-moi.yml").read_text(encoding="utf-8")
    assert raw != unicodedata.normalize("NFC", raw), "the corpus file must really be NFD"
    organization = load_case("nfd-accepted", tmp_path).registry.organizations["ban-moi"]
    assert organization.name == "Ban Tổ chức Tỉnh ủy mới"
    for text in organization.all_names:
        assert unicodedata.is_normalized("NFC", text)
    assert organization.abbreviations == ("BTC Tỉnh ủy mới",)


def test_crlf_is_accepted(tmp_path):
    assert load_case("crlf-accepted", tmp_path).registry.organizations["ban-moi"].name == "Ban Mới"


def test_yaml_and_upper_case_suffixes_are_read(tmp_path):
    """`.yaml` and `.YML` files are records like `.yml`: their problems prove they were read."""
    paths = {p.location.path for p in load_case("yaml-suffix-loaded", tmp_path).problems}
    assert paths == {"records/to-chuc/ban-moi.yaml", "records/to-chuc/ban-khac.YML"}


def test_nested_folder_is_read(tmp_path):
    result = load_case("nested-folder-loaded", tmp_path)
    assert [p.location.path for p in result.problems] == ["records/to-chuc/huyen/ban-moi.yml"]


def test_python_tag_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = load_case("python-tag", tmp_path)
    assert result.errors
    assert not (tmp_path / "kehoach-pwned").exists()


def test_stray_files_are_warnings_not_silence(tmp_path):
    for case in ("hidden-file", "hidden-folder", "readme-in-records", "editor-backup"):
        result = load_case(case, tmp_path / case)
        assert result.problems and all(p.severity is Severity.WARNING for p in result.problems), case


# ---------------------------------------------------------------- identity: ids, update files, anchors


def test_an_id_with_a_line_break_is_no_impostor(tmp_path):
    """`id: "ban-to-chuc\\n"` and `id: |` are refused: the real organization stays the only one."""
    result = load_case("id-trailing-line-break", tmp_path)
    organizations = result.registry.organizations
    assert organizations["ban-to-chuc"].name == "Ban Tổ chức Tỉnh ủy"
    assert all(key == key.strip() for key in organizations)
    assert len(result.errors) == 2


@pytest.mark.parametrize("text", ["ban-to-chuc\n", "ban-to-chuc\r\n", " ban-to-chuc", "ban-to-chuc\t", "\nban-to-chuc"])
def test_ids_with_white_space_around_are_refused(text):
    from kehoach.records.schema import slug_hint, slug_problem

    assert "thừa" in slug_problem(text)
    assert "“ban-to-chuc”" in slug_hint(text)


def test_references_with_a_line_break_resolve_nothing(tmp_path):
    result = load_case("reference-trailing-line-break", tmp_path)
    assert result.registry.organizations["ban-moi"].parent_id is None
    assert "nhom-moi" in result.registry.organizations
    assert "ban-to-chuc\n" not in result.registry.organizations["nhom-moi"].member_ids
    assert result.registry.updates == []


@pytest.mark.parametrize("case", ["update-files-differ-by-case", "update-files-differ-by-folder"])
def test_update_files_with_one_id_keep_one_update(case, tmp_path):
    updates = load_case(case, tmp_path).registry.updates
    assert len(updates) == 1
    assert len({u.id for u in updates}) == len(updates)


def test_update_files_differing_only_by_case(tmp_path):
    """Two names that differ only by case (the corpus cannot hold them: checkouts on case-insensitive
    file systems would keep one) give one update id: an error naming both files."""
    records = lay_out("update-missing-task", tmp_path)
    (records / "cap-nhat" / "2019-05-20-ban-to-chuc.yml").unlink()
    text = "ke_hoach: kh\nnhiem_vu: [xay-dung]\nto_chuc: ban-to-chuc\nngay: 20/5/2019\ntrang_thai: dang-thuc-hien\n"
    (records / "cap-nhat" / "2019-05-20-BAN-TO-CHUC.yml").write_text(text, encoding="utf-8")
    (records / "cap-nhat" / "2019-05-20-ban-to-chuc.yml").write_text(text, encoding="utf-8")
    if len(list((records / "cap-nhat").iterdir())) < 2:
        pytest.skip("the file system does not tell names apart by case")
    result = load_records(records, "records", today=TODAY)
    assert [str(p) for p in result.problems] == [
        "records/cap-nhat/2019-05-20-ban-to-chuc.yml:1:1: tệp cập nhật trùng mã “2019-05-20-ban-to-chuc” với tệp records/cap-nhat/2019-05-20-BAN-TO-CHUC.yml: "
        "tên hai tệp chỉ khác nhau ở chữ hoa, dấu, dấu cách, “_”, đuôi tệp hoặc thư mục (đổi tên một trong hai tệp; mã cập nhật là địa chỉ của nó trên trang và trong bản tin)"
    ]
    assert len(result.registry.updates) == 1


def test_repeated_section_numbers_keep_anchors_unique(tmp_path):
    result = load_case("section-number-repeated", tmp_path)
    assert not result.errors

    def walk(sections):
        for section in sections:
            yield section
            yield from walk(section.children)

    anchors = [s.anchor for s in walk(result.registry.plans["kh-trung-so"].sections)]
    assert anchors == ["muc-1", "muc-1-a", "muc-1-2", "muc-1-2-a", "muc-1-2-a-2", "muc-1-3", "muc-4", "muc-4-2", "muc-1-a-2"]
    # A plan without repeated numbers keeps the anchors it always had.
    assert [s.anchor for s in walk(result.registry.plans["kh"].sections)] == ["muc-1", "muc-2"]


def test_repeated_section_numbers_make_no_duplicate_html_ids(tmp_path):
    import re

    from kehoach.content.site import load_site

    lay_out("section-number-repeated", tmp_path)
    site = load_site(tmp_path, {"records": "records", "as_of": "2019-06-01"}, environ={})
    page = next(p for p in site.pages if p.path.endswith("kh-trung-so.md"))
    ids = re.findall(r'\bid="([^"]+)"', page.content)
    assert "muc-1-2-a-2" in ids
    assert len(ids) == len(set(ids))

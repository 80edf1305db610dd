"""Where a document's text comes from (issue 14, point 2): every plan and directive says it; the
plan page states it at the top, and only a full text is typeset in the official layout and called
“nguyên văn”; heading lines are kept as the document writes them; an unknown signer stays unknown."""

from __future__ import annotations

import pytest

from conftest import build_site, copy_project

PLAN = "ke-hoach/kh-ct28-tinh-uy-hung-yen/"
RECORD = "records/ke-hoach/kh-ct28-tinh-uy-hung-yen.yml"


def _site(tmp_path_factory, name: str, edit) -> object:
    project = copy_project(tmp_path_factory.mktemp(name) / "du-an")
    record = project / RECORD
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    return build_site(tmp_path_factory.mktemp(name + "-site"), project)


@pytest.fixture(scope="module")
def reconstructed(tmp_path_factory):
    return _site(tmp_path_factory, "dung-lai", lambda text: text.replace("nguon_goc: toan-van", "nguon_goc: dung-lai"))


@pytest.fixture(scope="module")
def with_heading_and_no_signer_name(tmp_path_factory):
    def edit(text: str) -> str:
        text = text.replace("nguon_goc: toan-van", "nguon_goc: toan-van\ntieu_de_co_quan: [ĐẢNG BỘ TỈNH HƯNG YÊN, BAN THƯỜNG VỤ TỈNH ỦY]")
        return text.replace("  ho_ten: Đỗ Xuân Tuyên\n", "")
    return _site(tmp_path_factory, "tieu-de", edit)


def test_the_bundled_plan_is_a_full_text_in_the_official_layout_and_says_so(real_site):
    page = real_site.html(PLAN)
    note = page.select_one(".kh-nguon-goc")
    assert note.select_one(".admonition-title").get_text() == "Nguồn văn bản: toàn văn"
    assert "không có phần đầu văn bản" in note.get_text()
    assert page.select_one(".kh-vanban .kh-quoc-hieu").get_text(strip=True).startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    # The source has no heading lines: the page builds them from the registry, and says so.
    assert [p.get_text() for p in page.select(".kh-co-quan p")][:2] == ["TỈNH ỦY HƯNG YÊN", "BAN THƯỜNG VỤ TỈNH ỦY"]
    assert "không chép từ văn bản" in page.get_text()
    assert "Trang này đăng các kế hoạch của cấp ủy ( nguyên văn )" in real_site.text("")


def test_the_directive_says_it_is_a_summary(real_site):
    rows = {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in real_site.html("chi-thi/ct-28-ct-tw-2019/").select("table tr") if tr.th and tr.td}
    assert rows["Nguồn văn bản"].startswith("tóm tắt")


def test_a_reconstructed_text_is_never_typeset_as_the_document(reconstructed):
    page = reconstructed.html(PLAN)
    warning = page.select_one(".kh-nguon-goc.warning")
    assert warning is not None and "không phải toàn văn đã ban hành" in warning.get_text()
    assert page.select(".kh-vanban") == [] and page.select(".kh-tieu-de-vb") == []
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in page.get_text()
    assert "nguyên văn" not in reconstructed.text(PLAN)
    assert "nguyên văn những kế hoạch có bản toàn văn" in reconstructed.text("")
    assert "Bản dựng lại" in reconstructed.text(PLAN + "van-ban-nguon/")


def test_heading_lines_are_kept_as_written_and_an_unknown_signer_stays_unknown(with_heading_and_no_signer_name):
    page = with_heading_and_no_signer_name.html(PLAN)
    lines = [p.get_text() for p in page.select(".kh-co-quan p")]
    assert lines[:3] == ["ĐẢNG BỘ TỈNH HƯNG YÊN", "BAN THƯỜNG VỤ TỈNH ỦY", "*"]
    assert page.select_one(".kh-co-quan p strong").get_text() == "BAN THƯỜNG VỤ TỈNH ỦY"  # the issuer's line, bold
    assert "không chép từ văn bản" not in page.get_text()
    signer = page.select_one(".kh-ky").get_text(" ", strip=True)
    assert "(chưa rõ họ tên)" in signer and "Đỗ Xuân Tuyên" not in page.get_text()
    unknown = next(box for box in page.select(".kh-bien-tap.admonition") if box.select_one(".admonition-title").get_text() == "Thông tin chưa rõ")
    assert "họ tên người ký" in unknown.get_text()

"""Shared by the hostile-text tests: the real records with hostile text injected, built for real.

(A module of helpers, named so that it belongs with the tests that use it; it holds no tests.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Each payload is tagged with the field it is put in, so a test can tell where text came from.
# Every one is something a careless paste or a hostile editor could put in a record.
SCRIPT = "<script>alert('{tag}')</script>"
IMG = "<img src=x onerror=alert('{tag}')>"
SVG = "<svg onload=alert('{tag}')></svg>"
MD_LINK = "[bấm vào đây](javascript:alert('{tag}'))"
HTML_LINK = '<a href="javascript:alert(\'{tag}\')">liên kết</a>'
MD_IMAGE = "![ảnh](http://tracker.invalid/{tag}.png)"
IFRAME = '<iframe src="http://tracker.invalid/{tag}"></iframe>'
ATTR_LIST = '{{: onclick="alert(\'{tag}\')" }}'
JINJA_EXPR = "{{{{ 7*7 }}}}"
JINJA_BLOCK = "{{% if true %}}KHỐI-{tag}{{% endif %}}"
QUOTE_BREAK = '" onmouseover="alert(\'{tag}\')" x="'
AUTOLINK = "<javascript:alert('{tag}')>"

PAYLOADS = (SCRIPT, IMG, SVG, MD_LINK, HTML_LINK, MD_IMAGE, IFRAME, JINJA_EXPR, JINJA_BLOCK, QUOTE_BREAK, AUTOLINK)


def hostile(tag: str, payloads=PAYLOADS) -> str:
    """One line of text holding every payload, each marked with `tag`."""
    return " ".join(p.format(tag=tag) for p in payloads)


def hostile_paragraph(tag: str) -> str:
    """A multi-line paragraph: payloads after blank lines and at line starts reach Markdown's block level."""
    lines = [p.format(tag=tag) for p in PAYLOADS]
    return (
        f"Đoạn văn {tag} " + lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n\n" + ATTR_LIST.format(tag=tag)
        + "\n\n    mã thụt lề " + tag + "\n\n# Tiêu đề giả " + tag + "\n\n- mục giả " + tag
    )


PLAN_FILE = "ke-hoach/kh-ct28-tinh-uy-hung-yen.yml"
ORG_FILE = "to-chuc/ban-to-chuc-tinh-uy.yml"
GROUP_FILE = "nhom/cac-ban-dang-tinh.yml"
DIRECTIVE_FILE = "chi-thi/ct-28-ct-tw-2019.yml"
ORG_ID = "ban-to-chuc-tinh-uy"
FIGURE_FILE = "chi-tieu/dang-vien-duoc-ra-soat.yml"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _sections(sections):
    for section in sections or ():
        yield section
        yield from _sections(section.get("muc"))


def inject(records: Path) -> dict[str, str]:
    """Put hostile text into many fields of a copy of the real records; return {tag: field}."""
    where: dict[str, str] = {}

    org = _load(records / ORG_FILE)
    org["ten"] = org["ten"] + " " + hostile("org-name")
    org["viet_tat"] = [hostile("org-abbr"), *org.get("viet_tat", [])]
    org["ten_khac"] = [hostile("org-alias")]
    org["ghi_chu"] = hostile_paragraph("org-note")
    _dump(records / ORG_FILE, org)
    where.update({"org-name": "tổ chức: ten", "org-abbr": "tổ chức: viet_tat", "org-alias": "tổ chức: ten_khac", "org-note": "tổ chức: ghi_chu"})

    group = _load(records / GROUP_FILE)
    group["ten"] = group["ten"] + " " + hostile("group-name")
    _dump(records / GROUP_FILE, group)
    where["group-name"] = "nhóm: ten"

    directive = _load(records / DIRECTIVE_FILE)
    directive["tom_tat"] = hostile_paragraph("directive-summary")
    directive["trich_yeu"] = directive["trich_yeu"] + " " + hostile("directive-title")
    directive["nguon"] = hostile("directive-source")
    directive["loai"] = hostile("directive-type")
    directive["so_ky_hieu"] = hostile("directive-number")
    directive["toan_van"] = hostile_paragraph("directive-full-text")
    _dump(records / DIRECTIVE_FILE, directive)
    where.update(
        {
            "directive-summary": "chỉ thị: tom_tat",
            "directive-title": "chỉ thị: trich_yeu",
            "directive-source": "chỉ thị: nguon",
            "directive-type": "chỉ thị: loai",
            "directive-number": "chỉ thị: so_ky_hieu",
            "directive-full-text": "chỉ thị: toan_van",
        }
    )

    plan = _load(records / PLAN_FILE)
    plan["trich_yeu"] = plan["trich_yeu"] + " " + hostile("plan-title")
    plan["mo_dau"] = hostile_paragraph("plan-preamble")
    plan["ghi_chu"] = hostile_paragraph("plan-note")
    plan["so_ky_hieu"] = hostile("plan-number")
    plan["dia_danh"] = hostile("plan-place")
    plan["loai"] = "KẾ HOẠCH " + hostile("plan-type")
    plan["the_thuc"] = hostile("plan-standard")
    sections = list(_sections(plan["noi_dung"]))
    headed = next(s for s in sections if s.get("tieu_de"))
    headed["tieu_de"] = headed["tieu_de"] + " " + hostile("section-heading")
    headed["ghi_chu_bien_tap"] = hostile("section-editorial")
    with_task = next(s for s in sections if s.get("nhiem_vu") and s.get("van_ban"))
    excerpt = hostile("task-excerpt")
    with_task["van_ban"] = hostile_paragraph("plan-paragraph") + "\n\n" + excerpt
    with_task["so"] = hostile("section-label")
    task = with_task["nhiem_vu"][0]
    task["van_ban"] = excerpt
    task["ghi_chu"] = hostile_paragraph("task-note")
    task["thoi_han"] = {"loai": "khong", "nguyen_van": hostile("deadline-written")}
    plan["noi_nhan"][0]["van_ban"] = hostile("recipient")
    plan["ky"] = {"quyen_han": hostile("signer-authority"), "chuc_vu": "PHÓ BÍ THƯ", "ho_ten": hostile("signer-name")}
    # A footnote mark becomes part of an HTML id: only short marks are accepted (tests/bad_records/footnote-marks-wrong).
    plan.setdefault("chu_thich", []).append({"ky_hieu": "9", "noi_dung": hostile_paragraph("footnote")})
    _dump(records / PLAN_FILE, plan)

    figure = _load(records / FIGURE_FILE)
    figure["ten"] = figure["ten"] + " " + hostile("figure-name")
    figure["don_vi"] = hostile("figure-unit")
    figure["y_nghia"] = hostile_paragraph("figure-meaning")
    _dump(records / FIGURE_FILE, figure)
    where.update({"figure-name": "chỉ tiêu: ten", "figure-unit": "chỉ tiêu: don_vi", "figure-meaning": "chỉ tiêu: y_nghia"})

    led = next(t for s in _sections(plan["noi_dung"]) for t in s.get("nhiem_vu", ()) if ORG_ID in t.get("chu_tri", ()))
    update = {
        "ke_hoach": plan["id"],
        "nhiem_vu": [led["id"]],
        "to_chuc": ORG_ID,
        "ngay": "20/5/2019",
        "trang_thai": "dieu-chinh",
        "han_moi": "30/6/2019",
        "ly_do": hostile_paragraph("update-reason"),
        "noi_dung": hostile_paragraph("update-body"),
        "can_cu": {
            "loai": hostile("evidence-type"),
            "so_ky_hieu": hostile("evidence-number"),
            "trich_yeu": hostile("evidence-title"),
            # Links are web addresses or site files (tests/bad_records/evidence-link-javascript): hostile within that.
            "lien_ket": "tep/\"><svg/onload=alert('evidence-link')>",
        },
        "so_lieu": [{"chi_tieu": figure["id"], "gia_tri": 5, "ky": "2019"}],
    }
    (records / "cap-nhat").mkdir(exist_ok=True)
    _dump(records / "cap-nhat" / "2019-05-20-ban-to-chuc-hostile.yml", update)
    where.update(
        {
            "update-reason": "cập nhật: ly_do",
            "update-body": "cập nhật: noi_dung",
            "evidence-type": "căn cứ: loai",
            "evidence-title": "căn cứ: trich_yeu",
            "evidence-number": "căn cứ: so_ky_hieu",
        }
    )
    where.update(
        {
            "plan-title": "kế hoạch: trich_yeu",
            "plan-preamble": "kế hoạch: mo_dau",
            "plan-note": "kế hoạch: ghi_chu",
            "plan-number": "kế hoạch: so_ky_hieu",
            "plan-place": "kế hoạch: dia_danh",
            "plan-type": "kế hoạch: loai",
            "plan-standard": "kế hoạch: the_thuc",
            "section-label": "mục: so",
            "section-heading": "mục: tieu_de",
            "section-editorial": "mục: ghi_chu_bien_tap",
            "plan-paragraph": "mục: van_ban",
            "task-excerpt": "nhiệm vụ: van_ban",
            "task-note": "nhiệm vụ: ghi_chu",
            "deadline-written": "thời hạn: nguyen_van",
            "recipient": "nơi nhận: van_ban",
            "signer-authority": "khối chữ ký: quyen_han",
            "signer-name": "khối chữ ký: ho_ten",
            "footnote": "chú thích: noi_dung",
        }
    )
    return where


def hostile_project(destination: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project's site inputs whose records carry hostile text everywhere."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "docs", "records"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    where = inject(destination / "records")
    return destination, where


def build(project: Path, site_dir: Path) -> Path:
    """`mkdocs build` in-process with the project's own configuration and hooks."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
    mkdocs_build(config)
    return site_dir


def pages_with(site_dir: Path, marker: str) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if marker in p.read_text(encoding="utf-8"))

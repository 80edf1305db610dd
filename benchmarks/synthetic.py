"""A deterministic, seeded synthetic records tree in the real schema, for measuring scale.

    python benchmarks/synthetic.py --size province --out /tmp/corpus [--seed 1] [--force]

writes `to-chuc/`, `nhom/`, `chi-thi/`, `ke-hoach/`, `chi-tieu/` and `cap-nhat/<year>/` exactly
as a records folder holds them (one record per file, one update per file), and the tree loads
with no problem at all through `kehoach.records.loader.load_records`. Same size and seed → the same bytes.

Sizes (organizations count `to-chuc/` records; groups in `nhom/` come on top):

| size      | plans | organizations | tasks  | updates |
| --------- | ----- | ------------- | ------ | ------- |
| small     | 10    | 60            | 250    | 1,000   |
| province  | 200   | 300           | 5,000  | 20,000  |
| national  | 2,000 | 3,000         | 50,000 | 200,000 |

`--plans/--organizations/--tasks/--updates` override a size's counts. Every record says in a
comment that it is synthetic; the text is built from the vocabulary of the real plan
(Kế hoạch triển khai Chỉ thị 28-CT/TW) so that page and search-index sizes are realistic.

Every update is dated between its plan's start (the plan's date, or its directive's when the plan
has none) and HORIZON, a fixed date in the past, so the output never depends on the day it is
made. Plain Python: nothing here imports MkDocs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kehoach.domain.model import first_words
from kehoach.domain.textfold import fold, fold_key
from kehoach.domain.vocabulary import DeadlineKind, LeadRole, Level, OrganizationKind, RecipientPurpose, SourceKind, UpdateState

HORIZON = dt.date(2025, 6, 30)  # the last date any generated update or document carries
KIND_FOLDERS = ("to-chuc", "nhom", "chi-thi", "ke-hoach", "chi-tieu", "cap-nhat")


@dataclass(frozen=True)
class Size:
    plans: int
    organizations: int
    tasks: int
    updates: int


SIZES = {
    "small": Size(plans=10, organizations=60, tasks=250, updates=1_000),
    "province": Size(plans=200, organizations=300, tasks=5_000, updates=20_000),
    "national": Size(plans=2_000, organizations=3_000, tasks=50_000, updates=200_000),
}

# How often each kind of deadline is drawn, in DeadlineKind's order.
_DEADLINE_WEIGHTS = {
    DeadlineKind.DATE: 14, DeadlineKind.MONTH: 14, DeadlineKind.QUARTER: 10, DeadlineKind.YEAR: 14,
    DeadlineKind.EVERY_YEAR: 16, DeadlineKind.RECURRING: 6, DeadlineKind.RANGE: 4, DeadlineKind.BEFORE_EVENT: 3,
    DeadlineKind.ONGOING: 12, DeadlineKind.AFTER: 10, DeadlineKind.UNSTATED: 10,
}
_RECURRING_WORDS = {1: "hằng tháng", 3: "hằng quý", 6: "định kỳ 6 tháng"}
_ROMAN = ("I", "II", "III", "IV")

# ---------------------------------------------------------------- vocabulary (from the real plan)

PROVINCES = (
    "Hưng Yên", "Hải Dương", "Thái Bình", "Nam Định", "Hà Nam", "Ninh Bình", "Bắc Ninh", "Vĩnh Phúc",
    "Phú Thọ", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Gia Lai", "Kon Tum", "Bắc Giang",
    "Lạng Sơn", "Cao Bằng", "Hà Giang", "Tuyên Quang", "Thái Nguyên", "Yên Bái", "Lào Cai", "Sơn La",
    "Điện Biên", "Lai Châu", "Hòa Bình", "Quảng Ninh", "Hải Phòng", "Long An", "Tiền Giang", "Bến Tre",
    "Vĩnh Long", "Trà Vinh", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang", "Sóc Trăng", "Bạc Liêu",
    "Cà Mau", "Tây Ninh", "Bình Phước", "Bình Dương", "Đồng Nai", "Bình Thuận", "Ninh Thuận",
)
_PLACE_SYLLABLES = (
    "An", "Bình", "Phú", "Mỹ", "Tân", "Hòa", "Đông", "Tây", "Nam", "Bắc", "Thanh", "Văn", "Kim", "Tiên",
    "Yên", "Khoái", "Châu", "Lâm", "Hào", "Động", "Lữ", "Ân", "Thi", "Giang", "Cừ", "Hưng", "Long",
    "Thịnh", "Quang", "Minh", "Đức", "Hải", "Sơn", "Trung", "Nghĩa", "Lạc", "Thuận", "Vĩnh", "Xuân",
    "Hiệp", "Lợi", "Phúc", "Thắng", "Lộc", "Tiến", "Hồng", "Dương", "Hạ", "Thượng", "Cường",
)
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý")
_MIDDLE = ("Văn", "Thị", "Xuân", "Minh", "Đức", "Quang", "Thanh", "Hữu", "Ngọc", "Thu")
_GIVEN = ("Tuyên", "Hùng", "Lan", "Hương", "Dũng", "Nam", "Sơn", "Hà", "Thắng", "Phúc", "Hòa", "Trung", "Mai")

TOPICS = (
    "về nâng cao chất lượng kết nạp đảng viên và rà soát, sàng lọc, đưa những đảng viên không còn đủ tư cách ra khỏi Đảng",
    "về tăng cường công tác kiểm tra, giám sát việc thực hiện nhiệm vụ của tổ chức đảng và đảng viên",
    "về đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
    "về tăng cường công tác bảo vệ nền tảng tư tưởng của Đảng",
    "về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
    "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "về nâng cao chất lượng công tác bồi dưỡng lý luận chính trị cho đảng viên",
    "về tăng cường công tác phát triển đảng viên trong doanh nghiệp ngoài khu vực nhà nước",
    "về tăng cường công tác quản lý đảng viên sinh hoạt nơi cư trú",
    "về nâng cao chất lượng công tác thông tin, tuyên truyền trong cán bộ, đảng viên và nhân dân",
    "về tăng cường công tác tiếp công dân và giải quyết khiếu nại, tố cáo",
    "về đẩy mạnh công tác phòng, chống tham nhũng, tiêu cực",
)
_GOALS = (
    (
        "Quán triệt, tuyên truyền sâu rộng trong cán bộ, đảng viên và các tầng lớp nhân dân về các nội dung cốt lõi của {doc} nhằm nâng cao nhận thức, "
        "trách nhiệm của các cấp ủy, tổ chức đảng, cán bộ, đảng viên, trước hết là trách nhiệm của người đứng đầu cấp ủy."
    ),
    "Tạo sự thống nhất cao trong cán bộ, đảng viên về nội dung, ý nghĩa và tầm quan trọng của {doc}; từ đó, đưa việc thực hiện {doc} trở thành công việc thường xuyên của các cấp ủy, tổ chức đảng.",
    "Xây dựng Đảng trong sạch, vững mạnh; nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên.",
)
_REQUIREMENTS = (
    (
        "Việc tổ chức quán triệt và triển khai thực hiện {doc} phải nghiêm túc, hiệu quả, thiết thực; việc tuyên truyền cần đổi mới "
        "bằng nhiều hình thức phong phú, sinh động trong cán bộ, đảng viên và nhân dân để thực hiện."
    ),
    "Thực hiện nghiêm túc chỉ đạo, hướng dẫn của cấp ủy cấp trên; đồng thời, phát huy tinh thần chủ động, sáng tạo, linh hoạt của các cấp ủy, tổ chức đảng trong tổ chức triển khai thực hiện {doc}.",
    (
        "Tăng cường đôn đốc, kiểm tra, giám sát việc quán triệt, tuyên truyền, tổ chức thực hiện; phát hiện, biểu dương, nhân rộng các điển hình "
        "tiên tiến, kịp thời khắc phục, ngăn ngừa việc làm hình thức trong tổ chức triển khai thực hiện {doc}."
    ),
)
# (slug for the task id, clause) — a clause is what the plan asks; {doc}/{scope} are filled in.
_CLAUSES = (
    ("xay-dung-ke-hoach", "xây dựng kế hoạch tổ chức thực hiện {doc} sát với tình hình thực tế của địa phương, đơn vị, tránh hình thức, chiếu lệ"),
    ("quan-triet", "tổ chức quán triệt các nội dung của {doc} và Kế hoạch này đến chi bộ bảo đảm thiết thực, hiệu quả"),
    ("tuyen-truyen", "tổ chức tốt công tác tuyên truyền nội dung {doc} tới cán bộ, đảng viên và nhân dân {scope}"),
    ("ra-soat", "thực hiện một đợt rà soát đội ngũ đảng viên ở một số đơn vị cụ thể {scope}"),
    ("tong-dieu-tra", "tham mưu hướng dẫn tiến hành tổng điều tra tình hình đội ngũ đảng viên {scope}"),
    ("kiem-tra-giam-sat", "tổ chức kiểm tra, giám sát việc chỉ đạo, tổ chức thực hiện {doc} của các cấp ủy trực thuộc"),
    ("so-ket-tong-ket", "tham mưu việc sơ kết, tổng kết việc thực hiện {doc} theo kế hoạch của cấp trên"),
    ("khen-thuong", "biểu dương, khen thưởng các tập thể và cá nhân có thành tích xuất sắc trong thực hiện {doc}"),
    ("gioi-thieu-quan-chung", "tích cực phát hiện, giới thiệu quần chúng ưu tú cho tổ chức đảng {scope}"),
    ("giam-sat-dang-vien", "giám sát đảng viên, phát hiện cho tổ chức đảng những đảng viên suy thoái về đạo đức, lối sống"),
    ("cu-the-hoa", "từng bước cụ thể hóa các nội dung của {doc} cho phù hợp với thực tế {scope}"),
    ("dua-vao-chuong-trinh", "đưa nội dung kiểm tra, giám sát thực hiện {doc} vào chương trình kiểm tra, giám sát của cấp mình"),
    ("bao-cao", "tổng hợp, báo cáo kết quả thực hiện {doc} về cấp ủy cấp trên theo quy định"),
    ("sinh-hoat-chi-bo", "nâng cao chất lượng sinh hoạt chi bộ, bảo đảm tính lãnh đạo, tính giáo dục, tính chiến đấu"),
    ("boi-duong", "tổ chức bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú {scope}"),
    ("don-doc", "đôn đốc, kiểm tra việc thực hiện {doc} và Kế hoạch này, định kỳ báo cáo cấp ủy"),
    ("tham-muu-giai-phap", "tham mưu các giải pháp để nâng cao nhận thức, tầm quan trọng của nhiệm vụ xây dựng đội ngũ đảng viên"),
    ("huong-dan", "hướng dẫn các cơ quan thông tin đại chúng tuyên truyền nội dung {doc}"),
)
_SCOPES = (
    "trong toàn Đảng bộ {place}", "trên địa bàn {place}", "ở các tổ chức cơ sở đảng", "trong các chi bộ trực thuộc",
    "ở các đảng bộ xã, phường, thị trấn", "trong các doanh nghiệp ngoài khu vực nhà nước",
)
_REASONS = (
    "Theo chỉ đạo của Thường trực cấp ủy",
    "Nhiệm vụ được lồng ghép vào kế hoạch công tác năm của cấp ủy",
    "Do điều chỉnh chương trình công tác để tập trung cho nhiệm vụ trọng tâm",
    "Cấp trên ban hành hướng dẫn mới thay thế",
)
_EVIDENCE_KINDS = (("Báo cáo", "BC"), ("Công văn", "CV"), ("Kế hoạch", "KH"), ("Hướng dẫn", "HD"), ("Thông báo", "TB"))

FIGURES = (
    ("dang-vien-ket-nap", "Đảng viên được kết nạp", "người", "Số quần chúng được kết nạp vào Đảng trong kỳ."),
    ("dang-vien-duoc-ra-soat", "Đảng viên được rà soát", "người", "Số đảng viên đã được rà soát, sàng lọc trong kỳ."),
    ("dang-vien-xoa-ten", "Đảng viên bị xóa tên", "người", "Số đảng viên bị xóa tên khỏi danh sách đảng viên trong kỳ."),
    ("dang-vien-khai-tru", "Đảng viên bị khai trừ", "người", "Số đảng viên bị kỷ luật khai trừ ra khỏi Đảng trong kỳ."),
    ("dang-vien-cho-ra-khoi-dang", "Đảng viên được cho ra khỏi Đảng", "người", "Số đảng viên được cho ra khỏi Đảng trong kỳ."),
    ("chi-bo-duoc-kiem-tra", "Chi bộ được kiểm tra", "chi bộ", "Số chi bộ được kiểm tra, giám sát trong kỳ."),
    ("quan-chung-duoc-boi-duong", "Quần chúng ưu tú được bồi dưỡng", "người", "Số quần chúng ưu tú được bồi dưỡng nhận thức về Đảng trong kỳ."),
    ("hoi-nghi-quan-triet", "Hội nghị quán triệt", "hội nghị", "Số hội nghị quán triệt, triển khai được tổ chức trong kỳ."),
    ("tin-bai-tuyen-truyen", "Tin, bài tuyên truyền", "tin, bài", "Số tin, bài tuyên truyền được đăng, phát trong kỳ."),
    ("tap-the-duoc-khen-thuong", "Tập thể được khen thưởng", "tập thể", "Số tập thể được biểu dương, khen thưởng trong kỳ."),
    ("ca-nhan-duoc-khen-thuong", "Cá nhân được khen thưởng", "người", "Số cá nhân được biểu dương, khen thưởng trong kỳ."),
    ("to-chuc-dang-duoc-giam-sat", "Tổ chức đảng được giám sát", "tổ chức", "Số tổ chức đảng được giám sát chuyên đề trong kỳ."),
)

# ---------------------------------------------------------------- YAML writing

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()  # how a YAML loader types a plain scalar (the safe loader's resolver)
_PLAIN_START = re.compile(r"[0-9A-Za-zÀ-ỹ]")


def _scalar(text: str) -> str:
    """A one-line YAML scalar: plain when YAML would read it back as the same text, else quoted."""
    plain = (
        _PLAIN_START.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and "\n" not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _folded(text: str, indent: int, width: int = 96) -> str:
    """A `>-` block for a paragraph, wrapped like the real records (text has no line breaks)."""
    pad = " " * indent
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width - indent:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "\n".join(pad + line for line in lines)


def _flow(ids) -> str:
    return "[" + ", ".join(ids) + "]"


def _texts(values) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_key(text)).strip("-")


# ---------------------------------------------------------------- the corpus model


@dataclass
class Org:
    id: str
    name: str
    kind: OrganizationKind
    level: Level
    parent: str | None = None
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str | None = None
    is_group: bool = False
    members: list[str] = field(default_factory=list)
    complete: bool = False


@dataclass
class Province:
    name: str
    slug: str
    core: dict[str, str] = field(default_factory=dict)  # role → org id
    districts: list[dict] = field(default_factory=list)  # {"name", "slug", roles…, "communes": [...], "group"}
    groups: dict[str, str] = field(default_factory=dict)  # role → group id
    plans: int = 0


@dataclass
class GenTask:
    id: str
    leads: list[str]
    role: LeadRole
    coordinators: list[str]
    report_to: list[str]
    kind: DeadlineKind
    deadline: dict
    piece: str  # the task's own words in the paragraph
    reach: list[str] = field(default_factory=list)  # organizations that may report it
    due: dt.date | None = None


@dataclass
class GenPlan:
    id: str
    province: Province
    district: dict | None
    start: dt.date
    tasks: list[GenTask] = field(default_factory=list)
    dated: bool = True  # the record has its own date; else `start` is its directive's

    def first_year(self) -> int:
        """The year a yearly task without `tu_nam` starts, as the loader tells it (kehoach.domain.status.
        first_year): the plan's year, else the earliest year a task of the plan is due (which may
        follow the directive's, the undated plan's `start`), else the directive's year."""
        dues = [t.due for t in self.tasks if t.due] if not self.dated else []
        return min(dues).year if dues else self.start.year


class Generator:
    def __init__(self, size: Size, seed: int = 1):
        self.size = size
        self.seed = seed
        self.rng = random.Random(f"kehoach-synthetic/{seed}")
        self.orgs: dict[str, Org] = {}
        self.provinces: list[Province] = []
        self.directives: list[dict] = []
        self.figures = FIGURES[: max(5, min(len(FIGURES), 4 + size.plans // 100))]
        self.plans: list[GenPlan] = []
        self.header = f"# Dữ liệu tổng hợp (kehoach.synthetic, seed {seed}) — không phải văn bản thật.\n"

    # ------------------------------------------------------------ organizations

    def _unique(self, slug: str) -> str:
        slug = slug[:72].strip("-")
        candidate, n = slug, 2
        while candidate in self.orgs or candidate in ("index",):
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def _org(self, name: str, kind: OrganizationKind, level: Level, parent: str | None = None, abbreviations=(), aliases=(), slug: str | None = None, note: str | None = None) -> str:
        org_id = self._unique(slug or _slug(name))
        self.orgs[org_id] = Org(org_id, name, kind, level, parent, tuple(abbreviations), tuple(aliases), note)
        return org_id

    def _group(self, name: str, kind: OrganizationKind, level: Level, members: list[str], complete: bool, slug: str | None = None, abbreviations=(), note: str | None = None) -> str:
        group_id = self._unique(slug or _slug(name))
        self.orgs[group_id] = Org(group_id, name, kind, level, None, tuple(abbreviations), (), note, True, list(members), complete)
        return group_id

    def _place_name(self, used: set[str]) -> str:
        while True:
            name = f"{self.rng.choice(_PLACE_SYLLABLES)} {self.rng.choice(_PLACE_SYLLABLES)}"
            first, second = name.split()
            if first != second and name not in used:
                used.add(name)
                return name

    def _organizations(self) -> None:
        total = self.size.organizations
        central = {
            "tw": self._org("Trung ương Đảng", OrganizationKind.CENTRAL, Level.CENTRAL, aliases=["Ban Chấp hành Trung ương Đảng"]),
        }
        central["bbt"] = self._org("Ban Bí thư Trung ương Đảng", OrganizationKind.CENTRAL, Level.CENTRAL, central["tw"], aliases=["Ban Bí thư"])
        central["bct"] = self._org("Bộ Chính trị", OrganizationKind.CENTRAL, Level.CENTRAL, central["tw"])
        self.central = central
        count = max(1, round(total / 300))
        budgets = [total // count] * count
        budgets[0] += total - sum(budgets) - len(central)
        for index in range(count):
            name = PROVINCES[index % len(PROVINCES)] + ("" if index < len(PROVINCES) else f" {index // len(PROVINCES) + 1}")
            self._province(name, budgets[index])

    def _province(self, name: str, budget: int) -> None:
        p = Province(name, _slug(name))
        before = sum(1 for o in self.orgs.values() if not o.is_group)
        c = p.core
        c["tu"] = self._org(f"Tỉnh ủy {name}", OrganizationKind.PARTY_COMMITTEE, Level.PROVINCE, aliases=["Tỉnh ủy"], abbreviations=["TU"])
        c["btv"] = self._org(f"Ban Thường vụ Tỉnh ủy {name}", OrganizationKind.PARTY_COMMITTEE, Level.PROVINCE, c["tu"], abbreviations=["BTV Tỉnh ủy", "BTVTU"])
        c["tt"] = self._org(f"Thường trực Tỉnh ủy {name}", OrganizationKind.PARTY_COMMITTEE, Level.PROVINCE, c["tu"], abbreviations=["TTTU"])
        core = [
            ("btc", "Ban Tổ chức Tỉnh ủy", OrganizationKind.PARTY_BOARD, ["BTC Tỉnh ủy", "BTCTU"]),
            ("btg", "Ban Tuyên giáo Tỉnh ủy", OrganizationKind.PARTY_BOARD, ["BTG Tỉnh ủy", "BTGTU"]),
            ("bdv", "Ban Dân vận Tỉnh ủy", OrganizationKind.PARTY_BOARD, ["BDV Tỉnh ủy"]),
            ("bnc", "Ban Nội chính Tỉnh ủy", OrganizationKind.PARTY_BOARD, ["BNC Tỉnh ủy"]),
            ("ubkt", "Ủy ban Kiểm tra Tỉnh ủy", OrganizationKind.INSPECTION, ["UBKT Tỉnh ủy", "UBKTTU"]),
            ("vp", "Văn phòng Tỉnh ủy", OrganizationKind.OFFICE, ["VPTU"]),
            ("ldvp", "Lãnh đạo Văn phòng Tỉnh ủy", OrganizationKind.OFFICE, ["LĐVP"]),
            ("mttq", "Mặt trận Tổ quốc Việt Nam tỉnh", OrganizationKind.FRONT_AND_UNIONS, ["MTTQ tỉnh"]),
            ("doan", "Tỉnh đoàn", OrganizationKind.FRONT_AND_UNIONS, []),
            ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", OrganizationKind.FRONT_AND_UNIONS, ["Hội LHPN tỉnh"]),
            ("hnd", "Hội Nông dân tỉnh", OrganizationKind.FRONT_AND_UNIONS, []),
            ("hccb", "Hội Cựu chiến binh tỉnh", OrganizationKind.FRONT_AND_UNIONS, []),
            ("ldld", "Liên đoàn Lao động tỉnh", OrganizationKind.FRONT_AND_UNIONS, ["LĐLĐ tỉnh"]),
            ("bao", f"Báo {name}", OrganizationKind.PRESS, []),
            ("dai", "Đài Phát thanh và Truyền hình tỉnh", OrganizationKind.PRESS, ["Đài PT-TH tỉnh"]),
            ("cvth", "Chuyên viên tổng hợp", OrganizationKind.PERSON, ["CVTH"]),
        ]
        for role, title, kind, abbreviations in core:
            full = title if title.startswith("Báo ") else f"{title} {name}" if role not in ("cvth",) else title
            parent = c["vp"] if role in ("ldvp", "cvth") else (c["tu"] if kind in (OrganizationKind.PARTY_BOARD, OrganizationKind.INSPECTION, OrganizationKind.OFFICE) else None)
            note = "Tên chức danh suy đoán từ chữ viết tắt (dữ liệu tổng hợp)." if role == "cvth" else None
            c[role] = self._org(full, kind, Level.PROVINCE, parent, abbreviations=abbreviations, slug=_slug(full if role == "bao" else f"{title} {name}"), note=note)
        used_after = sum(1 for o in self.orgs.values() if not o.is_group) - before
        remaining = budget - used_after
        n_districts = max(1, min(12, remaining // 25))
        used_places: set[str] = set()
        district_roles: tuple[tuple[str, str, OrganizationKind, list[str]], ...] = (
            ("hu", "Huyện ủy {d}", OrganizationKind.PARTY_COMMITTEE, ["HU {d}"]),
            ("btv", "Ban Thường vụ Huyện ủy {d}", OrganizationKind.PARTY_COMMITTEE, ["BTV Huyện ủy {d}"]),
            ("btc", "Ban Tổ chức Huyện ủy {d}", OrganizationKind.PARTY_BOARD, ["BTC Huyện ủy {d}"]),
            ("btg", "Ban Tuyên giáo Huyện ủy {d}", OrganizationKind.PARTY_BOARD, []),
            ("ubkt", "Ủy ban Kiểm tra Huyện ủy {d}", OrganizationKind.INSPECTION, ["UBKT Huyện ủy {d}"]),
            ("vp", "Văn phòng Huyện ủy {d}", OrganizationKind.OFFICE, []),
        )
        for _ in range(n_districts):
            if remaining < len(district_roles) + 1:
                break
            d_name = self._place_name(used_places)
            district: dict[str, Any] = {"name": d_name, "slug": _slug(d_name), "communes": []}
            for role, title, kind, abbreviations in district_roles:
                parent = c["tu"] if role == "hu" else district["hu"]
                district[role] = self._org(
                    title.format(d=d_name), kind, Level.DISTRICT, parent,
                    abbreviations=[a.format(d=d_name) for a in abbreviations], slug=_slug(f"{title.format(d=d_name)} {name}"),
                )
            remaining -= len(district_roles)
            p.districts.append(district)
        # Communes fill the budget, spread over the districts.
        for n in range(max(0, remaining)):
            commune_district: dict[str, Any] | None = p.districts[n % len(p.districts)] if p.districts else None
            c_name = self._place_name(used_places)
            parent = commune_district["hu"] if commune_district else c["tu"]
            where = f"{commune_district['name']} {name}" if commune_district else name
            district_communes = commune_district["communes"] if commune_district else []
            district_communes.append(self._org(f"Đảng ủy xã {c_name}", OrganizationKind.PARTY_COMMITTEE, Level.GRASSROOTS, parent, slug=_slug(f"dang uy xa {c_name} {where}")))
        g = p.groups
        g["bdt"] = self._group(
            f"Các Ban Đảng tỉnh {name}", OrganizationKind.PARTY_BOARD, Level.PROVINCE, [c["btc"], c["btg"], c["bdv"], c["bnc"]], True,
            slug=_slug(f"cac ban dang tinh {name}"), note="Gồm các ban đảng của Tỉnh ủy (dữ liệu tổng hợp).",
        )
        g["btvh"] = self._group(
            f"Ban thường vụ huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy {name}", OrganizationKind.PARTY_COMMITTEE, Level.DISTRICT,
            [d["btv"] for d in p.districts], True, slug=_slug(f"btv huyen uy thanh uy dang uy truc thuoc {name}"),
            abbreviations=["BTV huyện ủy, thành ủy, ĐUTTTU"],
        )
        g["ttdc"] = self._group(f"Các cơ quan thông tin đại chúng tỉnh {name}", OrganizationKind.PRESS, Level.PROVINCE, [c["bao"], c["dai"]], False)
        g["ctxh"] = self._group(
            f"Các tổ chức chính trị - xã hội tỉnh {name}", OrganizationKind.FRONT_AND_UNIONS, Level.PROVINCE,
            [c["doan"], c["hlhpn"], c["hnd"], c["hccb"], c["ldld"]], True, abbreviations=["Các tổ chức CT-XH tỉnh"],
        )
        for d in p.districts:
            d["group"] = self._group(
                f"Các đảng ủy cơ sở thuộc Huyện ủy {d['name']}", OrganizationKind.PARTY_COMMITTEE, Level.GRASSROOTS, d["communes"], True,
                slug=_slug(f"cac dang uy co so {d['name']} {name}"),
            )
        # A group of groups: membership goes through two levels.
        g["cutc"] = self._group(
            f"Các cấp ủy, tổ chức đảng trong Đảng bộ tỉnh {name}", OrganizationKind.PARTY_COMMITTEE, Level.GRASSROOTS, [g["btvh"], *(d["group"] for d in p.districts)], False,
            slug=_slug(f"cac cap uy to chuc dang {name}"),
        )
        g["tuv"] = self._group(f"Các đồng chí Tỉnh ủy viên {name}", OrganizationKind.PERSON, Level.PROVINCE, [], False, note="Nguồn không liệt kê (dữ liệu tổng hợp).")
        g["bcs"] = self._group(f"Các ban cán sự đảng, đảng đoàn tỉnh {name}", OrganizationKind.PARTY_DELEGATION, Level.PROVINCE, [], False)
        self.provinces.append(p)

    def _reach(self, ids: list[str]) -> list[str]:
        """What Registry.reached_by gives: the ids, then members of groups, breadth first."""
        reached: dict[str, None] = {}
        pending = list(ids)
        while pending:
            current = pending.pop(0)
            if current in reached:
                continue
            reached[current] = None
            pending.extend(self.orgs[current].members)
        return list(reached)

    # ------------------------------------------------------------ directives and plans

    def _directives(self) -> None:
        count = max(2, min(40, self.size.plans // 50 + 2))
        used_numbers: set[int] = set()
        for index in range(count):
            number = self.rng.randrange(101, 999)
            while number in used_numbers:
                number = self.rng.randrange(101, 999)
            used_numbers.add(number)
            issuer = self.central["bbt"] if index % 3 else self.central["bct"]
            date = dt.date(2016, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 7))
            kind, sign = ("Chỉ thị", "CT/TW") if index % 4 else ("Kết luận", "KL/TW")
            self.directives.append(
                {
                    "id": f"{_slug(kind)}-{number}-{sign.split('/')[0].lower()}-tw-{date.year}",
                    "kind": kind,
                    "number": f"{number}-{sign}",
                    "issuer": issuer,
                    "date": date,
                    "topic": TOPICS[index % len(TOPICS)],
                }
            )

    def _split(self, total: int, parts: int, low: int) -> list[int]:
        counts = [total // parts] * parts
        for i in range(total - sum(counts)):
            counts[i % parts] += 1
        for _ in range(parts):
            a, b = self.rng.randrange(parts), self.rng.randrange(parts)
            move = self.rng.randrange(0, max(1, counts[a] // 2 + 1))
            if a != b and counts[a] - move >= low:
                counts[a] -= move
                counts[b] += move
        return counts

    def _name_list(self, ids: list[str]) -> str:
        names = [self.orgs[i].name for i in ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]

    def _deadline(self, kind: DeadlineKind, start: dt.date, earlier: list[GenTask]) -> tuple[dict, str, dt.date | None]:
        rng = self.rng
        due_base = start + dt.timedelta(days=rng.randrange(30, 900))
        if kind is DeadlineKind.DATE:
            due = due_base
            return {"loai": kind, "ngay": _date(due), "nguyen_van": f"từ nay đến ngày {_date(due)}"}, f"từ nay đến ngày {_date(due)}", due
        if kind is DeadlineKind.MONTH:
            month = f"{due_base.month}/{due_base.year}"
            nxt = dt.date(due_base.year + due_base.month // 12, due_base.month % 12 + 1, 1)
            return {"loai": kind, "thang": month, "nguyen_van": f"trong tháng {month}"}, f"hoàn thành trong tháng {month}", nxt - dt.timedelta(days=1)
        if kind is DeadlineKind.QUARTER:
            q = (due_base.month - 1) // 3
            text = f"{_ROMAN[q]}/{due_base.year}"
            end_month = q * 3 + 3
            nxt = dt.date(due_base.year + end_month // 12, end_month % 12 + 1, 1)
            return {"loai": kind, "quy": text, "nguyen_van": f"trong quý {text}"}, f"hoàn thành trong quý {text}", nxt - dt.timedelta(days=1)
        if kind is DeadlineKind.YEAR:
            year = due_base.year
            return {"loai": kind, "nam": year, "nguyen_van": f"Trong năm {year}"}, f"hoàn thành trong năm {year}", dt.date(year, 12, 31)
        if kind is DeadlineKind.EVERY_YEAR:
            value: dict[str, str | int] = {"loai": kind, "nguyen_van": "hằng năm"}
            if rng.random() < 0.4:
                value["tu_nam"] = start.year + rng.randrange(0, 2)
            return value, "hằng năm", None
        if kind is DeadlineKind.RECURRING:
            months = rng.choice((1, 3, 3, 6, 6))
            # The first period is the plan's: a plan without a date would otherwise start at its earliest deadline.
            value = {"loai": kind, "moi_thang": months, "tu_thang": f"{start.month}/{start.year}", "nguyen_van": _RECURRING_WORDS[months]}
            return value, _RECURRING_WORDS[months], None
        if kind is DeadlineKind.RANGE:
            first = max(start, due_base - dt.timedelta(days=rng.randrange(30, 120)))
            written = f"từ ngày {_date(first)} đến ngày {_date(due_base)}"
            return {"loai": kind, "tu": _date(first), "den": _date(due_base), "nguyen_van": written}, written, due_base
        if kind is DeadlineKind.BEFORE_EVENT:
            event = rng.choice(("Đại hội Đảng bộ tỉnh lần thứ XX", "Hội nghị sơ kết 5 năm thực hiện Chỉ thị"))
            value = {"loai": kind, "su_kien": event, "nguyen_van": f"trước {event}"}
            if rng.random() < 0.5:
                value["ngay"] = _date(due_base)
                return value, f"trước {event}", due_base
            return value, f"trước {event}", None
        if kind is DeadlineKind.ONGOING:
            written = rng.choice(("thường xuyên", "thường xuyên, trước mắt và lâu dài", "định kỳ"))
            return {"loai": kind, "nguyen_van": written}, written, None
        if kind is DeadlineKind.AFTER:
            before = rng.choice(earlier[-4:])
            return {"loai": kind, "sau": before.id, "nguyen_van": "sau đó"}, "sau đó", None
        if rng.random() < 0.3:
            written = "theo kế hoạch của cấp ủy cấp trên"
            return {"loai": DeadlineKind.UNSTATED, "nguyen_van": written}, written, None
        return {"loai": DeadlineKind.UNSTATED}, "", None

    def _task(self, plan: GenPlan, task_id: str, clause: str, doc: str, place: str, actors: dict, forced_kind: DeadlineKind | None = None) -> GenTask:
        rng = self.rng
        kind = forced_kind or rng.choices(tuple(_DEADLINE_WEIGHTS), tuple(_DEADLINE_WEIGHTS.values()))[0]
        if kind is DeadlineKind.AFTER and not plan.tasks:
            kind = DeadlineKind.DATE
        deadline, phrase, due = self._deadline(kind, plan.start, plan.tasks)
        role = rng.choices((LeadRole.LEADS, LeadRole.CARRIES_OUT, LeadRole.ADVISES, LeadRole.GUIDES), (30, 40, 20, 10))[0]
        n_leads = rng.choices((1, 2, 3), (70, 22, 8))[0]
        leads = list(dict.fromkeys(rng.choice(actors["leads"]) for _ in range(n_leads)))
        coordinators = []
        if role is LeadRole.LEADS or rng.random() < 0.35:
            pool = [o for o in actors["coordinators"] if o not in leads]
            coordinators = list(dict.fromkeys(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3)))))
        report_to = []
        if rng.random() < 0.3:
            report_to = list(dict.fromkeys(rng.sample(actors["report_to"], k=min(len(actors["report_to"]), rng.choice((1, 2))))))
        clause = clause.format(doc=doc, scope=rng.choice(_SCOPES).format(place=place))
        words = "" if role is LeadRole.CARRIES_OUT else role.label  # “A thực hiện …” says it without the word
        piece = self._name_list(leads)
        if words:
            piece += f" {words}"
        if coordinators:
            piece += f", phối hợp với {self._name_list(coordinators)},"
        piece += f" {clause}"
        if kind in (DeadlineKind.DATE, DeadlineKind.MONTH, DeadlineKind.QUARTER, DeadlineKind.YEAR, DeadlineKind.RANGE, DeadlineKind.BEFORE_EVENT):
            piece += f", {phrase}"
        elif kind is DeadlineKind.EVERY_YEAR:
            piece = "Hằng năm, " + piece
        elif kind is DeadlineKind.RECURRING:
            piece = phrase[0].upper() + phrase[1:] + ", " + piece
        elif kind is DeadlineKind.ONGOING:
            piece += f" {phrase}"
        elif kind is DeadlineKind.AFTER:
            piece = "Sau đó, " + piece
        task = GenTask(task_id, leads, role, coordinators, report_to, kind, deadline, piece, due=due)
        task.reach = [o for o in self._reach(leads + coordinators)]
        return task

    def _actors(self, p: Province, district: dict | None) -> dict:
        c, g = p.core, p.groups
        if district is None:
            leads = [c["btc"], c["btg"], c["bdv"], c["bnc"], c["ubkt"], c["vp"], c["mttq"], c["bao"], c["dai"], g["bdt"], g["btvh"], g["ttdc"], g["ctxh"], g["cutc"]]
            leads += [d["btv"] for d in p.districts[:3]]
            coordinators = [c["btc"], c["btg"], c["bdv"], c["ubkt"], c["vp"], c["mttq"], c["doan"], c["hlhpn"], c["hnd"], c["hccb"], c["ldld"], g["bdt"], g["ctxh"]]
            report_to = [c["tt"], c["btv"]]
        else:
            d = district
            communes = d["communes"]
            leads = [d["btv"], d["btc"], d["btg"], d["ubkt"], d["vp"], d["group"], *communes[: min(8, len(communes))]]
            coordinators = [d["btc"], d["btg"], d["ubkt"], d["vp"], c["btc"], c["btg"]]
            report_to = [d["btv"], d["hu"], c["btc"]]
        return {"leads": leads, "coordinators": coordinators, "report_to": report_to}

    def _plans(self) -> None:
        rng = self.rng
        size = self.size
        per_plan = self._split(size.tasks, size.plans, low=6)
        numbers: dict[str, int] = {}
        self.plan_records: list[str] = []
        for index in range(size.plans):
            p = self.provinces[index % len(self.provinces)]
            p.plans += 1
            district = rng.choice(p.districts) if p.districts and rng.random() < 0.4 else None
            directive = self.directives[rng.randrange(len(self.directives))]
            dated = rng.random() < 0.9
            plan_date = directive["date"] + dt.timedelta(days=rng.randrange(10, 120))
            issuer = district["btv"] if district else p.core["btv"]
            superior = district["hu"] if district else p.core["tu"]
            sign = "KH/HU" if district else "KH/TU"
            key = f"{issuer}"
            numbers[key] = numbers.get(key, 0) + 1
            number = f"{numbers[key] * 3 + rng.randrange(3)}-{sign}"
            where = district["slug"] if district else p.slug
            plan_id = f"kh-{index + 1:04d}-{_slug(directive['number'])}-{where}"[:80].strip("-")
            start = plan_date if dated else directive["date"]
            plan = GenPlan(plan_id, p, district, start, dated=dated)
            doc = f"{directive['kind']} số {directive['number']}"
            place = f"huyện {district['name']}" if district else f"tỉnh {p.name}"
            actors = self._actors(p, district)
            self.plan_records.append(self._plan_record(plan, per_plan[index], directive, doc, place, actors, dated, plan_date, number, issuer, superior))
            self.plans.append(plan)

    def _plan_record(self, plan: GenPlan, n_tasks: int, directive: dict, doc: str, place: str, actors: dict, dated: bool, plan_date: dt.date, number: str, issuer: str, superior: str) -> str:
        rng = self.rng
        p, district = plan.province, plan.district
        used_ids: set[str] = set()

        def new_id(base: str) -> str:
            candidate, n = base, 2
            while candidate in used_ids:
                candidate, n = f"{base}-{n}", n + 1
            used_ids.add(candidate)
            return candidate

        shown_titles: set[str] = set()

        def task_yaml(t: GenTask, indent: int, excerpt: bool) -> str:
            pad = " " * indent
            lines = [f"{pad}- id: {t.id}"]
            if excerpt:
                lines.append(f"{pad}  van_ban: {_folded(t.piece, indent + 4)}")
            # Readers tell tasks apart by their short title: one that would repeat another is named.
            # The loader compares them regardless of case (“Ban Thường vụ …” and “Ban thường vụ …”).
            title = first_words(t.piece)
            if title.casefold() in shown_titles:
                title = f"{first_words(t.piece, 40)} ({t.id})"
                lines.append(f"{pad}  ten_ngan: {_scalar(title)}")
            shown_titles.add(title.casefold())
            lines.append(f"{pad}  chu_tri: {_flow(t.leads)}")
            lines.append(f"{pad}  vai_tro: {t.role}")
            if t.coordinators:
                lines.append(f"{pad}  phoi_hop: {_flow(t.coordinators)}")
            if t.report_to:
                lines.append(f"{pad}  bao_cao: {_flow(t.report_to)}")
            d = t.deadline
            if len(d) == 1:
                lines.append(f"{pad}  thoi_han: {{loai: {d['loai']}}}")
            else:
                lines.append(f"{pad}  thoi_han:")
                for key in ("loai", "ngay", "thang", "quy", "nam", "tu_nam", "moi_thang", "tu_thang", "tu", "den", "su_kien", "sau", "nguyen_van"):
                    if key in d:
                        value = d[key]
                        lines.append(f"{pad}    {key}: {value if isinstance(value, int) else _scalar(value)}")
            if rng.random() < 0.08:
                lines.append(f"{pad}  ghi_chu: {_scalar('Ghi chú biên tập của dữ liệu tổng hợp: nhiệm vụ ' + t.id + '.')}")
            return "\n".join(lines)

        def paragraph_section(indent: int, label: str, tasks_here: list[GenTask], heading: str | None = None) -> str:
            pad = " " * indent
            lines = [f"{pad}- so: {json.dumps(label, ensure_ascii=False)}"]
            if heading:
                lines.append(f"{pad}  tieu_de: {_scalar(heading)}")
            if len(tasks_here) == 1 and rng.random() < 0.5:
                text = tasks_here[0].piece + "."
                excerpt = False
            else:
                text = "; ".join(t.piece for t in tasks_here) + "."
                excerpt = True
            lines.append(f"{pad}  van_ban: {_folded(text[0].upper() + text[1:], indent + 4)}")
            if tasks_here:
                # A task's excerpt starts with a capital only where the paragraph does.
                for i, t in enumerate(tasks_here):
                    if i == 0:
                        t.piece = t.piece[0].upper() + t.piece[1:]
                lines.append(f"{pad}  nhiem_vu:")
                lines.extend(task_yaml(t, indent + 4, excerpt) for t in tasks_here)
            return "\n".join(lines)

        def make_tasks(prefix: str, k: int, forced: DeadlineKind | None = None) -> list[GenTask]:
            made = []
            for _ in range(k):
                slug, clause = rng.choice(_CLAUSES)
                t = self._task(plan, new_id(f"{prefix}-{slug}"), clause, doc, place, actors, forced)
                plan.tasks.append(t)
                made.append(t)
            return made

        # Where the tasks go: A.II (requirements), B.I, B.II (most), C.
        n_a = min(rng.choice((0, 1, 2)), max(0, n_tasks - 5))
        n_c = 2
        n_bi = 1
        n_bii = n_tasks - n_a - n_c - n_bi
        directive_issuer = self.orgs[directive["issuer"]].name
        title = f"Triển khai thực hiện {doc} ngày {directive['date']:%d/%m/%Y} của {directive_issuer} {directive['topic']}"
        preamble = (
            f"Thực hiện {doc} ngày {directive['date']:%d/%m/%Y} của {directive_issuer} {directive['topic']}; "
            f"{self.orgs[issuer].name} xây dựng kế hoạch triển khai thực hiện như sau:"
        )
        out = [
            self.header.rstrip("\n"),
            f"id: {plan.id}",
            "loai: KẾ HOẠCH",
            f"trich_yeu: {_folded(title, 2)}",
            f"co_quan_ban_hanh: {issuer}",
            f"co_quan_cap_tren: {superior}",
            f"nguon_goc: {SourceKind.RECONSTRUCTION}",  # made up for measuring: never typeset as an official text
        ]
        if dated:
            out += [f"so_ky_hieu: {number}", f"ngay: {_date(plan_date)}", f"dia_danh: {_scalar(district['name'] if district else p.name)}"]
        else:
            out += ["so_ky_hieu:", "ngay:", "dia_danh:"]
        out += [
            f"thuc_hien: [{directive['id']}]",
            "the_thuc: Hướng dẫn 36-HD/VPTW năm 2018 của Văn phòng Trung ương Đảng",
            f"mo_dau: {_folded(preamble, 2)}",
            "",
            "noi_dung:",
            "  - so: A-",
            "    tieu_de: MỤC ĐÍCH, YÊU CẦU",
            "    muc:",
            "      - so: I-",
            "        tieu_de: MỤC ĐÍCH",
            "        muc:",
        ]
        for i, goal in enumerate(_GOALS[: rng.choice((2, 3))], 1):
            out += [f'          - so: "{i}."', f"            van_ban: {_folded(goal.format(doc=doc), 14)}"]
        out += ["      - so: II-", "        tieu_de: YÊU CẦU", "        muc:"]
        requirement_tasks = make_tasks("a-ii", n_a, forced=DeadlineKind.UNSTATED) if n_a else []
        for i, requirement in enumerate(_REQUIREMENTS, 1):
            out.append(f'          - so: "{i}."')
            out.append(f"            van_ban: {_folded(requirement.format(doc=doc), 14)}")
            if i <= len(requirement_tasks):
                t = requirement_tasks[i - 1]
                t.piece = requirement.format(doc=doc)  # the whole paragraph, no excerpt
                out.append("            nhiem_vu:")
                out.append(task_yaml(t, 14, excerpt=False))
        out += ["", "  - so: B-", "    tieu_de: NỘI DUNG", "    muc:"]
        bi = make_tasks("b-i", n_bi, forced=DeadlineKind.UNSTATED)
        out.append(paragraph_section(6, "I-", bi, heading="TỔ CHỨC QUÁN TRIỆT"))
        out += ["      - so: II-", "        tieu_de: NHIỆM VỤ CỤ THỂ", "        muc:"]
        remaining, item = n_bii, 0
        while remaining > 0:
            item += 1
            k = min(remaining, rng.choice((1, 1, 2, 2, 3, 4)))
            remaining -= k
            if k >= 2 and rng.random() < 0.5:
                # “1. Ban X:” followed by “-” items, each with its own tasks.
                split = rng.randrange(1, k)
                parts = [make_tasks(f"b-ii-{item}-{j}", part) for j, part in enumerate((split, k - split), 1)]
                head = self.orgs[parts[0][0].leads[0]].name + ":"
                out.append(f'          - so: "{item}."')
                out.append(f"            van_ban: {_scalar(head)}")
                out.append("            muc:")
                out.extend(paragraph_section(14, "-", tasks_here) for tasks_here in parts)
            else:
                tasks_here = make_tasks(f"b-ii-{item}", k)
                out.append(paragraph_section(10, f"{item}.", tasks_here))
        out += ["", "  - so: C-", "    tieu_de: TỔ CHỨC THỰC HIỆN", "    muc:"]
        for i in (1, 2):
            out.append(paragraph_section(6, f"{i}.", make_tasks(f"c-{i}", 1)))
        out.append(f'      - so: "3."\n        van_ban: {_folded("Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cấp ủy, tổ chức đảng kịp thời báo cáo để xem xét, chỉ đạo.", 10)}')
        # Recipients and signature.
        c, g = p.core, p.groups
        out += ["", "noi_nhan:"]
        if district:
            recipients = [
                ("Ban Thường vụ Tỉnh ủy (b/c),", [c["btv"]], RecipientPurpose.REPORT),
                ("Ban Tổ chức Tỉnh ủy,", [c["btc"]], None),
                ("Các đảng ủy cơ sở,", [district["group"]], RecipientPurpose.CARRY_OUT),
                ("Lưu VPHU.", [district["vp"]], RecipientPurpose.FILE),
            ]
        else:
            recipients = [
                ("Ban Bí thư Trung ương Đảng (b/c),", [self.central["bbt"]], RecipientPurpose.REPORT),
                ("Các ban đảng Tỉnh ủy,", [g["bdt"]], None),
                ("Các ban cán sự đảng, đảng đoàn,", [g["bcs"]], None),
                ("MTTQ và các tổ chức CT-XH tỉnh,", [c["mttq"], g["ctxh"]], None),
                ("BTV huyện ủy, thành ủy, ĐUTTTU,", [g["btvh"]], None),
                ("Các đ/c Tỉnh ủy viên,", [g["tuv"]], None),
                ("LĐVP,", [c["ldvp"]], None),
                ("Lưu VPTU.", [c["vp"]], RecipientPurpose.FILE),
            ]
        footnote = not district and rng.random() < 0.3
        for text, ids, purpose in recipients:
            out.append(f"  - van_ban: {_scalar(text)}")
            out.append(f"    to_chuc: {_flow(ids)}")
            if purpose:
                out.append(f"    muc_dich: {purpose}")
            if footnote and text == "LĐVP,":
                out.append('    chu_thich: "1"')
        name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        out += [
            "",
            "ky:",
            "  quyen_han: T/M BAN THƯỜNG VỤ",
            f"  chuc_vu: {rng.choice(('BÍ THƯ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'PHÓ BÍ THƯ'))}",
            f"  ho_ten: {name}",
        ]
        if footnote:
            out += ["", "chu_thich:", '  - ky_hieu: "1"']
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------ updates

    def _update_plan(self) -> list[tuple[GenPlan, GenTask, int]]:
        """How many updates each task gets: skewed, some tasks none, total exactly `updates`."""
        rng = self.rng
        tasks = [(plan, task) for plan in self.plans for task in plan.tasks]
        weights = [rng.choice((0, 1, 1, 2, 3, 4, 6, 9)) for _ in tasks]
        if sum(weights) == 0:
            weights = [1] * len(tasks)
        counts = [0] * len(tasks)
        total_weight = sum(weights)
        cumulative, running = [], 0
        for w in weights:
            running += w
            cumulative.append(running)
        import bisect

        for _ in range(self.size.updates):
            counts[bisect.bisect_right(cumulative, rng.randrange(total_weight))] += 1
        return [(plan, task, n) for (plan, task), n in zip(tasks, counts, strict=True) if n]

    def _sign(self, org_id: str) -> str:
        """The letters an organization signs its documents with: “BTCTU”, “ĐUXLY”."""
        org = self.orgs[org_id]
        source = org.abbreviations[0] if org.abbreviations else org.name
        source = source.replace("Tỉnh ủy", "TU").replace("Huyện ủy", "HU")
        letters = []
        for word in source.split():
            if word.isupper():
                letters.append(word)
            elif word[0].isalpha():
                letters.append("Đ" if word[0] in "đĐ" else fold(word[0]).upper())
        return "".join(letters)

    def _reporter(self, task: GenTask, lead: str | None = None) -> str:
        """Someone the task reaches: a lead (a member of a lead group: a group never reports, its
        members do), sometimes a coordinator."""
        rng = self.rng
        if lead is None:
            if task.coordinators and rng.random() < 0.15:
                lead = rng.choice(task.coordinators)
            else:
                lead = rng.choice(task.leads)
        org = self.orgs[lead]
        if org.is_group:
            return rng.choice([m for m in self._reach([lead])[1:] if not self.orgs[m].is_group])
        return lead

    def _updates(self, out: Path) -> int:
        rng = self.rng
        folder = out / "cap-nhat"
        serial = 0
        written_years: set[int] = set()
        # Reports that also cover the next task, by (plan, that task, organization, day): its own
        # reports come later, and one of the same organization on the same day that says otherwise
        # would be a warning (two reports that disagree), so the covering one then drops it.
        covering: dict[tuple[str, str, str, dt.date], tuple[tuple[UpdateState, dt.date | None], Path, list[str], int, str]] = {}
        for plan, task, n in self._update_plan():
            end = HORIZON
            if task.due:
                end = min(HORIZON, task.due + dt.timedelta(days=rng.randrange(-60, 400)))
            first = plan.start + dt.timedelta(days=3)
            starts = None
            if task.kind is DeadlineKind.EVERY_YEAR:
                # A yearly report counts for the year it is dated in: none before the task's first year.
                if task.deadline.get("tu_nam"):
                    first = max(first, dt.date(int(task.deadline["tu_nam"]), 1, 1))
                else:
                    starts = dt.date(plan.first_year(), 1, 1)
            if end <= first:
                end = min(HORIZON, first + dt.timedelta(days=90))
            span = (end - first).days
            dates = sorted(first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n))
            if starts is not None and dates[0] < starts:
                # An undated plan starts in the year its first dated task is due, which may follow its
                # directive's: the dates drawn from the directive's are spread over what is left (no
                # further draw, so every other report stays as it was).
                dates = [starts + dt.timedelta(days=(day - first).days * max(0, (end - starts).days) // max(1, span)) for day in dates]
                first = starts
            # One report a day on a task: two of one organization on a day that disagree are a warning.
            for i in range(1, len(dates)):
                dates[i] = max(dates[i], dates[i - 1] + dt.timedelta(days=1))
            outcome = rng.choices(("done", "progress", "stopped"), (65, 31, 4))[0]
            adjust_at = rng.randrange(n) if n >= 3 and rng.random() < 0.15 else -1
            leads_to_finish = list(task.leads) if outcome == "done" else []
            finishers = leads_to_finish[-n:] if n else []
            finish_from = n - len(finishers)
            percent = 0
            for i, day in enumerate(dates):
                serial += 1
                fields: list[str] = []
                tasks = [task.id]
                reporter = self._reporter(task)
                ky = None
                if task.kind is DeadlineKind.EVERY_YEAR:
                    ky = day.year
                    state = rng.choices((UpdateState.DONE, UpdateState.IN_PROGRESS), (60, 40))[0]
                    if state is UpdateState.DONE:
                        reporter = self._reporter(task, rng.choice(task.leads))
                elif i == adjust_at and i < finish_from:
                    state = UpdateState.ADJUSTED
                elif i >= finish_from and outcome == "done":
                    state = UpdateState.DONE
                    reporter = self._reporter(task, finishers[i - finish_from])
                elif i == n - 1 and outcome == "stopped":
                    state = UpdateState.STOPPED
                elif i == 0 and rng.random() < 0.2:
                    state = UpdateState.NOT_STARTED
                else:
                    state = UpdateState.IN_PROGRESS
                # Sometimes one report covers the next task of the plan too.
                if rng.random() < 0.05:
                    at = plan.tasks.index(task)
                    following = plan.tasks[at + 1] if at + 1 < len(plan.tasks) else None
                    # Not across a yearly task: a report counts for one year of it, from its first year.
                    yearly = DeadlineKind.EVERY_YEAR in (task.kind, following.kind if following else None)
                    if following is not None and not yearly and reporter in following.reach:
                        tasks.append(plan.tasks[at + 1].id)
                fields.append(f"ke_hoach: {plan.id}")
                fields.append(f"nhiem_vu: {_flow(tasks)}")
                nhiem_vu_line = len(fields) - 1
                fields.append(f"to_chuc: {reporter}")
                fields.append(f"ngay: {_date(day)}")
                fields.append(f"trang_thai: {state}")
                if ky is not None:
                    fields.append(f"ky: {ky}")
                _, clause = rng.choice(_CLAUSES)
                clause = clause.format(doc="Kế hoạch", scope=rng.choice(_SCOPES).format(place="địa phương"))
                done_on = None
                if state is UpdateState.DONE:
                    done_on = day
                    if rng.random() < 0.4:
                        done_on = max(first, day - dt.timedelta(days=rng.randrange(0, 10)))
                        fields.append(f"ngay_hoan_thanh: {_date(done_on)}")
                    body = f"Đã {clause}."
                elif state is UpdateState.IN_PROGRESS:
                    percent = min(95, percent + rng.randrange(5, 40))
                    if rng.random() < 0.6:
                        fields.append(f"ty_le: {percent}")
                    body = f"Đang {clause}; đã hoàn thành khoảng {percent}% khối lượng công việc."
                elif state is UpdateState.NOT_STARTED:
                    body = "Đã nhận nhiệm vụ, đang chuẩn bị kế hoạch triển khai."
                elif state is UpdateState.ADJUSTED:
                    fields.append(f"ly_do: {_scalar(rng.choice(_REASONS))}")
                    if rng.random() < 0.7:
                        fields.append(f"han_moi: {_date(day + dt.timedelta(days=rng.randrange(30, 240)))}")
                    body = "Đề nghị điều chỉnh thời hạn thực hiện nhiệm vụ."
                else:
                    fields.append(f"ly_do: {_scalar(rng.choice(_REASONS))}")
                    body = "Dừng thực hiện nhiệm vụ theo chỉ đạo."
                fields.append(f"noi_dung: {_folded(body, 2)}")
                if rng.random() < 0.3:
                    kind, sign = rng.choice(_EVIDENCE_KINDS)
                    abbreviation = self._sign(reporter)
                    fields.append("can_cu:")
                    fields.append(f"  loai: {kind}")
                    fields.append(f"  so_ky_hieu: {_scalar(f'{rng.randrange(1, 400)}-{sign}/{abbreviation}')}")
                    fields.append(f"  ngay: {_date(max(first, day - dt.timedelta(days=rng.randrange(0, 5))))}")
                    if rng.random() < 0.5:
                        fields.append(f"  trich_yeu: {_scalar('Kết quả thực hiện ' + clause)}")
                if rng.random() < 0.1:
                    fields.append("so_lieu:")
                    for figure in rng.sample(self.figures, k=rng.choice((1, 1, 2, 3))):
                        period = rng.choice((f"{day.year}", f"{_ROMAN[(day.month - 1) // 3]}/{day.year}", f"{day.month}/{day.year}"))
                        fields.append(f"  - chi_tieu: {figure[0]}")
                        fields.append(f"    gia_tri: {rng.randrange(1, 5000)}")
                        fields.append(f'    ky: "{period}"')
                year_folder = folder / str(day.year)
                if day.year not in written_years:
                    year_folder.mkdir(parents=True, exist_ok=True)
                    written_years.add(day.year)
                name = f"{day:%Y-%m-%d}-{task.id[:40].rstrip('-')}-{serial:06d}.yml"
                path = year_folder / name
                path.write_text(self.header + "\n".join(fields) + "\n", encoding="utf-8")
                says = (state, done_on)
                earlier = covering.pop((plan.id, task.id, reporter, day), None)
                if earlier is not None and earlier[0] != says:
                    _, earlier_path, earlier_fields, at, own = earlier
                    earlier_fields[at] = f"nhiem_vu: {_flow([own])}"
                    earlier_path.write_text(self.header + "\n".join(earlier_fields) + "\n", encoding="utf-8")
                if len(tasks) > 1:
                    covering[(plan.id, tasks[1], reporter, day)] = (says, path, fields, nhiem_vu_line, task.id)
        return serial

    # ------------------------------------------------------------ writing

    def write(self, out: Path) -> dict[str, int]:
        out = Path(out)
        self._organizations()
        self._directives()
        self._plans()
        for kind in KIND_FOLDERS:
            (out / kind).mkdir(parents=True, exist_ok=True)
        counts = {"to-chuc": 0, "nhom": 0}
        for org in self.orgs.values():
            lines = [self.header.rstrip("\n"), f"id: {org.id}", f"ten: {_scalar(org.name)}"]
            if org.aliases:
                lines.append(f"ten_khac: {_texts(org.aliases)}")
            if org.abbreviations:
                lines.append(f"viet_tat: {_texts(org.abbreviations)}")
            lines += [f"loai: {org.kind}", f"cap: {org.level}"]
            if org.is_group:
                if org.members:
                    lines.append("thanh_vien:")
                    lines += [f"  - {m}" for m in org.members]
                lines.append(f"thanh_vien_day_du: {'true' if org.complete else 'false'}")
            elif org.parent:
                lines.append(f"truc_thuoc: {org.parent}")
            if org.note:
                lines.append(f"ghi_chu: {_scalar(org.note)}")
            folder = "nhom" if org.is_group else "to-chuc"
            counts[folder] += 1
            (out / folder / f"{org.id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for d in self.directives:
            text = "\n".join(
                [
                    self.header.rstrip("\n"),
                    f"id: {d['id']}",
                    f"loai: {d['kind']}",
                    f"so_ky_hieu: {d['number']}",
                    f"co_quan_ban_hanh: {d['issuer']}",
                    f"nguon_goc: {SourceKind.SUMMARY}",
                    f"ngay: {_date(d['date'])}",
                    f"trich_yeu: {_folded(d['topic'], 2)}",
                    f"tom_tat: {_folded(d['kind'] + ' ' + d['topic'] + '. Văn bản tổng hợp để đo hiệu năng, không phải văn bản thật.', 2)}",
                    "nguon: Dữ liệu tổng hợp (kehoach.synthetic)",
                ]
            )
            (out / "chi-thi" / f"{d['id']}.yml").write_text(text + "\n", encoding="utf-8")
        for figure_id, name, unit, meaning in self.figures:
            text = f"{self.header}id: {figure_id}\nten: {_scalar(name)}\ndon_vi: {_scalar(unit)}\ny_nghia: {_scalar(meaning)}\n"
            (out / "chi-tieu" / f"{figure_id}.yml").write_text(text, encoding="utf-8")
        for plan, text in zip(self.plans, self.plan_records, strict=True):
            (out / "ke-hoach" / f"{plan.id}.yml").write_text(text, encoding="utf-8")
        updates = self._updates(out)
        return {
            **counts,
            "chi-thi": len(self.directives),
            "chi-tieu": len(self.figures),
            "ke-hoach": len(self.plans),
            "nhiem-vu": sum(len(p.tasks) for p in self.plans),
            "cap-nhat": updates,
        }


def generate(out: Path, size: str | Size = "small", seed: int = 1) -> dict[str, int]:
    """Write a records tree into `out` (its kind folders must not exist yet); return the counts."""
    chosen = SIZES[size] if isinstance(size, str) else size
    return Generator(chosen, seed).write(Path(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/synthetic.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--out", required=True, type=Path, help="records folder to write (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace the kind folders if OUT already has them")
    for name in ("plans", "organizations", "tasks", "updates"):
        parser.add_argument(f"--{name}", type=int, help=f"override the size's number of {name}")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    overrides = {n: getattr(args, n) for n in ("plans", "organizations", "tasks", "updates") if getattr(args, n) is not None}
    if overrides:
        size = Size(**{**size.__dict__, **overrides})
    if size.tasks < 6 * size.plans:
        parser.error("need at least 6 tasks per plan")
    if size.organizations < 40:
        parser.error("need at least 40 organizations")
    existing = [k for k in KIND_FOLDERS if (args.out / k).exists()]
    if existing:
        if not args.force:
            parser.error(f"{args.out} already has {', '.join(existing)}; use --force to replace them")
        for kind in existing:
            shutil.rmtree(args.out / kind)
    started = time.perf_counter()
    counts = generate(args.out, size, args.seed)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"{args.out}: {summary} ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load a records folder into a Registry, or report every problem found in it at once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .model import Deadline, Directive, Footnote, Organization, Plan, Recipient, Registry, Section, Signer, Task
from .problems import Location, Problem, RecordsInvalid, Severity
from .schema import RECORD_SCHEMAS, Checked, Ref, SchemaChecker
from .textfold import fold_key
from .yamlsource import read_record_file

RECORD_SUFFIXES = (".yml", ".yaml")

# Which deadline field each deadline kind needs.
_DEADLINE_VALUE_FIELD = {"ngay": "ngay", "thang": "thang", "quy": "quy", "nam": "nam", "sau": "sau"}
_DEADLINE_VALUE_FIELDS = ("ngay", "thang", "quy", "nam", "tu_nam", "sau")


@dataclass
class LoadResult:
    registry: Registry
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _record_files(root: Path, shown_root: str, problems: list[Problem]) -> list[tuple[Path, str, str]]:
    """(path, shown path, kind) of every record file; everything else under root is reported."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            shown = f"{shown_root}/{relative}"
            top = relative.split("/", 1)[0] if "/" in relative else ""
            if name.startswith(".") or any(part.startswith(".") for part in relative.split("/")[:-1]):
                problems.append(Problem(Location(shown), "tệp ẩn trong thư mục bản ghi bị bỏ qua", "xóa tệp nếu không cần", Severity.WARNING))
                continue
            if not name.endswith(RECORD_SUFFIXES):
                problems.append(Problem(Location(shown), "tệp không phải bản ghi YAML (.yml) bị bỏ qua", "đổi đuôi thành .yml nếu là bản ghi, hoặc chuyển ra ngoài records/", Severity.WARNING))
                continue
            if top not in RECORD_SCHEMAS:
                folders = ", ".join(f"{shown_root}/{k}/" for k in RECORD_SCHEMAS)
                problems.append(Problem(Location(shown), "bản ghi không nằm trong thư mục của loại bản ghi nào", f"chuyển vào một trong: {folders}"))
                continue
            found.append((path, shown, top))
    return found


class _Builder:
    """Turns checked records into model objects and checks what crosses files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.registry = Registry()
        self._defined_at: dict[tuple[str, str], Location] = {}
        self._org_refs: list[Ref] = []
        self._directive_refs: list[Ref] = []

    def fail(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint))

    def _claim(self, namespace: str, record_id: str, location: Location, what: str) -> bool:
        first = self._defined_at.get((namespace, record_id))
        if first is not None:
            self.fail(location, f"mã {what} “{record_id}” đã được dùng ở {first}", "đặt mã khác, hoặc gộp hai bản ghi")
            return False
        self._defined_at[(namespace, record_id)] = location
        return True

    def _orgs(self, checked: Checked, name: str) -> tuple[str, ...]:
        refs: list[Ref] = checked.get(name, [])
        self._org_refs.extend(refs)
        return tuple(dict.fromkeys(r.id for r in refs))

    def _org(self, checked: Checked, name: str) -> str | None:
        ref: Ref | None = checked.get(name)
        if ref is None:
            return None
        self._org_refs.append(ref)
        return ref.id

    def add(self, kind: str, record: Checked) -> None:
        getattr(self, "_add_" + kind.replace("-", "_"))(record)

    def _add_to_chuc(self, r: Checked, is_group: bool = False) -> None:
        if not self._claim("to-chuc", r.get("id"), r.at("id"), "tổ chức"):
            return
        self.registry.organizations[r.get("id")] = Organization(
            id=r.get("id"),
            name=r.get("ten"),
            kind=r.get("loai"),
            level=r.get("cap"),
            location=r.location,
            aliases=tuple(r.get("ten_khac", ())),
            abbreviations=tuple(r.get("viet_tat", ())),
            parent_id=self._org(r, "truc_thuoc"),
            note=r.get("ghi_chu"),
            is_group=is_group,
            member_ids=self._orgs(r, "thanh_vien"),
            members_complete=r.get("thanh_vien_day_du", False),
        )

    def _add_nhom(self, r: Checked) -> None:
        self._add_to_chuc(r, is_group=True)

    def _add_chi_thi(self, r: Checked) -> None:
        if not self._claim("chi-thi", r.get("id"), r.at("id"), "chỉ thị"):
            return
        self.registry.directives[r.get("id")] = Directive(
            id=r.get("id"),
            type=r.get("loai"),
            number=r.get("so_ky_hieu"),
            issuer_id=self._org(r, "co_quan_ban_hanh"),
            date=r.get("ngay"),
            title=r.get("trich_yeu"),
            location=r.location,
            summary=r.get("tom_tat"),
            full_text=r.get("toan_van"),
            source_note=r.get("nguon"),
        )

    def _add_ke_hoach(self, r: Checked) -> None:
        plan_id = r.get("id")
        if not self._claim("ke-hoach", plan_id, r.at("id"), "kế hoạch"):
            return
        self._directive_refs.extend(r.get("thuc_hien", []))
        task_ids: dict[str, Location] = {}
        after_refs: list[tuple[Task, Ref]] = []
        sections = tuple(
            self._section(plan_id, s, (), index, task_ids, after_refs) for index, s in enumerate(r.get("noi_dung", []), 1)
        )
        plan = Plan(
            id=plan_id,
            type=r.get("loai"),
            title=r.get("trich_yeu"),
            issuer_id=self._org(r, "co_quan_ban_hanh"),
            superior_id=self._org(r, "co_quan_cap_tren"),
            directive_ids=tuple(ref.id for ref in r.get("thuc_hien", [])),
            sections=sections,
            location=r.location,
            number=r.get("so_ky_hieu"),
            date=r.get("ngay"),
            place=r.get("dia_danh"),
            standard=r.get("the_thuc"),
            preamble=r.get("mo_dau"),
            recipients=tuple(
                Recipient(c.get("van_ban"), self._orgs(c, "to_chuc"), c.get("muc_dich"), c.get("chu_thich"))
                for c in r.get("noi_nhan", [])
            ),
            signer=Signer(**{k: r.get("ky").get(f) for k, f in (("authority", "quyen_han"), ("position", "chuc_vu"), ("name", "ho_ten"))})
            if r.get("ky") and all(r.get("ky").get(f) for f in ("quyen_han", "chuc_vu", "ho_ten"))
            else None,
            footnotes=tuple(Footnote(c.get("ky_hieu"), c.get("noi_dung")) for c in r.get("chu_thich", [])),
            note=r.get("ghi_chu"),
        )
        self.registry.plans[plan_id] = plan
        self._check_after_chain(plan, task_ids, after_refs)

    def _section(self, plan_id: str, s: Checked, parent_path: tuple[str, ...], index: int, task_ids: dict[str, Location], after_refs: list) -> Section:
        label = s.get("so")
        bare = (label or "").strip().rstrip("-.):").strip()
        step = bare if bare and bare != "" else str(index)
        path = parent_path + (step,)
        anchor = "muc-" + "-".join(fold_key(p) for p in path)
        position = ".".join(p for p in path[:-1])
        position = (position + "." if position else "") + (bare if bare else f"ý {index}")
        if not s.get("tieu_de") and not s.get("van_ban"):
            self.fail(s.location, "mục không có tiêu đề cũng không có đoạn văn", "thêm “tieu_de:” hoặc “van_ban:”")
        if s.get("nhiem_vu") and not s.get("van_ban"):
            self.fail(s.at("nhiem_vu"), "nhiệm vụ phải gắn với một đoạn văn", "thêm “van_ban:” chứa câu chữ giao nhiệm vụ")
        tasks = []
        for t in s.get("nhiem_vu", []):
            task = self._task(plan_id, t, s.get("van_ban") or "", anchor, position)
            if task is None:
                continue
            if task.id in task_ids:
                self.fail(t.at("id"), f"mã nhiệm vụ “{task.id}” đã dùng ở {task_ids[task.id]}", "mỗi nhiệm vụ trong kế hoạch cần một mã riêng")
                continue
            task_ids[task.id] = t.at("id")
            tasks.append(task)
            after = t.get("thoi_han").get("sau") if t.get("thoi_han") else None
            if after is not None:
                after_refs.append((task, after))
        children = tuple(self._section(plan_id, c, path, i, task_ids, after_refs) for i, c in enumerate(s.get("muc", []), 1))
        return Section(
            label=label,
            heading=s.get("tieu_de"),
            text=s.get("van_ban"),
            anchor=anchor,
            depth=len(path),
            children=children,
            tasks=tuple(tasks),
            editorial_note=s.get("ghi_chu_bien_tap"),
        )

    def _task(self, plan_id: str, t: Checked, paragraph: str, anchor: str, position: str) -> Task | None:
        if not all(t.get(f) for f in ("id", "chu_tri", "vai_tro", "thoi_han")):
            self._orgs(t, "chu_tri"), self._orgs(t, "phoi_hop"), self._orgs(t, "bao_cao")
            return None
        excerpt = t.get("van_ban")
        if excerpt and " ".join(excerpt.split()) not in " ".join(paragraph.split()):
            self.fail(t.at("van_ban"), "câu chữ của nhiệm vụ không có trong đoạn văn của mục", "chép đúng nguyên văn một phần của “van_ban” của mục")
        deadline = self._deadline(t.get("thoi_han"))
        if deadline is None:
            return None
        return Task(
            id=t.get("id"),
            plan_id=plan_id,
            text=" ".join((excerpt or paragraph).split()),
            paragraph=" ".join(paragraph.split()),
            lead_ids=self._orgs(t, "chu_tri"),
            lead_role=t.get("vai_tro"),
            deadline=deadline,
            section_anchor=anchor,
            position=position,
            location=t.location,
            coordinator_ids=self._orgs(t, "phoi_hop"),
            report_to_ids=self._orgs(t, "bao_cao"),
            note=t.get("ghi_chu"),
        )

    def _deadline(self, d: Checked) -> Deadline | None:
        kind = d.get("loai")
        if kind is None:
            return None
        needed = _DEADLINE_VALUE_FIELD.get(kind)
        ok = True
        if needed and d.get(needed) is None and needed not in d.where:
            self.fail(d.location, f"thời hạn loại “{kind}” cần trường “{needed}”", f"thêm “{needed}: …” vào thoi_han")
            ok = False
        for name in _DEADLINE_VALUE_FIELDS:
            if name in d.where and name != needed and not (kind == "hang-nam" and name == "tu_nam"):
                self.fail(d.at(name), f"trường “{name}” không dùng với thời hạn loại “{kind}”", f"xóa dòng này hoặc đổi loai")
                ok = False
        if not ok:
            return None
        after: Ref | None = d.get("sau")
        return Deadline(
            kind=kind,
            written=d.get("nguyen_van"),
            date=d.get("ngay"),
            month=d.get("thang"),
            quarter=d.get("quy"),
            year=d.get("nam"),
            from_year=d.get("tu_nam"),
            after_task_id=after.id if after else None,
        )

    def _check_after_chain(self, plan: Plan, task_ids: dict[str, Location], after_refs: list[tuple[Task, Ref]]) -> None:
        follows: dict[str, str] = {}
        for task, ref in after_refs:
            if ref.id not in task_ids:
                self.fail(ref.location, f"không có nhiệm vụ “{ref.id}” trong kế hoạch “{plan.id}”", _closest_hint(ref.id, task_ids))
            elif ref.id == task.id:
                self.fail(ref.location, f"nhiệm vụ “{task.id}” không thể đến hạn sau chính nó", "ghi mã của nhiệm vụ phải xong trước")
            else:
                follows[task.id] = ref.id
        reported: set[str] = set()
        for start in follows:
            chain, current = [start], follows[start]
            while current in follows and current not in chain:
                chain.append(current)
                current = follows[current]
            if current == start and not reported & set(chain):
                reported.update(chain)
                loop = " → ".join(chain + [start])
                self.fail(task_ids[start], f"thời hạn “sau” tạo thành vòng lặp: {loop}", "một nhiệm vụ trong vòng phải có thời hạn riêng")

    def check_references(self) -> None:
        orgs = self.registry.organizations
        for ref in self._org_refs:
            if ref.id not in orgs:
                self.fail(ref.location, f"không có tổ chức hoặc nhóm mã “{ref.id}”", _closest_hint(ref.id, orgs, "thêm tệp records/to-chuc/" + ref.id + ".yml"))
        for ref in self._directive_refs:
            if ref.id not in self.registry.directives:
                self.fail(ref.location, f"không có chỉ thị mã “{ref.id}”", _closest_hint(ref.id, self.registry.directives, "thêm tệp records/chi-thi/" + ref.id + ".yml"))
        for org in orgs.values():
            self._check_cycle(org, "member_ids", "nhóm “{}” chứa chính nó", "bỏ nhóm khỏi danh sách thanh_vien của nó")
            self._check_cycle(org, "parent_id", "tổ chức “{}” trực thuộc chính nó", "sửa trường truc_thuoc")

    def _check_cycle(self, org: Organization, attribute: str, message: str, hint: str) -> None:
        orgs = self.registry.organizations

        def neighbours(o: Organization) -> tuple[str, ...]:
            value = getattr(o, attribute)
            return value if isinstance(value, tuple) else ((value,) if value else ())

        seen, pending = set(), list(neighbours(org))
        while pending:
            current = pending.pop()
            if current == org.id:
                self.fail(org.location, message.format(org.id), hint)
                return
            if current in seen or current not in orgs:
                continue
            seen.add(current)
            pending.extend(neighbours(orgs[current]))


def _closest_hint(wanted: str, known, fallback: str = "kiểm tra lại mã") -> str:
    import difflib

    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    return f"có phải ý bạn là “{close[0]}”?" if close else fallback


def load_records(root: Path, shown_root: str | None = None) -> LoadResult:
    """Read every record under root. Problems name files as `shown_root/...` (default: the folder's name)."""
    root = Path(root)
    shown_root = shown_root or root.name
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(Location(shown_root), "không tìm thấy thư mục bản ghi", "kiểm tra đường dẫn records"))
        return LoadResult(Registry(), problems)
    checker = SchemaChecker()
    builder = _Builder()
    checked_records = []
    for path, shown, kind in _record_files(root, shown_root, problems):
        value, parse_problems = read_record_file(path, shown)
        problems.extend(parse_problems)
        if value is None:
            continue
        record = checker.check_record(value, RECORD_SCHEMAS[kind])
        if record is not None:
            checked_records.append((kind, record))
    problems.extend(checker.problems)
    # Organizations first, so plans can be checked against the registry in any file order.
    order = {"to-chuc": 0, "nhom": 0, "chi-thi": 1, "ke-hoach": 2}
    for kind, record in sorted(checked_records, key=lambda kr: order[kr[0]]):
        if record.get("id") is None:
            continue  # the missing id is already reported
        builder.add(kind, record)
    builder.check_references()
    problems.extend(builder.problems)
    problems.sort(key=lambda p: (p.location, p.message))
    return LoadResult(builder.registry, problems)


def load_or_raise(root: Path, shown_root: str | None = None) -> LoadResult:
    result = load_records(root, shown_root)
    if result.errors:
        raise RecordsInvalid(result.problems)
    return result

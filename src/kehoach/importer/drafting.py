"""The draft records as YAML text: the plan (ke-hoach/), the organizations and groups the registry
lacks (to-chuc/, nhom/) and the source text (nguon/), in the layout of a records folder.

The YAML is written here, not by a YAML library, so that each value the importer is unsure of is
followed by its `# KIỂM TRA: <why>` comment; every file is read back with the project's own reader
(`kehoach.records.yamlsource`) and must give exactly the data it was written from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kehoach.domain.model import Directive, first_words
from kehoach.domain.textfold import fold
from kehoach.domain.vocabulary import DeadlineKind, LeadRole, Level, OrganizationKind
from kehoach.importer.assignments import Assignments, DraftTask, Mention, NewOrganization, OrgIndex, guess_kind, name_key, new_organization_id
from kehoach.importer.structure import LEVEL_NAMES, Document, Unit, is_upper
from kehoach.records.schema import DIRECTIVE, PLAN, SIGNER, SOURCE_FOLDER, parse_date, suggest_slug
from kehoach.records.yamlsource import parse_record_text, plain_data

CHECK = "KIỂM TRA"
_WIDTH = 100
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()
_DIRECTIVE_NUMBER = re.compile(r"(?:Chỉ thị|Nghị quyết|Kết luận|Quy định|Quyết định)\s+(?:số\s+)?(\d+[-/][\wĐđ/.-]*\w)")
_FULL_REFERENCE = re.compile(
    r"(?P<kind>Chỉ thị|Nghị quyết|Kết luận|Quy định|Quyết định)\s+số\s+(?P<number>\d+[-/][\wĐđ/.-]*\w)\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})"
    r"\s+của\s+(?P<issuer>.+?)\s+(?P<title>về\s.+?)(?=\s*\(sau đây|\s*;|$)"
)
_MAKES_PLAN = re.compile(r"\s+(?:xây dựng|ban hành)\s+(?:kế hoạch|chương trình)", re.IGNORECASE)


@dataclass(frozen=True)
class Marked:
    """A value the importer is unsure of, with why: written with a `# KIỂM TRA` comment."""

    value: Any
    why: str


@dataclass
class DraftFile:
    relative: str  # below the out folder, with "/"
    text: str


@dataclass
class Draft:
    plan_id: str
    files: list[DraftFile]
    summary: list[str]
    checks: int = 0


# ---------------------------------------------------------------- YAML text


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _INDICATORS or "\n" in value:
        return False
    if ": " in value or " #" in value or value.endswith(":") or any(not c.isprintable() for c in value):
        return False
    if flow and any(c in value for c in ",[]{}"):
        return False
    return bool(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str")


def scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if _plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def _note(why: str) -> str:
    return f"  # {CHECK}: {' '.join(why.split())}" if why else ""


def _block_ok(text: str) -> bool:
    return text == text.strip() and "  " not in text and "\n" not in text and "\t" not in text and all(c.isprintable() for c in text)


def _wrapped(text: str, indent: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > _WIDTH - indent:
            lines.append(" " * indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(" " * indent + current)
    return lines


def _flow_map(mapping: dict[str, Any]) -> str | None:
    if any(isinstance(v, (dict, list, Marked)) for v in mapping.values()):
        return None
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in mapping.items() if v is not None) + "}"


def _entry(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    why = ""
    if isinstance(value, Marked):
        value, why = value.value, value.why
    note = _note(why)
    if value is None:
        return [f"{pad}{key}:{note}"]
    if isinstance(value, dict):
        flow = _flow_map(value) if key == "thoi_han" else None
        if flow is not None and len(pad) + len(key) + len(flow) < _WIDTH:
            return [f"{pad}{key}: {flow}{note}"]
        return [f"{pad}{key}:{note}", *_mapping(value, indent + 2)]
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list, Marked)) for v in value):
            return [f"{pad}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]{note}"]
        lines = [f"{pad}{key}:{note}"]
        for item in value:
            inner = _mapping(item, indent + 4)
            inner[0] = f"{pad}  - {inner[0][indent + 4 :]}"
            lines.extend(inner)
        return lines
    if isinstance(value, str) and len(pad) + len(key) + len(value) > _WIDTH and all(_block_ok(p) for p in value.split("\n\n")):
        # Folded: lines of a paragraph join with a space; two empty lines make the blank line between paragraphs.
        lines = [f"{pad}{key}: >-{note}"]
        for number, paragraph in enumerate(value.split("\n\n")):
            lines.extend([""] * (2 if number else 0) + _wrapped(paragraph, indent + 2))
        return lines
    return [f"{pad}{key}: {scalar(value)}{note}"]


def _mapping(mapping: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        lines.extend(_entry(key, value, indent))
    return lines


def _bare(value: Any) -> Any:
    """The data a value is read back as: marks dropped, absent values left out."""
    if isinstance(value, Marked):
        return _bare(value.value)
    if isinstance(value, dict):
        return {k: _bare(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


def _count_checks(value: Any) -> int:
    if isinstance(value, Marked):
        return 1 + _count_checks(value.value)
    if isinstance(value, dict):
        return sum(_count_checks(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_checks(v) for v in value)
    return 0


def yaml_text(record: dict[str, Any], comments: list[str], relative: str) -> str:
    """The record as YAML with its comments, read back by the project's reader to be sure."""
    text = "".join(f"# {line}\n" for line in comments) + "\n".join(_mapping(record, 0)) + "\n"
    value, problems = parse_record_text(relative, text)
    if value is None or problems or plain_data(value) != _bare(record):
        raise AssertionError(f"bản nháp {relative} không đọc lại được đúng như đã ghi: {[str(p) for p in problems]}")
    return text


# ---------------------------------------------------------------- the records


@dataclass
class _Context:
    index: OrgIndex
    directives: dict[str, Directive]
    source_name: str
    new: dict[str, NewOrganization] = field(default_factory=dict)  # by folded name
    taken: set[str] = field(default_factory=set)  # organization ids in use
    used_known: dict[str, int] = field(default_factory=dict)
    default_level: Level | None = None
    short_names: dict[int, Marked] = field(default_factory=dict)
    directive_records: list[dict[str, Any]] = field(default_factory=list)

    def org(self, mention: Mention) -> tuple[str, str]:
        """The id a mention stands for (a new organization drafted when unknown), and any doubt."""
        if mention.org_id is not None:
            self.used_known[mention.org_id] = self.used_known.get(mention.org_id, 0) + 1
            return mention.org_id, mention.doubt
        return self.new_org(mention.text), f"tổ chức mới “{mention.text}”, chưa có trong danh mục"

    def new_org(self, written: str) -> str:
        key = name_key(written.removeprefix("các ").removeprefix("Các "))
        found = self.new.get(key)
        if found is None:
            kind, level, is_group = guess_kind(written)
            name = written[0].upper() + written[1:] if written[:1].islower() else written
            found = NewOrganization(new_organization_id(name, self.taken), name, kind, level, is_group)
            self.taken.add(found.id)
            self.new[key] = found
        if written not in found.written:
            found.written.append(written)
        return found.id


def _unit_positions(document: Document) -> dict[int, str]:
    """Each unit's place as readers say it (“B.II.4, ý 1”), by id()."""
    positions: dict[int, str] = {}

    def visit(units: list[Unit], prefix: str) -> None:
        for number, unit in enumerate(units, 1):
            bare = unit.label.strip().rstrip("-.):–—•+").strip()
            if bare:
                place = f"{prefix}.{bare}" if prefix else bare
            else:
                place = f"{prefix}, ý {number}" if prefix else f"ý {number}"
            positions[id(unit)] = place
            visit(unit.children, place if bare else f"{prefix}.{number}" if prefix else str(number))

    visit(document.units, "")
    return positions


def _unit_slugs(document: Document) -> dict[int, str]:
    slugs: dict[int, str] = {}

    def visit(units: list[Unit], prefix: str) -> None:
        for number, unit in enumerate(units, 1):
            bare = unit.label.strip().rstrip("-.):–—•+").strip()
            part = suggest_slug(bare) if bare else str(number)
            slug = f"{prefix}-{part}" if prefix else part
            slugs[id(unit)] = slug
            visit(unit.children, slug)

    visit(document.units, "")
    return slugs


def _deadline_record(task: DraftTask, ids: dict[int, str]) -> Any:
    deadline = task.deadline
    record: dict[str, Any] = {"loai": deadline.kind.value}
    if deadline.kind is DeadlineKind.DATE:
        record["ngay"] = deadline.value_text()
    elif deadline.kind is DeadlineKind.MONTH:
        record["thang"] = deadline.value_text()
    elif deadline.kind is DeadlineKind.QUARTER:
        record["quy"] = deadline.value_text()
    elif deadline.kind is DeadlineKind.YEAR:
        record["nam"] = deadline.year
    elif deadline.kind is DeadlineKind.AFTER and task.after is not None:
        record["sau"] = ids[id(task.after)]
    record.update(deadline.record_values())  # dinh-ky, khoang, truoc-su-kien
    if deadline.written:
        record["nguyen_van"] = deadline.written
    return Marked(record, task.deadline_doubt) if task.deadline_doubt else record


def _refs(mentions: list[Mention], context: _Context, extra_doubt: str = "") -> Any:
    ids: list[str] = []
    doubts: list[str] = []
    for mention in mentions:
        org_id, doubt = context.org(mention)
        if org_id not in ids:
            ids.append(org_id)
        if doubt and doubt not in doubts:
            doubts.append(doubt)
    if extra_doubt:
        doubts.append(extra_doubt)
    return Marked(ids, "; ".join(doubts)) if doubts else ids


def _task_record(task: DraftTask, context: _Context, ids: dict[int, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": ids[id(task)]}
    if task.excerpt:
        record["van_ban"] = task.excerpt
    if id(task) in context.short_names:
        record["ten_ngan"] = context.short_names[id(task)]
    record["chu_tri"] = _refs(task.leads, context)
    record["vai_tro"] = task.role.value
    if task.partners:
        record["phoi_hop"] = _refs(task.partners, context)
    if task.report_to:
        record["bao_cao"] = _refs(task.report_to, context, task.report_doubt)
    record["thoi_han"] = _deadline_record(task, ids)
    return record


def _task_ids(document: Document, assignments: Assignments) -> dict[int, str]:
    slugs = _unit_slugs(document)
    by_unit: dict[int, list[DraftTask]] = {}
    for task in assignments.tasks:
        by_unit.setdefault(id(task.unit), []).append(task)
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for unit_tasks in by_unit.values():
        for number, task in enumerate(unit_tasks, 1):
            base = slugs[id(task.unit)] + (f"-nv{number}" if len(unit_tasks) > 1 else "")
            if base.startswith(("muc-", "chu-thich-", "ve-chu-thich-")):
                base = "nv-" + base
            candidate, extra = base, 2
            while candidate in taken:
                candidate, extra = f"{base}-{extra}", extra + 1
            taken.add(candidate)
            ids[id(task)] = candidate
    return ids


def _short_names(document: Document, assignments: Assignments) -> dict[int, Marked]:
    """A short name for each task that readers would otherwise not tell from an earlier one (same
    place in the plan, same first words: a document that repeats a number and a sentence)."""
    positions = _unit_positions(document)
    seen: dict[str, int] = {}
    names: dict[int, Marked] = {}
    for task in assignments.tasks:
        words = first_words(" ".join((task.excerpt or task.unit.text or "").split()))
        label = f"{positions.get(id(task.unit), '')}: {words}".casefold()
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            why = "hai nhiệm vụ cùng số mục và cùng câu chữ đầu: tên ngắn đặt tạm để phân biệt, sửa lại"
            names[id(task)] = Marked(f"{words.rstrip('…')} ({seen[label]})", why)
    return names


def _section(unit: Unit, tasks_of: dict[int, list[DraftTask]], context: _Context, ids: dict[int, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"so": unit.label}
    if unit.heading:
        record["tieu_de"] = unit.heading
    if unit.text:
        record["van_ban"] = unit.text
    tasks = tasks_of.get(id(unit), [])
    if tasks:
        record["nhiem_vu"] = [_task_record(task, context, ids) for task in tasks]
    if unit.children:
        record["muc"] = [_section(child, tasks_of, context, ids) for child in unit.children]
    return record


def _resolve_line(line: str, context: _Context) -> str | None:
    """A heading line that is wholly one registry name (“TỈNH ỦY HƯNG YÊN”), as its id."""
    mentions = context.index.mentions(line)
    if len(mentions) == 1 and mentions[0].org_id is not None and fold(mentions[0].text) == fold(line.strip(" .")):
        context.used_known[mentions[0].org_id] = context.used_known.get(mentions[0].org_id, 0) + 1
        return mentions[0].org_id
    return None


def _issuer(document: Document, context: _Context) -> tuple[Any, Any, str]:
    """co_quan_ban_hanh and co_quan_cap_tren as the heading shows them, and how the issuer was found."""
    lines = document.heading.issuing_lines
    if lines:
        issuer_line = lines[-1]
        superior_line = lines[-2] if len(lines) > 1 else None
        superior: Any = None
        if superior_line is not None:
            known = _resolve_line(superior_line, context)
            superior = known or Marked(context.new_org(superior_line), f"tổ chức mới “{superior_line}” (dòng tên cơ quan cấp trên), chưa có trong danh mục")
        known = _resolve_line(issuer_line, context)
        if known is None and superior_line is not None:
            known = _resolve_line(f"{issuer_line} {superior_line}", context)
        if known is not None:
            return known, superior, "dòng tên cơ quan ở đầu văn bản"
        # “BAN THƯỜNG VỤ” under “TỈNH ỦY HƯNG YÊN” names the body of that committee; “HUYỆN ỦY VĂN LÂM”
        # under “ĐẢNG BỘ TỈNH HƯNG YÊN” is a whole name already (it says its level).
        bare_body = superior_line is not None and guess_kind(issuer_line)[1] is None and fold(superior_line) not in fold(issuer_line)
        name = f"{issuer_line} {superior_line}" if bare_body else issuer_line
        where = "ghép từ các dòng tên cơ quan ở đầu văn bản" if bare_body else "dòng tên cơ quan ban hành ở đầu văn bản"
        why = f"tổ chức mới “{name}” ({where}), chưa có trong danh mục"
        return Marked(context.new_org(name), why), superior, "dòng tên cơ quan ở đầu văn bản, tổ chức mới"
    for paragraph in document.preamble:
        mentions = context.index.mentions(paragraph)
        for mention in mentions:
            if _MAKES_PLAN.match(paragraph, mention.end):
                org_id, _ = context.org(mention)
                why = f"văn bản không có dòng tên cơ quan ban hành; suy ra từ đoạn mở đầu “{mention.text}{_MAKES_PLAN.match(paragraph, mention.end).group()}”"  # type: ignore[union-attr]
                return Marked(org_id, why), None, "đoạn mở đầu, văn bản không có dòng tên cơ quan"
    return Marked(None, "không tìm thấy cơ quan ban hành: ghi mã tổ chức ban hành"), None, ""


def _directives(document: Document, context: _Context) -> Any:
    text = " ".join([document.heading.title or "", *document.preamble])
    found: list[str] = []
    unknown: list[str] = []
    by_number = {d.number.upper(): d.id for d in context.directives.values()}
    for match in _DIRECTIVE_NUMBER.finditer(text):
        number = match.group(1).upper()
        directive_id = by_number.get(number)
        if directive_id is not None and directive_id not in found:
            found.append(directive_id)
        elif directive_id is None and match.group(0) not in unknown:
            unknown.append(match.group(0))
    if not found:
        drafted = _draft_directive(document, context)
        if drafted is not None:
            return Marked([drafted], f"chỉ thị mới, chưa có trong danh mục: xem chi-thi/{drafted}.yml")
        what = f"văn bản nêu {', '.join(unknown)} nhưng danh mục chưa có" if unknown else "không thấy chỉ thị nào mà kế hoạch thực hiện"
        return Marked([], f"{what}: thêm bản ghi chi-thi/ rồi ghi mã vào đây")
    if unknown:
        return Marked(found, f"văn bản còn nêu {', '.join(unknown)}, chưa có trong danh mục")
    return found


def _draft_directive(document: Document, context: _Context) -> str | None:
    """A directive record for the one the plan implements, when the registry lacks it and the title (or
    the preamble) gives its number, date, issuer and title; its id, or None."""
    for text in (document.heading.title or "", *document.preamble):
        match = _FULL_REFERENCE.search(text)
        if match is None:
            continue
        date = parse_date(match.group("date"))[0]
        mentions = context.index.mentions(match.group("issuer"))
        if date is None or len(mentions) != 1 or mentions[0].text != match.group("issuer").strip():
            continue
        issuer, doubt = context.org(mentions[0])
        kind = match.group("kind")
        initials = "".join(word[0] for word in fold(kind).split())
        directive_id = suggest_slug(f"{initials} {match.group('number')} {date.year}")
        if directive_id in context.directives:
            directive_id = suggest_slug(f"{directive_id}-moi")
        record: dict[str, Any] = {
            "id": directive_id,
            "loai": kind,
            "so_ky_hieu": match.group("number"),
            "co_quan_ban_hanh": Marked(issuer, doubt) if doubt else issuer,
            "ngay": f"{date.day}/{date.month}/{date.year}",
            "trich_yeu": match.group("title").rstrip(" .,;"),
        }
        source_kind = DIRECTIVE.field("nguon_goc")
        if source_kind is not None and source_kind.choices is not None:
            record["nguon_goc"] = Marked(source_kind.choices["RECONSTRUCTION"].value, "dựng lại từ câu kế hoạch dẫn chiếu; chưa có bản chép của chỉ thị")
        record["nguon"] = f"Số, ngày, cơ quan ban hành và trích yếu theo văn bản {context.source_name}"
        context.directive_records.append(record)
        return directive_id
    return None


def _plan_id(document: Document, issuer: Any, directive_ids: list[str], taken: set[str], fallback: str) -> str:
    heading = document.heading
    if heading.number:
        base = "kh-" + suggest_slug(heading.number) + (f"-{heading.date[2]}" if heading.date else "")
    else:
        issuer_id = issuer.value if isinstance(issuer, Marked) else issuer
        parts = [p for p in (issuer_id, directive_ids[0] if directive_ids else None) if p]
        base = "kh-" + ("-".join(parts) if parts else suggest_slug(fallback.rsplit(".", 1)[0]))  # the file's name without its extension
    base = suggest_slug(base)[:70].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def build_draft(document: Document, assignments: Assignments, index: OrgIndex, directives: dict[str, Directive], plan_ids: set[str], source_name: str, source_text: str) -> Draft:
    context = _Context(index, directives, source_name, taken=set(index.organizations))
    heading = document.heading
    issuer, superior, issuer_from = _issuer(document, context)
    directive_value = _directives(document, context)
    directive_ids = directive_value.value if isinstance(directive_value, Marked) else directive_value
    plan_id = _plan_id(document, issuer, directive_ids, plan_ids, source_name)
    ids = _task_ids(document, assignments)
    context.short_names = _short_names(document, assignments)
    tasks_of: dict[int, list[DraftTask]] = {}
    for task in assignments.tasks:
        tasks_of.setdefault(id(task.unit), []).append(task)

    plan: dict[str, Any] = {"id": Marked(plan_id, "mã đặt tự động, là địa chỉ trang: sửa cho ngắn gọn trước khi công bố, rồi đổi tên tệp theo")}
    plan["loai"] = heading.kind or Marked(None, "không thấy dòng loại văn bản (KẾ HOẠCH…): ghi loại như ở đầu văn bản")
    plan["trich_yeu"] = heading.title or Marked(None, "không thấy trích yếu sau dòng loại văn bản: chép trích yếu vào đây")
    plan["co_quan_ban_hanh"] = issuer
    if superior is not None:
        plan["co_quan_cap_tren"] = superior
    _source_fields(plan, heading.issuing_lines, context.source_name)
    if heading.number:
        plan["so_ky_hieu"] = heading.number
    else:
        written = f"dòng số ghi “{heading.number_written}”, chưa có số" if heading.number_written else "văn bản không ghi số"
        plan["so_ky_hieu"] = Marked(None, f"{written}: để trống, không tự điền")
    if heading.date:
        day, month, year = heading.date
        plan["ngay"] = f"{day}/{month}/{year}"
    else:
        written = f"dòng ngày ghi “{heading.date_written}”, chưa đủ ngày" if heading.date_written else "văn bản không ghi ngày"
        plan["ngay"] = Marked(None, f"{written}: để trống, không tự điền")
    plan["dia_danh"] = heading.place or Marked(None, "văn bản không ghi địa danh: để trống, không tự điền")
    plan["thuc_hien"] = directive_value
    plan["van_ban_nguon"] = f"{SOURCE_FOLDER}/{plan_id}.txt"
    if document.preamble:
        plan["mo_dau"] = "\n\n".join(document.preamble)
    plan["noi_dung"] = [_section(unit, tasks_of, context, ids) for unit in document.units]
    marks: list[str] = []
    if document.recipients:
        recipients = []
        for line in document.recipients:
            record: dict[str, Any] = {"van_ban": line.text}
            mentions = context.index.mentions(line.text)
            whole = _recipient_name(line.text)
            if whole and all(m.org_id is None for m in mentions) and guess_kind(whole)[0] is not None:
                # A recipient line names one addressee: the whole line, not the pieces found in it.
                mentions = [Mention(0, len(whole), whole, None)]
            if mentions:
                record["to_chuc"] = _refs(mentions, context)
            else:
                record["to_chuc"] = Marked(None, "không nhận ra tổ chức nào ở dòng này: ghi mã nếu có")
            if line.purpose is not None:
                record["muc_dich"] = line.purpose.value
            if line.mark:
                record["chu_thich"] = line.mark
                if line.mark not in marks:
                    marks.append(line.mark)
            recipients.append(record)
        plan["noi_nhan"] = recipients
    signer = document.signer
    signer_note = "không tìm thấy"
    name_field = SIGNER.field("ho_ten")
    name_optional = name_field is not None and not name_field.required
    if signer is not None and signer.authority and signer.position and (signer.name or name_optional):
        plan["ky"] = {"quyen_han": signer.authority, "chuc_vu": signer.position}
        plan["ky"]["ho_ten"] = signer.name or Marked(None, "không thấy họ tên người ký: để trống, không tự điền")
        signer_note = f"{signer.authority} — {signer.position} — {signer.name or 'chưa rõ họ tên'}"
    elif signer is not None:
        signer_note = "thiếu " + ", ".join(w for w, v in (("thẩm quyền", signer.authority), ("chức vụ", signer.position), ("họ tên", signer.name)) if not v) + " — không ghi"
    if marks:
        plan["chu_thich"] = Marked([{"ky_hieu": mark} for mark in marks], "văn bản có ký hiệu chú thích nhưng bản đọc được không có nội dung chú thích: thêm noi_dung nếu có")

    source_label = context.source_name
    files: list[DraftFile] = []
    checks = _count_checks(plan)
    comments = [
        f"Bản nháp do “kehoach nhap” soạn từ {source_label}.",
        f"Đọc lại từng chỗ ghi “{CHECK}” và đối chiếu với văn bản nguồn ({SOURCE_FOLDER}/{plan_id}.txt) trước khi đưa vào bản ghi.",
    ]
    files.append(DraftFile(f"ke-hoach/{plan_id}.yml", yaml_text(plan, comments, f"ke-hoach/{plan_id}.yml")))
    default_level = _level_of(issuer, context)
    for new in context.new.values():
        folder = "nhom" if new.is_group else "to-chuc"
        org: dict[str, Any] = {"id": new.id}
        forms = ", ".join(f"“{w}”" for w in new.written)
        org["ten"] = Marked(new.name, f"tên chép từ văn bản ({forms}); viết lại tên đầy đủ" + ("; văn bản viết chữ hoa" if is_upper(new.name) else ""))
        kind = new.kind or OrganizationKind.PARTY_COMMITTEE
        org["loai"] = Marked(kind.value, "đoán từ tên" if new.kind else "không đoán được từ tên: chọn loại đúng")
        level = new.level or default_level or Level.PROVINCE
        org["cap"] = Marked(level.value, "đoán từ tên" if new.level else "tên không nói cấp: lấy cấp của cơ quan ban hành")
        if new.is_group:
            org["thanh_vien_day_du"] = False
        relative = f"{folder}/{new.id}.yml"
        checks += _count_checks(org)
        files.append(DraftFile(relative, yaml_text(org, [f"Tổ chức mới do “kehoach nhap” soạn từ {source_label}: văn bản nhắc tới, danh mục chưa có."], relative)))
    for directive in context.directive_records:
        relative = f"chi-thi/{directive['id']}.yml"
        checks += _count_checks(directive)
        files.append(DraftFile(relative, yaml_text(directive, [f"Chỉ thị mới do “kehoach nhap” soạn từ {source_label}: kế hoạch thực hiện nó, danh mục chưa có."], relative)))
    files.append(DraftFile(f"{SOURCE_FOLDER}/{plan_id}.txt", source_text))

    summary = _summary(document, assignments, context, heading, issuer, issuer_from, plan, signer_note, checks, _unit_positions(document))
    return Draft(plan_id, files, summary, checks)


def _source_fields(plan: dict[str, Any], issuing_lines: list[str], source_name: str) -> None:
    """The heading lines as written and where the text comes from, for a schema that has these fields."""
    if issuing_lines and PLAN.field("tieu_de_co_quan") is not None:
        plan["tieu_de_co_quan"] = list(issuing_lines)
    kind = PLAN.field("nguon_goc")
    if kind is not None and kind.choices is not None:
        # The draft copies every unit of the file it read: the whole document if the file is.
        whole = kind.choices["FULL_TEXT"]
        why = f"chép từ tệp {source_name}; nếu tệp chỉ là một phần văn bản, ghi {kind.choices['EXCERPT'].value}"
        plan["nguon_goc"] = Marked(whole.value, why)
    if PLAN.field("nguon") is not None:
        plan["nguon"] = Marked(None, f"văn bản lấy từ đâu (nơi đăng, số lưu trữ, người cung cấp): lệnh chỉ biết tên tệp {source_name}")


def _recipient_name(text: str) -> str:
    """A recipient line without its purpose (“(b/c)”), “Lưu” and final punctuation."""
    name = re.sub(r"\([^)]*\)", "", text)
    name = re.sub(r"^\s*Lưu\s+(?:tại\s+)?", "", name)
    return " ".join(name.split()).strip(" ,.;")


def _level_of(issuer: Any, context: _Context) -> Level | None:
    issuer_id = issuer.value if isinstance(issuer, Marked) else issuer
    org = context.index.organizations.get(issuer_id) if issuer_id else None
    if org is not None:
        return org.level
    return next((n.level for n in context.new.values() if n.id == issuer_id), None)


def _count_units(document: Document) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _, unit in document.walk():
        counts[unit.level] = counts.get(unit.level, 0) + 1
    return counts


def _summary(
    document: Document, assignments: Assignments, context: _Context, heading: Any, issuer: Any, issuer_from: str,
    plan: dict[str, Any], signer_note: str, checks: int, positions: dict[int, str],
) -> list[str]:  # fmt: skip
    unknown = "chưa rõ"
    issuer_id = issuer.value if isinstance(issuer, Marked) else issuer
    lines = [
        f"Đầu văn bản: {heading.kind or '(không thấy loại văn bản)'} “{_short(heading.title or '')}”",
        f"  cơ quan ban hành: {issuer_id or unknown}" + (f" (theo {issuer_from})" if issuer_from else "")
        + f"; số: {heading.number or unknown}; ngày: {plan['ngay'] if isinstance(plan['ngay'], str) else unknown}; địa danh: {heading.place or unknown}",
    ]  # fmt: skip
    counts = _count_units(document)
    parts = ", ".join(f"{count} {LEVEL_NAMES[level]}" for level, count in sorted(counts.items()))
    lines.append(f"Cấu trúc: {sum(counts.values())} mục đánh số ({parts}); đoạn mở đầu: {'có' if document.preamble else 'không có'}.")
    roles: dict[LeadRole, int] = {}
    for task in assignments.tasks:
        roles[task.role] = roles.get(task.role, 0) + 1
    kinds: dict[DeadlineKind, int] = {}
    for task in assignments.tasks:
        kinds[task.deadline.kind] = kinds.get(task.deadline.kind, 0) + 1
    role_text = ", ".join(f"{role.label}: {count}" for role, count in roles.items())
    kind_text = ", ".join(f"{kind.label}: {count}" for kind, count in kinds.items())
    lines.append(f"Nhiệm vụ: {len(assignments.tasks)} ({role_text}); thời hạn — {kind_text or 'không có'}.")
    known = ", ".join(sorted(context.used_known))
    lines.append(f"Tổ chức đã có trong danh mục: {len(context.used_known)}" + (f" ({known})" if known else "") + ".")
    if context.new:
        new = "; ".join(f"{n.name} → {'nhom' if n.is_group else 'to-chuc'}/{n.id}.yml" for n in context.new.values())
        lines.append(f"Tổ chức mới (danh mục chưa có, đã soạn bản ghi): {len(context.new)} — {new}.")
    for directive in context.directive_records:
        lines.append(f"Chỉ thị mới (danh mục chưa có, đã soạn bản ghi theo câu dẫn chiếu): {directive['loai']} {directive['so_ky_hieu']} → chi-thi/{directive['id']}.yml.")
    recipients = plan.get("noi_nhan", [])
    unplaced_recipients = sum(1 for r in recipients if isinstance(r.get("to_chuc"), Marked) and r["to_chuc"].value is None)
    lines.append(f"Nơi nhận: {len(recipients)} dòng" + (f" ({unplaced_recipients} dòng chưa nhận ra tổ chức)" if unplaced_recipients else "") + f"; khối chữ ký: {signer_note}.")
    if assignments.unassigned:
        places = ", ".join(positions.get(id(u), u.label) for u in assignments.unassigned)
        lines.append(f"Không đặt được nhiệm vụ (đoạn không nêu đơn vị được giao): {places}.")
    if document.unplaced:
        lines.append("Dòng không đặt được vào phần nào: " + "; ".join(f"“{_short(line, 60)}”" for line in document.unplaced) + ".")
    lines.append(f"Cần kiểm tra: {checks} chỗ ghi “# {CHECK}”.")
    return lines


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

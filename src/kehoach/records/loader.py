"""Load a records folder into a Registry, or report every problem found in it at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import os
import pickle
import re
import stat
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from kehoach.domain.confidentiality import rank
from kehoach.domain.graph import chain, cycles, longest_chains
from kehoach.domain.model import Deadline, Organization, Period, Plan, Registry, Section, Task, Update
from kehoach.domain.problems import Location, Problem, RecordsInvalid, Severity
from kehoach.domain.status import first_period, update_period
from kehoach.domain.textfold import fold_key, look_alike_key, visible_name
from kehoach.domain.vocabulary import DeadlineKind, UpdateState
from kehoach.records.schema import (
    DEADLINE,
    DEADLINE_MAY_HAVE,
    DEADLINE_NEEDS,
    PERIOD_FORMS,
    PERIOD_HINT,
    RECORD_SCHEMAS,
    RECURRENCE_MONTHS,
    SOURCE_FOLDER,
    SOURCE_SUFFIXES,
    WINDOWS_RESERVED,
    Checked,
    Field,
    Kind,
    RecordSchema,
    Ref,
    RefersTo,
    SchemaChecker,
    folder_meant,
    parse_period,
)
from kehoach.records.yamlsource import YMap, YValue, cap_problems, from_plain_tree, plain_tree, read_record_file, read_text_file

RECORD_SUFFIXES = (".yml", ".yaml")
# Share of the record files a second process reads while this one reads and checks the rest: parsing
# is about two thirds of the time spent on a file here, and the results come back cheaply.
READ_ELSEWHERE = 0.5


class SharedMap(Protocol):
    """Maps a function over items, part of them possibly in another process; results in order."""

    def __call__(self, function: Callable[[Any], Any], items: Sequence[Any], *, share: float, encode: Callable[[Any], Any], decode: Callable[[Any, Any], Any]) -> Iterable[Any]: ...


# A task id is an anchor on the plan page, beside the anchors the page makes itself.
RESERVED_TASK_ID_PREFIXES = ("muc-", "chu-thich-", "ve-chu-thich-")

# The deadline fields that go with some kinds only, in the schema's order.
_DEADLINE_VALUE_FIELDS = tuple(f.name for f in DEADLINE.fields if any(f.name in names for names in (*DEADLINE_NEEDS.values(), *DEADLINE_MAY_HAVE.values())))
# A deadline this many years after the directive it carries out is past the directive's horizon:
# a slip of the year, most likely (2091 for 2019).
_HORIZON_YEARS = 10

# References to these are checked once every record is read; a reference to a plan or a task is
# checked where it is read, against that plan.
_CHECKED_LATER = {
    RefersTo.ORGANIZATION: "_org_refs",
    RefersTo.ORGANIZATION_OR_GROUP: "_org_refs",
    RefersTo.DIRECTIVE: "_directive_refs",
    RefersTo.FIGURE: "_figure_refs",
}


# Field kinds whose value is not copied as it is to the model (see _Builder._arguments).
_CONVERTED = (Kind.REF, Kind.REFS, Kind.TEXTS, Kind.OBJECT, Kind.OBJECTS)


@dataclass(frozen=True)
class _Mapping:
    """How a schema's fields fill its model's arguments (worked out once per schema)."""

    fields: dict[str, tuple[Field, str, bool]]  # field name → (field, model attribute, whether the value is converted)
    absent: tuple[tuple[str, Any], ...]  # (attribute, value) for a field not written whose attribute has no default
    required: tuple[str, ...]


@cache
def _mapping(schema: RecordSchema) -> _Mapping:
    assert schema.model is not None, f"schema “{schema.name}” names no model"
    defaults = {f.name for f in dataclasses.fields(schema.model) if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING}
    return _Mapping(
        fields={spec.name: (spec, spec.attribute, spec.kind in _CONVERTED) for spec in schema.fields},
        absent=tuple((spec.attribute, () if spec.kind in (Kind.REFS, Kind.TEXTS, Kind.OBJECTS) else None) for spec in schema.fields if spec.attribute not in defaults),
        required=tuple(spec.name for spec in schema.fields if spec.required),
    )


def _complete(checked: Checked) -> bool:
    """Every required field has a value (a list, one valid item at least); what is missing is already reported."""
    values = checked.values
    for name in _mapping(checked.schema).required:
        value = values.get(name)
        if value is None or value == []:
            return False
    return True


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


# Files people leave by accident: reported as warnings, never read.
_FOOTNOTE_MARK = re.compile(r"[0-9A-Za-z*]{1,4}")
_SAYS_SECRET = re.compile(r"\bmật\b")  # with its tones: "mặt trận", "mất" are other words

# Beyond these, a structure is a mistake (or an attack), not a plan: real groups nest two or three
# deep, and an office files its updates a folder or two below records/cap-nhat/.
MAX_GROUP_NESTING = 10
MAX_FOLDER_DEPTH = 12

_BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".swo", ".tmp", ".rej")


def _is_record_name(name: str) -> bool:
    return name.lower().endswith(RECORD_SUFFIXES)


_WINDOWS_FORBIDDEN = set('<>:"|?*\\')


def _unportable_name(relative: str) -> str:
    """Why Windows cannot hold a path of the records folder, or ''."""
    for part in relative.split("/"):
        bad = sorted(set(part) & _WINDOWS_FORBIDDEN)
        if bad:
            return "có ký tự " + " ".join(bad)
        if part.split(".", 1)[0].strip().lower() in WINDOWS_RESERVED:
            return f"“{part.split('.', 1)[0]}” là tên thiết bị dành riêng"
        if part.endswith((".", " ")):
            return "kết thúc bằng dấu chấm hoặc dấu cách"
    return ""


def _walk(root: Path, on_error: Callable[[OSError], None]) -> Iterable[tuple[str, list[str], list[str]]]:
    """`os.walk` from the top, names sorted, symbolic links not followed — but with a stack of
    its own: Python 3.11's `os.walk` recurses, and a deep enough folder tree overflows it."""
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError as error:
            on_error(error)
            continue
        dirs.sort()
        files.sort()
        yield folder, dirs, files  # the caller may remove folders it will not enter
        pending.extend(os.path.join(folder, name) for name in reversed(dirs) if not os.path.islink(os.path.join(folder, name)))


def count_record_files(root: Path) -> int:
    """How many record files (.yml, .yaml) a folder holds, outside hidden folders, as far down as the loader reads."""
    count = 0
    for folder, dirs, files in _walk(root, lambda error: None):
        depth = Path(folder).relative_to(root).as_posix().count("/") + (folder != str(root))
        dirs[:] = [] if depth >= MAX_FOLDER_DEPTH else [d for d in dirs if not d.startswith(".")]
        count += sum(1 for name in files if _is_record_name(name) and not name.startswith("."))
    return count


def _record_files(root: Path, shown_root: str, problems: list[Problem], sources: dict[str, str]) -> list[tuple[Path, str, str]]:
    """(path, shown path, kind) of every record file; everything else under root is reported.

    Nothing is skipped without a word: hidden files and folders, editor backups and other
    non-record files are warnings; a record-looking file that will not be read (a `.yml.txt`, a
    symbolic link, a record outside the kind folders) is an error, so the build stops. Source texts
    (`nguon/*.md|txt`) go into `sources` (path relative to root → shown path), read when a plan names them.
    """
    found = []
    kinds = list(RECORD_SCHEMAS)
    seen_names: dict[str, str] = {}

    def walk_error(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        relative = where.relative_to(root).as_posix() if where.is_relative_to(root) else where.name
        problems.append(Problem(Location(f"{shown_root}/{relative}".rstrip("/.")), f"không đọc được thư mục: {error.strerror}", "kiểm tra quyền đọc thư mục"))

    for folder, dirs, files in _walk(root, walk_error):
        folder_path = Path(folder)
        # Strings, not a Path per file: tens of thousands of files at province size.
        folder_relative = folder_path.relative_to(root).as_posix()
        folder_prefix = "" if folder_relative == "." else folder_relative + "/"
        depth = folder_prefix.count("/")
        for name in list(dirs):
            path = folder_path / name
            shown = f"{shown_root}/{path.relative_to(root).as_posix()}/"
            if depth >= MAX_FOLDER_DEPTH:
                dirs.remove(name)
                hint = "chuyển các bản ghi lên thư mục nông hơn"
                problems.append(Problem(Location(shown), f"thư mục lồng nhau quá sâu (tối đa {MAX_FOLDER_DEPTH} cấp dưới {shown_root}/), không được đọc", hint))
            elif name.startswith("."):
                dirs.remove(name)
                hint = "chuyển bản ghi ra khỏi thư mục ẩn; tên thư mục không được bắt đầu bằng dấu chấm"
                problems.append(Problem(Location(shown), "thư mục ẩn trong thư mục bản ghi bị bỏ qua", hint, Severity.WARNING))
            elif path.is_symlink():
                dirs.remove(name)
                problems.append(Problem(Location(shown), "thư mục là liên kết tượng trưng (symlink), không được đọc", "thay liên kết bằng thư mục thật chứa bản ghi"))
        for name in sorted(files):
            path = folder_path / name
            relative = folder_prefix + name
            shown = f"{shown_root}/{relative}"
            parts = relative.split("/")
            top = parts[0] if len(parts) > 1 else ""
            if any(part.startswith(".") for part in parts):
                problems.append(Problem(Location(shown), "tệp ẩn trong thư mục bản ghi bị bỏ qua", "xóa tệp nếu không cần; tệp bản ghi không được bắt đầu bằng dấu chấm", Severity.WARNING))
                continue
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                mode = 0
            if stat.S_ISLNK(mode):
                problems.append(Problem(Location(shown), "tệp là liên kết tượng trưng (symlink), không được đọc", "thay liên kết bằng tệp thật"))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(Location(shown), "không phải tệp thông thường, không được đọc", "xóa nó khỏi thư mục bản ghi"))
                continue
            # The records are checked out on office Windows PCs too: a name Windows cannot hold
            # breaks every clone there, and two names that differ only in case overwrite each other.
            why = _unportable_name(relative)
            if why:
                problems.append(Problem(Location(shown), f"tên “{relative}” không dùng được trên Windows: {why}", "đổi tên tệp hoặc thư mục: chữ, số, gạch nối"))
                continue
            folded = unicodedata.normalize("NFC", relative).casefold()
            if folded in seen_names and top != "cap-nhat":  # update files have their own, stricter check
                message = f"tên tệp chỉ khác {seen_names[folded]} ở chữ hoa, chữ thường hoặc cách gõ dấu"
                problems.append(Problem(Location(shown), message, "đổi tên một trong hai tệp; trên Windows và macOS chúng là một tệp"))
                continue
            seen_names.setdefault(folded, shown)
            if name.lower().endswith(_BACKUP_SUFFIXES):
                problems.append(Problem(Location(shown), "tệp sao lưu của trình soạn thảo bị bỏ qua", "xóa tệp này", Severity.WARNING))
                continue
            if top == SOURCE_FOLDER and len(parts) == 2 and name.lower().endswith(SOURCE_SUFFIXES):
                sources[relative] = shown
                continue
            if not _is_record_name(name):
                stem, dot, suffix = name.rpartition(".")
                if dot and _is_record_name(stem):
                    problems.append(Problem(Location(shown), f"tệp bản ghi có đuôi thừa “.{suffix}” nên không được đọc", f"đổi tên thành “{stem}”"))
                else:
                    hint = f"đổi đuôi thành .yml nếu là bản ghi, hoặc chuyển ra ngoài {shown_root}/"
                    problems.append(Problem(Location(shown), "tệp không phải bản ghi YAML (.yml) bị bỏ qua", hint, Severity.WARNING))
                continue
            if top not in RECORD_SCHEMAS:
                close = difflib.get_close_matches(fold_key(top), kinds, n=1, cutoff=0.6) if top else []
                if close:
                    hint = f"có phải ý bạn là thư mục {shown_root}/{close[0]}/?"
                else:
                    hint = "chuyển vào một trong: " + ", ".join(f"{shown_root}/{k}/" for k in kinds)
                problems.append(Problem(Location(shown), "bản ghi không nằm trong thư mục của loại bản ghi nào", hint))
                continue
            found.append((path, shown, top))
    return found


# A new deadline further than this many years from the build's today is most likely a mistyped year.
_FAR_YEARS = 20
# Units whose values count whole things (people, party cells, reports): never negative, never fractional.
_COUNT_UNITS = frozenset(fold_key(u) for u in (
    "người", "đảng viên", "quần chúng", "chi bộ", "đảng bộ", "tổ chức", "tổ chức đảng", "đơn vị", "cơ sở", "cơ quan",
    "lượt", "lượt người", "hồ sơ", "văn bản", "trường hợp", "cuộc", "hội nghị", "lớp", "đoàn", "cái", "việc", "vụ",
))
_PERCENT_UNITS = frozenset(fold_key(u) for u in ("%", "phần trăm", "tỷ lệ %", "tỉ lệ %"))


def _figure_value_problem(value: float, unit: str) -> str:
    """Why `value` cannot be a figure counted in `unit`, or "" (the schema already bounds every number)."""
    key = fold_key(unit)
    if key in _PERCENT_UNITS and not 0 <= value <= 100:
        return f"{value} không phải một tỷ lệ phần trăm từ 0 đến 100"
    if key in _COUNT_UNITS:
        if value < 0:
            return f"{value} {unit} là số âm; số đếm không thể âm"
        if not float(value).is_integer():
            return f"{value} {unit} không phải số nguyên; số đếm không có phần lẻ"
    return ""


class _Builder:
    """Turns checked records into model objects and checks what crosses files."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.problems: list[Problem] = []
        self.registry = Registry()
        self._figure_refs: list[Ref] = []
        self._defined_at: dict[tuple[str, str], Location] = {}
        self._org_refs: list[Ref] = []
        self._single_org_refs: list[Ref] = []  # fields that take an organization, never a group
        self._directive_refs: list[Ref] = []
        self._plan_refs: list[Ref] = []  # plans a document cites (can_cu): every plan is read first
        # Records that were written but could not be read whole (issue 14, point 7: one cause, one
        # error). By kind ("to-chuc", "ke-hoach", "nhiem-vu:<plan>"…): the ids they declared, or for a
        # record whose id was refused, its file's name. A reference to one of them is not also told
        # that it names nothing. A plan with a task whose id was refused is in _unnamed_broken: its
        # unknown task references may all be that task.
        self._broken_ids: dict[str, set[str]] = {}
        self._unnamed_broken: set[str] = set()
        # Each task's leads and partners as written (plan id, references), for _check_party_units.
        self._assigned: list[tuple[str, list[Ref]]] = []
        self._field_at: dict[tuple[str, str], Location] = {}
        # Update ids (feed entry ids, HTML anchors) → the file that has the id.
        self._update_ids: dict[str, Location] = {}
        # Source texts found in each records folder (relative path → shown path), and those a plan used.
        self.sources: dict[Path, dict[str, str]] = {}
        self._used_sources: set[str] = set()
        # Each task's deadline as written (by task key), to point a warning about its dates at the field.
        self._deadline_checked: dict[str, Checked] = {}

    def fail(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint))

    def note_unreadable(self, kind: str, path: str) -> None:
        """A record file whose id could not be read (its problems are reported): references to the
        name of its file are taken to mean it, and are not errors of their own."""
        namespace = "to-chuc" if kind == "nhom" else kind
        self._broken_ids.setdefault(namespace, set()).add(PurePosixPath(path).stem)

    def _claim(self, namespace: str, record_id: str, location: Location, what: str) -> bool:
        first = self._defined_at.get((namespace, record_id))
        if first is not None:
            self.fail(location, f"mã {what} “{record_id}” đã được dùng ở {first}", "đặt mã khác, hoặc gộp hai bản ghi")
            return False
        self._defined_at[(namespace, record_id)] = location
        return True

    def _arguments(self, checked: Checked, **given: Any) -> dict[str, Any]:
        """The arguments of the model that a record or group of fields becomes (`RecordSchema.model`).

        Each field's value goes to the attribute the field declares (`Field.attribute`): references
        as ids — remembered, to be checked once every record is read —, lists as tuples, a nested
        group of fields as its own model (None while one of its required fields has no value). A
        field without a value leaves the model's default. `given` holds the arguments that take
        real logic, computed by the caller (the fields declaring them are skipped here), and those
        that no field gives (where the record was read, a group flag…).
        """
        mapping = _mapping(checked.schema)
        arguments: dict[str, Any] = {}
        for name, value in checked.values.items():  # the fields written with a valid value
            spec, attribute, converted = mapping.fields[name]
            if attribute in given:
                continue
            if converted:
                kind = spec.kind
                if kind is Kind.REF:
                    self._remember(spec, (value,))
                    value = value.id
                elif kind is Kind.REFS:
                    self._remember(spec, value)
                    value = tuple(dict.fromkeys(ref.id for ref in value))
                elif kind is Kind.TEXTS:
                    value = tuple(value)
                elif kind is Kind.OBJECT:
                    value = self._nested(value)
                else:
                    value = tuple(model for model in map(self._nested, value) if model is not None)
            arguments[attribute] = value
        for attribute, value in mapping.absent:
            if attribute not in arguments:
                arguments[attribute] = value
        arguments.update(given)
        return arguments

    def _model(self, r: Checked, **given: Any) -> Any:
        """A record as its model, every field copied (see _arguments); `given` adds what no field gives."""
        assert r.schema.model is not None
        return r.schema.model(**self._arguments(r, location=r.location, **given))

    def _nested(self, checked: Checked) -> Any:
        """A nested group of fields as its model; None (its references still remembered) while incomplete."""
        arguments = self._arguments(checked)
        if not _complete(checked):
            return None
        assert checked.schema.model is not None
        return checked.schema.model(**arguments)

    def _remember(self, spec: Field, refs: Iterable[Ref]) -> None:
        target = _CHECKED_LATER.get(spec.refers_to) if spec.refers_to else None
        if target is not None:
            refs = list(refs)
            getattr(self, target).extend(refs)
            if spec.refers_to is RefersTo.ORGANIZATION:
                self._single_org_refs.extend(refs)

    def add(self, kind: str, record: Checked, example: bool = False, folder: Path | None = None) -> None:
        if record.schema.field("do_mat") is not None:
            self._check_unmarked_secret(record)
        cites = record.schema.field("can_cu")
        if cites is not None and cites.kind is Kind.OBJECTS:  # a report's can_cu is its evidence, one object
            self._check_citations(record)
        if kind == "cap-nhat":
            self._add_cap_nhat(record, example)
        elif kind == "ke-hoach":
            self._add_ke_hoach(record, folder)
        else:
            getattr(self, "_add_" + kind.replace("-", "_"))(record)

    def _source_text(self, r: Checked, folder: Path | None) -> str | None:
        """The text of the source file a plan names (`van_ban_nguon`), or None with the problem reported."""
        written = r.get("van_ban_nguon")
        if not written:
            return None
        where = r.at("van_ban_nguon")
        known = self.sources.get(folder, {}) if folder is not None else {}
        # File names compared as NFC: a Mac writes "bản" decomposed, the record holds it composed.
        by_name = {unicodedata.normalize("NFC", name): name for name in known}
        relative = by_name.get(unicodedata.normalize("NFC", written.strip().replace("\\", "/")), written.strip().replace("\\", "/"))
        if relative not in known:
            close = difflib.get_close_matches(relative, list(known), n=1, cutoff=0.7)
            hint = f"có phải ý bạn là “{close[0]}”?" if close else f"đặt tệp .md hoặc .txt vào thư mục {SOURCE_FOLDER}/ của thư mục bản ghi và ghi “{SOURCE_FOLDER}/tên-tệp.md”"
            self.fail(where, f"không có tệp văn bản nguồn “{written}”", hint)
            return None
        assert folder is not None
        self._used_sources.add(known[relative])
        text, problems = read_text_file(folder / relative, known[relative])
        if text is None:
            self.problems.extend(problems)
            return None
        if not text.strip():
            self.fail(Location(known[relative]), "tệp văn bản nguồn trống", "chép nguyên văn văn bản vào tệp, hoặc bỏ trường “van_ban_nguon:”")
            return None
        return text

    def check_unused_sources(self) -> None:
        for sources in self.sources.values():
            for shown in sources.values():
                if shown not in self._used_sources:
                    self.problems.append(Problem(Location(shown), "tệp văn bản nguồn không được kế hoạch nào dùng", "ghi “van_ban_nguon:” trong bản ghi kế hoạch, hoặc xóa tệp", Severity.WARNING))

    def _add_chi_tieu(self, r: Checked) -> None:
        if not self._claim("chi-tieu", r.get("id"), r.at("id"), "chỉ tiêu"):
            return
        self.registry.figures[r.get("id")] = self._model(r)

    def _add_cap_nhat(self, r: Checked, example: bool) -> None:
        if not _complete(r):
            # What is missing is already reported; the references that are written are still
            # checked, so the editor sees every problem of the report at once.
            self._arguments(r, location=r.location, example=example)  # its organizations and figures, checked later
            plan_ref: Ref | None = r.get("ke_hoach")
            plan = self._plan_of_update(plan_ref) if plan_ref is not None else None
            if plan is not None:
                for ref in r.get("nhiem_vu") or ():
                    self._task_of_update(plan, ref)
            return
        relative = r.location.path.split("/cap-nhat/", 1)[-1].rsplit(".", 1)[0]
        # The id folds case, marks, spaces, “_” and folders away, so two files can share one.
        update_id = fold_key(relative.replace("/", "-"))
        first = self._update_ids.setdefault(update_id, Location(r.location.path))
        if first.path != r.location.path:
            self.fail(
                Location(r.location.path),
                f"tệp cập nhật trùng mã “{update_id}” với tệp {first.path}: tên hai tệp chỉ khác nhau ở chữ hoa, dấu, dấu cách, “_”, đuôi tệp hoặc thư mục",
                "đổi tên một trong hai tệp; mã cập nhật là địa chỉ của nó trên trang và trong bản tin",
            )
            return
        # The report's own arguments first: its references are checked even when its plan is not found.
        arguments = self._arguments(r, id=update_id, location=r.location, example=example)
        plan = self._plan_of_update(r.get("ke_hoach"))
        organization_id = arguments["organization_id"]
        if plan is None:
            return
        secrecy = r.get("do_mat")
        if rank(secrecy) > rank(plan.secrecy):
            plan_mark = f"“{plan.secrecy.label}”" if plan.secrecy else "không đóng dấu mật"
            self.fail(r.at("do_mat"), f"độ mật “{secrecy.label}” cao hơn độ mật của kế hoạch ({plan_mark})", "báo cáo mật hơn kế hoạch cần kế hoạch được đóng dấu tương ứng; kiểm tra lại do_mat")
        date: dt.date = r.get("ngay")
        period: Period | None = None
        if r.get("ky") is not None:
            period, why = parse_period(str(r.get("ky")))
            if period is None:
                self.fail(r.at("ky"), f"trường “ky”: {why}", PERIOD_HINT)
        arguments["period"] = period
        found: list[Task] = []
        for ref in r.get("nhiem_vu"):
            task = self._task_of_update(plan, ref)
            if task is None:
                continue
            found.append(task)
            self._check_period(r, task, date, period)
            if organization_id in self.registry.organizations and organization_id not in self.registry.reached_by(task):
                message = f"“{organization_id}” không có phần trong nhiệm vụ “{ref.id}” (không chủ trì, không phối hợp, không thuộc nhóm được giao)"
                self.problems.append(Problem(r.at("to_chuc"), message, "kiểm tra lại mã tổ chức hoặc mã nhiệm vụ", Severity.WARNING))
        if period is not None and found and not any(t.deadline.recurrence for t in found):
            kinds = ", ".join(f"“{t.id}”: {t.deadline.kind.label}" for t in found)
            self.fail(r.at("ky"), f"trường “ky” chỉ dùng khi báo cáo nhiệm vụ lặp lại (hằng năm, định kỳ); ở đây không có ({kinds})", "xóa dòng này")
        earliest = plan.date or min((self.registry.directives[d].date for d in plan.directive_ids if d in self.registry.directives), default=None)
        what = "ngày ban hành kế hoạch" if plan.date else "ngày ban hành chỉ thị mà kế hoạch thực hiện"
        if earliest and date < earliest:
            self.fail(r.at("ngay"), f"ngày báo cáo {date:%d/%m/%Y} trước {what} ({earliest:%d/%m/%Y})", "kiểm tra lại ngày báo cáo")
        if date > self.today:
            self.fail(r.at("ngay"), f"ngày báo cáo {date:%d/%m/%Y} ở tương lai (hôm nay là {self.today:%d/%m/%Y})", "kiểm tra lại ngày báo cáo")
        state = r.get("trang_thai")
        completed_on = r.get("ngay_hoan_thanh")
        if completed_on and state is not UpdateState.DONE:
            self.fail(r.at("ngay_hoan_thanh"), f"chỉ ghi ngay_hoan_thanh khi trang_thai là {UpdateState.DONE}", "xóa dòng này hoặc sửa trang_thai")
        if completed_on and completed_on > date:
            self.fail(r.at("ngay_hoan_thanh"), "ngày hoàn thành sau ngày báo cáo", "ngày hoàn thành phải trước hoặc trùng ngày báo cáo")
        # Work cannot be finished before it was assigned: a completion date before the plan (or its
        # directive) is a typing slip (2091 for 2019, 1919 for 2019), and would count as done early.
        if completed_on and earliest and completed_on < earliest:
            self.fail(r.at("ngay_hoan_thanh"), f"ngày hoàn thành {completed_on:%d/%m/%Y} trước {what} ({earliest:%d/%m/%Y})", "kiểm tra lại ngày hoàn thành")
        new_due: dt.date | None = r.get("han_moi")
        if new_due and new_due.year > self.today.year + _FAR_YEARS:
            message = f"hạn mới {new_due:%d/%m/%Y} xa hơn {_FAR_YEARS} năm so với hôm nay ({self.today:%d/%m/%Y})"
            self.problems.append(Problem(r.at("han_moi"), message, "kiểm tra lại năm của hạn mới", Severity.WARNING))
        if state in (UpdateState.STOPPED, UpdateState.ADJUSTED) and not r.get("ly_do"):
            self.fail(r.at("trang_thai"), f"trạng thái “{state}” cần lý do", "thêm “ly_do: …”")
        if r.get("han_moi") and state is not UpdateState.ADJUSTED:
            self.fail(r.at("han_moi"), f"chỉ ghi han_moi khi trang_thai là {UpdateState.ADJUSTED}", "xóa dòng này hoặc sửa trang_thai")
        for value in r.get("so_lieu", []):
            figure_period = value.get("ky")
            if figure_period and not _is_period(figure_period):
                self.fail(value.at("ky"), f"kỳ số liệu “{figure_period}” không hợp lệ", "viết năm (2019), quý (II/2019) hoặc tháng (5/2019)")
            figure_ref: Ref | None = value.get("chi_tieu")
            figure = self.registry.figures.get(figure_ref.id) if figure_ref is not None else None
            number = value.get("gia_tri")
            if figure is not None and figure.unit and number is not None:  # a figure with a bad unit is reported already
                why = _figure_value_problem(number, figure.unit)
                if why:
                    self.fail(value.at("gia_tri"), f"trường “gia_tri”: {why}", f"chỉ tiêu “{figure.id}” tính bằng “{figure.unit}”")
        self.registry.updates.append(Update(**arguments))

    def _plan_of_update(self, plan_ref: Ref) -> Plan | None:
        """The plan a report names, or None with the problem reported."""
        plan = self.registry.plans.get(plan_ref.id)
        if plan is None and not self._follows_from_broken("ke-hoach", plan_ref.id):
            self.fail(plan_ref.location, f"không có kế hoạch mã “{plan_ref.id}”", _closest_hint(plan_ref.id, self.registry.plans))
        return plan

    def _task_of_update(self, plan: Plan, ref: Ref) -> Task | None:
        """A task a report names in its plan, or None with the problem reported."""
        task = self.registry.task(f"{plan.id}/{ref.id}")  # every plan is in: updates come last
        if task is None and not self._follows_from_broken(f"nhiem-vu:{plan.id}", ref.id):
            self.fail(ref.location, f"không có nhiệm vụ “{ref.id}” trong kế hoạch “{plan.id}”", _closest_hint(ref.id, [t.id for t in plan.tasks]))
        return task

    def _check_period(self, r: Checked, task: Task, date: dt.date, period: Period | None) -> None:
        """A report counts for one period of a recurring task: its `ky`, or the period holding its
        date. `ky` must be a period of the task's kind (a quarter for a quarterly task); a period
        the task does not have would be listed on the page but counted nowhere, so it is refused."""
        recurrence = task.deadline.recurrence
        if recurrence is None:
            return  # `ky` of a report on several tasks is for its recurring ones; none at all is checked by the caller
        months = recurrence.months
        if period is not None and period.months != months:
            form, example = PERIOD_FORMS[months]
            if period.months < months:  # the period it lies in
                hint = f"ghi kỳ theo {form}: {period} thuộc “ky: {Period.containing(period.start, months).written}”"
            else:
                hint = f"ghi kỳ theo {form}, ví dụ {example}"
            self.fail(r.at("ky"), f"kỳ “{r.get('ky')}” là một {period.kind_words}, nhưng nhiệm vụ “{task.id}” lặp lại {recurrence.label}", hint)
            return
        own = update_period_of(period, date, months)
        first = first_period(self.registry, task)
        words = own.kind_words
        if first is not None and own.start < first.start:
            where = r.at("ky") if period is not None else r.at("ngay")
            hint = f"sửa trường ky ({words} được báo cáo) hoặc ngày báo cáo"
            if task.deadline.kind is DeadlineKind.RECURRING and task.deadline.from_month is None:
                hint += "; nếu nhiệm vụ bắt đầu sớm hơn, ghi tu_thang vào thời hạn của nó"
            self.fail(where, f"báo cáo cho {own} nhưng nhiệm vụ {recurrence.label} “{task.id}” bắt đầu từ {first}", hint)
        elif period is not None and period.start > date:
            message = f"báo cáo ngày {date:%d/%m/%Y} cho {period} chưa tới: chỉ được tính khi đến {period}"
            self.problems.append(Problem(r.at("ky"), message, f"kiểm tra lại trường ky ({words} được báo cáo)", Severity.WARNING))

    def _check_same_day_reports(self) -> None:
        """Two reports of one organization on one task, on one day (and for one year), that
        disagree: which one the status follows would depend on file names, so the editor is told.
        Two organizations may well report differently on a day (one done, one still at work)."""
        seen: dict[tuple[str, str, dt.date, Period | None], Update] = {}
        for update in sorted(self.registry.updates, key=lambda u: (u.date, u.location.path)):
            for key in update.task_keys:
                task = self.registry.task(key)
                recurrence = task.deadline.recurrence if task is not None else None
                slot = (key, update.organization_id, update.date, update_period(update, recurrence.months) if recurrence else None)
                earlier = seen.get(slot)
                seen[slot] = update
                if earlier is not None and (earlier.state, earlier.done_on) != (update.state, update.done_on):
                    message = (
                        f"cùng ngày {update.date:%d/%m/%Y}, nhiệm vụ “{key.split('/', 1)[1]}” có báo cáo “{earlier.state.label}” ở {earlier.location.path}"
                        f" và “{update.state.label}” ở tệp này: hai báo cáo mâu thuẫn nhau"
                    )
                    self.problems.append(Problem(Location(update.location.path), message, "sửa hoặc xóa báo cáo sai, hoặc ghi ngày khác nhau", Severity.WARNING))

    def _add_to_chuc(self, r: Checked, is_group: bool = False) -> None:
        if not self._claim("to-chuc", r.get("id"), r.at("id"), "tổ chức"):
            return
        self.registry.organizations[r.get("id")] = self._model(r, is_group=is_group)
        for spec in r.schema.fields:
            if spec.kind in (Kind.REF, Kind.REFS):  # where a loop through parents or members is pointed at
                self._field_at[(r.get("id"), spec.attribute)] = r.at(spec.name)

    def _add_nhom(self, r: Checked) -> None:
        self._add_to_chuc(r, is_group=True)

    def _add_chi_thi(self, r: Checked) -> None:
        if not self._claim("chi-thi", r.get("id"), r.at("id"), "chỉ thị"):
            return
        self.registry.directives[r.get("id")] = self._model(r)

    def _add_ke_hoach(self, r: Checked, folder: Path | None = None) -> None:
        plan_id = r.get("id")
        if not self._claim("ke-hoach", plan_id, r.at("id"), "kế hoạch"):
            return
        task_ids: dict[str, Location] = {}
        after_refs: list[tuple[Task, Ref]] = []
        anchors: dict[str, tuple[Location, str, bool]] = {}
        # Sections are numbered and anchored by their place in the tree; the rest is copied.
        sections = tuple(
            self._section(plan_id, s, (), "muc", index, task_ids, after_refs, anchors) for index, s in enumerate(r.get("noi_dung", []), 1)
        )
        plan: Plan = self._model(r, sections=sections, source_text=self._source_text(r, folder))
        self.registry.plans[plan_id] = plan
        self._check_after_chain(plan, task_ids, after_refs)
        self._check_deadline_dates(plan)
        self._check_footnote_marks(r)
        labels: dict[str, Task] = {}
        for task in plan.tasks:  # readers tell tasks apart by their label: two alike would be one to them
            other = labels.setdefault(task.label.casefold(), task)
            if other is not task:
                self.fail(task.location, f"nhiệm vụ “{task.id}” hiện ra giống hệt nhiệm vụ “{other.id}”: “{task.label}”", "ghi “ten_ngan:” khác nhau cho hai nhiệm vụ")

    def _check_citations(self, r: Checked) -> None:
        """Each cited text is one record (chi_thi or ke_hoach) or one outside text (ten), and a
        document does not cite itself."""
        for citation in r.get("can_cu", []):
            named = [name for name in ("chi_thi", "ke_hoach", "ten") if name in citation.present]
            if len(named) != 1:
                what = "không ghi văn bản nào" if not named else "ghi cùng lúc " + ", ".join(f"“{n}”" for n in named)
                self.fail(citation.location, f"mục căn cứ {what}", "ghi đúng một trong: chi_thi (mã chỉ thị), ke_hoach (mã kế hoạch), ten (tên văn bản ngoài bộ bản ghi)")
            if citation.get("ke_hoach") is not None:
                self._plan_refs.append(citation.get("ke_hoach"))
            cited = citation.get("ke_hoach") if r.schema.name == "ke-hoach" else citation.get("chi_thi")
            if cited is not None and cited.id == r.get("id"):
                self.fail(cited.location, "văn bản căn cứ chính nó", "xóa mục này hoặc ghi mã của văn bản khác")

    def _check_unmarked_secret(self, r: Checked) -> None:
        """A circulation scope or a title that says “mật” on a record with no mark: the mark was
        probably forgotten, and the record would be published on every site."""
        if r.get("do_mat") is not None:
            return
        for name in ("pham_vi", "loai"):
            value = r.get(name)
            if isinstance(value, str) and _SAYS_SECRET.search(unicodedata.normalize("NFC", value).casefold()):
                message = f"trường “{name}” ghi “{value}” nhưng bản ghi không có do_mat: trang mặc định sẽ đăng văn bản này"
                self.problems.append(Problem(r.at(name), message, "nếu văn bản đóng dấu mật, thêm “do_mat: mat” (hoặc toi-mat, tuyet-mat)", Severity.WARNING))
                return

    def _check_footnote_marks(self, r: Checked) -> None:
        """A footnote mark is the anchor a recipient line links to: each one written as a short
        mark (it becomes part of an HTML id), once per plan, and every recipient's mark must exist."""
        marks: dict[str, Location] = {}
        for footnote in r.get("chu_thich", []):
            mark = footnote.get("ky_hieu")
            if mark is None:
                continue
            if not _FOOTNOTE_MARK.fullmatch(mark):
                self.fail(footnote.at("ky_hieu"), f"ký hiệu chú thích “{mark}” không dùng được", "ghi số hoặc chữ cái, tối đa 4 ký tự, ví dụ 1, 2, a, *")
            elif mark in marks:
                self.fail(footnote.at("ky_hieu"), f"ký hiệu chú thích “{mark}” đã dùng ở {marks[mark]}", "mỗi chú thích cần một ký hiệu riêng")
            else:
                marks[mark] = footnote.at("ky_hieu")
        for recipient in r.get("noi_nhan", []):
            mark = recipient.get("chu_thich")
            if mark is not None and mark not in marks:
                hint = f"các ký hiệu có: {', '.join(marks)}" if marks else "thêm chú thích vào danh sách “chu_thich:” của kế hoạch"
                self.fail(recipient.at("chu_thich"), f"không có chú thích ký hiệu “{mark}” trong kế hoạch", hint)

    def _section(
        self, plan_id: str, s: Checked, parent_path: tuple[str, ...], parent_anchor: str, index: int,
        task_ids: dict[str, Location], after_refs: list, anchors: dict[str, tuple[Location, str, bool]],
    ) -> Section:  # fmt: skip
        label = s.get("so")
        bare = (label or "").strip().rstrip("-.):").strip()
        step = bare if bare and bare != "" else str(index)
        path = parent_path + (step,)
        anchor = self._section_anchor(s, f"{parent_anchor}-{fold_key(step)}", parent_anchor, label if bare else None, index, anchors)
        position = ".".join(p for p in path[:-1])
        position = ((position + ".") if position else "") + bare if bare else f"{position}, ý {index}"
        if not s.get("tieu_de") and not s.get("van_ban"):
            self.fail(s.location, "mục không có tiêu đề cũng không có đoạn văn", "thêm “tieu_de:” hoặc “van_ban:”")
        if s.get("nhiem_vu") and not s.get("van_ban"):
            self.fail(s.at("nhiem_vu"), "nhiệm vụ phải gắn với một đoạn văn", "thêm “van_ban:” chứa câu chữ giao nhiệm vụ")
        tasks = []
        for t in s.get("nhiem_vu", []):
            task = self._task(plan_id, t, s.get("van_ban") or "", anchor, position)
            if task is None:
                # Its problems are reported; keep its id known so that a task which follows it
                # ("sau") or a report on it is not also told that it does not exist.
                broken_id = t.get("id")
                if broken_id is not None:
                    if broken_id in task_ids:  # said even so: every problem of the task at once
                        self.fail(t.at("id"), f"mã nhiệm vụ “{broken_id}” đã dùng ở {task_ids[broken_id]}", "mỗi nhiệm vụ trong kế hoạch cần một mã riêng")
                    task_ids.setdefault(broken_id, t.at("id"))
                    self._broken_ids.setdefault(f"nhiem-vu:{plan_id}", set()).add(broken_id)
                else:
                    self._unnamed_broken.add(f"nhiem-vu:{plan_id}")
                continue
            reserved = next((p for p in RESERVED_TASK_ID_PREFIXES if task.id.startswith(p)), None)
            if reserved:
                self.fail(t.at("id"), f"mã nhiệm vụ “{task.id}” bắt đầu bằng “{reserved}”, dành cho neo của trang kế hoạch", "đặt mã khác, ví dụ theo số mục: b-ii-4-ra-soat")
                task_ids.setdefault(task.id, t.at("id"))
                continue
            if task.id in task_ids:
                self.fail(t.at("id"), f"mã nhiệm vụ “{task.id}” đã dùng ở {task_ids[task.id]}", "mỗi nhiệm vụ trong kế hoạch cần một mã riêng")
                continue
            task_ids[task.id] = t.at("id")
            tasks.append(task)
            self._assigned.append((plan_id, [*t.get("chu_tri", []), *t.get("phoi_hop", [])]))
            after = t.get("thoi_han").get("sau") if t.get("thoi_han") else None
            if after is not None:
                after_refs.append((task, after))
        children = tuple(self._section(plan_id, c, path, anchor, i, task_ids, after_refs, anchors) for i, c in enumerate(s.get("muc", []), 1))
        section: Section = Section(**self._arguments(s, anchor=anchor, depth=len(path), children=children, tasks=tuple(tasks)))
        return section

    def _section_anchor(self, s: Checked, anchor: str, parent_anchor: str, label: str | None, index: int, anchors: dict[str, tuple[Location, str, bool]]) -> str:
        """The section's anchor on the plan page (`muc-` and its numbers), unique in the plan.

        Documents do repeat a number now and then (two “3.” in a row), and the records keep what the
        document says: a repeated number is a warning, and the later section's anchor gets “-2”
        (“-3”…) so that every link still leads to one section.
        """
        taken = anchors.get(anchor)
        if taken is None:
            anchors[anchor] = (s.location, parent_anchor, label is not None)
            return anchor
        unique = next(f"{anchor}-{n}" for n in range(2, len(anchors) + 3) if f"{anchor}-{n}" not in anchors)
        anchors[unique] = (s.location, parent_anchor, label is not None)
        where = s.at("so") if label is not None else s.location
        what = f"số mục “{label}”" if label is not None else f"mục thứ {index} (không ghi số)"
        other = "mục" if taken[2] else "số thứ tự của mục không ghi số"
        if taken[1] == parent_anchor:
            message = f"{what} trùng với {other} cùng cấp ở {taken[0]}; địa chỉ của mục này trên trang thành #{unique}"
            hint = "sửa số mục nếu gõ nhầm; nếu văn bản gốc đánh số trùng thì giữ nguyên"
        else:
            message = f"{what} cho địa chỉ #{anchor}, trùng với {other} ở {taken[0]}; địa chỉ của mục này trên trang thành #{unique}"
            hint = "kiểm tra số mục: địa chỉ ghép số của mục cha với số của mục con"
        self.problems.append(Problem(where, message, hint, Severity.WARNING))
        return unique

    def _task(self, plan_id: str, t: Checked, paragraph: str, anchor: str, position: str) -> Task | None:
        complete = _complete(t)
        excerpt = t.get("van_ban")
        paragraph = _one_line(paragraph)  # the same paragraph for every task of a section: made once
        if complete and excerpt and _one_line(excerpt) not in paragraph:
            self.fail(t.at("van_ban"), "câu chữ của nhiệm vụ không có trong đoạn văn của mục", "chép đúng nguyên văn một phần của “van_ban” của mục")
        both = [ref.id for ref in t.get("phoi_hop", []) if ref.id in {lead.id for lead in t.get("chu_tri", [])}]
        if both:
            message = f"{', '.join(f'“{o}”' for o in both)} vừa ở “chu_tri” vừa ở “phoi_hop” của nhiệm vụ"
            self.problems.append(Problem(t.at("phoi_hop"), message, "giữ ở một danh sách: đã chủ trì thì không ghi ở phối hợp", Severity.WARNING))
        deadline = self._deadline(t.get("thoi_han")) if complete else None
        if deadline is not None and t.get("id") is not None:
            self._deadline_checked[f"{plan_id}/{t.get('id')}"] = t.get("thoi_han")
        # The task's text is its excerpt or, without one, the whole paragraph it sits in.
        arguments = self._arguments(
            t, text=_one_line(excerpt) if excerpt else paragraph, deadline=deadline,
            plan_id=plan_id, paragraph=paragraph, section_anchor=anchor, position=position, location=t.location,
        )  # fmt: skip
        return Task(**arguments) if deadline is not None else None

    def _deadline(self, d: Checked) -> Deadline | None:
        kind = d.get("loai")
        if kind is None:
            return None
        needed = DEADLINE_NEEDS.get(kind, ())
        allowed = DEADLINE_MAY_HAVE.get(kind, ())
        ok = True
        for name in needed:
            if name not in d.present:
                self.fail(d.location, f"thời hạn loại “{kind}” cần trường “{name}”", f"thêm “{name}: …” vào thoi_han")
                ok = False
        for name in _DEADLINE_VALUE_FIELDS:
            if name in d.present and name not in needed and name not in allowed:
                self.fail(d.at(name), f"trường “{name}” không dùng với thời hạn loại “{kind}”", "xóa dòng này hoặc đổi loai")
                ok = False
        if not ok or any(d.get(name) is None for name in needed):
            return None  # the value's own problem is already reported
        given: dict[str, object] = {}
        if kind is DeadlineKind.RECURRING:
            every = RECURRENCE_MONTHS.get(d.get("moi_thang"))
            if every is None:
                choices = ", ".join(f"{r.months} ({r.label})" for r in RECURRENCE_MONTHS.values())
                self.fail(d.at("moi_thang"), f"trường “moi_thang”: “{d.get('moi_thang')}” không phải độ dài của một kỳ", f"ghi một trong: {choices}")
                return None
            given["every"] = every
        if kind is DeadlineKind.RANGE and d.get("tu") > d.get("den"):
            self.fail(d.at("den"), f"ngày kết thúc {d.get('den'):%d/%m/%Y} trước ngày bắt đầu {d.get('tu'):%d/%m/%Y}", "kiểm tra lại tu và den")
            return None
        deadline: Deadline = Deadline(**self._arguments(d, **given))
        return deadline

    def _check_deadline_dates(self, plan: Plan) -> None:
        """A deadline before the plan's own date (or, for a plan without a date, before its
        directive's) or more than _HORIZON_YEARS years after the directive's date: most likely a
        slip of the year. Warnings: a plan may well restate an earlier deadline."""
        directives = [self.registry.directives[d].date for d in plan.directive_ids if d in self.registry.directives]
        earliest = plan.date or min(directives, default=None)
        what = "ngày ban hành kế hoạch" if plan.date else "ngày ban hành chỉ thị mà kế hoạch thực hiện"
        horizon = max(directives, default=None)
        for task in plan.tasks:
            d = self._deadline_checked.get(task.key)
            if d is None:
                continue
            deadline = task.deadline
            dates: list[tuple[str, dt.date]] = []  # (field, the last day the deadline allows)
            if deadline.due_date is not None:
                field_name = {DeadlineKind.MONTH: "thang", DeadlineKind.QUARTER: "quy", DeadlineKind.YEAR: "nam", DeadlineKind.RANGE: "den"}.get(deadline.kind, "ngay")
                dates.append((field_name, deadline.due_date))
            if deadline.kind is DeadlineKind.EVERY_YEAR and deadline.from_year:
                dates.append(("tu_nam", dt.date(deadline.from_year, 12, 31)))
            if deadline.kind is DeadlineKind.RECURRING and deadline.from_month and deadline.every:
                dates.append(("tu_thang", Period.containing(deadline.from_month, deadline.every.months).end))
            for field_name, last_day in dates:
                if earliest is not None and last_day < earliest:
                    message = f"thời hạn {deadline.structured} đã qua trước {what} ({earliest:%d/%m/%Y})"
                    self.problems.append(Problem(d.at(field_name), message, "kiểm tra lại năm của thời hạn", Severity.WARNING))
                elif horizon is not None and last_day.year > horizon.year + _HORIZON_YEARS:
                    message = f"thời hạn {deadline.structured} cách ngày ban hành chỉ thị ({horizon:%d/%m/%Y}) hơn {_HORIZON_YEARS} năm, quá xa tầm của chỉ thị"
                    self.problems.append(Problem(d.at(field_name), message, "kiểm tra lại năm của thời hạn", Severity.WARNING))

    def _check_after_chain(self, plan: Plan, task_ids: dict[str, Location], after_refs: list[tuple[Task, Ref]]) -> None:
        follows: dict[str, str] = {}
        for task, ref in after_refs:
            if ref.id not in task_ids:
                if not self._follows_from_broken(f"nhiem-vu:{plan.id}", ref.id):
                    self.fail(ref.location, f"không có nhiệm vụ “{ref.id}” trong kế hoạch “{plan.id}”", _closest_hint(ref.id, task_ids))
            elif ref.id == task.id:
                self.fail(ref.location, f"nhiệm vụ “{task.id}” không thể đến hạn sau chính nó", "ghi mã của nhiệm vụ phải xong trước")
            else:
                follows[task.id] = ref.id
        # Each task waits for at most one other: walk each chain once, marking where the walk went.
        walk_of: dict[str, int] = {}
        on_loop: set[str] = set()
        for walk, start in enumerate(follows):
            current: str | None = start
            while current is not None and current not in walk_of:
                walk_of[current] = walk
                current = follows.get(current)
            if current is not None and walk_of[current] == walk:  # came back to this walk: a loop
                while current not in on_loop:
                    on_loop.add(current)
                    current = follows[current]
        reported: set[str] = set()
        for start in follows:
            if start in on_loop and start not in reported:
                loop = [start]
                while follows[loop[-1]] != start:
                    loop.append(follows[loop[-1]])
                reported.update(loop)
                self.fail(task_ids[start], f"thời hạn “sau” tạo thành vòng lặp: {_shortened([*loop, start])}", "một nhiệm vụ trong vòng phải có thời hạn riêng")

    def _check_look_alike_names(self) -> None:
        """Two organizations whose names look the same but are written with different characters
        (an invisible character, a Cyrillic o, U+043E, for a Latin o…): one may impersonate the other.
        The warning goes to the names that are not plainly written, naming a plainly written one."""
        alike: dict[str, list[Organization]] = {}
        for org in self.registry.organizations.values():
            if isinstance(org.name, str) and org.name:  # a missing name is reported already
                alike.setdefault(look_alike_key(org.name), []).append(org)
        for key, group in alike.items():
            if len({org.name for org in group}) < 2:
                continue
            plain = [org for org in group if " ".join(org.name.casefold().split()) == key]
            for org in group:
                if org in plain and len(plain) < len(group):
                    continue
                other = next(o for o in (plain or group) if o is not org)
                self.problems.append(Problem(
                    org.location,
                    f"tên “{visible_name(org.name)}” trông giống hệt tên của {other.location.path} nhưng viết bằng ký tự khác",
                    "gõ lại tên bằng bàn phím tiếng Việt; bỏ ký tự vô hình và chữ cái của bảng chữ khác",
                    Severity.WARNING,
                ))

    def _check_party_units(self) -> None:
        """A plan gives work within its issuer's party unit (and the units nested in it) and to those
        it is sent to: a lead or partner of another unit is likely a namesake picked by mistake —
        “Ban Tổ chức” of another province — and is a warning naming both units."""
        registry = self.registry
        orgs = registry.organizations
        for plan_id, refs in self._assigned:
            plan = registry.plans.get(plan_id)
            issuer_unit = registry.unit_of(plan.issuer_id) if plan is not None and plan.issuer_id in orgs else None
            if plan is None or issuer_unit is None:
                continue
            recipients = {org_id for recipient in plan.recipients for org_id in recipient.organization_ids}
            for ref in refs:
                unit = registry.unit_of(ref.id) if ref.id in orgs else None
                if unit is None or registry.unit_within(unit, issuer_unit) or ref.id in recipients or unit in recipients:
                    continue
                unit_name, issuer_unit_name = (orgs[u].name if u in orgs else u for u in (unit, issuer_unit))
                self.problems.append(Problem(
                    ref.location,
                    f"“{ref.id}” ({registry.display_name(ref.id)}) thuộc đảng bộ của {unit_name}, ngoài đảng bộ của cơ quan ban hành kế hoạch ({issuer_unit_name}) và không có trong nơi nhận",
                    "kiểm tra mã: có thể là tổ chức cùng tên của đảng bộ khác; nếu đúng là giao cho đơn vị ngoài đảng bộ, thêm đơn vị vào noi_nhan",
                    Severity.WARNING,
                ))

    def _follows_from_broken(self, namespace: str, wanted: str) -> bool:
        """Whether a reference that finds nothing names a record already reported as broken."""
        return wanted in self._broken_ids.get(namespace, ()) or namespace in self._unnamed_broken

    def check_references(self) -> None:
        orgs = self.registry.organizations
        for ref in self._org_refs:
            if ref.id not in orgs and not self._follows_from_broken("to-chuc", ref.id):
                self.fail(ref.location, f"không có tổ chức hoặc nhóm mã “{ref.id}”", _closest_hint(ref.id, orgs, "thêm tệp records/to-chuc/" + ref.id + ".yml"))
        # A field that takes an organization refuses a group whose members are listed: one of them
        # issues, reports, is the parent. A group that lists none stands for bodies the records do
        # not name one by one (the districts' standing committees): it may act as one.
        for ref in self._single_org_refs:
            group = orgs.get(ref.id)
            if group is not None and group.is_group and group.member_ids:
                members = ", ".join(group.member_ids[:3]) + (", …" if len(group.member_ids) > 3 else "")
                self.fail(ref.location, f"“{ref.id}” là một nhóm; trường này cần một tổ chức", f"ghi mã của một tổ chức, ví dụ một thành viên của nhóm: {members}")
        for ref in self._directive_refs:
            if ref.id not in self.registry.directives and not self._follows_from_broken("chi-thi", ref.id):
                self.fail(ref.location, f"không có chỉ thị mã “{ref.id}”", _closest_hint(ref.id, self.registry.directives, "thêm tệp records/chi-thi/" + ref.id + ".yml"))
        for ref in self._plan_refs:
            if ref.id not in self.registry.plans and not self._follows_from_broken("ke-hoach", ref.id):
                hint = _closest_hint(ref.id, self.registry.plans, f"thêm tệp records/ke-hoach/{ref.id}.yml, hoặc ghi văn bản ngoài bằng “ten:”")
                self.fail(ref.location, f"không có kế hoạch mã “{ref.id}”", hint)
        for ref in self._figure_refs:
            if ref.id not in self.registry.figures and not self._follows_from_broken("chi-tieu", ref.id):
                self.fail(ref.location, f"không có chỉ tiêu mã “{ref.id}”", _closest_hint(ref.id, self.registry.figures, "khai báo chỉ tiêu trong records/chi-tieu/" + ref.id + ".yml"))
        self._check_look_alike_names()
        self._check_party_units()
        self._check_same_day_reports()
        self._check_links(
            "member_ids", "nhóm “{}” chứa chính nó", "bỏ nhóm khỏi danh sách thanh_vien của nó hoặc của nhóm con",
            nesting=("nhóm “{}” lồng nhau quá sâu: {} ({} cấp, tối đa {})", "đưa thẳng các tổ chức vào nhóm lớn hơn thay vì lồng nhóm trong nhóm"),
        )
        self._check_links("parent_id", "tổ chức “{}” trực thuộc chính nó", "sửa trường truc_thuoc")

    def _check_links(self, attribute: str, message: str, hint: str, nesting: tuple[str, str] | None = None) -> None:
        """Report each loop that following `attribute` (members, parent) makes — once, at its first
        organization in file order — and, with `nesting`, each chain longer than MAX_GROUP_NESTING,
        where it grows too long. Linear in the number of links, however long the chains and loops."""
        orgs = self.registry.organizations

        def neighbours(org_id: str) -> tuple[str, ...]:
            value = getattr(orgs[org_id], attribute)
            linked = value if isinstance(value, tuple) else ((value,) if value else ())
            return tuple(other for other in linked if other in orgs)

        order = {org_id: position for position, org_id in enumerate(orgs)}
        loops = cycles(orgs, neighbours)
        for loop in sorted(loops, key=lambda members: min(order[m] for m in members)):
            first = min(loop, key=order.__getitem__)
            self._report_cycle(orgs[first], attribute, functools.partial(_within, neighbours, loop), message, hint)
        if nesting is None:
            return
        # Counted in groups: the organization at the bottom of a chain is not a level of nesting.
        on_loop = set().union(*loops)
        groups = [o for o in orgs if orgs[o].is_group and o not in on_loop]
        longest = longest_chains(groups, lambda o: tuple(n for n in neighbours(o) if n not in on_loop and orgs[n].is_group))
        for org_id, (length, _) in longest.items():
            if length == MAX_GROUP_NESTING + 1:
                self.fail(self._field_at.get((org_id, attribute), orgs[org_id].location), nesting[0].format(org_id, _shortened(chain(org_id, longest)), length, MAX_GROUP_NESTING), nesting[1])

    def _report_cycle(self, org: Organization, attribute: str, neighbours: Callable[[str], tuple[str, ...]], message: str, hint: str) -> None:
        """The shortest way round from `org` back to itself (breadth first)."""
        came_from: dict[str, str] = {}
        pending = deque((org.id, n) for n in neighbours(org.id))
        while pending:
            previous, current = pending.popleft()
            if current == org.id:
                loop = [org.id]
                step = previous
                while step != org.id:
                    loop.insert(1, step)
                    step = came_from[step]
                text = message.format(org.id) + ("" if len(loop) == 1 else " qua " + _shortened([*loop, org.id]))
                self.fail(self._field_at.get((org.id, attribute), org.location), text, hint)
                return
            if current in came_from:
                continue
            came_from[current] = previous
            pending.extend((current, n) for n in neighbours(current))


@functools.lru_cache(maxsize=64)
def _one_line(text: str) -> str:
    """A paragraph on one line, spaces collapsed; one shared copy for all the tasks of a section."""
    return " ".join(text.split())


def _within(neighbours: Callable[[str], tuple[str, ...]], loop: set[str], node: str) -> tuple[str, ...]:
    return tuple(n for n in neighbours(node) if n in loop)


def _shortened(links: list[str]) -> str:
    """A chain of ids as people read it: all of a short one, the two ends of a long one."""
    return " → ".join(links if len(links) <= 6 else [*links[:3], "…", *links[-2:]])


def _closest_hint(wanted: str, known, fallback: str = "kiểm tra lại mã") -> str:
    """“Did you mean …?” only for an id that is truly close: two letters off, or the known id with
    a part left off or added (ban-to-chuc for ban-to-chuc-tinh-uy). Ids of different things often
    share half their letters (ban-to-chuc, ban-tuyen-giao): those are not suggested."""
    for candidate in difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.6):
        if _edit_distance(wanted, candidate) <= 2 or _one_extends_the_other(wanted, candidate):
            return f"có phải ý bạn là “{candidate}”?"
    return fallback


def _one_extends_the_other(a: str, b: str) -> bool:
    short, long = sorted((a.split("-"), b.split("-")), key=len)
    return len(short) >= 2 and (long[: len(short)] == short or long[-len(short) :] == short)


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping at `limit` (ids are short; only “at most 2” matters)."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def update_period_of(period: Period | None, date: dt.date, months: int) -> Period:
    """The period a report is for: its `ky`, else the period of `months` months holding its date."""
    return period if period is not None else Period.containing(date, months)


def _is_period(text: str) -> bool:
    from kehoach.records.schema import _parse_month, _parse_quarter

    text = text.strip()
    if text.isdigit() and len(text) == 4:
        return True
    return _parse_month(text)[0] is not None or _parse_quarter(text)[0] is not None


def load_records(
    root: Path,
    shown_root: str | None = None,
    *,
    examples: Path | None = None,
    examples_shown: str | None = None,
    today: dt.date | None = None,
    map_files: SharedMap | None = None,
) -> LoadResult:
    """Read every record under root (and under `examples`, whose updates are marked illustrative).

    Problems name files as `shown_root/...` (default: the folder's name). `map_files` may read part
    of the files elsewhere (another process: kehoach.plugin.parallel.map_shared); by default every
    file is read here, in order — the same result either way.
    """
    roots = [(Path(root), shown_root or Path(root).name, False)]
    if examples is not None:
        roots.append((Path(examples), examples_shown or Path(examples).name, True))
    problems: list[Problem] = []
    checker = SchemaChecker()
    builder = _Builder(today or dt.date.today())
    checked_records = []
    for folder, shown, is_example in roots:
        if not folder.is_dir():
            problems.append(Problem(Location(shown), "không tìm thấy thư mục bản ghi", "kiểm tra đường dẫn"))
            continue
        sources: dict[str, str] = {}
        files = _record_files(folder, shown, problems, sources)
        builder.sources[folder] = sources
        if not files and not is_example:
            # An empty folder (a submodule never initialised, a wrong path) would publish an empty
            # site over the good one.
            problems.append(Problem(Location(shown), "thư mục bản ghi không có bản ghi nào (tệp .yml)", "kiểm tra đường dẫn thư mục bản ghi; dự án mới: chạy “kehoach init”"))
        for (_, shown_path, kind), (value, parse_problems) in zip(files, _read_files(files, map_files), strict=True):
            problems.extend(parse_problems)
            if value is None:
                builder.note_unreadable(kind, shown_path)
                continue
            meant = folder_meant(value.entries, kind) if isinstance(value, YMap) else None
            if meant is not None:
                # One line that says what happened, not a problem for each field of the other kind.
                schema, other = RECORD_SCHEMAS[kind], RECORD_SCHEMAS[meant]
                problems.append(Problem(value.location, f"tệp có các trường của {other.title}, không phải của {schema.title}", f"chuyển tệp vào thư mục {shown}/{meant}/"))
                builder.note_unreadable(kind, shown_path)
                continue
            before = len(checker.problems)
            record = checker.check_record(value, RECORD_SCHEMAS[kind])
            checker.problems[before:] = cap_problems(shown_path, checker.problems[before:])
            if record is not None:
                checked_records.append((kind, record, is_example, folder))
            else:
                builder.note_unreadable(kind, shown_path)
    problems.extend(checker.problems)
    # Organizations first, updates last, so references resolve whatever the file order.
    order = {"to-chuc": 0, "nhom": 0, "chi-tieu": 0, "chi-thi": 1, "ke-hoach": 2, "cap-nhat": 3}
    for kind, record, is_example, folder in sorted(checked_records, key=lambda entry: order[entry[0]]):
        if RECORD_SCHEMAS[kind].field("id") is not None and record.get("id") is None:
            builder.note_unreadable(kind, record.location.path)
            continue  # the missing id is already reported
        builder.add(kind, record, is_example, folder)
    builder.check_references()
    builder.check_unused_sources()
    problems.extend(builder.problems)
    problems.sort(key=lambda p: (p.location, p.message))
    builder.registry.updates.sort(key=lambda u: (u.date, u.location.path))
    return LoadResult(builder.registry, problems)


def _read(file: tuple[Path, str, str]) -> tuple[YValue | None, list[Problem]]:
    return read_record_file(file[0], file[1])


def _sendable(read: tuple[YValue | None, list[Problem]]) -> tuple:
    value, problems = read
    return (None if value is None else plain_tree(value), pickle.dumps(problems) if problems else None)


def _received(file: tuple[Path, str, str], sent: tuple) -> tuple[YValue | None, list[Problem]]:
    tree, problems = sent
    return (None if tree is None else from_plain_tree(file[1], tree), pickle.loads(problems) if problems else [])


def _read_files(files: list[tuple[Path, str, str]], map_files: SharedMap | None):
    """Each file's value and problems, in order; on two cores the later files are read by a second process."""
    if map_files is None:
        return map(_read, files)
    return map_files(_read, files, share=READ_ELSEWHERE, encode=_sendable, decode=_received)


def load_or_raise(root: Path, shown_root: str | None = None) -> LoadResult:
    result = load_records(root, shown_root)
    if result.errors:
        raise RecordsInvalid(result.problems)
    return result

"""Who is given what: organization mentions resolved against the registry, and the tasks a plan's
units assign (“X chủ trì, phối hợp với Y”, “giao X …”, “các huyện ủy … tổ chức …”, “X tham mưu …”,
“X hướng dẫn Y tổ chức …”).

Mentions are found by the registry's names, other names and abbreviations, organizations and groups
alike, compared through the Vietnamese fold (`kehoach.domain.textfold.fold`: with or without
diacritics, ủy/uỷ); an abbreviation's capitals must be capitals in the text (“TU” is not “tu”). A name
the registry does not know is taken from its head word (“Ban …”, “Ủy ban …”, “Văn phòng …”, “các chi
bộ”) to the first verb or punctuation, and drafted as a new organization. The subject of a unit is a
list of mentions at its start (after “Căn cứ …,”, “Hằng năm,” and the like); a unit ending in “:”
gives its subject to the units under it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kehoach.domain.model import Organization
from kehoach.domain.textfold import fold, fold_key
from kehoach.domain.vocabulary import DeadlineKind, LeadRole, Level, OrganizationKind
from kehoach.importer.deadlines import DeadlinePhrase, find_deadlines, is_deadline_phrase, unstated
from kehoach.importer.structure import Document, Unit

_WORD = re.compile(r"\w+(?:/\w+)*")
# What may stand between two words of one name: spaces, a comma (“huyện ủy, thành ủy”), a hyphen
# (“chính trị - xã hội”, “PT-TH”).
_INSIDE_NAME = re.compile(r"\s*,?\s*|\s*[-–]\s*")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:và\s+|cùng\s+)?|\s+(?:và|cùng)\s+", re.IGNORECASE)


def _norm(word: str) -> str:
    """A word lower-cased with its marks kept, the old and new tone placement of “ủy” made one."""
    return unicodedata.normalize("NFC", word).lower().replace("uỷ", "ủy")


# Head words of an organization's name, lower case with marks; single words must be capitalized in
# the text (or follow “các”), since they are also ordinary words (“ban hành”, “báo cáo”).
_HEADS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in (
        "ủy ban", "văn phòng", "thường trực", "huyện ủy", "thành ủy", "thị ủy", "tỉnh ủy", "quận ủy", "đảng ủy", "đảng đoàn", "đảng bộ",
        "chi bộ", "cấp ủy", "mặt trận", "liên đoàn", "trung tâm", "công an", "bí thư", "chuyên viên", "đồng chí", "đ/c", "ban", "hội",
        "đoàn", "báo", "đài", "trường", "phòng", "sở", "tổ chức đảng", "tổ chức cơ sở đảng", "cơ quan", "các ban", "ban cán sự",
        "công đoàn", "ủy ban nhân dân", "hội đồng nhân dân",
    )
)  # fmt: skip
_SINGLE_HEAD_NOT_BEFORE = {
    "ban": {"hành", "đầu", "ngày", "đêm", "bố"},
    "hội": {"nghị", "thảo", "viên", "nhập", "tụ", "thi", "diễn"},
    "đoàn": {"kết", "viên", "kiểm"},
    "báo": {"cáo", "chí"},
    "trường": {"hợp"},
    "phòng": {"ngừa", "chống"},
    "sở": {"dĩ"},
    "cơ": {"sở"},
}
_COMMITTEE_HEADS = {("huyện", "ủy"), ("thành", "ủy"), ("thị", "ủy"), ("tỉnh", "ủy"), ("quận", "ủy"), ("đảng", "ủy"), ("chi", "bộ"), ("đảng", "bộ")}
_LEVEL_WORDS = {("tỉnh",), ("huyện",), ("xã",), ("phường",), ("quận",), ("thị", "trấn"), ("thị", "xã"), ("thành", "phố"), ("cơ", "sở"), ("trực", "thuộc")}
# Lower-case words that end a name: verbs, prepositions, time words.
_STOP = set(
    """
    chủ phối tham hướng chỉ tổ thực xây triển có chịu căn phát theo đôn kiểm giám báo lãnh quán tuyên rà tiến
    nghiên tiếp thường tập làm giúp định hằng hàng trong từ đến trước sau khi và với của cho để nhằm về tại ở
    đã đang sẽ cần phải được bảo nắm đề tăng đẩy lựa giới kết thẩm xem quyết chuẩn tích nâng rút sơ tổng biểu
    khen duy hoàn như là mỗi những một năm tháng quý ngày đồng trên dưới gửi thông phổ vận bố ra vào lập nhận
    sớm kịp chủ động chấp quản tạo đưa hỗ cử dự mở kêu phản ghi xác
    """.split()  # noqa: SIM905 - a word list reads better as words
)
_INTRO = re.compile(r"(?:căn cứ|trên cơ sở|để|nhằm|theo|đồng thời|bên cạnh đó|ngoài ra|trước mắt|sau đó|thực hiện|tiếp theo|cùng với đó)(?!\w)", re.IGNORECASE)
_ENUMERATING_INTRO = re.compile(r"(?:căn cứ|trên cơ sở|theo)(?!\w)", re.IGNORECASE)
_VERB_START = re.compile(
    r"(?:tham mưu|chủ trì|hướng dẫn|thực hiện|tổ chức|xây dựng|triển khai|phối hợp|chỉ đạo|lãnh đạo|kiểm tra|giám sát|theo dõi|đôn đốc|báo cáo|tuyên truyền|quán triệt|rà soát|tiến hành)(?!\w)",
    re.IGNORECASE,
)
_ROLE = re.compile(r"(?<!\w)(chủ trì|tham mưu|hướng dẫn)(?!\w)", re.IGNORECASE)
_ROLES = {"chủ trì": LeadRole.LEADS, "tham mưu": LeadRole.ADVISES, "hướng dẫn": LeadRole.GUIDES}
_PARTNERS = re.compile(r"(?<!\w)phối hợp\s+(?:chặt chẽ\s+)?(?:với|cùng)\s+", re.IGNORECASE)
_REPORT_TO = re.compile(r"(?<!\w)báo cáo\s+(?:kết quả\s+(?:thực hiện\s+)?)?(?:(?:về|lên|cho|với)\s+)?", re.IGNORECASE)
_ADVISE_TO = re.compile(r"(?<!\w)tham mưu\s+(?:cho\s+|giúp\s+)?", re.IGNORECASE)
_DONE_BY = re.compile(r"(?<!\w)do\s+", re.IGNORECASE)
_DONE_BY_VERB = re.compile(r"\s*,?\s*(?:chủ trì|thực hiện|đảm nhiệm|phụ trách|tổ chức|tham mưu|hướng dẫn)(?!\w)", re.IGNORECASE)
_GIVEN_TO = re.compile(r"(?<!\w)giao\s+(?:cho\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    folded: str
    norm: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end(), fold(m.group()), _norm(m.group())) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Mention:
    """A name in the text: where it is, as written, and the registry id it resolved to (None: unknown)."""

    start: int
    end: int
    text: str
    org_id: str | None
    registry_name: str = ""  # the registry's form it matched
    doubt: str = ""


@dataclass(frozen=True)
class _Entry:
    folded: tuple[str, ...]
    capitals: tuple[bool, ...]  # a word written in capitals in an abbreviation must be capitals in the text
    norm: tuple[str, ...]
    org_id: str
    written: str


class OrgIndex:
    """The registry's organizations and groups by every name they go by."""

    def __init__(self, organizations: Iterable[Organization]) -> None:
        self.organizations = {org.id: org for org in organizations}
        self._by_first: dict[str, list[_Entry]] = {}
        for org in self.organizations.values():
            for names, abbreviation in ((( org.name,), False), (org.aliases, False), (org.abbreviations, True)):
                for name in names:
                    words = _tokens(name)
                    if not words:
                        continue
                    capitals = tuple(abbreviation and len(w.text) > 1 and w.text.upper() == w.text and any(c.isalpha() for c in w.text) for w in words)
                    entry = _Entry(tuple(w.folded for w in words), capitals, tuple(w.norm for w in words), org.id, name)
                    self._by_first.setdefault(entry.folded[0], []).append(entry)
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e.folded))

    def _known_at(self, text: str, tokens: list[_Token], index: int) -> tuple[_Entry, int] | None:
        """The longest registry name starting at token `index`, and the token index after it."""
        for entry in self._by_first.get(tokens[index].folded, []):
            end = index + len(entry.folded)
            if end > len(tokens):
                continue
            ok = True
            for offset, (want, capital) in enumerate(zip(entry.folded, entry.capitals, strict=True)):
                token = tokens[index + offset]
                if token.folded != want or (capital and token.text.upper() != token.text):
                    ok = False
                    break
                if offset and not _INSIDE_NAME.fullmatch(text[tokens[index + offset - 1].end : token.start]):
                    ok = False
                    break
            if ok:
                return entry, end
        return None

    def mentions(self, text: str) -> list[Mention]:
        """Every organization name in the text, left to right, the longest at each place; positions are
        those of the text in NFC (as the reader gives it: decomposed text is composed first)."""
        text = unicodedata.normalize("NFC", text)
        tokens = _tokens(text)
        found: list[Mention] = []
        index = 0
        while index < len(tokens):
            known = self._known_at(text, tokens, index)
            if known is not None:
                entry, end = known
                longer = _extension(text, tokens, end)
                if longer > end:  # “Các cấp ủy” + “trực thuộc Huyện ủy”: another, longer name
                    found.append(_unknown(text, tokens, index, longer))
                    index = longer
                    continue
                written = text[tokens[index].start : tokens[end - 1].end]
                doubt = ""
                if tuple(t.norm for t in tokens[index:end]) != entry.norm and not any(entry.capitals):
                    doubt = f"“{written}” khớp với “{entry.written}” khi bỏ qua dấu"
                found.append(Mention(tokens[index].start, tokens[end - 1].end, written, entry.org_id, entry.written, doubt))
                index = end
                continue
            end = _unknown_end(text, tokens, index)
            if end > index:
                # “các chi bộ, đảng bộ cơ sở”: a group named by “các” and a list of kinds in lower case
                # is one name, as the registry's “Các cấp ủy, tổ chức đảng” is.
                while tokens[index].norm == "các" and end < len(tokens) and re.fullmatch(r"\s*,\s*", text[tokens[end - 1].end : tokens[end].start]):
                    more = _unknown_end(text, tokens, end)
                    if more == end or tokens[end].norm == "các" or tokens[end].text[0].isupper():
                        break
                    end = more
                found.append(_unknown(text, tokens, index, end))
                index = end
                continue
            index += 1
        return found


def _head_at(tokens: list[_Token], index: int, text: str) -> int:
    """Length of an organization head word at token `index` (0: none)."""
    after_cac = index > 0 and tokens[index - 1].norm == "các"
    for head in sorted(_HEADS, key=len, reverse=True):
        words = tuple(t.norm for t in tokens[index : index + len(head)])
        if words != head:
            continue
        if any(not text[tokens[i - 1].end : tokens[i].start].isspace() for i in range(index + 1, index + len(head))):
            continue  # “Đảng; Đoàn …” is not “Đảng đoàn”
        following = tokens[index + len(head)].norm if index + len(head) < len(tokens) else ""
        if len(head) == 1:
            if following in _SINGLE_HEAD_NOT_BEFORE.get(head[0], set()) or not following:
                return 0
            if not (tokens[index].text[0].isupper() or after_cac):
                return 0
        return len(head)
    return 0


def _continues(text: str, tokens: list[_Token], index: int) -> bool:
    token = tokens[index]
    gap = text[tokens[index - 1].end : token.start]
    if not re.fullmatch(r"\s+|\s+[-–]\s+|-", gap):
        return False
    if token.text[0].isupper():
        return True
    return token.norm not in _STOP and not token.text.isdigit()


def _unknown_end(text: str, tokens: list[_Token], index: int) -> int:
    """Where an unknown name that starts at token `index` ends (== index: no name there)."""
    start = index
    if tokens[index].norm == "các" and index + 1 < len(tokens):
        index += 1
    head = _head_at(tokens, index, text)
    if not head:
        return start
    end = index + head
    while end < len(tokens) and end - start < 14 and _continues(text, tokens, end):
        end += 1
    if end - start < 2:
        return start
    return _within(text, tokens, end)


def _within(text: str, tokens: list[_Token], end: int) -> int:
    """After a name ending at token `end`: the end of “trong <name>” (“… trong Đảng bộ Khối”), or `end`."""
    if end + 1 < len(tokens) and tokens[end].norm == "trong" and re.fullmatch(r"\s+", text[tokens[end - 1].end : tokens[end].start]):
        inner = _unknown_end(text, tokens, end + 1)
        if inner > end + 1:
            return inner
    return end


def _extension(text: str, tokens: list[_Token], end: int) -> int:
    """After a registry name ending at token `end`: the end of a longer name it begins, or `end`."""
    within = _within(text, tokens, end)
    if within > end:
        return within
    if end >= len(tokens) or not re.fullmatch(r"\s+", text[tokens[end - 1].end : tokens[end].start]):
        return end
    words = tuple(t.norm for t in tokens[end : end + 2])
    if not any(words[: len(w)] == w for w in _LEVEL_WORDS | _COMMITTEE_HEADS):
        return end
    longer = end + 1
    while longer < len(tokens) and longer - end < 8 and _continues(text, tokens, longer):
        longer += 1
    return longer


def _unknown(text: str, tokens: list[_Token], start: int, end: int) -> Mention:
    written = text[tokens[start].start : tokens[end - 1].end]
    return Mention(tokens[start].start, tokens[end - 1].end, written, None)


# ---------------------------------------------------------------- organizations the registry lacks


_KIND_RULES: tuple[tuple[str, OrganizationKind], ...] = (
    (r"^(cac )?ban can su|dang doan", OrganizationKind.PARTY_DELEGATION),
    (r"uy ban kiem tra", OrganizationKind.INSPECTION),
    (r"^(cac )?van phong|^lanh dao van phong", OrganizationKind.OFFICE),
    (r"mat tran|hoi |doan the|lien doan|doan thanh nien|chinh tri - xa hoi|chinh tri xa hoi", OrganizationKind.FRONT_AND_UNIONS),
    (r"^(cac )?(bao|dai)\b|thong tin dai chung|truyen thanh|truyen hinh", OrganizationKind.PRESS),
    (r"^(cac )?(dong chi|d/c|chuyen vien|bi thu|pho bi thu)|uy vien", OrganizationKind.PERSON),
    (r"^(cac )?ban (to chuc|tuyen giao|dan van|noi chinh|kinh te|chi dao)|^(cac )?ban dang", OrganizationKind.PARTY_BOARD),
    (r"trung uong", OrganizationKind.CENTRAL),
    (r"ban thuong vu|thuong truc|huyen uy|thanh uy|thi uy|tinh uy|dang uy|chi bo|dang bo|cap uy|to chuc (co so )?dang", OrganizationKind.PARTY_COMMITTEE),
)
_LEVEL_RULES: tuple[tuple[str, Level], ...] = (
    (r"trung uong", Level.CENTRAL),
    (r"co so|chi bo|\bxa\b|phuong|thi tran", Level.GRASSROOTS),
    (r"huyen|thanh uy|thi uy|quan uy|thi xa|thanh pho", Level.DISTRICT),
    (r"tinh", Level.PROVINCE),
)


@dataclass
class NewOrganization:
    """An organization or group the text names and the registry does not know: drafted as a record."""

    id: str
    name: str  # as the text first writes it
    kind: OrganizationKind | None
    level: Level | None
    is_group: bool
    written: list[str] = field(default_factory=list)  # every form the text used


def guess_kind(name: str) -> tuple[OrganizationKind | None, Level | None, bool]:
    """What a name says of itself: kind, level, and whether it names a group (“các …”)."""
    folded = " ".join(fold(name).split())
    kind = next((k for pattern, k in _KIND_RULES if re.search(pattern, folded)), None)
    level = next((lv for pattern, lv in _LEVEL_RULES if re.search(pattern, folded)), None)
    return kind, level, folded.startswith(("cac ", "nhung "))


# ---------------------------------------------------------------- tasks


@dataclass
class DraftTask:
    unit: Unit
    leads: list[Mention]
    role: LeadRole
    deadline: DeadlinePhrase
    partners: list[Mention] = field(default_factory=list)
    report_to: list[Mention] = field(default_factory=list)
    report_doubt: str = ""
    excerpt: str | None = None  # the words of the paragraph this task is, when not all of it
    inherited: bool = False  # its leads are named by the unit above (“Ban Tổ chức Tỉnh ủy:”)
    deadline_doubt: str = ""
    after: DraftTask | None = None  # “sau đó”: the task it follows


@dataclass
class Assignments:
    tasks: list[DraftTask]
    unassigned: list[Unit]  # units with text in which no one is given the work


def _run(index: OrgIndex, mentions: list[Mention], text: str, position: int) -> tuple[list[Mention], int]:
    """The list of names starting at `position` (“A, B và C”), and where it ends."""
    at = {m.start: m for m in mentions}
    while position < len(text) and text[position].isspace():
        position += 1
    found: list[Mention] = []
    while position in at:
        mention = at[position]
        found.append(mention)
        position = mention.end
        separator = _LIST_SEPARATOR.match(text, position)
        if separator is None or separator.end() not in at:
            break
        position = separator.end()
    end = found[-1].end if found else position
    return found, end


def _subject(index: OrgIndex, mentions: list[Mention], text: str) -> tuple[list[Mention], int]:
    """Who the clause is about: the names at its start, after introductory words (“Căn cứ …,”)."""
    position = 0
    enumerating = False
    for _ in range(8):
        while position < len(text) and text[position] in " ,":
            position += 1
        run, end = _run(index, mentions, text, position)
        if run:
            if re.match(r"\s*của(?!\w)", text[end:]):
                return [], 0
            return run, end
        comma = re.compile(r"[,:]").search(text, position)
        segment = text[position : comma.start() if comma else len(text)]
        if _INTRO.match(segment) or is_deadline_phrase(segment):
            enumerating = bool(_ENUMERATING_INTRO.match(segment))
        elif not (enumerating and not _VERB_START.match(segment)):
            return [], 0
        if comma is None:
            return [], 0
        position = comma.end()
    return [], 0


def _role(text: str, start: int) -> tuple[LeadRole, re.Match[str] | None]:
    for match in _ROLE.finditer(text, start):
        after = text[match.end() :]
        before = text[: match.start()]
        if re.match(r"\s+của(?!\w)", after) or re.search(r"(?:theo|chỉ đạo,?)\s*$", before, re.IGNORECASE):
            continue
        return _ROLES[match.group(1).lower()], match
    return LeadRole.CARRIES_OUT, None


def _after(pattern: re.Pattern[str], index: OrgIndex, mentions: list[Mention], text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in pattern.finditer(text):
        run, _ = _run(index, mentions, text, match.end())
        found.extend(m for m in run if m not in found)
    return found


def _deadline(text: str) -> tuple[DeadlinePhrase, str]:
    phrases = find_deadlines(text)
    if not phrases:
        return unstated(), ""
    structured = [p for p in phrases if p.kind is not DeadlineKind.UNSTATED]
    chosen = structured[0] if structured else phrases[0]
    others = [p for p in phrases if p is not chosen and (p.kind, p.value_text()) != (chosen.kind, chosen.value_text())]
    doubt = chosen.doubt
    if others:
        also = "; ".join(f"“{p.written}”" for p in others)
        doubt = (doubt + "; " if doubt else "") + f"đoạn còn nêu {also}: chọn “{chosen.written}”"
    return chosen, doubt


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a unit's text (split at “;” and between paragraphs), as (start, end)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r";|\n\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n.;,":
        end -= 1
    return start, end


def assign(document: Document, index: OrgIndex) -> Assignments:
    tasks: list[DraftTask] = []
    unassigned: list[Unit] = []

    def visit(unit: Unit, inherited: list[Mention]) -> None:
        text = unit.text
        passed = inherited
        if text:
            mentions = index.mentions(text)
            if text.rstrip().endswith(":") and unit.children:
                subject, _ = _subject(index, mentions, text)
                passed = subject or inherited
            else:
                made = _unit_tasks(unit, text, mentions, index, inherited, tasks[-1] if tasks else None)
                if made:
                    tasks.extend(made)
                else:
                    unassigned.append(unit)
        for child in unit.children:
            visit(child, passed)

    for unit in document.units:
        visit(unit, [])
    return Assignments(tasks, unassigned)


def _unit_tasks(unit: Unit, text: str, mentions: list[Mention], index: OrgIndex, inherited: list[Mention], previous: DraftTask | None) -> list[DraftTask]:
    # Clauses with their own deadline (or their own subject) are tasks of their own.
    groups: list[tuple[int, int]] = []
    for start, end in _clauses(text):
        clause = text[start:end]
        local = [m for m in mentions if start <= m.start and m.end <= end]
        own_subject = _subject(index, [_shift(m, -start) for m in local], clause)[0]
        if groups and not own_subject and _only_a_deadline(clause):
            # “…; thực hiện thường xuyên.”: the deadline of the clause before it, not a task of its own.
            groups[-1] = (groups[-1][0], end)
        elif not groups or find_deadlines(clause) or own_subject:
            groups.append((start, end))
        else:
            groups[-1] = (groups[-1][0], end)
    made: list[DraftTask] = []
    first_subject: list[Mention] = []
    for number, (start, end) in enumerate(groups):
        start, end = _trimmed(text, start, end)
        clause = text[start:end]
        local = [_shift(m, -start) for m in mentions if start <= m.start and m.end <= end]
        subject, subject_end = _subject(index, local, clause)
        given = next((run for run in (_run(index, local, clause, g.end())[0] for g in _GIVEN_TO.finditer(clause)) if run), [])
        if not given:  # “Việc sơ kết do Ban Tổ chức chủ trì”: the names after “do”, before the verb
            for match in _DONE_BY.finditer(clause):
                run, run_end = _run(index, local, clause, match.end())
                if run and _DONE_BY_VERB.match(clause, run_end):
                    given = run
                    break
        if given:
            subject, subject_end = given, max(m.end for m in given)
        if number == 0:
            first_subject = subject
        leads = subject or first_subject or inherited
        if not leads:
            continue
        role, role_match = _role(clause, subject_end)
        deadline, deadline_doubt = _deadline(clause)
        task = DraftTask(
            unit, [_shift(m, start) for m in leads] if subject else leads, role, deadline,
            partners=[_shift(m, start) for m in _after(_PARTNERS, index, local, clause)],
            report_to=[_shift(m, start) for m in _after(_REPORT_TO, index, local, clause)],
            excerpt=clause if len(groups) > 1 else None, inherited=not subject and not (number and first_subject), deadline_doubt=deadline_doubt,
        )  # fmt: skip
        advised = [_shift(m, start) for m in _after(_ADVISE_TO, index, local, clause) if m not in subject]
        if advised:
            task.report_to.extend(m for m in advised if m not in task.report_to)
            task.report_doubt = "“tham mưu” cho tổ chức này: ghi là nơi nhận báo cáo"
        if deadline.after_previous:
            task.after = made[-1] if made else previous
            if task.after is None:
                task.deadline = unstated()
                task.deadline_doubt = f"“{deadline.written}”: không rõ sau việc nào"
        made.append(task)
        if role is LeadRole.GUIDES and role_match is not None:
            guided, guided_end = _run(index, local, clause, role_match.end())
            rest = clause[guided_end:]
            if guided and re.match(r"\s+[^\W\d]", rest) and not re.match(r"\s+(?:của|và|với)(?!\w)", rest):
                rest_start, rest_end = _trimmed(clause, guided_end, len(clause))
                task.excerpt = clause[:guided_end].rstrip(" ,")
                task.deadline, task.deadline_doubt = _deadline(task.excerpt)
                made.append(
                    DraftTask(
                        unit, [_shift(m, start) for m in guided], LeadRole.CARRIES_OUT, deadline, excerpt=clause[rest_start:rest_end],
                        deadline_doubt=deadline_doubt, after=task.after,
                    )
                )
    for number, task in enumerate(made):  # every “sau” names the task it follows, or is not “sau”
        if task.deadline.kind is DeadlineKind.AFTER and task.after is None:
            task.after = made[number - 1] if number else previous
            if task.after is None:
                task.deadline, task.deadline_doubt = unstated(), f"“{task.deadline.written}”: không rõ sau việc nào"
    return made


# Words that, beside a deadline phrase, say nothing of what is to be done (“thực hiện thường xuyên”,
# “thời gian: quý II/2019”, “hoàn thành trước ngày 30/6/2019”).
_DEADLINE_FILLER = re.compile(
    r"(?:\s|[,.:;()\-–]|(?<!\w)(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn|hạn|thực hiện|hoàn thành|tiến hành|triển khai|làm|xong|"
    r"và|được|là|liên tục|kịp thời|nghiêm túc|đúng)(?!\w))*",
    re.IGNORECASE,
)


def _only_a_deadline(clause: str) -> bool:
    """Whether a clause is a deadline and nothing else (“thực hiện thường xuyên”, “Thời gian: quý II/2019”)."""
    phrases = find_deadlines(clause)
    if not phrases:
        return False
    position, rest = 0, ""
    for phrase in phrases:
        rest += clause[position : phrase.start]
        position = phrase.end
    rest += clause[position:]
    return _DEADLINE_FILLER.fullmatch(rest) is not None


def _shift(mention: Mention, by: int) -> Mention:
    return Mention(mention.start + by, mention.end + by, mention.text, mention.org_id, mention.registry_name, mention.doubt)


def new_organization_id(name: str, taken: set[str]) -> str:
    from kehoach.records.schema import suggest_slug

    base = suggest_slug(name)
    candidate = base
    number = 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def name_key(name: str) -> str:
    return fold_key(name)

"""`kehoach init`: a new office's records repository, written from this package's data alone.

The new repository needs nothing from kehoach's own repository: mkdocs.yml (`plugins: - kehoach`),
records/ with the office's top organizations, docs/ with the editors' guide and the readers' help page, .gitignore,
.pre-commit-config.yaml (the kehoach-check hook), editor schema wiring (.vscode/, schemas/) and the
CI/CD templates. Everything comes from `mau/` beside this file (package data) or from the package's
own code (`kehoach schema`'s generator); nothing is read from the working directory.

Some files of `mau/` are copies of files of kehoach's repository, which stay where MkDocs and people
read them (docs/huong-dan/, docs/cach-tra-cuu.md, ci-templates/, .pre-commit-hooks.yaml): `MIRRORED` names each pair, and
tests/test_init.py asserts they are identical, so a change made on one side and not the other fails
the test suite with the command that brings them back in step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml  # writes mkdocs.yml; reading goes through kehoach.records.yamlsource

from kehoach.records.yamlsource import parse_record_text, plain_data

MAU = Path(__file__).with_name("mau")

# Packaged copies of files of kehoach's repository: (path under mau/, path in kehoach's repository).
# Every page of the guide folder is mirrored (GUIDE); these files one by one.
GUIDE = ("docs/huong-dan", "docs/huong-dan")
GITHUB_TEMPLATE = "ci-templates/github/kehoach.yml"
GITLAB_TEMPLATE = "ci-templates/gitlab/gitlab-ci.yml"  # no leading dot: package data globs skip dot files
HOOKS = "pre-commit-hooks.yaml"
READERS_HELP = "docs/cach-tra-cuu.md"  # “Cách tra cứu”, in the navigation of both mkdocs.yml
MIRRORED = (
    (READERS_HELP, READERS_HELP),
    (GITHUB_TEMPLATE, "ci-templates/github/kehoach.yml"),
    (GITLAB_TEMPLATE, "ci-templates/gitlab/.gitlab-ci.yml"),
    (HOOKS, ".pre-commit-hooks.yaml"),
)

# The line of both CI templates that says where kehoach is installed from ("." = this repository).
PACKAGE_LINE = re.compile(r'^(?P<indent>[ \t]*)KEHOACH_PACKAGE: "\."[ \t]*$', re.MULTILINE)

# VS Code settings written beside the schema mapping, and the extension recommended (as in kehoach's repository).
EDITOR_SETTINGS = {
    "yaml.validate": True,
    "yaml.completion": True,
    "yaml.hover": True,
    "files.encoding": "utf8",
    "files.insertFinalNewline": True,
    "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.detectIndentation": False},
}
EDITOR_EXTENSIONS = {"recommendations": ["redhat.vscode-yaml"]}

# Leading words of a party unit's name and the level they mean (Level values of the schema).
# “Thành ủy” is left out: a city may be a province (Hà Nội) or a district; the user says which.
_LEVEL_PREFIXES = (
    ("tỉnh ủy", "tinh"),
    ("huyện ủy", "huyen"),
    ("quận ủy", "huyen"),
    ("thị ủy", "huyen"),
    ("đảng ủy xã", "co-so"),
    ("đảng ủy phường", "co-so"),
    ("đảng ủy thị trấn", "co-so"),
)
_PREFIXES = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy")


class ScaffoldError(Exception):
    """A request `kehoach init` cannot carry out (one Vietnamese line; the command exits with 2)."""


@dataclass(frozen=True)
class Office:
    """What the new repository is made for."""

    name: str  # “Huyện ủy Văn Lâm”
    slug: str  # “huyen-uy-van-lam”: the party unit's record id
    level: str  # a Level value: tinh, huyen, co-so…
    abbreviations: tuple[str, ...] = ()
    site_name: str = ""
    package: str = ""  # what `pip install` is given in CI, pre-commit and the README


# ---------------------------------------------------------------- answers


def slugify(text: str) -> str:
    """A record id from a name: “Huyện ủy Văn Lâm” → huyen-uy-van-lam."""
    from kehoach.domain.textfold import fold

    return "-".join(re.findall(r"[a-z0-9]+", fold(_tidy(text))))


def _tidy(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def _folded(text: str) -> str:
    from kehoach.domain.textfold import fold

    return fold(_tidy(text).replace("uỷ", "ủy").replace("Uỷ", "Ủy"))


def guess_level(name: str) -> str | None:
    """The level a unit's name says (“Huyện ủy …” → huyen); None when it does not say."""
    folded = _folded(name)
    for prefix, level in _LEVEL_PREFIXES:
        if folded.startswith(_folded(prefix) + " ") or folded == _folded(prefix):
            return level
    return None


def _short_name(name: str) -> str | None:
    """The unit's name without its place (“Huyện ủy Văn Lâm” → “Huyện ủy”), as documents often write it."""
    tidy = _tidy(name)
    for prefix in _PREFIXES:
        if _folded(tidy).startswith(_folded(prefix) + " "):
            return tidy[: len(prefix)]
    return None


def levels() -> dict[str, str]:
    """{value: label} of the schema's levels."""
    from kehoach.domain.vocabulary import Level

    return {member.value: member.label for member in Level}


def default_package(version: str | None = None) -> tuple[str, bool]:
    """What CI should `pip install` to get this kehoach: the git address it was installed from when
    that is known (PEP 610's direct_url.json), else `kehoach==<version>` from the package index.
    The flag says whether that is a guess worth telling the user about (installed from a local
    folder or file, which CI cannot reach)."""
    from importlib import metadata

    try:
        distribution = metadata.distribution("kehoach")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "kehoach", True
    version = version or distribution.version
    pinned = f"kehoach=={version}"
    try:
        direct = json.loads(distribution.read_text("direct_url.json") or "null")
    except (ValueError, OSError):
        direct = None
    if not isinstance(direct, dict):
        return pinned, False  # from a package index
    vcs = direct.get("vcs_info")
    url = direct.get("url")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(url, str):
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"git+{url}" + (f"@{revision}" if revision else ""), False
    return pinned, True


def make_office(
    name: str | None,
    slug: str | None = None,
    level: str | None = None,
    abbreviations: tuple[str, ...] | list[str] = (),
    site_name: str | None = None,
    package: str | None = None,
) -> Office:
    """Check the answers and fill in what can be derived; ScaffoldError says what is missing or wrong."""
    from kehoach.records.jsonschema import SLUG_PATTERN
    from kehoach.records.schema import MAX_SLUG_LENGTH, RESERVED_IDS, WINDOWS_RESERVED

    name = _tidy(name or "")
    if not name:
        raise ScaffoldError("thiếu tên đơn vị: ghi --ten-don-vi, ví dụ --ten-don-vi \"Huyện ủy Văn Lâm\"")
    slug = (slug or "").strip() or slugify(name)
    longest = "ban-thuong-vu-" + slug
    if not re.fullmatch(SLUG_PATTERN, slug) or slug in WINDOWS_RESERVED | RESERVED_IDS:
        raise ScaffoldError(f"mã “{slug}” không hợp lệ: chỉ chữ thường không dấu, chữ số và dấu gạch nối, ví dụ huyen-uy-van-lam (ghi --ma)")
    if len(longest) > MAX_SLUG_LENGTH:
        raise ScaffoldError(f"mã “{slug}” dài quá: cần không quá {MAX_SLUG_LENGTH - len('ban-thuong-vu-')} ký tự (ghi --ma ngắn hơn)")
    level = (level or "").strip() or guess_level(name)
    known = levels()
    if level is None:
        raise ScaffoldError(f"không đoán được cấp của “{name}” từ tên: ghi --cap, một trong {', '.join(known)}")
    if level not in known:
        raise ScaffoldError(f"cấp “{level}” không có: chọn một trong {', '.join(known)}")
    shorts = tuple(dict.fromkeys(_tidy(a) for a in abbreviations if _tidy(a)))
    site = _tidy(site_name or "") or f"Kế hoạch thực hiện của {name}"
    return Office(name, slug, level, shorts, site, (package or "").strip() or default_package()[0])


def ask_office(read: Callable[[str], str], out: TextIO) -> Office:
    """Ask for each answer in Vietnamese, with the derived default in brackets (Enter keeps it)."""

    def ask(question: str, default: str = "") -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        try:
            answer = _tidy(read(shown))
        except EOFError:
            raise ScaffoldError("đã dừng: chưa trả lời đủ câu hỏi, không tạo gì") from None
        return answer or default

    print("Tạo kho bản ghi kế hoạch mới. Nhấn Enter để giữ giá trị trong ngoặc vuông.", file=out)
    name = ""
    while not name:
        name = ask("Tên đơn vị (ví dụ Huyện ủy Văn Lâm)")
    slug = ask("Mã đơn vị (dùng làm địa chỉ trang)", slugify(name))
    known = levels()
    level = ""
    while level not in known:
        level = ask(f"Cấp ({', '.join(f'{value}: {label}' for value, label in known.items())})", guess_level(name) or "")
    abbreviations = [a for a in re.split(r"\s*,\s*", ask("Chữ viết tắt, cách nhau bằng dấu phẩy (ví dụ HU; có thể bỏ trống)")) if a]
    site_name = ask("Tên trang", f"Kế hoạch thực hiện của {name}")
    package = ask("Gói kehoach mà CI cài (pip install …)", default_package()[0])
    return make_office(name, slug, level, abbreviations, site_name, package)


# ---------------------------------------------------------------- what is written


def check_folder(folder: Path) -> None:
    """The target must be missing, or an empty folder (a fresh clone's .git alone counts as empty)."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} là một tệp, không phải thư mục")
    if folder.is_dir():
        try:
            entries = [entry.name for entry in folder.iterdir()]
        except OSError as error:
            raise ScaffoldError(f"không đọc được thư mục {folder}: {error.strerror or error}") from None
        if [name for name in entries if name != ".git"]:
            raise ScaffoldError(f"thư mục {folder} không trống: kehoach init chỉ tạo kho trong thư mục mới hoặc trống, không ghi đè")


def _scalar(text: str, flow: bool = False) -> str:
    """A YAML scalar: plain when it reads back unchanged, else double-quoted."""
    probe = f"k: [{text}]" if flow else f"k: {text}"
    value, problems = parse_record_text("<mẫu>", probe)  # read back as the records will be read
    plain_ok = not problems and value is not None and plain_data(value) == {"k": [text] if flow else text}
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _record(fields: dict[str, str | tuple[str, ...]]) -> str:
    lines = []
    for key, value in fields.items():
        if isinstance(value, tuple):
            if value:
                lines.append(f"{key}: [{', '.join(_scalar(item, flow=True) for item in value)}]")
        elif value:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def organizations(office: Office) -> dict[str, str]:
    """{path under records/: YAML} for the office's top organizations: the party unit, its Ban
    Thường vụ (which issues the plans) and its Văn phòng (which files them)."""
    short = _short_name(office.name)
    unit = {
        "id": office.slug,
        "ten": office.name,
        "ten_khac": (short,) if short else (),
        "viet_tat": office.abbreviations,
        "loai": "cap-uy",
        "cap": office.level,
    }
    standing = {
        "id": f"ban-thuong-vu-{office.slug}",
        "ten": f"Ban Thường vụ {office.name}",
        "ten_khac": (f"Ban Thường vụ {short}",) if short else (),
        "viet_tat": ("BTV",) + tuple(f"BTV{a}" for a in office.abbreviations),
        "loai": "cap-uy",
        "cap": office.level,
        "truc_thuoc": office.slug,
    }
    office_record = {
        "id": f"van-phong-{office.slug}",
        "ten": f"Văn phòng {office.name}",
        "ten_khac": (f"Văn phòng {short}",) if short else (),
        "viet_tat": tuple(f"VP{a}" for a in office.abbreviations),
        "loai": "van-phong",
        "cap": office.level,
        "truc_thuoc": office.slug,
    }
    return {f"to-chuc/{record['id']}.yml": _record(record) for record in (unit, standing, office_record)}


def _fill(template: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        template = template.replace(f"@{marker}@", value)
    left = re.findall(r"@[A-Z_]+@", template)
    assert not left, f"template markers left unfilled: {left}"
    return template


def _with_package(template: str, package: str, name: str) -> str:
    """A CI template with KEHOACH_PACKAGE set to the package instead of "." (this repository)."""
    filled, count = PACKAGE_LINE.subn(lambda m: f"{m['indent']}KEHOACH_PACKAGE: {json.dumps(package, ensure_ascii=False)}", template)
    assert count == 1, f"{name}: expected one `KEHOACH_PACKAGE: \".\"` line, found {count}"
    return filled


def _pre_commit_config(package: str) -> str:
    """The kehoach-check hook as kehoach's repository publishes it (.pre-commit-hooks.yaml), declared
    locally so it needs no address of that repository, with kehoach installed from `package`."""
    hooks_value, _ = parse_record_text(HOOKS, (MAU / HOOKS).read_text(encoding="utf-8"))
    hooks = plain_data(hooks_value) if hooks_value is not None else []
    (hook,) = [dict(h) for h in hooks if h.get("id") == "kehoach-check"]
    hook["additional_dependencies"] = [package]
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    header = (
        "# Kiểm tra bản ghi trước mỗi commit: cài một lần bằng\n"
        "#   python -m pip install pre-commit && pre-commit install\n"
        "# Móc kehoach-check giống móc cùng tên của kho kehoach; kehoach được cài từ cùng nơi với CI.\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=200)


def render(office: Office) -> dict[str, str]:
    """{relative path: text} of every file of the new repository except schemas/ (see `write`)."""
    from kehoach.records.jsonschema import vscode_yaml_schemas

    def read(relative: str) -> str:
        return (MAU / relative).read_text(encoding="utf-8")

    description = f"Trang tra cứu nội bộ kế hoạch thực hiện chỉ thị, nghị quyết của {office.name}, từ bản ghi YAML"
    files = {
        "mkdocs.yml": _fill(read("mkdocs.yml"), {"TEN_TRANG": _scalar(office.site_name), "MO_TA": _scalar(description)}),
        "README.md": _fill(read("README.md"), {"TEN_TRANG": office.site_name, "TEN_DON_VI": office.name, "GOI": office.package}),
        ".gitignore": read("gitignore"),
        ".pre-commit-config.yaml": _pre_commit_config(office.package),
        ".github/workflows/kehoach.yml": _with_package(read(GITHUB_TEMPLATE), office.package, GITHUB_TEMPLATE),
        ".gitlab-ci.yml": _with_package(read(GITLAB_TEMPLATE), office.package, GITLAB_TEMPLATE),
        ".vscode/settings.json": _json({"yaml.schemas": vscode_yaml_schemas(record_dirs=("records",)), **EDITOR_SETTINGS}),
        ".vscode/extensions.json": _json(EDITOR_EXTENSIONS),
        READERS_HELP: read(READERS_HELP),
    }
    packaged_guide, target_guide = GUIDE
    for page in sorted((MAU / packaged_guide).glob("*.md")):
        files[f"{target_guide}/{page.name}"] = page.read_text(encoding="utf-8")
    for relative, text in organizations(office).items():
        files[f"records/{relative}"] = text
    return files


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, office: Office) -> list[Path]:
    """Write the new repository into folder (missing or empty); returns the files written."""
    from kehoach.records.jsonschema import write_schemas

    check_folder(folder)
    files = render(office)
    written = []
    try:
        for relative, text in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
        written.extend(write_schemas(folder / "schemas"))
    except OSError as error:
        raise ScaffoldError(f"không ghi được vào {folder}: {error.strerror or error}") from None
    return written


# ---------------------------------------------------------------- the command


def run_init(
    folder: str,
    *,
    name: str | None = None,
    slug: str | None = None,
    level: str | None = None,
    abbreviations: list[str] | None = None,
    site_name: str | None = None,
    package: str | None = None,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    """`kehoach init`: asks only when no option was given and stdin is a terminal."""
    target = Path(folder)
    check_folder(target)  # before any question
    given = any(v for v in (name, slug, level, abbreviations, site_name, package))
    if not given and _is_terminal(stdin):

        def read(prompt: str) -> str:
            stdout.write(prompt)
            stdout.flush()
            line = stdin.readline()
            if not line:
                raise EOFError
            return line.rstrip("\n")

        office = ask_office(read, stdout)
    else:
        office = make_office(name, slug, level, abbreviations or (), site_name, package)
    written = write(target, office)
    shown = target.as_posix()
    print(f"kehoach init: đã tạo kho bản ghi của {office.name} trong {shown} ({len(written)} tệp).", file=stdout)
    guessed = default_package()[1] and not package
    if guessed:
        print(
            f"Lưu ý: CI và pre-commit sẽ cài “{office.package}”; nếu gói không có trên kho gói mà máy CI dùng, "
            "sửa KEHOACH_PACKAGE trong .github/workflows/kehoach.yml, .gitlab-ci.yml và .pre-commit-config.yaml.",
            file=stdout,
        )
    print(
        "Tiếp theo:\n"
        f"  cd {shown}\n"
        "  kehoach check     # kiểm tra bản ghi\n"
        "  mkdocs serve      # xem trước ở http://127.0.0.1:8000/\n"
        "  git init && git add . && git commit -m \"Kho bản ghi kế hoạch\"",
        file=stdout,
    )
    return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

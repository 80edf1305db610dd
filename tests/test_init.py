"""`kehoach init`: a new office's records repository that needs nothing from this repository.

Fast tests run the command (as a subprocess, like pre-commit and CI would) into tmp_path. The slow
test builds kehoach's wheel, installs it alone into a fresh virtual environment (dependencies from
the package index), makes a repository with that environment's `kehoach init` in a folder outside
this repository, adds a record, builds the site with `mkdocs build --strict`, and opens it in Chromium.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kehoach import scaffold
from kehoach.records.jsonschema import expected_files, vscode_yaml_schemas

REPO = Path(__file__).resolve().parents[1]
NAME = "Huyện ủy Văn Lâm"
PACKAGE = "git+https://git.example.vn/van-phong/kehoach.git@v0.1.0"

# Deselect with `-m "not slow"`; the normal suite (and CI) runs it (registered in pyproject.toml).
slow = pytest.mark.slow


def _environment() -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_RECORDS", "KEHOACH_EXAMPLES", "KEHOACH_AS_OF", "PYTHONPATH")}
    environ.update(PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    return environ


def run(*args: str, cwd: Path, program: list[str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """A command with no terminal on stdin (as in CI): `kehoach …` of this environment unless program is given."""
    return subprocess.run(
        [*(program or [sys.executable, "-m", "kehoach.cli"]), *args],
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def init(target: Path, *options: str) -> subprocess.CompletedProcess:
    return run("init", str(target), *options, cwd=target.parent)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kehoach: lỗi: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# ---------------------------------------------------------------- fast: the command


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "kho-van-lam"
    result = init(target, "--ten-don-vi", NAME, "--viet-tat", "HU", "--goi-kehoach", PACKAGE)
    assert result.returncode == 0, result.stderr
    assert "đã tạo kho bản ghi của Huyện ủy Văn Lâm" in result.stdout
    assert "Lưu ý" not in result.stdout  # the package was given: nothing guessed
    return target


def test_files_written(made: Path) -> None:
    for relative in (
        "mkdocs.yml",
        "README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/kehoach.yml",
        ".gitlab-ci.yml",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        "docs/huong-dan/index.md",
        "docs/huong-dan/ban-ghi.md",
        "records/to-chuc/huyen-uy-van-lam.yml",
        "records/to-chuc/ban-thuong-vu-huyen-uy-van-lam.yml",
        "records/to-chuc/van-phong-huyen-uy-van-lam.yml",
    ):
        assert (made / relative).is_file(), relative
    # The home page is generated: a hand-written one would win over it.
    assert not (made / "docs" / "index.md").exists()
    assert sorted(p.name for p in (made / "schemas").iterdir()) == sorted(expected_files())
    for name, text in expected_files().items():
        assert (made / "schemas" / name).read_text(encoding="utf-8") == text


def test_records_pass_kehoach_check(made: Path) -> None:
    result = run("check", "--strict", cwd=made)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi trong 3 tệp bản ghi" in result.stdout


def test_organizations(made: Path) -> None:
    records = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (made / "records" / "to-chuc").glob("*.yml")}
    assert records == {
        "huyen-uy-van-lam": {"id": "huyen-uy-van-lam", "ten": NAME, "ten_khac": ["Huyện ủy"], "viet_tat": ["HU"], "loai": "cap-uy", "cap": "huyen"},
        "ban-thuong-vu-huyen-uy-van-lam": {
            "id": "ban-thuong-vu-huyen-uy-van-lam",
            "ten": "Ban Thường vụ Huyện ủy Văn Lâm",
            "ten_khac": ["Ban Thường vụ Huyện ủy"],
            "viet_tat": ["BTV", "BTVHU"],
            "loai": "cap-uy",
            "cap": "huyen",
            "truc_thuoc": "huyen-uy-van-lam",
        },
        "van-phong-huyen-uy-van-lam": {
            "id": "van-phong-huyen-uy-van-lam",
            "ten": "Văn phòng Huyện ủy Văn Lâm",
            "ten_khac": ["Văn phòng Huyện ủy"],
            "viet_tat": ["VPHU"],
            "loai": "van-phong",
            "cap": "huyen",
            "truc_thuoc": "huyen-uy-van-lam",
        },
    }


def test_ci_templates_install_the_package(made: Path) -> None:
    for relative, ours in ((".github/workflows/kehoach.yml", "ci-templates/github/kehoach.yml"), (".gitlab-ci.yml", "ci-templates/gitlab/.gitlab-ci.yml")):
        written = (made / relative).read_text(encoding="utf-8")
        template = (REPO / ours).read_text(encoding="utf-8")
        # Only the KEHOACH_PACKAGE line differs from the template.
        assert len(template.splitlines()) == len(written.splitlines())
        changed = [(a, b) for a, b in zip(template.splitlines(), written.splitlines(), strict=True) if a != b]
        assert [b.strip() for _, b in changed] == [f'KEHOACH_PACKAGE: "{PACKAGE}"'], changed
        data = yaml.safe_load(written)
        assert (data.get("env") or data.get("variables"))["KEHOACH_PACKAGE"] == PACKAGE


def test_pre_commit_uses_the_kehoach_check_hook(made: Path) -> None:
    config = yaml.safe_load((made / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    published = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert repo["repo"] == "local"
    assert hook == {**published["kehoach-check"], "additional_dependencies": [PACKAGE]}


def test_editor_wiring(made: Path) -> None:
    settings = json.loads((made / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ours = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == vscode_yaml_schemas(record_dirs=("records",))
    assert {k: v for k, v in settings.items() if k != "yaml.schemas"} == {k: v for k, v in ours.items() if k != "yaml.schemas"}
    assert json.loads((made / ".vscode" / "extensions.json").read_text(encoding="utf-8")) == json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    for schema_file in settings["yaml.schemas"]:
        assert (made / schema_file).is_file(), schema_file


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "co-san"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("của người khác\n", encoding="utf-8")
    message = one_line_error(init(target, "--ten-don-vi", NAME))
    assert "không trống" in message
    assert [p.name for p in target.iterdir()] == ["ghi-chu.txt"]
    # A file is not a folder either.
    assert "không phải thư mục" in one_line_error(init(target / "ghi-chu.txt", "--ten-don-vi", NAME))


def test_a_fresh_clone_counts_as_empty(tmp_path: Path) -> None:
    target = tmp_path / "ban-sao"
    (target / ".git").mkdir(parents=True)
    result = init(target, "--ten-don-vi", "Tỉnh ủy Hưng Yên")
    assert result.returncode == 0, result.stderr
    assert (target / "records" / "to-chuc" / "tinh-uy-hung-yen.yml").is_file()


@pytest.mark.parametrize(
    "options, words",
    [
        ((), "thiếu tên đơn vị"),  # no terminal on stdin: nothing is asked
        (("--ten-don-vi", "Thành ủy Hà Nội"), "--cap"),  # a city may be a province or a district
        (("--ten-don-vi", NAME, "--cap", "xa"), "cấp “xa” không có"),
        (("--ten-don-vi", NAME, "--ma", "Huyen Uy"), "mã “Huyen Uy” không hợp lệ"),
        (("--ten-don-vi", NAME, "--ma", "con"), "không hợp lệ"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, options: tuple[str, ...], words: str) -> None:
    target = tmp_path / "moi"
    assert words in one_line_error(init(target, *options))
    assert not target.exists()


def test_help_is_vietnamese(tmp_path: Path) -> None:
    result = run("init", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for words in ("cách dùng: kehoach init", "THƯ_MỤC", "--ten-don-vi", "--ma", "--cap", "tùy chọn"):
        assert words in result.stdout
    assert "init" in run("--help", cwd=tmp_path).stdout


@pytest.mark.parametrize(
    "name, options",
    [
        ("Tỉnh ủy Hưng Yên", {}),
        ("Thành ủy Hà Nội", {"level": "tinh"}),
        ("Đảng ủy xã Lạc Đạo", {}),
        ("Quận uỷ Ba Đình", {"abbreviations": ["QU"]}),
        ('Đảng bộ Khối "Cơ quan": số #2', {"level": "huyen", "abbreviations": ["ĐB, Khối", "- x"]}),
        ("yes", {"level": "co-so", "abbreviations": ["no", "1.5"]}),
    ],
)
def test_names_make_valid_records(tmp_path: Path, name: str, options: dict) -> None:
    from kehoach.cli import Target, run_check

    office = scaffold.make_office(name, package="kehoach", **options)
    scaffold.write(tmp_path / "kho", office)
    report = run_check([Target(tmp_path / "kho" / "records")], strict=True)
    assert not report.problems, [str(p) for p in report.problems]
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["ten"] for p in (tmp_path / "kho" / "records" / "to-chuc").iterdir()}
    assert " ".join(name.split()) in names


def test_guesses() -> None:
    assert scaffold.slugify("Huyện ủy Văn Lâm") == "huyen-uy-van-lam"
    assert scaffold.slugify("  Đảng ủy  xã Lạc Đạo ") == "dang-uy-xa-lac-dao"
    assert scaffold.guess_level("Tỉnh ủy Hưng Yên") == "tinh"
    assert scaffold.guess_level("Tỉnh uỷ Hưng Yên") == "tinh"
    assert scaffold.guess_level("Huyện ủy Văn Lâm") == "huyen"
    assert scaffold.guess_level("Đảng ủy phường Hiến Nam") == "co-so"
    assert scaffold.guess_level("Thành ủy Hưng Yên") is None
    office = scaffold.make_office("Huyện ủy Văn Lâm", package="x")
    assert (office.slug, office.level, office.site_name) == ("huyen-uy-van-lam", "huyen", "Kế hoạch thực hiện của Huyện ủy Văn Lâm")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_asks_at_a_terminal(tmp_path: Path) -> None:
    # name, code (kept), level (kept: guessed), abbreviations, site name, package
    answers = _Terminal(f"{NAME}\n\n\nHU, VL\nKế hoạch của Văn Lâm\n{PACKAGE}\n")
    out = io.StringIO()
    assert scaffold.run_init(str(tmp_path / "kho"), stdin=answers, stdout=out) == 0
    shown = out.getvalue()
    assert "Tên đơn vị" in shown and "[huyen-uy-van-lam]" in shown and "[huyen]" in shown
    unit = yaml.safe_load((tmp_path / "kho" / "records" / "to-chuc" / "huyen-uy-van-lam.yml").read_text(encoding="utf-8"))
    assert unit["viet_tat"] == ["HU", "VL"] and unit["cap"] == "huyen"
    config = (tmp_path / "kho" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Kế hoạch của Văn Lâm\n" in config
    assert f'KEHOACH_PACKAGE: "{PACKAGE}"' in (tmp_path / "kho" / ".gitlab-ci.yml").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")
def test_the_command_asks_at_a_real_terminal(tmp_path: Path) -> None:
    """`kehoach init THƯ_MỤC` with a terminal on stdin and no option: the questions, Enter keeps the defaults."""
    controller, terminal = os.openpty()
    try:
        os.write(controller, f"Tỉnh ủy Hưng Yên\n\n\nTU\n\n{PACKAGE}\n".encode())
        result = subprocess.run(
            [sys.executable, "-m", "kehoach.cli", "init", "kho"], cwd=tmp_path, env=_environment(), stdin=terminal,
            capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tên đơn vị" in result.stdout and "[tinh-uy-hung-yen]" in result.stdout
    unit = yaml.safe_load((tmp_path / "kho" / "records" / "to-chuc" / "tinh-uy-hung-yen.yml").read_text(encoding="utf-8"))
    assert (unit["cap"], unit["viet_tat"]) == ("tinh", ["TU"])
    assert "site_name: Kế hoạch thực hiện của Tỉnh ủy Hưng Yên\n" in (tmp_path / "kho" / "mkdocs.yml").read_text(encoding="utf-8")


def test_options_mean_no_questions_even_at_a_terminal(tmp_path: Path) -> None:
    out = io.StringIO()
    assert scaffold.run_init(str(tmp_path / "kho"), name=NAME, stdin=_Terminal(""), stdout=out) == 0
    assert "Tên đơn vị" not in out.getvalue()
    assert (tmp_path / "kho" / "records" / "to-chuc" / "huyen-uy-van-lam.yml").is_file()


def test_asking_stops_cleanly_at_end_of_input(tmp_path: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError, match="đã dừng"):
        scaffold.run_init(str(tmp_path / "kho"), stdin=_Terminal(f"{NAME}\n"), stdout=io.StringIO())
    assert not (tmp_path / "kho").exists()


def test_default_package_follows_where_kehoach_came_from(monkeypatch) -> None:
    from importlib import metadata

    class Distribution:
        version = "0.3.0"

        def __init__(self, direct_url: str | None):
            self.direct_url = direct_url

        def read_text(self, name: str) -> str | None:
            return self.direct_url if name == "direct_url.json" else None

    def installed(direct_url: dict | None):
        monkeypatch.setattr(metadata, "distribution", lambda name: Distribution(None if direct_url is None else json.dumps(direct_url)))
        return scaffold.default_package()

    git = {"url": "https://git.example.vn/vp/kehoach.git", "vcs_info": {"vcs": "git", "requested_revision": "v0.3.0", "commit_id": "a" * 40}}
    assert installed(git) == ("git+https://git.example.vn/vp/kehoach.git@v0.3.0", False)
    assert installed(None) == ("kehoach==0.3.0", False)  # from a package index
    assert installed({"url": "file:///tmp/kehoach-0.3.0-py3-none-any.whl", "archive_info": {}}) == ("kehoach==0.3.0", True)
    assert installed({"url": "file:///work/kehoach", "dir_info": {"editable": True}}) == ("kehoach==0.3.0", True)


# ---------------------------------------------------------------- fast: packaged copies stay in step


def _mirrored() -> list[tuple[Path, Path]]:
    """(packaged copy, this repository's file) for every file `kehoach init` copies."""
    pairs = [(scaffold.MAU / packaged, REPO / ours) for packaged, ours in scaffold.MIRRORED]
    packaged_guide, our_guide = scaffold.GUIDE
    names = {p.name for p in (REPO / our_guide).glob("*.md")} | {p.name for p in (scaffold.MAU / packaged_guide).glob("*.md")}
    pairs += [(scaffold.MAU / packaged_guide / name, REPO / our_guide / name) for name in sorted(names)]
    return pairs


def test_packaged_copies_match_this_repository() -> None:
    """The guide pages, CI templates and pre-commit hook are kept twice: where this repository reads
    them, and in the package (`kehoach init` reads only the package). They must not drift."""
    stale = [(copy, ours) for copy, ours in _mirrored() if not ours.is_file() or not copy.is_file() or copy.read_bytes() != ours.read_bytes()]
    commands = "\n".join(
        f"cp {ours.relative_to(REPO)} {copy.relative_to(REPO)}" if ours.is_file() else f"rm {copy.relative_to(REPO)}" for copy, ours in stale
    )
    assert not stale, f"packaged copies differ from this repository's files; after checking which side is right, run:\n{commands}"


def _config(path: Path) -> dict:
    """mkdocs.yml as data; Python tags (pymdownx's slugify) read as (tag, arguments)."""

    class Loader(yaml.SafeLoader):
        pass

    def python(loader, suffix, node):
        value = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else loader.construct_sequence(node, deep=True)
        return ("python/" + suffix, value)

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", python)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader subclass


def test_mkdocs_yml_matches_ours(made: Path) -> None:
    """Same theme, Markdown, search, validation and navigation as this repository's site; the
    plugin instead of this repository's hook."""
    theirs, ours = _config(made / "mkdocs.yml"), _config(REPO / "mkdocs.yml")
    for key in ("docs_dir", "site_dir", "use_directory_urls", "strict", "theme", "markdown_extensions", "nav", "validation"):
        assert theirs.get(key) == ours.get(key), key
    search = lambda config: [p for p in config["plugins"] if isinstance(p, dict) and "search" in p]  # noqa: E731
    assert search(theirs) == search(ours)
    assert {"kehoach": {"records": "records"}} in theirs["plugins"]
    assert "hooks" not in theirs and "watch" not in theirs  # the plugin watches the records itself
    assert theirs["extra"] == {"generator": False}
    assert theirs["site_name"] == "Kế hoạch thực hiện của Huyện ủy Văn Lâm"
    # Every guide page is in the navigation.
    guide = {p.name for p in (made / "docs" / "huong-dan").glob("*.md")}
    assert guide == {p.name for p in (REPO / "docs" / "huong-dan").glob("*.md")}


# ---------------------------------------------------------------- slow: the wheel alone


ORGANIZATION = """\
id: ban-to-chuc-huyen-uy-van-lam
ten: Ban Tổ chức Huyện ủy Văn Lâm
viet_tat: [BTCHU]
loai: ban-dang
cap: huyen
truc_thuoc: huyen-uy-van-lam
"""


@dataclass
class Office:
    """The repository made by the wheel's `kehoach init`, with one record added, and its built site."""

    bin: Path  # the virtual environment's scripts
    folder: Path
    site: Path
    init_output: str
    build_output: str


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    """kehoach's wheel installed alone into a fresh virtual environment (dependencies from the
    package index); its `kehoach init` run in a folder outside this repository; one organization
    added; `kehoach check --strict` and `mkdocs build --strict` run. The wheel is built from a copy
    of pyproject.toml, README.md and src/: an in-tree build would leave build/ in the shared working
    tree, whose stale files could end up in the wheel and hide missing package data."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("wheel")
    assert not root.is_relative_to(REPO)
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    built = run("-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(root / "wheels"), ".", cwd=source, program=[sys.executable], timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (root / "wheels").glob("kehoach-*.whl")
    venv = root / "venv"
    made = run("-m", "venv", str(venv), cwd=root, program=[sys.executable])
    assert made.returncode == 0, made.stderr
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = run("-m", "pip", "install", "--disable-pip-version-check", "-q", str(wheel), cwd=root, program=[str(bin_dir / "python")], timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    installing = time.monotonic() - started

    target = root / "kho"
    made = run("init", str(target), "--ten-don-vi", NAME, "--viet-tat", "HU", cwd=root, program=[str(bin_dir / "kehoach")])
    assert made.returncode == 0, made.stderr
    (target / "records" / "to-chuc" / "ban-to-chuc-huyen-uy-van-lam.yml").write_text(ORGANIZATION, encoding="utf-8")
    checked = run("check", "--strict", cwd=target, program=[str(bin_dir / "kehoach")])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = run("build", "--strict", cwd=target, program=[str(bin_dir / "mkdocs")])
    assert site.returncode == 0, site.stdout + site.stderr
    print(f"\nwheel built and installed into a fresh venv: {installing:.1f} s; init, check, build: {time.monotonic() - started - installing:.1f} s")
    return Office(bin_dir, target, target / "site", made.stdout, site.stdout + site.stderr)


@slow
def test_wheel_alone_makes_a_repository_that_builds(office: Office) -> None:
    # The environment's kehoach is the installed wheel, with its package data.
    where = run("-c", "import kehoach, pathlib; print(pathlib.Path(kehoach.__file__).parent)", cwd=office.folder, program=[str(office.bin / "python")])
    package = Path(where.stdout.strip())
    assert package.is_relative_to(office.bin.parent), package
    for data in (
        "plugin/theme/main.html",
        "plugin/theme/assets/kehoach.css",
        "plugin/theme/assets/javascripts/kehoach.js",
        "plugin/theme/assets/javascripts/workers/kehoach-search.js",
        "content/templates/home.md.j2",
        "scaffold/mau/mkdocs.yml",
        "scaffold/mau/docs/huong-dan/index.md",
        "scaffold/mau/ci-templates/gitlab/gitlab-ci.yml",
    ):
        assert (package / data).is_file(), data
    # Installed from a local wheel, which CI cannot reach: the user is told what CI will install.
    assert "Lưu ý" in office.init_output
    assert 'KEHOACH_PACKAGE: "kehoach==0.1.0"' in (office.folder / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "WARNING" not in office.build_output, office.build_output
    assert (office.site / "index.html").is_file()
    assert (office.site / "to-chuc" / "ban-to-chuc-huyen-uy-van-lam" / "index.html").is_file()


def heading(page) -> str:
    """The page's title, without the heading's permalink mark."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


@slow
def test_wheel_alone_site_in_the_browser(office: Office, chromium) -> None:
    """Home page, the added organization's page, the guide, and Material's search box answering."""
    from kh_browser import SearchBox, recording_context, serve

    with serve(office.site) as url, recording_context(chromium) as (context, _log):
        page = context.new_page()
        page.goto(url)
        assert "Kế hoạch thực hiện của Huyện ủy Văn Lâm" in page.title()
        box = SearchBox(page, url)
        box.wait_ready()
        assert box.search("ban to chuc").first.path == "to-chuc/ban-to-chuc-huyen-uy-van-lam/"
        assert box.search("BTCHU").first.path == "to-chuc/ban-to-chuc-huyen-uy-van-lam/"
        assert box.search("van phong huyen uy").first.path == "to-chuc/van-phong-huyen-uy-van-lam/"
        page.goto(url + "to-chuc/ban-to-chuc-huyen-uy-van-lam/")
        assert heading(page) == "Ban Tổ chức Huyện ủy Văn Lâm"
        page.goto(url + "huong-dan/")
        assert heading(page) == "Hướng dẫn biên tập"

"""The house keeps its shape: the core (kehoach.records, kehoach.domain, kehoach.content) and the
CLI import nothing from MkDocs or Material, the core never imports the adapter (kehoach.plugin), and
no two modules import each other in a circle."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kehoach"
CORE = ("kehoach.records", "kehoach.domain", "kehoach.content")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules a file imports (absolute names); with top_level_only, only those run at import time
    (module body, including `if TYPE_CHECKING:` blocks), not those inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    nodes = list(ast.iter_child_nodes(tree)) if top_level_only else list(ast.walk(tree))
    if top_level_only:  # look into module-level if/try blocks too
        nodes = [n for top in nodes for n in (ast.walk(top) if isinstance(top, (ast.If, ast.Try)) else (top,))]
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith(CORE) or m == "kehoach.cli"])
def test_the_core_and_the_cli_import_nothing_from_mkdocs_or_material(module):
    imported = _imports(MODULES[module], top_level_only=module == "kehoach.cli")  # the CLI builds a bundle lazily, through the plugin
    assert not {name for name in imported if name.split(".")[0] in ("mkdocs", "material")}
    if module.startswith(CORE):
        assert not {name for name in imported if name.startswith("kehoach.plugin")}, "the core never imports the adapter"


LAYERS = ("kehoach.domain", "kehoach.records", "kehoach.content", "kehoach.plugin")  # each imports only those before it


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith(LAYERS)])
def test_each_layer_imports_only_the_layers_below_it(module):
    layer = next(index for index, name in enumerate(LAYERS) if module.startswith(name))
    above = LAYERS[layer + 1 :]
    assert not {name for name in _imports(MODULES[module], top_level_only=False) if name.startswith(above)}


def test_importing_the_core_and_the_cli_loads_no_mkdocs():
    code = "import importlib, json, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in MODULES if m.startswith(CORE) or m == "kehoach.cli")
    code += "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material') or n.startswith('kehoach.plugin'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def _graph(*, top_level_only: bool) -> dict[str, set[str]]:
    graph = {module: {name for name in _imports(path, top_level_only=top_level_only) if name in MODULES and name != module} for module, path in MODULES.items()}
    # Importing a module imports its packages first: count that edge too, as Python does.
    for module in MODULES:
        parent = module.rpartition(".")[0]
        if parent in MODULES and parent != module:
            graph[module].add(parent)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    circles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return circles


def test_no_import_circle_between_modules():
    """Counting what runs at import time: the module body, `if TYPE_CHECKING:` and try blocks."""
    graph = _graph(top_level_only=True)
    assert "kehoach.records.schema" in graph["kehoach.records.loader"]  # the graph is read, not empty
    assert _circles(graph) == []


# Imports inside functions run when the function is first called, so a circle through one cannot
# break importing; it is still a knot in the design. These are the known ones: a new one fails here.
KNOWN_CIRCLES_INSIDE_FUNCTIONS: set[tuple[str, ...]] = set()  # page paths live in content/paths.py, for pages and exports alike


def test_circles_through_imports_inside_functions_are_the_known_ones():
    circles = {tuple(sorted(set(circle))) for circle in _circles(_graph(top_level_only=False))}
    assert circles == KNOWN_CIRCLES_INSIDE_FUNCTIONS


def test_check_and_pages_run_without_loading_mkdocs(tmp_path):
    """Not only importing: `kehoach check` and `kehoach pages` run without MkDocs, Material or the adapter."""
    root = PACKAGE.parents[1]
    code = (
        "import json, os, sys\nfrom kehoach.cli import main\n"
        f"assert main(['check', '-f', {str(root / 'mkdocs.yml')!r}]) == 0\n"
        f"assert main(['pages', '-f', {str(root / 'mkdocs.yml')!r}, '--out', {str(tmp_path / 'out')!r}]) == 0\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material') or n.startswith('kehoach.plugin'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    assert json.loads(result.stdout.splitlines()[-1]) == []

"""The TUI's import rules, read from the source: no cycle, screens apart, widgets plain.

Imports inside functions count; only those under `if TYPE_CHECKING:` do not
(they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mstui.app import HELP, MILESTONE, SCREENS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mstui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
TUI = sorted(
    m
    for m in MODULES
    if m in ("mstui.app", "mstui.palette") or m.startswith(("mstui.screens", "mstui.widgets"))
)


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str) -> set[str]:
    """Every module `module` imports when it runs (TYPE_CHECKING blocks aside)."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                for stmt in child.orelse:
                    visit_one(stmt)
            else:
                visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                out.add(full if full in MODULES else node.module)
        visit(node)

    visit(ast.parse(MODULES[module].read_text()))
    return out


def internal(module: str) -> set[str]:
    """The mstui modules `module` imports."""
    out = set()
    for name in imports(module):
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.add(name)
    return out


def test_no_import_cycle_in_the_tui() -> None:
    graph = {m: {d for d in internal(m) if d in TUI} for m in TUI}
    cycles = []
    for start in TUI:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for dep in graph[node]:
                if dep == start:
                    cycles.append(" → ".join([*path, start]))
                elif dep not in seen:
                    seen.add(dep)
                    stack.append((dep, [*path, dep]))
    assert not cycles, cycles


def test_only_the_app_imports_a_top_level_screen() -> None:
    top = {p.partition(":")[0] for p in [*SCREENS.values(), MILESTONE, HELP]}
    wrong = [f"{m} imports {d}" for m in TUI if m != "mstui.app" for d in internal(m) & top]
    assert not wrong, wrong
    app_class = [m for m in TUI if m != "mstui.app" and "mstui.app" in internal(m)]
    assert not app_class, app_class


FORBIDDEN = ("mstui.store", "mstui.screens", "mstui.cli", "mstui.app", "sqlalchemy", "sqlmodel")


@pytest.mark.parametrize("module", [m for m in TUI if m.startswith("mstui.widgets")])
def test_widgets_never_touch_the_store_or_the_screens(module: str) -> None:
    bad = sorted(name for name in imports(module) if name.startswith(FORBIDDEN))
    assert not bad, bad


@pytest.mark.parametrize("module", TUI)
def test_every_tui_module_is_under_400_lines(module: str) -> None:
    assert len(MODULES[module].read_text().splitlines()) < 400

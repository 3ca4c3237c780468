"""How mstui/cli is put together, read from its source: imports go one way.

Noun modules use the shared parts; only the registry imports the noun modules;
only `tui` imports the app. Function-level imports count; those under
`if TYPE_CHECKING:` do not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CLI = Path(__file__).resolve().parents[2] / "mstui" / "cli"
NOUNS = {
    "people", "projects", "milestones", "tasks", "targets", "resources",
    "alerts", "timeline", "admin", "demo", "outside", "templates", "exchange", "baselines",
}  # fmt: skip
SHARED = {"args", "context", "output", "registry", "tui", "progress", "__init__"}
APP = ("textual", "rich", "mstui.app", "mstui.screens", "mstui.widgets")


def imported(path: Path) -> set[str]:
    """Every module `path` imports (as `pkg.name` for `from pkg import name`)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.add(child.module)
                found.update(f"{child.module}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text()))
    return found


MODULES = {p.stem: imported(p) for p in sorted(CLI.glob("*.py"))}


def cli_modules(imports: set[str]) -> set[str]:
    return {name.removeprefix("mstui.cli.") for name in imports} & set(MODULES)


def test_every_noun_and_shared_part_is_there() -> None:
    assert set(MODULES) >= NOUNS | SHARED


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_registry_imports_noun_modules(module: str) -> None:
    nouns = cli_modules(MODULES[module]) & NOUNS
    assert nouns == (NOUNS if module == "registry" else set())


@pytest.mark.parametrize("module", sorted(SHARED - {"registry", "__init__"}))
def test_shared_parts_import_no_noun_and_not_the_registry(module: str) -> None:
    assert cli_modules(MODULES[module]) & (NOUNS | {"registry"}) == set()


@pytest.mark.parametrize("module", sorted(set(MODULES) - {"tui", "progress"}))
def test_only_tui_imports_the_app(module: str) -> None:
    assert {name for name in MODULES[module] if name.startswith(APP)} == set()


def test_progress_takes_only_rich_of_the_app_side() -> None:
    # A long import's bar: Rich's progress, imported only when it is drawn on a terminal.
    found = {name for name in MODULES["progress"] if name.startswith(APP)}
    assert found and all(name.startswith("rich.") for name in found)


def test_no_cycle_inside_the_cli() -> None:
    graph = {name: cli_modules(imports) - {name} for name, imports in MODULES.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [name for name in graph if reaches(name, name, {name})] == []


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_every_module_is_under_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) < 400

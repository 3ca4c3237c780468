"""`mstui` with options only opens the app without building every command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mstui.cli.options import opens_the_app


@pytest.mark.parametrize(
    "argv",
    [[], ["--demo"], ["--db", "x.db"], ["--db=x.db", "--screen", "kanban"], ["--screen=alerts"]],
)
def test_options_only_open_the_app(argv: list[str]) -> None:
    assert opens_the_app(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["milestone", "list"],
        ["--db", "x.db", "status"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--db"],
        ["milestone", "edit", "1", "--version", "7"],
        ["--bogus"],
    ],
)
def test_anything_else_goes_to_the_whole_parser(argv: list[str]) -> None:
    assert not opens_the_app(argv)


def test_the_app_path_imports_no_command_module() -> None:
    code = (
        "import sys, mstui.cli, mstui.cli.options as o; o.options_parser();"
        "print(sorted(m for m in sys.modules if m.startswith('mstui.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)
    assert "mstui.cli.registry" not in loaded and "mstui.cli.milestones" not in loaded

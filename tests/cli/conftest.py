"""Fixtures of the command-line tests (the subprocess ones, `cli_env` and `mstui`, are
in tests/conftest.py; the helpers in tests/cli/helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mstui.cli import main
from tests.cli.helpers import InProcess, Ran
from tests.conftest import cli_environment


@pytest.fixture
def in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> InProcess:
    """`mstui.cli.main` in this process (no start-up cost) with the environment of the
    subprocesses: `in_process("--db", db, "timeline")` → its exit status, stdout, stderr."""
    for key in [k for k in os.environ if k.startswith(("MSTUI_", "XDG_"))]:
        monkeypatch.delenv(key)
    for key, value in cli_environment(tmp_path).items():
        monkeypatch.setenv(key, value)

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run

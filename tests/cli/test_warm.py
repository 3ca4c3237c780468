"""The warm runner (tests/warm.py) is only a faster start: a command forked from it and
the same command in a fresh `python -m mstui` give the same exit status, stdout and
stderr, and the child takes the request's environment, working directory and umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests import warm
from tests.conftest import NOW


@pytest.mark.parametrize(
    "args",
    [
        ["project", "add", "MKT", "Campaign"],
        ["milestone", "add", "MKT", "Brief", "--due", "2026-12-01"],
        ["milestone", "list", "--json"],
        ["milestone", "add", "MKT", "Late", "--due", "someday"],  # exit 2, one line
        ["milestone", "frobnicate"],  # argparse's usage error
        ["--help"],
        ["timeline"],
    ],
    ids=lambda a: " ".join(a),
)
def test_warm_and_fresh_agree(args: list[str], tmp_path: Path, cli_env: dict[str, str]) -> None:
    outcomes = []
    for name, runner in (("warm", warm.run), ("fresh", warm.fresh)):
        root = tmp_path / name
        root.mkdir()
        db = str(root / "plan.db")
        runner(["--db", db, "project", "add", "MKT", "Campaign"], env=cli_env, cwd=root)
        done = runner(["--db", db, *args], env=cli_env, cwd=root)
        outcomes.append((done.returncode, done.stdout.replace(str(root), "ROOT"), done.stderr))
    assert outcomes[0] == outcomes[1]


def test_the_child_takes_the_requests_environment_directory_and_umask(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    env = {**cli_env, "MSTUI_DB": str(tmp_path / "from-env.db"), "MSTUI_NOW": NOW.isoformat()}
    done = warm.run(["project", "add", "ENV", "From the environment"], env=env, cwd=tmp_path,
                    umask=0o077)  # fmt: skip
    assert done.returncode == 0, done.stderr
    made = tmp_path / "from-env.db"
    assert made.exists()
    assert stat.S_IMODE(made.stat().st_mode) & 0o077 == 0
    listed = warm.run(["--db", "from-env.db", "project", "list"], env=env, cwd=tmp_path)
    assert "From the environment" in listed.stdout
    assert os.environ.get("MSTUI_DB") != env["MSTUI_DB"]  # this process is untouched

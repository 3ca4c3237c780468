"""`mstui init --shared DIR`: the layout every team member can open (measured in STORAGE.md)."""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
from pathlib import Path


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(env_home), XDG_CONFIG_HOME=str(env_home / "config"))
    return subprocess.run(
        [sys.executable, "-m", "mstui", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_init_shared_makes_a_setgid_group_directory_and_a_660_database(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getegid()).gr_name
    shared = tmp_path / "team"
    done = run("init", "--shared", str(shared), "--group", group, env_home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"MSTUI_DB={shared / 'mstui.db'}" in done.stdout
    mode = shared.stat().st_mode
    assert stat.S_IMODE(mode) == 0o2770 and mode & stat.S_ISGID
    db = shared / "mstui.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    assert db.stat().st_gid == grp.getgrnam(group).gr_gid
    listed = run("--db", str(db), "project", "list", "--json", env_home=tmp_path)
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"


def test_init_shared_refuses_an_unknown_group(tmp_path: Path) -> None:
    done = run("init", "--shared", str(tmp_path / "x"), "--group", "no-such-group-42",
               env_home=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert (
        done.stderr.strip() == 'mstui: group: no such group on this server (got "no-such-group-42")'
    )
    assert not (tmp_path / "x").exists()

"""`mstui init --shared DIR`: the layout every team member can open (a setgid group directory)."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from tests.cli.helpers import ok, one_line_error
from tests.conftest import RunCli


def test_init_shared_makes_a_setgid_group_directory_and_a_660_database(
    tmp_path: Path, mstui: RunCli
) -> None:
    group = grp.getgrgid(os.getegid()).gr_name
    shared = tmp_path / "team"
    out = ok(mstui("init", "--shared", str(shared), "--group", group))
    assert f"MSTUI_DB={shared / 'mstui.db'}" in out
    mode = shared.stat().st_mode
    assert stat.S_IMODE(mode) == 0o2770 and mode & stat.S_ISGID
    db = shared / "mstui.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    assert db.stat().st_gid == grp.getgrnam(group).gr_gid
    # MSTUI_NOW (the tests' frozen clock) is refused on it: others' history would carry it.
    assert one_line_error(mstui("project", "list", "--json", db=db)).startswith(
        "mstui: MSTUI_NOW: refused on this database (other accounts can write"
    )
    listed = mstui("project", "list", "--json", db=db, extra_env={"MSTUI_NOW": ""})
    assert (listed.returncode, listed.stdout.strip()) == (0, "[]")


def test_init_shared_refuses_an_unknown_group(tmp_path: Path, mstui: RunCli) -> None:
    done = mstui("init", "--shared", str(tmp_path / "x"), "--group", "no-such-group-42")
    assert one_line_error(done) == (
        'mstui: group: no such group on this server (got "no-such-group-42")'
    )
    assert not (tmp_path / "x").exists()

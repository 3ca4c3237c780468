"""`mstui init --shared DIR`: the layout every team member can open (a setgid group directory)."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from tests.accounts import GROUP, accounts
from tests.cli.helpers import ok, one_line_error
from tests.conftest import RunCli

__all__ = ["accounts"]  # a fixture, used by name


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


def test_init_shared_refuses_a_directory_with_other_files_unless_forced(
    accounts: None, tmp_path: Path, mstui: RunCli
) -> None:
    home = tmp_path / "home-of-someone"
    home.mkdir()
    os.chmod(home, 0o755)
    (home / "notes.txt").write_text("mine")
    (home / "plans").mkdir()
    before = home.stat()
    err = one_line_error(mstui("init", "--shared", str(home), "--group", GROUP))
    gid = before.st_gid
    old_group = grp.getgrgid(gid).gr_name
    assert err == (
        "mstui: directory: holds files mstui did not make ('notes.txt' and 1 more); init "
        f"would change it (mode drwxr-xr-x → drwxrws---, group {old_group} → {GROUP}) and add "
        f'mstui.db: name a new or empty directory, or add --force (got "{home}")'
    )
    after = home.stat()
    assert (after.st_mode, after.st_gid) == (before.st_mode, before.st_gid)
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt", "plans"]

    ok(mstui("init", "--shared", str(home), "--group", GROUP, "--force"))
    assert stat.S_IMODE(home.stat().st_mode) == 0o2770
    assert (home / "notes.txt").read_text() == "mine"
    assert (home / "mstui.db").is_file()


def test_init_shared_again_on_its_own_directory_or_an_empty_one(
    tmp_path: Path, mstui: RunCli
) -> None:
    shared = tmp_path / "team"
    ok(mstui("init", "--shared", str(shared)))
    # What mstui itself put there (the database, its -wal/-shm, files, backups) is no obstacle.
    (shared / "mstui.db.bak-manual-20261120T090000Z-1-abcdef").write_bytes(b"")
    ok(mstui("init", "--shared", str(shared)))
    empty = tmp_path / "empty"
    empty.mkdir()
    ok(mstui("init", "--shared", str(empty)))
    assert (empty / "mstui.db").is_file()

"""Exit codes: everything a person can fix is one line on stderr and exit 2.

Each case was run by hand first: an account outside the team's group got an
internal error (`PermissionError`, exit 1); a database file mode 0444, or in a
directory the account cannot write, could not even be listed ("no write
permission"). Now the outsider is told to check their group, and a read-only file
lists as usual and refuses a write saying it is read-only.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.accounts import GROUP, LEAD, OUTSIDER, accounts, as_account, shared_root
from tests.cli.helpers import ok, one_line_error
from tests.conftest import RunCli

__all__ = ["accounts", "shared_root"]  # fixtures, used by name


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_clock_that_is_not_a_time_is_one_line(mstui: RunCli, tmp_path: Path) -> None:
    done = mstui("milestone", "list", db=tmp_path / "m.db", now="not-a-time")
    assert one_line_error(done) == (
        'mstui: MSTUI_NOW: expected an ISO date or time such as 2026-12-01T09:00 (got "not-a-time")'
    )


def test_a_newer_schema_refuses_a_write_and_leaves_the_file_untouched(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "m.db"
    ok(mstui("project", "add", "MKT", "Winter", db=db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _digest(db)
    error = one_line_error(mstui("project", "add", "SLS", "Sales", db=db))
    assert error == f"mstui: {db} has a newer schema than this mstui knows: opened read-only"
    assert _digest(db) == before
    assert "Winter" in ok(mstui("project", "list", db=db))  # reading still works


def _team(shared_root: Path) -> Path:
    team = shared_root / "team"
    made = subprocess.run(
        [sys.executable, "-m", "mstui", "init", "--shared", str(team), "--group", GROUP],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    db = team / "mstui.db"
    for args in (
        ("project", "add", "MKT", "Winter"),
        ("milestone", "add", "MKT", "Launch", "--due", "+3d"),
    ):
        done = as_account(LEAD, db, *args)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return db


def test_an_account_outside_the_group_is_told_in_one_line(
    accounts: None, shared_root: Path
) -> None:
    db = _team(shared_root)
    before = _digest(db)
    for args in (("milestone", "list"), ("project", "add", "SLS", "Sales")):
        assert one_line_error(as_account(OUTSIDER, db, *args)) == (
            f'mstui: cannot open database "{db}": permission denied '
            f"(is your account in the group that owns {db.parent}?)"
        )
    assert _digest(db) == before


def test_a_read_only_file_lists_and_refuses_a_write_saying_so(
    accounts: None, shared_root: Path
) -> None:
    db = _team(shared_root)
    cases = (
        (db, 0o444, 0o660, "no write permission on the file"),
        (db.parent, 0o2550, 0o2770, f"no write permission on {db.parent}"),
    )
    for path, read_only, writable, reason in cases:
        path.chmod(read_only)
        try:
            listed = as_account(LEAD, db, "milestone", "list")
            assert (listed.returncode, listed.stderr) == (0, ""), listed.stderr
            assert "Launch" in listed.stdout
            before = _digest(db)
            refused = as_account(LEAD, db, "milestone", "add", "MKT", "Other", "--due", "+4d")
            assert one_line_error(refused) == (
                f"mstui: {db} is read-only for you ({reason}): nothing was written"
            )
            assert _digest(db) == before
        finally:
            path.chmod(writable)
    assert os.access(db, os.W_OK)

"""Two real OS accounts in one group, on a directory made by `mstui init --shared`.

Needs root, to make the group and the accounts (CI runs as root): skipped with a
reason elsewhere, and a failure in CI. Each command runs in a fresh Python that
loads mstui as root, then becomes the account (`setgid`, `setuid`) before it
runs: the checkout and the interpreter may live where the accounts cannot read
(root's home), but the database directory is the team's, as in real use.
"""

from __future__ import annotations

import grp
import json
import subprocess
import sys
from pathlib import Path

from tests.accounts import GROUP, LEAD, VIEWER, accounts, as_account, shared_root

__all__ = ["accounts", "shared_root"]  # fixtures, used by name


def test_the_viewer_is_refused_until_the_lead_makes_them_an_editor(
    accounts: None, shared_root: Path
) -> None:
    team = shared_root / "team"
    made = subprocess.run(
        [sys.executable, "-m", "mstui", "init", "--shared", str(team), "--group", GROUP],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    db = team / "mstui.db"

    def ok(login: str, *args: str) -> str:
        done = as_account(login, db, *args)
        assert (done.returncode, done.stderr) == (0, ""), (login, args, done.stderr)
        return done.stdout

    ok(LEAD, "project", "add", "MKT", "Winter campaign")
    ok(LEAD, "milestone", "add", "MKT", "Launch", "--due", "+30d")
    ok(LEAD, "project", "member", "add", "MKT", VIEWER, "viewer")

    refused = as_account(VIEWER, db, "milestone", "move", "1", "in_progress")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == "mstui: needs editor on MKT (you are viewer)\n"
    (shown,) = json.loads(ok(LEAD, "milestone", "list", "--json"))
    assert shown["status"] == "planned"

    ok(LEAD, "project", "member", "add", "MKT", VIEWER, "editor")
    ok(VIEWER, "milestone", "move", "1", "in_progress")
    (shown,) = json.loads(ok(LEAD, "milestone", "list", "--json"))
    assert shown["status"] == "in_progress"
    history = json.loads(ok(LEAD, "milestone", "history", "1", "--json"))
    assert {a["actor"] for a in history} == {LEAD, VIEWER}  # the uid, never $USER
    members = json.loads(ok(VIEWER, "project", "member", "list", "MKT", "--json"))
    assert [(m["login"], m["role"]) for m in members] == [(LEAD, "lead"), (VIEWER, "editor")]
    # The database and its directory stay the team's: group-owned, for members only.
    for path in (team, db):
        st = path.stat()
        assert grp.getgrgid(st.st_gid).gr_name == GROUP
        assert st.st_mode & 0o007 == 0

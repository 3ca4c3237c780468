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
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

GROUP = "mstui-team-test"
LEAD, VIEWER = "mstui-lead-test", "mstui-viewer-test"

RUN_AS = r"""
import grp, importlib, os, pkgutil, pwd, sys
import mstui, mstui.cli, mstui.store, mstui.views, mstui.domain
for pkg in (mstui.cli, mstui.store, mstui.views, mstui.domain):
    for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
import sqlalchemy.dialects.sqlite, sqlalchemy.dialects.sqlite.pysqlite, pendulum
user = pwd.getpwnam(sys.argv[1])
os.setgroups([g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem] + [user.pw_gid])
os.setgid(user.pw_gid)
os.setuid(user.pw_uid)
os.environ.update(HOME=user.pw_dir, USER="someone-else", LOGNAME="someone-else")
os.umask(0o022)
sys.exit(mstui.cli.main(sys.argv[2:]))
"""


def _ensure_accounts() -> None:
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        subprocess.run(["groupadd", GROUP], check=True)
    for login in (LEAD, VIEWER):
        try:
            pwd.getpwnam(login)
        except KeyError:
            subprocess.run(
                ["useradd", "-M", "-N", "-g", GROUP, "-d", "/nonexistent", "-s",
                 "/usr/sbin/nologin", "-c", login.replace("-", " ").title(), login],
                check=True,
            )  # fmt: skip


@pytest.fixture(scope="module")
def accounts() -> None:
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root: the shared-directory test must not skip")
        pytest.skip("needs root to make a group and two accounts (CI runs it as root)")
    _ensure_accounts()


def as_account(login: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSTUI_", "XDG_"))}
    return subprocess.run(
        [sys.executable, "-c", RUN_AS, login, "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def shared_root() -> Iterator[Path]:
    """A folder the accounts can reach (pytest's own tmp folders are root's only)."""
    root = Path(tempfile.mkdtemp(prefix="mstui-shared-", dir="/tmp"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


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

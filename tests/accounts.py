"""Real OS accounts for the tests that need them: a team group, its members, an outsider.

Needs root, to make the group and the accounts (CI runs as root): the `accounts`
fixture skips with a reason elsewhere, and fails in CI. `as_account` runs the
command line in a process that loaded mstui as root, then became the account
(`setgid`, `setuid`) before it runs (forked from tests/warm.py's server, or with
MSTUI_TEST_EXEC=1 a fresh Python running RUN_AS): the checkout and the interpreter
may live where the accounts cannot read (root's home), but the database
directory is the team's, as in real use.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import warm

GROUP = "mstui-team-test"
LEAD, VIEWER = "mstui-lead-test", "mstui-viewer-test"
OUTSIDER = "mstui-outsider-test"
"""An account that is not in GROUP (its own group of the same name)."""

RUN_AS = r"""
import grp, importlib, os, pkgutil, pwd, sys
import mstui, mstui.cli, mstui.store, mstui.views, mstui.domain
for pkg in (mstui.cli, mstui.store, mstui.views, mstui.domain):
    for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
import sqlalchemy.dialects.sqlite, sqlalchemy.dialects.sqlite.pysqlite, pendulum
import sqlalchemy.dialects.postgresql.psycopg, psycopg
user = pwd.getpwnam(sys.argv[1])
os.setgroups([g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem] + [user.pw_gid])
os.setgid(user.pw_gid)
os.setuid(user.pw_uid)
os.environ.update(HOME=user.pw_dir, USER="someone-else", LOGNAME="someone-else")
os.umask(0o022)
sys.exit(mstui.cli.main(sys.argv[2:]))
"""


def _ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True)


def _ensure_account(login: str, group: str) -> None:
    _ensure_group(group)
    try:
        pwd.getpwnam(login)
    except KeyError:
        subprocess.run(
            ["useradd", "-M", "-N", "-g", group, "-d", "/nonexistent", "-s",
             "/usr/sbin/nologin", "-c", login.replace("-", " ").title(), login],
            check=True,
        )  # fmt: skip


def _ensure_accounts() -> None:
    for login in (LEAD, VIEWER):
        _ensure_account(login, GROUP)
    _ensure_account(OUTSIDER, OUTSIDER)


@pytest.fixture(scope="module")
def accounts() -> None:
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root: the shared-directory test must not skip")
        pytest.skip("needs root to make a group and two accounts (CI runs it as root)")
    _ensure_accounts()


def as_account(login: str, db: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """`mstui --db DB ARGS` as the OS account `login` (its groups, its HOME; USER and
    LOGNAME set to someone else, since identity must come from the account)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSTUI_", "XDG_"))}
    env.update(USER="someone-else", LOGNAME="someone-else")
    if warm.exec_only():
        return subprocess.run(
            [sys.executable, "-c", RUN_AS, login, "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    return warm.run(
        ["--db", str(db), *args], env=env, cwd="/", umask=0o022, login=login, timeout=60
    )


@pytest.fixture
def shared_root() -> Iterator[Path]:
    """A folder the accounts can reach (pytest's own tmp folders are root's only)."""
    root = Path(tempfile.mkdtemp(prefix="mstui-shared-", dir="/tmp"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)

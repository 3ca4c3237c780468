"""A member of the team tampers with another member's attached file (real accounts).

The attacks seen on the earlier store (issue 12): overwriting a stored copy
(the files were 660) while `milestone show` kept the old SHA-256, and a
symlink planted at the storage path of a file attached later, which the store
kept and served. Here LEAD attaches, VIEWER (same group) attacks as itself,
and root stands in for anyone who gets past the modes: every attack fails, or
is reported as a changed copy that is never served.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.accounts import GROUP, LEAD, VIEWER, accounts, as_account, shared_root

__all__ = ["accounts", "shared_root"]  # fixtures, used by name

ATTACK = r"""
import grp, os, pwd, sys
user = pwd.getpwnam(sys.argv[1])
os.setgroups([g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem] + [user.pw_gid])
os.setgid(user.pw_gid)
os.setuid(user.pw_uid)
os.umask(0o002)
exec(sys.argv[2])
"""


def attack(login: str, code: str) -> str:
    """Run `code` as `login`; what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", ATTACK, login, code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def team_db(shared_root: Path) -> Path:
    team = shared_root / "team"
    made = subprocess.run(
        [sys.executable, "-m", "mstui", "init", "--shared", str(team), "--group", GROUP],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    return team / "mstui.db"


def ok(login: str, db: Path, *args: str) -> str:
    done = as_account(login, db, *args)
    assert (done.returncode, done.stderr) == (0, ""), (login, args, done.stderr)
    return done.stdout


def one_project(db: Path) -> None:
    ok(LEAD, db, "project", "add", "MKT", "Winter campaign")
    ok(LEAD, db, "milestone", "add", "MKT", "Launch", "--due", "+30d")
    ok(LEAD, db, "project", "member", "add", "MKT", VIEWER, "editor")


def shown_file(login: str, db: Path) -> dict[str, object]:
    (f,) = json.loads(ok(login, db, "milestone", "show", "1", "--json"))["attachments"]
    assert isinstance(f, dict)
    return f


def test_a_member_cannot_overwrite_rename_or_remove_anothers_copy_and_a_change_is_caught(
    accounts: None, shared_root: Path
) -> None:
    db = team_db(shared_root)
    one_project(db)
    source = shared_root / "contract.txt"
    source.write_bytes(b"pay 1,000 USD\n")
    source.chmod(0o644)
    ok(LEAD, db, "milestone", "attach", "1", str(source))
    f = shown_file(VIEWER, db)
    stored = Path(str(f["path"]))
    assert f["state"] == "ok"
    st = stored.lstat()
    assert stat.S_IMODE(st.st_mode) == 0o440
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o3770
    assert stat.S_IMODE(stored.parent.parent.stat().st_mode) == 0o3770

    tried = attack(
        VIEWER,
        f"""
p = {str(stored)!r}
for name, act in [
    ("write", lambda: open(p, "r+b")),
    ("chmod", lambda: os.chmod(p, 0o660)),
    ("rename", lambda: os.rename(p, p + ".x")),
    ("unlink", lambda: os.unlink(p)),
    ("replace", lambda: (open(p + ".x", "wb").write(b"pay 9,000"), os.replace(p + ".x", p))),
]:
    try:
        act()
        print(name, "done")
    except PermissionError:
        print(name, "refused")
""",
    )
    assert tried.splitlines() == [
        "write refused", "chmod refused", "rename refused", "unlink refused", "replace refused",
    ]  # fmt: skip
    assert stored.read_bytes() == b"pay 1,000 USD\n"
    assert ok(VIEWER, db, "milestone", "export", "1", "-") == "pay 1,000 USD\n"

    # Someone who gets past the modes (here root; before, any member) changes the bytes:
    os.chmod(stored, 0o660)
    stored.write_bytes(b"pay 9,000 USD\n")
    f = shown_file(VIEWER, db)
    assert f["state"] == "changed"
    assert f["sha256"] == hashlib.sha256(b"pay 1,000 USD\n").hexdigest()
    assert "[CHANGED: not served]" in ok(VIEWER, db, "milestone", "show", "1")
    refused = as_account(VIEWER, db, "milestone", "export", "1", "-")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        "mstui: attachment: its stored copy changed on disk since it was attached; "
        'not served (got "1 (contract.txt)")\n'
    )


def test_a_symlink_planted_at_a_later_files_path_is_never_followed_nor_served(
    accounts: None, shared_root: Path
) -> None:
    db = team_db(shared_root)
    one_project(db)
    wanted = b"final budget: 25,000 USD\n"
    sha = hashlib.sha256(wanted).hexdigest()
    planted = db.parent / "planted.txt"  # where VIEWER can write
    target = db.with_name("mstui.db.files") / sha[:2] / sha
    said = attack(
        VIEWER,
        f"""
open({str(planted)!r}, "wb").write(b"final budget: 99,000 USD\\n")
os.symlink({str(planted)!r}, {str(target)!r})
print("planted")
""",
    )
    assert said == "planted"
    source = shared_root / "budget.txt"
    source.write_bytes(wanted)
    source.chmod(0o644)

    ok(LEAD, db, "milestone", "attach", "1", str(source))  # the attack fails
    assert target.is_symlink()  # left alone (never followed): the admin sees what was planted
    assert planted.read_bytes() == b"final budget: 99,000 USD\n"  # never written through
    f = shown_file(VIEWER, db)
    assert (f["state"], f["sha256"]) == ("ok", sha)
    assert f["path"] == f"{target}.1"  # a spare name, made by LEAD, read-only
    assert ok(VIEWER, db, "milestone", "export", "1", "-") == wanted.decode()

    # Every name taken: the attach is refused with one line, nothing is served.
    again = b"minutes of the kick-off\n"
    sha = hashlib.sha256(again).hexdigest()
    target = target.parent.parent / sha[:2] / sha
    attack(
        VIEWER,
        f"""
for name in [{str(target)!r}] + [{str(target)!r} + f".{{n}}" for n in (1, 2, 3)]:
    os.symlink({str(planted)!r}, name)
""",
    )
    source.chmod(0o600)
    source.write_bytes(again)
    source.chmod(0o644)
    refused = as_account(LEAD, db, "milestone", "attach", "1", str(source))
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith("mstui: file: other files are in the way at ")
    assert refused.stderr.count("\n") == 1
    detail = json.loads(ok(LEAD, db, "milestone", "show", "1", "--json"))
    assert [a["sha256"] for a in detail["attachments"]] == [hashlib.sha256(wanted).hexdigest()]

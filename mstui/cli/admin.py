"""The admin's commands: `mstui init --shared DIR` (a database directory for a team) and
`mstui admin pg-setup` (a PostgreSQL database whose roles the database enforces)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mstui.cli.args import Commands, add, noun
from mstui.cli.context import settings_for
from mstui.errors import UsageError

HBA = """\
Sign-in by OS account (peer authentication on the local socket). In pg_hba.conf, before
the other "local" lines, then reload the server (pg_ctl reload, or systemctl reload):
    local   {db}   all   peer map=mstui
and in pg_ident.conf (each OS account signs in as the role of the same name; add a
line for an account whose role is named otherwise):
    mstui   /^(.*)$   \\1
Each person then runs: mstui --db postgresql+psycopg:///{db}   (or sets MSTUI_DB)"""


OUTSIDE = """\

Each member's login shell can say what waits for them (at most 8 lines; nothing when
there is nothing; silent, within a second, if anything is wrong). As root, in
/etc/profile.d/mstui.sh:
    [ -t 1 ] && command -v mstui >/dev/null && mstui digest

Alerts are raised by a running app; to raise them while nobody has it open, run
`mstui check` every 5 minutes. As root, write these two files, then run
systemctl daemon-reload && systemctl enable --now mstui-check.timer
/etc/systemd/system/mstui-check.service:
    [Unit]
    Description=mstui: raise the team's alerts
    [Service]
    Type=oneshot
    User={login}
    Group={group}
    UMask=0007
    ExecStart={mstui} --db {db} check
/etc/systemd/system/mstui-check.timer:
    [Unit]
    Description=mstui: raise the team's alerts every 5 minutes
    [Timer]
    OnBootSec=2min
    OnUnitActiveSec=5min
    [Install]
    WantedBy=timers.target
or, instead, this line in {login}'s crontab (crontab -e; cron mails what it raised):
    */5 * * * * {mstui} --db {db} check"""


def outside_snippets(db: Path) -> str:
    """The login digest and the alert timer (systemd or cron) for the database `db`."""
    import grp
    import shutil
    import sys

    from mstui.identity import current_account

    found = shutil.which("mstui")
    mstui = str(Path(found).resolve()) if found else f"{sys.executable} -m mstui"
    group = grp.getgrgid(db.parent.stat().st_gid).gr_name
    return OUTSIDE.format(login=current_account().login, group=group, mstui=mstui, db=db)


def cmd_init(args: argparse.Namespace) -> int:
    from mstui.store.shared_dir import describe, init_shared

    db = init_shared(args.shared, args.group, force=args.force)
    # The account that made the team's database is its first person: its admin (at
    # the real time: a shared database refuses MSTUI_NOW).
    from mstui.clock import SystemClock
    from mstui.store import open_store as open_it

    store = open_it(settings_for(args).with_db(str(db)), SystemClock())
    store.me()
    store.db.close()
    print(describe(db))
    print(outside_snippets(db))
    return 0


def cmd_pg_setup(args: argparse.Namespace) -> int:
    import grp
    import pwd

    from mstui.store.pg_setup import pg_setup

    settings = settings_for(args)
    if "://" not in settings.db:
        raise UsageError("admin pg-setup: name the PostgreSQL database with --db or MSTUI_DB")
    people = list(args.person or [])
    for group in args.group or []:
        try:
            found = grp.getgrnam(group)
        except KeyError:
            raise UsageError(f"admin pg-setup: --group {group}: no such group") from None
        people += found.gr_mem
        people += [p.pw_name for p in pwd.getpwall() if p.pw_gid == found.gr_gid]
    people = sorted(set(people) - set(args.admin or []))
    admins = list(args.admin or [])
    db = pg_setup(settings.db, people=people, admins=admins)
    try:
        name = db.engine.url.database or "mstui"
        label = db.label
    finally:
        db.close()
    print(f"set up {label}: schema at head, row-level security on every table, server time")
    print(f"people ({len(people) + len(admins)}): " + ", ".join([*admins, *people]))
    if admins:
        print("admins: " + ", ".join(admins))
    print(HBA.format(db=name))
    return 0


def register(sub: Commands) -> None:
    """`mstui init`, `mstui admin pg-setup`."""
    admin = noun(sub, "admin", "set up a PostgreSQL database for a team (admin)")
    what = "roles, row-level security and server time on a PostgreSQL database (superuser)"
    p = add(admin, "pg-setup", cmd_pg_setup, what)
    p.add_argument("--person", action="append", metavar="LOGIN", help="a person (repeatable)")
    p.add_argument("--group", action="append", metavar="GROUP", help="every member of an OS group")
    p.add_argument("--admin", action="append", metavar="LOGIN", help="an admin (repeatable)")
    p = add(sub, "init", cmd_init, "make a shared database directory for a team (admin)")
    p.add_argument("--shared", required=True, metavar="DIR", help="the directory to make")
    p.add_argument("--group", help="the team's group (default: your primary group)")
    p.add_argument(
        "--force",
        action="store_true",
        help="use a directory that already holds other files (its mode and group change)",
    )

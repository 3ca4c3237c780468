"""`mstui init --shared DIR`: the admin's command, a database directory for a team."""

from __future__ import annotations

import argparse

from mstui.cli.args import Commands, add
from mstui.cli.context import settings_for


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
    return 0


def register(sub: Commands) -> None:
    """`mstui init`."""
    p = add(sub, "init", cmd_init, "make a shared database directory for a team (admin)")
    p.add_argument("--shared", required=True, metavar="DIR", help="the directory to make")
    p.add_argument("--group", help="the team's group (default: your primary group)")
    p.add_argument(
        "--force",
        action="store_true",
        help="use a directory that already holds other files (its mode and group change)",
    )

"""`mstui init --shared DIR`: the admin's command, a database directory for a team."""

from __future__ import annotations

import argparse

from mstui.cli.args import Commands, add


def cmd_init(args: argparse.Namespace) -> int:
    from mstui.store.shared_dir import describe, init_shared

    db = init_shared(args.shared, args.group)
    print(describe(db))
    return 0


def register(sub: Commands) -> None:
    """`mstui init`."""
    p = add(sub, "init", cmd_init, "make a shared database directory for a team (admin)")
    p.add_argument("--shared", required=True, metavar="DIR", help="the directory to make")
    p.add_argument("--group", help="the team's group (default: your primary group)")

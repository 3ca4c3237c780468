"""`mstui db check`, `mstui db backup [FILE]`, `mstui db copy --to URL`: the admin's tools.

Neither opens the store: a damaged file is checked and copied without being
migrated or written, and a backup is taken through SQLite's backup API (a
plain `cp` of a live WAL database is not consistent).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mstui.cli.args import Commands, add, noun
from mstui.cli.context import settings_for
from mstui.errors import DatabaseUnavailable, UsageError

SHOWN = 10
"""How many of the integrity check's findings `db check` prints."""


def _sqlite_file(args: argparse.Namespace, verb: str) -> Path:
    """The SQLite file the command line names; PostgreSQL has its own tools."""
    from mstui.config import default_db_path
    from mstui.store.engine import sqlite_path, to_url

    settings = settings_for(args)
    spec = settings.db or str(default_db_path())
    path = sqlite_path(to_url(spec))
    if path is None:
        tool = "pg_dump" if verb == "backup" else "amcheck (or a pg_dump that completes)"
        raise UsageError(f"db {verb}: {spec} is not a SQLite file; on PostgreSQL use {tool}")
    if not path.exists():
        raise DatabaseUnavailable(f'cannot open database "{path}": no such file')
    if not path.is_file():
        raise DatabaseUnavailable(f'cannot open database "{path}": not a regular file')
    return path


def cmd_check(args: argparse.Namespace) -> int:
    from mstui.store.sqlite_file import integrity

    path = _sqlite_file(args, "check")
    problems = integrity(path, quick=args.quick)
    if not problems:
        kind = "quick check" if args.quick else "integrity check"
        print(f"ok: {path} passed SQLite's {kind}")
        return 0
    for line in problems[:SHOWN]:
        print(line)
    if len(problems) > SHOWN:
        print(f"… and {len(problems) - SHOWN} more")
    raise DatabaseUnavailable(
        f"{path} is damaged ({len(problems)} problem{'s' if len(problems) != 1 else ''}): "
        "stop mstui everywhere, then restore the newest good backup "
        "(or try: sqlite3 FILE .recover)"
    )


def cmd_backup(args: argparse.Namespace) -> int:
    import sqlite3

    from mstui.store.sqlite_file import backup_sqlite, explain, integrity

    path = _sqlite_file(args, "backup")
    dest = Path(args.file).expanduser().resolve() if args.file else None
    if dest is not None:
        if dest.exists() or dest.is_symlink():
            raise UsageError(f"db backup: {dest} exists; name a new file")
        if not dest.parent.is_dir():
            raise UsageError(f"db backup: folder {dest.parent} does not exist")
    try:
        made = backup_sqlite(path, "manual", dest)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseUnavailable(f"db backup of {path} failed: {explain(exc, path)}") from exc
    problems = integrity(made, quick=True)
    if problems:
        made.unlink(missing_ok=True)
        raise DatabaseUnavailable(
            f"{path} is damaged ({problems[0]}): no backup made; see `mstui db check`"
        )
    print(f"backup: {made} ({made.stat().st_size} bytes, checked)")
    sys.stdout.flush()
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from mstui.config import default_db_path
    from mstui.store.base import files_base
    from mstui.store.copy import LABELS, copy_database
    from mstui.store.engine import open_database

    settings = settings_for(args)
    if not args.to.strip():
        raise UsageError("db copy: --to is empty; name a new SQLite file or a PostgreSQL URL")
    source = open_database(settings.db or str(default_db_path()))
    try:
        files = Path(settings.files).expanduser() if settings.files else files_base(source.path)
        report = copy_database(source, args.to, files)
    finally:
        source.close()
    counted = ", ".join(f"{report.counts.get(t, 0)} {label}" for t, label in LABELS.items())
    print(f"copied {report.source} to {report.destination} in one transaction: {counted}")
    print(f"verified: {len(report.counts)} tables, {report.total} rows, the same on both")
    if report.files is not None and report.files.exists():
        print(
            f"attached files stay in {report.files}: on the copy, set files = "
            f'"{report.files}" in the settings (or copy the folder beside a SQLite copy)'
        )
    return 0


def register(sub: Commands) -> None:
    """`mstui db check`, `mstui db backup`, `mstui db copy`."""
    db = noun(sub, "db", "check, back up or copy the database")
    p = add(db, "check", cmd_check, "run SQLite's integrity check on the database: a verdict")
    p.add_argument("--quick", action="store_true", help="the faster quick check")
    p = add(db, "backup", cmd_backup, "an online, consistent copy of the database")
    p.add_argument(
        "file", nargs="?", metavar="FILE", help="where (default: beside it, a unique name)"
    )
    p = add(db, "copy", cmd_copy, "copy the whole database to a new one (SQLite ⇄ PostgreSQL)")
    p.add_argument("--to", required=True, metavar="URL", help="a new SQLite file or PostgreSQL URL")

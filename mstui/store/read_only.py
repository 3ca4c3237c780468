"""A SQLite file this account may read but not write (mode 0444, or a directory it
cannot write the -wal/-shm files in): listings work, every write says why not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from mstui.errors import DatabaseUnavailable
from mstui.store.connection import configure_sqlite, current_revision
from mstui.store.migrations import HEAD, REVISIONS
from mstui.store.sqlite_file import explain, read_only_uri


def open_read_only(path: Path, reason: str) -> tuple[Engine, str | None]:
    """A read-only engine on `path` and the revision it holds; `reason` says why read-only."""

    def connect() -> sqlite3.Connection:
        # mode=ro still needs the -shm file, or a directory to create it in; without
        # either, no process has the file open in WAL mode, so it cannot change under
        # us while we read it as immutable.
        try:
            conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.OperationalError:
            return sqlite3.connect(
                read_only_uri(path) + "&immutable=1", uri=True, check_same_thread=False
            )

    engine = sa.create_engine("sqlite://", creator=connect)
    try:
        configure_sqlite(engine, read_only=True)
        try:
            before = current_revision(engine)
        except (DatabaseUnavailable, DBAPIError, OSError) as exc:
            raise DatabaseUnavailable(f'cannot open database "{path}": {explain(exc)}') from exc
        if before is not None and before in REVISIONS and before != HEAD:
            raise DatabaseUnavailable(
                f"{reason}, and it needs an upgrade: ask whoever can write it to run mstui once"
            )
        return engine, before
    except BaseException:
        engine.dispose()
        raise

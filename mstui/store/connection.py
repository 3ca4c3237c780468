"""How every SQLite connection is set up, and the schema revision a database holds."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mstui.domain.dates import local_day_text
from mstui.errors import DatabaseUnavailable
from mstui.store.sqlite_file import BUSY_TIMEOUT_MS


def _lenient_text(raw: bytes) -> str:
    """Stored text as a str: bytes that are not UTF-8 become U+FFFD, never an error."""
    return raw.decode("utf-8", "replace")


def configure_sqlite(engine: Engine, read_only: bool) -> None:
    """Our own BEGIN (IMMEDIATE for writes), the busy timeout, foreign keys on."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own BEGIN handling is off: we issue BEGIN ourselves.
        dbapi_conn.isolation_level = None
        dbapi_conn.text_factory = _lenient_text  # another program may store invalid UTF-8
        # The dashboard's completions by day on each project's clocks (no zones in SQLite).
        dbapi_conn.create_function("mstui_local_day", 2, local_day_text, deterministic=True)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cur.execute("PRAGMA query_only = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("mstui_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database; None for an empty database.

    Raises `DatabaseUnavailable` for a file that is not a database or holds
    tables that are not ours.
    """
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        if "alembic_version" in names:
            row = conn.execute(sa.text("SELECT version_num FROM alembic_version")).first()
            return str(row[0]) if row else None
        if names:
            raise DatabaseUnavailable("it holds tables but is not an mstui database")
        return None

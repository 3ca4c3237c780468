"""Writing a scan's alerts: an insert that skips a dedupe key already there, on SQLite
(the driver's `executemany`, fast) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from mstui.errors import DatabaseUnavailable

COLUMNS = (
    "kind",
    "severity",
    "subject_type",
    "subject_id",
    "project_id",
    "recipient_id",
    "message",
    "about_date",
    "raised_at",
    "dedupe_key",
)
"""The columns a scan's insert fills (the rest are NULL: not acknowledged, not snoozed)."""


def insert_ignore(dialect: str, table: sa.Table, conflict_on: Sequence[str]) -> Any:
    """An INSERT that skips rows clashing with a unique index, on SQLite or PostgreSQL."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))
    raise DatabaseUnavailable(f"alerts need SQLite or PostgreSQL, not {dialect}")


def insert_sqlite(s: Session, table: sa.Table, rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """Insert `rows` (values of `COLUMNS`, skipping a dedupe key already there): the new ids.

    One `executemany` of the driver, each value bound as its column type binds it
    (once per distinct value: a scan's rows share their time and a few dates), not
    SQLAlchemy's per-row insert with RETURNING, which took most of a first scan at
    100,000 milestones. Inside the write transaction nobody else inserts, so the new
    rows are those with an id above the largest before.
    """
    conn = s.connection()
    processors = [
        table.c[n].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for n in COLUMNS
    ]
    bound: list[tuple[int, Any, dict[Any, Any]]] = [
        (i, p, {}) for i, p in enumerate(processors) if p is not None
    ]
    params: list[tuple[Any, ...]] | Sequence[tuple[Any, ...]] = rows
    if bound:
        params = []
        for row in rows:
            out = list(row)
            for i, process, cache in bound:
                value = out[i]
                if value is not None:
                    done = cache.get(value)
                    if done is None:
                        done = cache[value] = process(value)
                    out[i] = done
            params.append(tuple(out))
    before = conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
    sql = (
        f"INSERT INTO alert ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        " ON CONFLICT (dedupe_key) DO NOTHING"
    )
    conn.exec_driver_sql(sql, params)
    return [int(i) for (i,) in conn.execute(sa.select(table.c.id).where(table.c.id > before))]

"""Rows read straight from a test's database, behind the store's back, on either engine.

`db` is what the tests give `--db`: a SQLite file's path, or a PostgreSQL URL. SQL is
written with `?` placeholders (SQLite's); for PostgreSQL they become `%s`.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path
from typing import Any

import sqlalchemy as sa


def is_pg(db: str | Path) -> bool:
    return str(db).startswith("postgresql")


def _sqlite(db: str | Path) -> str:
    text = str(db)
    return text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else text


def _pg(db: str | Path) -> Any:
    import psycopg

    url = sa.engine.make_url(str(db))
    return psycopg.connect(
        dbname=url.database,
        user=url.username,
        host=str(url.query.get("host", "")) or url.host,
        autocommit=True,
    )


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def rows(db: str | Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows `sql` selects."""
    if is_pg(db):
        with _pg(db) as conn:
            return list(conn.execute(_pg_sql(sql), params).fetchall())
    conn = sqlite3.connect(_sqlite(db))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def execute(db: str | Path, sql: str, *params: Any) -> None:
    """Run one statement that writes, committed at once."""
    if is_pg(db):
        with _pg(db) as conn:
            conn.execute(_pg_sql(sql), params)
        return
    conn = sqlite3.connect(_sqlite(db))
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def broken_references(db: str | Path) -> list[tuple[Any, ...]]:
    """Rows whose foreign key names no row (SQLite can be told not to check; PostgreSQL
    always checks, so there are none)."""
    return [] if is_pg(db) else rows(db, "PRAGMA foreign_key_check")


def stamp(value: Any) -> str:
    """A stored time as SQLite keeps it ("2026-11-18 10:00:00.000000", UTC), on either
    engine (PostgreSQL gives a datetime)."""
    if isinstance(value, str):
        return value
    return str(value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"))


def count(db: str | Path, table: str) -> int:
    return int(rows(db, f"SELECT count(*) FROM {table}")[0][0])


def activity(db: str | Path, entity_id: int | None = None) -> list[tuple[Any, ...]]:
    """(actor login, entity, entity id, action, field, old, new), oldest first."""
    sql = (
        "SELECT p.login, a.entity, a.entity_id, a.action, a.field, a.old, a.new "
        "FROM activity a LEFT JOIN person p ON p.id = a.actor_id"
    )
    if entity_id is not None:
        return rows(
            db, sql + " WHERE a.entity = 'milestone' AND a.entity_id = ? ORDER BY a.id", entity_id
        )
    return rows(db, sql + " ORDER BY a.id")


def snapshot(db: str | Path) -> list[str]:
    """Every row of every table, in a stable order: equal before and after means untouched."""
    if not is_pg(db):
        conn = sqlite3.connect(_sqlite(db))
        try:
            return list(conn.iterdump())
        finally:
            conn.close()
    tables = [
        r[0]
        for r in rows(
            db,
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename",
        )
    ]
    out: list[str] = []
    for table in tables:
        out.extend(sorted(f"{table}: {row!r}" for row in rows(db, f'SELECT * FROM "{table}"')))
    return out

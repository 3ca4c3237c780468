"""Rows no mstui command would write, put straight into the SQLite file with sqlite3.

Another program (sqlite3, a script, an old version) can write anything SQLite
takes: dates mstui cannot draw, text that is not a date, NaN, huge figures,
invalid UTF-8, words outside a vocabulary, integers past 64 bits.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

Odd = tuple[str, str, object]
"""(table, column, value)."""

ODD: list[Odd] = [
    ("milestone", "due", "9999-12-31"),
    ("milestone", "due", "0001-01-01"),
    ("milestone", "due", "not a date"),
    ("milestone", "due", "2026-02-30"),
    ("milestone", "status", "exploded"),
    ("milestone", "title", b"bad \xff\xfe utf-8"),
    ("milestone", "kpi_actual", float("nan")),
    ("milestone", "cost_actual", 1e308),
    ("milestone", "kpi_target", float("-inf")),
    ("milestone", "position", str(2**70)),
    ("task", "end_date", "9999-12-31"),
    ("task", "start_date", "0001-01-01"),
    ("target", "end_date", "9999-12-31"),
    ("target", "goal", float("inf")),
    ("measurement", "value", 1e300),
    ("checkpoint", "date", "garbage"),
    ("project", "end_date", "9999-12-31"),
    ("project", "name", b"\xc3\x28 broken"),
    ("project", "timezone", "Mars/Base"),
    ("milestone", "completed_at", "garbage"),
    ("milestone", "blocked_at", "9999-12-31 23:59:59.999999"),
    ("comment", "created_at", "0001-01-01 00:00:00"),
]


def write_odd(path: Path, rows: list[tuple[str, str, object, int]]) -> list[int]:
    """Each (table, column, value, n) puts `value` into `column` of the n-th row of
    `table` (counted modulo its rows), bypassing the store and its checks; the ids
    written, in order."""
    con = sqlite3.connect(path)
    ids: list[int] = []
    try:
        con.execute("PRAGMA ignore_check_constraints = ON")
        for table, column, value, n in rows:
            found = con.execute(
                f"SELECT id FROM {table} ORDER BY id LIMIT 1 OFFSET "
                f"(? % max(1, (SELECT count(*) FROM {table})))",
                (n,),
            ).fetchone()
            if found is None:
                continue
            cast = "CAST(? AS TEXT)" if isinstance(value, bytes) else "?"
            try:
                con.execute(
                    f"UPDATE {table} SET {column} = {cast} WHERE id = ?",
                    (value, found[0]),
                )
            except sqlite3.IntegrityError:  # NOT NULL (NaN is NULL) or UNIQUE: not storable
                continue
            ids.append(int(found[0]))
        con.commit()
    finally:
        con.close()
    return ids


LISTINGS: list[tuple[str, ...]] = [
    ("milestone", "list"),
    ("milestone", "list", "--json"),
    ("timeline",),
    ("timeline", "--json"),
    ("target", "list"),
    ("alerts",),
    ("project", "list"),
    ("task", "list"),
    ("check",),  # the alert scan writes alerts about odd rows: it must not refuse them
]
"""Listings to run on an odd file; `milestone show ID` is added per odd milestone."""

"""A quick read-only look at a SQLite file with the standard library: the digest's data.

The one read outside the store, on purpose: `mstui digest` runs in every login
shell and must be done within a second, and importing the store (SQLAlchemy
and SQLModel) alone took 0.84 s of a 0.86 s command here. `sqlite3` takes a
few milliseconds. What it reads is simple enough to say in SQL here without
the store's health rules: my milestones that are not closed (overdue and due
this week are decided by `domain.digest` from their dates) and my open alerts,
the same rows as `Store.list_milestones(owner=me)` and `Store.unread_count()`.

It never writes, never creates the file (`mode=ro`), never migrates, and never
waits for a lock (`timeout=0`): a busy or missing file is an error the caller
keeps quiet about.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from mstui.domain.digest import OpenMilestone, UnreadAlert, week_horizon

STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy's SQLite dialect stores a datetime (UTC here, naive): sortable text."""


def sqlite_file(spec: str) -> Path | None:
    """The SQLite file a `db` setting names, or None for a server URL."""
    if "://" not in spec:
        return Path(spec).expanduser()
    if spec.startswith("sqlite:///"):
        return Path(spec.removeprefix("sqlite:///").split("?", 1)[0])
    return None


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that neither creates, writes nor waits for `path`."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 0")
    return conn


def glance(
    path: Path, login: str, now: datetime, default_tz: str, most_alerts: int
) -> tuple[list[OpenMilestone], list[UnreadAlert], int]:
    """My open milestones due by the end of this week (the overdue ones included), my
    newest `most_alerts` open alerts, and how many open alerts I have."""
    stamp = now.astimezone(UTC).strftime(STORED_TIME)
    conn = connect_read_only(path)
    try:
        rows = conn.execute(
            "SELECT m.id, p.key, m.title, m.due, p.timezone FROM milestone m"
            " JOIN project p ON p.id = m.project_id JOIN person o ON o.id = m.owner_id"
            " WHERE o.login = ? AND m.status NOT IN ('done', 'cancelled')"
            " AND p.archived = 0 AND m.due <= ? ORDER BY m.due, m.id",
            (login, week_horizon(now).isoformat()),
        ).fetchall()
        where = (
            " FROM alert a JOIN person r ON r.id = a.recipient_id WHERE r.login = ?"
            " AND a.acknowledged_at IS NULL AND a.resolved_at IS NULL"
            " AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?)"
        )
        unread = int(conn.execute("SELECT count(*)" + where, (login, stamp)).fetchone()[0])
        alert_rows = conn.execute(
            "SELECT a.id, a.severity, a.message" + where + " ORDER BY a.id DESC LIMIT ?",
            (login, stamp, most_alerts),
        ).fetchall()
    finally:
        conn.close()
    mine = []
    for mid, key, title, due, tz in rows:
        try:
            when = date.fromisoformat(due)
        except (TypeError, ValueError):
            continue  # a date another program wrote: not worth a word at login
        mine.append(OpenMilestone(mid, str(key), str(title), when, tz or default_tz))
    alerts = [UnreadAlert(aid, str(sev), str(msg)) for aid, sev, msg in alert_rows]
    return mine, alerts, unread

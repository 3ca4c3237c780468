"""SQLite: ids of deleted rows are never handed out again (AUTOINCREMENT).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Without AUTOINCREMENT, SQLite gives a new row max(id) + 1: delete the newest
task and the next task gets its id, and with it the old task's history, and
a command naming the old id (a two-step `detach ID`, a conflict's "changed
by") names the new row. Each table whose rows people delete is rebuilt with
AUTOINCREMENT (batch "recreate": copy, drop, rename, under the migration's
write lock with foreign keys off; named CHECK constraints and indexes are
carried over). PostgreSQL sequences never reuse an id: nothing to do there.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = (
    "project",
    "target",
    "milestone",
    "task",
    "checkpoint",
    "measurement",
    "alert",
    "comment",
    "attachment",
    "resource",
    "booking",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass

"""PostgreSQL: every committed change is announced, by table and id, and counted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

A running mstui shows other people's changes within a second. On SQLite it
polls the file's `data_version`; a server database has none, so each table
gets a trigger that, for each row written, sends `NOTIFY mstui_changes` with
`table:id` (never the row's contents: every listener receives every
notification, whatever rows it may read) and moves the sequence
`mstui_change`, which a process that cannot LISTEN (behind a pooler in
transaction mode) polls instead. Notifications are delivered at COMMIT,
identical ones once per transaction. The history (activity) and the
scans' bookkeeping are left out: they change only with a table above.
Nothing to do on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = (
    "department",
    "person",
    "project",
    "projectmember",
    "target",
    "milestone",
    "milestonedependency",
    "task",
    "checkpoint",
    "measurement",
    "alert",
    "comment",
    "attachment",
    "resource",
    "booking",
)

FUNCTION = """
CREATE OR REPLACE FUNCTION mstui_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rec jsonb := to_jsonb(COALESCE(NEW, OLD));
BEGIN
    PERFORM nextval('mstui_change');
    PERFORM pg_notify('mstui_changes', TG_TABLE_NAME || ':' || COALESCE(rec->>'id', ''));
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE IF NOT EXISTS mstui_change")
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS mstui_changed ON {table}")
        op.execute(
            f"CREATE TRIGGER mstui_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION mstui_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS mstui_changed ON {table}")
    op.execute("DROP FUNCTION IF EXISTS mstui_changed()")
    op.execute("DROP SEQUENCE IF EXISTS mstui_change")

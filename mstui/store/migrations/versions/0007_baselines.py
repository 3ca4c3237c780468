"""Baselines (the plan as it was agreed) and reasons in the history (why a date slipped).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Hand-written (no import of mstui.store.tables). `baseline` holds a saved
plan of a project, `baselineitem` each milestone's due date and each task's
dates with their estimates at that moment; both go with their project.
`activity.reason` keeps why a change was made where someone said (a due
date moved later). On PostgreSQL a saved baseline is announced like every
other change (the trigger function of 0006).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _date() -> sa.Date:
    return sa.Date()


def upgrade() -> None:
    op.create_table(
        "baseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_baseline_baseline_name")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"],
            name=op.f("fk_baseline_project_id_project"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["person.id"], name=op.f("fk_baseline_saved_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline")),
        sa.UniqueConstraint("project_id", "name", name="uq_baseline_name"),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index(op.f("ix_baseline_project_id"), "baseline", ["project_id"], unique=False)
    op.create_table(
        "baselineitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("start_date", _date(), nullable=True),
        sa.Column("end_date", _date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("cost_estimate", sa.Float(), nullable=True),
        sa.Column("effort_estimate", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('milestone', 'task')", name=op.f("ck_baselineitem_baseline_item_kind")
        ),
        sa.ForeignKeyConstraint(
            ["baseline_id"], ["baseline.id"],
            name=op.f("fk_baselineitem_baseline_id_baseline"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselineitem")),
        sa.UniqueConstraint("baseline_id", "kind", "item_id", name="uq_baseline_item"),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index(
        op.f("ix_baselineitem_baseline_id"), "baselineitem", ["baseline_id"], unique=False
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER mstui_changed AFTER INSERT OR UPDATE OR DELETE ON baseline "
            "FOR EACH ROW EXECUTE FUNCTION mstui_changed()"
        )


def downgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("reason")
    op.drop_index(op.f("ix_baselineitem_baseline_id"), table_name="baselineitem")
    op.drop_table("baselineitem")
    op.drop_index(op.f("ix_baseline_project_id"), table_name="baseline")
    op.drop_table("baseline")

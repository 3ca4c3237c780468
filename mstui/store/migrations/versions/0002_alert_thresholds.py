"""Alerts: per-project thresholds and review cadence, scan watermark, scan indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Hand-written (no import of mstui.store.tables: a migration must keep meaning what it
meant when it was written). The new project columns are nullable, NULL meaning
"as in the settings", so every existing row is valid without a default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_soon_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("escalation_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("blocked_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("review_cadence", sa.String(length=12), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_project_project_review_cadence"),
            "review_cadence IS NULL OR review_cadence IN ('monthly', 'quarterly', 'none')",
        )
        batch_op.create_check_constraint(
            op.f("ck_project_project_thresholds"),
            "(due_soon_days IS NULL OR due_soon_days >= 0)"
            " AND (escalation_days IS NULL OR escalation_days >= 0)"
            " AND (blocked_days IS NULL OR blocked_days >= 0)",
        )

    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index("ix_milestone_blocked_at", ["blocked_at"], unique=False)
        batch_op.create_index("ix_milestone_completed_at", ["completed_at"], unique=False)

    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index("ix_alert_recipient_new", ["recipient_id", "id"], unique=False)

    with op.batch_alter_table("checkpoint", schema=None) as batch_op:
        batch_op.create_index("ix_checkpoint_date", ["date"], unique=False)

    op.create_table(
        "alertscan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_activity_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_scan_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("full_scan_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alertscan")),
    )


def downgrade() -> None:
    op.drop_table("alertscan")
    with op.batch_alter_table("checkpoint", schema=None) as batch_op:
        batch_op.drop_index("ix_checkpoint_date")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_recipient_new")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_completed_at")
        batch_op.drop_index("ix_milestone_blocked_at")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_project_project_thresholds"), type_="check")
        batch_op.drop_constraint(op.f("ck_project_project_review_cadence"), type_="check")
        batch_op.drop_column("review_cadence")
        batch_op.drop_column("blocked_days")
        batch_op.drop_column("escalation_days")
        batch_op.drop_column("due_soon_days")

"""Alerts: resolved_at, set by the scan when an alert's condition stopped being true.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Hand-written (no import of mstui.store.tables). Nullable: existing alerts are
unresolved, as they were.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_alert_subject", ["subject_type", "subject_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_subject")
        batch_op.drop_column("resolved_at")

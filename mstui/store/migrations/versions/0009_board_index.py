"""The board's windows read by an index: milestones by status in board order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Hand-written. Each Kanban column reads a window of its cards ordered by
(position, id) for one status (store/board.py); without an index on that order
SQLite sorted the whole column for every window (0.2–1.2 s at 100,000
milestones).
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_milestone_status_position", "milestone", ["status", "position", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_milestone_status_position", table_name="milestone")

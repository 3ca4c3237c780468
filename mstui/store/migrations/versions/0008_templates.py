"""Projects remember the template they came from, milestones their planned date.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Hand-written (no import of mstui.store.tables). `project.template` names the
template a project was made from ('' : none); `milestone.template_ref` is the
key of the template milestone it was made from and `milestone.planned_due`
the date the template gave it then, so how early or late it finished is
known even after the template file changes. New columns on existing tables:
PostgreSQL's triggers and row policies cover them already.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("template", sa.String(length=40), nullable=False, server_default="")
        )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("template_ref", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("planned_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("planned_due")
        batch_op.drop_column("template_ref")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("template")

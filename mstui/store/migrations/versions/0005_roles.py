"""Roles that hold: project visibility, admins, and members for everyone already at work.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Hand-written (no import of mstui.store.tables). Until now roles were stored
but never checked, so people worked in projects they were not members of.
Nobody may lose access by the upgrade: every owner, assignee and comment
author of a project's milestones, tasks and targets becomes an editor of it
(a role already held is kept), and each project's lead holds the lead role.
The first person in the database (the one who created it) becomes an admin
of the server, beside those the server-wide settings name.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WORKING = """
SELECT project_id, owner_id AS person_id FROM milestone WHERE owner_id IS NOT NULL
UNION SELECT project_id, assignee_id FROM task WHERE assignee_id IS NOT NULL
UNION SELECT m.project_id, c.author_id FROM comment c JOIN milestone m ON m.id = c.milestone_id
UNION SELECT project_id, owner_id FROM target
      WHERE project_id IS NOT NULL AND owner_id IS NOT NULL
UNION SELECT id, lead_id FROM project WHERE lead_id IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("visibility", sa.String(10), nullable=False, server_default="team")
        )
        batch_op.create_check_constraint("project_visibility", "visibility IN ('team', 'members')")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "INSERT INTO projectmember (project_id, person_id, role) "
        f"SELECT DISTINCT w.project_id, w.person_id, 'editor' FROM ({WORKING}) w "
        "WHERE NOT EXISTS (SELECT 1 FROM projectmember pm "
        "WHERE pm.project_id = w.project_id AND pm.person_id = w.person_id)"
    )
    op.execute(
        "UPDATE projectmember SET role = 'lead' WHERE EXISTS (SELECT 1 FROM project p "
        "WHERE p.id = projectmember.project_id AND p.lead_id = projectmember.person_id)"
    )
    op.execute("UPDATE person SET is_admin = TRUE WHERE id = (SELECT min(id) FROM person)")


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("is_admin")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_constraint("project_visibility", type_="check")
        batch_op.drop_column("visibility")

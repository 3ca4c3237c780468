"""The schema's saved plans: baselines and their items (re-exported by `tables`)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from mstui.store.columns import amount_field, date_field, utc_field


class Baseline(SQLModel, table=True):
    """The plan of a project as it stood when someone saved it, kept to compare with."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name", name="uq_baseline_name"),
        sa.CheckConstraint("length(name) > 0", name="baseline_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    saved_by_id: int | None = Field(default=None, foreign_key="person.id")
    saved_at: datetime = utc_field()


class BaselineItem(SQLModel, table=True):
    """A milestone's due date or a task's dates, with estimates, as a baseline keeps them.

    `item_id` names the milestone or task (no foreign key: the baseline outlives
    a deleted one, with the title it had)."""

    __table_args__ = (
        sa.CheckConstraint("kind IN ('milestone', 'task')", name="baseline_item_kind"),
        sa.UniqueConstraint("baseline_id", "kind", "item_id", name="uq_baseline_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    baseline_id: int = Field(foreign_key="baseline.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)
    item_id: int
    title: str = Field(max_length=200)
    milestone_id: int | None = None
    """A task's milestone at the time."""
    start_date: date | None = date_field("start", nullable=True)
    end_date: date = date_field("due")
    """A milestone's due date, a task's end."""
    status: str = Field(default="", max_length=12)
    cost_estimate: float | None = amount_field("cost estimate")
    effort_estimate: float | None = amount_field("effort estimate")
    """A milestone's effort estimate, a task's estimated hours."""

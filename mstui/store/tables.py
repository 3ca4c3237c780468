"""The one schema. SQLModel tables; nothing here opens a session.

Timestamps are stored in UTC (`UTCDateTime` attaches the zone SQLite drops);
due dates are calendar dates. Closed vocabularies are strings guarded by CHECK
constraints so PostgreSQL and SQLite refuse the same bad rows. Every editable
row carries a `version` that the store checks on update.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from mstui.domain.enums import CommentKind, Direction, Role, Severity, Status, TaskStatus
from mstui.store.columns import amount_field, date_field, one_of, utc_field

TEAM_DEFAULT = {"server_default": "team"}
EMPTY_DEFAULT = {"server_default": ""}
Day = date  # for the columns named `date`, whose name hides the type

# Named constraints, so later migrations (batch mode on SQLite) can find them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Department(SQLModel, table=True):
    """A part of the business (Marketing, Sales, …)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)


class Person(SQLModel, table=True):
    """Someone who uses mstui; identified by their OS login on the server."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=120)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    is_department_head: bool = Field(default=False)
    timezone: str | None = Field(default=None, max_length=64)
    created_at: datetime = utc_field()
    # An admin of the server: manages people, changes leads, deletes projects.
    is_admin: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Project(SQLModel, table=True):
    """A body of work with milestones: a campaign, a quarter, a job, a release."""

    __table_args__ = (
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="project_dates"
        ),
        sa.CheckConstraint(
            "review_cadence IS NULL OR review_cadence IN ('monthly', 'quarterly', 'none')",
            name="project_review_cadence",
        ),
        sa.CheckConstraint(
            "(due_soon_days IS NULL OR due_soon_days >= 0)"
            " AND (escalation_days IS NULL OR escalation_days >= 0)"
            " AND (blocked_days IS NULL OR blocked_days >= 0)",
            name="project_thresholds",
        ),
        sa.CheckConstraint("visibility IN ('team', 'members')", name="project_visibility"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=10, unique=True)
    name: str = Field(max_length=120)
    description: str = Field(default="", sa_type=sa.Text)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    lead_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    start_date: date | None = date_field("start", nullable=True)
    end_date: date | None = date_field("end", nullable=True)
    budget: float | None = amount_field("budget")
    timezone: str | None = Field(default=None, max_length=64)
    archived: bool = Field(default=False)
    version: int = Field(default=1)
    created_at: datetime = utc_field()
    # Alert thresholds for this project; None means "as in the settings".
    due_soon_days: int | None = None
    escalation_days: int | None = None
    blocked_days: int | None = None
    review_cadence: str | None = Field(default=None, max_length=12)
    # Who sees it: "team" (everyone on the server) or "members" (its members only).
    visibility: str = Field(default="team", max_length=10, sa_column_kwargs=TEAM_DEFAULT)
    template: str = Field(default="", max_length=40, sa_column_kwargs=EMPTY_DEFAULT)  # by name


class ProjectMember(SQLModel, table=True):
    """A person's role in a project."""

    __table_args__ = (
        sa.UniqueConstraint("project_id", "person_id", name="uq_member"),
        sa.CheckConstraint(one_of("role", Role), name="member_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(default=Role.EDITOR.value, max_length=10)


class Target(SQLModel, table=True):
    """A number to reach (or stay under) in a period, checked at checkpoints."""

    __table_args__ = (
        sa.CheckConstraint(one_of("direction", Direction), name="target_direction"),
        sa.CheckConstraint("end_date >= start_date", name="target_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    unit: str = Field(default="", max_length=20)
    goal: float = amount_field("goal", nullable=False)
    start_date: date = date_field("start")
    end_date: date = date_field("end")
    direction: str = Field(default=Direction.AT_LEAST.value, max_length=10)
    cadence: str = Field(default="", max_length=200)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    version: int = Field(default=1)
    created_at: datetime = utc_field()


class Milestone(SQLModel, table=True):
    """A point in time marking an achievement, with exactly one owner."""

    __table_args__ = (
        sa.CheckConstraint(one_of("status", Status), name="milestone_status"),
        sa.CheckConstraint("length(title) > 0", name="milestone_title"),
        sa.Index("ix_milestone_board", "project_id", "status", "position"),
        sa.Index("ix_milestone_status_position", "status", "position", "id"),  # board windows
        sa.Index("ix_milestone_owner_due", "owner_id", "due"),
        sa.Index("ix_milestone_status_due", "status", "due"),
        # The alert scan selects what crossed a line since it last looked.
        sa.Index("ix_milestone_blocked_at", "blocked_at"),
        sa.Index("ix_milestone_completed_at", "completed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=sa.Text)
    owner_id: int = Field(foreign_key="person.id")
    due: date = date_field("due")
    due_from_tasks: bool = Field(default=False)
    status: str = Field(default=Status.PLANNED.value, max_length=12)
    blocked_reason: str = Field(default="", max_length=500)
    blocked_at: datetime | None = utc_field(nullable=True)
    completed_at: datetime | None = utc_field(nullable=True)
    kpi_name: str = Field(default="", max_length=80)
    kpi_target: float | None = amount_field("kpi target")
    kpi_actual: float | None = amount_field("kpi actual")
    kpi_unit: str = Field(default="", max_length=20)
    cost_estimate: float | None = amount_field("cost estimate")
    cost_actual: float | None = amount_field("cost actual")
    effort_estimate: float | None = amount_field("effort estimate")
    effort_actual: float | None = amount_field("effort actual")
    target_id: int | None = Field(default=None, foreign_key="target.id", index=True)
    position: int = Field(default=0)
    version: int = Field(default=1)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    # The template milestone it came from, and the due date it gave (slips are measured
    # from that, whatever later happens to `due` or to the template file).
    template_ref: str = Field(default="", max_length=40, sa_column_kwargs=EMPTY_DEFAULT)
    planned_due: date | None = date_field("planned due", nullable=True)


class MilestoneDependency(SQLModel, table=True):
    """`successor` cannot be reached before `predecessor` ("unlocks the next phase")."""

    __table_args__ = (
        sa.UniqueConstraint("predecessor_id", "successor_id", name="uq_dependency"),
        sa.CheckConstraint("predecessor_id <> successor_id", name="dependency_self"),
    )

    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="milestone.id", index=True, ondelete="CASCADE")
    successor_id: int = Field(foreign_key="milestone.id", index=True, ondelete="CASCADE")


class Task(SQLModel, table=True):
    """Work with a start and an end, optionally leading to one milestone."""

    __table_args__ = (
        sa.CheckConstraint(one_of("status", TaskStatus), name="task_status"),
        sa.CheckConstraint("end_date >= start_date", name="task_dates"),
        sa.CheckConstraint("length(title) > 0", name="task_title"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    title: str = Field(max_length=200)
    assignee_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    start_date: date = date_field("start")
    end_date: date = date_field("end")
    status: str = Field(default=TaskStatus.TODO.value, max_length=12)
    estimate_hours: float | None = amount_field("estimate")
    actual_hours: float | None = amount_field("actual hours")
    completed_at: datetime | None = utc_field(nullable=True)
    position: int = Field(default=0)
    version: int = Field(default=1)
    created_at: datetime = utc_field()


class Checkpoint(SQLModel, table=True):
    """The cumulative figure a target expects by a date."""

    __table_args__ = (
        sa.UniqueConstraint("target_id", "date", name="uq_checkpoint"),
        sa.Index("ix_checkpoint_date", "date"),  # the alert scan: which passed since
    )

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="target.id", index=True, ondelete="CASCADE")
    date: Day = date_field("date")
    expected: float = amount_field("expected", nullable=False)


class Measurement(SQLModel, table=True):
    """A recorded cumulative figure of a target to a date."""

    __table_args__ = (sa.Index("ix_measurement_target_date", "target_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="target.id", ondelete="CASCADE")
    date: Day = date_field("date")
    value: float = amount_field("value", nullable=False)
    note: str = Field(default="", max_length=500)
    recorded_by_id: int | None = Field(default=None, foreign_key="person.id")
    recorded_at: datetime = utc_field()


class Alert(SQLModel, table=True):
    """A rule that fired for a subject and a recipient, raised exactly once."""

    __table_args__ = (
        sa.CheckConstraint(one_of("severity", Severity), name="alert_severity"),
        sa.Index("ix_alert_recipient_open", "recipient_id", "acknowledged_at", "raised_at"),
        sa.Index("ix_alert_recipient_new", "recipient_id", "id"),
        sa.Index("ix_alert_subject", "subject_type", "subject_id"),  # the scan resolves by it
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    severity: str = Field(default=Severity.INFO.value, max_length=10)
    subject_type: str = Field(max_length=20)
    subject_id: int
    project_id: int | None = Field(default=None, foreign_key="project.id")
    recipient_id: int = Field(foreign_key="person.id")
    message: str = Field(max_length=500)
    about_date: date | None = date_field("date", nullable=True)
    raised_at: datetime = utc_field(index=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    acknowledged_at: datetime | None = utc_field(nullable=True)
    snoozed_until: datetime | None = utc_field(nullable=True)
    resolved_at: datetime | None = utc_field(nullable=True)
    """Set by the scan when what the alert says stopped being true (moved, done, unblocked)."""


class AlertScan(SQLModel, table=True):
    """Where the alert scan got to, so the next one looks only at what changed.

    One row (id 1). `last_activity_id` and `last_scan_at` bound the Activity
    rows the next scan reads as "changed"; `fingerprint` holds the thresholds
    and rules version it used (a change makes the next scan a full one).
    """

    id: int | None = Field(default=None, primary_key=True)
    last_activity_id: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_scan_at: datetime = utc_field()
    fingerprint: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    full_scan_at: datetime | None = utc_field(nullable=True)


class Comment(SQLModel, table=True):
    """An update, a note or a retrospective on a milestone."""

    __table_args__ = (
        sa.CheckConstraint(one_of("kind", CommentKind), name="comment_kind"),
        sa.Index("ix_comment_milestone", "milestone_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", ondelete="CASCADE")
    author_id: int = Field(foreign_key="person.id")
    kind: str = Field(default=CommentKind.NOTE.value, max_length=10)
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = utc_field()


class Attachment(SQLModel, table=True):
    """A file attached to a milestone: copied into the store, or a checked reference."""

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=255)
    path: str = Field(max_length=1024)
    copied: bool = Field(default=False)
    size: int
    sha256: str = Field(max_length=64)
    added_by_id: int = Field(foreign_key="person.id")
    added_at: datetime = utc_field()


class Activity(SQLModel, table=True):
    """Append-only: who changed what, from what to what, and when."""

    __table_args__ = (sa.Index("ix_activity_entity", "entity", "entity_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_field(index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    project_id: int | None = Field(default=None, index=True)
    entity: str = Field(max_length=20)
    entity_id: int
    action: str = Field(max_length=20)
    field: str = Field(default="", max_length=40)
    old: str | None = Field(default=None, sa_type=sa.Text)
    new: str | None = Field(default=None, sa_type=sa.Text)
    reason: str | None = Field(default=None, sa_type=sa.Text)
    """Why, where the person said (a due date moved later: a slip)."""


class Resource(SQLModel, table=True):
    """A person or a piece of equipment with a daily capacity."""

    __table_args__ = (sa.CheckConstraint("kind IN ('person', 'equipment')", name="resource_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: str = Field(default="person", max_length=10)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    capacity: float = amount_field("capacity", default=8.0, nullable=False)
    """Hours (or units) per day it can give."""
    version: int = Field(default=1)


class Booking(SQLModel, table=True):
    """A resource booked on a task or a milestone for a span of days."""

    __table_args__ = (
        sa.CheckConstraint("(task_id IS NULL) <> (milestone_id IS NULL)", name="booking_subject"),
        sa.CheckConstraint("end_date >= start_date", name="booking_dates"),
        sa.Index("ix_booking_resource_dates", "resource_id", "start_date", "end_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resource_id: int = Field(foreign_key="resource.id", ondelete="CASCADE")
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="CASCADE")
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", ondelete="CASCADE")
    start_date: date = date_field("start")
    end_date: date = date_field("end")
    amount: float = amount_field("amount", default=8.0, nullable=False)
    """Units per day taken from the resource's capacity."""


# The saved plans of projects (their own module; part of this one schema).
from mstui.store.tables_baselines import Baseline, BaselineItem  # noqa: E402

# Ids of deleted rows are never reused on SQLite (migration 0004): a new row
# must not inherit a deleted one's history or be named by an old command.
_NO_REUSE: tuple[type[SQLModel], ...] = (
    Project, Target, Milestone, Task, Checkpoint, Measurement, Alert, Comment, Attachment,
    Resource, Booking, Baseline, BaselineItem,
)  # fmt: skip
for _table in _NO_REUSE:
    sa.inspect(_table).local_table.dialect_options["sqlite"]["autoincrement"] = True

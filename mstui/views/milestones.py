"""A milestone and what hangs on it: its KPI, tasks, comments, history and files.

Immutable results the store hands to screens and the CLI (no ORM objects).
Screens keep these across threads and renders; nothing here can lazy-load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mstui.domain.baselines import Slip
from mstui.domain.enums import Health, Status
from mstui.views.base import iso


@dataclass(frozen=True)
class Kpi:
    name: str
    target: float | None
    actual: float | None
    unit: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "actual": self.actual, "unit": self.unit}


@dataclass(frozen=True)
class MilestoneView:
    id: int
    project_id: int
    project: str
    title: str
    description: str
    owner: str
    owner_name: str
    department: str | None
    due: date
    due_from_tasks: bool
    status: Status
    blocked_reason: str
    blocked_at: datetime | None
    completed_at: datetime | None
    kpi: Kpi | None
    cost_estimate: float | None
    cost_actual: float | None
    effort_estimate: float | None
    effort_actual: float | None
    target_id: int | None
    position: int
    version: int
    timezone: str
    updated_at: datetime
    health: Health
    health_reasons: tuple[str, ...] = ()
    depends_on: tuple[int, ...] = ()

    @property
    def entity(self) -> str:
        """The table, as conflicts name it."""
        return "milestone"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project": self.project,
            "title": self.title,
            "description": self.description,
            "owner": self.owner,
            "department": self.department,
            "due": self.due.isoformat(),
            "due_from_tasks": self.due_from_tasks,
            "status": self.status.value,
            "blocked_reason": self.blocked_reason,
            "completed_at": iso(self.completed_at),
            "health": self.health.value,
            "health_reasons": list(self.health_reasons),
            "kpi": self.kpi.to_json() if self.kpi else None,
            "cost_estimate": self.cost_estimate,
            "cost_actual": self.cost_actual,
            "effort_estimate": self.effort_estimate,
            "effort_actual": self.effort_actual,
            "target_id": self.target_id,
            "depends_on": list(self.depends_on),
            "position": self.position,
            "version": self.version,
        }


@dataclass(frozen=True)
class TaskView:
    id: int
    project: str
    milestone_id: int | None
    title: str
    assignee: str | None
    start: date
    end: date
    status: str
    estimate_hours: float | None
    actual_hours: float | None
    version: int

    @property
    def entity(self) -> str:
        """The table, as conflicts name it."""
        return "task"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project": self.project,
            "milestone_id": self.milestone_id,
            "title": self.title,
            "assignee": self.assignee,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": self.status,
            "estimate_hours": self.estimate_hours,
            "actual_hours": self.actual_hours,
        }


@dataclass(frozen=True)
class CommentView:
    id: int
    milestone_id: int
    author: str
    kind: str
    body: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "milestone_id": self.milestone_id,
            "author": self.author,
            "kind": self.kind,
            "body": self.body,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ActivityView:
    id: int
    at: datetime
    actor: str | None
    entity: str
    entity_id: int
    action: str
    field: str
    old: str | None
    new: str | None
    reason: str | None = None
    """Why, where the person said (a slip's reason)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AttachmentView:
    id: int
    milestone_id: int
    name: str
    path: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime
    state: str = "ok"
    """`ok` (the stored copy matches `sha256`), `changed` (other bytes, a symlink, not a
    regular file: never served) or `missing`; checked on every read."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
            "added_by": self.added_by,
            "added_at": self.added_at.isoformat(),
            "state": self.state,
        }


@dataclass(frozen=True)
class MilestoneDetail:
    """A milestone with everything the detail screen shows."""

    milestone: MilestoneView
    dependencies: tuple[MilestoneView, ...] = ()
    dependents: tuple[MilestoneView, ...] = ()
    tasks: tuple[TaskView, ...] = ()
    comments: tuple[CommentView, ...] = ()
    activity: tuple[ActivityView, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    slips: tuple[Slip, ...] = ()
    """Its due date's moves later, oldest first."""

    @property
    def slipped_days(self) -> int:
        return sum(x.days for x in self.slips)

    def to_json(self) -> dict[str, Any]:
        data = self.milestone.to_json()
        data["dependencies"] = [m.to_json() for m in self.dependencies]
        data["dependents"] = [m.id for m in self.dependents]
        data["tasks"] = [t.to_json() for t in self.tasks]
        data["comments"] = [c.to_json() for c in self.comments]
        data["activity"] = [a.to_json() for a in self.activity]
        data["attachments"] = [a.to_json() for a in self.attachments]
        data["slips"] = {
            "count": len(self.slips),
            "days": self.slipped_days,
            "moves": [x.to_json() for x in self.slips],
        }
        return data

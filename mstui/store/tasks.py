"""Tasks: the work leading to a milestone, and correcting it.

A milestone whose date comes from its tasks follows them (`rederive`) after
every change to one of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from mstui.domain.enums import TaskStatus, parse_enum
from mstui.domain.permissions import Permission
from mstui.domain.schedule import derived_due
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store import notices
from mstui.store.base import StoreBase, rowcount
from mstui.store.bookings import remove_bookings
from mstui.store.checks import check_amount
from mstui.store.milestones import apply_changes
from mstui.store.tables import Booking, Milestone, Person, Project, Task
from mstui.views.milestones import TaskView


def rederive(
    st: StoreBase, s: Session, milestone_id: int | None, reason: str | None = None
) -> None:
    """A milestone whose date comes from its tasks follows them (`reason`: why, when
    the move is a slip someone explained)."""
    if milestone_id is None:
        return
    m = s.get(Milestone, milestone_id)
    if m is None or not m.due_from_tasks:
        return
    ends = list(
        s.scalars(sa.select(col(Task.end_date)).where(col(Task.milestone_id) == milestone_id))
    )
    due = derived_due(ends, m.due)
    if due != m.due:
        apply_changes(st, s, m, {"due": due}, None, action="derive", reason=reason)


def task_conflict(task: Task, expected: int) -> Conflict:
    """The `Conflict` of a task that moved on since version `expected`."""
    assert task.id is not None
    return Conflict("task", task.id, expected, task.version)


def task_views(
    s: Session,
    sees: sa.ColumnElement[bool],
    *,
    milestone_id: int | None = None,
    project: str | None = None,
    ids: list[int] | None = None,
) -> list[TaskView]:
    """Tasks of a milestone, a project, or by id; by start date.

    Plain rows, not ORM objects: building 50,000 Task instances took most of
    the time of `mstui task list`.
    """
    q = (
        sa.select(
            SQLModel.metadata.tables["task"],
            col(Project.key).label("p_key"),
            col(Person.login).label("a_login"),
        )
        .join(Project, col(Project.id) == col(Task.project_id))
        .outerjoin(Person, col(Person.id) == col(Task.assignee_id))
        .where(sees)
        .order_by(col(Task.start_date), col(Task.id))
    )
    if milestone_id is not None:
        q = q.where(col(Task.milestone_id) == milestone_id)
    if project is not None:
        q = q.where(col(Project.key) == project.strip().upper())
    if ids is not None:
        q = q.where(col(Task.id).in_(ids))
    return [_task_view(row) for row in s.execute(q).all()]


class TaskPart(StoreBase):
    """Commands and queries on tasks."""

    def add_task(
        self,
        project: str,
        title: str,
        start: date,
        end: date,
        *,
        milestone_id: int | None = None,
        assignee: str | None = None,
        estimate_hours: float | None = None,
    ) -> TaskView:
        """Add a task to a project, optionally leading to a milestone of it."""
        title = clean_field("title", title, max_len=200)
        if end < start:
            raise Invalid("end", end.isoformat(), "is before the start")
        estimate_hours = check_amount("estimate", estimate_hours)
        with self._write() as s:
            proj = self._project(s, project)
            self._allow(s, Permission.EDIT, proj)
            if milestone_id is not None:
                m = self._require(s, Milestone, milestone_id, "milestone")
                if m.project_id != proj.id:
                    raise Invalid("milestone", milestone_id, f"is not in project {proj.key}")
            assignee_id = self._member_id(s, assignee, proj, "assignee") if assignee else None
            top = s.scalar(
                sa.select(sa.func.max(col(Task.position))).where(col(Task.project_id) == proj.id)
            )
            assert proj.id is not None
            task = Task(
                project_id=proj.id,
                milestone_id=milestone_id,
                title=title,
                assignee_id=assignee_id,
                start_date=start,
                end_date=end,
                estimate_hours=estimate_hours,
                position=int(top or 0) + 1,
                created_at=self.now(),
            )
            s.add(task)
            s.flush()
            assert task.id is not None
            self._log(s, "task", task.id, "create", new=title, project_id=proj.id)
            notices.task_assigned(self, s, task, None, assignee_id)
            rederive(self, s, milestone_id)
            tid = task.id
        return self.task(tid)

    def edit_task(self, tid: int, expected_version: int | None, **changes: Any) -> TaskView:
        """Change a task's title, dates, assignee, estimate, actual or status."""
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "title":
                values["title"] = clean_field("title", value, max_len=200)
            elif key in ("start", "end"):
                values[f"{key}_date"] = value
            elif key in ("estimate_hours", "actual_hours"):
                values[key] = check_amount(key, value)
            elif key == "status":
                values["status"] = parse_enum(TaskStatus, "status", value).value
            elif key in ("assignee", "milestone_id"):
                values[key] = value
            else:
                raise Invalid("field", key, "cannot be edited on a task")
        with self._write() as s:
            task = self._require(s, Task, tid, "task")
            proj = self._allow_in(s, Permission.EDIT, task.project_id)
            if expected_version is not None and self._stale(
                "task", task.id, task.version, expected_version
            ):
                raise task_conflict(task, expected_version)
            if values.get("milestone_id") is not None:
                # Checked here, not left to the foreign key (an IntegrityError is no
                # message for a person), and the same rule as add_task: same project.
                target = s.get(Milestone, values["milestone_id"])
                if target is None:
                    raise Invalid("milestone", values["milestone_id"], "no such milestone")
                if target.project_id != task.project_id:
                    raise Invalid(
                        "milestone", values["milestone_id"], "is not in the task's project"
                    )
            if "assignee" in values:
                who = values.pop("assignee")
                values["assignee_id"] = self._member_id(s, who, proj, "assignee") if who else None
            start = values.get("start_date", task.start_date)
            end = values.get("end_date", task.end_date)
            if end < start:
                raise Invalid("end", end.isoformat(), "is before the start")
            if "status" in values and values["status"] != task.status:
                values["completed_at"] = (
                    self.now() if values["status"] == TaskStatus.DONE.value else None
                )
            old_milestone = task.milestone_id
            changed = {k: v for k, v in values.items() if getattr(task, k) != v}
            if "assignee_id" in changed:
                notices.task_assigned(self, s, task, task.assignee_id, changed["assignee_id"])
            for key, new in changed.items():
                if key != "completed_at":
                    self._log(s, "task", tid, "edit", field=key, old=getattr(task, key), new=new,
                              project_id=task.project_id)  # fmt: skip
            if changed:
                done = s.execute(
                    sa.update(Task)
                    .where(col(Task.id) == tid, col(Task.version) == task.version)
                    .values(version=col(Task.version) + 1, **changed)
                )
                if rowcount(done) != 1:
                    raise task_conflict(task, expected_version or task.version)
                s.expire(task)
                rederive(self, s, old_milestone)
                if changed.get("milestone_id") not in (None, old_milestone):
                    rederive(self, s, changed["milestone_id"])
        return self.task(tid)

    def complete_task(self, tid: int, expected_version: int | None = None) -> TaskView:
        """Mark a task done."""
        return self.edit_task(tid, expected_version, status=TaskStatus.DONE)

    def task(self, tid: int) -> TaskView:
        """One task by id."""
        found = self.list_tasks(ids=[tid])
        if not found:
            raise Invalid("task", tid, "no such task")
        return found[0]

    def list_tasks(
        self,
        *,
        milestone_id: int | None = None,
        project: str | None = None,
        ids: list[int] | None = None,
    ) -> list[TaskView]:
        """Tasks of a milestone, a project, or by id; by start date."""
        with self.db.reading() as s:
            return task_views(s, self._sees(), milestone_id=milestone_id, project=project, ids=ids)

    def open_task_count(self, milestone_id: int) -> int:
        """How many tasks of a milestone are not done (said when it is finished)."""
        q = sa.select(sa.func.count(col(Task.id))).where(
            col(Task.milestone_id) == milestone_id, col(Task.status) != TaskStatus.DONE.value
        )
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    # -- corrections ---------------------------------------------------------------------
    def delete_task(self, tid: int, expected_version: int | None = None) -> int:
        """Delete a task with its bookings; returns how many bookings went with it.

        Its milestone (if any) stays; one dated by its tasks follows the rest.
        """
        with self._write() as s:
            task = s.get(Task, tid)
            if task is None:
                raise NotFound("task", tid)
            self._allow_in(s, Permission.EDIT, task.project_id)
            self._check_version(s, "task", tid, task.version, expected_version)
            removed = remove_bookings(self, s, col(Booking.task_id) == tid, task.project_id)
            mid = task.milestone_id
            self._log(s, "task", tid, "delete", old=task.title, project_id=task.project_id)
            if mid is not None:
                self._log(s, "milestone", mid, "delete", field="task", old=f"#{tid} {task.title}",
                          project_id=task.project_id)  # fmt: skip
            gone = s.execute(
                sa.delete(Task).where(col(Task.id) == tid, col(Task.version) == task.version)
            )
            if rowcount(gone) != 1:
                raise Conflict("task", tid, task.version, task.version + 1)
            rederive(self, s, mid)
        return removed

    def unlink_task(self, tid: int, expected_version: int | None = None) -> TaskView:
        """Take a task off its milestone (it stays in the project); a no-op if unlinked."""
        with self._write() as s:
            task = s.get(Task, tid)
            if task is None:
                raise NotFound("task", tid)
            self._allow_in(s, Permission.EDIT, task.project_id)
            self._check_version(s, "task", tid, task.version, expected_version)
            mid = task.milestone_id
            if mid is not None:
                self._log(s, "task", tid, "edit", field="milestone_id", old=mid, new=None,
                          project_id=task.project_id)  # fmt: skip
                self._log(s, "milestone", mid, "unlink", field="task", old=f"#{tid} {task.title}",
                          project_id=task.project_id)  # fmt: skip
                self._versioned_update(s, Task, "task", tid, task.version, {"milestone_id": None})
                s.expire(task)
                rederive(self, s, mid)
        return self.task(tid)


def _task_view(t: Any) -> TaskView:
    """A view of a plain task row (its columns, `p_key` and `a_login`)."""
    return TaskView(
        id=t.id,
        project=t.p_key,
        milestone_id=t.milestone_id,
        title=t.title,
        assignee=t.a_login,
        start=t.start_date,
        end=t.end_date,
        status=t.status,
        estimate_hours=t.estimate_hours,
        actual_hours=t.actual_hours,
        version=t.version,
    )

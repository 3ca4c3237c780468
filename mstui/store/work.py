"""Tasks, comments, the activity history, and the milestone detail that gathers them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.enums import CommentKind, TaskStatus, parse_enum
from mstui.domain.schedule import derived_due
from mstui.domain.text import clean_field
from mstui.errors import Invalid
from mstui.store.base import rowcount
from mstui.store.files import AttachmentStore
from mstui.store.milestones import MilestoneFilter, MilestoneStore
from mstui.store.people import check_amount
from mstui.store.tables import (
    Activity,
    Comment,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    Task,
)
from mstui.views.milestones import ActivityView, CommentView, MilestoneDetail, TaskView


class WorkStore(MilestoneStore, AttachmentStore):
    """Tasks, comments and history."""

    # -- tasks ----------------------------------------------------------------
    def _rederive(self, s: Session, milestone_id: int | None) -> None:
        """A milestone whose date comes from its tasks follows them."""
        if milestone_id is None:
            return
        m = s.get(Milestone, milestone_id)
        if m is None or not m.due_from_tasks:
            return
        ends = list(s.scalars(sa.select(Task.end_date).where(Task.milestone_id == milestone_id)))
        due = derived_due(ends, m.due)
        if due != m.due:
            self._apply(s, m, {"due": due}, None, action="derive")

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
            if milestone_id is not None:
                m = self._require(s, Milestone, milestone_id, "milestone")
                if m.project_id != proj.id:
                    raise Invalid("milestone", milestone_id, f"is not in project {proj.key}")
            assignee_id = self._person_id(s, assignee, "assignee") if assignee else None
            top = s.scalar(sa.select(sa.func.max(Task.position)).where(Task.project_id == proj.id))
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
            self._rederive(s, milestone_id)
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
            if self._stale("task", task.id, task.version, expected_version):
                assert task.id is not None
                raise _task_conflict(task, expected_version)
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
                values["assignee_id"] = self._person_id(s, who, "assignee") if who else None
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
            for key, new in changed.items():
                if key != "completed_at":
                    self._log(
                        s,
                        "task",
                        tid,
                        "edit",
                        field=key,
                        old=getattr(task, key),
                        new=new,
                        project_id=task.project_id,
                    )
            if changed:
                done = s.execute(
                    sa.update(Task)
                    .where(Task.id == tid, Task.version == task.version)
                    .values(version=Task.version + 1, **changed)
                )
                if rowcount(done) != 1:
                    raise _task_conflict(task, expected_version or task.version)
                s.expire(task)
                self._rederive(s, old_milestone)
                if changed.get("milestone_id") not in (None, old_milestone):
                    self._rederive(s, changed["milestone_id"])
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
        """Tasks of a milestone, a project, or by id; by start date.

        Plain rows, not ORM objects: building 50,000 Task instances took most of
        the time of `mstui task list`.
        """
        q: Any = (
            sa.select(
                Task.__table__,  # type: ignore[attr-defined]
                col(Project.key).label("p_key"),
                col(Person.login).label("a_login"),
            )
            .join(Project, Project.id == Task.project_id)
            .outerjoin(Person, Person.id == Task.assignee_id)
            .order_by(Task.start_date, Task.id)
        )
        if milestone_id is not None:
            q = q.where(Task.milestone_id == milestone_id)
        if project is not None:
            q = q.where(Project.key == project.strip().upper())
        if ids is not None:
            q = q.where(col(Task.id).in_(ids))
        with self.db.reading() as s:
            rows = s.execute(q).all()
        return [_task_view(row) for row in rows]

    def open_task_count(self, milestone_id: int) -> int:
        """How many tasks of a milestone are not done (said when it is finished)."""
        q = sa.select(sa.func.count(Task.id)).where(
            Task.milestone_id == milestone_id, Task.status != TaskStatus.DONE.value
        )
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    # -- comments ---------------------------------------------------------------
    def add_comment(
        self, milestone_id: int, body: str, kind: CommentKind | str = CommentKind.NOTE
    ) -> CommentView:
        """Add an update, a note or a retrospective to a milestone."""
        body = clean_field("comment", body, max_len=20_000, multiline=True)
        kind = parse_enum(CommentKind, "kind", kind)
        with self._write() as s:
            m = self._require(s, Milestone, milestone_id, "milestone")
            assert self._me_id is not None
            c = Comment(
                milestone_id=milestone_id,
                author_id=self._me_id,
                kind=kind.value,
                body=body,
                created_at=self.now(),
            )
            s.add(c)
            s.flush()
            assert c.id is not None
            self._log(
                s,
                "milestone",
                milestone_id,
                "comment",
                field=kind.value,
                new=body[:200],
                project_id=m.project_id,
            )
            cid = c.id
        return next(c for c in self.list_comments(milestone_id) if c.id == cid)

    def list_comments(self, milestone_id: int) -> list[CommentView]:
        """The comment thread of a milestone, oldest first."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Comment, Person.login)
                .join(Person, Person.id == Comment.author_id)
                .where(Comment.milestone_id == milestone_id)
                .order_by(Comment.created_at, Comment.id)
            ).all()
        return [
            CommentView(c.id, c.milestone_id, login, c.kind, c.body, c.created_at)
            for c, login in rows
        ]

    # -- history ----------------------------------------------------------------
    def activity(
        self, entity: str | None = None, entity_id: int | None = None, limit: int = 200
    ) -> list[ActivityView]:
        """The newest activity first, for one entity or for everything."""
        actor = aliased(Person)
        q = (
            sa.select(Activity, actor.login)
            .outerjoin(actor, actor.id == Activity.actor_id)
            .order_by(col(Activity.at).desc(), col(Activity.id).desc())
            .limit(limit)
        )
        if entity is not None:
            q = q.where(Activity.entity == entity)
        if entity_id is not None:
            q = q.where(Activity.entity_id == entity_id)
        with self.db.reading() as s:
            rows = s.execute(q).all()
        return [
            ActivityView(a.id, a.at, login, a.entity, a.entity_id, a.action, a.field, a.old, a.new)
            for a, login in rows
        ]

    def milestone_detail(self, mid: int) -> MilestoneDetail:
        """A milestone with its dependencies both ways, tasks, comments and history."""
        view = self.milestone(mid)
        with self.db.reading() as s:
            after = list(
                s.scalars(
                    sa.select(MilestoneDependency.successor_id).where(
                        MilestoneDependency.predecessor_id == mid
                    )
                )
            )
        related = self.list_milestones(MilestoneFilter(ids=(*view.depends_on, *after)))
        by_id = {m.id: m for m in related}
        return MilestoneDetail(
            milestone=view,
            dependencies=tuple(by_id[i] for i in view.depends_on if i in by_id),
            dependents=tuple(by_id[i] for i in after if i in by_id),
            tasks=tuple(self.list_tasks(milestone_id=mid)),
            comments=tuple(self.list_comments(mid)),
            activity=tuple(self.activity("milestone", mid)),
            attachments=tuple(self.list_attachments(mid)) if self.db.path else (),
        )


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


def _task_conflict(task: Task, expected: int) -> Exception:
    from mstui.errors import Conflict

    assert task.id is not None
    return Conflict("task", task.id, expected, task.version)

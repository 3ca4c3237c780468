"""Fixing mistakes: edit a project, a person, a comment or a resource; delete a task,
a comment, a resource or an attachment; unlink a task from its milestone.

Every method checks its input before it opens a transaction, writes in one
transaction (all or nothing), logs each change in the Activity table (who,
field, old → new), and checks the row's `version` where the table has one
(project, resource, task): a row that moved on since the caller read it raises
`Conflict`, never a silent lost update. People and comments have no version
column: their edits compare and write inside one `BEGIN IMMEDIATE`
transaction and change only the fields given, so nothing else is overwritten
(and only its author may change a comment).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import CommentKind, Role, parse_enum
from mstui.domain.resources import KINDS
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotAllowed, NotFound
from mstui.store.base import rowcount
from mstui.store.files import files_base, sweep_unused
from mstui.store.people import check_amount, check_timezone
from mstui.store.tables import (
    Activity,
    AlertScan,
    Attachment,
    Booking,
    Comment,
    Department,
    Milestone,
    Person,
    Project,
    ProjectMember,
    Resource,
    Task,
)
from mstui.store.work import WorkStore
from mstui.views.milestones import AttachmentView, CommentView, TaskView
from mstui.views.people import PersonView, ProjectView
from mstui.views.resources import ResourceView

PROJECT_FIELDS = (
    "name",
    "description",
    "lead",
    "department",
    "start",
    "end",
    "budget",
    "timezone",
)
"""What `edit_project` changes: `lead` is a login; `department` a name (None or "" clears
it); `start`/`end` dates (None clears); `timezone` an IANA name (None: the server's)."""

PERSON_FIELDS = ("name", "department", "department_head", "timezone")
"""What `edit_person` changes (the login is the OS account and stays)."""

RESOURCE_FIELDS = ("name", "kind", "capacity", "person")
"""What `edit_resource` changes: `person` is a login (None or "" clears it)."""


def _date_or_none(field: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid(field, value, "not a date")
    return value


def _text_or_none(value: Any) -> str | None:
    """None for "clear it" (None or blank text), else the text."""
    if value is None:
        return None
    if not isinstance(value, str):
        return value  # refused by the field's own check
    return value if value.strip() else None


def _capacity(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid("capacity", value, "must be a number more than 0")
    if value != value or value in (float("inf"), float("-inf")) or value <= 0:
        raise Invalid("capacity", value, "must be a number more than 0")
    return float(value)


class CorrectionStore(WorkStore):
    """Edit and delete what was entered by mistake (see the module's docstring)."""

    # -- shared helpers -----------------------------------------------------------------
    def _changed_by(self, s: Session, entity: str, entity_id: int) -> str | None:
        """The latest other person in a row's history (who made a conflict)."""
        return s.scalar(
            sa.select(Person.login)
            .join(Activity, Activity.actor_id == Person.id)
            .where(Activity.entity == entity, Activity.entity_id == entity_id)
            .where(Activity.actor_id != self._me_id)
            .order_by(col(Activity.id).desc())
            .limit(1)
        )

    def _versioned_update(
        self,
        s: Session,
        model: Any,
        entity: str,
        row_id: int,
        version: int,
        changed: dict[str, Any],
    ) -> None:
        """UPDATE … SET …, version = version + 1 WHERE id = :id AND version = :v."""
        done = s.execute(
            sa.update(model)
            .where(model.id == row_id, model.version == version)
            .values(version=model.version + 1, **changed)
        )
        if rowcount(done) != 1:
            now = s.scalar(sa.select(model.version).where(model.id == row_id))
            if now is None:
                raise NotFound(entity, row_id)
            raise Conflict(
                entity, row_id, version, int(now), by=self._changed_by(s, entity, row_id)
            )

    def _check_version(
        self, s: Session, entity: str, row_id: int, current: int, expected: int | None
    ) -> None:
        if self._stale(entity, row_id, current, expected):
            raise Conflict(
                entity, row_id, expected, current, by=self._changed_by(s, entity, row_id)
            )

    def _department_name(self, s: Session, dept_id: int | None) -> str | None:
        if dept_id is None:
            return None
        return s.scalar(sa.select(Department.name).where(Department.id == dept_id))

    def _login_of(self, s: Session, pid: int | None) -> str | None:
        if pid is None:
            return None
        return s.scalar(sa.select(Person.login).where(Person.id == pid))

    # -- projects --------------------------------------------------------------------------
    def edit_project(
        self, key: str, /, expected_version: int | None, **changes: Any
    ) -> ProjectView:
        """Change fields of a project (keys of `PROJECT_FIELDS`).

        `Conflict` if the project moved on since `expected_version` (None: no
        check). A new lead becomes a member with the lead role; the old lead
        stays a member, as an editor. The key never changes (scripts use it).
        """
        unknown = set(changes) - set(PROJECT_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited on a project")
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "name":
                values["name"] = clean_field("name", value, max_len=120)
            elif field == "description":
                values["description"] = clean_field(
                    "description", value or "", max_len=10_000, required=False, multiline=True
                )
            elif field in ("start", "end"):
                values[f"{field}_date"] = _date_or_none(field, value)
            elif field == "budget":
                if isinstance(value, bool) or not isinstance(value, int | float | None):
                    raise Invalid("budget", value, "must be a number of 0 or more")
                values["budget"] = check_amount("budget", value)
            elif field == "timezone":
                values["timezone"] = check_timezone(_text_or_none(value))
            elif field == "lead":
                if not isinstance(value, str) or not value.strip():
                    raise Invalid("lead", value or "", "a project needs a lead (a login)")
                values["lead"] = value
            else:  # department
                dept = _text_or_none(value)
                values["department"] = (
                    None if dept is None else clean_field("department", dept, max_len=80)
                )
        with self._write() as s:
            project = s.scalar(sa.select(Project).where(Project.key == key.strip().upper()))
            if project is None:
                raise NotFound("project", key)
            pid = project.id
            assert pid is not None
            self._check_version(s, "project", pid, project.version, expected_version)
            if "lead" in values:
                values["lead_id"] = self._person_id(s, values.pop("lead"), "lead")
            if "department" in values:
                values["department_id"] = self._department_id(s, values.pop("department"))
            start = values.get("start_date", project.start_date)
            end = values.get("end_date", project.end_date)
            if start is not None and end is not None and end < start:
                if "end_date" in values:
                    raise Invalid("end", end.isoformat(), "is before the start")
                raise Invalid("start", start.isoformat(), "is after the end")
            changed = {k: v for k, v in values.items() if getattr(project, k) != v}
            for field, new in changed.items():
                old = getattr(project, field)
                name = field.removesuffix("_date").removesuffix("_id")
                if field == "lead_id":
                    old, new = self._login_of(s, old), self._login_of(s, new)
                elif field == "department_id":
                    old, new = self._department_name(s, old), self._department_name(s, new)
                self._log(s, "project", pid, "edit", field=name, old=old, new=new, project_id=pid)
            if "lead_id" in changed:
                self._hand_over_lead(s, pid, project.lead_id, changed["lead_id"])
            if changed:
                self._versioned_update(s, Project, "project", pid, project.version, changed)
            final_key = project.key
        return self.project(final_key)

    def _hand_over_lead(self, s: Session, pid: int, old: int | None, new: int) -> None:
        """The new lead gets the lead role; the old one stays a member as an editor."""
        members = {
            m.person_id: m
            for m in s.scalars(sa.select(ProjectMember).where(ProjectMember.project_id == pid))
        }
        for person, role in ((old, Role.EDITOR), (new, Role.LEAD)):
            if person is None:
                continue
            member = members.get(person)
            before = member.role if member else None
            if role is Role.EDITOR and before != Role.LEAD.value:
                continue  # the old lead was not a lead member: leave their role alone
            if before == role.value:
                continue
            if member is None:
                s.add(ProjectMember(project_id=pid, person_id=person, role=role.value))
            else:
                member.role = role.value
            self._log(
                s,
                "project",
                pid,
                "member",
                field=self._login_of(s, person) or "",
                old=before,
                new=role.value,
                project_id=pid,
            )

    # -- people ----------------------------------------------------------------------------
    def edit_person(self, login: str, /, **changes: Any) -> PersonView:
        """Change someone's name, department, department-head flag or timezone.

        People have no version column: the fields given are compared and
        written in one transaction, and the others are left as they are. A
        department head needs a department. A change of department or head
        makes the next alert scan (any process's) a full one, so escalations
        reach the new head at once.
        """
        unknown = set(changes) - set(PERSON_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited on a person")
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "name":
                values["name"] = clean_field("name", value, max_len=120)
            elif field == "department_head":
                if not isinstance(value, bool):
                    raise Invalid("head", value, "expected yes or no")
                values["is_department_head"] = value
            elif field == "timezone":
                values["timezone"] = check_timezone(_text_or_none(value))
            else:  # department
                dept = _text_or_none(value)
                values["department"] = (
                    None if dept is None else clean_field("department", dept, max_len=80)
                )
        with self._write() as s:
            person = s.scalar(sa.select(Person).where(Person.login == login.strip()))
            if person is None:
                raise NotFound("person", login)
            assert person.id is not None
            if "department" in values:
                values["department_id"] = self._department_id(s, values.pop("department"))
            head = values.get("is_department_head", person.is_department_head)
            dept_id = values.get("department_id", person.department_id)
            if head and dept_id is None and {"is_department_head", "department_id"} & set(values):
                raise Invalid(
                    "department",
                    changes.get("department") or "",
                    "a department head needs a department",
                )
            changed = {k: v for k, v in values.items() if getattr(person, k) != v}
            for field, new in changed.items():
                old = getattr(person, field)
                name = {"is_department_head": "department_head", "department_id": "department"}.get(
                    field, field
                )
                if field == "department_id":
                    old, new = self._department_name(s, old), self._department_name(s, new)
                self._log(s, "person", person.id, "edit", field=name, old=old, new=new)
            if changed:
                s.execute(sa.update(Person).where(Person.id == person.id).values(**changed))
            if {"is_department_head", "department_id"} & set(changed):
                # No Activity row tells the incremental scan whose milestones this
                # touches; a full scan re-reads them all.
                s.execute(sa.update(AlertScan).values(full_scan_at=None))
            final = person.login
        return self.person(final)

    # -- tasks -----------------------------------------------------------------------------
    def delete_task(self, tid: int, expected_version: int | None = None) -> int:
        """Delete a task with its bookings; returns how many bookings went with it.

        Its milestone (if any) stays; one dated by its tasks follows the rest.
        """
        with self._write() as s:
            task = s.get(Task, tid)
            if task is None:
                raise NotFound("task", tid)
            self._check_version(s, "task", tid, task.version, expected_version)
            removed = self._remove_bookings(s, Booking.task_id == tid, task.project_id)
            mid = task.milestone_id
            self._log(s, "task", tid, "delete", old=task.title, project_id=task.project_id)
            if mid is not None:
                self._log(
                    s,
                    "milestone",
                    mid,
                    "delete",
                    field="task",
                    old=f"#{tid} {task.title}",
                    project_id=task.project_id,
                )
            gone = s.execute(sa.delete(Task).where(Task.id == tid, Task.version == task.version))
            if rowcount(gone) != 1:
                raise Conflict("task", tid, task.version, task.version + 1)
            self._rederive(s, mid)
        return removed

    def unlink_task(self, tid: int, expected_version: int | None = None) -> TaskView:
        """Take a task off its milestone (it stays in the project); a no-op if unlinked."""
        with self._write() as s:
            task = s.get(Task, tid)
            if task is None:
                raise NotFound("task", tid)
            self._check_version(s, "task", tid, task.version, expected_version)
            mid = task.milestone_id
            if mid is not None:
                self._log(
                    s,
                    "task",
                    tid,
                    "edit",
                    field="milestone_id",
                    old=mid,
                    new=None,
                    project_id=task.project_id,
                )
                self._log(
                    s,
                    "milestone",
                    mid,
                    "unlink",
                    field="task",
                    old=f"#{tid} {task.title}",
                    project_id=task.project_id,
                )
                self._versioned_update(s, Task, "task", tid, task.version, {"milestone_id": None})
                s.expire(task)
                self._rederive(s, mid)
        return self.task(tid)

    def _remove_bookings(self, s: Session, where: Any, project_id: int | None) -> int:
        """Delete the bookings matching `where`, each logged on its resource; how many."""
        rows = s.execute(
            sa.select(
                Booking.id,
                Booking.resource_id,
                Booking.task_id,
                Booking.milestone_id,
                Booking.start_date,
                Booking.end_date,
                Booking.amount,
            ).where(where)
        ).all()
        for bid, rid, task_id, milestone_id, start, end, amount in rows:
            on = f"task {task_id}" if task_id is not None else f"milestone {milestone_id}"
            self._log(
                s,
                "resource",
                rid,
                "unbook",
                field=f"booking #{bid}",
                old=f"{on} {start.isoformat()}..{end.isoformat()} x{amount:g}",
                project_id=project_id,
            )
        if rows:
            s.execute(sa.delete(Booking).where(col(Booking.id).in_([r[0] for r in rows])))
        return len(rows)

    # -- comments --------------------------------------------------------------------------
    def comment(self, cid: int) -> CommentView:
        """One comment by id."""
        with self.db.reading() as s:
            mid = s.scalar(sa.select(Comment.milestone_id).where(Comment.id == cid))
        if mid is None:
            raise NotFound("comment", cid)
        for c in self.list_comments(mid):
            if c.id == cid:
                return c
        raise NotFound("comment", cid)

    def _own_comment(self, s: Session, cid: int, verb: str) -> Comment:
        c = s.get(Comment, cid)
        if c is None:
            raise NotFound("comment", cid)
        if c.author_id != self._me_id:
            author = self._login_of(s, c.author_id)
            raise NotAllowed(f"comment {cid}: only its author ({author}) may {verb} it")
        return c

    def edit_comment(
        self, cid: int, body: str, kind: CommentKind | str | None = None
    ) -> CommentView:
        """Correct my comment's text (and kind); the old text stays in the Activity log."""
        body = clean_field("comment", body, max_len=20_000, multiline=True)
        new_kind = parse_enum(CommentKind, "kind", kind).value if kind is not None else None
        with self._write() as s:
            c = self._own_comment(s, cid, "edit")
            project_id = s.scalar(
                sa.select(Milestone.project_id).where(Milestone.id == c.milestone_id)
            )
            if c.body != body:
                self._log(
                    s,
                    "milestone",
                    c.milestone_id,
                    "edit",
                    field=f"comment #{cid}",
                    old=c.body,
                    new=body,
                    project_id=project_id,
                )
                c.body = body
            if new_kind is not None and c.kind != new_kind:
                self._log(
                    s,
                    "milestone",
                    c.milestone_id,
                    "edit",
                    field=f"kind of comment #{cid}",
                    old=c.kind,
                    new=new_kind,
                    project_id=project_id,
                )
                c.kind = new_kind
        return self.comment(cid)

    def delete_comment(self, cid: int) -> CommentView:
        """Delete my comment; returns it as it was (its text stays in the Activity log)."""
        before = self.comment(cid)
        with self._write() as s:
            c = self._own_comment(s, cid, "delete")
            project_id = s.scalar(
                sa.select(Milestone.project_id).where(Milestone.id == c.milestone_id)
            )
            self._log(
                s,
                "milestone",
                c.milestone_id,
                "delete",
                field=f"comment #{cid}",
                old=c.body,
                project_id=project_id,
            )
            s.delete(c)
        return before

    # -- resources -------------------------------------------------------------------------
    def _resource_row(self, s: Session, ref: str | int) -> Resource:
        """A resource by its number or its name (any case)."""
        text = str(ref).strip()
        row: Resource | None = None
        if text.lstrip("#").isdigit():
            row = s.get(Resource, int(text.lstrip("#")))
        if row is None:
            row = s.scalar(sa.select(Resource).where(sa.func.lower(Resource.name) == text.lower()))
        if row is None:
            raise NotFound("resource", text)
        return row

    def _resource_view(self, rid: int) -> ResourceView:
        with self.db.reading() as s:
            found = s.execute(
                sa.select(Resource, Person.login)
                .outerjoin(Person, Person.id == Resource.person_id)
                .where(Resource.id == rid)
            ).first()
        if found is None:
            raise NotFound("resource", rid)
        r, login = found
        return ResourceView(r.id, r.name, r.kind, r.capacity, login, r.version)

    def edit_resource(
        self, name_or_id: str | int, /, expected_version: int | None, **changes: Any
    ) -> ResourceView:
        """Change a resource's name, kind, capacity or person (keys of `RESOURCE_FIELDS`).

        `Conflict` if it moved on since `expected_version` (None: no check). Its
        bookings stay; a lower capacity can make new conflicts.
        """
        unknown = set(changes) - set(RESOURCE_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited on a resource")
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "name":
                values["name"] = clean_field("name", value, max_len=120)
            elif field == "kind":
                kind = value.strip().lower() if isinstance(value, str) else value
                if kind not in KINDS:
                    raise Invalid("kind", value, "expected person or equipment")
                values["kind"] = kind
            elif field == "capacity":
                values["capacity"] = _capacity(value)
            else:  # person
                values["person"] = _text_or_none(value)
        with self._write() as s:
            res = self._resource_row(s, name_or_id)
            rid = res.id
            assert rid is not None
            self._check_version(s, "resource", rid, res.version, expected_version)
            if "name" in values:
                clash = s.scalar(
                    sa.select(Resource.id).where(
                        sa.func.lower(Resource.name) == values["name"].lower(), Resource.id != rid
                    )
                )
                if clash is not None:
                    raise Invalid("name", values["name"], "a resource with this name exists")
            if "person" in values:
                who = values.pop("person")
                values["person_id"] = self._person_id(s, who, "person") if who else None
            changed = {k: v for k, v in values.items() if getattr(res, k) != v}
            for field, new in changed.items():
                old = getattr(res, field)
                if field == "person_id":
                    old, new = self._login_of(s, old), self._login_of(s, new)
                name = field.removesuffix("_id")
                self._log(s, "resource", rid, "edit", field=name, old=old, new=new)
            if changed:
                self._versioned_update(s, Resource, "resource", rid, res.version, changed)
        return self._resource_view(rid)

    def delete_resource(self, name_or_id: str | int, expected_version: int | None = None) -> int:
        """Delete a resource and every booking of it; returns how many bookings went."""
        with self._write() as s:
            res = self._resource_row(s, name_or_id)
            rid = res.id
            assert rid is not None
            self._check_version(s, "resource", rid, res.version, expected_version)
            removed = self._remove_bookings(s, Booking.resource_id == rid, None)
            self._log(s, "resource", rid, "delete", old=res.name)
            gone = s.execute(
                sa.delete(Resource).where(Resource.id == rid, Resource.version == res.version)
            )
            if rowcount(gone) != 1:
                raise Conflict("resource", rid, res.version, res.version + 1)
        return removed

    # -- attachments -----------------------------------------------------------------------
    def attachment(self, aid: int) -> AttachmentView:
        """One attachment by id."""
        with self.db.reading() as s:
            mid = s.scalar(sa.select(Attachment.milestone_id).where(Attachment.id == aid))
        if mid is None:
            raise NotFound("attachment", aid)
        for a in self.list_attachments(mid):
            if a.id == aid:
                return a
        raise NotFound("attachment", aid)

    def delete_attachment(self, aid: int) -> int:
        """Remove an attachment from its milestone; returns how many other attachments
        still share its stored file (0: the file was deleted too).

        Stored files are named by their SHA-256 and shared by every attachment
        of the same content: the file is deleted only when no attachment row
        names that hash any more (counted inside the transaction that deletes
        the row). A file is only ever deleted inside `<database>.files/`, at
        the place its hash gives: never a path read from the database.
        """
        with self._write() as s:
            a = s.get(Attachment, aid)
            if a is None:
                raise NotFound("attachment", aid)
            project_id = s.scalar(
                sa.select(Milestone.project_id).where(Milestone.id == a.milestone_id)
            )
            self._log(
                s, "milestone", a.milestone_id, "detach", field="file", old=a.name,
                project_id=project_id,
            )  # fmt: skip
            sha, copied = a.sha256, a.copied
            s.delete(a)
            s.flush()
            others = s.scalar(
                sa.select(sa.func.count(Attachment.id)).where(Attachment.sha256 == sha)
            )
        if copied:
            sweep_unused(files_base(self.db.path), self._write, [sha])
        return int(others or 0)

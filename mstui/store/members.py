"""Who works on a project, and in what role: members, handed over leads.

Owners of milestones and assignees of tasks are members with editor or more
(the store refuses to name anyone else), so a member who still has open work
in a project cannot be made a viewer or removed until it is handed on.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Role, Status, TaskStatus, parse_enum, stored
from mstui.domain.permissions import Permission, has_role
from mstui.errors import Invalid
from mstui.identity import account_named
from mstui.store import notices
from mstui.store.base import StoreBase, login_of, stored_id
from mstui.store.tables import Milestone, Person, Project, ProjectMember, Task
from mstui.views.people import MemberView

_OPEN = [s.value for s in Status if not s.closed]


def hand_over_lead(st: StoreBase, s: Session, pid: int, old: int | None, new: int) -> None:
    """The new lead gets the lead role; the old one stays a member as an editor."""
    members = {
        m.person_id: m
        for m in s.scalars(sa.select(ProjectMember).where(col(ProjectMember.project_id) == pid))
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
        st._log(s, "project", pid, "member", field=login_of(s, person) or "", old=before,
                new=role.value, project_id=pid)  # fmt: skip


def open_work(s: Session, pid: int, person_id: int) -> str:
    """What `person_id` still owns in project `pid`, in words ("" for nothing)."""
    milestones = s.scalar(
        sa.select(sa.func.count(col(Milestone.id))).where(
            col(Milestone.project_id) == pid,
            col(Milestone.owner_id) == person_id,
            col(Milestone.status).in_(_OPEN),
        )
    )
    tasks = s.scalar(
        sa.select(sa.func.count(col(Task.id))).where(
            col(Task.project_id) == pid,
            col(Task.assignee_id) == person_id,
            col(Task.status) != TaskStatus.DONE.value,
        )
    )
    parts = []
    if milestones:
        parts.append(f"{milestones} open milestone{'s' if milestones != 1 else ''}")
    if tasks:
        parts.append(f"{tasks} open task{'s' if tasks != 1 else ''}")
    return " and ".join(parts)


class MemberPart(StoreBase):
    """Commands and queries about the members of projects."""

    def _person_for_member(self, s: Session, login: str) -> int:
        """The person `login`; an account of this server never seen here is added."""
        login = login.strip()
        found = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
        if found is not None:
            return found
        account = account_named(login)
        if account is None:
            raise Invalid("person", login, "no such person, and no such account on this server")
        return self._ensure_person(s, account.login, account.full_name)

    def add_member(self, key: str, login: str, role: Role | str = Role.EDITOR) -> None:
        """Give `login` a role in project `key` (replacing any earlier role): its lead's call.

        A login that never ran mstui is added when it is an account of this server.
        """
        role = parse_enum(Role, "role", role) if isinstance(role, str) else role
        with self._write() as s:
            project = self._project(s, key)
            self._allow(s, Permission.MANAGE, project)
            pid = stored_id(project.id)
            person = self._person_for_member(s, login)
            existing = s.scalar(
                sa.select(ProjectMember).where(
                    col(ProjectMember.project_id) == pid,
                    col(ProjectMember.person_id) == person,
                )
            )
            old = existing.role if existing else None
            if old == role.value:
                return
            if person == project.lead_id and role is not Role.LEAD:
                hand_over = "hand the project over first (mstui project edit KEY --lead LOGIN)"
                reason = f"{login.strip()} leads {project.key}: {hand_over}"
                raise Invalid("role", role.value, reason, quote=False)
            if not has_role(role, Role.EDITOR) and (work := open_work(s, pid, person)):
                reason = f"{login.strip()} still has {work} in {project.key}: give them to "
                raise Invalid("role", role.value, reason + "someone else first", quote=False)
            if existing:
                existing.role = role.value
            else:
                s.add(ProjectMember(project_id=pid, person_id=person, role=role.value))
            self._log(s, "project", pid, "member", field=login_of(s, person) or login,
                      old=old, new=role.value, project_id=pid)  # fmt: skip
            notices.role_changed(self, s, person, project, old, role.value)

    def remove_member(self, key: str, login: str) -> None:
        """Take `login` off project `key` (its lead's call; not the lead, not with open work)."""
        with self._write() as s:
            project = self._project(s, key)
            self._allow(s, Permission.MANAGE, project)
            pid = stored_id(project.id)
            person = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login.strip()))
            member = None
            if person is not None:
                member = s.scalar(
                    sa.select(ProjectMember).where(
                        col(ProjectMember.project_id) == pid,
                        col(ProjectMember.person_id) == person,
                    )
                )
            who = login.strip()
            if member is None or person is None:
                raise Invalid("person", who, f"{who} is not a member of {project.key}", quote=False)
            if person == project.lead_id:
                hand_over = "hand the project over first (mstui project edit KEY --lead LOGIN)"
                raise Invalid("person", who, f"{who} leads {project.key}: {hand_over}", quote=False)
            if work := open_work(s, pid, person):
                reason = f"{who} still has {work} in {project.key}: give them to someone else first"
                raise Invalid("person", who, reason, quote=False)
            self._log(s, "project", pid, "member", field=login.strip(), old=member.role,
                      new=None, project_id=pid)  # fmt: skip
            notices.role_changed(self, s, person, project, member.role, None)
            s.delete(member)

    def members(self, key: str) -> list[MemberView]:
        """A project's members with their roles: the lead first, then by login."""
        rank = {Role.LEAD.value: 0, Role.EDITOR.value: 1, Role.VIEWER.value: 2}
        with self.db.reading() as s:
            project = self._project(s, key)
            if not s.scalar(
                sa.select(sa.func.count(col(Project.id))).where(
                    col(Project.id) == project.id, self._sees()
                )
            ):
                raise Invalid("project", key, "no such project")
            rows = s.execute(
                sa.select(col(Person.login), col(Person.name), col(ProjectMember.role))
                .join(ProjectMember, col(ProjectMember.person_id) == col(Person.id))
                .where(col(ProjectMember.project_id) == project.id)
            ).all()
        rows = sorted(rows, key=lambda r: (rank.get(r[2], 3), r[0]))
        return [
            MemberView(login, name, stored(Role, role, Role.VIEWER)) for login, name, role in rows
        ]

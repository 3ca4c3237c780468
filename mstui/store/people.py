"""People, departments and projects."""

from __future__ import annotations

from datetime import date

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col

from mstui.domain.enums import Role, Status
from mstui.domain.text import clean_field
from mstui.errors import Invalid
from mstui.identity import account_named
from mstui.store.base import NOBODY, StoreBase
from mstui.store.tables import Department, Milestone, Person, Project, ProjectMember
from mstui.views.people import PersonView, ProjectView

_KEY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def check_key(key: str) -> str:
    """A project key: 2–10 capital letters or digits, starting with a letter."""
    norm = key.strip().upper()
    if not (2 <= len(norm) <= 10) or not set(norm) <= _KEY_CHARS or not norm[0].isalpha():
        raise Invalid("key", key, "2 to 10 letters or digits, starting with a letter")
    return norm


def check_timezone(tz: str | None, field: str = "timezone") -> str | None:
    """A known IANA timezone name, or None."""
    if tz is None or not tz.strip():
        return None
    try:
        pendulum.timezone(tz.strip())
    except Exception:
        raise Invalid(field, tz, "unknown timezone (use a name such as Europe/Paris)") from None
    return tz.strip()


def check_amount(field: str, value: float | None) -> float | None:
    """A non-negative finite amount, or None."""
    if value is None:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise Invalid(field, value, "must be a number of 0 or more")
    return float(value)


class PeopleStore(StoreBase):
    """Commands and queries about people and projects."""

    # -- people -------------------------------------------------------------
    def me(self) -> PersonView:
        """The acting person (created on first use from the OS account).

        On a read-only database where the account was never seen: a person with
        the id `NOBODY`, made up from the account and not stored.
        """
        if self.db.read_only and self.me_id() == NOBODY:
            acct = self.account
            return PersonView(NOBODY, acct.login, acct.full_name or acct.login, None, False, None)
        return self.person(self.account.login, create=True)

    def person(self, login: str, create: bool = False) -> PersonView:
        """One person by login."""
        if create and login == self.account.login:
            self.me_id()
        with self.db.reading() as s:
            row = s.execute(
                sa.select(Person, Department.name)
                .outerjoin(Department, Department.id == Person.department_id)
                .where(Person.login == login)
            ).first()
        if row is None:
            raise Invalid("person", login, "no such person")
        return _person_view(row[0], row[1])

    def add_person(
        self,
        login: str,
        name: str | None = None,
        department: str | None = None,
        timezone: str | None = None,
        department_head: bool = False,
    ) -> PersonView:
        """Add someone; the name defaults to the account's full name on this server."""
        login = clean_field("login", login, max_len=64)
        if any(ch.isspace() for ch in login):
            raise Invalid("login", login, "must not contain spaces")
        if name is None or not name.strip():
            account = account_named(login)
            name = account.full_name if account else login
        name = clean_field("name", name, max_len=120)
        tz = check_timezone(timezone)
        with self._write() as s:
            if s.scalar(sa.select(Person.id).where(Person.login == login)) is not None:
                raise Invalid("login", login, "already exists")
            person = Person(
                login=login,
                name=name,
                department_id=self._department_id(s, department),
                is_department_head=department_head,
                timezone=tz,
                created_at=self.now(),
            )
            s.add(person)
            s.flush()
            assert person.id is not None
            self._log(s, "person", person.id, "create", new=login)
        return self.person(login)

    def list_people(self) -> list[PersonView]:
        """Everyone, by login."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Person, Department.name)
                .outerjoin(Department, Department.id == Person.department_id)
                .order_by(Person.login)
            ).all()
        return [_person_view(p, d) for p, d in rows]

    def departments(self) -> list[str]:
        """Every department name."""
        with self.db.reading() as s:
            return list(s.scalars(sa.select(Department.name).order_by(Department.name)))

    # -- projects -------------------------------------------------------------
    def add_project(
        self,
        key: str,
        name: str,
        *,
        lead: str | None = None,
        department: str | None = None,
        description: str = "",
        start: date | None = None,
        end: date | None = None,
        budget: float | None = None,
        timezone: str | None = None,
    ) -> ProjectView:
        """Create a project; its lead (default: me) becomes a member with the lead role."""
        key = check_key(key)
        name = clean_field("name", name, max_len=120)
        description = clean_field(
            "description", description, max_len=10_000, required=False, multiline=True
        )
        budget = check_amount("budget", budget)
        tz = check_timezone(timezone)
        if start and end and end < start:
            raise Invalid("end", end.isoformat(), "is before the start")
        with self._write() as s:
            if s.scalar(sa.select(Project.id).where(Project.key == key)) is not None:
                raise Invalid("key", key, "a project with this key exists")
            lead_id = self._person_id(s, lead, "lead") if lead else self._me_id
            project = Project(
                key=key,
                name=name,
                description=description,
                department_id=self._department_id(s, department),
                lead_id=lead_id,
                start_date=start,
                end_date=end,
                budget=budget,
                timezone=tz,
                created_at=self.now(),
            )
            s.add(project)
            s.flush()
            assert project.id is not None and lead_id is not None
            s.add(ProjectMember(project_id=project.id, person_id=lead_id, role=Role.LEAD.value))
            self._log(s, "project", project.id, "create", new=key, project_id=project.id)
        return self.project(key)

    def add_member(self, key: str, login: str, role: Role = Role.EDITOR) -> None:
        """Give `login` a role in project `key` (replacing any earlier role)."""
        with self._write() as s:
            project = self._project(s, key)
            pid = self._person_id(s, login, "person")
            assert project.id is not None
            existing = s.scalar(
                sa.select(ProjectMember).where(
                    ProjectMember.project_id == project.id, ProjectMember.person_id == pid
                )
            )
            old = existing.role if existing else None
            if existing:
                existing.role = role.value
            else:
                s.add(ProjectMember(project_id=project.id, person_id=pid, role=role.value))
            self._log(
                s,
                "project",
                project.id,
                "member",
                field=login,
                old=old,
                new=role.value,
                project_id=project.id,
            )

    def project(self, key: str) -> ProjectView:
        """One project by key."""
        for view in self.list_projects(include_archived=True, keys=[key.strip().upper()]):
            return view
        raise Invalid("project", key, "no such project")

    def list_projects(
        self, include_archived: bool = True, keys: list[str] | None = None
    ) -> list[ProjectView]:
        """Projects by key, with counts of milestones and of those done."""
        lead = aliased(Person)
        done = sa.func.sum(sa.case((col(Milestone.status) == Status.DONE.value, 1), else_=0))
        counts = (
            sa.select(
                col(Milestone.project_id).label("pid"),
                sa.func.count(Milestone.id).label("n"),
                done.label("done"),
            )
            .group_by(Milestone.project_id)
            .subquery()
        )
        q = (
            sa.select(Project, Department.name, lead.login, counts.c.n, counts.c.done)
            .outerjoin(Department, Department.id == Project.department_id)
            .outerjoin(lead, lead.id == Project.lead_id)
            .outerjoin(counts, counts.c.pid == Project.id)
            .order_by(Project.key)
        )
        if not include_archived:
            q = q.where(col(Project.archived).is_(False))
        if keys:
            q = q.where(col(Project.key).in_(keys))
        with self.db.reading() as s:
            rows = s.execute(q).all()
        return [
            ProjectView(
                id=p.id,
                key=p.key,
                name=p.name,
                description=p.description,
                department=dept,
                lead=lead_login,
                start=p.start_date,
                end=p.end_date,
                budget=p.budget,
                timezone=self._project_tz(p),
                archived=p.archived,
                version=p.version,
                milestones=int(n or 0),
                done=int(d or 0),
            )
            for p, dept, lead_login, n, d in rows
        ]

    def set_project_archived(self, key: str, archived: bool) -> ProjectView:
        """Archive (hide from boards by default) or restore a project."""
        with self._write() as s:
            project = self._project(s, key)
            if project.archived != archived:
                assert project.id is not None
                self._log(
                    s,
                    "project",
                    project.id,
                    "edit",
                    field="archived",
                    old=project.archived,
                    new=archived,
                    project_id=project.id,
                )
                project.archived = archived
                project.version += 1
        return self.project(key)

    def is_empty(self) -> bool:
        """Whether the database holds no projects and no milestones yet."""
        with self.db.reading() as s:
            return not s.scalar(sa.select(sa.func.count(Project.id)))

    def delete_project(self, key: str) -> None:
        """Delete a project with its milestones, tasks, targets and alerts.

        The activity log keeps the record that they existed.
        """
        from mstui.store.files import copied_files, files_base, sweep_unused
        from mstui.store.tables import Alert, Attachment, Target, Task

        with self._write() as s:
            project = self._project(s, key)
            pid = project.id
            mids = sa.select(Milestone.id).where(Milestone.project_id == pid).scalar_subquery()
            s.execute(sa.delete(Alert).where(Alert.project_id == pid))
            s.execute(sa.delete(Task).where(Task.project_id == pid))
            s.execute(
                sa.update(Task).where(col(Task.milestone_id).in_(mids)).values(milestone_id=None)
            )
            shas = list(s.scalars(copied_files(col(Attachment.milestone_id).in_(mids))))
            s.execute(sa.delete(Attachment).where(col(Attachment.milestone_id).in_(mids)))
            s.execute(sa.delete(Milestone).where(Milestone.project_id == pid))
            s.execute(
                sa.update(Milestone)
                .where(
                    col(Milestone.target_id).in_(
                        sa.select(Target.id).where(Target.project_id == pid).scalar_subquery()
                    )
                )
                .values(target_id=None)
            )
            s.execute(sa.delete(Target).where(Target.project_id == pid))
            assert pid is not None
            self._log(s, "project", pid, "delete", old=project.key, project_id=pid)
            s.delete(project)
        sweep_unused(files_base(self.db.path), self._write, shas)


def _person_view(p: Person, dept: str | None) -> PersonView:
    assert p.id is not None
    return PersonView(
        id=p.id,
        login=p.login,
        name=p.name,
        department=dept,
        is_department_head=p.is_department_head,
        timezone=p.timezone,
    )

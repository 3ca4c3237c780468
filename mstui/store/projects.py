"""Projects: their members, their per-project alert thresholds, and correcting them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.config import Settings
from mstui.domain.alerts import REVIEW_CADENCES, Thresholds
from mstui.domain.enums import Role, Status, parse_enum, stored
from mstui.domain.permissions import Permission, Visibility
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotAllowed, NotFound
from mstui.store.attachments import copied_files, sweep_unused
from mstui.store.base import StoreBase, login_of
from mstui.store.checks import check_amount, check_timezone, date_or_none, text_or_none
from mstui.store.members import hand_over_lead
from mstui.store.people import department_name
from mstui.store.tables import (
    Alert,
    Attachment,
    Department,
    Milestone,
    Person,
    Project,
    ProjectMember,
    Target,
    Task,
)
from mstui.views.people import ProjectView

_KEY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
THRESHOLD_FIELDS = ("due_soon_days", "escalation_days", "blocked_days", "review_cadence")
PROJECT_FIELDS = (
    "name", "description", "lead", "department", "start", "end", "budget", "timezone",
    "visibility",
)  # fmt: skip
"""What `edit_project` changes: `lead` is a login; `department` a name (None or "" clears
it); `start`/`end` dates (None clears); `timezone` an IANA name (None: the server's);
`visibility` "team" or "members"."""


def check_key(key: str) -> str:
    """A project key: 2–10 capital letters or digits, starting with a letter."""
    norm = key.strip().upper()
    if not (2 <= len(norm) <= 10) or not set(norm) <= _KEY_CHARS or not norm[0].isalpha():
        raise Invalid("key", key, "2 to 10 letters or digits, starting with a letter")
    return norm


def base_thresholds(settings: Settings) -> Thresholds:
    """The alert thresholds from the settings (before any project's overrides)."""
    st = settings
    return Thresholds(st.due_soon_days, st.escalation_days, st.blocked_days, st.review_cadence)


def my_memberships(st: StoreBase) -> sa.Subquery:
    """The acting person's memberships: project id (`pid`) and role."""
    me = aliased(Person)
    return (
        sa.select(col(ProjectMember.project_id).label("pid"), col(ProjectMember.role).label("role"))
        .join(me, col(me.id) == col(ProjectMember.person_id))
        .where(col(me.login) == st.account.login)
        .subquery()
    )


def project_views(
    st: StoreBase, s: Session, include_archived: bool = True, keys: list[str] | None = None
) -> list[ProjectView]:
    """The projects the acting person may see, by key, with counts of milestones and
    of those done, and the person's own role in each."""
    settings = st.settings
    lead = aliased(Person)
    mine = my_memberships(st)
    done = sa.func.sum(sa.case((col(Milestone.status) == Status.DONE.value, 1), else_=0))
    counts = (
        sa.select(
            col(Milestone.project_id).label("pid"),
            sa.func.count(col(Milestone.id)).label("n"),
            done.label("done"),
        )
        .group_by(col(Milestone.project_id))
        .subquery()
    )
    q = (
        sa.select(
            Project, col(Department.name), col(lead.login), counts.c.n, counts.c.done, mine.c.role
        )
        .outerjoin(Department, col(Department.id) == col(Project.department_id))
        .outerjoin(lead, col(lead.id) == col(Project.lead_id))
        .outerjoin(counts, counts.c.pid == col(Project.id))
        .outerjoin(mine, mine.c.pid == col(Project.id))
        .where(st._sees())
        .order_by(col(Project.key))
    )
    if not include_archived:
        q = q.where(col(Project.archived).is_(False))
    if keys:
        q = q.where(col(Project.key).in_(keys))
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
            timezone=p.timezone or settings.timezone,
            archived=p.archived,
            version=p.version,
            milestones=int(n or 0),
            done=int(d or 0),
            visibility=p.visibility,
            my_role=stored(Role, role, Role.VIEWER) if role is not None else None,
        )
        for p, dept, lead_login, n, d, role in s.execute(q).all()
    ]


class ProjectPart(StoreBase):
    """Commands and queries about projects, their members and their thresholds."""

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
        visibility: str = Visibility.TEAM.value,
    ) -> ProjectView:
        """Create a project; its lead (default: me) becomes a member with the lead role.

        Anyone may create a project, and leads it; making one for someone else to
        lead is for admins.
        """
        seen_by = parse_enum(Visibility, "visibility", visibility).value
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
            if s.scalar(sa.select(col(Project.id)).where(col(Project.key) == key)) is not None:
                raise Invalid("key", key, "a project with this key exists")
            lead_id = self._person_id(s, lead, "lead") if lead else self._me_id
            if lead_id == self._me_id:
                self._allow_own()
            elif not self._is_admin(s):
                raise NotAllowed(
                    "lead: only an admin makes a project for someone else to lead "
                    "(make it, then hand it over with mstui project edit KEY --lead LOGIN)"
                )
            else:
                self._allow(s, Permission.CHANGE_LEAD, None)
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
                visibility=seen_by,
                created_at=self.now(),
            )
            s.add(project)
            s.flush()
            assert project.id is not None and lead_id is not None
            s.add(ProjectMember(project_id=project.id, person_id=lead_id, role=Role.LEAD.value))
            self._log(s, "project", project.id, "create", new=key, project_id=project.id)
        return self.project(key)

    def project(self, key: str) -> ProjectView:
        """One project by key."""
        for view in self.list_projects(include_archived=True, keys=[key.strip().upper()]):
            return view
        raise Invalid("project", key, "no such project")

    def list_projects(
        self, include_archived: bool = True, keys: list[str] | None = None
    ) -> list[ProjectView]:
        """Projects by key, with counts of milestones and of those done."""
        with self.db.reading() as s:
            return project_views(self, s, include_archived, keys)

    def my_roles(self, include_archived: bool = False) -> dict[str, Role | None]:
        """My role in each project I may see, by key (None: not a member), without the
        counts `list_projects` adds (17 ms at 100,000 milestones, on every board load)."""
        mine = my_memberships(self)
        q = (
            sa.select(col(Project.key), mine.c.role)
            .outerjoin(mine, mine.c.pid == col(Project.id))
            .where(self._sees())
        )
        if not include_archived:
            q = q.where(col(Project.archived).is_(False))
        with self.db.reading() as s:
            return {
                key: stored(Role, role, Role.VIEWER) if role is not None else None
                for key, role in s.execute(q).all()
            }

    def set_project_archived(self, key: str, archived: bool) -> ProjectView:
        """Archive (hide from boards by default) or restore a project."""
        with self._write() as s:
            project = self._project(s, key)
            self._allow(s, Permission.MANAGE, project)
            if project.archived != archived:
                assert project.id is not None
                self._log(s, "project", project.id, "edit", field="archived",
                          old=project.archived, new=archived, project_id=project.id)  # fmt: skip
                project.archived = archived
                project.version += 1
        return self.project(key)

    def is_empty(self) -> bool:
        """Whether the database holds no projects and no milestones yet."""
        with self.db.reading() as s:
            return not s.scalar(sa.select(sa.func.count(col(Project.id))))

    def delete_project(self, key: str) -> None:
        """Delete a project with its milestones, tasks, targets and alerts.

        The activity log keeps the record that they existed.
        """
        with self._write() as s:
            project = self._project(s, key)
            self._allow(s, Permission.DELETE_PROJECT, project)
            pid = project.id
            mids = (
                sa.select(col(Milestone.id))
                .where(col(Milestone.project_id) == pid)
                .scalar_subquery()
            )
            s.execute(sa.delete(Alert).where(col(Alert.project_id) == pid))
            s.execute(sa.delete(Task).where(col(Task.project_id) == pid))
            s.execute(
                sa.update(Task).where(col(Task.milestone_id).in_(mids)).values(milestone_id=None)
            )
            shas = list(s.scalars(copied_files(col(Attachment.milestone_id).in_(mids))))
            s.execute(sa.delete(Attachment).where(col(Attachment.milestone_id).in_(mids)))
            s.execute(sa.delete(Milestone).where(col(Milestone.project_id) == pid))
            targets = sa.select(col(Target.id)).where(col(Target.project_id) == pid)
            s.execute(
                sa.update(Milestone)
                .where(col(Milestone.target_id).in_(targets.scalar_subquery()))
                .values(target_id=None)
            )
            s.execute(sa.delete(Target).where(col(Target.project_id) == pid))
            assert pid is not None
            self._log(s, "project", pid, "delete", old=project.key, project_id=pid)
            s.delete(project)
        sweep_unused(self.files_root(), self._cleanup, shas)

    # -- corrections ---------------------------------------------------------------------
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
                values[f"{field}_date"] = date_or_none(field, value)
            elif field == "budget":
                if isinstance(value, bool) or not isinstance(value, int | float | None):
                    raise Invalid("budget", value, "must be a number of 0 or more")
                values["budget"] = check_amount("budget", value)
            elif field == "timezone":
                values["timezone"] = check_timezone(text_or_none(value))
            elif field == "visibility":
                values["visibility"] = parse_enum(Visibility, "visibility", value).value
            elif field == "lead":
                if not isinstance(value, str) or not value.strip():
                    raise Invalid("lead", value or "", "a project needs a lead (a login)")
                values["lead"] = value
            else:  # department
                dept = text_or_none(value)
                values["department"] = (
                    None if dept is None else clean_field("department", dept, max_len=80)
                )
        with self._write() as s:
            project = s.scalar(sa.select(Project).where(col(Project.key) == key.strip().upper()))
            if project is None:
                raise NotFound("project", key)
            pid = project.id
            assert pid is not None
            if set(values) - {"lead"}:
                self._allow(s, Permission.MANAGE, project)
            if "lead" in values:
                self._allow(s, Permission.CHANGE_LEAD, project)
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
                    old, new = login_of(s, old), login_of(s, new)
                elif field == "department_id":
                    old, new = department_name(s, old), department_name(s, new)
                self._log(s, "project", pid, "edit", field=name, old=old, new=new, project_id=pid)
            if "lead_id" in changed:
                hand_over_lead(self, s, pid, project.lead_id, changed["lead_id"])
            if changed:
                self._versioned_update(s, Project, "project", pid, project.version, changed)
            final_key = project.key
        return self.project(final_key)

    # -- alert thresholds ------------------------------------------------------------------
    def base_thresholds(self) -> Thresholds:
        """The thresholds from the settings (before any project's overrides)."""
        return base_thresholds(self.settings)

    def project_thresholds(self, key: str) -> tuple[Thresholds, dict[str, Any]]:
        """A project's effective thresholds, and its own overrides (None: as in settings)."""
        with self.db.reading() as s:
            p = self._project(s, key)
            own = {name: getattr(p, name) for name in THRESHOLD_FIELDS}
        return base_thresholds(self.settings).overridden(**own), own

    def set_project_thresholds(self, key: str, **changes: Any) -> Thresholds:
        """Override (or with None, reset to the settings) a project's alert thresholds.

        Keys: due_soon_days, escalation_days, blocked_days (whole days ≥ 0) and
        review_cadence (monthly, quarterly or none).
        """
        for name, value in changes.items():
            if name not in THRESHOLD_FIELDS:
                raise Invalid("field", name, "is not an alert threshold")
            if value is None:
                continue
            if name == "review_cadence":
                if value not in REVIEW_CADENCES:
                    raise Invalid("review", value, "expected monthly, quarterly or none")
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
                raise Invalid(name.removesuffix("_days").replace("_", " "), value, "whole days")
        with self._write() as s:
            p = self._project(s, key)
            self._allow(s, Permission.MANAGE, p)
            assert p.id is not None
            for name, value in changes.items():
                old = getattr(p, name)
                if old != value:
                    self._log(
                        s, "project", p.id, "edit", field=name, old=old, new=value, project_id=p.id
                    )
                    setattr(p, name, value)
            p.version += 1
        return self.project_thresholds(key)[0]

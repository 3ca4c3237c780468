"""Where the acting person stands: their role in a project, admin or not, what they may see.

The rules are `mstui.domain.permissions`; this module reads what they need
from the database inside the caller's unit of work. `StoreBase._allow` is the
one entry for writes; `visible_projects` is the filter every listing applies.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Role, stored
from mstui.domain.permissions import Standing, Visibility
from mstui.store.tables import Person, Project, ProjectMember


def is_admin(s: Session, person_id: int | None, login: str, admins: tuple[str, ...]) -> bool:
    """An admin of the server: named in the server-wide settings, or marked in the database."""
    if login in admins:
        return True
    if person_id is None:
        return False
    return bool(s.scalar(sa.select(col(Person.is_admin)).where(col(Person.id) == person_id)))


def role_in(s: Session, person_id: int | None, project_id: int) -> Role | None:
    """`person_id`'s role in the project, None when they are not a member."""
    if person_id is None:
        return None
    found = s.scalar(
        sa.select(col(ProjectMember.role)).where(
            col(ProjectMember.project_id) == project_id, col(ProjectMember.person_id) == person_id
        )
    )
    return stored(Role, found, Role.VIEWER) if found is not None else None


def standing(s: Session, person_id: int | None, admin: bool, project: Project) -> Standing:
    """Where the person stands in `project`."""
    assert project.id is not None
    return Standing(
        role=role_in(s, person_id, project.id),
        admin=admin,
        project=project.key,
        visibility=Visibility(project.visibility),
    )


def leads_anything(s: Session, person_id: int | None) -> bool:
    """Whether the person leads at least one project (they may manage shared resources)."""
    if person_id is None:
        return False
    return (
        s.scalar(
            sa.select(col(ProjectMember.id))
            .where(col(ProjectMember.person_id) == person_id)
            .where(col(ProjectMember.role) == Role.LEAD.value)
            .limit(1)
        )
        is not None
    )


def visible_projects(login: str, admins: tuple[str, ...]) -> sa.ColumnElement[bool]:
    """A condition on `Project`: the projects `login` may see (team-wide, a member, or admin).

    Pure SQL on the login, so a listing needs no lookup of its own first.
    """
    if login in admins:
        return sa.true()
    me = sa.select(col(Person.id)).where(col(Person.login) == login).scalar_subquery()
    mine = sa.select(col(ProjectMember.project_id)).where(col(ProjectMember.person_id) == me)
    admin = sa.exists().where(col(Person.login) == login, col(Person.is_admin).is_(True))
    return sa.or_(
        col(Project.visibility) == Visibility.TEAM.value, col(Project.id).in_(mine), admin
    )


def visible_project_ids(login: str, admins: tuple[str, ...]) -> sa.Select[Any]:
    """The ids of the projects `login` may see, for `project_id IN (…)`."""
    return sa.select(col(Project.id)).where(visible_projects(login, admins))


def may_see(
    s: Session, person_id: int, login: str, admins: tuple[str, ...], project_id: int
) -> bool:
    """Whether the person may see the project (to be told about it)."""
    project = s.get(Project, project_id)
    if project is None:
        return False
    if project.visibility == Visibility.TEAM.value or role_in(s, person_id, project_id):
        return True
    return is_admin(s, person_id, login, admins)

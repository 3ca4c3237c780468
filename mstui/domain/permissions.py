"""Who may do what: the one table of permissions, and the refusal that names what is needed.

Pure: the store looks up the acting person's role in the project (and whether
they are an admin of the server) and asks `refusal`; a refusal is one line
such as ``needs editor on MKT (you are viewer)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mstui.domain.enums import Role

RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.LEAD: 3}
"""Each role includes the ones below it."""


class Visibility(StrEnum):
    """Who sees a project."""

    TEAM = "team"
    """Everyone on the server (the default)."""
    MEMBERS = "members"
    """Only its members, and the admins of the server (who may delete it)."""


class Permission(StrEnum):
    """What a write (or a read) needs. Every write of the store names one."""

    READ = "read"
    """See the project and its work: a member, or anyone when it is visible to the team."""
    COMMENT = "comment"
    """Comment on its milestones: viewer and above."""
    EDIT = "edit"
    """Milestones, tasks, dependencies, targets and their figures, files, bookings: editor."""
    MANAGE = "manage"
    """The project itself: details, members and roles, archive, thresholds: lead."""
    DELETE_PROJECT = "delete project"
    """Delete the project with everything in it: its lead, or an admin."""
    CHANGE_LEAD = "change lead"
    """Hand the project to another lead: its lead, or an admin."""
    MANAGE_PEOPLE = "manage people"
    """Other people's names, departments, department heads: an admin."""


NEEDS: dict[Permission, Role | None] = {
    Permission.READ: Role.VIEWER,
    Permission.COMMENT: Role.VIEWER,
    Permission.EDIT: Role.EDITOR,
    Permission.MANAGE: Role.LEAD,
    Permission.DELETE_PROJECT: Role.LEAD,
    Permission.CHANGE_LEAD: Role.LEAD,
    Permission.MANAGE_PEOPLE: None,
}
"""The least project role each permission needs (None: no project role is enough)."""

ADMIN_MAY = frozenset(
    {Permission.DELETE_PROJECT, Permission.CHANGE_LEAD, Permission.MANAGE_PEOPLE, Permission.READ}
)
"""What an admin of the server may do in any project, whatever their role there."""


@dataclass(frozen=True)
class Standing:
    """Where the acting person stands in one project (or on the server, `project` empty)."""

    role: Role | None
    """Their role in the project; None when they are not a member."""
    admin: bool = False
    project: str = ""
    """The project's key, for the message."""
    visibility: Visibility = Visibility.TEAM


def has_role(role: Role | None, least: Role) -> bool:
    """Whether `role` is `least` or above."""
    return role is not None and RANK[role] >= RANK[least]


def allowed(need: Permission, who: Standing) -> bool:
    """Whether `who` may do what `need` names."""
    if who.admin and need in ADMIN_MAY:
        return True
    if need is Permission.READ and who.visibility is Visibility.TEAM:
        return True
    least = NEEDS[need]
    return least is not None and has_role(who.role, least)


def refusal(need: Permission, who: Standing) -> str | None:
    """None when allowed; otherwise the one line that says what is needed.

    ``needs editor on MKT (you are viewer)``; ``needs an admin of this server``.
    """
    if allowed(need, who):
        return None
    least = NEEDS[need]
    if least is None:
        return f"{need.value} needs an admin of this server"
    you = f"you are {who.role.value}" if who.role is not None else "you are not a member"
    where = f" on {who.project}" if who.project else ""
    also = " or an admin" if need in ADMIN_MAY and need is not Permission.READ else ""
    return f"needs {least.value}{also}{where} ({you})"


def read_only_note(who: Standing) -> str:
    """What a screen or form says where `who` may only read: ``read-only: viewer on MKT``."""
    role = who.role.value if who.role is not None else "not a member"
    return f"read-only: {role} on {who.project}" if who.project else f"read-only: {role}"

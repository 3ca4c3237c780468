"""People and projects as the store hands them out (immutable, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mstui.domain.enums import Role
from mstui.domain.permissions import has_role
from mstui.views.base import iso


@dataclass(frozen=True)
class PersonView:
    id: int
    login: str
    name: str
    department: str | None
    is_department_head: bool
    timezone: str | None
    is_admin: bool = False
    """An admin of the server (in the database; the settings may name more)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "department": self.department,
            "is_department_head": self.is_department_head,
            "timezone": self.timezone,
            "is_admin": self.is_admin,
        }


@dataclass(frozen=True)
class ProjectView:
    id: int
    key: str
    name: str
    description: str
    department: str | None
    lead: str | None
    start: date | None
    end: date | None
    budget: float | None
    timezone: str
    archived: bool
    version: int
    milestones: int = 0
    done: int = 0
    visibility: str = "team"
    """"team" (everyone sees it) or "members" (its members only)."""
    my_role: Role | None = None
    """The acting person's role in it (None: not a member)."""

    def may(self, need: Role) -> bool:
        """Whether the acting person holds `need` or more here."""
        return has_role(self.my_role, need)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "department": self.department,
            "lead": self.lead,
            "start": iso(self.start),
            "end": iso(self.end),
            "budget": self.budget,
            "timezone": self.timezone,
            "archived": self.archived,
            "milestones": self.milestones,
            "done": self.done,
            "visibility": self.visibility,
            "my_role": self.my_role.value if self.my_role is not None else None,
        }


@dataclass(frozen=True)
class MemberView:
    """A person's role in a project."""

    login: str
    name: str
    role: Role

    def to_json(self) -> dict[str, Any]:
        return {"login": self.login, "name": self.name, "role": self.role.value}

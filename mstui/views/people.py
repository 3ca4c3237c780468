"""People and projects as the store hands them out (immutable, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mstui.views.base import iso


@dataclass(frozen=True)
class PersonView:
    id: int
    login: str
    name: str
    department: str | None
    is_department_head: bool
    timezone: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "department": self.department,
            "is_department_head": self.is_department_head,
            "timezone": self.timezone,
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
        }

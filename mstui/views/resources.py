"""Resources, their bookings and their conflicts as the store hands them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ResourceView:
    """A person or a piece of equipment with a daily capacity."""

    id: int
    name: str
    kind: str
    capacity: float
    person: str | None = None
    version: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "capacity": self.capacity,
            "person": self.person,
        }


@dataclass(frozen=True)
class BookingView:
    """A resource booked on a task or a milestone for a span of days."""

    id: int
    resource_id: int
    resource: str
    start: date
    end: date
    amount: float
    task_id: int | None
    task_title: str | None
    milestone_id: int | None
    """The milestone booked, or the one the booked task leads to."""
    milestone_title: str | None
    project: str | None

    @property
    def subject(self) -> str:
        """What it is booked on, in words: `task #4 Snag list` or `milestone #7 Permit`."""
        if self.task_id is not None:
            return f"task #{self.task_id} {self.task_title or ''}".strip()
        return f"milestone #{self.milestone_id} {self.milestone_title or ''}".strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource": self.resource,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "amount": self.amount,
            "task_id": self.task_id,
            "milestone_id": self.milestone_id,
            "project": self.project,
            "subject": self.subject,
        }


@dataclass(frozen=True)
class ConflictView:
    """A resource over capacity on some days, with the bookings that make it so."""

    resource_id: int
    resource: str
    kind: str
    capacity: float
    start: date
    end: date
    peak: float
    bookings: tuple[BookingView, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "kind": self.kind,
            "capacity": self.capacity,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "peak": self.peak,
            "bookings": [b.to_json() for b in self.bookings],
        }

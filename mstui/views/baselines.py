"""Baselines as the store hands them out: saved plans, plans rebuilt from the history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mstui.domain.baselines import PlanItem
from mstui.views.base import iso


@dataclass(frozen=True)
class BaselineSummary:
    """A saved baseline as `baseline list` shows it."""

    project: str
    name: str
    at: datetime
    by: str | None
    id: int
    milestones: int
    tasks: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "project": self.project,
            "name": self.name,
            "at": iso(self.at),
            "by": self.by,
            "milestones": self.milestones,
            "tasks": self.tasks,
        }


@dataclass(frozen=True)
class BaselineView:
    """A plan of a project: one someone saved (`id` set), or one rebuilt as of a moment."""

    project: str
    name: str
    at: datetime
    """When it was saved (or the moment it was rebuilt for)."""
    by: str | None
    items: tuple[PlanItem, ...] = ()
    id: int | None = None
    """None for a plan rebuilt from the history."""
    index: Mapping[tuple[str, int], PlanItem] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {i.key: i for i in self.items})

    @property
    def milestones(self) -> int:
        return sum(i.kind == "m" for i in self.items)

    @property
    def tasks(self) -> int:
        return sum(i.kind == "t" for i in self.items)

    @property
    def saved(self) -> bool:
        return self.id is not None

    def item(self, kind: str, item_id: int) -> PlanItem | None:
        """The baseline's milestone ("m") or task ("t"), if it has it."""
        return self.index.get((kind, item_id))

    def to_json(self, items: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "project": self.project,
            "name": self.name,
            "saved": self.saved,
            "at": iso(self.at),
            "by": self.by,
            "milestones": self.milestones,
            "tasks": self.tasks,
        }
        if items:
            out["items"] = [i.to_json() for i in self.items]
        return out

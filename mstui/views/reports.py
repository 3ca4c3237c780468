"""The dashboard as one store call hands it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mstui.domain.reports import BudgetRow, BurnUp, HealthCounts, total_health
from mstui.views.milestones import MilestoneView
from mstui.views.resources import ConflictView


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, gathered in one store call."""

    today: date
    by_project: tuple[HealthCounts, ...]
    by_owner: tuple[HealthCounts, ...]
    by_department: tuple[HealthCounts, ...]
    due_soon: tuple[MilestoneView, ...]
    overdue: tuple[MilestoneView, ...]
    budgets: tuple[BudgetRow, ...]
    conflicts: tuple[ConflictView, ...]
    burnups: dict[str, BurnUp] = field(default_factory=dict)
    """Per project key, and "" for all projects."""
    horizon_days: int = 14
    due_soon_total: int | None = None
    """How many are due in the next days in all (`due_soon` holds the first of them)."""
    overdue_total: int | None = None
    """How many are overdue in all (`overdue` holds the first of them)."""

    @property
    def due_soon_count(self) -> int:
        return len(self.due_soon) if self.due_soon_total is None else self.due_soon_total

    @property
    def overdue_count(self) -> int:
        return len(self.overdue) if self.overdue_total is None else self.overdue_total

    @property
    def all(self) -> HealthCounts:
        return total_health(self.by_project)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "by_project": [r.to_json() for r in self.by_project],
            "by_owner": [r.to_json() for r in self.by_owner],
            "by_department": [r.to_json() for r in self.by_department],
            "due_soon": [m.id for m in self.due_soon],
            "due_soon_total": self.due_soon_count,
            "overdue": [m.id for m in self.overdue],
            "overdue_total": self.overdue_count,
            "budgets": [b.to_json() for b in self.budgets],
            "conflicts": [c.to_json() for c in self.conflicts],
        }

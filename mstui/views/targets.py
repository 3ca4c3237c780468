"""Targets as the store hands them out: goal, checkpoints, figures and pace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mstui.domain.enums import Direction
from mstui.domain.numbers import amount, has_cents
from mstui.domain.targets import TargetState
from mstui.views.milestones import MilestoneView


@dataclass(frozen=True)
class MeasurementEntry:
    """One recorded figure of a target (the cumulative figure at the end of `date`)."""

    id: int
    date: date
    value: float
    note: str
    recorded_by: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "value": self.value,
            "note": self.note,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True)
class TargetView:
    id: int
    name: str
    unit: str
    goal: float
    start: date
    end: date
    direction: Direction
    cadence: str
    owner: str | None
    project: str | None
    timezone: str
    today: date
    state: TargetState
    measurements: tuple[tuple[date, float, str], ...]
    version: int
    entries: tuple[MeasurementEntry, ...] = ()
    """The measurements with their ids, by date then as recorded."""
    even: bool = True
    """Whether the checkpoints are the cadence's even split (False: set by hand)."""
    milestones: tuple[MilestoneView, ...] = ()
    """The target milestones linked to it (filled by `targets_overview`)."""

    @property
    def entity(self) -> str:
        """The table, as conflicts name it."""
        return "target"

    @property
    def status(self) -> str:
        """Against the checkpoints: `on_track`, `behind`, or `no_figure` (none recorded yet)."""
        if self.state.actual is None:
            return "no_figure"
        return "behind" if self.state.behind else "on_track"

    @property
    def cents(self) -> bool:
        """Whether figures are written with cents: only where the goal, a recorded figure
        or a checkpoint set by hand has them (an even split's 33,333.33 does not count)."""
        typed = [self.goal, *(e.value for e in self.entries)]
        if not self.even:
            typed += [c.expected for c in self.state.checkpoints]
        return has_cents(typed)

    def money(self, value: float | None, missing: str = "—") -> str:
        """`value` in this target's unit, with cents only if its figures have them."""
        return amount(value, self.unit, missing, cents=self.cents)

    @property
    def checkpoints(self) -> list[tuple[date, float]]:
        return [(c.date, c.expected) for c in self.state.checkpoints]

    def to_json(self) -> dict[str, Any]:
        st = self.state
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "goal": self.goal,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "direction": self.direction.value,
            "owner": self.owner,
            "project": self.project,
            "actual": st.actual,
            "expected_now": round(st.expected_now, 2),
            "pace": round(st.pace, 4) if st.pace is not None else None,
            "projection": round(st.projection, 2) if st.projection is not None else None,
            "status": self.status,
            "standing": st.standing.value,
            "checkpoints": [
                {
                    "date": c.date.isoformat(),
                    "expected": c.expected,
                    "actual": c.actual,
                    "missed": c.missed,
                    "result": c.result.value,
                }
                for c in st.checkpoints
            ],
            "will_make": st.will_make,
            "cadence": self.cadence,
            "split": "even" if self.even else "by hand",
            "measurements": [e.to_json() for e in self.entries],
            "milestones": [m.id for m in self.milestones],
            "version": self.version,
        }

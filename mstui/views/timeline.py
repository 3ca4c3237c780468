"""What the timeline store hands to the Timeline screen and the Gantt canvas.

Immutable, importable without SQLAlchemy. A project's
plan is one unit: its rows in order with projected dates, slack and the
critical path, its dependencies, and its resource conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mstui.domain.enums import Health

Key = tuple[str, int]
"""("m", milestone id), ("t", task id), or ("g", project id) for the heading of
the tasks without a milestone."""


@dataclass(frozen=True)
class TimelineProject:
    """A project as the timeline lists it, before its plan is loaded."""

    id: int
    key: str
    name: str
    timezone: str
    start: date | None
    end: date | None
    milestones: int
    tasks: int
    unlinked: int
    """Tasks without a milestone."""
    first: date | None
    last: date | None

    @property
    def item_rows(self) -> int:
        """Rows the project takes under its heading when unfolded."""
        return self.milestones + self.tasks + (1 if self.unlinked else 0)


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a project's plan: a milestone, a task, or a heading."""

    kind: str
    """"m" milestone, "t" task, "g" heading of the tasks without a milestone."""
    id: int
    title: str
    who: str = ""
    """Owner of a milestone, assignee of a task ("" when nobody)."""
    health: Health = Health.ON_TRACK
    status: str = ""
    start: date | None = None
    end: date | None = None
    projected_start: date | None = None
    projected_end: date | None = None
    slack: int | None = None
    critical: bool = False
    milestone_id: int | None = None
    """A task's milestone."""
    derived: bool = False
    """A milestone whose date comes from its tasks."""
    version: int = 0
    reasons: tuple[str, ...] = ()

    @property
    def key(self) -> Key:
        return (self.kind, self.id)


@dataclass(frozen=True)
class OtherMilestone:
    """A milestone of another project that one of this plan's milestones depends on
    (or that depends on one of them)."""

    id: int
    project: str
    title: str
    due: date
    status: str


@dataclass(frozen=True)
class Overbooked:
    """An item booked on `resource` over its capacity, with the others booked then."""

    resource: str
    capacity: float
    load: float
    first: date
    last: date
    others: tuple[str, ...]
    """The other items booked then, as "#id title"."""


@dataclass(frozen=True, eq=False)
class ProjectPlan:
    """A project's rows, schedule, dependencies and conflicts, computed together."""

    project: TimelineProject
    today: date
    rows: tuple[PlanRow, ...]
    preds: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    """Milestone id → the milestones it depends on (any project)."""
    succs: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    """Milestone id → the milestones that depend on it (any project)."""
    other: Mapping[int, OtherMilestone] = field(default_factory=dict)
    path: tuple[Key, ...] = ()
    """The critical path, first item to last."""
    planned_end: date | None = None
    projected_end: date | None = None
    overbooked: Mapping[Key, tuple[Overbooked, ...]] = field(default_factory=dict)
    index: Mapping[Key, int] = field(default_factory=dict)
    """Row position of each item (filled in by `__post_init__`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {row.key: i for i, row in enumerate(self.rows)})

    def same_as(self, other: ProjectPlan) -> bool:
        """Whether `other` shows exactly what this plan shows (a plan read again after
        a change elsewhere is most often the same)."""
        return (
            self.project == other.project
            and self.today == other.today
            and self.planned_end == other.planned_end
            and self.projected_end == other.projected_end
            and self.path == other.path
            and self.rows == other.rows
            and self.preds == other.preds
            and self.succs == other.succs
            and self.other == other.other
            and self.overbooked == other.overbooked
        )

    def row(self, key: Key) -> PlanRow | None:
        """The row of an item of this plan, if it is one."""
        i = self.index.get(key)
        return None if i is None else self.rows[i]

    def milestone(self, mid: int) -> tuple[str, date | None, str]:
        """(title, due, project key) of a milestone of this plan or one it links to."""
        row = self.row(("m", mid))
        if row is not None:
            return row.title, row.end, self.project.key
        other = self.other.get(mid)
        if other is not None:
            return other.title, other.due, other.project
        return f"#{mid}", None, ""


@dataclass(frozen=True)
class Shifted:
    """What a move on the timeline did."""

    kind: str
    id: int
    title: str
    version: int
    """The item's version after the move (an undo expects it)."""
    days: int
    old_start: date
    old_end: date
    new_start: date
    new_end: date
    moved: int = 1
    """Items moved (a milestone whose date comes from its tasks moves them)."""

    @property
    def entity(self) -> str:
        """The table of the item moved, as conflicts name it."""
        return "milestone" if self.kind == "m" else "task"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "milestone" if self.kind == "m" else "task",
            "id": self.id,
            "title": self.title,
            "days": self.days,
            "start": self.new_start.isoformat(),
            "end": self.new_end.isoformat(),
            "moved": self.moved,
            "version": self.version,
        }

"""The dashboard's figures: traffic-light counts, budgets, the burn-up.

Pure: values in, values out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from mstui.domain.enums import Health

COUNTED = (Health.ON_TRACK, Health.AT_RISK, Health.OVERDUE, Health.DONE)


class Costed(Protocol):
    """What a budget line needs of a milestone."""

    @property
    def health(self) -> Health: ...
    @property
    def cost_estimate(self) -> float | None: ...
    @property
    def cost_actual(self) -> float | None: ...
    @property
    def effort_estimate(self) -> float | None: ...
    @property
    def effort_actual(self) -> float | None: ...


@dataclass(frozen=True)
class HealthCounts:
    """How many milestones of one group (a project, an owner, a department) show each light."""

    kind: str
    """"project", "owner", "department", or "all"."""
    key: str
    """What the board filters on: the project key, the login, the department name ("" for all)."""
    label: str
    on_track: int = 0
    at_risk: int = 0
    overdue: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.overdue + self.done

    def count(self, health: Health) -> int:
        return int(getattr(self, health.value, 0))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "on_track": self.on_track,
            "at_risk": self.at_risk,
            "overdue": self.overdue,
            "done": self.done,
        }


def count_health(kind: str, items: Iterable[tuple[str, str, Health]]) -> list[HealthCounts]:
    """Counts per group from (key, label, health); cancelled ones are left out.

    Sorted with the most overdue first, then at risk, then by label.
    """
    return add_health(kind, ((key, label, health, 1) for key, label, health in items))


_COUNTED_VALUES = tuple(h.value for h in COUNTED)


def add_health(kind: str, items: Iterable[tuple[str, str, Health, int]]) -> list[HealthCounts]:
    """`count_health` from (key, label, health, how many): counts a database added up."""
    tallies: dict[str, dict[str, Any]] = {}
    for key, label, health, n in items:
        if health not in COUNTED:
            continue
        row = tallies.get(key)
        if row is None:
            row = tallies[key] = {"label": label, **dict.fromkeys(_COUNTED_VALUES, 0)}
        row[health.value] += n
    rows = [HealthCounts(kind, key, **row) for key, row in tallies.items()]
    return sorted(rows, key=lambda r: (-r.overdue, -r.at_risk, r.label.lower(), r.key))


def total_health(rows: Sequence[HealthCounts], label: str = "All projects") -> HealthCounts:
    """One row that adds up `rows`."""
    return HealthCounts(
        "all",
        "",
        label,
        on_track=sum(r.on_track for r in rows),
        at_risk=sum(r.at_risk for r in rows),
        overdue=sum(r.overdue for r in rows),
        done=sum(r.done for r in rows),
    )


@dataclass(frozen=True)
class BudgetRow:
    """Cost and effort of a project's milestones: estimate, actual and the variance.

    The variance compares the actuals with the estimates *of the same
    milestones* (those with an actual recorded), so work not yet reported does
    not look like savings. Positive: over the estimate.
    """

    project: str
    name: str
    budget: float | None
    cost_estimate: float
    cost_actual: float
    cost_variance: float | None
    effort_estimate: float
    effort_actual: float
    effort_variance: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "name": self.name,
            "budget": self.budget,
            "cost_estimate": self.cost_estimate,
            "cost_actual": self.cost_actual,
            "cost_variance": self.cost_variance,
            "effort_estimate": self.effort_estimate,
            "effort_actual": self.effort_actual,
            "effort_variance": self.effort_variance,
        }


def _variance(pairs: Sequence[tuple[float | None, float | None]]) -> float | None:
    reported = [(est or 0.0, act) for est, act in pairs if act is not None]
    if not reported:
        return None
    return round(sum(act for _, act in reported) - sum(est for est, _ in reported), 6)


def budget_row(
    project: str, name: str, budget: float | None, milestones: Sequence[Costed]
) -> BudgetRow:
    """The budget line of one project from its milestones (cancelled ones left out)."""
    live = [m for m in milestones if m.health is not Health.CANCELLED]
    return BudgetRow(
        project=project,
        name=name,
        budget=budget,
        cost_estimate=sum(m.cost_estimate or 0.0 for m in live),
        cost_actual=sum(m.cost_actual or 0.0 for m in live),
        cost_variance=_variance([(m.cost_estimate, m.cost_actual) for m in live]),
        effort_estimate=sum(m.effort_estimate or 0.0 for m in live),
        effort_actual=sum(m.effort_actual or 0.0 for m in live),
        effort_variance=_variance([(m.effort_estimate, m.effort_actual) for m in live]),
    )


@dataclass(frozen=True)
class BurnUp:
    """Milestones planned (due by each day) and completed (done by each day), cumulative."""

    days: tuple[date, ...]
    planned: tuple[int, ...]
    done: tuple[int | None, ...]
    """None after today: the future has no completions yet."""
    today: date

    @property
    def total(self) -> int:
        return self.planned[-1] if self.planned else 0


def burnup(
    items: Sequence[tuple[date, date | None]],
    today: date,
    start: date | None = None,
    end: date | None = None,
    max_points: int = 200,
) -> BurnUp:
    """The burn-up of milestones given as (due, completed on or None).

    The span runs from `start` (default: the earliest date given) to `end`
    (default: the latest due, and at least today), in steps of whole days
    chosen so that at most `max_points` points are made; the last point is
    always the end.
    """
    return burnup_counted(
        Counter(d for d, _ in items),
        Counter(c for _, c in items if c is not None),
        today,
        start,
        end,
        max_points,
    )


def burnup_counted(
    dues: Mapping[date, int],
    completions: Mapping[date, int],
    today: date,
    start: date | None = None,
    end: date | None = None,
    max_points: int = 200,
) -> BurnUp:
    """`burnup` from how many milestones are due and how many were done on each day."""
    if not dues:
        return BurnUp((), (), (), today)
    first = start or min([*dues, *completions])
    last = end or max(max(dues), today)
    first = min(first, last)
    span = (last - first).days
    step = max(1, math.ceil((span + 1) / max_points))
    days = [first + timedelta(days=i) for i in range(0, span + 1, step)]
    if days[-1] != last:
        days.append(last)
    planned = tuple(_cumulative(dues, days))
    done = tuple(
        n if d <= today else None for d, n in zip(days, _cumulative(completions, days), strict=True)
    )
    return BurnUp(tuple(days), planned, done, today)


def _cumulative(counts: Mapping[date, int], days: Sequence[date]) -> list[int]:
    """How many of `counts` fall on or before each of `days` (in order)."""
    out, total, ordered, i = [], 0, sorted(counts.items()), 0
    for day in days:
        while i < len(ordered) and ordered[i][0] <= day:
            total += ordered[i][1]
            i += 1
        out.append(total)
    return out

"""The traffic light of a milestone: one pure function of plain facts and `now`.

Rules, in order (the first that applies wins):

1. done → `done`; cancelled → `cancelled`.
2. due date passed (in the project's timezone) → `overdue` (red).
3. `at_risk` (amber) when any of: blocked; due within `due_soon_days` (today
   counts); a predecessor not done is projected to end after this due date; a
   linked task not done is projected to end after it; the KPI is behind pace;
   the linked target is behind pace. Something not done whose date has passed
   is projected to end today, not on its stale date.
4. otherwise `on_track` (green).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from mstui.domain.dates import today_in
from mstui.domain.enums import Health, Status

_today = lru_cache(maxsize=256)(today_in)
"""`today_in`, remembered: a listing asks it for every milestone at the same `now`."""


@dataclass(frozen=True)
class HealthRules:
    """Thresholds from settings (per-project overrides come in through here)."""

    due_soon_days: int = 3
    kpi_pace_tolerance: float = 0.05


@dataclass(frozen=True)
class HealthFacts:
    """What health needs to know about one milestone."""

    status: Status
    due: date
    timezone: str = "UTC"
    predecessor_dates: Sequence[tuple[str, date]] = ()
    """(title, projected date) of each predecessor that is not done."""
    task_ends: Sequence[tuple[str, date]] = ()
    """(title, end) of each linked task that is not done."""
    kpi_target: float | None = None
    kpi_actual: float | None = None
    kpi_since: date | None = None
    """When KPI progress started counting (project start or creation)."""
    target_behind: bool = False


@dataclass(frozen=True)
class Assessment:
    """A health and the reasons for it, in words a person reads in the detail."""

    health: Health
    reasons: tuple[str, ...] = field(default=())


def projected(end: date, today: date) -> date:
    """When something not done will end at the earliest: its date, or today if passed."""
    return max(end, today)


def kpi_behind(
    target: float | None,
    actual: float | None,
    since: date | None,
    due: date,
    today: date,
    tolerance: float,
) -> bool:
    """Whether a KPI is behind a straight line from 0 at `since` to `target` at `due`."""
    if target is None or actual is None or since is None or due <= since or today <= since:
        return False  # no figure recorded yet is not "behind"
    elapsed = min((today - since).days, (due - since).days) / (due - since).days
    expected = target * elapsed
    return actual < expected * (1 - tolerance)


def assess(facts: HealthFacts, now: datetime, rules: HealthRules | None = None) -> Assessment:
    """The health of a milestone at `now`, with the reasons behind it."""
    rules = rules or HealthRules()
    if facts.status is Status.DONE:
        return Assessment(Health.DONE)
    if facts.status is Status.CANCELLED:
        return Assessment(Health.CANCELLED)
    today = _today(facts.timezone, now)
    days_left = (facts.due - today).days
    if days_left < 0:
        return Assessment(Health.OVERDUE, (f"due {facts.due.isoformat()}, {-days_left}d ago",))
    reasons: list[str] = []
    if facts.status is Status.BLOCKED:
        reasons.append("blocked")
    if days_left <= rules.due_soon_days:
        reasons.append("due today" if days_left == 0 else f"due in {days_left}d")
    for title, when in facts.predecessor_dates:
        if projected(when, today) > facts.due:
            reasons.append(f"depends on {title}, projected {projected(when, today).isoformat()}")
    for title, end in facts.task_ends:
        if projected(end, today) > facts.due:
            name = f"task {title}" if title else "a task"
            reasons.append(f"{name} is projected to end {projected(end, today).isoformat()}")
    if kpi_behind(
        facts.kpi_target,
        facts.kpi_actual,
        facts.kpi_since,
        facts.due,
        today,
        rules.kpi_pace_tolerance,
    ):
        reasons.append("KPI behind pace")
    if facts.target_behind:
        reasons.append("target behind pace")
    if reasons:
        return Assessment(Health.AT_RISK, tuple(reasons))
    return Assessment(Health.ON_TRACK)


def health(facts: HealthFacts, now: datetime, rules: HealthRules | None = None) -> Health:
    """Just the traffic light of `assess`."""
    return assess(facts, now, rules).health

"""The dashboard's figures from aggregate queries: a cost that follows the number of
projects and dates on the screen, not the number of milestones in the database.

Health is judged in SQL where the rules (mstui/domain/health.py) need only a
milestone's own row: its status, its due date against its project's today and
"due soon" threshold, an open task ending after the due date, a linked target
behind pace. A milestone SQL cannot judge exactly goes through `milestone_views`,
the path every screen's milestones take, so the lights agree everywhere: one with
an open predecessor (judged through the dependency chain), a KPI with a figure
(judged against its pace), or a stored due date mstui cannot read. On a team's
database those are a few; the rest are counted by the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain import bounds
from mstui.domain.bounds import DATE_MAX, DATE_MIN
from mstui.domain.dates import UTC_NAMES, today_in, zone_name
from mstui.domain.enums import Health, Status
from mstui.store.base import StoreBase, pk
from mstui.store.milestone_reads import MilestoneFilter, Query, milestone_query
from mstui.store.tables import Milestone, MilestoneDependency, Project, Task

CLOSED = (Status.DONE.value, Status.CANCELLED.value)


@dataclass(frozen=True)
class ProjectDay:
    """One open project's calendar at `now`: its today, the last day that counts as
    due soon, the last day of the dashboard's "next days", and its timezone."""

    pid: int
    today: date
    soon: date
    horizon: date
    zone: str


def _plus(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def project_days(st: StoreBase, s: Session, horizon_days: int) -> list[ProjectDay]:
    """The calendars of the open projects the acting person may see."""
    now = st.now()
    base = st.health_rules.due_soon_days
    rows = s.execute(
        sa.select(pk(Project.id), col(Project.timezone), col(Project.due_soon_days)).where(
            st._sees(), col(Project.archived).is_(False)
        )
    ).all()
    out = []
    for pid, tz, soon in rows:
        zone = tz or st.settings.timezone
        today = today_in(zone, now)
        out.append(
            ProjectDay(
                pid=pid,
                today=today,
                soon=_plus(today, base if soon is None else soon),
                horizon=_plus(today, horizon_days),
                zone=zone_name(zone),
            )
        )
    return out


def by_project(
    days: list[ProjectDay], attr: str, column: Any, type_: Any = None
) -> sa.ColumnElement[Any]:
    """`attr` of each milestone's project, as SQL: a CASE over the few distinct values
    (most projects share a timezone and a threshold), each with its projects' ids."""
    groups: dict[Any, list[int]] = {}
    for d in days:
        groups.setdefault(getattr(d, attr), []).append(d.pid)
    values = list(groups.items())
    last = sa.literal(values[-1][0], type_)
    if len(values) == 1:
        return last
    return sa.case(*[(column.in_(ids), sa.literal(v, type_)) for v, ids in values[:-1]], else_=last)


def valid_date(s: Session, column: Any) -> sa.ColumnElement[bool]:
    """Whether a stored date is one mstui reads as itself (see `BoundedDate`)."""
    low, high = sa.literal(DATE_MIN, sa.Date), sa.literal(DATE_MAX, sa.Date)
    if s.get_bind().dialect.name == "sqlite":
        # Text in SQLite: another program may have stored anything.
        return sa.and_(sa.func.date(column) == column, column >= low, column <= high)
    return sa.and_(column >= low, column <= high)


@dataclass(frozen=True)
class Judged:
    """The pieces of a query that judge health: `complex_` picks the milestones left to
    `milestone_views`; `health` is the light of every other one."""

    base: Query
    cols: Any
    today: sa.ColumnElement[Any]
    complex_: sa.ColumnElement[bool]
    health: sa.ColumnElement[str]


def judged(st: StoreBase, s: Session, days: list[ProjectDay], behind: set[int]) -> Judged:
    """The open projects' milestones the acting person sees, with health in SQL."""
    base = milestone_query(MilestoneFilter(include_archived=False), st._sees())
    c = base.selected_columns
    today = by_project(days, "today", c.project_id, sa.Date)
    soon = by_project(days, "soon", c.project_id, sa.Date)
    pred = aliased(Milestone)
    open_pred = (
        sa.exists()
        .where(
            col(MilestoneDependency.successor_id) == c.id,
            col(pred.id) == col(MilestoneDependency.predecessor_id),
            col(pred.status).not_in(CLOSED),
        )
        .correlate_except(MilestoneDependency, pred)
    )
    complex_ = sa.and_(
        c.status.not_in(CLOSED),
        sa.or_(
            open_pred,
            sa.and_(c.kpi_target.is_not(None), c.kpi_actual.is_not(None)),
            sa.not_(valid_date(s, c.due)),
        ),
    )
    late_task = (
        sa.exists()
        .where(
            col(Task.milestone_id) == c.id,
            col(Task.status) != "done",
            col(Task.end_date) > c.due,
            valid_date(s, col(Task.end_date)),
        )
        .correlate_except(Task)
    )
    whens: list[tuple[Any, str]] = [
        (c.status == Status.DONE.value, Health.DONE.value),
        (c.status == Status.CANCELLED.value, Health.CANCELLED.value),
        (c.due < today, Health.OVERDUE.value),
        (c.status == Status.BLOCKED.value, Health.AT_RISK.value),
        (c.due <= soon, Health.AT_RISK.value),
    ]
    if behind:
        whens.append((c.target_id.in_(sorted(behind)), Health.AT_RISK.value))
    whens.append((late_task, Health.AT_RISK.value))
    health = sa.case(*whens, else_=Health.ON_TRACK.value)
    return Judged(base, c, today, complex_, health)


def linked_targets(st: StoreBase, s: Session) -> set[int]:
    """The targets the open projects' open milestones are linked to."""
    base = milestone_query(MilestoneFilter(include_archived=False), st._sees())
    c = base.selected_columns
    q = (
        base.with_only_columns(c.target_id)
        .where(c.target_id.is_not(None), c.status.not_in(CLOSED))
        .distinct()
    )
    return {tid for (tid,) in s.execute(q).all()}


def health_groups(j: Judged, s: Session) -> Iterable[tuple[str, str, str | None, str, int]]:
    """(project key, owner login, department, health, how many) of the milestones SQL
    judges."""
    c = j.cols
    q = (
        j.base.with_only_columns(c.p_key, c.o_login, c.o_dept, j.health, sa.func.count())
        .where(sa.not_(j.complex_))
        .group_by(c.p_key, c.o_login, c.o_dept, j.health)
    )
    for key, login, dept, health, n in s.connection().execute(q):
        yield key, login, dept, health, int(n)


def local_day(
    s: Session, days: list[ProjectDay], project_id: Any, stamp: Any
) -> sa.ColumnElement[Any]:
    """The calendar day of a UTC timestamp column on each milestone's project's clocks,
    as the database gives it (read it with `read_day`). SQLite keeps the UTC wall time
    as text: its first ten characters where every project keeps UTC, else
    `mstui.domain.dates.local_day_text` (registered on every connection)."""
    if s.get_bind().dialect.name == "sqlite":
        if all(d.zone in UTC_NAMES for d in days):
            return sa.func.substr(stamp, 1, 10)
        return sa.func.mstui_local_day(stamp, by_project(days, "zone", project_id, sa.String))
    zone = by_project(days, "zone", project_id, sa.String)
    return sa.cast(sa.func.timezone(zone, stamp), sa.Date)


@lru_cache(maxsize=4096)
def _day_text(text: str) -> date:
    try:
        return bounds.stored_date(date.fromisoformat(text))
    except ValueError:
        return bounds.UNREADABLE_DATE


def read_day(value: object) -> date:
    """A day as the database returned it (a date, or ISO text from SQLite), read as
    `BoundedDate` reads one: a day mstui cannot use is an `UnreadableDate`."""
    if isinstance(value, date):
        return bounds.stored_date(value)
    return _day_text(str(value))

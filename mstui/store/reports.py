"""The dashboard: health by project, owner and department, what is due, budgets,
burn-ups and resource conflicts, for the open (not archived) projects.

Counted by the database (store/dashboard_sql.py): what the dashboard costs follows
its projects and dates, not how many milestones exist. The lists of what is due and
overdue hold their first `LIST_LIMIT` rows and say how many there are in all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from mstui.domain.enums import Health, Status
from mstui.domain.reports import BudgetRow, BurnUp, add_health, burnup_counted
from mstui.store.base import StoreBase
from mstui.store.bookings import resource_conflicts_in
from mstui.store.dashboard_sql import (
    CLOSED,
    Judged,
    ProjectDay,
    by_project,
    health_groups,
    judged,
    linked_targets,
    local_day,
    project_days,
    read_day,
    valid_date,
)
from mstui.store.milestone_reads import milestone_views
from mstui.store.projects import project_views
from mstui.store.tables import Milestone
from mstui.store.target_reads import targets_behind
from mstui.views.milestones import MilestoneView
from mstui.views.people import ProjectView
from mstui.views.reports import Dashboard

HORIZON_DAYS = 14
"""How far ahead the dashboard's "next days" list looks."""
LIST_LIMIT = 100
"""How many rows the dashboard's lists of what is due and overdue hold."""

Tally = tuple[str, str, str | None, Health, int]


class ReportPart(StoreBase):
    """The query behind the Dashboard screen."""

    def dashboard(self, horizon_days: int = HORIZON_DAYS, limit: int = LIST_LIMIT) -> Dashboard:
        """Everything the dashboard shows, for the open (not archived) projects."""
        today = self.today()
        with self.db.reading() as s:
            projects = project_views(self, s, include_archived=False)
            conflicts = resource_conflicts_in(s, since=today)
            days = project_days(self, s, horizon_days)
            if not days:
                empty = {"": BurnUp((), (), (), today)}
                return Dashboard(
                    today, (), (), (), (), (), (), tuple(conflicts), empty, horizon_days
                )
            behind = targets_behind(self, s, linked_targets(self, s))
            j = judged(self, s, days, behind)
            tallies = self._tallies(s, j)
            due_soon, soon_total = self._due_soon(s, j, days, limit)
            overdue, overdue_total = self._overdue(s, j, limit)
            budgets = _budgets(s, j, projects)
            burnups = _burnups(s, days, projects, today)
        names = {p.key: p.name for p in projects}
        project_rows = [
            replace(r, label=f"{r.key} {names.get(r.key, '')}".strip())
            for r in add_health("project", ((k, k, h, n) for k, _, _, h, n in tallies))
        ]
        return Dashboard(
            today=today,
            by_project=tuple(project_rows),
            by_owner=tuple(add_health("owner", ((o, o, h, n) for _, o, _, h, n in tallies))),
            by_department=tuple(
                add_health(
                    "department",
                    ((d or "", d or "(no department)", h, n) for _, _, d, h, n in tallies),
                )
            ),
            due_soon=tuple(due_soon),
            overdue=tuple(overdue),
            budgets=tuple(budgets),
            conflicts=tuple(conflicts),
            burnups=burnups,
            horizon_days=horizon_days,
            due_soon_total=soon_total,
            overdue_total=overdue_total,
        )

    def _tallies(self, s: Session, j: Judged) -> list[Tally]:
        """Health counts by project, owner and department: SQL's, plus those of the
        milestones judged one by one."""
        out: list[Tally] = [
            (key, login, dept, Health(health), n)
            for key, login, dept, health, n in health_groups(j, s)
        ]
        rows = s.connection().execute(j.base.where(j.complex_)).all()
        one_by_one = Counter(
            (m.project, m.owner, m.department, m.health) for m in milestone_views(self, s, rows)
        )
        out.extend((k, o, d, h, n) for (k, o, d, h), n in one_by_one.items())
        return out

    def _due_soon(
        self, s: Session, j: Judged, days: list[ProjectDay], limit: int
    ) -> tuple[list[MilestoneView], int]:
        """The first open milestones due from today to the horizon, and how many in all."""
        c = j.cols
        horizon = by_project(days, "horizon", c.project_id, sa.Date)
        q = j.base.where(c.status.not_in(CLOSED), c.due >= j.today, c.due <= horizon)
        return self._first(s, q, limit)

    def _overdue(self, s: Session, j: Judged, limit: int) -> tuple[list[MilestoneView], int]:
        """The first open milestones past their due date, and how many in all."""
        c = j.cols
        late = sa.or_(c.due < j.today, sa.not_(valid_date(s, c.due)))
        return self._first(s, j.base.where(c.status.not_in(CLOSED), late), limit)

    def _first(self, s: Session, q: sa.Select, limit: int) -> tuple[list[MilestoneView], int]:
        c = q.selected_columns
        total = s.scalar(q.with_only_columns(sa.func.count()).order_by(None)) or 0
        rows = s.connection().execute(q.order_by(c.due, c.id).limit(limit)).all()
        views = milestone_views(self, s, rows)
        return sorted(views, key=lambda m: (m.due, m.id)), int(total)


def _budgets(s: Session, j: Judged, projects: list[ProjectView]) -> list[BudgetRow]:
    """Cost and effort of each project's live (not cancelled) milestones."""
    c = j.cols

    def sums(est: sa.ColumnElement[float], act: sa.ColumnElement[float]) -> list[object]:
        reported = sa.case((act.is_not(None), sa.func.coalesce(est, 0.0)), else_=0.0)
        return [
            sa.func.coalesce(sa.func.sum(est), 0.0),
            sa.func.coalesce(sa.func.sum(act), 0.0),
            sa.func.sum(reported),
            sa.func.count(act),
        ]

    q = (
        j.base.with_only_columns(
            c.p_key,
            *sums(c.cost_estimate, c.cost_actual),
            *sums(c.effort_estimate, c.effort_actual),
        )
        .where(c.status != Status.CANCELLED.value)
        .group_by(c.p_key)
    )
    found = {row[0]: row[1:] for row in s.connection().execute(q)}
    out = []
    for p in projects:
        ce, ca, cr, cn, ee, ea, er, en = found.get(p.key, (0.0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 0))
        out.append(
            BudgetRow(
                project=p.key,
                name=p.name,
                budget=p.budget,
                cost_estimate=float(ce),
                cost_actual=float(ca),
                cost_variance=round(float(ca) - float(cr), 6) if cn else None,
                effort_estimate=float(ee),
                effort_actual=float(ea),
                effort_variance=round(float(ea) - float(er), 6) if en else None,
            )
        )
    return out


def _burnups(
    s: Session, days: list[ProjectDay], projects: list[ProjectView], today: date
) -> dict[str, BurnUp]:
    """Burn-ups per project key and of all (""): milestones due, and done, by day.

    Read from the milestone table alone and kept for the projects in `days` (the
    open ones the acting person sees): joined to the projects and people, SQLite
    took ten times as long to count the same rows.
    """
    m = Milestone.__table__.c  # type: ignore[attr-defined]
    keys = {p.id: p.key for p in projects}
    seen = {d.pid for d in days}
    dues: dict[str, Counter[date]] = defaultdict(Counter)
    done: dict[str, Counter[date]] = defaultdict(Counter)
    live = m.status != Status.CANCELLED.value
    # Days come back as the database holds them and are read once per distinct day
    # (tens of thousands of (project, day) groups at 100,000 milestones).
    raw_due = sa.type_coerce(m.due, sa.String)
    q_due = sa.select(m.project_id, raw_due, sa.func.count()).where(live)
    for pid, due, n in s.connection().execute(q_due.group_by(m.project_id, raw_due)):
        if pid in seen and pid in keys:
            dues[keys[pid]][read_day(due)] += int(n)
    day = local_day(s, days, m.project_id, m.completed_at)
    q_done = sa.select(m.project_id, day, sa.func.count()).where(
        live, m.status == Status.DONE.value, m.completed_at.is_not(None)
    )
    for pid, when, n in s.connection().execute(q_done.group_by(m.project_id, day)):
        if when is not None and pid in seen and pid in keys:
            done[keys[pid]][read_day(when)] += int(n)
    out: dict[str, BurnUp] = {
        p.key: burnup_counted(
            dues[p.key], done[p.key], today, start=p.start, end=max(p.end, today) if p.end else None
        )
        for p in projects
        if p.milestones
    }
    out[""] = burnup_counted(sum(dues.values(), Counter()), sum(done.values(), Counter()), today)
    return out

"""The dashboard: health by project, owner and department, what is due, budgets,
burn-ups and resource conflicts, for the open (not archived) projects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from mstui.domain.dates import today_in
from mstui.domain.enums import Health
from mstui.domain.reports import budget_row, burnup, count_health
from mstui.store.base import StoreBase
from mstui.store.bookings import resource_conflicts_in
from mstui.store.milestone_reads import MilestoneFilter, milestones_matching
from mstui.store.projects import project_views
from mstui.views.milestones import MilestoneView
from mstui.views.reports import Dashboard

HORIZON_DAYS = 14
"""How far ahead the dashboard's "next days" list looks."""


class ReportPart(StoreBase):
    """The query behind the Dashboard screen."""

    def dashboard(self, horizon_days: int = HORIZON_DAYS) -> Dashboard:
        """Everything the dashboard shows, for the open (not archived) projects."""
        now = self.now()
        today = self.today()
        with self.db.reading() as s:
            views = milestones_matching(self, s, MilestoneFilter(include_archived=False))
            projects = project_views(self, s, include_archived=False)
            conflicts = resource_conflicts_in(s, since=today)
        by_project = count_health(
            "project",
            ((m.project, m.project, m.health) for m in views),
        )
        names = {p.key: p.name for p in projects}
        by_project = [
            replace(r, label=f"{r.key} {names.get(r.key, '')}".strip()) for r in by_project
        ]
        by_owner = count_health("owner", ((m.owner, m.owner, m.health) for m in views))
        by_department = count_health(
            "department",
            ((m.department or "", m.department or "(no department)", m.health) for m in views),
        )
        todays: dict[str, date] = {}

        def local_today(m: MilestoneView) -> date:
            if m.timezone not in todays:
                todays[m.timezone] = today_in(m.timezone, now)
            return todays[m.timezone]

        due_soon = sorted(
            (
                m
                for m in views
                if not m.status.closed
                and m.health is not Health.OVERDUE
                and 0 <= (m.due - local_today(m)).days <= horizon_days
            ),
            key=lambda m: (m.due, m.id),
        )
        overdue = sorted(
            (m for m in views if m.health is Health.OVERDUE), key=lambda m: (m.due, m.id)
        )
        per_project: dict[str, list[MilestoneView]] = defaultdict(list)
        for m in views:
            per_project[m.project].append(m)
        budgets = [budget_row(p.key, p.name, p.budget, per_project[p.key]) for p in projects]
        burnups = {
            p.key: burnup(
                _burn_items(per_project[p.key]),
                today,
                start=p.start,
                end=max(p.end, today) if p.end else None,
            )
            for p in projects
            if per_project[p.key]
        }
        burnups[""] = burnup(_burn_items(views), today)
        return Dashboard(
            today=today,
            by_project=tuple(by_project),
            by_owner=tuple(by_owner),
            by_department=tuple(by_department),
            due_soon=tuple(due_soon),
            overdue=tuple(overdue),
            budgets=tuple(budgets),
            conflicts=tuple(conflicts),
            burnups=burnups,
            horizon_days=horizon_days,
        )


def _burn_items(views: list[MilestoneView]) -> list[tuple[date, date | None]]:
    """(due, completed on) of the milestones that count (cancelled ones do not)."""
    out: list[tuple[date, date | None]] = []
    for m in views:
        if m.health is Health.CANCELLED:
            continue
        done = today_in(m.timezone, m.completed_at) if m.completed_at is not None else None
        if m.health is not Health.DONE:
            done = None
        out.append((m.due, done))
    return out

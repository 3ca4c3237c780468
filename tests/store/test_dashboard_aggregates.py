"""The dashboard is counted by the database: its figures equal those worked out from
every milestone's own health (what `milestone list` shows), on both engines.

The reference below is the dashboard as it was computed before: every milestone
read with its health, then counted in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from mstui.cli.stories import load_stories
from mstui.clock import FrozenClock
from mstui.domain.dates import today_in
from mstui.domain.enums import Health, Status
from mstui.domain.reports import budget_row, burnup, count_health
from mstui.store import MilestoneFilter, Store
from mstui.views.reports import Dashboard
from tests.raw import execute, is_pg

TODAY = date(2026, 11, 18)


def reference(store: Store, horizon: int = 14) -> Dashboard:
    views = store.list_milestones(MilestoneFilter(include_archived=False))
    projects = [p for p in store.list_projects() if not p.archived]
    now = store.now()
    by_project = count_health("project", ((m.project, m.project, m.health) for m in views))
    names = {p.key: p.name for p in projects}
    by_project = [replace(r, label=f"{r.key} {names.get(r.key, '')}".strip()) for r in by_project]
    per: dict[str, list] = defaultdict(list)
    for m in views:
        per[m.project].append(m)

    def items(ms: list) -> list[tuple[date, date | None]]:
        out = []
        for m in ms:
            if m.health is Health.CANCELLED:
                continue
            done = today_in(m.timezone, m.completed_at) if m.health is Health.DONE else None
            out.append((m.due, done))
        return out

    today = store.today()
    burnups = {
        p.key: burnup(
            items(per[p.key]), today, start=p.start, end=max(p.end, today) if p.end else None
        )
        for p in projects
        if per[p.key]
    }
    burnups[""] = burnup(items(views), today)
    return Dashboard(
        today=today,
        by_project=tuple(by_project),
        by_owner=tuple(count_health("owner", ((m.owner, m.owner, m.health) for m in views))),
        by_department=tuple(
            count_health(
                "department",
                ((m.department or "", m.department or "(no department)", m.health) for m in views),
            )
        ),
        due_soon=tuple(
            sorted(
                (
                    m
                    for m in views
                    if not m.status.closed
                    and m.health is not Health.OVERDUE
                    and 0 <= (m.due - today_in(m.timezone, now)).days <= horizon
                ),
                key=lambda m: (m.due, m.id),
            )
        ),
        overdue=tuple(
            sorted((m for m in views if m.health is Health.OVERDUE), key=lambda m: (m.due, m.id))
        ),
        budgets=tuple(budget_row(p.key, p.name, p.budget, per[p.key]) for p in projects),
        conflicts=(),
        burnups=burnups,
    )


def same(store: Store, limit: int = 100) -> Dashboard:
    dash = store.dashboard(limit=limit)
    ref = reference(store)
    assert dash.by_project == ref.by_project
    assert dash.by_owner == ref.by_owner
    assert dash.by_department == ref.by_department
    assert dash.budgets == ref.budgets
    assert dash.burnups == ref.burnups
    assert [m.id for m in dash.due_soon] == [m.id for m in ref.due_soon][:limit]
    assert [m.id for m in dash.overdue] == [m.id for m in ref.overdue][:limit]
    assert (dash.due_soon_count, dash.overdue_count) == (len(ref.due_soon), len(ref.overdue))
    assert [m.health for m in dash.due_soon] == [m.health for m in ref.due_soon][:limit]
    return dash


def every_kind(store: Store) -> None:
    """Milestones of every kind the health rules tell apart, in three timezones."""
    load_stories(store)
    d = TODAY
    store.add_project("NZ", "Auckland office", timezone="Pacific/Auckland", budget=5000)
    store.add_project("HI", "Honolulu", timezone="Pacific/Honolulu", start=d - timedelta(30))
    store.add_project("OLD", "Archived one")
    store.set_project_thresholds("HI", due_soon_days=10)
    add = store.add_milestone
    # Due "today" in Auckland is already tomorrow in UTC: the light follows the project.
    add("NZ", "Auckland today", d + timedelta(1), cost_estimate=100, cost_actual=150)
    add("NZ", "Auckland yesterday", d, effort_estimate=8, effort_actual=5)
    add("HI", "Within ten days", d + timedelta(8))
    add("HI", "Past ten days", d + timedelta(12), kpi=("Leads", 100.0, ""), kpi_actual=1.0)
    add("HI", "KPI on pace", d + timedelta(40), kpi=("Leads", 100.0, ""), kpi_actual=90.0)
    late = add("NZ", "Task ends after it", d + timedelta(20))
    store.add_task("NZ", "Long task", d, d + timedelta(25), milestone_id=late.id)
    fine = add("NZ", "Task ends before it", d + timedelta(20))
    store.add_task("NZ", "Short task", d, d + timedelta(5), milestone_id=fine.id)
    first = add("HI", "Predecessor, late", d + timedelta(30))
    add("HI", "Successor, early", d + timedelta(25), depends_on=[first.id])
    add("HI", "Blocked", d + timedelta(50), status=Status.BLOCKED, blocked_reason="Vendor")
    add("HI", "Cancelled", d + timedelta(5), status=Status.CANCELLED, cost_estimate=999)
    done = add("NZ", "Done", d - timedelta(3), cost_estimate=10, cost_actual=12)
    store.complete_milestone(done.id)
    add("OLD", "In an archived project", d - timedelta(9))
    store.set_project_archived("OLD", True)
    for i in range(12):  # more overdue than a short list holds
        add("NZ", f"Overdue {i}", d - timedelta(i + 1))


def test_the_dashboard_counts_what_every_milestone_shows(store: Store) -> None:
    every_kind(store)
    dash = same(store)
    assert dash.all.total > 30
    keys = {r.key for r in dash.by_project}
    assert "OLD" not in keys and {"NZ", "HI"} <= keys


def test_the_lists_hold_their_first_rows_and_say_how_many(store: Store) -> None:
    every_kind(store)
    dash = same(store, limit=3)
    assert len(dash.overdue) == 3 and dash.overdue_count > 12
    assert [m.due for m in dash.overdue] == sorted(m.due for m in dash.overdue)


def test_the_counts_follow_the_clock(store: Store, clock: FrozenClock) -> None:
    every_kind(store)
    overdue = [same(store).overdue_count]
    for days in (1, 6, 13, 40):
        clock.advance(days=days)
        overdue.append(same(store).overdue_count)
    # As the days pass, what was due becomes overdue (nothing here is finished meanwhile).
    assert overdue == sorted(overdue) and overdue[-1] > overdue[0]


def test_the_counts_follow_what_the_viewer_may_see(store: Store, bob: Store) -> None:
    every_kind(store)
    store.add_project("HUSH", "Members only", visibility="members")
    store.add_milestone("HUSH", "Secret", TODAY + timedelta(2))
    store.add_milestone("HUSH", "Secret, late", TODAY - timedelta(2))
    same(store)
    dash = same(bob)
    assert "HUSH" not in {r.key for r in dash.by_project}


def test_odd_stored_values_are_counted_as_the_screens_read_them(store: Store) -> None:
    every_kind(store)
    db = store.settings.db
    assert db
    one = store.add_milestone("NZ", "Odd due", TODAY + timedelta(3))
    two = store.add_milestone("NZ", "Odd completion", TODAY)
    store.complete_milestone(two.id)
    odd_date = "1850-01-01" if is_pg(db) else "not a date"
    execute(db, f"UPDATE milestone SET due = '{odd_date}' WHERE id = {one.id}")
    execute(db, "UPDATE project SET timezone = 'Mars/Olympus' WHERE key = 'HI'")
    if not is_pg(db):
        execute(db, f"UPDATE milestone SET completed_at = 'soon' WHERE id = {two.id}")
    dash = same(store)
    assert one.id in {m.id for m in dash.overdue}


def test_an_empty_database(store: Store) -> None:
    dash = store.dashboard()
    assert dash.all.total == 0 and dash.overdue_count == 0 == len(dash.overdue)

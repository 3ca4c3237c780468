"""The store on a real SQLite file: tasks and derived dates, listings and health, failures
at COMMIT and at BEGIN."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Health, Role, Status
from mstui.errors import Invalid, MstuiError
from mstui.store import MilestoneFilter, Store
from tests.conftest import NOW, MakeStore
from tests.raw import activity, rows, snapshot, stamp

TODAY = date(2026, 11, 18)
DEC1 = date(2026, 12, 1)


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice's store with project MKT (lead alice) and Bob as an editor of it."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project("MKT", "Winter campaign", department="Marketing", start=date(2026, 11, 1))
    store.add_member("MKT", "bob", Role.EDITOR)
    return store


# -- derived dates -------------------------------------------------------------------------


def test_derived_due_date_follows_tasks(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Walkthrough", DEC1, due_from_tasks=True)
    t1 = mkt.add_task("MKT", "Pour", TODAY, date(2026, 12, 5), milestone_id=m.id)
    assert mkt.milestone(m.id).due == date(2026, 12, 5)
    t2 = mkt.add_task("MKT", "Paint", TODAY, date(2026, 12, 9), milestone_id=m.id)
    assert mkt.milestone(m.id).due == date(2026, 12, 9)
    mkt.edit_task(t2.id, t2.version, end=date(2026, 12, 3))
    assert mkt.milestone(m.id).due == date(2026, 12, 5)
    mkt.edit_task(t1.id, None, milestone_id=None)
    assert mkt.milestone(m.id).due == date(2026, 12, 3)
    derived = [r for r in activity(db, m.id) if r[3] == "derive"]
    assert [r[5:] for r in derived] == [
        ("2026-12-01", "2026-12-05"),
        ("2026-12-05", "2026-12-09"),
        ("2026-12-09", "2026-12-05"),
        ("2026-12-05", "2026-12-03"),
    ]


def test_a_pinned_date_ignores_tasks_until_told_to_follow(mkt: Store) -> None:
    m = mkt.add_milestone("MKT", "Walkthrough", DEC1)
    mkt.add_task("MKT", "Pour", TODAY, date(2026, 12, 5), milestone_id=m.id)
    pinned = mkt.milestone(m.id)
    assert pinned.due == DEC1
    assert pinned.health is Health.AT_RISK  # the task ends after the due date
    assert pinned.health_reasons == ("a task is projected to end 2026-12-05",)
    following = mkt.edit_milestone(m.id, pinned.version, due_from_tasks=True)
    assert (following.due, following.due_from_tasks) == (date(2026, 12, 5), True)


def test_a_typed_due_date_on_a_following_milestone_is_refused_unless_following_stops(
    mkt: Store,
) -> None:
    m = mkt.add_milestone("MKT", "Walkthrough", DEC1, due_from_tasks=True)
    mkt.add_task("MKT", "Pour", TODAY, date(2026, 12, 5), milestone_id=m.id)
    following = mkt.milestone(m.id)
    with pytest.raises(Invalid, match="follows its tasks; turn off 'due follows tasks'"):
        mkt.edit_milestone(m.id, following.version, due=date(2027, 2, 10))
    assert mkt.milestone(m.id) == following  # nothing written
    same = mkt.edit_milestone(m.id, following.version, due=following.due, title="Walk")
    assert (same.title, same.due, same.due_from_tasks) == ("Walk", date(2026, 12, 5), True)
    pinned = mkt.edit_milestone(m.id, same.version, due=date(2027, 2, 10), due_from_tasks=False)
    assert (pinned.due, pinned.due_from_tasks) == (date(2027, 2, 10), False)
    mkt.add_task("MKT", "Paint", TODAY, date(2026, 12, 9), milestone_id=m.id)
    assert mkt.milestone(m.id).due == date(2027, 2, 10)  # the typed date stays


def test_tasks(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    t = mkt.add_task(
        "MKT",
        "Banners",
        TODAY,
        date(2026, 11, 25),
        milestone_id=m.id,
        assignee="bob",
        estimate_hours=6,
    )
    assert (t.project, t.milestone_id, t.assignee, t.status, t.estimate_hours) == (
        "MKT",
        m.id,
        "bob",
        "todo",
        6.0,
    )
    done = mkt.complete_task(t.id, t.version)
    assert (done.status, done.version) == ("done", 2)
    assert [stamp(v) for (v,) in rows(db, "SELECT completed_at FROM task")] == [
        "2026-11-18 10:00:00.000000"
    ]
    assert [x.id for x in mkt.list_tasks(milestone_id=m.id)] == [t.id]
    assert [x.id for x in mkt.list_tasks(project="mkt")] == [t.id]


def test_bad_task_input_is_refused(mkt: Store, db: str) -> None:
    mkt.add_project("OPS", "Operations")
    other = mkt.add_milestone("OPS", "Elsewhere", DEC1)
    t = mkt.add_task("MKT", "Banners", TODAY, date(2026, 11, 25))
    before = snapshot(db)
    with pytest.raises(Invalid):
        mkt.add_task("MKT", "Backwards", TODAY, date(2026, 11, 1))
    with pytest.raises(Invalid):
        mkt.add_task("MKT", "Wrong project", TODAY, DEC1, milestone_id=other.id)
    with pytest.raises(Invalid) as caught:
        mkt.edit_task(t.id, None, milestone_id=999)
    assert caught.value.field == "milestone"
    with pytest.raises(Invalid):
        mkt.edit_task(t.id, None, milestone_id=other.id)
    with pytest.raises(Invalid) as caught:
        mkt.edit_task(t.id, None, status="finished")
    assert caught.value.field == "status"
    with pytest.raises(Invalid):
        mkt.edit_task(t.id, None, end=date(2026, 11, 1))
    assert snapshot(db) == before


# -- listings and health in the project's timezone -----------------------------------------


def test_listing_shows_everything_unless_filtered(mkt: Store) -> None:
    mkt.add_project("OPS", "Operations")
    mkt.add_member("OPS", "bob", Role.EDITOR)
    done = mkt.add_milestone("MKT", "Done one", date(2026, 11, 10))
    mkt.complete_milestone(done.id)
    late = mkt.add_milestone("MKT", "Late one", date(2026, 11, 10))
    soon = mkt.add_milestone("OPS", "Soon one", date(2026, 11, 20), owner="bob")
    fine = mkt.add_milestone("OPS", "Fine one", date(2026, 12, 20))
    everything = mkt.list_milestones()
    assert [(m.id, m.health) for m in everything] == [
        (done.id, Health.DONE),
        (late.id, Health.OVERDUE),
        (soon.id, Health.AT_RISK),
        (fine.id, Health.ON_TRACK),
    ]
    assert [m.id for m in mkt.list_milestones(MilestoneFilter(project="ops"))] == [soon.id, fine.id]
    assert [m.id for m in mkt.list_milestones(MilestoneFilter(owner="bob"))] == [soon.id]
    assert [m.id for m in mkt.list_milestones(MilestoneFilter(health=Health.OVERDUE))] == [late.id]
    by_status = MilestoneFilter(statuses=(Status.DONE,))
    assert [m.id for m in mkt.list_milestones(by_status)] == [done.id]
    assert [m.id for m in mkt.list_milestones(MilestoneFilter(text="ONE"))] == [
        m.id for m in everything
    ]
    assert mkt.list_milestones(MilestoneFilter(text="%")) == []


def test_health_uses_the_projects_timezone(make_store: MakeStore, clock: FrozenClock) -> None:
    clock.set(NOW.set(hour=23, minute=30))  # 23:30 UTC: already 19 Nov in Auckland
    s = make_store("alice")
    s.add_project("UTC", "In UTC")
    s.add_project("NZ", "In Auckland", timezone="Pacific/Auckland")
    here = s.add_milestone("UTC", "Here", date(2026, 11, 18))
    there = s.add_milestone("NZ", "There", date(2026, 11, 18))
    assert (here.health, here.health_reasons) == (Health.AT_RISK, ("due today",))
    assert (there.health, there.health_reasons) == (Health.OVERDUE, ("due 2026-11-18, 1d ago",))
    assert s.today("Pacific/Auckland") == date(2026, 11, 19)
    assert s.project("NZ").timezone == "Pacific/Auckland"


def test_the_due_soon_threshold_comes_from_settings(
    make_store: MakeStore, settings: Settings
) -> None:
    import dataclasses

    strict = dataclasses.replace(settings, due_soon_days=10)
    s = make_store("alice", settings_=strict)
    s.add_project("MKT", "Winter campaign")
    assert s.add_milestone("MKT", "In ten days", date(2026, 11, 28)).health is Health.AT_RISK
    assert s.add_milestone("MKT", "In eleven", date(2026, 11, 29)).health is Health.ON_TRACK


# -- failures at COMMIT and at BEGIN ---------------------------------------------------------


@pytest.mark.sqlite_only  # PostgreSQL checks a foreign key at once: its COMMIT cannot fail so
def test_a_failed_commit_leaves_nothing_for_the_next_commit(mkt: Store, db: str) -> None:
    """COMMIT itself fails (a deferred foreign key); the next unit of work saves only its own."""
    import sqlalchemy as sa

    before = snapshot(db)
    # The driver's error reaches the caller as one line (MstuiError), after the rollback.
    with pytest.raises(MstuiError, match="nothing was saved: FOREIGN KEY"), mkt.db.writing() as s:
        s.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
        s.execute(
            sa.text(
                "INSERT INTO milestone (project_id, title, description, owner_id, due, "
                "due_from_tasks, status, blocked_reason, kpi_name, kpi_unit, position, "
                "version, created_at, updated_at) VALUES (1, 'Orphan', '', 999, '2026-12-01', "
                "0, 'planned', '', '', '', 1, 1, '2026-11-18 10:00:00', '2026-11-18 10:00:00')"
            )
        )
    assert snapshot(db) == before
    mkt.add_project("OPS", "Operations")  # the next, unrelated commit
    assert [t for (t,) in rows(db, "SELECT title FROM milestone")] == []
    assert [k for (k,) in rows(db, "SELECT key FROM project ORDER BY key")] == ["MKT", "OPS"]


@pytest.mark.sqlite_only
def test_a_write_lock_held_too_long_is_one_clear_error_and_saves_nothing(
    mkt: Store, make_store: MakeStore, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mstui.errors import MstuiError
    from mstui.store import engine as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    impatient = make_store("carol")
    impatient.me_id()
    before = snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # someone else is writing, and takes their time
        with pytest.raises(MstuiError) as caught:
            impatient.add_project("OPS", "Operations")
        assert str(caught.value) == "database error, nothing was saved: database is locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(db) == before
    impatient.add_project("LAB", "Lab")
    assert [k for (k,) in rows(db, "SELECT key FROM project ORDER BY key")] == ["LAB", "MKT"]


def test_adding_to_a_corrected_figure_starts_from_the_correction(mkt: Store) -> None:
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    mkt.record_measurement(t.id, 300, date(2026, 11, 17))
    mkt.record_measurement(t.id, 200, date(2026, 11, 17))  # a correction of the same day
    after = mkt.record_measurement(t.id, 50, add=True)
    assert after.state.actual == 250.0

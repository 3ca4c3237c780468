"""The dashboard's figures, target editing and resources, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from mstui.cli.stories import load_stories
from mstui.clock import FrozenClock
from mstui.domain.enums import Direction, Health, Role
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store import Store
from tests.conftest import MakeStore
from tests.raw import rows, snapshot

TODAY = date(2026, 11, 18)  # NOW in tests/conftest.py: Wednesday 18 November
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def dump(db: str) -> list[str]:
    return snapshot(db)


@pytest.fixture
def demo(store: Store) -> Store:
    load_stories(store)
    return store


@pytest.fixture
def revenue(store: Store) -> Store:
    store.add_project("SLS", "Sales", start=NOV1)
    store.add_target(
        "Revenue", 100_000, NOV1, NOV30, unit="USD", cadence="weekly:fri", project="SLS"
    )
    return store


# -- the dashboard -----------------------------------------------------------------------------


def test_dashboard_on_the_demo(demo: Store) -> None:
    dash = demo.dashboard()
    assert dash.today == TODAY
    views = demo.list_milestones()
    assert dash.all.total == len([m for m in views if m.health is not Health.CANCELLED]) == 16
    by_key = {r.key: r for r in dash.by_project}
    assert set(by_key) == {"MKT", "SLS", "BLD", "REL"}
    assert by_key["SLS"].label == "SLS Q4 sales quarter"
    for r in dash.by_project:
        project = [m for m in views if m.project == r.key]
        assert r.overdue == sum(m.health is Health.OVERDUE for m in project)
        assert r.done == sum(m.health is Health.DONE for m in project)
    assert {r.key for r in dash.by_owner} == {m.owner for m in views}
    # Overdue: past due and not done, the longest late first.
    assert [m.health for m in dash.overdue] == [Health.OVERDUE] * len(dash.overdue)
    assert [m.due for m in dash.overdue] == sorted(m.due for m in dash.overdue)
    # The next 14 days: open, not overdue, due today to 2 December.
    assert dash.due_soon and all(
        TODAY <= m.due <= date(2026, 12, 2) and not m.status.closed for m in dash.due_soon
    )
    budgets = {b.project: b for b in dash.budgets}
    bld = budgets["BLD"]
    assert (bld.budget, bld.cost_estimate, bld.cost_actual) == (250_000, 128_200, 101_600)
    # (4,100 + 1,500 + 96,000) − (3,500 + 1,500 + 120,000): what has an actual
    assert bld.cost_variance == -23_400
    # Onboarding 24 → 30 h and delivery 30 → 34 h; the inspection's 16 h are to come.
    assert (bld.effort_estimate, bld.effort_actual, bld.effort_variance) == (70, 64, 10)
    assert budgets["MKT"].cost_variance == (1_800 + 7_600) - (2_000 + 9_000)
    assert budgets["SLS"].cost_variance is None  # nothing reported yet
    # The demo books the crane twice around today and Diego's crew over 8 hours a day.
    (crane, crew) = dash.conflicts
    assert (crane.resource, crane.peak, crane.capacity) == ("Tower crane", 2.0, 1.0)
    assert (crane.start, crane.end) == (TODAY, date(2026, 11, 21))
    assert (crew.resource, crew.peak, crew.capacity) == ("Site crew (Diego)", 10.0, 8.0)
    assert {b.subject for b in crane.bookings} == {
        "milestone #10 Material Delivery",
        "task #11 Roof panels shipped",
    }
    burn = dash.burnups[""]
    # Done: Strategy Approved, Pipeline reviewed, Permit Approved, Subcontractor Onboarding.
    assert burn.total == 16 and burn.done[burn.days.index(TODAY)] == 4
    assert set(dash.burnups) == {"", "MKT", "SLS", "BLD", "REL"}


def test_dashboard_of_an_empty_database(store: Store) -> None:
    dash = store.dashboard()
    assert (dash.by_project, dash.due_soon, dash.overdue, dash.conflicts) == ((), (), (), ())
    assert dash.burnups[""].days == ()


def test_archived_projects_are_left_out(demo: Store) -> None:
    demo.set_project_archived("REL", True)
    assert "REL" not in {r.key for r in demo.dashboard().by_project}


# -- recording and correcting figures ------------------------------------------------------------


def test_record_refuses_dates_outside_the_period_or_in_the_future(revenue: Store, db: str) -> None:
    (t,) = revenue.list_targets()
    before = dump(db)
    for when, reason in (
        (date(2026, 10, 31), "before the target's start"),
        (date(2026, 11, 19), "in the future"),
        (date(2026, 12, 1), "after the target's end"),
    ):
        with pytest.raises(Invalid, match=reason) as caught:
            revenue.record_measurement(t.id, 10, when)
        assert caught.value.field == "date"
    assert dump(db) == before


def test_today_after_the_end_records_the_last_day(revenue: Store, clock: FrozenClock) -> None:
    (t,) = revenue.list_targets()
    clock.advance(days=20)
    after = revenue.record_measurement(t.id, 99_000)
    assert after.entries[-1].date == NOV30 and after.state.actual == 99_000


def test_correct_and_remove_a_figure(revenue: Store, make_store: MakeStore, db: str) -> None:
    (t,) = revenue.list_targets()
    bob = make_store("bob")
    bob.me()
    revenue.add_member("SLS", "bob", Role.EDITOR)
    revenue.record_measurement(t.id, 20_000, date(2026, 11, 6), "first week")
    view = bob.record_measurement(t.id, 50_000, date(2026, 11, 13))
    first, second = view.entries
    assert (second.value, second.recorded_by) == (50_000, "bob")
    fixed = revenue.edit_measurement(second.id, value=45_000, note="typo")
    assert fixed.state.actual == 45_000 and fixed.entries[1].note == "typo"
    moved = revenue.edit_measurement(first.id, when=date(2026, 11, 5))
    assert moved.entries[0].date == date(2026, 11, 5)
    with pytest.raises(Invalid, match="in the future"):
        revenue.edit_measurement(first.id, when=date(2026, 11, 20))
    gone = revenue.delete_measurement(second.id)
    assert [e.id for e in gone.entries] == [first.id] and gone.state.actual == 20_000
    with pytest.raises(NotFound):
        revenue.delete_measurement(second.id)
    log = rows(
        db,
        "SELECT action, field, old, new FROM activity WHERE entity = 'target' ORDER BY id",
    )
    assert ("correct", f"value of #{second.id}", "50000", "45000") in log
    assert ("unrecord", "2026-11-13", "45000", None) in log


# -- changing a target and its checkpoints --------------------------------------------------------


def test_an_even_split_follows_a_new_goal(revenue: Store) -> None:
    (t,) = revenue.list_targets()
    assert t.even
    after = revenue.edit_target(t.id, t.version, goal=120_000, name="Revenue (stretch)")
    assert after.checkpoints == [
        (date(2026, 11, 6), 30_000.0),
        (date(2026, 11, 13), 60_000.0),
        (date(2026, 11, 20), 90_000.0),
        (date(2026, 11, 27), 120_000.0),
    ]
    assert (after.name, after.version, after.even) == ("Revenue (stretch)", t.version + 1, True)
    with pytest.raises(Conflict):
        revenue.edit_target(t.id, t.version, goal=1)


def test_checkpoints_set_by_hand_stay_until_a_cadence_is_given(revenue: Store) -> None:
    (t,) = revenue.list_targets()
    hand = [(date(2026, 11, 13), 40_000.0), (NOV30, 100_000.0)]
    after = revenue.set_checkpoints(t.id, hand, t.version)
    assert after.checkpoints == hand and not after.even
    kept = revenue.edit_target(t.id, goal=110_000)
    assert kept.checkpoints == hand  # set by hand: a new goal does not redo them
    with pytest.raises(Invalid, match="outside the period"):
        revenue.edit_target(t.id, end=date(2026, 11, 20))
    daily = revenue.edit_target(t.id, cadence="monthly")
    assert daily.checkpoints == [(NOV30, 110_000.0)] and daily.even


def test_bad_checkpoints_write_nothing(revenue: Store, db: str) -> None:
    (t,) = revenue.list_targets()
    before = dump(db)
    with pytest.raises(Invalid, match="below the checkpoint before"):
        revenue.set_checkpoints(t.id, [(date(2026, 11, 6), 50.0), (date(2026, 11, 13), 40.0)])
    with pytest.raises(Invalid):
        revenue.edit_target(t.id, goal=0)
    with pytest.raises(Invalid, match="cadence"):
        revenue.edit_target(t.id, cadence="fortnightly")
    assert dump(db) == before


def test_edit_owner_project_and_direction_are_logged_by_name(
    revenue: Store, make_store: MakeStore, db: str
) -> None:
    make_store("bob").me()
    (t,) = revenue.list_targets()
    after = revenue.edit_target(t.id, owner="bob", project="", direction="at_most")
    assert (after.owner, after.project, after.direction) == ("bob", None, Direction.AT_MOST)
    log = rows(db, "SELECT field, old, new FROM activity WHERE action = 'edit'")
    assert ("owner", "alice", "bob") in log and ("project", "SLS", None) in log


def test_target_milestones_link_and_unlink(revenue: Store) -> None:
    (t,) = revenue.list_targets()
    a = revenue.add_milestone("SLS", "Close big deal", date(2026, 11, 25))
    b = revenue.add_milestone("SLS", "Upsell renewals", date(2026, 11, 27))
    linked = revenue.link_milestones(t.id, [a.id, b.id])
    assert [m.id for m in linked.milestones] == [a.id, b.id]
    assert revenue.milestone(a.id).target_id == t.id
    after = revenue.set_target_milestones(t.id, [b.id])
    assert [m.id for m in after.milestones] == [b.id]
    assert revenue.milestone(a.id).target_id is None
    assert [m.id for m in revenue.link_milestones(t.id, [b.id], unlink=True).milestones] == []
    with pytest.raises(NotFound):
        revenue.link_milestones(t.id, [999])


def test_find_and_delete_a_target(revenue: Store, db: str) -> None:
    (t,) = revenue.list_targets()
    assert revenue.find_target("revenue") == revenue.find_target(f"#{t.id}") == t.id
    with pytest.raises(NotFound):
        revenue.find_target("Profit")
    m = revenue.add_milestone("SLS", "Close", date(2026, 11, 25), target_id=t.id)
    revenue.record_measurement(t.id, 5)
    revenue.delete_target(t.id)
    assert revenue.list_targets() == []
    assert revenue.milestone(m.id).target_id is None
    assert rows(db, "SELECT count(*) FROM measurement")[0][0] == 0
    assert rows(db, "SELECT count(*) FROM checkpoint")[0][0] == 0


# -- resources -----------------------------------------------------------------------------------


def test_resources_bookings_and_conflicts(store: Store, db: str) -> None:
    store.add_project("BLD", "Build")
    m = store.add_milestone("BLD", "Roof on", date(2026, 11, 25))
    task = store.add_task(
        "BLD", "Lift panels", date(2026, 11, 20), date(2026, 11, 22), milestone_id=m.id
    )
    crane = store.add_resource("Crane", "equipment", 1)
    assert (crane.kind, crane.capacity) == ("equipment", 1.0)
    on_task = store.book("crane", task_id=task.id)
    assert (on_task.start, on_task.end, on_task.amount) == (task.start, task.end, 1.0)
    on_milestone = store.book(crane.id, milestone_id=m.id)
    assert (on_milestone.start, on_milestone.end) == (TODAY, m.due)
    (conflict,) = store.resource_conflicts()
    assert (conflict.start, conflict.end, conflict.peak) == (task.start, task.end, 2.0)
    assert [b.id for b in conflict.bookings] == [on_milestone.id, on_task.id]
    assert store.resource_conflicts(since=date(2026, 11, 23)) == []
    assert {b.id for b in store.list_bookings(milestone_id=m.id)} == {on_task.id, on_milestone.id}
    store.unbook(on_task.id)
    assert store.resource_conflicts() == []
    log = rows(db, "SELECT action FROM activity WHERE entity = 'resource' ORDER BY id")
    assert log == [("create",), ("book",), ("book",), ("unbook",)]


def test_booking_a_new_name_adds_the_resource_in_the_same_transaction(
    store: Store, db: str
) -> None:
    store.add_project("BLD", "Build")
    m = store.add_milestone("BLD", "Roof on", date(2026, 11, 25))
    with pytest.raises(NotFound):
        store.book("Scaffold", milestone_id=m.id)
    before = dump(db)
    with pytest.raises(Invalid, match="before the start"):
        store.book(
            "Scaffold",
            milestone_id=m.id,
            start=date(2026, 11, 24),
            end=date(2026, 11, 20),
            new_kind="equipment",
            new_capacity=2,
        )
    assert dump(db) == before
    b = store.book("Scaffold", milestone_id=m.id, new_kind="equipment", new_capacity=2)
    assert (b.resource, b.amount) == ("Scaffold", 2.0)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.add_resource("", "person"), "name"),
        (lambda s: s.add_resource("Van", "vehicle"), "kind"),
        (lambda s: s.add_resource("Van", "equipment", 0), "capacity"),
        (lambda s: s.add_resource("Crane", "equipment"), "name"),  # exists
        (lambda s: s.book("Crane", task_id=None, milestone_id=None), "booking"),
        (lambda s: s.book("Crane", milestone_id=1, amount=-1), "amount"),
    ],
)
def test_bad_resource_input_is_refused(
    store: Store, db: str, call: Callable[[Store], object], field: str
) -> None:
    store.add_project("BLD", "Build")
    store.add_milestone("BLD", "Roof on", date(2026, 11, 25))
    store.add_resource("Crane", "equipment", 1)
    before = dump(db)
    with pytest.raises(Invalid) as caught:
        call(store)
    assert caught.value.field == field
    assert dump(db) == before

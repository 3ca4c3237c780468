"""All-or-nothing edits, errors in one line, deletes that leave nothing behind, a read-only
database that can still be read, and the history-sized queries giving the same answers."""

from __future__ import annotations

import itertools
import random
import sqlite3
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Role
from mstui.errors import Invalid, MstuiError, NotFound
from mstui.identity import Account
from mstui.store import AlertFilter, MilestoneFilter, Store, open_store
from mstui.store.base import NOBODY
from mstui.views.resources import ConflictView
from tests.conftest import NOW, MakeStore
from tests.raw import execute, rows, snapshot

DEC1 = date(2026, 12, 1)


@pytest.fixture
def mkt(store: Store) -> Store:
    store.add_project("MKT", "Winter campaign", start=date(2026, 11, 1))
    return store


# -- edits in one transaction -------------------------------------------------------------------


def test_edit_milestone_with_dependencies_is_all_or_nothing(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1 + timedelta(days=7), depends_on=[a.id])
    c = mkt.add_milestone("MKT", "C", DEC1 + timedelta(days=14), depends_on=[b.id])
    before = snapshot(db)
    with pytest.raises(Invalid, match=r"would make a cycle: #3 C → #1 .* → #2 B → #3 C"):
        mkt.edit_milestone(a.id, a.version, title="A renamed", depends_on=[c.id])
    with pytest.raises(Invalid, match="cycle"):
        mkt.edit_milestone(a.id, a.version, title="A renamed", depends_on=[a.id])
    with pytest.raises(Invalid, match="no such milestone"):
        mkt.edit_milestone(c.id, c.version, title="C renamed", depends_on=[99])
    assert snapshot(db) == before
    got = mkt.edit_milestone(c.id, c.version, title="C renamed", depends_on=[a.id])
    assert (got.title, got.depends_on, got.version) == ("C renamed", (a.id,), c.version + 1)
    # Only the dependencies: the version is still checked.
    got = mkt.edit_milestone(c.id, got.version, depends_on=[])
    assert got.depends_on == ()


def test_a_shortcut_and_a_diamond_are_not_cycles(mkt: Store) -> None:
    ms = [mkt.add_milestone("MKT", f"M{i}", DEC1 + timedelta(days=i)) for i in range(5)]
    ids = [m.id for m in ms]
    for a, b in itertools.pairwise(ids):
        mkt.add_dependency(a, b)
    mkt.add_dependency(ids[0], ids[4])  # a shortcut along the chain
    mkt.add_dependency(ids[0], ids[4])  # twice: nothing new
    mkt.set_dependencies(ids[3], [ids[1], ids[2]])  # a diamond
    assert mkt.milestone(ids[3]).depends_on == (ids[1], ids[2])
    with pytest.raises(Invalid, match="cycle"):
        mkt.add_dependency(ids[4], ids[1])


def test_edit_target_with_checkpoints_is_all_or_nothing(mkt: Store, db: str) -> None:
    t = mkt.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), cadence="weekly")
    before = snapshot(db)
    with pytest.raises(Invalid, match="outside the period"):
        mkt.edit_target(t.id, t.version, goal=500, checkpoints=[(date(2026, 12, 5), 10)])
    with pytest.raises(Invalid, match="outside the period 2026-11-01 to 2026-11-20"):
        mkt.edit_target(t.id, t.version, end=date(2026, 11, 20), checkpoints=[(DEC1, 100.0)])
    assert snapshot(db) == before
    points = [(date(2026, 11, 10), 50.0), (date(2026, 11, 30), 500.0)]
    got = mkt.edit_target(t.id, t.version, goal=500, checkpoints=points)
    assert got.goal == 500 and got.checkpoints == points and not got.even
    assert got.version == t.version + 1


# -- deletes ------------------------------------------------------------------------------------


def test_deleting_a_milestone_deletes_its_alerts(mkt: Store, db: str) -> None:
    gone = mkt.add_milestone("MKT", "Missed it", date(2026, 11, 10))
    kept = mkt.add_milestone("MKT", "Missed too", date(2026, 11, 11))
    mkt.scan()
    subjects = {a.subject_id for a in mkt.list_alerts(AlertFilter(everyone=True))}
    assert subjects == {gone.id, kept.id}
    mkt.delete_milestone(gone.id)
    left = rows(db, "SELECT DISTINCT subject_type, subject_id FROM alert")
    assert left == [("milestone", kept.id)]


# -- resources booked by two people at once -------------------------------------------------------


def test_two_people_booking_the_same_new_resource_at_once_share_it(
    mkt: Store, make_store: MakeStore
) -> None:
    m = mkt.add_milestone("MKT", "Crane day", DEC1)
    stores = [mkt, make_store("bob"), make_store("carol")]
    for other in stores[1:]:  # leads: booking a resource not yet listed makes it
        other.me()
        mkt.add_member("MKT", other.account.login, Role.LEAD)
    barrier = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def book(store: Store) -> None:
        barrier.wait()
        try:
            store.book("Crane", milestone_id=m.id, new_kind="equipment", new_capacity=1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=book, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [r.name for r in mkt.list_resources()] == ["Crane"]
    assert len(mkt.list_bookings("Crane")) == 3


def test_a_unique_name_taken_meanwhile_is_used_not_an_error(
    mkt: Store, monkeypatch: pytest.MonkeyPatch, db: str
) -> None:
    """What PostgreSQL does when two transactions make the same name: the second one's
    INSERT hits the unique index; the booking goes on the resource that won."""
    m = mkt.add_milestone("MKT", "Crane day", DEC1)
    crane = mkt.add_resource("Crane", "equipment", 1)
    monkeypatch.setattr(type(mkt), "_resource_id", lambda self, s, ref: None)  # did not see it
    b = mkt.book("Crane", milestone_id=m.id, new_kind="equipment", new_capacity=2)
    assert b.resource_id == crane.id
    assert rows(db, "SELECT id, name, capacity FROM resource") == [(crane.id, "Crane", 1.0)]


def test_booking_an_unknown_resource_without_a_kind_writes_nothing(store: Store, db: str) -> None:
    store.add_project("MKT", "Winter campaign")
    m = store.add_milestone("MKT", "Crane day", DEC1)
    before = snapshot(db)
    with pytest.raises(NotFound, match='no resource "Ghost"'):
        store.book(" Ghost ", milestone_id=m.id)
    assert snapshot(db) == before


# -- driver errors are one line ------------------------------------------------------------------


def test_driver_errors_inside_a_unit_of_work_are_one_line(mkt: Store, db: str) -> None:
    with pytest.raises(MstuiError) as caught, mkt.db.reading() as s:
        s.execute(sa.text("SELECT * FROM no_such_table"))
    missing, twice = (
        ('relation "no_such_table" does not exist', "duplicate key value violates unique")
        if mkt.db.is_sqlite is False
        else ("no such table: no_such_table", "UNIQUE constraint failed: department.name")
    )
    assert str(caught.value) == f"database error: {missing}"
    before = snapshot(db)
    with pytest.raises(MstuiError) as caught, mkt.db.writing() as s:
        s.execute(sa.text("UPDATE project SET key = 'OPS'"))
        s.execute(sa.text("INSERT INTO department (name) VALUES ('Sales'), ('Sales')"))
    assert str(caught.value).startswith(f"database error, nothing was saved: {twice}")
    assert snapshot(db) == before
    with pytest.raises(MstuiError, match="nothing was saved"), mkt.db.writing() as s:
        raise sqlite3.OperationalError("disk I/O error")


# -- a database newer than the program ------------------------------------------------------------


def test_a_newer_schema_can_be_read_by_someone_it_never_saw(
    mkt: Store, db: str, settings: Settings, clock: FrozenClock
) -> None:
    mkt.add_milestone("MKT", "Missed it", date(2026, 11, 10))
    mkt.scan()
    mine = mkt.unread_count()
    everyone = len(mkt.list_alerts(AlertFilter(everyone=True)))
    assert mine >= 1
    mkt.db.close()
    execute(db, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = snapshot(db)

    carol = open_store(settings, clock, Account("carol", "Carol Chu"))
    alice = open_store(settings, clock, Account("alice", "Alice Archer"))
    try:
        assert carol.db.read_only
        assert carol.me_id() == NOBODY
        me = carol.me()
        assert (me.id, me.login, me.name) == (NOBODY, "carol", "Carol Chu")
        assert carol.list_alerts() == [] and carol.unread_count() == 0
        assert carol.latest_alert_id() == 0 and carol.alerts_since(0) == []
        assert len(carol.list_alerts(AlertFilter(everyone=True))) == everyone
        assert [m.title for m in carol.list_milestones(MilestoneFilter())] == ["Missed it"]
        with pytest.raises(MstuiError, match="newer schema"):
            carol.add_comment(1, "hello")
        # Someone it knows reads their own alerts.
        assert alice.me().login == "alice" and alice.unread_count() == mine
    finally:
        carol.db.close()
        alice.db.close()
    assert snapshot(db) == before


# -- the history-sized paths give the same answers ------------------------------------------------


def _all_conflicts_since(store: Store, since: date) -> list[ConflictView]:
    return [c for c in store.resource_conflicts() if c.end >= since]


def test_conflicts_since_a_day_match_those_from_every_booking(mkt: Store) -> None:
    """Reading only recent bookings gives the same stretches, starts, peaks and bookings
    as reading them all, including stretches that began long before `since`."""
    rng = random.Random(7)
    tasks = [mkt.add_task("MKT", f"T{i}", date(2026, 9, 1), date(2026, 9, 2)).id for i in range(3)]
    for name in ("Crane", "Van"):
        mkt.add_resource(name, "equipment", 2)
    day0 = date(2026, 8, 1)
    for _ in range(120):
        start = day0 + timedelta(days=rng.randint(0, 150))
        mkt.book(
            rng.choice(["Crane", "Van"]),
            task_id=rng.choice(tasks),
            start=start,
            end=start + timedelta(days=rng.randint(0, 12)),
            amount=float(rng.randint(1, 2)),
        )
    # One long stretch over capacity (from 11 March), made of two chains of bookings
    # that overlap back in time: reading from 1 May must still find where it starts.
    for k in range(6):
        for offset in (0, 10):
            first = date(2026, 3, 1) + timedelta(days=20 * k + offset)
            mkt.book("Crane", task_id=tasks[0], start=first, end=first + timedelta(days=25))
    long = [c for c in mkt.resource_conflicts() if c.start == date(2026, 3, 11)]
    assert len(long) == 1 and long[0].end >= date(2026, 6, 1) and len(long[0].bookings) == 12
    for since in (date(2026, 3, 10), date(2026, 5, 1), date(2026, 9, 15), date(2026, 12, 20)):
        assert mkt.resource_conflicts(since=since) == _all_conflicts_since(mkt, since)


def test_target_overview_is_the_one_of_the_overview(mkt: Store) -> None:
    t1 = mkt.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    t2 = mkt.add_target("Leads", 50, date(2026, 11, 1), date(2026, 11, 30))
    m = mkt.add_milestone("MKT", "Deal", DEC1)
    mkt.link_milestones(t2.id, [m.id])
    every = {v.id: v for v in mkt.targets_overview()}
    assert mkt.target_overview(t1.id) == every[t1.id]
    assert mkt.target_overview(t2.id) == every[t2.id]
    assert [x.id for x in mkt.target_overview(t2.id).milestones] == [m.id]
    with pytest.raises(NotFound):
        mkt.target_overview(99)


def test_tasks_read_as_plain_rows(mkt: Store, make_store: MakeStore) -> None:
    make_store("bob").me()
    mkt.add_member("MKT", "bob", Role.EDITOR)
    m = mkt.add_milestone("MKT", "Deal", DEC1)
    a = mkt.add_task("MKT", "Call", date(2026, 11, 20), date(2026, 11, 21), milestone_id=m.id)
    mkt.add_task("MKT", "Visit", date(2026, 11, 19), date(2026, 11, 25), assignee="bob")
    mkt.edit_task(a.id, a.version, estimate_hours=3, actual_hours=2.5)
    got = mkt.list_tasks()
    assert [(t.title, t.project, t.milestone_id, t.assignee, t.start) for t in got] == [
        ("Visit", "MKT", None, "bob", date(2026, 11, 19)),
        ("Call", "MKT", m.id, None, date(2026, 11, 20)),
    ]
    call = mkt.task(a.id)
    assert (call.estimate_hours, call.actual_hours, call.version, call.status) == (
        3.0,
        2.5,
        2,
        "todo",
    )
    assert NOW.date() == date(2026, 11, 18)

"""The store on a real SQLite file: commands, the activity log, versions, all-or-nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from mstui.clock import FrozenClock
from mstui.domain.enums import CommentKind, Direction, Health, Status, TaskStatus
from mstui.errors import Conflict, Invalid, MstuiError, NotFound
from mstui.store import MilestoneFilter, Store
from tests.conftest import NOW, MakeStore

TODAY = date(2026, 11, 18)
DEC1 = date(2026, 12, 1)


def rows(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows read straight from the file, behind the store's back."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def count(db_path: Path, table: str) -> int:
    return int(rows(db_path, f"SELECT count(*) FROM {table}")[0][0])


def activity(db_path: Path, entity_id: int | None = None) -> list[tuple[Any, ...]]:
    """(actor login, entity, entity id, action, field, old, new), oldest first."""
    sql = (
        "SELECT p.login, a.entity, a.entity_id, a.action, a.field, a.old, a.new "
        "FROM activity a LEFT JOIN person p ON p.id = a.actor_id"
    )
    if entity_id is not None:
        return rows(
            db_path,
            sql + " WHERE a.entity = 'milestone' AND a.entity_id = ? ORDER BY a.id",
            entity_id,
        )
    return rows(db_path, sql + " ORDER BY a.id")


def snapshot(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice's store with project MKT (lead alice) and Bob as a person."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project("MKT", "Winter campaign", department="Marketing", start=date(2026, 11, 1))
    return store


# -- people and projects -------------------------------------------------------------------


def test_first_use_creates_my_person_from_the_account(store: Store, db_path: Path) -> None:
    me = store.me()
    assert (me.login, me.name) == ("alice", "Alice Archer")
    assert rows(db_path, "SELECT login, name FROM person") == [("alice", "Alice Archer")]
    assert activity(db_path) == [("alice", "person", me.id, "create", "", None, "alice")]


def test_add_project_makes_the_lead_a_member_and_logs_it(mkt: Store, db_path: Path) -> None:
    p = mkt.project("mkt")
    assert (p.key, p.name, p.lead, p.department, p.start) == (
        "MKT",
        "Winter campaign",
        "alice",
        "Marketing",
        date(2026, 11, 1),
    )
    assert rows(
        db_path,
        "SELECT p.login, m.role FROM projectmember m JOIN person p ON p.id = m.person_id",
    ) == [("alice", "lead")]
    assert ("alice", "project", p.id, "create", "", None, "MKT") in activity(db_path)
    assert rows(db_path, "SELECT name FROM department") == [("Marketing",)]


def test_project_key_and_duplicates_are_refused(mkt: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    for key in ("M", "1AB", "WAYTOOLONGKEY", "MK T"):
        with pytest.raises(Invalid) as caught:
            mkt.add_project(key, "x")
        assert caught.value.field == "key"
    with pytest.raises(Invalid, match='a project with this key exists \\(got "MKT"\\)'):
        mkt.add_project("mkt", "Again")
    assert snapshot(db_path) == before


def test_timestamps_come_back_as_aware_utc(mkt: Store) -> None:
    m = mkt.add_milestone("MKT", "Strategy Approved", DEC1)
    assert m.updated_at == datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert m.updated_at.tzinfo is not None


# -- milestones: create, edit, move, complete ----------------------------------------------


def test_add_milestone_defaults(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("mkt", "  Strategy Approved ", DEC1)
    assert (m.project, m.title, m.owner, m.due, m.status, m.version) == (
        "MKT",
        "Strategy Approved",
        "alice",
        DEC1,
        Status.PLANNED,
        1,
    )
    assert m.health is Health.ON_TRACK
    assert m.kpi is None and m.depends_on == ()
    assert activity(db_path, m.id) == [
        ("alice", "milestone", m.id, "create", "", None, "Strategy Approved")
    ]


def test_add_milestone_with_everything(mkt: Store) -> None:
    m = mkt.add_milestone(
        "MKT",
        "Campaign Live",
        DEC1,
        owner="bob",
        description="Line one\nLine two",
        kpi=("Sign-ups", 5000.0, "users"),
        cost_estimate=12_000,
        effort_estimate=80,
    )
    assert (m.owner, m.owner_name, m.department) == ("bob", "Bob Baker", "Marketing")
    assert m.description == "Line one\nLine two"
    assert m.kpi is not None
    assert (m.kpi.name, m.kpi.target, m.kpi.actual, m.kpi.unit) == (
        "Sign-ups",
        5000.0,
        None,
        "users",
    )
    assert (m.cost_estimate, m.effort_estimate) == (12_000.0, 80.0)


def test_bad_milestone_input_is_refused_and_writes_nothing(mkt: Store, db_path: Path) -> None:
    before = snapshot(db_path)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"project": "NOPE"}, "project", "NOPE"),
        ({"title": "   "}, "title", "   "),
        ({"owner": "ghost"}, "owner", "ghost"),
        ({"cost_estimate": -5.0}, "cost", "-5.0"),
        ({"cost_estimate": float("nan")}, "cost", "nan"),
        ({"kpi": ("", 10.0, "")}, "kpi", ""),
        ({"target_id": 42}, "target", "42"),
        ({"depends_on": [99]}, "depends", "99"),
    ]
    for override, field, shown in cases:
        args: dict[str, Any] = {"project": "MKT", "title": "T", "due": DEC1, **override}
        with pytest.raises(Invalid) as caught:
            mkt.add_milestone(args.pop("project"), args.pop("title"), args.pop("due"), **args)
        assert caught.value.field == field
        assert f'(got "{shown}")' in str(caught.value)
    assert snapshot(db_path) == before


def test_edit_logs_each_field_from_what_to_what(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1, cost_estimate=1000)
    edited = mkt.edit_milestone(
        m.id,
        m.version,
        title="Assets Created",
        due=date(2026, 12, 4),
        owner="bob",
        cost_estimate=1500,
        kpi_name="Banners",
        kpi_target=12,
    )
    assert edited.version == 2
    assert (edited.title, edited.due, edited.owner, edited.cost_estimate) == (
        "Assets Created",
        date(2026, 12, 4),
        "bob",
        1500.0,
    )
    log = activity(db_path, m.id)[1:]
    assert sorted(log) == sorted(
        [
            ("alice", "milestone", m.id, "edit", "title", "Assets", "Assets Created"),
            ("alice", "milestone", m.id, "edit", "due", "2026-12-01", "2026-12-04"),
            ("alice", "milestone", m.id, "edit", "owner", "alice", "bob"),
            ("alice", "milestone", m.id, "edit", "cost_estimate", "1000", "1500"),
            ("alice", "milestone", m.id, "edit", "kpi_name", "", "Banners"),
            ("alice", "milestone", m.id, "edit", "kpi_target", None, "12"),
        ]
    )


def test_an_edit_that_changes_nothing_keeps_the_version(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    same = mkt.edit_milestone(m.id, m.version, title="Assets", due=DEC1)
    assert same.version == m.version
    assert len(activity(db_path, m.id)) == 1


def test_the_log_names_who_changed_it(mkt: Store, bob: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1, owner="bob")
    bob.edit_milestone(m.id, m.version, kpi_name="Banners", kpi_target=10, kpi_actual=4)
    who = {row[0] for row in activity(db_path, m.id)[1:]}
    assert who == {"bob"}
    detail = mkt.milestone_detail(m.id)
    assert [a.actor for a in detail.activity][:3] == ["bob", "bob", "bob"]
    assert detail.activity[-1].action == "create" and detail.activity[-1].actor == "alice"


def test_move_through_the_board(mkt: Store, clock: FrozenClock, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", date(2027, 1, 15))
    started = mkt.move_milestone(m.id, Status.IN_PROGRESS, expected_version=m.version)
    assert (started.status, started.health, started.version) == (
        Status.IN_PROGRESS,
        Health.ON_TRACK,
        2,
    )
    clock.advance(hours=2)
    blocked = mkt.move_milestone(m.id, Status.BLOCKED, reason="Waiting on legal")
    assert (blocked.status, blocked.blocked_reason, blocked.health) == (
        Status.BLOCKED,
        "Waiting on legal",
        Health.AT_RISK,
    )
    assert blocked.health_reasons == ("blocked",)
    assert blocked.blocked_at == datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    unblocked = mkt.move_milestone(m.id, Status.IN_PROGRESS)
    assert (unblocked.blocked_reason, unblocked.blocked_at) == ("", None)
    statuses = [r[5:] for r in activity(db_path, m.id) if r[4] == "status"]
    assert statuses == [
        ("planned", "in_progress"),
        ("in_progress", "blocked"),
        ("blocked", "in_progress"),
    ]
    reasons = [r[5:] for r in activity(db_path, m.id) if r[4] == "blocked_reason"]
    assert reasons == [("", "Waiting on legal"), ("Waiting on legal", "")]


def test_blocking_needs_a_reason(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.move_milestone(m.id, Status.BLOCKED)
    assert caught.value.field == "reason"
    with pytest.raises(Invalid):
        mkt.move_milestone(m.id, Status.BLOCKED, reason="   ")
    assert snapshot(db_path) == before


def test_complete_and_reopen(mkt: Store, clock: FrozenClock) -> None:
    m = mkt.add_milestone("MKT", "Assets", date(2026, 11, 10))
    assert m.health is Health.OVERDUE
    clock.advance(days=1)
    done = mkt.complete_milestone(m.id, m.version)
    assert (done.status, done.health) == (Status.DONE, Health.DONE)
    assert done.completed_at == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)
    reopened = mkt.move_milestone(m.id, Status.IN_PROGRESS)
    assert (reopened.completed_at, reopened.health) == (None, Health.OVERDUE)


def test_unknown_status_or_field_is_invalid(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.edit_milestone(m.id, None, status="finished")
    assert caught.value.field == "status"
    assert '(got "finished")' in str(caught.value)
    with pytest.raises(Invalid) as caught:
        mkt.edit_milestone(m.id, None, colour="red")
    assert caught.value.field == "field"
    with pytest.raises(Invalid):
        mkt.edit_milestone(m.id, None, due="2026-12-01")
    with pytest.raises(Invalid):
        mkt.edit_milestone(m.id, None, position="top")
    with pytest.raises(NotFound):
        mkt.edit_milestone(999, None, title="x")
    assert snapshot(db_path) == before


def test_control_characters_are_made_inert_where_text_enters(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone(
        "MKT", "Evil\x1b]52;c;SGk=\x07\u202etitle\x9b2J", DEC1, description="a\nb\x1b[2J"
    )
    stored_title, stored_desc = rows(db_path, "SELECT title, description FROM milestone")[0]
    assert stored_title == "Evil\u241b]52;c;SGk=\u2407\ufffdtitle\ufffd2J"
    assert stored_desc == "a\nb\u241b[2J"
    c = mkt.add_comment(m.id, "ok\n\tindented\x1b[31m red\r\n")
    assert c.body == "ok\n\tindented\u241b[31m red"


# -- comments and measurements -------------------------------------------------------------


def test_comments_keep_author_kind_and_order(mkt: Store, bob: Store, clock: FrozenClock) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    mkt.add_comment(m.id, "Kick-off done", CommentKind.UPDATE)
    clock.advance(minutes=5)
    bob.add_comment(m.id, "Banners need\ntwo more days", CommentKind.NOTE)
    thread = mkt.list_comments(m.id)
    assert [(c.author, c.kind, c.body) for c in thread] == [
        ("alice", "update", "Kick-off done"),
        ("bob", "note", "Banners need\ntwo more days"),
    ]
    assert thread[1].created_at == datetime(2026, 11, 18, 10, 5, tzinfo=UTC)
    log = activity(mkt.db.path or Path(), m.id)
    assert ("bob", "milestone", m.id, "comment", "note", None, "Banners need\ntwo more days") in log


def test_an_empty_comment_or_a_missing_milestone_is_refused(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db_path)
    with pytest.raises(Invalid):
        mkt.add_comment(m.id, " \n ")
    with pytest.raises(NotFound):
        mkt.add_comment(999, "hello")
    assert snapshot(db_path) == before


def test_record_measurements_of_a_target(mkt: Store, bob: Store, db_path: Path) -> None:
    t = mkt.add_target(
        "Revenue",
        100_000,
        date(2026, 11, 1),
        date(2026, 11, 30),
        unit="USD",
        cadence="weekly:fri",
        project="MKT",
    )
    assert [(c.date, c.expected) for c in t.state.checkpoints] == [
        (date(2026, 11, 6), 25_000.0),
        (date(2026, 11, 13), 50_000.0),
        (date(2026, 11, 20), 75_000.0),
        (date(2026, 11, 27), 100_000.0),
    ]
    bob.record_measurement(t.id, 20_000, date(2026, 11, 6))
    after = bob.record_measurement(t.id, 30_000, add=True)  # today: 20,000 + 30,000
    assert after.state.actual == 50_000.0 and after.state.actual_date == TODAY
    # 13 Nov: only the 6 Nov figure (20,000) was in by then; the 18 Nov one came late.
    assert [c.missed for c in after.state.checkpoints] == [True, True, False, False]
    assert after.direction is Direction.AT_LEAST
    log = [r for r in activity(db_path) if r[1] == "target" and r[3] == "record"]
    assert log == [
        ("bob", "target", t.id, "record", "2026-11-06", None, "20000"),
        ("bob", "target", t.id, "record", "2026-11-18", None, "50000"),
    ]


def test_a_later_figure_for_the_same_day_replaces_the_earlier(mkt: Store) -> None:
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    mkt.record_measurement(t.id, 300)
    fixed = mkt.record_measurement(t.id, 200)
    assert fixed.state.actual == 200.0


# -- versions and conflicts ----------------------------------------------------------------


def test_a_stale_version_raises_conflict_and_changes_nothing(
    mkt: Store, bob: Store, db_path: Path
) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    bob.edit_milestone(m.id, m.version, title="Assets Created")
    before = snapshot(db_path)
    with pytest.raises(Conflict) as caught:
        mkt.edit_milestone(m.id, m.version, title="Mine", due=date(2026, 12, 24))
    err = caught.value
    assert (err.entity, err.entity_id, err.expected_version, err.current_version, err.by) == (
        "milestone",
        m.id,
        1,
        2,
        "bob",
    )
    assert "changed by bob" in str(err)
    assert snapshot(db_path) == before
    # Every way of changing it checks the version.
    with pytest.raises(Conflict):
        mkt.move_milestone(m.id, Status.IN_PROGRESS, expected_version=1)
    with pytest.raises(Conflict):
        mkt.complete_milestone(m.id, expected_version=1)
    with pytest.raises(Conflict):
        mkt.delete_milestone(m.id, expected_version=1)
    assert snapshot(db_path) == before
    # Reloading and retrying works.
    fresh = mkt.milestone(m.id)
    assert mkt.edit_milestone(m.id, fresh.version, title="Mine").title == "Mine"


def test_a_stale_version_conflicts_even_when_the_values_match(mkt: Store, bob: Store) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    bob.edit_milestone(m.id, m.version, title="Assets Created")
    with pytest.raises(Conflict):
        mkt.edit_milestone(m.id, m.version, title="Assets Created")


def test_task_versions(mkt: Store, bob: Store, db_path: Path) -> None:
    t = mkt.add_task("MKT", "Draft copy", TODAY, date(2026, 11, 25))
    bob.edit_task(t.id, t.version, title="Draft the copy")
    before = snapshot(db_path)
    with pytest.raises(Conflict) as caught:
        mkt.edit_task(t.id, t.version, status=TaskStatus.DONE)
    assert (caught.value.entity, caught.value.expected_version, caught.value.current_version) == (
        "task",
        1,
        2,
    )
    assert snapshot(db_path) == before


# -- all or nothing ------------------------------------------------------------------------


def test_failed_add_leaves_no_milestone_and_no_activity(mkt: Store, db_path: Path) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id, 999])
    assert caught.value.field == "depends"
    assert snapshot(db_path) == before
    assert count(db_path, "milestone") == 1
    assert count(db_path, "milestonedependency") == 0
    assert [r[6] for r in activity(db_path) if r[1] == "milestone"] == ["A"]
    # The next milestone gets made normally (nothing was left in the session or pool).
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    assert b.depends_on == (a.id,)


def test_a_failed_first_command_does_not_create_me(make_store: MakeStore, db_path: Path) -> None:
    alice = make_store("alice")
    alice.add_project("MKT", "Winter campaign")
    carol = make_store("carol", "Carol Cruz")
    before = snapshot(db_path)
    with pytest.raises(Invalid):
        carol.add_milestone("NOPE", "T", DEC1)
    with pytest.raises(Invalid):
        carol.add_milestone("MKT", "T", DEC1, depends_on=[5])
    assert snapshot(db_path) == before
    assert rows(db_path, "SELECT login FROM person ORDER BY login") == [("alice",)]
    m = carol.add_milestone("MKT", "T", DEC1)
    assert m.owner == "carol"
    assert rows(db_path, "SELECT login, name FROM person ORDER BY login") == [
        ("alice", "Alice Archer"),
        ("carol", "Carol Cruz"),
    ]


def test_set_dependencies_is_all_or_nothing(mkt: Store, db_path: Path) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1)
    c = mkt.add_milestone("MKT", "C", DEC1, depends_on=[a.id])
    mkt.add_dependency(c.id, b.id)  # B after C after A
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        # Dropping A and adding B would make C depend on B, which depends on C.
        mkt.set_dependencies(c.id, [b.id])
    assert "would make a cycle" in str(caught.value)
    assert snapshot(db_path) == before
    assert mkt.milestone(c.id).depends_on == (a.id,)


# -- delete --------------------------------------------------------------------------------


def test_delete_milestone(mkt: Store, db_path: Path) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    c = mkt.add_milestone("MKT", "C", DEC1, depends_on=[b.id])
    task = mkt.add_task("MKT", "Write", TODAY, date(2026, 11, 20), milestone_id=b.id)
    mkt.add_comment(b.id, "note")
    mkt.delete_milestone(b.id, mkt.milestone(b.id).version)
    with pytest.raises(NotFound):
        mkt.milestone(b.id)
    assert mkt.task(task.id).milestone_id is None  # the task stays, unlinked
    assert mkt.milestone(c.id).depends_on == ()
    assert count(db_path, "milestonedependency") == 0
    assert count(db_path, "comment") == 0
    assert activity(db_path, b.id)[-1] == ("alice", "milestone", b.id, "delete", "", "B", None)
    assert [m.id for m in mkt.list_milestones()] == [a.id, c.id]


def test_delete_project_takes_everything_in_it(mkt: Store, db_path: Path) -> None:
    mkt.add_project("OPS", "Operations")
    keep = mkt.add_milestone("OPS", "Keep me", DEC1)
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    a = mkt.add_milestone("MKT", "A", DEC1, target_id=t.id)
    mkt.add_task("MKT", "Write", TODAY, DEC1, milestone_id=a.id)
    mkt.add_comment(a.id, "note")
    mkt.record_measurement(t.id, 10)
    mkt.delete_project("MKT")
    assert [p.key for p in mkt.list_projects()] == ["OPS"]
    assert [m.id for m in mkt.list_milestones()] == [keep.id]
    for table in ("task", "comment", "target", "checkpoint", "measurement"):
        assert count(db_path, table) == 0, table
    assert rows(db_path, "PRAGMA foreign_key_check") == []


# -- dependencies --------------------------------------------------------------------------


def test_dependencies_and_cycle_refusal_naming_the_milestones(mkt: Store, db_path: Path) -> None:
    a = mkt.add_milestone("MKT", "Strategy Approved", DEC1)
    b = mkt.add_milestone("MKT", "Assets Created", DEC1, depends_on=[a.id])
    c = mkt.add_milestone("MKT", "Campaign Live", DEC1, depends_on=[b.id])
    assert mkt.milestone(c.id).depends_on == (b.id,)
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.add_dependency(c.id, a.id)  # A after C: A → B → C → A
    message = str(caught.value)
    assert caught.value.field == "depends"
    assert (
        f"would make a cycle: #{c.id} Campaign Live → #{a.id} Strategy Approved → "
        f"#{b.id} Assets Created → #{c.id} Campaign Live"
    ) in message
    with pytest.raises(Invalid, match="would make a cycle"):
        mkt.add_dependency(a.id, a.id)
    assert snapshot(db_path) == before


def test_adding_a_dependency_twice_is_harmless(mkt: Store, db_path: Path) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    mkt.add_dependency(a.id, b.id)
    assert count(db_path, "milestonedependency") == 1
    mkt.remove_dependency(a.id, b.id)
    assert mkt.milestone(b.id).depends_on == ()
    assert activity(db_path, b.id)[-1][3:] == ("undepend", "depends_on", str(a.id), None)


def test_dependents_and_detail(mkt: Store) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    detail = mkt.milestone_detail(a.id)
    assert [m.id for m in detail.dependents] == [b.id]
    assert [m.id for m in mkt.milestone_detail(b.id).dependencies] == [a.id]


def test_a_later_predecessor_puts_the_successor_at_risk(mkt: Store) -> None:
    a = mkt.add_milestone("MKT", "Permit", date(2026, 12, 20))
    b = mkt.add_milestone("MKT", "Build", date(2026, 12, 10), depends_on=[a.id])
    assert b.health is Health.AT_RISK
    assert b.health_reasons == ("depends on Permit, projected 2026-12-20",)
    mkt.complete_milestone(a.id)
    assert mkt.milestone(b.id).health is Health.ON_TRACK


# -- derived dates -------------------------------------------------------------------------


def test_derived_due_date_follows_tasks(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Walkthrough", DEC1, due_from_tasks=True)
    t1 = mkt.add_task("MKT", "Pour", TODAY, date(2026, 12, 5), milestone_id=m.id)
    assert mkt.milestone(m.id).due == date(2026, 12, 5)
    t2 = mkt.add_task("MKT", "Paint", TODAY, date(2026, 12, 9), milestone_id=m.id)
    assert mkt.milestone(m.id).due == date(2026, 12, 9)
    mkt.edit_task(t2.id, t2.version, end=date(2026, 12, 3))
    assert mkt.milestone(m.id).due == date(2026, 12, 5)
    mkt.edit_task(t1.id, None, milestone_id=None)
    assert mkt.milestone(m.id).due == date(2026, 12, 3)
    derived = [r for r in activity(db_path, m.id) if r[3] == "derive"]
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


def test_tasks(mkt: Store, db_path: Path) -> None:
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
    assert rows(db_path, "SELECT completed_at FROM task") == [("2026-11-18 10:00:00.000000",)]
    assert [x.id for x in mkt.list_tasks(milestone_id=m.id)] == [t.id]
    assert [x.id for x in mkt.list_tasks(project="mkt")] == [t.id]


def test_bad_task_input_is_refused(mkt: Store, db_path: Path) -> None:
    mkt.add_project("OPS", "Operations")
    other = mkt.add_milestone("OPS", "Elsewhere", DEC1)
    t = mkt.add_task("MKT", "Banners", TODAY, date(2026, 11, 25))
    before = snapshot(db_path)
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
    assert snapshot(db_path) == before


# -- listings and health in the project's timezone -----------------------------------------


def test_listing_shows_everything_unless_filtered(mkt: Store) -> None:
    mkt.add_project("OPS", "Operations")
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


def test_the_due_soon_threshold_comes_from_settings(make_store: MakeStore, settings: Any) -> None:
    import dataclasses

    strict = dataclasses.replace(settings, due_soon_days=10)
    s = make_store("alice", settings_=strict)
    s.add_project("MKT", "Winter campaign")
    assert s.add_milestone("MKT", "In ten days", date(2026, 11, 28)).health is Health.AT_RISK
    assert s.add_milestone("MKT", "In eleven", date(2026, 11, 29)).health is Health.ON_TRACK


# -- failures at COMMIT and at BEGIN ---------------------------------------------------------


def test_a_failed_commit_leaves_nothing_for_the_next_commit(mkt: Store, db_path: Path) -> None:
    """COMMIT itself fails (a deferred foreign key); the next unit of work saves only its own."""
    import sqlalchemy as sa

    before = snapshot(db_path)
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
    assert snapshot(db_path) == before
    mkt.add_project("OPS", "Operations")  # the next, unrelated commit
    assert [t for (t,) in rows(db_path, "SELECT title FROM milestone")] == []
    assert [k for (k,) in rows(db_path, "SELECT key FROM project ORDER BY key")] == ["MKT", "OPS"]


def test_a_write_lock_held_too_long_is_one_clear_error_and_saves_nothing(
    mkt: Store, make_store: MakeStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mstui.errors import MstuiError
    from mstui.store import engine as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    impatient = make_store("carol")
    impatient.me_id()
    before = snapshot(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # someone else is writing, and takes their time
        with pytest.raises(MstuiError) as caught:
            impatient.add_project("OPS", "Operations")
        assert str(caught.value) == "database error, nothing was saved: database is locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(db_path) == before
    impatient.add_project("LAB", "Lab")
    assert [k for (k,) in rows(db_path, "SELECT key FROM project ORDER BY key")] == ["LAB", "MKT"]


def test_adding_to_a_corrected_figure_starts_from_the_correction(mkt: Store) -> None:
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    mkt.record_measurement(t.id, 300, date(2026, 11, 17))
    mkt.record_measurement(t.id, 200, date(2026, 11, 17))  # a correction of the same day
    after = mkt.record_measurement(t.id, 50, add=True)
    assert after.state.actual == 250.0

"""The store on a real SQLite file: people, projects, milestones, comments and figures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from mstui.clock import FrozenClock
from mstui.domain.enums import CommentKind, Direction, Health, Role, Status
from mstui.errors import Invalid, NotFound
from mstui.store import Store
from tests.raw import activity, rows, snapshot

TODAY = date(2026, 11, 18)
DEC1 = date(2026, 12, 1)


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice's store with project MKT (lead alice) and Bob as an editor of it."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project("MKT", "Winter campaign", department="Marketing", start=date(2026, 11, 1))
    store.add_member("MKT", "bob", Role.EDITOR)
    return store


# -- people and projects -------------------------------------------------------------------


def test_first_use_creates_my_person_from_the_account(store: Store, db: str) -> None:
    me = store.me()
    assert (me.login, me.name) == ("alice", "Alice Archer")
    assert rows(db, "SELECT login, name FROM person") == [("alice", "Alice Archer")]
    assert activity(db) == [("alice", "person", me.id, "create", "", None, "alice")]


def test_add_project_makes_the_lead_a_member_and_logs_it(mkt: Store, db: str) -> None:
    p = mkt.project("mkt")
    assert (p.key, p.name, p.lead, p.department, p.start) == (
        "MKT",
        "Winter campaign",
        "alice",
        "Marketing",
        date(2026, 11, 1),
    )
    assert rows(
        db,
        "SELECT p.login, m.role FROM projectmember m JOIN person p ON p.id = m.person_id",
    ) == [("alice", "lead"), ("bob", "editor")]  # bob: added by the fixture
    assert ("alice", "project", p.id, "create", "", None, "MKT") in activity(db)
    assert rows(db, "SELECT name FROM department") == [("Marketing",)]


def test_project_key_and_duplicates_are_refused(mkt: Store, db: str) -> None:
    before = snapshot(db)
    for key in ("M", "1AB", "WAYTOOLONGKEY", "MK T"):
        with pytest.raises(Invalid) as caught:
            mkt.add_project(key, "x")
        assert caught.value.field == "key"
    with pytest.raises(Invalid, match='a project with this key exists \\(got "MKT"\\)'):
        mkt.add_project("mkt", "Again")
    assert snapshot(db) == before


def test_timestamps_come_back_as_aware_utc(mkt: Store) -> None:
    m = mkt.add_milestone("MKT", "Strategy Approved", DEC1)
    assert m.updated_at == datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert m.updated_at.tzinfo is not None


# -- milestones: create, edit, move, complete ----------------------------------------------


def test_add_milestone_defaults(mkt: Store, db: str) -> None:
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
    assert activity(db, m.id) == [
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


def test_bad_milestone_input_is_refused_and_writes_nothing(mkt: Store, db: str) -> None:
    before = snapshot(db)
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
    assert snapshot(db) == before


def test_edit_logs_each_field_from_what_to_what(mkt: Store, db: str) -> None:
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
    log = activity(db, m.id)[1:]
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


def test_an_edit_that_changes_nothing_keeps_the_version(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    same = mkt.edit_milestone(m.id, m.version, title="Assets", due=DEC1)
    assert same.version == m.version
    assert len(activity(db, m.id)) == 1


def test_the_log_names_who_changed_it(mkt: Store, bob: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1, owner="bob")
    bob.edit_milestone(m.id, m.version, kpi_name="Banners", kpi_target=10, kpi_actual=4)
    who = {row[0] for row in activity(db, m.id)[1:]}
    assert who == {"bob"}
    detail = mkt.milestone_detail(m.id)
    assert [a.actor for a in detail.activity][:3] == ["bob", "bob", "bob"]
    assert detail.activity[-1].action == "create" and detail.activity[-1].actor == "alice"


def test_move_through_the_board(mkt: Store, clock: FrozenClock, db: str) -> None:
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
    statuses = [r[5:] for r in activity(db, m.id) if r[4] == "status"]
    assert statuses == [
        ("planned", "in_progress"),
        ("in_progress", "blocked"),
        ("blocked", "in_progress"),
    ]
    reasons = [r[5:] for r in activity(db, m.id) if r[4] == "blocked_reason"]
    assert reasons == [("", "Waiting on legal"), ("Waiting on legal", "")]


def test_blocking_needs_a_reason(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.move_milestone(m.id, Status.BLOCKED)
    assert caught.value.field == "reason"
    with pytest.raises(Invalid):
        mkt.move_milestone(m.id, Status.BLOCKED, reason="   ")
    assert snapshot(db) == before


def test_complete_and_reopen(mkt: Store, clock: FrozenClock) -> None:
    m = mkt.add_milestone("MKT", "Assets", date(2026, 11, 10))
    assert m.health is Health.OVERDUE
    clock.advance(days=1)
    done = mkt.complete_milestone(m.id, m.version)
    assert (done.status, done.health) == (Status.DONE, Health.DONE)
    assert done.completed_at == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)
    reopened = mkt.move_milestone(m.id, Status.IN_PROGRESS)
    assert (reopened.completed_at, reopened.health) == (None, Health.OVERDUE)


def test_unknown_status_or_field_is_invalid(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db)
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
    assert snapshot(db) == before


def test_control_characters_are_made_inert_where_text_enters(mkt: Store, db: str) -> None:
    m = mkt.add_milestone(
        "MKT", "Evil\x1b]52;c;SGk=\x07\u202etitle\x9b2J", DEC1, description="a\nb\x1b[2J"
    )
    stored_title, stored_desc = rows(db, "SELECT title, description FROM milestone")[0]
    assert stored_title == "Evil\u241b]52;c;SGk=\u2407\ufffdtitle\ufffd2J"
    assert stored_desc == "a\nb\u241b[2J"
    c = mkt.add_comment(m.id, "ok\n\tindented\x1b[31m red\r\n")
    assert c.body == "ok\n\tindented\u241b[31m red"


# -- comments and measurements -------------------------------------------------------------


def test_comments_keep_author_kind_and_order(
    mkt: Store, bob: Store, clock: FrozenClock, db: str
) -> None:
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
    log = activity(db, m.id)
    assert ("bob", "milestone", m.id, "comment", "note", None, "Banners need\ntwo more days") in log


def test_an_empty_comment_or_a_missing_milestone_is_refused(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    before = snapshot(db)
    with pytest.raises(Invalid):
        mkt.add_comment(m.id, " \n ")
    with pytest.raises(NotFound):
        mkt.add_comment(999, "hello")
    assert snapshot(db) == before


def test_record_measurements_of_a_target(mkt: Store, bob: Store, db: str) -> None:
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
    log = [r for r in activity(db) if r[1] == "target" and r[3] == "record"]
    assert log == [
        ("bob", "target", t.id, "record", "2026-11-06", None, "20000"),
        ("bob", "target", t.id, "record", "2026-11-18", None, "50000"),
    ]


def test_a_later_figure_for_the_same_day_replaces_the_earlier(mkt: Store) -> None:
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    mkt.record_measurement(t.id, 300)
    fixed = mkt.record_measurement(t.id, 200)
    assert fixed.state.actual == 200.0

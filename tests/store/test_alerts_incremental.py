"""The alert engine on a real SQLite file: incremental scans, indexes, alerts resolved.

Uses the shared fixtures of tests/conftest.py: `store` is Alice's (the lead of
every project here), `make_store("bob")` another person's store on the same
file through another engine, `clock` the frozen clock they all read
(Wednesday 2026-11-18 10:00 UTC).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Role, Status
from mstui.identity import Account
from mstui.store import AlertFilter, Store, notices, open_store
from tests import pg
from tests.conftest import MakeStore

TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the rules: the notices that setting up their world would
    send (an owner named, a member added) are tests/store/test_notices.py's."""
    monkeypatch.setattr(notices, "notify", lambda *args, **kwargs: None)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def team(store: Store) -> Store:
    """Alice leads SLS (Sales); Bob works in Sales; Carol heads Sales; Dave is a member."""
    store.add_person("bob", "Bob Baker", "Sales")
    store.add_person("carol", "Carol Chu", "Sales", department_head=True)
    store.add_person("dave", "Dave Diaz", "Marketing")
    store.add_project("SLS", "Sales quarter", lead="alice", department="Sales")
    store.add_member("SLS", "bob", Role.EDITOR)
    store.add_member("SLS", "dave", Role.EDITOR)
    return store


def alert_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.db.engine.connect() as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT a.kind, p.login, a.dedupe_key FROM alert a "
                    "JOIN person p ON p.id = a.recipient_id ORDER BY a.id"
                )
            )
        )


def raised(views: list[Any]) -> list[tuple[str, str]]:
    return sorted((v.kind, v.recipient) for v in views)


# -- incremental equals full -----------------------------------------------------------------------


def _full_scan_of_a_copy(store: Store, tmp_path: Path, clock: FrozenClock) -> list[Any]:
    if store.db.path is None:
        copy = pg.copy_database(store.db.url)
    else:
        copy = str(tmp_path / f"copy-{clock.now().timestamp():.0f}.db")
        src, dst = sqlite3.connect(store.db.path), sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    other = open_store(
        Settings(db=copy, timezone="UTC"), FrozenClock(clock.now()), Account("x", "x")
    )
    try:
        return other.scan(full=True)
    finally:
        other.db.close()


def test_incremental_scans_miss_nothing_a_full_scan_would_raise(
    team: Store, clock: FrozenClock, tmp_path: Path, make_store: MakeStore
) -> None:
    import random

    rng = random.Random(3)
    team.add_project("OPS", "Operations", lead="bob", timezone="Pacific/Auckland")
    for login in ("alice", "dave"):  # bob, its lead, lets them work in it
        make_store("bob").add_member("OPS", login, Role.EDITOR)
    ids: list[int] = []
    for i in range(40):
        m = team.add_milestone(
            rng.choice(["SLS", "OPS"]),
            f"M{i}",
            day(rng.randint(-3, 8)),
            owner=rng.choice(["alice", "bob", "dave"]),
            depends_on=[ids[-1]] if ids and rng.random() < 0.3 else [],
        )
        ids.append(m.id)
    team.scan()
    for step in range(10):
        clock.advance(hours=7)
        for mid in rng.sample(ids, 3):
            action = rng.random()
            if action < 0.4:
                team.edit_milestone(mid, None, due=day(rng.randint(-2, 10) + step // 3))
            elif action < 0.6:
                team.move_milestone(mid, Status.BLOCKED, reason="stuck")
            elif action < 0.8:
                team.complete_milestone(mid)
            else:
                team.move_milestone(mid, Status.IN_PROGRESS)
        clock.advance(minutes=1)
        team.scan()
        assert _full_scan_of_a_copy(team, tmp_path, clock) == [], f"step {step}"


# -- the queries use indexes ----------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads SQLite's query plans
def test_an_incremental_scan_reads_through_indexes(team: Store, clock: FrozenClock) -> None:
    for i in range(20):
        team.add_milestone("SLS", f"M{i}", day(i - 10), owner="bob")
    team.scan()
    clock.advance(hours=14)
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if sql.lstrip().upper().startswith("SELECT") and not many:
            statements.append((sql, params))

    sa.event.listen(team.db.engine, "before_cursor_execute", capture)
    try:
        team.scan()
    finally:
        sa.event.remove(team.db.engine, "before_cursor_execute", capture)
    assert team.last_scan is not None and not team.last_scan.full
    big = ("milestone", "activity", "alert", "task", "checkpoint", "milestonedependency")
    assert statements
    with team.db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for sql, params in statements:
            plan = raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            for row in plan:
                detail = row[-1]
                words = detail.split()
                if words[0] == "SCAN" and words[1] in big:
                    raise AssertionError(f"full scan of {words[1]}: {detail}\n{sql}")
                # An index on a column with a handful of values walks most of the table.
                if detail.endswith(("(status=?)", "(entity=?)")):
                    raise AssertionError(f"unselective index: {detail}\n{sql}")


# -- no longer true ---------------------------------------------------------------------


def test_an_alert_that_stopped_being_true_is_resolved(
    team: Store, make_store: MakeStore, clock: FrozenClock
) -> None:
    """Moved to a later date, the 'missed' and 'escalation' alerts leave every inbox;
    moved back, the same alerts come back (the same rows, not new ones)."""
    bob = make_store("bob")
    m = team.add_milestone("SLS", "Top-10 accounts", day(-3), owner="bob")
    assert raised(team.scan()) == [
        ("escalation", "alice"),
        ("escalation", "carol"),
        ("missed", "alice"),
        ("missed", "bob"),
    ]
    assert bob.unread_count() == 1
    clock.advance(minutes=5)
    team.edit_milestone(m.id, None, due=day(9))
    clock.advance(minutes=1)
    assert team.scan() == []
    assert team.last_scan is not None and team.last_scan.resolved == 4
    assert bob.unread_count() == 0 and team.unread_count() == 0
    handled = bob.list_alerts(AlertFilter(open_only=False))
    assert [(a.kind, a.resolved_at is not None) for a in handled] == [("missed", True)]
    assert team.scan() == [] and team.last_scan.resolved == 0  # once

    clock.advance(minutes=5)
    team.edit_milestone(m.id, None, due=day(-3))
    clock.advance(minutes=1)
    assert team.scan() == []  # nothing new: the old rows reopen
    assert team.last_scan.reopened == 4
    assert bob.unread_count() == 1 and len(alert_rows(team)) == 4


def test_finishing_resolves_and_an_acknowledged_alert_keeps_its_state(
    team: Store, make_store: MakeStore, clock: FrozenClock
) -> None:
    bob = make_store("bob")
    m = team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    team.scan()
    (mine,) = team.list_alerts()
    team.acknowledge([mine.id])
    clock.advance(minutes=5)
    bob.complete_milestone(m.id)
    clock.advance(minutes=1)
    new = team.scan()
    assert {a.kind for a in new} == {"achievement"}  # an event: raised, never resolved
    assert bob.unread_count() == 1  # the achievement, not the missed one
    states = {(a.recipient, a.kind): a for a in team.all_alerts(open_only=False)}
    assert states[("bob", "missed")].resolved_at is not None
    assert states[("alice", "missed")].resolved_at is None  # she had acknowledged it
    assert states[("alice", "missed")].acknowledged_at is not None


def test_scans_with_other_settings_do_not_resolve_each_others_alerts(
    team: Store, make_store: MakeStore, settings: Settings, clock: FrozenClock
) -> None:
    """Resolving looks at the milestone's data, never at one person's thresholds or zone:
    Carol (escalation after 5 days, another timezone) leaves Bob's escalations alone."""
    bob = make_store("bob", settings_=replace(settings, escalation_days=2))
    carol = make_store(
        "carol", settings_=replace(settings, escalation_days=5, timezone="Pacific/Kiritimati")
    )
    team.add_milestone("SLS", "Top-10 accounts", day(-3), owner="bob")
    assert {a.kind for a in bob.scan()} >= {"escalation", "missed"}
    open_before = len(team.all_alerts())
    for _ in range(3):
        clock.advance(minutes=2)
        carol.scan(full=True)
        clock.advance(minutes=2)
        bob.scan(full=True)
        assert len(team.all_alerts()) == open_before
        assert carol.last_scan is not None and carol.last_scan.resolved == 0

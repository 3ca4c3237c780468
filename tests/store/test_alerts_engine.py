"""The alert engine on a real SQLite file: raised once, per-recipient state, the rules.

Uses the shared fixtures of tests/conftest.py: `store` is Alice's (the lead of
every project here), `make_store("bob")` another person's store on the same
file through another engine, `clock` the frozen clock they all read
(Wednesday 2026-11-18 10:00 UTC).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Role, Status
from mstui.errors import Invalid, NotFound
from mstui.store import AlertFilter, Store, notices
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


# -- raised once ----------------------------------------------------------------------


def test_a_scan_stores_its_alerts_as_every_other_write_does(team: Store) -> None:
    """A scan's alerts (a bulk insert on SQLite) hold their time in the columns' own
    form: the same text as the milestone written by the ORM at the same moment."""
    team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    assert team.scan(views=False) == []  # the app's scan: nothing read back
    assert team.last_scan is not None and team.last_scan.inserted == 2  # missed: bob, alice
    with team.db.engine.connect() as conn:
        stamps = conn.execute(sa.text("SELECT DISTINCT raised_at FROM alert")).all()
        created = conn.execute(sa.text("SELECT created_at FROM milestone")).all()
        days = conn.execute(sa.text("SELECT DISTINCT about_date FROM alert")).all()
    assert stamps == created
    assert [str(d) for (d,) in days] == [day(-1).isoformat()]


def test_scan_inserts_once_and_a_second_scan_inserts_nothing(
    team: Store, make_store: MakeStore
) -> None:
    late = team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    team.add_milestone("SLS", "Partner deck", day(1), owner="bob")
    first = team.scan()
    assert raised(first) == [
        ("due_soon", "bob"),
        ("missed", "alice"),
        ("missed", "bob"),
    ]
    (alice_missed,) = [a for a in first if a.recipient == "alice"]
    assert alice_missed.subject_type == "milestone"
    assert alice_missed.subject_id == late.id
    assert alice_missed.subject_title == "Pricing page"
    assert alice_missed.project == "SLS"
    assert alice_missed.about == day(-1)
    assert alice_missed.raised_at == team.now()
    assert team.scan() == []
    assert make_store("bob").scan() == []  # another process: nothing new either
    rows = alert_rows(team)
    assert len(rows) == 3
    assert len({key for _, _, key in rows}) == 3


def test_concurrent_scans_raise_each_alert_once(team: Store, make_store: MakeStore) -> None:
    for i in range(30):
        team.add_milestone("SLS", f"Thing {i}", day(i % 7 - 4), owner="bob")
    stores = [make_store(f"user{i}") for i in range(6)]
    results: list[list[Any]] = [[] for _ in stores]
    start = threading.Barrier(len(stores))

    def run(i: int) -> None:
        start.wait()
        results[i] = stores[i].scan()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = alert_rows(team)
    reported = [a.id for result in results for a in result]
    assert len(reported) == len(set(reported)) == len(rows) > 30
    assert Counter(key for _, _, key in rows).most_common(1)[0][1] == 1


# -- state per recipient ----------------------------------------------------------------------


def test_acknowledging_is_per_recipient(team: Store, make_store: MakeStore) -> None:
    team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    team.scan()
    bob = make_store("bob")
    (bobs,) = bob.my_alerts()
    (alices,) = team.my_alerts()
    assert (bob.unread_count(), team.unread_count()) == (1, 1)
    (acked,) = bob.acknowledge([bobs.id])
    assert acked.acknowledged_at == bob.now()
    assert bob.my_alerts() == []
    assert bob.unread_count() == 0
    assert [a.id for a in team.my_alerts()] == [alices.id]  # the lead still sees hers
    assert [a.id for a in team.all_alerts()] == [alices.id]
    assert {a.id for a in team.all_alerts(open_only=False)} == {alices.id, bobs.id}
    history = bob.activity("alert", bobs.id)
    assert [(h.actor, h.action) for h in history] == [("bob", "acknowledge")]


def test_only_my_own_alerts_can_be_acknowledged(team: Store, make_store: MakeStore) -> None:
    team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    team.scan()
    bobs = make_store("bob").my_alerts()[0]
    with pytest.raises(Invalid, match="is addressed to bob, not to you"):
        team.acknowledge([bobs.id])
    with pytest.raises(NotFound):
        team.acknowledge([99_999])
    assert make_store("bob").unread_count() == 1
    assert team.acknowledge([]) == []


def test_acknowledge_all(team: Store) -> None:
    for i in range(3):
        team.add_milestone("SLS", f"Late {i}", day(-1 - i), owner="alice")
    team.scan()
    assert team.unread_count() == 5  # three missed, two escalated
    assert team.acknowledge_all(AlertFilter(kinds=("escalation",))) == 2
    assert team.unread_count() == 3
    assert team.acknowledge_all() == 3
    assert team.my_alerts() == []


def test_snooze_hides_until_its_time(team: Store, clock: FrozenClock) -> None:
    team.add_milestone("SLS", "Pricing page", day(-1), owner="alice")
    team.scan()
    (mine,) = team.my_alerts()
    (snoozed,) = team.snooze_for([mine.id], timedelta(hours=1))
    assert snoozed.snoozed_until == team.now() + timedelta(hours=1)
    assert team.my_alerts() == []
    assert team.unread_count() == 0
    clock.advance(minutes=59)
    assert team.my_alerts() == []
    clock.advance(minutes=1)  # the snooze ends exactly now
    assert [a.id for a in team.my_alerts()] == [mine.id]
    with pytest.raises(Invalid, match="is not in the future"):
        team.snooze([mine.id], team.now())
    (reopened,) = team.reopen([mine.id])
    assert (reopened.acknowledged_at, reopened.snoozed_until) == (None, None)


def test_alerts_since_sees_what_another_process_inserted(
    team: Store, make_store: MakeStore
) -> None:
    bob = make_store("bob")
    assert bob.latest_alert_id() == 0
    assert bob.alerts_since(0) == []
    team.add_milestone("SLS", "Pricing page", day(-1), owner="bob")
    team.add_milestone("SLS", "Partner deck", day(0), owner="bob")
    team.scan()  # Alice's process inserts Bob's alerts
    toasts = bob.alerts_since(0)
    assert [a.kind for a in toasts] == ["missed", "due_soon"]
    assert [a.id for a in toasts] == sorted(a.id for a in toasts)
    assert {a.recipient for a in toasts} == {"bob"}
    last = bob.latest_alert_id()
    assert last == toasts[-1].id
    assert bob.alerts_since(last) == []
    bob.acknowledge([toasts[1].id])
    assert [a.id for a in bob.alerts_since(0)] == [toasts[0].id]


# -- the rules through the engine ------------------------------------------------------------


def test_time_passing_raises_what_crossed_a_line(team: Store, clock: FrozenClock) -> None:
    team.add_milestone("SLS", "Yesterday", day(-1), owner="bob")
    team.add_milestone("SLS", "Today", day(0), owner="bob")
    team.add_milestone("SLS", "In four days", day(4), owner="bob")
    assert raised(team.scan()) == [
        ("due_soon", "bob"),
        ("missed", "alice"),
        ("missed", "bob"),
    ]
    assert team.last_scan is not None and team.last_scan.full
    clock.advance(hours=14)  # Thursday 00:00: a new day
    second = team.scan()
    assert team.last_scan is not None and not team.last_scan.full
    assert raised(second) == [
        ("due_soon", "bob"),  # in four days is now in three
        ("escalation", "alice"),  # yesterday is now two days late
        ("escalation", "carol"),  # Bob's department head
        ("missed", "alice"),  # today is now missed
        ("missed", "bob"),
    ]
    assert team.scan() == []
    assert team.scan(full=True) == []  # the incremental scan missed nothing


def test_a_milestone_moved_to_a_new_date_alerts_again(team: Store, clock: FrozenClock) -> None:
    m = team.add_milestone("SLS", "Partner deck", day(2), owner="bob")
    (first,) = team.scan()
    clock.advance(minutes=5)
    team.edit_milestone(m.id, None, due=day(3))
    clock.advance(minutes=1)
    (again,) = team.scan()
    assert (first.kind, again.kind) == ("due_soon", "due_soon")
    assert (first.about, again.about) == (day(2), day(3))
    assert again.message == "Due in 3 days: #1 Partner deck (SLS), due 2026-11-21"
    assert len(alert_rows(team)) == 2
    assert team.scan() == []


def test_blocked_too_long_reaches_the_lead(team: Store, clock: FrozenClock) -> None:
    m = team.add_milestone("SLS", "Pricing page", day(30), owner="bob")
    team.move_milestone(m.id, Status.BLOCKED, reason="Waiting on legal")
    assert team.scan() == []
    clock.advance(days=2)  # exactly two days: not more than two
    assert team.scan() == []
    clock.advance(minutes=1)
    (alert,) = team.scan()
    assert (alert.kind, alert.recipient, alert.severity.value) == ("blocked", "alice", "warning")
    assert alert.message.endswith("#1 Pricing page (SLS): Waiting on legal")


def test_achievement_recognises_the_members(team: Store, make_store: MakeStore) -> None:
    m = team.add_milestone("SLS", "Pricing page", day(2), owner="bob")
    team.scan()
    make_store("bob").complete_milestone(m.id)
    found = team.scan()
    assert raised(found) == [
        ("achievement", "alice"),
        ("achievement", "bob"),
        ("achievement", "dave"),
    ]
    assert found[0].message == (
        "Achieved 2 days early: #1 Pricing page (SLS), due 2026-11-20, done 2026-11-18"
    )


def test_dependency_slipped_tells_the_dependents_owner(team: Store, clock: FrozenClock) -> None:
    first = team.add_milestone("SLS", "Contract signed", day(10), owner="alice")
    second = team.add_milestone("SLS", "Kick-off", day(12), owner="bob", depends_on=[first.id])
    assert team.scan() == []
    clock.advance(minutes=1)
    team.edit_milestone(first.id, None, due=day(13))
    clock.advance(minutes=1)
    (alert,) = team.scan()
    assert (alert.kind, alert.recipient, alert.subject_id) == (
        "dependency_slipped",
        "bob",
        second.id,
    )
    assert alert.message == (
        "Dependency slipped: #2 Kick-off (SLS), due 2026-11-30: it waits on "
        "#1 Contract signed (SLS), due 2026-12-01"
    )


def test_checkpoint_missed_tells_the_target_owner_and_lead(team: Store, clock: FrozenClock) -> None:
    t = team.add_target(
        "Revenue November",
        100_000,
        date(2026, 11, 1),
        date(2026, 11, 30),
        unit="USD",
        project="SLS",
        owner="bob",
        checkpoints=[(day(-5), 50_000), (day(2), 75_000), (date(2026, 11, 30), 100_000)],
    )
    team.record_measurement(t.id, 43_000, day(-5))
    found = team.scan()
    assert raised(found) == [("checkpoint_missed", "alice"), ("checkpoint_missed", "bob")]
    assert found[0].subject_type == "target"
    assert found[0].subject_title == "Revenue November"
    assert found[0].message == (
        "Checkpoint missed: Revenue November (SLS) expected 50,000 USD by 2026-11-13, "
        "had 43,000 USD"
    )
    clock.advance(days=2)  # the day of the next checkpoint: not missed yet
    team.record_measurement(t.id, 74_000, day(2))
    assert team.scan() == []
    clock.advance(hours=14)  # the day after
    assert raised(team.scan()) == [("checkpoint_missed", "alice"), ("checkpoint_missed", "bob")]


def test_review_due_tells_the_lead(team: Store) -> None:
    team.add_project("OPS", "Operations", lead="alice", start=date(2026, 9, 1))
    (alert,) = team.scan()
    assert (alert.kind, alert.recipient, alert.subject_type, alert.project) == (
        "review_due",
        "alice",
        "project",
        "OPS",
    )
    assert alert.message == "Quarterly review due: OPS Operations, a new quarter began 2026-10-01"


def test_project_thresholds_override_the_settings(team: Store, clock: FrozenClock) -> None:
    team.add_milestone("SLS", "Far", day(8), owner="bob")
    assert team.scan() == []
    clock.advance(minutes=1)
    th = team.set_project_thresholds("SLS", due_soon_days=10, review_cadence="monthly")
    assert (th.due_soon_days, th.escalation_days, th.review_cadence) == (10, 2, "monthly")
    clock.advance(minutes=1)
    assert raised(team.scan()) == [("due_soon", "bob")]  # the change re-checked the project
    with pytest.raises(Invalid):
        team.set_project_thresholds("SLS", due_soon_days=-1)
    with pytest.raises(Invalid):
        team.set_project_thresholds("SLS", review_cadence="yearly")
    team.set_project_thresholds("SLS", due_soon_days=None)
    assert team.project_thresholds("SLS")[1]["due_soon_days"] is None


def test_changed_settings_make_a_full_scan(
    team: Store, make_store: MakeStore, settings: Settings
) -> None:
    team.add_milestone("SLS", "Far", day(8), owner="bob")
    assert team.scan() == []
    wider = make_store("bob", settings_=replace(settings, due_soon_days=9))
    assert raised(wider.scan()) == [("due_soon", "bob")]
    assert wider.last_scan is not None and wider.last_scan.full


def test_archived_projects_raise_nothing(team: Store) -> None:
    team.add_milestone("SLS", "Pricing page", day(-5), owner="bob")
    team.set_project_archived("SLS", True)
    assert team.scan() == []


def test_alert_text_is_inert(team: Store) -> None:
    team.add_milestone("SLS", "Pay \x1b]52;c;SGk=\x07now", day(-1), owner="bob")
    for alert in team.scan():
        assert "\x1b" not in alert.message and "\x07" not in alert.message
        assert "\x1b" not in str(alert.to_json())

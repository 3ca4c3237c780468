"""Baselines, the plan rebuilt as of a past moment, slips and variance, on both engines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mstui.clock import FrozenClock
from mstui.domain.dates import end_of_day
from mstui.domain.enums import Role, Status
from mstui.errors import Invalid, NotAllowed
from mstui.store import Store
from tests.conftest import NOW, MakeStore

DAY = date(2026, 12, 1)


@pytest.fixture
def plan(store: Store) -> Store:
    """MKT with three milestones (one with two tasks and estimates) and a loose task."""
    store.add_project("MKT", "Winter campaign", start=date(2026, 11, 1))
    a = store.add_milestone("MKT", "Strategy approved", DAY, cost_estimate=1000, effort_estimate=8)
    b = store.add_milestone("MKT", "Assets created", DAY + timedelta(days=14), depends_on=[a.id])
    store.add_milestone("MKT", "Campaign live", DAY + timedelta(days=28), depends_on=[b.id])
    store.add_task("MKT", "Brief", date(2026, 11, 20), DAY, milestone_id=a.id, estimate_hours=6)
    store.add_task("MKT", "Banners", DAY, DAY + timedelta(days=10), milestone_id=b.id)
    store.add_task("MKT", "Loose ends", DAY, DAY + timedelta(days=3))
    return store


def ids(store: Store) -> dict[str, int]:
    return {m.title: m.id for m in store.list_milestones()}


def task_ids(store: Store) -> dict[str, int]:
    return {t.title: t.id for t in store.list_tasks(project="MKT")}


def test_a_baseline_keeps_every_date_and_estimate(plan: Store) -> None:
    saved = plan.save_baseline("MKT", "agreed")
    assert (saved.name, saved.milestones, saved.tasks, saved.by) == ("agreed", 3, 3, "alice")
    got = plan.baseline("MKT", "agreed")
    strategy = got.item("m", ids(plan)["Strategy approved"])
    assert strategy is not None
    assert (strategy.end, strategy.cost, strategy.effort) == (DAY, 1000, 8)
    brief = got.item("t", task_ids(plan)["Brief"])
    assert brief is not None
    assert (brief.start, brief.end, brief.effort) == (date(2026, 11, 20), DAY, 6)
    assert brief.milestone_id == ids(plan)["Strategy approved"]
    # Later changes leave the baseline as it was.
    plan.edit_milestone(strategy.id, None, due=DAY + timedelta(days=5), cost_estimate=1500)
    again = plan.baseline("MKT")
    assert again.items == got.items


def test_names_default_to_the_date_and_are_unique_per_project(plan: Store) -> None:
    first, second = plan.save_baseline("MKT"), plan.save_baseline("MKT")
    assert (first.name, second.name) == ("2026-11-18", "2026-11-18 (2)")
    with pytest.raises(Invalid, match="already has a baseline"):
        plan.save_baseline("MKT", "2026-11-18")
    assert [b.name for b in plan.baselines("MKT")] == ["2026-11-18 (2)", "2026-11-18"]
    assert plan.baseline("mkt", "2026-11-18 (2)").name == "2026-11-18 (2)"
    assert plan.delete_baseline("MKT", "2026-11-18") == "2026-11-18"
    assert [b.name for b in plan.baselines("MKT")] == ["2026-11-18 (2)"]
    with pytest.raises(Invalid, match="no such baseline"):
        plan.baseline("MKT", "2026-11-18")


def test_without_a_baseline_the_variance_says_how_to_save_one(plan: Store) -> None:
    with pytest.raises(Invalid, match="mstui baseline save MKT"):
        plan.variance("MKT")


def test_the_plan_rebuilt_at_a_past_moment_equals_the_baseline_saved_then(
    plan: Store, clock: FrozenClock
) -> None:
    saved = plan.save_baseline("MKT", "then")
    moment = plan.now()
    m, t = ids(plan), task_ids(plan)
    # A week of changes of every kind the plan holds, by two people.
    for days in range(1, 8):
        clock.advance(days=1)
        plan.edit_milestone(m["Assets created"], None, due=DAY + timedelta(days=14 + days))
    plan.edit_milestone(m["Strategy approved"], None, title="Strategy signed", cost_estimate=99)
    plan.shift_task(t["Banners"], 3, reason="printer")
    plan.edit_task(t["Brief"], None, estimate_hours=12)
    plan.move_milestone(m["Strategy approved"], Status.DONE)
    plan.add_milestone("MKT", "Added later", DAY)
    plan.add_task("MKT", "Added task", DAY, DAY)
    rebuilt = plan.plan_as_of("MKT", moment)
    assert rebuilt.items == saved.items
    assert not rebuilt.saved and rebuilt.name.startswith("as of 2026-11-18")
    # As of the end of a later day: the changes made by then, and no later ones.
    mid = plan.plan_as_of("MKT", end_of_day("UTC", date(2026, 11, 21)))
    assets = mid.item("m", m["Assets created"])
    assert assets is not None and assets.end == DAY + timedelta(days=17)


def test_as_of_before_the_project_existed_is_an_empty_plan(plan: Store) -> None:
    assert plan.plan_as_of("MKT", NOW - timedelta(days=1)).items == ()


def test_only_later_moves_are_slips_with_who_when_and_why(
    plan: Store, make_store: MakeStore, clock: FrozenClock
) -> None:
    mid = ids(plan)["Campaign live"]
    bob = make_store("bob")
    bob.me()
    plan.add_member("MKT", "bob", Role.EDITOR)
    plan.edit_milestone(mid, None, due=DAY + timedelta(days=35), reason="Vendor late")
    clock.advance(days=1)
    bob.shift_milestone(mid, -2, reason="not a slip")  # earlier: not a slip
    clock.advance(days=1)
    bob.shift_milestone(mid, 7)  # later, no reason given
    slips = plan.slips(mid)
    assert [(x.who, x.days, x.reason) for x in slips] == [
        ("bob", 7, ""), ("alice", 7, "Vendor late"),
    ]  # fmt: skip
    detail = plan.milestone_detail(mid)
    assert (len(detail.slips), detail.slipped_days) == (2, 14)
    data = detail.to_json()["slips"]
    assert (data["count"], data["days"]) == (2, 14)
    assert data["moves"][0] == {
        "milestone_id": mid, "at": NOW.isoformat(), "by": "alice",
        "from": (DAY + timedelta(days=28)).isoformat(),
        "to": (DAY + timedelta(days=35)).isoformat(), "days": 7, "reason": "Vendor late",
    }  # fmt: skip
    # The earlier move kept no reason: a reason goes with a slip only.
    history = [a for a in plan.activity("milestone", mid) if a.field == "due"]
    assert [a.reason for a in history] == [None, None, "Vendor late"]
    week = plan.recent_slips(plan.now() - timedelta(days=7))
    assert [(x.title, x.project, x.days) for x in week] == [
        ("Campaign live", "MKT", 7), ("Campaign live", "MKT", 7),
    ]  # fmt: skip
    assert plan.recent_slips(plan.now() - timedelta(hours=1)) == week[:1]


def test_a_milestone_dated_by_its_tasks_slips_with_the_reason_of_the_task_move(
    plan: Store,
) -> None:
    mid = ids(plan)["Assets created"]
    plan.edit_milestone(mid, None, due_from_tasks=True)
    banners = task_ids(plan)["Banners"]
    plan.shift_task(banners, 5, reason="Printer broke down")
    (slip,) = plan.slips(mid)
    assert slip.reason == "Printer broke down"


def test_a_move_undone_is_no_slip(plan: Store) -> None:
    mid = ids(plan)["Campaign live"]
    moved = plan.shift_milestone(mid, 7, reason="Vendor late")
    plan.shift_milestone(mid, -7, moved.version)  # what u on the timeline does
    assert plan.slips(mid) == []
    assert plan.milestone_detail(mid).slips == ()
    assert plan.recent_slips(plan.now() - timedelta(days=7)) == []


def test_a_reason_is_one_line_and_bounded(plan: Store) -> None:
    mid = ids(plan)["Campaign live"]
    with pytest.raises(Invalid, match="reason"):
        plan.edit_milestone(mid, None, due=DAY + timedelta(days=40), reason="x" * 501)
    assert plan.slips(mid) == []


def test_variance_per_milestone_and_for_the_project(plan: Store, clock: FrozenClock) -> None:
    plan.save_baseline("MKT", "agreed")
    m = ids(plan)
    plan.edit_milestone(m["Assets created"], None, due=DAY + timedelta(days=28), reason="Late")
    plan.edit_milestone(m["Strategy approved"], None, cost_estimate=1200, cost_actual=1300)
    clock.set(NOW.add(days=16))  # 4 December: done 3 days after its baseline date
    plan.complete_milestone(m["Strategy approved"])
    added = plan.add_milestone("MKT", "Press day", DAY + timedelta(days=40), cost_estimate=50)
    plan.delete_milestone(m["Campaign live"])
    base, report = plan.variance("MKT")
    assert base.name == "agreed"
    by = {r.title: r for r in report.rows}
    assert (by["Assets created"].days, by["Assets created"].change) == (14, "kept")
    strategy = by["Strategy approved"]
    assert (strategy.days, strategy.done, strategy.finish_days) == (0, date(2026, 12, 4), 3)
    assert strategy.cost == (1000, 1200, 1300)
    assert (by["Press day"].change, by["Press day"].baseline_due, by["Press day"].days) == (
        "added", None, None,
    )  # fmt: skip
    assert (by["Campaign live"].change, by["Campaign live"].due) == ("deleted", None)
    totals = report.totals()
    counts = (totals["later"], totals["days_later"], totals["added"], totals["deleted"])
    assert counts == (1, 14, 1, 1)
    assert totals["cost"] == {"baseline": 1000, "now": 1250, "actual": 1300}
    assert added.id in {r.id for r in report.rows}


def test_baselines_follow_the_roles(plan: Store, make_store: MakeStore) -> None:
    bob, vera = make_store("bob"), make_store("vera")
    bob.me(), vera.me()
    plan.add_member("MKT", "bob", Role.EDITOR)
    plan.add_member("MKT", "vera", Role.VIEWER)
    with pytest.raises(NotAllowed, match="needs editor"):
        vera.save_baseline("MKT", "mine")
    bob.save_baseline("MKT", "bob's")
    with pytest.raises(NotAllowed, match="needs lead"):
        bob.delete_baseline("MKT", "bob's")
    assert [b.name for b in vera.baselines("MKT")] == ["bob's"]
    plan.delete_baseline("MKT", "bob's")
    assert vera.baselines("MKT") == []


def test_a_deleted_project_takes_its_baselines(plan: Store) -> None:
    plan.save_baseline("MKT", "agreed")
    plan.delete_project("MKT")
    plan.add_project("MKT", "Again")
    assert plan.baselines("MKT") == []

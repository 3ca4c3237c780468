"""The pure side of baselines: rebuilding a plan from the history, slips, variance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mstui.domain.baselines import (
    Change,
    Now,
    PlanItem,
    as_of,
    days_label,
    net_slips,
    slip_of,
    variance,
)

T0 = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
D = date(2026, 12, 1)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def test_as_of_undoes_the_later_changes_newest_first() -> None:
    now = [PlanItem("m", 1, "Launch", D + timedelta(days=9), status="done", cost=300)]
    changes = [
        Change("m", 1, at(1), "edit", "due", (D + timedelta(days=2)).isoformat()),
        Change("m", 1, at(3), "shift", "due", (D + timedelta(days=5)).isoformat()),
        Change("m", 1, at(2), "edit", "cost_estimate", "200"),
        Change("m", 1, at(4), "edit", "status", "planned"),
        Change("m", 1, at(-1), "edit", "due", "2000-01-01"),  # before the moment: kept
    ]
    (then,) = as_of(now, {("m", 1): at(-5)}, changes, T0)
    assert (then.end, then.cost, then.status) == (D + timedelta(days=2), 200.0, "planned")
    (later,) = as_of(now, {("m", 1): at(-5)}, changes, at(2))
    assert (later.end, later.cost) == (D + timedelta(days=5), 300)


def test_as_of_leaves_out_what_did_not_exist_and_survives_odd_history() -> None:
    now = [
        PlanItem("m", 1, "Old", D),
        PlanItem("m", 2, "New", D),
        PlanItem("t", 3, "Task", D, start=D, effort=4, milestone_id=1),
    ]
    created = {("m", 1): at(-1), ("m", 2): at(1), ("t", 3): at(-1)}
    changes = [
        Change("m", 1, at(1), "edit", "due", "not a date"),  # another program's text
        Change("m", 1, at(1), "edit", "title", None),  # a required value never empty
        Change("t", 3, at(1), "edit", "estimate_hours", "nan"),
        Change("t", 3, at(2), "edit", "estimate_hours", None),  # had none
        Change("t", 3, at(2), "edit", "milestone_id", None),  # was on no milestone
        Change("t", 3, at(2), "edit", "assignee", "bob"),  # not part of a plan
    ]
    got = {i.key: i for i in as_of(now, created, changes, T0)}
    assert set(got) == {("m", 1), ("t", 3)}
    assert (got[("m", 1)].end, got[("m", 1)].title) == (D, "Old")
    assert (got[("t", 3)].effort, got[("t", 3)].milestone_id) == (None, None)


def test_only_a_move_later_is_a_slip() -> None:
    later = slip_of(7, T0, "bob", "2026-12-01", "2026-12-15", "Vendor late")
    assert later is not None and (later.days, later.reason, later.who) == (14, "Vendor late", "bob")
    assert slip_of(7, T0, "bob", "2026-12-15", "2026-12-01", "why") is None
    assert slip_of(7, T0, "bob", "2026-12-01", "2026-12-01", None) is None
    assert slip_of(7, T0, None, None, "2026-12-01", None) is None  # a creation
    assert slip_of(7, T0, None, "garbage", "2026-12-01", None) is None


def test_days_labels() -> None:
    assert [days_label(n) for n in (5, -2, 0, None)] == ["+5d", "\u22122d", "0d", ""]


def now_row(mid: int, due: date, done: date | None = None, **figures: float) -> Now:
    return Now(
        mid, f"M{mid}", due, "done" if done else "planned", done,
        figures.get("ce"), figures.get("ca"), figures.get("ee"), figures.get("ea"),
    )  # fmt: skip


def test_variance_arithmetic_and_totals() -> None:
    base = [
        PlanItem("m", 1, "M1", D, cost=100, effort=10),
        PlanItem("m", 2, "M2", D + timedelta(days=10), cost=50),
        PlanItem("m", 3, "M3", D + timedelta(days=20)),
        PlanItem("t", 9, "a task", D, start=D),
    ]
    now = [
        now_row(1, D + timedelta(days=5), D + timedelta(days=7), ce=120, ca=130, ee=10, ea=14),
        now_row(2, D + timedelta(days=8)),
        now_row(4, D + timedelta(days=30), ce=10),
    ]
    report = variance(base, now)
    by = {r.id: r for r in report.rows}
    assert (by[1].days, by[1].finish_days, by[1].cost, by[1].effort) == (
        5, 7, (100, 120, 130), (10, 10, 14),
    )  # fmt: skip
    assert (by[2].days, by[2].change) == (-2, "kept")
    assert (by[3].change, by[3].days, by[3].due) == ("deleted", None, None)
    assert (by[4].change, by[4].days) == ("added", None)
    assert [r.id for r in report.rows] == [1, 2, 4, 3]  # today's order, then the deleted
    assert [r.id for r in report.moved] == [1, 2]
    t = report.totals()
    assert (t["milestones"], t["later"], t["earlier"], t["days_later"]) == (4, 1, 1, 5)
    assert (t["added"], t["deleted"], t["median_days"]) == (1, 1, 1.5)
    assert (t["baseline_end"], t["end"], t["end_days"]) == ("2026-12-21", "2026-12-31", 10)
    assert t["cost"] == {"baseline": 150, "now": 130, "actual": 130}
    assert t["effort"] == {"baseline": 10, "now": 10, "actual": 14}
    assert by[1].to_json()["cost"] == {"baseline": 100, "now": 120, "actual": 130}


def test_a_move_straight_back_takes_the_slip_back() -> None:
    d1, d2, d3 = "2026-12-01", "2026-12-08", "2026-12-15"
    changes = [
        (1, at(0), "ann", d1, d2, "late"),  # a slip …
        (1, at(1), "ann", d2, d3, "later"),  # … and another
        (1, at(2), "ann", d3, d2, None),  # undo the second
        (2, at(3), "bob", d1, d2, None),  # another milestone's slip stays
        (1, at(4), "ann", d2, "2026-12-05", None),  # earlier, but not back: the first stays
    ]
    kept = net_slips(changes)
    assert [(x.milestone_id, x.reason) for x in kept] == [(1, "late"), (2, "")]
    assert net_slips([*changes[:1], (1, at(5), "ann", d2, d1, None)]) == []

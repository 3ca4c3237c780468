"""Projected dates, slack and the critical path on small plans with known answers,
and the rule for moving things before what they depend on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mstui.domain.schedule import (
    Key,
    Pred,
    Work,
    blocker,
    forward,
    plan_edges,
    schedule,
    task_health,
)

TODAY = date(2026, 12, 1)


def d(day: int) -> date:
    """A day of January 2027 (a month after TODAY: nothing is late)."""
    return date(2027, 1, day)


def task(tid: int, start: int, end: int) -> Work:
    return Work(("t", tid), d(start), d(end))


def ms(mid: int, due: int) -> Work:
    return Work(("m", mid), d(due), d(due))


def slacks(items: list[Work], edges: list[tuple[Key, Key]]) -> dict[Key, int | None]:
    return {k: s.slack for k, s in schedule(items, edges, TODAY).slots.items()}


def test_plan_edges_link_tasks_to_their_milestone_and_a_phase_to_what_it_waits_for() -> None:
    edges = plan_edges([(1, 10), (2, 20), (3, None)], [(10, 20)])
    assert sorted(edges) == sorted(
        [
            (("t", 1), ("m", 10)),
            (("t", 2), ("m", 20)),
            (("m", 10), ("m", 20)),
            (("m", 10), ("t", 2)),
        ]
    )


def test_a_tight_chain_has_no_slack_and_is_the_critical_path() -> None:
    # A (1–5) → M1 (5) → B (6–10) → M2 (10): each starts the day after the other ends.
    items = [task(1, 1, 5), ms(10, 5), task(2, 6, 10), ms(20, 10)]
    edges = plan_edges([(1, 10), (2, 20)], [(10, 20)])
    result = schedule(items, edges, TODAY)
    assert {k: s.slack for k, s in result.slots.items()} == dict.fromkeys(
        [("t", 1), ("m", 10), ("t", 2), ("m", 20)], 0
    )
    assert result.path == (("t", 1), ("m", 10), ("t", 2), ("m", 20))
    assert result.planned_end == result.projected_end == d(10)
    assert all(s.critical for s in result.slots.values())


def test_a_gap_before_the_next_phase_is_slack_for_what_comes_before_it() -> None:
    # M1 is due on the 7th; B only starts on the 10th: A and M1 may slip two days.
    items = [task(1, 1, 5), ms(10, 7), task(2, 10, 14), ms(20, 14)]
    edges = plan_edges([(1, 10), (2, 20)], [(10, 20)])
    assert slacks(items, edges) == {("t", 1): 4, ("m", 10): 2, ("t", 2): 0, ("m", 20): 0}
    # M1 may slip two days without moving the end: it is not on the critical path.
    assert schedule(items, edges, TODAY).path == (("t", 2), ("m", 20))


def test_the_longer_of_two_parallel_tasks_is_critical() -> None:
    items = [task(1, 1, 3), task(2, 1, 10), ms(10, 10)]
    edges = plan_edges([(1, 10), (2, 10)], [])
    result = schedule(items, edges, TODAY)
    assert {k: s.slack for k, s in result.slots.items()} == {
        ("t", 1): 7,
        ("t", 2): 0,
        ("m", 10): 0,
    }
    assert result.path == (("t", 2), ("m", 10))
    assert not result.slots[("t", 1)].critical


def test_a_late_predecessor_pushes_what_follows_and_the_chain_shows_negative_slack() -> None:
    # M1 moved to the 12th, but its successor's task B was planned 6–10 and M2 on the 10th.
    items = [task(1, 1, 5), ms(10, 12), task(2, 6, 10), ms(20, 10)]
    edges = plan_edges([(1, 10), (2, 20)], [(10, 20)])
    result = schedule(items, edges, TODAY)
    slots = result.slots
    # B cannot start before the 13th: it ends on the 17th, and M2 with it.
    assert (slots[("t", 2)].start, slots[("t", 2)].end) == (d(13), d(17))
    assert slots[("m", 20)].end == d(17)
    assert result.planned_end == d(12)
    assert result.projected_end == d(17)
    # The plan's end (the 12th) slips by five days along the chain.
    assert slots[("m", 20)].slack == -5
    assert slots[("t", 2)].slack == -5
    assert slots[("m", 10)].slack == -5
    assert slots[("t", 1)].slack == 2
    # The path runs back through the least slack at each step, and stops at A,
    # which still has two days to spare.
    assert result.path == (("m", 10), ("t", 2), ("m", 20))


def test_the_demo_release_feature_freeze_a_week_later() -> None:
    """The REL story: Feature Freeze → Alpha Launch → Beta Testing, with their tasks
    (days from 22 Nov 2026), before and after Feature Freeze moves a week later."""
    today = date(2026, 11, 22)

    def rel(freeze: int) -> tuple[dict[Key, int | None], tuple[Key, ...]]:
        def on(n: int) -> date:
            return today + timedelta(days=n)

        items = [
            Work(("t", 1), on(-20), on(4)),  # Reporting engine
            Work(("t", 2), on(-10), on(5)),  # Single sign-on
            Work(("m", 11), on(freeze), on(freeze)),  # Feature Freeze
            Work(("t", 3), on(7), on(15)),  # Installer builds
            Work(("t", 4), on(8), on(12)),  # Internal dogfood
            Work(("m", 12), on(13), on(13)),  # Alpha Launch
            Work(("t", 5), on(14), on(20)),  # Recruit beta testers
            Work(("t", 6), on(20), on(27)),  # Triage beta feedback
            Work(("m", 13), on(27), on(27)),  # Beta Testing
        ]
        tasks = [(1, 11), (2, 11), (3, 12), (4, 12), (5, 13), (6, 13)]
        result = schedule(items, plan_edges(tasks, [(11, 12), (12, 13)]), today)
        return {k: s.slack for k, s in result.slots.items()}, result.path

    before, path = rel(6)
    assert before == {
        ("t", 1): 6, ("t", 2): 5, ("m", 11): 4, ("t", 3): 4, ("t", 4): 7,
        ("m", 12): 4, ("t", 5): 5, ("t", 6): 0, ("m", 13): 0,
    }  # fmt: skip
    # Before: Feature Freeze and Alpha have 4 days to spare; only the last phase decides.
    assert path == (("t", 6), ("m", 13))
    after, path = rel(13)
    assert after == {
        ("t", 1): 6, ("t", 2): 5, ("m", 11): -3, ("t", 3): -3, ("t", 4): 1,
        ("m", 12): -3, ("t", 5): -2, ("t", 6): -3, ("m", 13): -3,
    }  # fmt: skip
    # After: the chain from Feature Freeze to Beta Testing decides the end (3 days late).
    assert path == (("m", 11), ("t", 3), ("m", 12), ("t", 6), ("m", 13))


def test_unfinished_work_whose_end_passed_is_projected_to_end_today() -> None:
    items = [Work(("t", 1), date(2026, 11, 20), date(2026, 11, 25)), ms(10, 5)]
    projected = forward(items, plan_edges([(1, 10)], []), TODAY)
    assert projected[("t", 1)] == (date(2026, 11, 20), TODAY)
    assert projected[("m", 10)] == (d(5), d(5))


def test_an_overdue_milestone_is_projected_to_today() -> None:
    items = [Work(("m", 10), date(2026, 11, 20), date(2026, 11, 20))]
    assert forward(items, [], TODAY)[("m", 10)] == (TODAY, TODAY)


def test_items_left_out_take_no_part() -> None:
    # A done task is not an item: the edge to it is ignored.
    items = [ms(10, 5)]
    result = schedule(items, plan_edges([(1, 10)], []), TODAY)
    assert set(result.slots) == {("m", 10)}
    assert result.slots[("m", 10)].slack == 0


def test_a_cycle_written_behind_the_stores_back_does_not_hang() -> None:
    # 1 ⇄ 2 → 3; 4 stands apart. What is on or after the cycle has no slack.
    items = [ms(1, 5), ms(2, 6), ms(3, 9), ms(4, 12)]
    edges = [(("m", 1), ("m", 2)), (("m", 2), ("m", 1)), (("m", 2), ("m", 3))]
    result = schedule(items, edges, TODAY)
    assert [result.slots[("m", i)].slack for i in (1, 2, 3, 4)] == [None, None, None, 0]
    assert result.slots[("m", 3)].end == d(9)
    assert result.path == (("m", 4),)


def test_an_empty_plan() -> None:
    result = schedule([], [], TODAY)
    assert result.slots == {} and result.path == () and result.planned_end is None


# -- moving things ------------------------------------------------------------------------------

FREEZE = Pred(11, "Feature Freeze", date(2026, 11, 28))
KICKOFF = Pred(9, "Kick-off", date(2026, 11, 20))


def test_a_milestone_may_fall_on_the_day_of_what_it_depends_on_not_before() -> None:
    assert blocker([FREEZE], date(2026, 11, 28), task=False) is None
    assert blocker([FREEZE], date(2026, 11, 27), task=False) == FREEZE


def test_a_task_of_a_dependent_milestone_starts_the_day_after_at_the_earliest() -> None:
    assert blocker([FREEZE], date(2026, 11, 29), task=True) is None
    assert blocker([FREEZE], date(2026, 11, 28), task=True) == FREEZE


def test_the_latest_blocking_predecessor_is_named() -> None:
    assert blocker([KICKOFF, FREEZE], date(2026, 11, 10), task=False) == FREEZE
    assert blocker([KICKOFF, FREEZE], date(2026, 11, 25), task=False) == FREEZE
    assert blocker([KICKOFF], date(2026, 11, 25), task=False) is None
    assert blocker([], date(2000, 1, 1), task=True) is None


@pytest.mark.parametrize(
    ("done", "end", "projected", "due", "health"),
    [
        (True, date(2026, 11, 1), date(2026, 11, 1), None, "done"),
        (False, date(2026, 11, 30), TODAY, None, "overdue"),
        (False, d(5), d(5), d(10), "on_track"),
        (False, d(5), d(8), d(10), "at_risk"),  # pushed by a predecessor
        (False, d(12), d(12), d(10), "at_risk"),  # ends after its milestone
        (False, d(12), d(12), None, "on_track"),
    ],
)
def test_task_health(done: bool, end: date, projected: date, due: date | None, health: str) -> None:
    assert task_health(done, end, projected, due, TODAY) == health

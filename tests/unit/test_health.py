"""The traffic light: each rule at its boundary, thresholds from settings, timezones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.enums import Health, Status
from mstui.domain.health import HealthFacts, HealthRules, assess, health, kpi_behind, projected

NOW = pendulum.datetime(2026, 11, 18, 10, 0, tz="UTC")
TODAY = date(2026, 11, 18)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def facts(due_in: int, status: Status = Status.IN_PROGRESS, **kw: Any) -> HealthFacts:
    return HealthFacts(status=status, due=day(due_in), **kw)


# -- the due-date boundaries, with the default threshold (3 days) --------------------------


@pytest.mark.parametrize(
    ("due_in", "expected", "reasons"),
    [
        (-30, Health.OVERDUE, ("due 2026-10-19, 30d ago",)),
        (-1, Health.OVERDUE, ("due 2026-11-17, 1d ago",)),
        (0, Health.AT_RISK, ("due today",)),
        (1, Health.AT_RISK, ("due in 1d",)),
        (3, Health.AT_RISK, ("due in 3d",)),  # exactly due_soon_days
        (4, Health.ON_TRACK, ()),  # due_soon_days + 1
        (90, Health.ON_TRACK, ()),
    ],
)
def test_due_date_boundaries(due_in: int, expected: Health, reasons: tuple[str, ...]) -> None:
    verdict = assess(facts(due_in), NOW)
    assert verdict.health is expected
    assert verdict.reasons == reasons


@pytest.mark.parametrize("status", [Status.PLANNED, Status.IN_PROGRESS])
def test_open_statuses_follow_the_same_boundaries(status: Status) -> None:
    assert health(facts(-1, status), NOW) is Health.OVERDUE
    assert health(facts(0, status), NOW) is Health.AT_RISK
    assert health(facts(3, status), NOW) is Health.AT_RISK
    assert health(facts(4, status), NOW) is Health.ON_TRACK


@pytest.mark.parametrize("due_in", [-10, -1, 0, 3, 10])
def test_done_and_cancelled_win_over_every_date(due_in: int) -> None:
    assert health(facts(due_in, Status.DONE), NOW) is Health.DONE
    assert health(facts(due_in, Status.CANCELLED), NOW) is Health.CANCELLED
    assert assess(facts(due_in, Status.DONE, target_behind=True), NOW).reasons == ()


@pytest.mark.parametrize(
    ("due_soon_days", "due_in", "expected"),
    [
        (0, 0, Health.AT_RISK),
        (0, 1, Health.ON_TRACK),
        (7, 7, Health.AT_RISK),
        (7, 8, Health.ON_TRACK),
        (7, -1, Health.OVERDUE),
    ],
)
def test_due_soon_threshold_comes_from_the_rules(
    due_soon_days: int, due_in: int, expected: Health
) -> None:
    rules = HealthRules(due_soon_days=due_soon_days)
    assert health(facts(due_in), NOW, rules) is expected


def test_the_time_of_day_does_not_matter_within_the_day() -> None:
    for hour, minute in ((0, 0), (12, 0), (23, 59)):
        now = pendulum.datetime(2026, 11, 18, hour, minute, tz="UTC")
        assert health(facts(0), now) is Health.AT_RISK
        assert health(facts(-1), now) is Health.OVERDUE
        assert health(facts(4), now) is Health.ON_TRACK


# -- "today" is the project's --------------------------------------------------------------


LATE_UTC = pendulum.datetime(2026, 11, 18, 23, 30, tz="UTC")  # Auckland: 19 Nov, 12:30


def test_timezone_edge_project_already_tomorrow() -> None:
    due_today_utc = HealthFacts(status=Status.PLANNED, due=date(2026, 11, 18), timezone="UTC")
    in_auckland = HealthFacts(
        status=Status.PLANNED, due=date(2026, 11, 18), timezone="Pacific/Auckland"
    )
    assert assess(due_today_utc, LATE_UTC).reasons == ("due today",)
    assert health(in_auckland, LATE_UTC) is Health.OVERDUE
    assert assess(in_auckland, LATE_UTC).reasons == ("due 2026-11-18, 1d ago",)


def test_timezone_edge_moves_the_due_soon_boundary() -> None:
    # Due 22 Nov: 4 days away in UTC (on track), 3 days away in Auckland (at risk).
    utc = HealthFacts(status=Status.PLANNED, due=date(2026, 11, 22), timezone="UTC")
    nz = HealthFacts(status=Status.PLANNED, due=date(2026, 11, 22), timezone="Pacific/Auckland")
    assert health(utc, LATE_UTC) is Health.ON_TRACK
    assert assess(nz, LATE_UTC).reasons == ("due in 3d",)


def test_timezone_edge_project_still_yesterday() -> None:
    early = pendulum.datetime(2026, 11, 19, 3, 0, tz="UTC")  # Los Angeles: 18 Nov, 19:00
    la = HealthFacts(status=Status.PLANNED, due=date(2026, 11, 18), timezone="America/Los_Angeles")
    utc = HealthFacts(status=Status.PLANNED, due=date(2026, 11, 18), timezone="UTC")
    assert assess(la, early).reasons == ("due today",)
    assert health(utc, early) is Health.OVERDUE


# -- the other at-risk rules ---------------------------------------------------------------


def test_blocked_is_at_risk_however_far_the_due_date() -> None:
    verdict = assess(facts(60, Status.BLOCKED), NOW)
    assert verdict.health is Health.AT_RISK
    assert verdict.reasons == ("blocked",)


def test_blocked_and_past_due_is_overdue() -> None:
    assert health(facts(-2, Status.BLOCKED), NOW) is Health.OVERDUE


def test_blocked_and_due_soon_gives_both_reasons() -> None:
    assert assess(facts(2, Status.BLOCKED), NOW).reasons == ("blocked", "due in 2d")


def test_predecessor_projected_after_the_due_date() -> None:
    late = facts(10, predecessor_dates=[("Permit", day(11))])
    same_day = facts(10, predecessor_dates=[("Permit", day(10))])
    verdict = assess(late, NOW)
    assert verdict.health is Health.AT_RISK
    assert verdict.reasons == ("depends on Permit, projected 2026-11-29",)
    assert health(same_day, NOW) is Health.ON_TRACK


def test_a_predecessor_past_its_date_is_projected_to_today() -> None:
    # Its stale date (5 days ago) is before our due date, but it is not done:
    # it can end today at the earliest, still before our due date in 10 days.
    assert health(facts(10, predecessor_dates=[("Permit", day(-5))]), NOW) is Health.ON_TRACK
    assert projected(day(-5), TODAY) == TODAY
    assert projected(day(5), TODAY) == day(5)


def test_linked_task_ending_after_the_due_date() -> None:
    named = assess(facts(10, task_ends=[("Pour slab", day(12))]), NOW)
    unnamed = assess(facts(10, task_ends=[("", day(12))]), NOW)
    on_time = assess(facts(10, task_ends=[("Pour slab", day(10))]), NOW)
    assert named.reasons == ("task Pour slab is projected to end 2026-11-30",)
    assert unnamed.reasons == ("a task is projected to end 2026-11-30",)
    assert on_time.health is Health.ON_TRACK


def test_target_behind_pace_is_at_risk() -> None:
    assert assess(facts(30, target_behind=True), NOW).reasons == ("target behind pace",)


# -- KPI pace ------------------------------------------------------------------------------


def kpi(actual: float | None, tolerance: float = 0.05) -> HealthFacts:
    # 10 days since the start, 10 days to go: half the target is expected by now.
    return facts(10, kpi_target=100.0, kpi_actual=actual, kpi_since=day(-10))


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (None, Health.ON_TRACK),  # nothing recorded yet is not "behind"
        (100.0, Health.ON_TRACK),
        (50.0, Health.ON_TRACK),
        (47.5, Health.ON_TRACK),  # exactly expected × (1 − 0.05)
        (47.4, Health.AT_RISK),
        (0.0, Health.AT_RISK),
    ],
)
def test_kpi_pace(actual: float | None, expected: Health) -> None:
    verdict = assess(kpi(actual), NOW)
    assert verdict.health is expected
    if expected is Health.AT_RISK:
        assert verdict.reasons == ("KPI behind pace",)


def test_kpi_tolerance_comes_from_the_rules() -> None:
    assert health(kpi(45.0), NOW, HealthRules(kpi_pace_tolerance=0.1)) is Health.ON_TRACK
    assert health(kpi(44.9), NOW, HealthRules(kpi_pace_tolerance=0.1)) is Health.AT_RISK
    assert health(kpi(49.9), NOW, HealthRules(kpi_pace_tolerance=0.0)) is Health.AT_RISK


@pytest.mark.parametrize(
    ("target", "actual", "since", "due", "today", "behind"),
    [
        (100.0, 0.0, None, day(10), TODAY, False),  # no start: no pace
        (None, 0.0, day(-10), day(10), TODAY, False),  # no target
        (100.0, 0.0, TODAY, day(10), TODAY, False),  # the first day
        (100.0, 0.0, day(-10), day(-10), TODAY, False),  # due on the start
        (100.0, 94.9, day(-20), day(-10), TODAY, True),  # after the due date: all of it
        (100.0, 95.0, day(-20), day(-10), TODAY, False),
        (100.0, 9.0, day(-1), day(9), TODAY, True),  # 1 day of 10: 10 expected, 9.5 enough
        (100.0, 9.5, day(-1), day(9), TODAY, False),
    ],
)
def test_kpi_behind(
    target: float | None,
    actual: float,
    since: date | None,
    due: date,
    today: date,
    behind: bool,
) -> None:
    assert kpi_behind(target, actual, since, due, today, 0.05) is behind


def test_reasons_come_in_rule_order() -> None:
    everything = facts(
        2,
        Status.BLOCKED,
        predecessor_dates=[("A", day(5))],
        task_ends=[("B", day(6))],
        kpi_target=100.0,
        kpi_actual=0.0,
        kpi_since=day(-10),
        target_behind=True,
    )
    assert assess(everything, NOW).reasons == (
        "blocked",
        "due in 2d",
        "depends on A, projected 2026-11-23",
        "task B is projected to end 2026-11-24",
        "KPI behind pace",
        "target behind pace",
    )


@given(
    due_in=st.integers(min_value=-400, max_value=400),
    soon=st.integers(min_value=0, max_value=30),
    status=st.sampled_from([Status.PLANNED, Status.IN_PROGRESS]),
    tz=st.sampled_from(["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]),
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_health_of_an_open_milestone_is_a_function_of_days_left(
    due_in: int, soon: int, status: Status, tz: str, minutes: int
) -> None:
    now = pendulum.datetime(2026, 11, 18, tz="UTC").add(minutes=minutes)
    local_today = now.in_timezone(tz).date()
    due = local_today + timedelta(days=due_in)
    got = health(HealthFacts(status=status, due=due, timezone=tz), now, HealthRules(soon))
    if due_in < 0:
        assert got is Health.OVERDUE
    elif due_in <= soon:
        assert got is Health.AT_RISK
    else:
        assert got is Health.ON_TRACK

"""Target maths: checkpoint dates per cadence, even split, expected figures, pace, misses."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.enums import Direction
from mstui.domain.targets import (
    TargetState,
    actual_at,
    checkpoint_dates,
    even_split,
    expected_at,
    is_behind,
    target_state,
)
from mstui.errors import Invalid

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)  # Sunday .. Monday


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# -- checkpoint dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "start", "end", "expected"),
    [
        ("weekly:fri", NOV1, NOV30, [d(11, 6), d(11, 13), d(11, 20), d(11, 27)]),
        ("weekly:friday", NOV1, NOV30, [d(11, 6), d(11, 13), d(11, 20), d(11, 27)]),
        ("Weekly:FRI", NOV1, NOV30, [d(11, 6), d(11, 13), d(11, 20), d(11, 27)]),
        # The start day itself counts, and so does the end day.
        ("weekly:fri", d(11, 6), d(11, 27), [d(11, 6), d(11, 13), d(11, 20), d(11, 27)]),
        # Across a month end and a year end.
        (
            "weekly:mon",
            d(12, 20),
            d(1, 12, 2027),
            [d(12, 21), d(12, 28), d(1, 4, 2027), d(1, 11, 2027)],
        ),
        # No day given: the end's weekday (30 Nov 2026 is a Monday).
        ("weekly", NOV1, NOV30, [d(11, 2), d(11, 9), d(11, 16), d(11, 23), d(11, 30)]),
        # No Friday in the period: the end is the only checkpoint.
        ("weekly:fri", d(11, 2), d(11, 5), [d(11, 5)]),
        ("daily", d(2, 27), d(3, 2), [d(2, 27), d(2, 28), d(3, 1), d(3, 2)]),
        ("daily", d(2, 28, 2028), d(3, 1, 2028), [d(2, 28, 2028), d(2, 29, 2028), d(3, 1, 2028)]),
        ("daily", NOV1, NOV1, [NOV1]),
        ("monthly", d(1, 15), d(4, 10), [d(1, 31), d(2, 28), d(3, 31), d(4, 10)]),
        ("monthly", d(1, 15), d(3, 31), [d(1, 31), d(2, 28), d(3, 31)]),  # no duplicate end
        (
            "monthly",
            d(1, 1, 2028),
            d(3, 31, 2028),
            [d(1, 31, 2028), d(2, 29, 2028), d(3, 31, 2028)],
        ),
        ("monthly", d(1, 31), d(3, 15), [d(1, 31), d(2, 28), d(3, 15)]),
        ("monthly", NOV1, d(11, 20), [d(11, 20)]),
        ("monthly", d(11, 15), d(1, 31, 2027), [d(11, 30), d(12, 31), d(1, 31, 2027)]),
        ("", NOV1, NOV30, [NOV30]),
        ("end", NOV1, NOV30, [NOV30]),
        ("2026-11-13,2026-11-06", NOV1, NOV30, [d(11, 6), d(11, 13)]),
        ("dates: 2026-11-06, 2026-11-06 ,2026-11-30", NOV1, NOV30, [d(11, 6), NOV30]),
    ],
)
def test_checkpoint_dates(cadence: str, start: date, end: date, expected: list[date]) -> None:
    assert checkpoint_dates(cadence, start, end) == expected


@pytest.mark.parametrize(
    ("cadence", "field", "quoted"),
    [
        ("fortnightly", "cadence", "fortnightly"),
        ("weekly:funday", "cadence", "weekly:funday"),
        ("2026-11-06,soon", "cadence", "2026-11-06,soon"),
        ("2026-11-06,2026-12-04", "cadence", "2026-12-04"),  # outside the period
    ],
)
def test_bad_cadence_is_invalid(cadence: str, field: str, quoted: str) -> None:
    with pytest.raises(Invalid) as caught:
        checkpoint_dates(cadence, NOV1, NOV30)
    assert caught.value.field == field
    assert f'"{quoted}"' in str(caught.value)


def test_end_before_start_is_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        checkpoint_dates("weekly:fri", NOV30, NOV1)
    assert caught.value.field == "end"


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(["daily", "weekly", "weekly:fri", "weekly:sun", "monthly", ""]),
)
def test_checkpoints_are_sorted_unique_inside_the_period(
    start: date, length: int, cadence: str
) -> None:
    end = start + timedelta(days=length)
    got = checkpoint_dates(cadence, start, end)
    assert got, "there is always at least one checkpoint"
    assert got == sorted(set(got))
    assert all(start <= c <= end for c in got)
    if cadence in ("daily", "monthly", "weekly", ""):
        assert got[-1] == end
    if cadence.startswith("weekly:") and len(got) > 1:
        assert {(b - a).days for a, b in itertools.pairwise(got)} == {7}


# -- even split ----------------------------------------------------------------------------


def test_even_split_of_the_demo_target() -> None:
    assert even_split(100_000, 4) == [25_000.0, 50_000.0, 75_000.0, 100_000.0]


def test_even_split_ends_exactly_on_the_goal() -> None:
    assert even_split(100, 3) == [33.333333, 66.666667, 100.0]
    assert even_split(10, 1) == [10.0]
    assert even_split(10, 0) == []


@given(st.floats(min_value=0.01, max_value=1e9), st.integers(min_value=1, max_value=400))
def test_even_split_properties(goal: float, n: int) -> None:
    parts = even_split(goal, n)
    assert len(parts) == n
    assert parts[-1] == goal
    assert parts == sorted(parts)


# -- expected figures ----------------------------------------------------------------------


WEEKLY = [
    (d(11, 6), 25_000.0),
    (d(11, 13), 50_000.0),
    (d(11, 20), 75_000.0),
    (d(11, 27), 100_000.0),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (d(10, 20), 0.0),  # long before the start
        (d(10, 31), 0.0),  # the day before the start
        (NOV1, 25_000 / 6),  # 1 of the 6 days up to the first checkpoint
        (d(11, 3), 12_500.0),
        (d(11, 6), 25_000.0),
        (d(11, 9), 25_000 + 25_000 * 3 / 7),
        (d(11, 13), 50_000.0),
        (d(11, 27), 100_000.0),
        (NOV30, 100_000.0),  # after the last checkpoint: the goal
        (d(12, 25), 100_000.0),
    ],
)
def test_expected_at(day: date, expected: float) -> None:
    assert expected_at(NOV1, WEEKLY, day) == pytest.approx(expected)


def test_expected_at_without_checkpoints_is_zero() -> None:
    assert expected_at(NOV1, [], d(11, 15)) == 0.0


def test_expected_at_ignores_the_order_checkpoints_come_in() -> None:
    assert expected_at(NOV1, list(reversed(WEEKLY)), d(11, 9)) == pytest.approx(
        expected_at(NOV1, WEEKLY, d(11, 9))
    )


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
def test_expected_never_leaves_zero_to_goal(day: date) -> None:
    value = expected_at(NOV1, WEEKLY, day)
    assert 0.0 <= value <= 100_000.0


def test_actual_at_takes_the_latest_on_or_before_the_day() -> None:
    ms = [(d(11, 13), 50.0), (d(11, 6), 20.0), (d(11, 20), 70.0)]
    assert actual_at(ms, d(11, 5)) is None
    assert actual_at(ms, d(11, 6)) == (d(11, 6), 20.0)
    assert actual_at(ms, d(11, 19)) == (d(11, 13), 50.0)
    assert actual_at(ms, d(12, 1)) == (d(11, 20), 70.0)


@pytest.mark.parametrize(
    ("actual", "expected", "direction", "tolerance", "behind"),
    [
        (94.9, 100.0, Direction.AT_LEAST, 0.05, True),
        (95.0, 100.0, Direction.AT_LEAST, 0.05, False),
        (99.9, 100.0, Direction.AT_LEAST, 0.0, True),
        (100.0, 100.0, Direction.AT_LEAST, 0.0, False),
        (105.0, 100.0, Direction.AT_MOST, 0.05, False),
        (105.1, 100.0, Direction.AT_MOST, 0.05, True),
        (100.1, 100.0, Direction.AT_MOST, 0.0, True),
        (0.0, 100.0, Direction.AT_MOST, 0.0, False),
    ],
)
def test_is_behind(
    actual: float, expected: float, direction: Direction, tolerance: float, behind: bool
) -> None:
    assert is_behind(actual, expected, direction, tolerance) is behind


# -- the state of a target -----------------------------------------------------------------


def revenue(
    today: date, measurements: list[tuple[date, float]], tolerance: float = 0.0
) -> TargetState:
    return target_state(
        goal=100_000,
        start=NOV1,
        end=NOV30,
        direction=Direction.AT_LEAST,
        checkpoints=WEEKLY,
        measurements=measurements,
        today=today,
        tolerance=tolerance,
    )


def test_state_pace_and_projection() -> None:
    state = revenue(d(11, 14), [(d(11, 6), 20_000.0), (d(11, 13), 50_000.0)])
    assert state.actual == 50_000.0
    assert state.actual_date == d(11, 13)
    assert state.expected_now == pytest.approx(50_000 + 25_000 / 7)
    assert state.pace == pytest.approx(50_000 / (50_000 + 25_000 / 7))
    # 50,000 in the 13 days to 13 Nov: 30 days at that rate.
    assert state.projection == pytest.approx(50_000 / 13 * 30)
    assert state.on_track is False
    assert [(c.date, c.expected, c.actual, c.passed, c.missed) for c in state.checkpoints] == [
        (d(11, 6), 25_000.0, 20_000.0, True, True),
        (d(11, 13), 50_000.0, 50_000.0, True, False),
        (d(11, 20), 75_000.0, 50_000.0, False, False),
        (d(11, 27), 100_000.0, 50_000.0, False, False),
    ]


def test_tolerance_decides_on_track() -> None:
    ms = [(d(11, 13), 50_000.0)]
    assert revenue(d(11, 14), ms, tolerance=0.0).on_track is False
    assert revenue(d(11, 14), ms, tolerance=0.1).on_track is True


def test_no_measurement_yet() -> None:
    state = revenue(d(11, 3), [])
    assert state.actual is None and state.actual_date is None
    assert state.projection is None
    assert state.pace is None  # not 0 %: there is no figure to divide
    # Nothing recorded is "no figure yet": neither on track nor behind, even once a
    # checkpoint has passed without one (that checkpoint says "no figure").
    assert (state.on_track, state.behind, state.standing) == (False, False, "no_figure")
    later = revenue(d(11, 7), [])
    assert (later.on_track, later.behind, later.standing) == (False, False, "no_figure")
    assert later.checkpoints[0].result == "no_figure"


def test_before_the_start_nothing_is_expected() -> None:
    state = revenue(d(10, 25), [])
    assert state.expected_now == 0.0
    assert state.pace is None
    assert (state.behind, state.standing) == (False, "no_figure")
    assert not any(c.passed or c.missed for c in state.checkpoints)


def test_after_the_end_the_state_is_frozen_at_the_end() -> None:
    ms = [(d(11, 30), 100_000.0), (d(12, 5), 1.0)]  # a figure after the period is ignored
    state = revenue(d(12, 10), ms)
    assert state.actual == 100_000.0
    assert state.expected_now == 100_000.0
    assert state.on_track is True
    assert state.projection == pytest.approx(100_000.0)


@pytest.mark.parametrize(
    ("today", "passed", "missed"),
    [
        (d(11, 5), False, False),  # the day before the checkpoint
        (d(11, 6), False, False),  # the day of it: there is still time
        (d(11, 7), True, True),  # the day after: missed
    ],
)
def test_missed_checkpoint_day_before_of_and_after(today: date, passed: bool, missed: bool) -> None:
    first = revenue(today, [(d(11, 6), 20_000.0)]).checkpoints[0]
    assert (first.passed, first.missed) == (passed, missed)


def test_a_checkpoint_met_on_its_day_is_not_missed() -> None:
    first = revenue(d(11, 7), [(d(11, 6), 25_000.0)]).checkpoints[0]
    assert first.passed and not first.missed


def test_a_checkpoint_with_no_figure_is_no_figure_once_passed() -> None:
    first = revenue(d(11, 7), []).checkpoints[0]
    assert (first.actual, first.passed, first.missed, first.result) == (
        None,
        True,
        False,
        "no_figure",
    )


def test_a_late_figure_does_not_count_for_a_checkpoint() -> None:
    first = revenue(d(11, 8), [(d(11, 7), 30_000.0)]).checkpoints[0]
    assert first.actual is None and not first.missed and first.result == "no_figure"


def spend(today: date, measurements: list[tuple[date, float]]) -> TargetState:
    """A budget: stay at most 10,000 spent by the end of the month, 2,500 a week."""
    return target_state(
        goal=10_000,
        start=NOV1,
        end=NOV30,
        direction=Direction.AT_MOST,
        checkpoints=[(c, v / 10) for c, v in WEEKLY],
        measurements=measurements,
        today=today,
    )


@pytest.mark.parametrize(
    ("figure", "missed"),
    [(3_000.0, True), (2_500.0, False), (2_000.0, False), (None, False)],
)
def test_at_most_misses_when_over(figure: float | None, missed: bool) -> None:
    ms = [(d(11, 6), figure)] if figure is not None else []
    assert spend(d(11, 7), ms).checkpoints[0].missed is missed


def test_at_most_on_track_when_under_the_line() -> None:
    assert spend(d(11, 6), [(d(11, 6), 2_000.0)]).on_track is True
    assert spend(d(11, 6), [(d(11, 6), 2_600.0)]).on_track is False
    nothing = spend(d(11, 6), [])  # no figure yet: not over, and not "on track" either
    assert (nothing.on_track, nothing.behind, nothing.standing) == (False, False, "no_figure")

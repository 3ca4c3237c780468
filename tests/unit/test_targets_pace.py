"""Target maths with exact numbers: cadences across month ends, pace and projection with and
without a figure that day, missed checkpoints, "at most", and checkpoints set by hand."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from mstui.domain.enums import Direction
from mstui.domain.targets import (
    TargetState,
    check_checkpoints,
    checkpoint_dates,
    even_split,
    expected_line,
    is_even_split,
    parse_checkpoints,
    target_state,
)
from mstui.errors import Invalid


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


NOV1, NOV30 = d(11, 1), d(11, 30)
FRIDAYS = [
    (d(11, 6), 25_000.0),
    (d(11, 13), 50_000.0),
    (d(11, 20), 75_000.0),
    (d(11, 27), 100_000.0),
]
DEMO = [(d(11, 6), 26_000.0), (d(11, 13), 43_000.0), (d(11, 20), 72_750.0)]


def revenue(
    today: date,
    ms: list[tuple[date, float]],
    direction: Direction = Direction.AT_LEAST,
    goal: float = 100_000,
    checkpoints: list[tuple[date, float]] = FRIDAYS,
) -> TargetState:
    return target_state(
        goal=goal,
        start=NOV1,
        end=NOV30,
        direction=direction,
        checkpoints=checkpoints,
        measurements=ms,
        today=today,
    )


# -- cadences across month and year ends, with the even split ---------------------------------


@pytest.mark.parametrize(
    ("cadence", "start", "end", "goal", "expected"),
    [
        # Weekly on Friday over October's end into November: 5 Fridays, 20 each.
        (
            "weekly:fri",
            d(10, 26),
            d(11, 27),
            100,
            [
                (d(10, 30), 20.0),
                (d(11, 6), 40.0),
                (d(11, 13), 60.0),
                (d(11, 20), 80.0),
                (d(11, 27), 100.0),
            ],
        ),
        # Weekly on Thursday across the year end.
        (
            "weekly:thu",
            d(12, 28),
            d(1, 15, 2027),
            90,
            [(d(12, 31), 30.0), (d(1, 7, 2027), 60.0), (d(1, 14, 2027), 90.0)],
        ),
        # Daily across February's end (not a leap year): 28 Feb then 1 Mar.
        (
            "daily",
            d(2, 27),
            d(3, 2),
            40,
            [(d(2, 27), 10.0), (d(2, 28), 20.0), (d(3, 1), 30.0), (d(3, 2), 40.0)],
        ),
        # Monthly across the year end: each month's last day, the end last.
        (
            "monthly",
            d(11, 10),
            d(1, 20, 2027),
            300,
            [(d(11, 30), 100.0), (d(12, 31), 200.0), (d(1, 20, 2027), 300.0)],
        ),
        # Monthly over a leap February.
        (
            "monthly",
            d(1, 1, 2028),
            d(2, 29, 2028),
            10,
            [(d(1, 31, 2028), 5.0), (d(2, 29, 2028), 10.0)],
        ),
    ],
)
def test_cadence_with_even_split(
    cadence: str, start: date, end: date, goal: float, expected: list[tuple[date, float]]
) -> None:
    dates = checkpoint_dates(cadence, start, end)
    assert list(zip(dates, even_split(goal, len(dates)), strict=True)) == expected
    assert is_even_split(cadence, start, end, goal, expected)


# -- pace and projection ---------------------------------------------------------------------


def test_on_a_day_with_a_figure() -> None:
    """Friday 20 Nov, 72,750 recorded that day; 75,000 expected by its end."""
    st = revenue(d(11, 20), DEMO)
    assert st.actual == 72_750.0 and st.actual_date == d(11, 20)
    assert st.expected_now == 75_000.0
    assert st.pace == 0.97
    assert st.projection == 109_125.0  # 72,750 in 20 days → 30 days
    assert st.will_make is True
    assert st.on_track is False  # 97 % of the line, no tolerance


def test_on_a_day_without_a_figure() -> None:
    """Sunday 22 Nov: the figure is still Friday's; the line has moved on two days."""
    st = revenue(d(11, 22), DEMO)
    expected = Fraction(75_000) + Fraction(25_000) * 2 / 7
    assert st.actual == 72_750.0 and st.actual_date == d(11, 20)
    assert st.expected_now == pytest.approx(float(expected), abs=1e-9)
    assert st.pace == pytest.approx(float(72_750 / expected), abs=1e-12)
    assert st.pace is not None and round(st.pace, 4) == 0.8857
    # The projection runs through the latest figure, not through today.
    assert st.projection == 109_125.0
    assert st.will_make is True
    assert [c.missed for c in st.checkpoints] == [False, True, True, False]


def test_the_first_day_with_and_without_a_figure() -> None:
    st = revenue(NOV1, [(NOV1, 5_000.0)])
    assert st.expected_now == pytest.approx(25_000 / 6)
    assert st.pace == pytest.approx(5_000 / (25_000 / 6))
    assert st.projection == 150_000.0  # 5,000 in 1 day → 30 days
    empty = revenue(NOV1, [])
    # No figure yet has no pace (not 0 %) and is neither on track nor behind.
    assert (empty.actual, empty.pace, empty.projection, empty.will_make) == (None, None, None, None)
    assert (empty.on_track, empty.behind, empty.standing) == (False, False, "no_figure")


def test_projection_short_of_the_goal() -> None:
    st = revenue(d(11, 10), [(d(11, 9), 18_000.0)])
    assert st.projection == 60_000.0  # 18,000 in 9 days → 30 days
    assert st.will_make is False


def test_after_the_end_the_projection_is_the_last_figure() -> None:
    st = revenue(d(12, 3), [*DEMO, (NOV30, 101_000.0)])
    assert st.expected_now == 100_000.0
    assert st.projection == 101_000.0
    assert st.pace == 1.01
    assert st.will_make is True and st.on_track is True


# -- missed checkpoints --------------------------------------------------------------------------


def test_missed_uses_the_latest_figure_on_or_before_the_checkpoint() -> None:
    # A figure on Thursday counts for Friday's checkpoint; Saturday's does not.
    st = revenue(d(11, 8), [(d(11, 5), 25_000.0)])
    assert (st.checkpoints[0].actual, st.checkpoints[0].missed) == (25_000.0, False)
    st = revenue(d(11, 8), [(d(11, 5), 24_999.0), (d(11, 7), 30_000.0)])
    assert (st.checkpoints[0].actual, st.checkpoints[0].missed) == (24_999.0, True)


def test_a_checkpoint_is_missed_only_after_its_day() -> None:
    on_the_day = revenue(d(11, 13), [(d(11, 12), 43_000.0)]).checkpoints[1]
    assert (on_the_day.passed, on_the_day.missed) == (False, False)
    next_day = revenue(d(11, 14), [(d(11, 12), 43_000.0)]).checkpoints[1]
    assert (next_day.passed, next_day.missed) == (True, True)


# -- at most ---------------------------------------------------------------------------------------

BUDGET = [(d(11, 6), 2_500.0), (d(11, 13), 5_000.0), (d(11, 20), 7_500.0), (d(11, 27), 10_000.0)]


def spend(today: date, ms: list[tuple[date, float]]) -> TargetState:
    return revenue(today, ms, Direction.AT_MOST, 10_000, BUDGET)


def test_at_most_under_the_line_is_on_track_and_stays_under() -> None:
    st = spend(d(11, 20), [(d(11, 20), 6_000.0)])
    assert st.expected_now == 7_500.0
    assert st.pace == 0.8  # under the line is good for "at most"
    assert st.projection == 9_000.0
    assert (st.on_track, st.will_make) == (True, True)


def test_at_most_over_the_line_misses_and_overshoots() -> None:
    st = spend(d(11, 21), [(d(11, 6), 3_000.0), (d(11, 20), 8_000.0)])
    assert [c.missed for c in st.checkpoints] == [True, False, True, False]
    assert st.projection == 12_000.0
    assert (st.on_track, st.will_make) == (False, False)


def test_at_most_exactly_on_the_checkpoint_is_not_missed() -> None:
    st = spend(d(11, 7), [(d(11, 6), 2_500.0)])
    assert st.checkpoints[0].missed is False


# -- checkpoints by hand ---------------------------------------------------------------------------


def test_parse_checkpoints_in_the_ways_people_type_them() -> None:
    text = "2026-11-06 20000\n2026-11-13=45,000\n\n2026-11-20: 70000; 2026-11-30 100000"
    assert parse_checkpoints(text, NOV1, NOV30) == [
        (d(11, 6), 20_000.0),
        (d(11, 13), 45_000.0),
        (d(11, 20), 70_000.0),
        (NOV30, 100_000.0),
    ]
    assert parse_checkpoints("2026-11-6=1,500.5, 2026-11-30=3000", NOV1, NOV30) == [
        (d(11, 6), 1_500.5),
        (NOV30, 3_000.0),
    ]


@pytest.mark.parametrize(
    ("text", "quoted", "reason"),
    [
        ("2026-11-06 lots", "2026-11-06 lots", "one checkpoint a line"),
        ("2026-11-06 25000 extra", "extra", "one checkpoint a line"),
        ("2026-12-04 100", "2026-12-04 100", "outside the period"),
        ("2026-11-06 10\n2026-11-06 20", "2026-11-06 20", "given twice"),
        ("2026-11-06 30\n2026-11-13 20", "2026-11-13 20", "below the checkpoint before"),
        ("2026-11-31 5", "2026-11-31 5", "one checkpoint a line"),
        ("", "", "at least one"),
    ],
)
def test_bad_checkpoints_are_refused_naming_the_line(text: str, quoted: str, reason: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_checkpoints(text, NOV1, NOV30)
    assert caught.value.field == "checkpoints"
    assert f'"{quoted}"' in str(caught.value) and reason in str(caught.value)


def test_hand_set_checkpoints_are_not_an_even_split() -> None:
    hand = check_checkpoints([(d(11, 13), 45_000), (d(11, 6), 20_000)], NOV1, NOV30)
    assert hand == [(d(11, 6), 20_000.0), (d(11, 13), 45_000.0)]
    assert not is_even_split("weekly:fri", NOV1, NOV30, 100_000, hand)
    assert is_even_split("weekly:fri", NOV1, NOV30, 100_000, list(reversed(FRIDAYS)))
    assert not is_even_split("fortnightly", NOV1, NOV30, 100_000, FRIDAYS)


def test_hand_set_checkpoints_drive_the_expected_line() -> None:
    hand = [(d(11, 6), 20_000.0), (d(11, 13), 45_000.0), (NOV30, 100_000.0)]
    st = revenue(d(11, 20), [(d(11, 20), 72_750.0)], checkpoints=hand)
    # 45,000 on the 13th, then 55,000 over the 17 days to the 30th: 7 of them by the 20th.
    assert st.expected_now == pytest.approx(45_000 + 55_000 * 7 / 17)
    assert expected_line(NOV1, hand) == [(d(10, 31), 0.0), *hand]

"""Where dates fall on the timeline at every zoom: month ends, leap day, DST, year end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.timescale import (
    Zoom,
    add_months,
    column,
    day_at,
    header_lines,
    is_weekend,
    point,
    scroll_cells,
    span,
    today_column,
    unit_days,
)

CELLS_PER_DAY = {Zoom.DAY: 3, Zoom.WEEK: 1}
EDGES = [
    (date(2026, 1, 31), date(2026, 2, 1)),  # month end
    (date(2026, 4, 30), date(2026, 5, 1)),  # a 30-day month's end
    (date(2027, 2, 28), date(2027, 3, 1)),  # February, not a leap year
    (date(2028, 2, 28), date(2028, 2, 29)),  # into the leap day
    (date(2028, 2, 29), date(2028, 3, 1)),  # out of it
    (date(2026, 12, 31), date(2027, 1, 1)),  # year end
    (date(2026, 3, 28), date(2026, 3, 29)),  # Europe's clocks go forward (a 23-hour day)
    (date(2026, 10, 25), date(2026, 10, 26)),  # and back (a 25-hour day)
]


def test_columns_count_from_0001_01_01_and_clamp_into_the_accepted_range() -> None:
    for zoom in Zoom:
        assert column(date(2026, 1, 1), zoom) > 0
        assert column(date(1, 1, 1), zoom) == column(date(1900, 1, 1), zoom)
        assert column(date(9999, 12, 31), zoom) == column(date(2199, 12, 31), zoom)
        assert day_at(0, zoom) == date(1900, 1, 1)
        assert day_at(10**9, zoom) == date(2199, 12, 31)
        assert span(date(2026, 1, 1), date(9999, 12, 31), zoom)[1] >= column(
            date(2199, 12, 31), zoom
        )
        assert scroll_cells(column(date(2199, 12, 1), zoom), zoom, 10**4) == column(
            date(2199, 12, 31), zoom
        )


@pytest.mark.parametrize("zoom", [Zoom.DAY, Zoom.WEEK])
@pytest.mark.parametrize(("before", "after"), EDGES)
def test_consecutive_days_are_one_day_of_cells_apart(zoom: Zoom, before: date, after: date) -> None:
    assert column(after, zoom) - column(before, zoom) == CELLS_PER_DAY[zoom]


def test_day_zoom_gives_each_day_three_cells_and_the_milestone_the_middle() -> None:
    leap = date(2028, 2, 29)
    first, last = span(leap, leap, Zoom.DAY)
    assert last - first == 2
    assert point(leap, Zoom.DAY) == first + 1
    assert day_at(first, Zoom.DAY) == day_at(last, Zoom.DAY) == leap
    assert day_at(last + 1, Zoom.DAY) == date(2028, 3, 1)


def test_month_zoom_cells_are_three_days_through_the_leap_day() -> None:
    # 2028-02-27 starts a cell: (ordinal - 1) is a multiple of 3.
    start = date(2028, 2, 27)
    assert (start.toordinal() - 1) % 3 == 0
    assert {column(start + timedelta(days=i), Zoom.MONTH) for i in range(3)} == {
        column(start, Zoom.MONTH)
    }
    assert column(date(2028, 3, 1), Zoom.MONTH) == column(start, Zoom.MONTH) + 1
    # February 2028 (29 days) and March (31): 60 days are exactly 20 cells.
    assert column(date(2028, 4, 1), Zoom.MONTH) - column(date(2028, 2, 1), Zoom.MONTH) == 20


def test_quarter_zoom_cells_are_monday_to_sunday_weeks_across_year_end_and_leap_day() -> None:
    week = [date(2026, 12, 28) + timedelta(days=i) for i in range(7)]  # Mon … Sun 3 Jan 2027
    assert len({column(d, Zoom.QUARTER) for d in week}) == 1
    assert column(date(2027, 1, 4), Zoom.QUARTER) == column(week[0], Zoom.QUARTER) + 1
    leap_week = [date(2028, 2, 28) + timedelta(days=i) for i in range(7)]
    assert len({column(d, Zoom.QUARTER) for d in leap_week}) == 1
    assert day_at(column(date(2028, 2, 29), Zoom.QUARTER), Zoom.QUARTER) == date(2028, 2, 28)


@pytest.mark.parametrize("zoom", list(Zoom))
@pytest.mark.parametrize(("before", "after"), EDGES)
def test_a_span_covers_its_days_and_nothing_else(zoom: Zoom, before: date, after: date) -> None:
    first, last = span(before, after, zoom)
    assert first == column(before, zoom)
    assert day_at(first, zoom) <= before
    assert day_at(last, zoom) <= after
    assert last >= first


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.sampled_from(Zoom))
def test_a_day_lies_in_the_cell_of_its_column(d: date, zoom: Zoom) -> None:
    col = column(d, zoom)
    assert day_at(col, zoom) <= d < day_at(col + 1, zoom) or zoom is Zoom.DAY
    assert column(d + timedelta(days=1), zoom) >= col


def test_weekends_are_shaded_only_where_a_cell_is_a_day_or_less() -> None:
    saturday = date(2026, 11, 21)
    assert is_weekend(column(saturday, Zoom.WEEK), Zoom.WEEK)
    assert is_weekend(column(saturday, Zoom.DAY) + 2, Zoom.DAY)
    assert not is_weekend(column(date(2026, 11, 23), Zoom.WEEK), Zoom.WEEK)
    assert not is_weekend(column(saturday, Zoom.MONTH), Zoom.MONTH)
    assert not is_weekend(column(saturday, Zoom.QUARTER), Zoom.QUARTER)


# -- today across a DST change --------------------------------------------------------------


def test_the_today_line_moves_at_local_midnight_across_the_clocks_going_back() -> None:
    # Paris leaves summer time on 2026-10-25 (UTC+2 → UTC+1): local midnight is 23:00 UTC.
    before = datetime(2026, 10, 25, 22, 59, tzinfo=UTC)
    after = datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    tz = "Europe/Paris"
    assert today_column(before, tz, Zoom.WEEK) == column(date(2026, 10, 25), Zoom.WEEK)
    assert today_column(after, tz, Zoom.WEEK) == column(date(2026, 10, 26), Zoom.WEEK)


def test_the_today_line_after_the_clocks_go_forward() -> None:
    # New York springs forward on 2026-03-08: that day has 23 hours, local midnight 04:00 UTC.
    tz = "America/New_York"
    assert today_column(datetime(2026, 3, 9, 3, 59, tzinfo=UTC), tz, Zoom.DAY) == column(
        date(2026, 3, 8), Zoom.DAY
    )
    assert today_column(datetime(2026, 3, 9, 4, 0, tzinfo=UTC), tz, Zoom.DAY) == column(
        date(2026, 3, 9), Zoom.DAY
    )


# -- one unit of the zoom -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "zoom", "steps", "days"),
    [
        (date(2026, 11, 28), Zoom.DAY, 1, 1),
        (date(2026, 11, 28), Zoom.WEEK, -1, -7),
        (date(2027, 1, 31), Zoom.MONTH, 1, 28),  # → 28 Feb 2027
        (date(2028, 1, 31), Zoom.MONTH, 1, 29),  # → 29 Feb 2028, the leap day
        (date(2028, 2, 29), Zoom.MONTH, 1, 29),  # → 29 Mar 2028
        (date(2028, 2, 29), Zoom.MONTH, -1, -31),  # → 29 Jan 2028
        (date(2027, 3, 31), Zoom.MONTH, 1, 30),  # → 30 Apr 2027
        (date(2026, 12, 31), Zoom.MONTH, 1, 31),  # → 31 Jan 2027, over the year end
        (date(2026, 11, 30), Zoom.QUARTER, 1, 90),  # → 28 Feb 2027
        (date(2027, 5, 31), Zoom.QUARTER, -1, -92),  # → 28 Feb 2027
    ],
)
def test_one_unit_of_the_zoom_in_days(anchor: date, zoom: Zoom, steps: int, days: int) -> None:
    assert unit_days(anchor, zoom, steps) == days


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2027, 1, 15), -1) == date(2026, 12, 15)


def test_scrolling_by_a_unit_lands_on_the_next_unit() -> None:
    left = column(date(2026, 11, 23), Zoom.WEEK)
    assert scroll_cells(left, Zoom.WEEK, 1) == left + 7
    day_left = column(date(2026, 3, 1), Zoom.DAY)
    assert day_at(scroll_cells(day_left, Zoom.DAY, -1), Zoom.DAY) == date(2026, 2, 28)
    month_left = column(date(2026, 1, 31), Zoom.MONTH)
    assert day_at(scroll_cells(month_left, Zoom.MONTH, 1), Zoom.MONTH) <= date(2026, 2, 28)


def test_zoom_steps_stay_in_range() -> None:
    assert Zoom.WEEK.step(1) is Zoom.DAY
    assert Zoom.DAY.step(1) is Zoom.DAY
    assert Zoom.WEEK.step(-2) is Zoom.QUARTER
    assert Zoom.QUARTER.step(-1) is Zoom.QUARTER


# -- the header ---------------------------------------------------------------------------------


def test_week_header_over_the_year_end() -> None:
    top, bottom = header_lines(Zoom.WEEK, column(date(2026, 12, 28), Zoom.WEEK), 20)
    assert top == "    January 2027    "  # "December 2026" does not fit before it
    assert bottom == "28     4      11    "  # Mondays


def test_day_header_over_the_leap_day() -> None:
    top, bottom = header_lines(Zoom.DAY, column(date(2028, 2, 28), Zoom.DAY), 18)
    assert top == "      March 2028  "
    assert bottom == "28 29  1  2  3  4 "


def test_month_header_pins_the_current_year_and_skips_what_would_be_cut() -> None:
    top, bottom = header_lines(Zoom.MONTH, column(date(2026, 11, 1), Zoom.MONTH), 32)
    assert top == "2026                2027        "
    assert bottom == "Nov       Dec       Jan         "  # "Feb" at column 30 would be cut


def test_quarter_header() -> None:
    top, bottom = header_lines(Zoom.QUARTER, column(date(2026, 9, 28), Zoom.QUARTER), 20)
    assert top == "Q4 2026      Q1 2027"
    assert bottom == "Oct Nov  Dec Jan    "


@pytest.mark.parametrize("zoom", list(Zoom))
def test_header_lines_are_exactly_the_width(zoom: Zoom) -> None:
    for width in (0, 1, 7, 52, 150):
        top, bottom = header_lines(zoom, column(date(2026, 11, 22), zoom), width)
        assert len(top) == len(bottom) == width

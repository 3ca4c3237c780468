"""Where dates fall on the timeline: columns per zoom, header labels, one zoom unit.

Pure functions of dates (never datetimes, so a DST change cannot make a day
23 or 25 hours wide). Columns are absolute: `column(date, zoom)` counts cells
from 0001-01-01 (a Monday), so a screen only keeps the column of its left
edge, and drawing a row costs its visible width whatever the date range.

| zoom    | one cell  | so a screen of 52 cells shows | `[` `]` move by |
| ------- | --------- | ----------------------------- | --------------- |
| day     | 1/3 day   | 17 days                       | a day           |
| week    | 1 day     | 7 weeks                       | a week          |
| month   | 3 days    | 5 months                      | a month         |
| quarter | 1 week    | a year                        | a quarter       |

A month or a quarter is a calendar one: a day past the end of the shorter
month is clamped (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).

Every date is clamped into the accepted range (`mstui.domain.bounds`,
1900-01-01 to 2199-12-31) before it is placed, and so is every column turned
back into a day: a date another program stored (9999-12-31) is drawn at the
edge and scrolling stops there, never an `OverflowError`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from mstui.domain.bounds import DATE_MAX, DATE_MIN, clamp_date
from mstui.domain.dates import today_in


class Zoom(StrEnum):
    """How much time one screen shows; `+` and `-` step through these."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"

    def step(self, finer: int) -> Zoom:
        """The zoom `finer` steps in (positive) or out (negative), kept in range."""
        order = list(Zoom)
        index = max(0, min(order.index(self) - finer, len(order) - 1))
        return order[index]


@dataclass(frozen=True)
class Scale:
    """`cells` screen cells show `days` days."""

    cells: int
    days: int


SCALES = {
    Zoom.DAY: Scale(3, 1),
    Zoom.WEEK: Scale(1, 1),
    Zoom.MONTH: Scale(1, 3),
    Zoom.QUARTER: Scale(1, 7),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def column(d: date, zoom: Zoom) -> int:
    """The first cell of day `d` at `zoom` (absolute: 0 is 0001-01-01)."""
    s = SCALES[zoom]
    return (clamp_date(d).toordinal() - 1) * s.cells // s.days


def day_at(col: int, zoom: Zoom) -> date:
    """The first day that cell `col` shows."""
    s = SCALES[zoom]
    ordinal = col * s.days // s.cells + 1
    return date.fromordinal(min(max(ordinal, DATE_MIN.toordinal()), DATE_MAX.toordinal()))


def span(start: date, end: date, zoom: Zoom) -> tuple[int, int]:
    """The first and last cell of the days `start` to `end` (both included)."""
    first = column(start, zoom)
    end = clamp_date(end)
    last = max(column(end, zoom), column(end + timedelta(days=1), zoom) - 1)
    return first, max(first, last)


def point(d: date, zoom: Zoom) -> int:
    """The cell of a milestone on day `d` (the middle cell of the day at day zoom)."""
    return column(d, zoom) + SCALES[zoom].cells // 2


def today_column(now: datetime, tz: str, zoom: Zoom) -> int:
    """The column of today in timezone `tz` at `now` (the today line)."""
    return column(today_in(tz, now), zoom)


def is_weekend(col: int, zoom: Zoom) -> bool:
    """Whether cell `col` shows a Saturday or Sunday (only where a cell is at most a day)."""
    if SCALES[zoom].days != 1:
        return False
    return day_at(col, zoom).weekday() >= 5


# -- one unit of the zoom ---------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """`d` moved by calendar months, the day clamped to the end of a shorter month."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def unit_days(anchor: date, zoom: Zoom, steps: int) -> int:
    """How many days `steps` units of `zoom` are, counted from `anchor`.

    A day, a week, a calendar month or a calendar quarter: from 31 January one
    month later is 28 days (29 in a leap year), from 31 March one month later 30.
    """
    if zoom is Zoom.DAY:
        return steps
    if zoom is Zoom.WEEK:
        return 7 * steps
    months = steps if zoom is Zoom.MONTH else 3 * steps
    return (add_months(anchor, months) - anchor).days


def scroll_cells(left: int, zoom: Zoom, steps: int) -> int:
    """The left column after scrolling `steps` units of the zoom (h / l)."""
    start = day_at(left, zoom)
    moved = start.toordinal() + unit_days(start, zoom, steps)
    bounded = min(max(moved, DATE_MIN.toordinal()), DATE_MAX.toordinal())
    return column(date.fromordinal(bounded), zoom)


# -- the header ------------------------------------------------------------------------


def _periods(first: date, last: date, months: int) -> list[date]:
    """Starts of the calendar periods of `months` months that overlap first..last."""
    start_month = (first.month - 1) // months * months + 1
    d = date(first.year, start_month, 1)
    out = []
    while d <= last:
        out.append(d)
        d = add_months(d, months)
    return out


def _place(line: list[str], labels: list[tuple[int, str]]) -> None:
    """Write labels at their columns, left to right, never over the previous one.

    A label starting left of the screen is pinned to column 0 when it fits
    before the next label (the month you are in stays named).
    """
    width = len(line)
    end = -1  # the last column written, plus its gap
    for i, (col, text) in enumerate(labels):
        if col < 0:
            nxt = labels[i + 1][0] if i + 1 < len(labels) else width
            if len(text) + 1 > nxt:
                continue
            col = 0
        if col <= end or col + len(text) > width:
            continue
        for j, ch in enumerate(text[: width - col]):
            line[col + j] = ch
        end = col + len(text)


def header_lines(zoom: Zoom, left: int, width: int) -> tuple[str, str]:
    """The two header lines over columns left … left+width-1: big and small units."""
    top = [" "] * width
    bottom = [" "] * width
    if width <= 0:
        return "", ""
    first, last = day_at(left, zoom), day_at(left + width - 1, zoom)

    def at(d: date) -> int:
        return column(d, zoom) - left

    if zoom in (Zoom.DAY, Zoom.WEEK):
        months = [(at(d), f"{MONTH_NAMES[d.month - 1]} {d.year}") for d in _periods(first, last, 1)]
        _place(top, months)
        small: list[tuple[int, str]] = []
        d = first
        while d <= last:
            if zoom is Zoom.DAY:
                small.append((at(d), f"{d.day:>2}"))
            elif d.weekday() == 0:
                small.append((at(d), str(d.day)))
            d += timedelta(days=1)
        _place(bottom, [(c, t) for c, t in small if c >= 0])
    elif zoom is Zoom.MONTH:
        _place(top, [(at(d), str(d.year)) for d in _periods(first, last, 12)])
        _place(bottom, [(at(d), MONTHS[d.month - 1]) for d in _periods(first, last, 1)])
    else:
        quarters = [
            (at(d), f"Q{(d.month - 1) // 3 + 1} {d.year}") for d in _periods(first, last, 3)
        ]
        _place(top, quarters)
        _place(bottom, [(at(d), MONTHS[d.month - 1]) for d in _periods(first, last, 1)])
    return "".join(top), "".join(bottom)

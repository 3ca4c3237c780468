"""Offsets from a project's start: calendar days or business days, and back.

An offset is written `"12d"` (calendar days), `"10bd"` (business days) or a
plain whole number (calendar days). Business days are Monday to Friday; there
is no holiday calendar. Counting business days from a start on a Saturday or
Sunday starts on the next Monday: `"0bd"` from a Saturday is that Monday, and
`"1bd"` is the Tuesday. Pure functions: no clock, no I/O.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mstui.errors import Invalid

OFFSET_HELP = 'a whole number of days: "12d" (calendar days) or "10bd" (business days, Mon–Fri)'
_OFFSET = re.compile(r"(\d{1,4})\s*(d|bd)?")
MAX_DAYS = 3650
"""About ten years: a template longer than that is a typo."""


@dataclass(frozen=True)
class Offset:
    """`days` after the start, counted in business days when `business`."""

    days: int
    business: bool = False

    def __str__(self) -> str:
        return f"{self.days}{'bd' if self.business else 'd'}"

    def apply(self, start: date) -> date:
        """The date this offset names from `start`."""
        return (
            add_business_days(start, self.days)
            if self.business
            else start + timedelta(days=self.days)
        )


def parse_offset(value: object, field: str = "offset") -> Offset:
    """`"12d"`, `"10bd"` or `12` as an `Offset`; `Invalid` for anything else."""
    if isinstance(value, bool):
        raise Invalid(field, value, OFFSET_HELP)
    if isinstance(value, int):
        if not 0 <= value <= MAX_DAYS:
            raise Invalid(field, value, f"must be from 0 to {MAX_DAYS} days")
        return Offset(value)
    if not isinstance(value, str):
        raise Invalid(field, value, OFFSET_HELP)
    m = _OFFSET.fullmatch(value.strip().lower())
    if m is None:
        raise Invalid(field, value, OFFSET_HELP)
    days = int(m[1])
    if days > MAX_DAYS:
        raise Invalid(field, value, f"must be from 0 to {MAX_DAYS} days")
    return Offset(days, m[2] == "bd")


def is_business_day(d: date) -> bool:
    """Monday to Friday."""
    return d.weekday() < 5


def next_business_day(d: date) -> date:
    """`d` itself on a weekday, else the Monday after it."""
    while not is_business_day(d):
        d += timedelta(days=1)
    return d


def add_business_days(start: date, n: int) -> date:
    """The business day `n` business days after `start` (n ≥ 0).

    A weekend start counts from the next Monday, so `n = 0` is a business day
    too. Whole weeks are skipped arithmetically (no loop over years of days).
    """
    if n < 0:
        raise ValueError("business days are counted forward only")
    d = next_business_day(start)
    weeks, rest = divmod(n, 5)
    d += timedelta(weeks=weeks)
    for _ in range(rest):
        d += timedelta(days=1)
        d = next_business_day(d)
    return d


def business_days_between(start: date, end: date) -> int:
    """How many business days `end` is after `start` (counted as `add_business_days`
    counts; a weekend `end` counts as the Friday before it; 0 when `end` is earlier)."""
    first = next_business_day(start)
    if end <= first:
        return 0
    days = (end - first).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    d = first + timedelta(weeks=weeks)
    for _ in range(rest):
        d += timedelta(days=1)
        if is_business_day(d):
            count += 1
    return count


def offset_between(start: date, end: date, business: bool = False) -> Offset:
    """The offset from `start` that gives `end` (0 when `end` is before the start).

    In business days, a weekend `end` gives the Friday before it, the nearest
    date the offset can name (see `business_days_between`).
    """
    if business:
        return Offset(business_days_between(start, end), True)
    return Offset(max(0, (end - start).days))


@dataclass(frozen=True)
class Slips:
    """How early (negative) or late (positive) a milestone finished, in calendar days,
    over the projects made from one template."""

    median: float
    low: int
    high: int
    count: int

    def describe(self) -> str:
        """`"median 2 days late (−1…+5, 3 projects)"`."""
        projects = f"{self.count} project{'s' if self.count != 1 else ''}"
        if self.low == self.high:
            return f"{_signed_words(self.median)} ({projects})"
        span = f"{_signed(self.low)}…{_signed(self.high)}"
        return f"median {_signed_words(self.median)} ({span}, {projects})"


def slips_of(days: Sequence[int]) -> Slips | None:
    """The median and range of `days` (None when there are none)."""
    if not days:
        return None
    return Slips(statistics.median(days), min(days), max(days), len(days))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _signed(x: float) -> str:
    return "0" if x == 0 else (f"+{_num(x)}" if x > 0 else f"−{_num(-x)}")


def _signed_words(x: float) -> str:
    if x == 0:
        return "on time"
    unit = "day" if abs(x) == 1 else "days"
    return f"{_num(abs(x))} {unit} {'late' if x > 0 else 'early'}"

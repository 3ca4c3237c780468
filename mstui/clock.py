"""The one source of time. Production uses the system clock; tests freeze it."""

from __future__ import annotations

import os
from typing import Protocol

import pendulum


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime."""

    def now(self) -> pendulum.DateTime: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")


class FrozenClock:
    """A clock that only moves when told to (tests, snapshots, demos)."""

    def __init__(self, at: pendulum.DateTime) -> None:
        self._at = at.in_timezone("UTC")

    def now(self) -> pendulum.DateTime:
        return self._at

    def set(self, at: pendulum.DateTime) -> None:
        self._at = at.in_timezone("UTC")

    def advance(self, **delta: int) -> None:
        self._at = self._at.add(**delta)


def clock_from_env() -> Clock:
    """The system clock, or a frozen one when `MSTUI_NOW` holds an ISO time.

    `MSTUI_NOW` is a testing and demo hook: it makes tests and screenshots of
    the real command repeatable. It is not private to the process that sets it:
    every write of that process uses the frozen time (activity rows, completion
    dates, alerts raised at that time, the alert scan's watermark moved to it),
    and everyone who shares the database sees those times. Never set it on a
    shared database in real use.
    """
    fixed = os.environ.get("MSTUI_NOW")
    if fixed:
        parsed = pendulum.parse(fixed, tz="UTC")
        if isinstance(parsed, pendulum.DateTime):
            return FrozenClock(parsed)
        if isinstance(parsed, pendulum.Date):
            return FrozenClock(pendulum.datetime(parsed.year, parsed.month, parsed.day, 12))
    return SystemClock()

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


class EnvClock(FrozenClock):
    """The clock `MSTUI_NOW` froze: refused by `open_store` on a shared database."""

    def __init__(self, at: pendulum.DateTime, text: str) -> None:
        super().__init__(at)
        self.text = text


def clock_from_env() -> Clock:
    """The system clock, or a frozen one when `MSTUI_NOW` holds an ISO date or time.

    `MSTUI_NOW` is a testing and demo hook: it makes tests and screenshots of
    the real command repeatable. Every write of that process uses the frozen
    time (activity rows, completion dates, alerts), so the store refuses it on
    a database other accounts can write, and on PostgreSQL: it is for private
    copies only.
    """
    fixed = os.environ.get("MSTUI_NOW")
    if not fixed:
        return SystemClock()
    try:
        parsed = pendulum.parse(fixed, tz="UTC", exact=True)  # a date stays a date
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if isinstance(parsed, pendulum.DateTime):
        return EnvClock(parsed, fixed)
    if isinstance(parsed, pendulum.Date):
        return EnvClock(pendulum.datetime(parsed.year, parsed.month, parsed.day, 12), fixed)
    from mstui.errors import Invalid

    raise Invalid("MSTUI_NOW", fixed, "expected an ISO date or time such as 2026-12-01T09:00")

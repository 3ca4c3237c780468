"""Resources and their bookings: who or what is booked when, and where that is too much.

A resource (a person or a piece of equipment) gives up to `capacity` units a
day (hours for a person, machines for equipment). A booking takes `amount`
units on every day from its start to its end, both included. On a day where
the bookings of a resource add up to more than its capacity, they conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("person", "equipment")
_EPSILON = 1e-9


@dataclass(frozen=True)
class Span:
    """One booking as the conflict maths sees it."""

    id: int
    start: date
    end: date
    amount: float


@dataclass(frozen=True)
class Overload:
    """Days in a row on which a resource is booked beyond its capacity."""

    start: date
    end: date
    peak: float
    """The highest daily load in those days."""
    capacity: float
    booking_ids: tuple[int, ...]
    """Every booking that takes part on some of those days, by id."""


def overloads(capacity: float, spans: Sequence[Span]) -> list[Overload]:
    """The over-capacity stretches of one resource, by date.

    Days on which the load is over capacity and that follow each other make
    one stretch, reported with its peak load and every booking in it.
    """
    changes: dict[date, float] = {}
    for sp in spans:
        if sp.end < sp.start:
            continue
        changes[sp.start] = changes.get(sp.start, 0.0) + sp.amount
        after = sp.end + timedelta(days=1)
        changes[after] = changes.get(after, 0.0) - sp.amount
    days = sorted(changes)
    out: list[Overload] = []
    load = 0.0
    current: tuple[date, date, float, set[int]] | None = None
    for i, day in enumerate(days):
        load += changes[day]
        if i + 1 == len(days):
            break
        last = days[i + 1] - timedelta(days=1)
        if load > capacity + _EPSILON:
            ids = {sp.id for sp in spans if sp.start <= last and sp.end >= day}
            if current is not None and current[1] + timedelta(days=1) == day:
                current = (current[0], last, max(current[2], load), current[3] | ids)
            else:
                if current is not None:
                    out.append(_overload(current, capacity))
                current = (day, last, load, ids)
        elif current is not None:
            out.append(_overload(current, capacity))
            current = None
    if current is not None:
        out.append(_overload(current, capacity))
    return out


def _overload(found: tuple[date, date, float, set[int]], capacity: float) -> Overload:
    start, end, peak, ids = found
    return Overload(start, end, round(peak, 6), capacity, tuple(sorted(ids)))

"""Checks of input values shared by several entities (before any transaction opens)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, overload

import pendulum

from mstui.domain.text import clean_field
from mstui.errors import Invalid


def check_timezone(tz: str | None, field: str = "timezone") -> str | None:
    """A known IANA timezone name, or None."""
    if tz is None or not tz.strip():
        return None
    try:
        pendulum.timezone(tz.strip())
    except Exception:
        raise Invalid(field, tz, "unknown timezone (use a name such as Europe/Paris)") from None
    return tz.strip()


@overload
def check_amount(field: str, value: float) -> float: ...
@overload
def check_amount(field: str, value: float | None) -> float | None: ...
def check_amount(field: str, value: float | None) -> float | None:
    """A non-negative finite amount, or None."""
    if value is None:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise Invalid(field, value, "must be a number of 0 or more")
    return float(value)


@overload
def check_positive(field: str, value: float) -> float: ...
@overload
def check_positive(field: str, value: float | None) -> float | None: ...
def check_positive(field: str, value: float | None) -> float | None:
    """A finite amount above 0 (a capacity, a booked amount), or None."""
    if value is None:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value <= 0:
        raise Invalid(field, value, "must be a number more than 0")
    return float(value)


def date_or_none(field: str, value: Any) -> date | None:
    """A plain date (not a datetime), or None."""
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid(field, value, "not a date")
    return value


def text_or_none(value: Any) -> Any:
    """None for "clear it" (None or blank text), else the value (text, or what the
    field's own check refuses)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return value  # refused by the field's own check
    return value if value.strip() else None


def slip_reason(reason: str | None) -> str | None:
    """Why a due date moves later, as typed (one line of up to 500 characters)."""
    if reason is None or not reason.strip():
        return None
    return clean_field("reason", reason, max_len=500)

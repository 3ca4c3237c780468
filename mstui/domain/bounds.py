"""The values mstui accepts, checked where they enter, and what an odd stored one reads as.

| kind   | accepted                                              |
| ------ | ----------------------------------------------------- |
| date   | 1900-01-01 to 2199-12-31                              |
| amount | a finite number, at most 1e15 either side of 0        |
| id     | a whole number from 1 to 2^63 − 1 (SQLite's largest)  |
| text   | valid Unicode (no lone surrogates from undecodable argv bytes) |

The command line, the forms and the store (on write) all ask these checks, so
no path writes a value outside them. Another program can still put anything
into the file: a date outside the range or not a date at all reads as an
`UnreadableDate` (clamped into the range, so the timeline can draw it, and
shown as "?"), a figure that is not finite or out of range as an
`UnreadableNumber` (0 in sums, shown as "?").
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from mstui.errors import Invalid

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
AMOUNT_MAX = 1e15
ID_MAX = 2**63 - 1
UNREADABLE = "?"
"""How a stored value that cannot be shown is shown."""

DATE_RANGE = f"use a date from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}"


class UnreadableDate(date):
    """A stored date mstui cannot use (out of range, or not a date), clamped into the range.

    It is drawn at the edge of the range and shown as "?", never as a real date;
    the store refuses to write it back.
    """

    def isoformat(self) -> str:
        return UNREADABLE

    def __str__(self) -> str:
        return UNREADABLE

    def strftime(self, fmt: str) -> str:
        return UNREADABLE

    def __repr__(self) -> str:
        return f"UnreadableDate({date.isoformat(self)})"

    def __format__(self, spec: str) -> str:
        return format(UNREADABLE, spec if spec and not any(c in spec for c in "%") else "")


class UnreadableDateTime(datetime):
    """A stored timestamp mstui cannot use (out of range, or not a time), clamped into
    the date range, in UTC; shown as "?", never written back."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        return UNREADABLE

    def __str__(self) -> str:
        return UNREADABLE

    def strftime(self, fmt: str) -> str:
        return UNREADABLE

    def __format__(self, spec: str) -> str:
        return UNREADABLE


UNREADABLE_TIME = UnreadableDateTime(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day, tzinfo=UTC)
"""What a stored text that is not a timestamp at all reads as."""


def stored_time(t: datetime) -> datetime:
    """A timestamp read from the database (aware, UTC): itself when its date is accepted,
    else an `UnreadableDateTime` at the nearest edge of the range."""
    if isinstance(t, UnreadableDateTime) or DATE_MIN <= t.date() <= DATE_MAX:
        return t
    edge = DATE_MIN if t.date() < DATE_MIN else DATE_MAX
    return UnreadableDateTime(edge.year, edge.month, edge.day, tzinfo=UTC)


class UnreadableNumber(float):
    """A stored figure that is not finite or out of range: 0 in sums, shown as "?"."""

    def __new__(cls) -> UnreadableNumber:
        return super().__new__(cls, 0.0)

    def __str__(self) -> str:
        return UNREADABLE

    def __repr__(self) -> str:
        return UNREADABLE

    def __format__(self, spec: str) -> str:
        return UNREADABLE


def unreadable(value: object) -> bool:
    """Whether `value` is a stored value that could not be read."""
    return isinstance(value, UnreadableDate | UnreadableDateTime | UnreadableNumber)


def date_ok(d: date) -> bool:
    return DATE_MIN <= d <= DATE_MAX and not isinstance(d, UnreadableDate)


def check_date(field: str, d: date, typed: object | None = None) -> date:
    """`d`, or `Invalid` naming `field` if it is outside the accepted range."""
    if isinstance(d, UnreadableDate):
        raise Invalid(field, UNREADABLE, "the stored date is unreadable; give a date")
    if not DATE_MIN <= d <= DATE_MAX:
        raise Invalid(field, typed if typed is not None else date.isoformat(d), DATE_RANGE)
    return d


def clamp_date(d: date) -> date:
    """`d` moved into the accepted range (for drawing)."""
    return min(max(d, DATE_MIN), DATE_MAX)


def stored_date(d: date) -> date:
    """A date read from the database: itself when accepted, else an `UnreadableDate`."""
    if DATE_MIN <= d <= DATE_MAX or isinstance(d, UnreadableDate):
        return d
    c = clamp_date(d)
    return UnreadableDate(c.year, c.month, c.day)


UNREADABLE_DATE = UnreadableDate(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day)
"""What a stored text that is not a date at all reads as."""


def amount_ok(x: float) -> bool:
    return math.isfinite(x) and abs(x) <= AMOUNT_MAX and not isinstance(x, UnreadableNumber)


def check_amount(field: str, x: float, typed: object | None = None) -> float:
    """`x`, or `Invalid` naming `field` unless it is finite and within ±1e15."""
    if isinstance(x, UnreadableNumber):
        raise Invalid(field, UNREADABLE, "the stored figure is unreadable; give a number")
    if not math.isfinite(x):
        raise Invalid(field, typed if typed is not None else x, "not a number")
    if abs(x) > AMOUNT_MAX:
        shown = typed if typed is not None else x
        raise Invalid(field, shown, f"must be at most {AMOUNT_MAX:.0e} either side of 0")
    return x


def stored_amount(x: Any) -> float:
    """A figure read from the database: itself when accepted, else an `UnreadableNumber`."""
    try:
        value = float(x)
    except (TypeError, ValueError, OverflowError):
        return UnreadableNumber()
    return value if amount_ok(value) else UnreadableNumber()


def check_id(field: str, n: int, typed: object | None = None) -> int:
    """`n`, or `Invalid` naming `field` unless 1 ≤ n ≤ 2^63 − 1."""
    if not 1 <= n <= ID_MAX:
        raise Invalid(field, typed if typed is not None else n, "not a number from 1 to 2^63-1")
    return n


def text_ok(text: str) -> bool:
    """Whether `text` is valid Unicode (encodes to UTF-8: no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_text(text: str) -> str:
    """`text` with what is not valid Unicode replaced by U+FFFD (to quote it in an error)."""
    return (
        text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if not text_ok(text)
        else text
    )


def check_text(field: str, text: str) -> str:
    """`text`, or `Invalid` naming `field` if it holds bytes that are not valid UTF-8."""
    if not text_ok(text):
        try:
            shown = shown_text(text)
        except UnicodeEncodeError:
            shown = text.encode("utf-8", "replace").decode("utf-8")
        raise Invalid(field, shown, "not valid UTF-8 text")
    return text

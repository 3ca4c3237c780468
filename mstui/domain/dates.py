"""Date input as people type it, and "today" in a timezone.

`parse_date(text, today)` understands:

| typed                         | means                                        |
| ----------------------------- | -------------------------------------------- |
| `2026-12-01`                  | that date                                    |
| `today`, `tomorrow`, `yesterday` | relative to today                         |
| `fri`, `friday`, `next fri`   | the next Friday after today (never today)    |
| `+3d`, `-1d`, `+2w`, `+1m`, `+1y` | days, weeks, months, years from today    |
| `eow`, `eom`, `eoq`, `eoy`    | end of this week (Friday), month, quarter, year |
| `dec 1`, `1 dec`              | the next 1 December on or after today        |
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mstui.domain.bounds import DATE_MIN
from mstui.errors import Invalid

if TYPE_CHECKING:
    import pendulum

HELP = "use YYYY-MM-DD, today, tomorrow, fri, next fri, +3d, +2w, -1d, eom or eoq"

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for name in names
}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_OFFSET = re.compile(
    r"([+-]?)(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)"
)
_MONTH_DAY = re.compile(r"([a-z]+)\s+(\d{1,2})|(\d{1,2})\s+([a-z]+)")


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ValueError, OSError, ZoneInfoNotFoundError):  # a zone another program stored
        return ZoneInfo("UTC")


def zone_name(tz: str) -> str:
    """The name of the zone `tz` stands for ("UTC" for one mstui cannot read)."""
    return _zone(tz).key


UTC_NAMES = frozenset(
    [
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "Universal",
        "Etc/Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "GMT0",
        "GMT+0",
        "GMT-0",
        "Greenwich",
        "Etc/Greenwich",
    ]
)
"""Names of the zone whose clocks are UTC's all year."""


def local_day_text(stamp: str | None, tz: str) -> str | None:
    """The day (ISO text) on the clocks of `tz` of a UTC wall time stored as text
    (SQLite's form of a timestamp); the first day mstui draws for one it cannot read."""
    if stamp is None:
        return None
    try:
        moment = datetime.fromisoformat(str(stamp)).replace(tzinfo=UTC)
        return moment.astimezone(_zone(tz)).date().isoformat()
    except (ValueError, OverflowError):
        return DATE_MIN.isoformat()


def today_in(tz: str, now: datetime) -> date:
    """The calendar date it is at `now` in timezone `tz`.

    (The standard library's zoneinfo: this runs for every milestone of a
    listing, and at start-up, where importing pendulum would cost 70 ms.)
    """
    moment = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return moment.astimezone(_zone(tz)).date()


def local_time(tz: str, moment: datetime) -> datetime:
    """`moment` on the clocks of timezone `tz`."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(
        _zone(tz)
    )


def end_of_day(tz: str, day: date) -> datetime:
    """The last moment of `day` in timezone `tz` (UTC): "as of that date"."""
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=_zone(tz)).astimezone(UTC)


def _next_weekday(today: pendulum.Date, weekday: int) -> pendulum.Date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today.add(days=ahead)


def _plain(d: date) -> date:
    return date(d.year, d.month, d.day)


def parse_date(text: str, today: date, field: str = "date") -> date:
    """The date meant by `text`, relative to `today`; `Invalid` quoting `text` if none.

    A date outside the range the whole app can draw and compute with
    (`mstui.domain.bounds`, 1900-01-01 to 2199-12-31) is refused too, naming `field`.
    """
    from mstui.domain.bounds import check_date

    return check_date(field, _parse_date(text, today, field), text)


def _parse_date(text: str, today: date, field: str) -> date:
    import pendulum  # only when a date is typed: it is slow to import

    raw = text
    s = " ".join(text.strip().lower().split())
    p = pendulum.Date(today.year, today.month, today.day)
    try:
        if m := _ISO.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if s in ("today", "tod", "now"):
            return _plain(p)
        if s in ("tomorrow", "tom", "tmr"):
            return _plain(p.add(days=1))
        if s in ("yesterday", "yday"):
            return _plain(p.subtract(days=1))
        for prefix in ("next ", "this ", "on "):
            if s.startswith(prefix) and s[len(prefix) :] in _WEEKDAYS:
                s = s[len(prefix) :]
        if s in _WEEKDAYS:
            return _plain(_next_weekday(p, _WEEKDAYS[s]))
        if m := _OFFSET.fullmatch(s):
            n = int(m[2]) * (-1 if m[1] == "-" else 1)
            unit = m[3][0]
            delta = {"d": {"days": n}, "w": {"weeks": n}, "m": {"months": n}, "y": {"years": n}}
            return _plain(p.add(**delta[unit]))
        if s == "eow":
            return _plain(p if p.weekday() == 4 else _next_weekday(p, 4))
        if s == "eom":
            return _plain(p.end_of("month"))
        if s == "eoq":
            return _plain(p.last_of("quarter"))
        if s == "eoy":
            return _plain(p.end_of("year"))
        if m := _MONTH_DAY.fullmatch(s):
            name, day = (m[1], m[2]) if m[1] else (m[4], m[3])
            if name in _MONTHS:
                candidate = date(today.year, _MONTHS[name], int(day))
                if candidate < today:
                    candidate = date(today.year + 1, _MONTHS[name], int(day))
                return candidate
    except (ValueError, OverflowError) as exc:
        raise Invalid(field, raw, f"not a valid date: {exc}") from None
    raise Invalid(field, raw, f"cannot read a date: {HELP}")


def relative(due: date, today: date) -> str:
    """A due date as people say it: "today", "tomorrow", "in 3d", "2d late".

    A stored date that could not be read (`bounds.UnreadableDate`, clamped into the
    range only so it can be drawn) is "unreadable", never a distance as if real.
    """
    from mstui.domain.bounds import unreadable

    if unreadable(due) or unreadable(today):
        return "unreadable"
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1d late"
    if days < 0:
        return f"{-days}d late"
    if days < 60:
        return f"in {days}d"
    return f"in {days // 7}w"

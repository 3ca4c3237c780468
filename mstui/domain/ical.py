"""iCalendar (RFC 5545) text, written by hand: all-day events in one VCALENDAR.

The rules that matter to a calendar that subscribes to the file: CRLF line
endings (3.1), content lines folded at 75 octets without splitting a UTF-8
character (3.1), TEXT escaped (`\\`, `;`, `,`, newline: 3.3.11), DTSTAMP on
every event (3.6.1), all-day events as `DTSTART;VALUE=DATE` with DTEND the
next day (3.6.1: DTEND is exclusive), and a UID that stays the same from one
export to the next so the calendar updates an event instead of adding another.

User text goes through `clean` first: no control character or escape sequence
reaches the file (a calendar app shows it to someone else).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from mstui.domain.text import clean

PRODID = "-//mstui//mstui export//EN"
LIMIT = 75
"""Octets in a content line before it is folded (the CRLF not counted)."""


@dataclass(frozen=True)
class AllDayEvent:
    """One all-day event: what the calendar shows on `day`."""

    uid: str
    day: date
    summary: str
    description: str = ""
    stamp: datetime | None = None
    """When its information last changed (DTSTAMP); None: the export's time."""
    sequence: int = 0
    """Its revision (SEQUENCE): higher when it changed, so a calendar takes the new one."""
    cancelled: bool = False
    categories: Sequence[str] = ()


def escape_text(value: str, multiline: bool = False) -> str:
    """`value` as an iCalendar TEXT value: controls made visible, `\\ ; ,` and newlines escaped."""
    text = clean(value, multiline=multiline).replace("\t", " ")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """`line` folded into pieces of at most 75 octets joined by CRLF + space (RFC 5545 3.1).

    A piece never ends inside a UTF-8 character; the continuation's leading space
    counts toward its 75 octets.
    """
    if len(line.encode()) <= LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    room = LIMIT
    for ch in line:
        n = len(ch.encode())
        if size + n > room:
            pieces.append("".join(current))
            current, size, room = [], 0, LIMIT - 1  # the leading space takes one octet
        current.append(ch)
        size += n
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _stamp(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def event_lines(event: AllDayEvent, now: datetime) -> list[str]:
    """The content lines (unfolded) of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_stamp(event.stamp or now)}",
        f"DTSTART;VALUE=DATE:{_day(event.day)}",
        f"DTEND;VALUE=DATE:{_day(event.day + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description, multiline=True)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append(f"SEQUENCE:{max(0, event.sequence)}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(events: Iterable[AllDayEvent], now: datetime, name: str = "mstui") -> str:
    """A whole VCALENDAR: CRLF after every (folded) line, the last one included."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event_lines(event, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
